using System.Buffers;
using GovReport.Ingest.Model;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Parsing;

/// <summary>The template decision and every signal that fired (reference §9.3).</summary>
public sealed record TemplateDecision(string Template, IReadOnlyList<string> Signals, Diagnostic? Note);

/// <summary>Tells the 2019 and 2021 templates apart by their header words and rows, strongest signals first.</summary>
public static class TemplateDetector
{
    private static readonly (string Version, string Kind, string Word)[] Strong =
    [
        (TemplateVersion.V2021, "header", "本年制发件数"),
        (TemplateVersion.V2021, "header", "本年废止件数"),
        (TemplateVersion.V2021, "header", "现行有效件数"),
        (TemplateVersion.V2021, "header", "本年收费金额"),
        (TemplateVersion.V2019, "header", "本年新制作数量"),
        (TemplateVersion.V2019, "header", "上一年项目数量"),
        (TemplateVersion.V2019, "header", "本年增/减"),
        (TemplateVersion.V2019, "header", "采购总金额"),
        (TemplateVersion.V2019, "row", "第二十条第(九)项"),
        (TemplateVersion.V2019, "row", "政府集中采购"),
        (TemplateVersion.V2019, "row", "其他对外管理服务事项"),
        (TemplateVersion.V2021, "row", "逾期未按收费通知"),
        (TemplateVersion.V2021, "row", "逾期不补正"),
    ];

    public static TemplateDecision Detect(SourceDocument doc, int? year)
    {
        // Every printed cell, folded, one per line: a word is in some cell exactly when it is in these lines (a folded
        // cell has no line break and no word spans one).
        char[] cells = ArrayPool<char>.Shared.Rent(4096);
        int length = 0;
        foreach (var block in doc.Blocks)
            if (block is RowBlock row)
                foreach (var c in row.Printed)
                {
                    string folded = Label.Fold(c.Text);
                    if (length + folded.Length + 1 > cells.Length)
                    {
                        char[] larger = ArrayPool<char>.Shared.Rent(Math.Max(cells.Length * 2, length + folded.Length + 1));
                        cells.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<char>.Shared.Return(cells);
                        cells = larger;
                    }
                    folded.CopyTo(cells.AsSpan(length));
                    length += folded.Length;
                    cells[length++] = '\n';
                }
        var cellText = cells.AsSpan(0, length);
        var signals = new List<string>();
        foreach (var (version, kind, word) in Strong)
            if (cellText.IndexOf(word, StringComparison.Ordinal) >= 0)
                signals.Add($"{version}:{kind}:{word}");
        ArrayPool<char>.Shared.Return(cells);

        // No table cells (a capture that runs the page together): the header words still stand in the text.
        if (signals.Count == 0)
        {
            string folded = Label.Fold(doc.Text);
            foreach (var (version, _, word) in Strong)
                if (folded.Contains(word, StringComparison.Ordinal)) signals.Add($"{version}:text:{word}");
        }
        int s2019 = signals.Count(s => s.StartsWith(TemplateVersion.V2019, StringComparison.Ordinal));
        int s2021 = signals.Count(s => s.StartsWith(TemplateVersion.V2021, StringComparison.Ordinal));

        string narrative = Label.Fold(string.Concat(doc.Blocks.OfType<TextBlock>().Take(60).Select(b => b.Text)));
        bool cites2021 = narrative.Contains("〔2021〕30号") || narrative.Contains("[2021]30号") || narrative.Contains("(2021)30号");
        bool cites2019 = narrative.Contains("〔2019〕60号") || narrative.Contains("[2019]60号") || narrative.Contains("(2019)60号");
        if (cites2021) signals.Add("2021:citation:国办公开办函〔2021〕30号");
        if (cites2019) signals.Add("2019:citation:国办公开办函〔2019〕60号");

        if (s2019 > 0 && s2021 == 0) return new(TemplateVersion.V2019, signals, null);
        if (s2021 > 0 && s2019 == 0) return new(TemplateVersion.V2021, signals, null);
        if (s2019 > 0 && s2021 > 0)
        {
            string pick = s2021 >= s2019 ? TemplateVersion.V2021 : TemplateVersion.V2019;
            return new(pick, signals, Diagnostic.Warning("template_mixed",
                $"signals of both templates: {string.Join(", ", signals)}; read as {pick} (the one with more signals)"));
        }
        if (cites2021 != cites2019) return new(cites2021 ? TemplateVersion.V2021 : TemplateVersion.V2019, signals,
            Diagnostic.Info("template_weak", "no template header words found; decided by the cited notice"));
        if (year is { } y)
        {
            string byYear = y <= 2020 ? TemplateVersion.V2019 : TemplateVersion.V2021;
            signals.Add($"{byYear}:year:{y}");
            return new(byYear, signals, Diagnostic.Warning("template_by_year",
                $"no template header words found; assumed the {byYear} template from the year {y}"));
        }
        return new(TemplateVersion.Unknown, signals, Diagnostic.Warning("template_unknown", "no template signal found"));
    }
}
