using System.Text.RegularExpressions;
using GovReport.Ingest.Model;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Parsing;

/// <summary>
/// Table 三 (依申请): rows found by their labels (tolerant of the typos of reference §8.5), sub-rows printed without
/// labels mapped by position within their group (with a diagnostic), lost rows reported and never guessed.
/// Seven value columns in template order (§5.1, §8.6).
/// </summary>
public static partial class ApplicationMatrixReader
{
    private const int Columns = 7;

    private sealed record Group(string Name, string[] Rows);

    private static readonly Group Denied = new("（三）不予公开", ["denied_state_secret", "denied_prohibited_by_law", "denied_security_stability",
        "denied_third_party", "denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_admin_query"]);
    private static readonly Group Unable = new("（四）无法提供", ["unable_not_held", "unable_needs_creation", "unable_unclear"]);
    private static readonly Group Rejected = new("（五）不予处理", ["rejected_petition", "rejected_duplicate", "rejected_publication",
        "rejected_excessive", "rejected_reconfirm"]);
    private static readonly Group Other2021 = new("（六）其他处理", ["other_no_correction", "other_fee_unpaid", "other_other"]);

    [GeneratedRegex(@"(^|\))予以公开")]
    private static partial Regex Granted();

    [GeneratedRegex(@"^\(?3\)?\.?其他$")]
    private static partial Regex OtherOther();

