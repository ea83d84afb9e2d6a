using System.Collections.Immutable;
using GovReport.Ingest.Model;
using System.Text.RegularExpressions;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Parsing;

/// <summary>Where a file came from: identity and provenance the parser copies onto the report.</summary>
public sealed record SourceInfo(string ReportId, string SourcePath, string Sha256, long FileSize, string? Encoding)
{
    public static SourceInfo ForText(string text, string path = "(text)")
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        return new SourceInfo(sha[..16], path, sha, bytes.Length, "utf-8");
    }
}

/// <summary>
/// Text in, <see cref="Report"/> plus diagnostics out. A pure function: no I/O, and it never throws on any input
/// (an internal failure becomes an error diagnostic and whatever was read is kept).
/// </summary>
public static partial class ReportParser
{
    public static ParseResult ParseText(string text, SourceInfo? source = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        source ??= SourceInfo.ForText(text);
        SourceDocument doc;
        try { doc = CellLineReader.Read(text); }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Failed(source, Diagnostic.Error("internal_error", $"reader failed: {ex.GetType().Name}: {ex.Message}"));
        }
        return Parse(doc, source);
    }

    public static ParseResult Parse(SourceDocument doc, SourceInfo source)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(source);
        var diagnostics = new List<Diagnostic>(doc.ReaderDiagnostics);
        var report = new Report
        {
            ReportId = source.ReportId, SourcePath = source.SourcePath, Sha256 = source.Sha256,
            FileSize = source.FileSize, Encoding = source.Encoding, SourceForm = doc.SourceForm,
        };
        try
        {
            return ParseCore(doc, report, diagnostics);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            diagnostics.Add(Diagnostic.Error("internal_error", $"parser failed: {ex.GetType().Name}: {ex.Message}; what was read before is kept"));
            return new ParseResult(report, [.. diagnostics]);
        }
    }

    private static ParseResult ParseCore(SourceDocument doc, Report report, List<Diagnostic> diagnostics)
    {
        var texts = doc.Blocks.OfType<TextBlock>().ToList();
        var headings = new Dictionary<string, int>();
        foreach (var t in texts)
            if (Headings.SectionOf(t.Text) is { } s && !headings.ContainsKey(s)) headings[s] = t.Line;

        var meta = MetadataReader.Read(doc, diagnostics);
        var region = Regions.RegionResolver.Resolve(new Regions.RegionQuery(meta.AgencyName, meta.AgencyShort, doc.Text));
        if (region.Level == "none")
            diagnostics.Add(Diagnostic.Warning("region_unresolved",
                region.Candidates.Count > 0
                    ? $"region not resolved: {region.Candidates.Count} divisions fit the agency's name and the text does not decide ({string.Join("; ", region.Candidates.Take(8))}{(region.Candidates.Count > 8 ? " …" : "")})"
                    : $"region not resolved: the agency's name matches no division of the gazetteer ({string.Join("; ", region.Evidence)})"));
        else if (region.Candidates.Count > 1)
            diagnostics.Add(Diagnostic.Info("region_candidates",
                $"region {region.Code} chosen by context ({string.Join("; ", region.Evidence)}); other candidates: {string.Join("; ", region.Candidates.Take(8))}"));
        string level = meta.AgencyLevel;
        // 丰城市人民政府 is a county-level government; only the gazetteer can tell 县级市 from 地级市.
        if (level == AgencyLevel.Other && region.Level == "county" && meta.AgencyShort is { } sn && Regex.IsMatch(sn, "(市|县|区|旗)(人民政府)?$")
            && !Regex.IsMatch(sn, "(实验区|开发区|高新区|新区|园区)$"))
            level = AgencyLevel.County;
        var decision = TemplateDetector.Detect(doc, meta.Year);
        if (decision.Note is { } note) diagnostics.Add(note);
        report = report with
        {
            AgencyName = meta.AgencyName, AgencyShort = meta.AgencyShort, AgencyLevel = level, Region = region,
            AgencySource = meta.AgencySource, AgencyLine = meta.AgencyLine,
            Year = meta.Year, YearSource = meta.YearSource, PublishedOn = meta.PublishedOn,
            Template = decision.Template, TemplateSignals = [.. decision.Signals],
            SectionsFound = [.. headings.Keys.OrderBy(k => "一二三四五六".IndexOf(k[0]))],
        };

        var rows = doc.Rows.ToList();
        var (t2, t3, t4) = SplitTables(rows, headings);
        // A title alone is not enough (index pages and notes mention 年度报告 too): tables or section headings must be
        // there, on lines of their own or, in captures that run the page together, inline.
        int inline = InlineHeadings(doc.Text);
        bool looksLikeReport = t2.Count + t3.Count + t4.Count > 0 || headings.Count >= 2 || inline >= 3;
        // Cells run together with their labels (“行政许可3960181”): no cell boundaries, so the rows are split by the
        // tables' own arithmetic (issue 13), and the report says its numbers rest on splitting.
        var glued = rows.Count == 0 && report.Template != TemplateVersion.Unknown ? RunTogetherReader.Recognise(doc.Text, report.Template) : null;
        bool runTogether = glued is not null;
        if (glued is not null)
        {
            report = report with { SourceForm = RunTogetherForm };
            diagnostics.Add(Diagnostic.Info("run_together",
                $"the tables' cells run together with their labels ({glued.Table} row {glued.Key}: “{glued.Run}”): each row's digits were split into cells only where the printing rules and the tables' own arithmetic leave one reading; the other cells are unreadable with their candidates",
                LineOf(doc.Text, glued.RunAt)));
        }
        if (!looksLikeReport)
        {
            diagnostics.Add(Diagnostic.Error("not_a_report",
                "not an annual report: no report title, section headings or tables of a 政府信息公开工作年度报告 were found"));
            return new ParseResult(report, [.. diagnostics]) { IsReport = false };
        }
        foreach (var (no, name) in new[] { ("二", "二、主动公开政府信息情况"), ("三", "三、收到和处理政府信息公开申请情况"), ("四", "四、政府信息公开行政复议、行政诉讼情况") })
            if (!headings.ContainsKey(no))
                diagnostics.Add(Diagnostic.Info("heading_missing", $"section heading {name} not found; its table was located by its labels"));

        // Narrative: 一、总体情况 runs from its heading (or the top) to the next heading.
        int oneStart = headings.GetValueOrDefault("一", 0);
        int oneEnd = headings.Where(h => h.Value > oneStart).Select(h => h.Value).DefaultIfEmpty(int.MaxValue).Min();
        if (rows.Count > 0 && oneEnd == int.MaxValue) oneEnd = rows[0].Line;
        var sectionOne = texts.Where(t => t.Line >= oneStart && t.Line < oneEnd).ToList();
        var narrative = ImmutableArray.CreateBuilder<NarrativeFact>();
        var (proactive, breakdown) = NarrativeReader.ReadProactive(sectionOne, diagnostics);
        if (proactive is not null) narrative.Add(proactive);
        if (breakdown is not null) narrative.Add(breakdown);
        if (NarrativeReader.ReadApplications(sectionOne) is { } applications) narrative.Add(applications);

        if (report.Template == TemplateVersion.Unknown)
        {
            diagnostics.Add(Diagnostic.Warning("tables_skipped", "template unknown: the tables were not read"));
            return new ParseResult(report with { NarrativeFacts = narrative.ToImmutable() }, [.. diagnostics]);
        }

        var facts = new FactBuilder(report.Template);
        if (runTogether)
        {
            RunTogetherReader.Read(doc.Text, facts);
            var all = facts.Complete().ToList(); // first: it names the fields no row was found for
            diagnostics.AddRange(facts.Diagnostics);
            return new ParseResult(report with { Facts = [.. all], NarrativeFacts = narrative.ToImmutable() }, [.. diagnostics]);
        }
        if (t2.Count > 0) DisclosureTableReader.Read(t2, facts);
        else facts.Diagnostics.Add(Diagnostic.Warning("table_missing", "table 二 (主动公开) was not found"));
        if (t3.Count > 0) ApplicationMatrixReader.Read(t3, facts);
        else facts.Diagnostics.Add(Diagnostic.Warning("table_missing", "table 三 (依申请) was not found"));
        if (t4.Count > 0) ReviewLitigationReader.Read(t4, facts);
        else facts.Diagnostics.Add(Diagnostic.Warning("table_missing", "table 四 (复议诉讼) was not found"));
        var completed = facts.Complete().ToList(); // first: it names the fields no cell was found for
        diagnostics.AddRange(facts.Diagnostics);

        return new ParseResult(report with { Facts = [.. completed], NarrativeFacts = narrative.ToImmutable() }, [.. diagnostics]);
    }

    /// <summary>
    /// Splits the rows into the three tables by their own labels (第二十条 captions, the 勾稽 note or 申请人情况,
    /// 行政复议/行政诉讼), bounded by the section headings where they exist. Never by fixed position.
    /// </summary>
    private static (List<RowBlock>, List<RowBlock>, List<RowBlock>) SplitTables(List<RowBlock> rows, Dictionary<string, int> headings)
    {
        // Each row's printed cells folded once, when a search first reaches it (three searches cover the same rows).
        var folded = new string[]?[rows.Count];
        int Find(int from, Func<string, bool> match)
        {
            for (int i = Math.Max(from, 0); i < rows.Count; i++)
            {
                var printed = rows[i].Printed;
                var cells = folded[i];
                if (cells is null)
                {
                    cells = folded[i] = new string[printed.Count];
                    for (int j = 0; j < cells.Length; j++) cells[j] = Label.Fold(printed[j].Text);
                }
                foreach (var f in cells)
                    if (match(f)) return i;
            }
            return -1;
        }
        // The first row after a section heading, when the heading exists.
        int After(string section) => headings.TryGetValue(section, out int line) ? rows.FindIndex(r => r.Line > line) : -1;
        int h3 = After("三"), h4 = After("四");
        int a3 = Find(0, f => f.Contains("勾稽") || f.Contains("申请人情况") || f.Contains("本年新收"));
        if (a3 < 0) a3 = h3;
        int a4 = Find(a3 < 0 ? 0 : a3, f => f is "行政复议" or "行政诉讼" || f.Contains("未经复议直接起诉") || f.Contains("复议后起诉"));
        // Table 四 starts at its heading when its own header words are not in cells (converters print them as headings).
        if (h4 >= 0 && h4 > a3 && (a4 < 0 || h4 < a4)) a4 = h4;
        int a2 = Find(0, f => DisclosureTableReader.IsCaption(f) || f.StartsWith("信息内容", StringComparison.Ordinal) || DisclosureTableReader.RowPrefix(f) is not null);
        if (a3 >= 0 && a2 >= a3) a2 = -1;
        if (a4 >= 0 && a2 >= a4) a2 = -1;

        // The tables end at section 五 (or 六) — a heading after the tables began, not a mention before them.
        int end = rows.Count;
        int firstTable = new[] { a2, a3, a4 }.Where(a => a >= 0).DefaultIfEmpty(-1).Min();
        foreach (var s in new[] { "五", "六" })
            if (firstTable >= 0 && headings.TryGetValue(s, out int line) && line > rows[firstTable].Line)
            {
                int idx = rows.FindIndex(r => r.Line > line);
                if (idx >= 0) { end = Math.Min(end, idx); }
            }
        List<RowBlock> Slice(int start, params int[] stops)
        {
            if (start < 0) return [];
            int stop = stops.Where(s => s > start).DefaultIfEmpty(end).Min();
            return rows.GetRange(start, Math.Max(0, Math.Min(stop, end) - start));
        }
        return (Slice(a2, a3, a4), Slice(a3, a4), Slice(a4));
    }

    /// <summary>The source form of a capture whose table cells run together with their labels.</summary>
    public const string RunTogetherForm = "txt-runtogether";

    private static readonly string[] NumberedHeadings =
        ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "政府信息公开行政复议", "存在的主要问题及改进情况", "六、其他需要报告的事项"];

    private static int InlineHeadings(string text) => NumberedHeadings.Count(h => text.Contains(h, StringComparison.Ordinal));

    private static int LineOf(string text, int index)
    {
        int line = 1;
        for (int i = 0; i < index && i < text.Length; i++) if (text[i] == '\n') line++;
        return line;
    }

    private static ParseResult Failed(SourceInfo source, Diagnostic d) =>
        new(new Report { ReportId = source.ReportId, SourcePath = source.SourcePath, Sha256 = source.Sha256, FileSize = source.FileSize }, [d]) { IsReport = false };
}
