using System.Globalization;
using System.Text.RegularExpressions;
using GovReport.Ingest.Model;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Parsing;

public sealed record Metadata(
    string? AgencyName, string? AgencyShort, string AgencyLevel, string? AgencySource, int? AgencyLine,
    int? Year, string? YearSource, int? YearLine, DateOnly? PublishedOn, int? PublishedLine);

/// <summary>Agency, level, year covered and publication date from the title, the body or the signature.</summary>
public static partial class MetadataReader
{
    private const string OrgSuffix = "(?:街道办事处|办事处|街道|人民政府|政府|管委会|管理委员会|委员会|局|办公室|办公厅|厅|委|中心|镇|乡|署|院|处|所|站)";

    [GeneratedRegex(@"(?<from>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-|－)\s*(?:(?<to>(?:19|20)\d{2})\s*年)?\s*12\s*月\s*31\s*日")]
    private static partial Regex Period();

    [GeneratedRegex(@"^(?<name>.*?)(?:\(|（)?(?<year>(?:19|20)\d{2})\s*年\s*(?:度)?(?:\)|）)?\s*(?:的)?(?:政府)?(?:信息公开|政务公开|政府信息公开工作|政务公开工作)")]
    private static partial Regex TitleWithYear();

    [GeneratedRegex(@"^(?<name>.+?)(?:关于)?(?:政府信息公开工作|政府信息公开|政务公开)(?:工作)?年度报告")]
    private static partial Regex TitleNoYear();

    // 2019年上海市人民政府办公厅政府信息公开工作年度报告
    [GeneratedRegex(@"^(?<year>(?:19|20)\d{2})\s*年\s*(?:度)?(?<name>[^\d]{2,40}?)(?:政府信息公开工作|政府信息公开|政务公开)(?:工作)?年度报告")]
    private static partial Regex TitleYearFirst();

    [GeneratedRegex(@"^(?:标题|题目|文章标题)\s*[:：]\s*")]
    private static partial Regex CaptureLabel();

    [GeneratedRegex(@"由(?<name>[\u4e00-\u9fff（）()]{2,40}?" + OrgSuffix + @")(?:负责)?编制")]
    private static partial Regex CompiledBy();

    [GeneratedRegex(@"《(?<name>[\u4e00-\u9fff（）()]{2,40}?" + OrgSuffix + @")(?:政府信息公开指南|政府信息公开目录|政府信息公开工作)")]
    private static partial Regex GuideTitle();

    [GeneratedRegex(@"^(?<name>[\u4e00-\u9fff（）()]{2,40}" + OrgSuffix + @")$")]
    private static partial Regex OrgLine();