    // RowKey of the labels met so far: reports print the same few dozen labels, and a label's key depends only on its
    // text and on whether the template is 2021's. Bounded, so hostile input cannot grow it without end.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?>[] RowKeys =
        [new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    private static int _rowKeysRemembered;
    private const int MaxRowKeysRemembered = 20_000;

    private static string? RememberedRowKey(string f, string template)
    {
        var memo = RowKeys[template == TemplateVersion.V2021 ? 1 : 0];
        if (memo.TryGetValue(f, out var key)) return key;
        key = RowKey(f, template);
        if (Volatile.Read(ref _rowKeysRemembered) < MaxRowKeysRemembered && memo.TryAdd(f, key)) Interlocked.Increment(ref _rowKeysRemembered);
        return key;
    }

    /// <summary>The row key a label names, or null.</summary>
    public static string? RowKey(string f, string template)
    {
        if (f.Contains("本年新收")) return "new_received";
        if (f.Contains("上年结转")) return "carried_over";
        if (f.Contains("结转下年度")) return "carried_forward";
        if (f.Contains("(七)") || f.StartsWith("七", StringComparison.Ordinal) && f.EndsWith("总计", StringComparison.Ordinal)) return "results_total";
        if (f.Contains("部分公开")) return "partially_granted";
        if (Granted().IsMatch(f) && !f.Contains("不予")) return "granted";
        if (f.Contains("国家秘密")) return "denied_state_secret";
        if (f.Contains("禁止公开") || f.Contains("其他法律行政")) return "denied_prohibited_by_law";
        if (f.Contains("三安全一稳定") || f.Contains("危及")) return "denied_security_stability";
        if (f.Contains("第三方")) return "denied_third_party";
        if (f.Contains("内部事务") || f.Contains("内容事务")) return "denied_internal_affairs";
        if (f.Contains("过程性")) return "denied_process_info";
        if (f.Contains("执法案卷")) return "denied_enforcement_file";
        if (f.Contains("行政查询")) return "denied_admin_query";
        if (f.Contains("不掌握")) return "unable_not_held";
        if (f.Contains("另行制作") || f.Contains("没有现成")) return "unable_needs_creation";
        if (f.Contains("仍不明确") || f.Contains("补正后申请")) return "unable_unclear";
        if (f.Contains("信访")) return "rejected_petition";
        if (f.Contains("重复申请")) return "rejected_duplicate";
        if (f.Contains("出版物")) return "rejected_publication";
        if (f.Contains("大量反复")) return "rejected_excessive";
        if (f.Contains("重新出具") || f.Contains("确认或")) return "rejected_reconfirm";
        if (f.Contains("不补正")) return "other_no_correction";
        if (f.Contains("收费通知") || f.Contains("缴纳费用")) return "other_fee_unpaid";
        if (OtherOther().IsMatch(f)) return "other_other";
        if (template != TemplateVersion.V2021 && f.Contains("其他处理")) return "other_handling";
        return null;
    }

    private static Group? GroupOf(string f, string template)
    {
        if (f.StartsWith("(三)", StringComparison.Ordinal) && f.Contains("不予")) return Denied;
        if (f.StartsWith("(四)", StringComparison.Ordinal) && f.Contains("无法")) return Unable;
        if (f.StartsWith("(五)", StringComparison.Ordinal) && f.Contains("不予")) return Rejected;
        if (f.Contains("不予以公开") || f == "不予公开") return Denied;
        if (f == "无法提供") return Unable;
        if (f == "不予处理") return Rejected;
        if (template == TemplateVersion.V2021 && f.Contains("其他处理")) return Other2021;
        return null;
    }

    private static bool IsHeaderWord(string f) =>
        f.Contains("勾稽") || f.Contains("申请人情况") || f.Contains("自然人") || f.Contains("法人或其他组织") ||
        f.Contains("商业企业") || f.Contains("科研机构") || f.Contains("社会公益") || f.Contains("法律服务") ||
        f is "总计" or "其他" or "类别" or "项目" or "数据项目" or "(数据项目)" or "数量" || DataColumn().IsMatch(f);

    // Converters invent column names: 数据1 … 数据6.
    [GeneratedRegex(@"^数据\d+$")]
    private static partial Regex DataColumn();

    /// <summary>A row of the table: its label cells with their folded text and the row key each names (null when none).</summary>
    private sealed record DataRow(RowBlock Row, List<(SourceCell Cell, string Folded, string? Key)> Labels, List<SourceCell> Values);

    public static void Read(IReadOnlyList<RowBlock> rows, FactBuilder facts)
    {
        string template = facts.Template;
        var orphans = new List<SourceCell>();
        var data = new List<DataRow>();

        foreach (var row in rows)
        {
            var printed = row.Printed;
            var labels = new List<(SourceCell, string, string?)>();
            int lastLabel = -1;
            for (int i = 0; i < printed.Count; i++)
            {
                string f = Label.Fold(printed[i].Text);
                if (Label.IsTextual(f)) { labels.Add((printed[i], f, RememberedRowKey(f, template))); lastLabel = i; }
            }
            var values = new List<SourceCell>(Math.Max(0, printed.Count - lastLabel - 1));
            for (int i = lastLabel + 1; i < printed.Count; i++) values.Add(printed[i]);
            if (lastLabel < 0)
                while (values.Count > 0 && values[0].Text.Length == 0) values.RemoveAt(0); // rowspan placeholders

            // A header row: header words only, or several different row names side by side (a converter's invented header
            // such as 项目 | 本年新收件数 | 上年结转件数 | 予以公开 …).
            bool header = labels.Count > 0 && labels.TrueForAll(l => IsHeaderWord(l.Item2)) || DifferentKeys(labels);
            if (header)
            {
                foreach (var v in values)
                    if (CellValue.Clean(v.Text).Length > 0) orphans.Add(v);
                continue;
            }
            if (labels.Count == 0 && values.TrueForAll(v => v.Text.Length == 0)) continue;
            data.Add(new DataRow(row, labels, values));
        }

        if (orphans.Count > 0)
            facts.Diagnostics.Add(Diagnostic.Warning("values_without_row",
                $"table 三: values printed after the header with no row label ({string.Join(", ", orphans.Select(o => $"“{o.Text.Trim()}” line {o.Line}"))}); not assigned to any row",
                orphans[0].Line));

        Group? group = null;
        int position = 0;
        var seen = new HashSet<string>();
        for (int d = 0; d < data.Count; d++)
        {
            var (row, labels, values) = data[d];
            string? key = null;
            foreach (var (cell, f, rowKey) in labels)
            {
                if (rowKey is { } k) { key = k; }
                else if (GroupOf(f, template) is { } g) { group = g; position = 0; }
                else if (f.Contains("办理结果")) { }
                else facts.Diagnostics.Add(Diagnostic.Info("unknown_label", $"table 三 label “{cell.Text.Trim()}” not recognised", cell.Line));
            }
            if (key is not null)
            {
                group = new[] { Denied, Unable, Rejected, Other2021 }.FirstOrDefault(g => g.Rows.Contains(key));
                position = group is null ? 0 : Array.IndexOf(group.Rows, key) + 1;
            }
            else if (values.Count > 0)
            {
                if (group is null)
                {
                    facts.Diagnostics.Add(Diagnostic.Warning("values_without_row",
                        $"table 三: a row of values with no label outside any group ({string.Join(" ", values.Select(v => v.Text.Trim()))}); not assigned", row.Line));
                    continue;
                }
                if (group == Other2021 && position == 0 && labels.Count > 0 && NextLabelledKey(data, d + 1) is "results_total")
                {
                    facts.Diagnostics.Add(Diagnostic.Warning("template_hybrid",
                        "table 三: a single （六）其他处理 row in a 2021-template report (the 2019 layout); its values are not split over the three sub-rows", row.Line));
                    continue;
                }
                if (position >= group.Rows.Length)
                {
                    facts.Diagnostics.Add(Diagnostic.Warning("values_without_row",
                        $"table 三: more unlabelled rows than {group.Name} has sub-rows; row not assigned", row.Line));
                    continue;
                }
                key = group.Rows[position++];
                facts.Diagnostics.Add(Diagnostic.Info("row_by_position",
                    $"table 三: sub-row without its label mapped by position within {group.Name} to {key}", row.Line, FieldDictionary.S3(key, "total")));
            }
            else continue;

            if (!seen.Add(key))
            {
                facts.Diagnostics.Add(Diagnostic.Warning("duplicate_row", $"table 三: row {key} appears again; kept the first", row.Line));
                continue;
            }
            AssignColumns(key, values, row, facts);
        }

        var rowKeys = FieldDictionary.ApplicationRows.Where(r => r.Templates.Contains(template)).Select(r => r.Key).ToList();
        var missing = rowKeys.Where(k => !seen.Contains(k)).ToList();
        if (data.Count == 0)
            facts.Diagnostics.Add(Diagnostic.Warning("table_missing", "table 三 (依申请) was not found", rows.Count > 0 ? rows[0].Line : null));
        else if (missing.Count > 0)
            facts.Diagnostics.Add(Diagnostic.Warning("rows_missing",
                $"table 三: rows not found, left unreadable (not guessed): {string.Join(", ", missing)}" +
                (orphans.Count > 0 ? $"; stray values {string.Join(", ", orphans.Select(o => o.Text.Trim()))} may belong to them" : ""),
                rows[0].Line));
    }

    private static string? NextLabelledKey(List<DataRow> data, int from)
    {
        for (int i = from; i < data.Count; i++)
            foreach (var (_, _, rowKey) in data[i].Labels)
                if (rowKey is { } k) return k;
        return null;
    }

    /// <summary>True when the labels name more than one row key.</summary>
    private static bool DifferentKeys(List<(SourceCell, string, string? Key)> labels)
    {
        string? first = null;
        foreach (var l in labels)
        {
            if (l.Key is not { } k) continue;
            if (first is null) first = k;
            else if (!string.Equals(first, k, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static void AssignColumns(string key, List<SourceCell> values, RowBlock row, FactBuilder facts)
    {
        var v = values.ToList();
        while (v.Count > Columns && v[^1].Text.Length == 0) v.RemoveAt(v.Count - 1);
        if (v.Count > Columns)
        {
            facts.Diagnostics.Add(Diagnostic.Warning("extra_cells",
                $"table 三 row {key}: {v.Count} value cells for {Columns} columns; took the last {Columns} (the extra cell stands where the row label belongs)",
                v[0].Line, FieldDictionary.S3(key, "total")));
            v = v.Skip(v.Count - Columns).ToList();
        }
        else if (v.Count < Columns)
        {
            facts.Diagnostics.Add(Diagnostic.Warning("cells_missing",
                $"table 三 row {key}: {v.Count} value cells for {Columns} columns; mapped from the left (assumed), the rest left unreadable",
                v.Count > 0 ? v[0].Line : row.Line, FieldDictionary.S3(key, "total")));
        }
        var ids = FieldDictionary.S3Row(key);
        for (int c = 0; c < Columns; c++)
        {
            string field = ids[c];
            if (c < v.Count) facts.AddCount(field, v[c]);
            else facts.Add(new Fact(field, null, FactStatus.Unreadable, null, null, null, false, row.Line));
        }
    }
}
