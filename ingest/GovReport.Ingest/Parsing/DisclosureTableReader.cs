using System.Text.RegularExpressions;
using GovReport.Ingest.Model;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Parsing;

/// <summary>
/// Table 二 (主动公开): the 第二十条 blocks, their header rows and data rows, matched by label and header words,
/// never by position alone (reference §3, §4).
/// </summary>
public static partial class DisclosureTableReader
{
    [GeneratedRegex(@"第二十(?<typo>[一二三四五六七八九])?条第?\((?<item>[一二三四五六七八九十]+)\)项")]
    private static partial Regex Caption();

    private static readonly (string Prefix, string[] Keys)[] RowLabels =
    [
        ("othersvc", ["其他对外管理服务事项", "对外管理服务"]),
        ("normdocs", ["行政规范性文件", "规范性文件"]),
        ("rules", ["规章"]),
        ("license", ["行政许可"]),
        ("penalty", ["行政处罚"]),
        ("coercion", ["行政强制"]),
        ("fee", ["行政事业性收费", "事业性收费"]),
        ("procurement", ["政府集中采购", "集中采购"]),
    ];

    private static readonly (string Column, string[] Keys)[] HeaderWords =
    [
        ("new_made", ["本年新制作", "新制作", "制作数量"]),
        ("new_published", ["本年新公开", "新公开", "公开数量"]),
        ("total_published", ["对外公开总数", "公开总数"]),
        ("prev_items", ["上一年项目", "上年项目", "上一年"]),
        ("delta", ["增/减", "增减", "增(减)"]),
        ("decisions", ["处理决定"]),
        ("projects", ["采购项目"]),
        ("amount", ["采购总金额", "收费金额", "金额"]),
        ("issued", ["制发"]),
        ("repealed", ["废止"]),
        ("in_force", ["现行有效"]),
    ];

    /// <summary>Expected columns of each row, in template order.</summary>
    public static IReadOnlyList<string> ExpectedColumns(string prefix, string template) => (template, prefix) switch
    {
        (TemplateVersion.V2021, "rules" or "normdocs") => ["issued", "repealed", "in_force"],
        (TemplateVersion.V2021, "license" or "penalty" or "coercion") => ["decisions"],
        (TemplateVersion.V2021, "fee") => ["amount"],
        (TemplateVersion.V2021, _) => [],
        (_, "rules" or "normdocs") => ["new_made", "new_published", "total_published"],
        (_, "fee") => ["prev_items", "delta"],
        (_, "procurement") => ["projects", "amount"],
        _ => ["prev_items", "delta", "decisions"],
    };

    public static string? RowPrefix(string folded)
    {
        if (folded.Length > 24) return null;
        foreach (var (prefix, keys) in RowLabels)
            foreach (var k in keys)
                if (folded.Contains(k, StringComparison.Ordinal)) return prefix;
        return null;
    }

    public static string? HeaderColumn(string folded)
    {
        foreach (var (col, keys) in HeaderWords)
            foreach (var k in keys)
                if (folded.Contains(k, StringComparison.Ordinal)) return col;
        return null;
    }

    public static bool IsCaption(string folded) => Caption().IsMatch(folded);

    public static void Read(IReadOnlyList<RowBlock> rows, FactBuilder facts)
    {
        string template = facts.Template;
        IReadOnlyList<SourceCell>? header = null;
        List<string?>? named = null; // the columns the header names, worked out once per header
        int? headerLine = null;
        bool anyRow = false;

        foreach (var row in rows)
        {
            var cells = row.Printed;
            int first = FirstNonEmpty(cells);
            if (first < 0) continue;
            string label = Label.Fold(cells[first].Text);

            var cap = Caption().Match(label);
            if (cap.Success)
            {
                if (cap.Groups["typo"].Success)
                    facts.Diagnostics.Add(Diagnostic.Info("label_typo",
                        $"caption “{cells[first].Text.Trim()}” read as 第二十条第（{cap.Groups["item"].Value}）项", cells[first].Line));
                header = null;
                named = null;
                continue;
            }
            if (label.StartsWith("信息内容", StringComparison.Ordinal))
            {
                header = cells.Skip(first + 1).ToArray();
                named = null;
                headerLine = cells[first].Line;
                continue;
            }
            string? prefix = RowPrefix(label);
            if (prefix is null)
            {
                if (Label.IsTextual(label))
                    facts.Diagnostics.Add(Diagnostic.Info("unknown_row", $"table 二 row “{cells[first].Text.Trim()}” is not in the template; ignored", cells[first].Line));
                continue;
            }
            anyRow = true;
            ReadRow(prefix, cells[first], cells.Skip(first + 1).ToArray(), header, ref named, headerLine, facts, template);
        }
        if (!anyRow)
            facts.Diagnostics.Add(Diagnostic.Warning("table_missing", "table 二 (主动公开) has no recognisable rows", rows.Count > 0 ? rows[0].Line : null));
    }