    [GeneratedRegex(@"(?<y>(?:19|20)\d{2})\s*年\s*(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*日$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"(?:发布日期|发布时间|成文日期|印发日期)\s*[:：]\s*(?<y>(?:19|20)\d{2})[-/.年](?<m>\d{1,2})[-/.月](?<d>\d{1,2})")]
    private static partial Regex LabelledDate();

    [GeneratedRegex(@"(?<y>20\d{2})\s*年")]
    private static partial Regex AnyYear();

    public static Metadata Read(SourceDocument doc, List<Diagnostic> diagnostics)
    {
        var text = doc.Blocks.OfType<TextBlock>().Select(b => (Text: b.Text.Trim().Trim('\u00A0', '\u3000').Trim(), b.Line)).Where(b => b.Text.Length > 0).ToList();

        // --- Title: the first lines before the first section heading.
        string? name = null, source = null; int? nameLine = null;
        int? titleYear = null; int? titleYearLine = null;
        int firstHeading = text.FindIndex(t => Headings.SectionOf(t.Text) is not null);
        var head = text.Take(firstHeading < 0 ? 4 : Math.Min(firstHeading, 4)).ToList();
        // A title broken over two lines by a converter (…政府信息公开 / 工作年度报告) is read as one.
        for (int i = 0; i + 1 < head.Count; i++)
            if (!head[i].Text.Contains("年度报告") && head[i].Text.Length < 40 && head[i + 1].Text.Length < 20 && (head[i].Text + head[i + 1].Text).Contains("年度报告"))
                head[i] = (head[i].Text + head[i + 1].Text, head[i].Line);
        for (int i = 0; i < head.Count; i++)
        {
            string t = CaptureLabel().Replace(head[i].Text, "").Trim('《', '》', ' ');
            if (!t.Contains("年度报告") && !t.Contains("年报")) continue;
            if (t.Length > 60) continue;
            var m = TitleWithYear().Match(t);
            string? candidate = null;
            if (TitleYearFirst().Match(t) is { Success: true } yf)
            {
                titleYear = int.Parse(yf.Groups["year"].Value, CultureInfo.InvariantCulture);
                titleYearLine = head[i].Line;
                candidate = yf.Groups["name"].Value;
            }
            else if (m.Success)
            {
                titleYear = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
                titleYearLine = head[i].Line;
                candidate = m.Groups["name"].Value;
            }
            else if (TitleNoYear().Match(t) is { Success: true } n) candidate = n.Groups["name"].Value;
            candidate = candidate?.Trim(' ', '：', ':', '《', '》');
            if (string.IsNullOrEmpty(candidate) && i > 0 && OrgLine().IsMatch(head[i - 1].Text))
            {
                candidate = head[i - 1].Text;
                nameLine = head[i - 1].Line;
            }
            else nameLine = head[i].Line;
            if (!string.IsNullOrEmpty(candidate)) { name = candidate; source = "title"; }
            break;
        }

        // --- Body: 由…编制, then 《…政府信息公开指南》.
        if (name is null)
            foreach (var (t, line) in text)
            {
                if (CompiledBy().Match(t) is { Success: true } m) { name = m.Groups["name"].Value; source = "body"; nameLine = line; break; }
            }
        if (name is null)
            foreach (var (t, line) in text)
            {
                if (GuideTitle().Match(t) is { Success: true } m) { name = m.Groups["name"].Value; source = "guide"; nameLine = line; break; }
            }

        // --- Signature and publication date: the last lines.
        DateOnly? published = null; int? publishedLine = null;
        var tail = text.Skip(Math.Max(0, text.Count - 6)).ToList();
        for (int i = tail.Count - 1; i >= 0; i--)
        {
            var (t, line) = tail[i];
            if (t.Length <= 40 && DateLine().Match(t) is { Success: true } d && TryDate(d, out var date))
            {
                published = date; publishedLine = line;
                string before = t[..d.Index].Trim();
                if (name is null && before.Length > 0 && OrgLine().IsMatch(before)) { name = before; source = "signature"; nameLine = line; }
                else if (name is null && i > 0 && OrgLine().IsMatch(tail[i - 1].Text)) { name = tail[i - 1].Text; source = "signature"; nameLine = tail[i - 1].Line; }
                break;
            }
        }
        if (published is null)
            foreach (var (t, line) in text.Take(12))
                if (LabelledDate().Match(t) is { Success: true } d && TryDate(d, out var date)) { published = date; publishedLine = line; break; }

        if (name is null)
            diagnostics.Add(Diagnostic.Warning("agency_not_found", "no agency name in the title, the body (由…编制, 《…指南》) or the signature"));

        // --- Year covered: 统计期限, else the title, else the body (with a diagnostic).
        int? year = null; string? yearSource = null; int? yearLine = null;
        foreach (var (t, line) in text)
        {
            if (Period().Match(t) is not { Success: true } p) continue;
            int from = int.Parse(p.Groups["from"].Value, CultureInfo.InvariantCulture);
            int to = p.Groups["to"].Success ? int.Parse(p.Groups["to"].Value, CultureInfo.InvariantCulture) : from;
            if (from != to)
                diagnostics.Add(Diagnostic.Warning("period_spans_years", $"统计期限 runs from {from} to {to}; the year covered is taken as {to}", line));
            year = to; yearSource = "period"; yearLine = line;
            break;
        }
        if (titleYear is { } ty)
        {
            if (year is null) { year = ty; yearSource = "title"; yearLine = titleYearLine; }
            else if (year != ty)
                diagnostics.Add(Diagnostic.Warning("year_conflict", $"the title says {ty} but the 统计期限 says {year}; the 统计期限 was used", titleYearLine));
        }
        if (year is null)
        {
            var counts = text.Take(Math.Max(firstHeading + 8, 8))
                .SelectMany(t => AnyYear().Matches(t.Text).Select(m => (Year: int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), t.Line)))
                .Where(y => published is null || y.Year <= published.Value.Year)
                .GroupBy(y => y.Year).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).FirstOrDefault();
            if (counts is not null)
            {
                year = counts.Key; yearSource = "body"; yearLine = counts.First().Line;
                diagnostics.Add(Diagnostic.Warning("year_assumed",
                    $"no 统计期限 and no year in the title; assumed {year}, the year the opening text names most often ({counts.Count()} times)", yearLine));
            }
            else diagnostics.Add(Diagnostic.Warning("year_not_found", "no year covered found (no 统计期限, title year or year in the text)"));
        }

        string? shortName = name is null ? null : ShortName(name);
        return new Metadata(name, shortName, LevelOf(shortName ?? ""), source, nameLine, year, yearSource, yearLine, published, publishedLine);
    }

    /// <summary>桂溪街道 from 垫江县人民政府桂溪街道办事处: drops the issuing government and the 办事处 suffix.</summary>
    public static string ShortName(string name)
    {
        string s = name.Trim();
        int gov = s.LastIndexOf("人民政府", StringComparison.Ordinal);
        // Only a sub-district or township drops its issuing government (…区人民政府浮山街道办事处 → 浮山街道);
        // 上海市人民政府办公厅 stays whole.
        if (gov >= 0 && gov + 4 < s.Length && Regex.IsMatch(s[(gov + 4)..], "(街道办事处|办事处|街道|镇|乡)$")) s = s[(gov + 4)..];
        if (s.EndsWith("街道办事处", StringComparison.Ordinal)) s = s[..^3];
        else if (s.EndsWith("办事处", StringComparison.Ordinal) && s.Length > 5) s = s[..^3] + "街道";
        return s;
    }

    /// <summary>Agency level from the short name. 市 alone is ambiguous (county-level or prefecture) and stays 其他.</summary>
    public static string LevelOf(string shortName)
    {
        string s = shortName;
        if (s.EndsWith("街道", StringComparison.Ordinal)) return AgencyLevel.Subdistrict;
        if (Regex.IsMatch(s, "(实验区|开发区|高新区|新区|园区|管委会|管理委员会)$")) return AgencyLevel.Other;
        if (Regex.IsMatch(s, "(镇|乡)(人民政府)?$")) return AgencyLevel.Township;
        if (Regex.IsMatch(s, "(县|区|旗)(人民政府)?$")) return AgencyLevel.County;
        if (Regex.IsMatch(s, "(局|委员会|委|办公室|办公厅|厅|中心|署|院|办)$")) return AgencyLevel.Department;
        return AgencyLevel.Other;
    }

    private static bool TryDate(Match d, out DateOnly date)
    {
        date = default;
        int y = int.Parse(d.Groups["y"].Value, CultureInfo.InvariantCulture), m = int.Parse(d.Groups["m"].Value, CultureInfo.InvariantCulture), day = int.Parse(d.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (m is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(y, m)) return false;
        date = new DateOnly(y, m, day);
        return true;
    }
}