    private static void ReadRow(string prefix, SourceCell labelCell, SourceCell[] values, IReadOnlyList<SourceCell>? header, ref List<string?>? headerNames, int? headerLine,
        FactBuilder facts, string template)
    {
        var expected = ExpectedColumns(prefix, template);
        if (expected.Count == 0)
        {
            facts.Diagnostics.Add(Diagnostic.Warning("template_mismatch",
                $"row “{labelCell.Text.Trim()}” belongs to the 2019 template but the report reads as {template}; not stored", labelCell.Line));
            return;
        }

        // Column positions from the header words where every expected column is named exactly once.
        int[] position = Enumerable.Range(0, expected.Count).ToArray();
        if (header is { Count: > 0 })
        {
            var named = headerNames ??= header.Select(h => HeaderColumn(Label.Fold(h.Text))).ToList();
            var found = expected.Select(col => named.IndexOf(col)).ToArray();
            bool unique = expected.All(col => named.Count(n => n == col) == 1);
            if (found.All(i => i >= 0) && unique)
                position = found;
            else if (named.Any(n => n is not null))
            {
                var foreign = named.Where(n => n is not null && !expected.Contains(n)).Distinct().ToList();
                facts.Diagnostics.Add(Diagnostic.Warning("header_unrecognised",
                    $"header of “{labelCell.Text.Trim()}” ({string.Join(" | ", header.Select(h => h.Text.Trim()))}) does not name the expected columns" +
                    (foreign.Count > 0 ? $" (found {string.Join(", ", foreign)})" : "") + "; columns mapped in template order (assumed)", headerLine));
            }
        }

        int needed = position.Max() + 1;
        var usable = values.ToList();
        while (usable.Count > needed && usable[^1].Text.Length == 0) usable.RemoveAt(usable.Count - 1);
        if (usable.Count > needed && usable.Skip(needed).Any(c => CellValue.Clean(c.Text).Length > 0))
            facts.Diagnostics.Add(Diagnostic.Warning("extra_cells",
                $"row “{labelCell.Text.Trim()}” has {usable.Count} value cells for {needed} columns; the extra ones ({string.Join(", ", usable.Skip(needed).Select(c => c.Text.Trim()))}) were ignored", labelCell.Line));

        for (int k = 0; k < expected.Count; k++)
        {
            string field = $"s2_{prefix}_{expected[k]}";
            if (position[k] >= usable.Count)
            {
                facts.Diagnostics.Add(Diagnostic.Warning("cell_missing", $"{field}: no cell for this column in row “{labelCell.Text.Trim()}”", labelCell.Line, field));
                facts.Add(new Fact(field, null, FactStatus.Unreadable, null, null, null, false, labelCell.Line));
                continue;
            }
            var cell = usable[position[k]];
            if (FieldDictionary.Get(field)?.Kind == FieldKind.Money)
                MoneyReader.Add(field, cell, header is { } h && position[k] < h.Count ? h[position[k]] : null, facts, usable, position, expected);
            else
                facts.AddCount(field, cell);
        }
    }

    private static int FirstNonEmpty(IReadOnlyList<SourceCell> cells)
    {
        for (int i = 0; i < cells.Count; i++)
            if (CellValue.Clean(cells[i].Text).Length > 0) return i;
        return -1;
    }
}
