using System.Globalization;
using System.Text.RegularExpressions;
using GovReport.Ingest.Model;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Parsing;

/// <summary>One row found in a run-together body: its label, the digit run after it, and the header text before it.</summary>
public sealed record RunRow(string Table, string Key, string[] Fields, string Run, int RunAt, string Header);

/// <summary>
/// Reads the tables of a capture whose cells run together with their labels (<c>行政许可3960181</c>, issue 13): finds each
/// template row label and the digit run after it, enumerates the run's splits (<see cref="RunSplitter"/>) and keeps
/// the ones the report's own arithmetic allows, solved across rows. A cell is settled only when every split left gives
/// it the same value; otherwise it is unreadable with its candidates listed. Never a silent pick.
/// </summary>
public static partial class RunTogetherReader
{
    [GeneratedRegex(@"(规章|规范性文件|行政许可|行政处罚|行政强制|行政事业性收费|政府集中采购)\s?\d{3,}")]
    private static partial Regex GluedLabel();

    /// <summary>The first label glued to digits, when the text has one (a table flattened with no cell boundaries).</summary>
    public static Match? Glued(string text) => GluedLabel().Match(text) is { Success: true } m ? m : null;

    private static readonly (string Key, string Keyword)[] Table2Rows =
    [
        ("rules", "规章"), ("normdocs", "规范性文件"), ("license", "行政许可"), ("othersvc", "其他对外管理服务事项"),
        ("penalty", "行政处罚"), ("coercion", "行政强制"), ("fee", "行政事业性收费"), ("procurement", "政府集中采购"),
    ];

    // The distinctive words of each table 三 label; the rest of the label (its number, bracketed notes) is skipped.
    private static readonly Dictionary<string, string> Table3Keywords = new()
    {
        ["new_received"] = "本年新收", ["carried_over"] = "上年结转", ["granted"] = "予以公开", ["partially_granted"] = "部分公开",
        ["denied_state_secret"] = "国家秘密", ["denied_prohibited_by_law"] = "禁止公开", ["denied_security_stability"] = "三安全一稳定",
        ["denied_third_party"] = "第三方", ["denied_internal_affairs"] = "内部事务", ["denied_process_info"] = "过程性",
        ["denied_enforcement_file"] = "执法案卷", ["denied_admin_query"] = "行政查询", ["unable_not_held"] = "不掌握",
        ["unable_needs_creation"] = "另行制作", ["unable_unclear"] = "仍不明确", ["rejected_petition"] = "信访",
        ["rejected_duplicate"] = "重复申请", ["rejected_publication"] = "出版物", ["rejected_excessive"] = "大量反复",
        ["rejected_reconfirm"] = "重新出具", ["other_handling"] = "其他处理", ["other_no_correction"] = "不补正",
        ["other_fee_unpaid"] = "缴纳费用", ["other_other"] = "其他", ["results_total"] = "总计", ["carried_forward"] = "结转下年度",
    };

    private const int MaxLabelTail = 80;

    /// <summary>
    /// The form is run-together when a label is glued to digits and at least two rows found by their labels have fewer
    /// space-separated tokens than the template has columns (runs longer than any one cell); returns the first such row.
    /// </summary>
    public static RunRow? Recognise(string text, string template)
    {
        if (Glued(text) is null) return null;
        var glued = Tokenize(text, template).Where(r => r.Run.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < r.Fields.Length).ToList();
        return glued.Count >= 2 ? glued[0] : null;
    }

    /// <summary>Finds the rows of tables 二, 三 and 四 in the text, in template order. Rows not found are left out.</summary>
    public static IReadOnlyList<RunRow> Tokenize(string text, string template)
    {
        var rows = new List<RunRow>();
        int t2 = text.IndexOf("第二十条", StringComparison.Ordinal);
        if (t2 < 0) t2 = Math.Max(0, text.IndexOf("主动公开政府信息情况", StringComparison.Ordinal));
        int t3 = IndexOr(text, "申请人情况", t2, IndexOr(text, "本年新收", t2, text.Length));
        int t4 = IndexOr(text, "行政复议", t3, text.Length);
        int t5 = IndexOr(text, "五、", t4, text.Length);

        int cursor = t2;
        foreach (var (key, keyword) in Table2Rows)
        {
            var columns = DisclosureTableReader.ExpectedColumns(key, template);
            if (columns.Count == 0) continue;
            // Table 二 labels are short: the digits follow the label directly.
            if (Find(text, keyword, cursor, t3, 0) is { } hit)
            {
                rows.Add(new RunRow("二", key, [.. columns.Select(c => $"s2_{key}_{c}")], hit.Run, hit.At, text[cursor..hit.LabelAt]));
                cursor = hit.End;
            }
        }
        cursor = t3;
        foreach (var (key, _, templates) in FieldDictionary.ApplicationRows)
        {
            if (!templates.Contains(template)) continue;
            if (Find(text, Table3Keywords[key], cursor, t4, MaxLabelTail) is { } hit)
            {
                rows.Add(new RunRow("三", key, [.. FieldDictionary.ApplicantColumns.Select(c => FieldDictionary.S3(key, c.Key))], hit.Run, hit.At, ""));
                cursor = hit.End;
            }
        }
        // Table 四: its header words carry no digits; its one row of 15 cells is the first run after them.
        int start = t4;
        while (start < t5 && !char.IsAsciiDigit(text[start])) start++;
        if (start < t5)
        {
            string run = ReadRun(text, start).Run;
            if (run.Length > 0)
                rows.Add(new RunRow("四", "row", [.. FieldDictionary.ReviewLitigationCells.Select(c => c.Id)], run, start, ""));
        }
        return rows;
    }

    private static int IndexOr(string text, string word, int from, int fallback)
    {
        int i = from < 0 || from > text.Length ? -1 : text.IndexOf(word, from, StringComparison.Ordinal);
        return i < 0 ? fallback : i;
    }

    private sealed record Hit(int LabelAt, int At, string Run, int End);

    /// <summary>The first occurrence of the keyword in [from, to) followed, after at most maxTail non-digit label characters, by a run.</summary>
    private static Hit? Find(string text, string keyword, int from, int to, int maxTail)
    {
        for (int p = text.IndexOf(keyword, from, StringComparison.Ordinal); p >= 0 && p < to; p = text.IndexOf(keyword, p + 1, StringComparison.Ordinal))
        {
            int q = p + keyword.Length, limit = Math.Min(to, q + maxTail);
            while (q < to && char.IsWhiteSpace(text[q])) q++;
            while (q < limit && !StartsRun(text, q)) q++;
            if (q < to && StartsRun(text, q))
            {
                var (run, end) = ReadRun(text, q);
                if (run.Length > 0) return new Hit(p, q, run, end);
            }
        }
        return null;
    }

    private static bool StartsRun(string text, int i) =>
        char.IsAsciiDigit(text[i]) || text[i] is '-' or '+' or '－' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]);

    // A run: digits, spaces, signs, decimal points and the money units; it stops at the next label.
    private static (string Run, int End) ReadRun(string text, int i)
    {
        int j = i;
        while (j < text.Length && (char.IsAsciiDigit(text[j]) || text[j] is ' ' or '\u00A0' or '\u3000' or '.' or '-' or '+' or '－' or '元'
                                    || text[j] == '万' && j + 1 < text.Length && text[j + 1] == '元')) j++;
        string run = text[i..j];
        // The number of the next sub-row label (“00000002.其他法律…”) is glued to the run: it is not a cell.
        var tail = SubRowNumber().Match(run);
        if (tail.Success && j < text.Length && !char.IsAsciiDigit(text[j])) { run = run[..tail.Index]; j = i + tail.Index; }
        return (run.TrimEnd(), j);
    }

    [GeneratedRegex(@"\d\.\s*$")] // sub-rows are numbered 1. to 8.
    private static partial Regex SubRowNumber();

    /// <summary>Splits, solves and writes the facts of every row found; rows not found are left to <see cref="FactBuilder.Complete"/>.</summary>
    public static void Read(string text, FactBuilder facts)
    {
        var rows = Tokenize(text, facts.Template);
        var split = new Dictionary<RunRow, RowSplits>();
        foreach (var row in rows)
        {
            var kinds = row.Fields.Select(f => FieldDictionary.Get(f)?.Kind ?? FieldKind.Count).ToList();
            var set = RunSplitter.Splits(row.Run, kinds);
            split[row] = new RowSplits(set.Candidates.ToList(), set.Truncated, []);
        }
        var t3 = rows.Where(r => r.Table == "三").ToDictionary(r => r.Key);
        foreach (var row in rows)
            if (row.Table is "三" or "四")
                split[row] = RowLocal(row, split[row]);
        SolveTable3(t3.ToDictionary(kv => kv.Key, kv => split[kv.Value]), facts.Template, out var solved, out string? crossNote);
        foreach (var (key, s) in solved) split[t3[key]] = s;
        if (crossNote is not null)
            facts.Diagnostics.Add(Diagnostic.Warning("run_together_arithmetic", crossNote, t3.Count > 0 ? LineOf(text, t3.Values.First().RunAt) : null));
        foreach (var row in rows.Where(r => r.Table == "二" && r.Key == "normdocs"))
            split[row] = Narrative(text, row, split[row], facts);
        foreach (var row in rows) Write(text, row, split[row], facts);
    }

    [GeneratedRegex(@"现行有效(?:的)?(?:行政)?规范性文件(\d+)件")]
    private static partial Regex StatedInForce();

    [GeneratedRegex(@"本年度?制发(?:的)?(?:行政)?规范性文件(\d+)件")]
    private static partial Regex StatedIssued();

    /// <summary>
    /// The narrative's stated 2021 规范性文件 figures (现行有效…N件, 制发…N件) before the tables, used only when stated once
    /// and when some split agrees: a narrative can disagree with its own table (平潭 2023 says 393 in force, the table 470),
    /// and then it settles nothing.
    /// </summary>
    private static RowSplits Narrative(string text, RunRow row, RowSplits s, FactBuilder facts)
    {
        if (s.Truncated || row.Fields.Length != 3 || !row.Fields[0].EndsWith("_issued", StringComparison.Ordinal)) return s;
        string before = text[..Math.Max(0, text.IndexOf("第二十条", StringComparison.Ordinal))];
        var statements = new List<(Match Match, int Column, string Name)>();
        foreach (var (pattern, column, name) in new[] { (StatedIssued(), 0, "制发"), (StatedInForce(), 2, "现行有效") })
            if (pattern.Matches(before) is { Count: > 0 } ms && ms.Select(m => m.Groups[1].Value).Distinct().Count() == 1)
                statements.Add((ms[0], column, name));
        // A narrative that contradicts the row in one figure is not trusted for the others either.
        var conflicts = statements.Where(st => !s.Candidates.Any(c => c[st.Column] == st.Match.Groups[1].Value)).ToList();
        foreach (var (m, column, _) in conflicts)
            facts.Diagnostics.Add(Diagnostic.Warning("run_together_narrative_conflict",
                $"{row.Fields[column]}: the narrative says “{m.Value}” but no split of “{row.Run}” gives {m.Groups[1].Value}; the narrative's figures were not used for this row",
                LineOf(text, m.Index), row.Fields[column]));
        if (conflicts.Count > 0) return s;
        foreach (var (m, column, name) in statements)
            s = s.Keep([.. s.Candidates.Where(c => c[column] == m.Groups[1].Value)], $"the narrative's stated {name} figure “{m.Value}” (line {LineOf(text, m.Index)})");
        return s;
    }

    /// <summary>A row's splits: the candidates left and the constraints that removed others.</summary>
    private sealed record RowSplits(List<string[]> Candidates, bool Truncated, List<string> DecidedBy)
    {
        public RowSplits Keep(List<string[]> kept, string constraint) =>
            kept.Count == Candidates.Count ? this : this with { Candidates = kept, DecidedBy = [.. DecidedBy, constraint] };
    }

    // Plain integers (nearly every cell) are parsed directly; the rest through the cell reader.
    private static decimal Num(string cell) =>
        cell.Length is > 0 and < 16 && cell.All(char.IsAsciiDigit) ? decimal.Parse(cell, CultureInfo.InvariantCulture) : CellValue.Read(cell).Number ?? 0m;

    /// <summary>Row-local identities: table 三 总计 = the six applicant columns; table 四 each 总计 = its four results.</summary>
    private static RowSplits RowLocal(RunRow row, RowSplits s)
    {
        if (s.Truncated) return s;
        List<string[]> kept;
        string constraint;
        if (row.Table == "三")
        {
            kept = s.Candidates.Where(c => c.Take(6).Sum(Num) == Num(c[6])).ToList();
            constraint = "总计 = the sum of the six applicant columns";
        }
        else
        {
            kept = s.Candidates.Where(c => Enumerable.Range(0, 3).All(b => c.Skip(5 * b).Take(4).Sum(Num) == Num(c[5 * b + 4]))).ToList();
            constraint = "each 总计 = 维持 + 纠正 + 其他 + 尚未审结";
        }
        // A row whose own arithmetic fits no split is broken as published: its splits stay undecided.
        return kept.Count == 0 ? s with { DecidedBy = [.. s.DecidedBy, $"no split satisfies {constraint}: the row's arithmetic is broken, not applied"] } : s.Keep(kept, constraint);
    }

    // Bounds on the cross-row search, far above anything a real table needs; beyond them the identities are not used.
    private const int MaxAnchorCombinations = 1_000;
    private const int MaxPartialSums = 20_000;
    private const long MaxSteps = 2_000_000;

    /// <summary>
    /// Table 三 across rows: 一 + 二 = （七）总计 + 四 per column, and （七）总计 = the sum of the result rows per column.
    /// The result rows are solved by reachable column sums (forward and backward), so no product of rows is built.
    /// </summary>
    private static void SolveTable3(Dictionary<string, RowSplits> rows, string template, out Dictionary<string, RowSplits> solved, out string? note)
    {
        solved = rows;
        note = null;
        string[] anchors = ["new_received", "carried_over", "results_total", "carried_forward"];
        if (!anchors.All(rows.ContainsKey) || rows.Values.Any(r => r.Truncated)) return;
        var results = rows.Keys.Where(k => !anchors.Contains(k)).ToList();
        // （七） = the sum of the result rows holds only when every result row was found.
        bool allResults = results.Count == FieldDictionary.ApplicationRows.Count(r => r.Templates.Contains(template) && !anchors.Contains(r.Key));
        var a = anchors.Select(k => rows[k].Candidates).ToArray();
        if ((long)a[0].Count * a[1].Count * a[2].Count * a[3].Count > MaxAnchorCombinations)
        {
            note = "table 三: too many splits of rows 一, 二, （七） and 四 to check 一 + 二 = （七）总计 + 四; only each row's own total was used";
            return;
        }
        var resultCands = results.Select(k => rows[k].Candidates.Select(c => c.Select(Num).ToArray()).ToList()).ToList();

        var keepAnchor = anchors.Select(_ => new HashSet<int>()).ToArray();
        var keepResult = results.Select(_ => new HashSet<int>()).ToList();
        int solutions = 0;
        bool tooLarge = false;
        long steps = 0;
        for (int i0 = 0; i0 < a[0].Count; i0++)
        for (int i1 = 0; i1 < a[1].Count; i1++)
        for (int i2 = 0; i2 < a[2].Count; i2++)
        for (int i3 = 0; i3 < a[3].Count; i3++)
        {
            var total = a[2][i2].Select(Num).ToArray();
            bool identity = Enumerable.Range(0, 7).All(c => Num(a[0][i0][c]) + Num(a[1][i1][c]) == total[c] + Num(a[3][i3][c]));
            if (!identity) continue;
            var support = allResults ? ResultSupport(resultCands, total, ref steps, out tooLarge)
                : [.. resultCands.Select(c => Enumerable.Range(0, c.Count).ToHashSet())];
            if (tooLarge)
            {
                note = "table 三: too many splits of the run-together rows to check 一 + 二 = （七）总计 + 四 and （七）总计 = the sum of the result rows; only each row's own total was used";
                return;
            }
            if (support is null) continue;
            solutions++;
            keepAnchor[0].Add(i0); keepAnchor[1].Add(i1); keepAnchor[2].Add(i2); keepAnchor[3].Add(i3);
            for (int r = 0; r < results.Count; r++) keepResult[r].UnionWith(support[r]);
        }
        if (solutions == 0)
        {
            note = "table 三: no split of the run-together rows satisfies 一 + 二 = （七）总计 + 四 and （七）总计 = the sum of the result rows; " +
                   "the table's arithmetic is broken as published, so these identities were not used to settle any split";
            return;
        }
        const string identity1 = "一 + 二 = （七）总计 + 四 per column", identity2 = "（七）总计 = the sum of the result rows per column";
        solved = new Dictionary<string, RowSplits>(rows);
        for (int k = 0; k < anchors.Length; k++)
        {
            var s = rows[anchors[k]];
            solved[anchors[k]] = s.Keep([.. s.Candidates.Where((_, i) => keepAnchor[k].Contains(i))], allResults ? $"{identity1} and {identity2}" : identity1);
        }
        for (int r = 0; r < results.Count; r++)
        {
            var s = rows[results[r]];
            solved[results[r]] = s.Keep([.. s.Candidates.Where((_, i) => keepResult[r].Contains(i))], identity2);
        }
    }

    /// <summary>
    /// For each result row, the candidates that take part in at least one choice of all rows summing to the total;
    /// null when there is none. Counts are not negative, so partial sums above the total are dropped.
    /// </summary>
    private static List<HashSet<int>>? ResultSupport(List<List<decimal[]>> rows, decimal[] total, ref long steps, out bool tooLarge)
    {
        int n = rows.Count;
        tooLarge = false;
        static string Key(decimal[] v) => string.Join(",", v);
        bool Within(decimal[] v) => v.Select((x, c) => x <= total[c]).All(b => b);
        decimal[] Add(decimal[] x, decimal[] y) => [.. x.Select((v, c) => v + y[c])];
        var forward = new List<Dictionary<string, decimal[]>> { new() { [Key(new decimal[7])] = new decimal[7] } };
        for (int i = 0; i < n; i++)
        {
            steps += (long)forward[i].Count * rows[i].Count;
            if (steps > MaxSteps) { tooLarge = true; return null; }
            var next = new Dictionary<string, decimal[]>();
            foreach (var s in forward[i].Values)
                foreach (var c in rows[i])
                    if (Add(s, c) is var t && Within(t)) next.TryAdd(Key(t), t);
            if (next.Count == 0) return null;
            if (next.Count > MaxPartialSums) { tooLarge = true; return null; }
            forward.Add(next);
        }
        if (!forward[n].ContainsKey(Key(total))) return null;
        // backward[i]: the sums rows i..n-1 can make.
        var backward = new Dictionary<string, decimal[]>[n + 1];
        backward[n] = new() { [Key(new decimal[7])] = new decimal[7] };
        for (int i = n - 1; i >= 0; i--)
        {
            steps += (long)backward[i + 1].Count * rows[i].Count;
            if (steps > MaxSteps) { tooLarge = true; return null; }
            backward[i] = [];
            foreach (var s in backward[i + 1].Values)
                foreach (var c in rows[i])
                    if (Add(s, c) is var t && Within(t)) backward[i].TryAdd(Key(t), t);
            if (backward[i].Count > MaxPartialSums) { tooLarge = true; return null; }
        }
        var support = new List<HashSet<int>>();
        for (int i = 0; i < n; i++)
        {
            steps += (long)forward[i].Count * rows[i].Count;
            if (steps > MaxSteps) { tooLarge = true; return null; }
            var keep = new HashSet<int>();
            for (int j = 0; j < rows[i].Count; j++)
                foreach (var s in forward[i].Values)
                {
                    var rest = total.Select((x, c) => x - s[c] - rows[i][j][c]).ToArray();
                    if (rest.All(x => x >= 0) && backward[i + 1].ContainsKey(Key(rest))) { keep.Add(j); break; }
                }
            support.Add(keep);
        }
        return support;
    }

    private static void Write(string text, RunRow row, RowSplits s, FactBuilder facts)
    {
        int line = LineOf(text, row.RunAt);
        string where = row.Table == "四" ? "table 四" : $"table {row.Table} row {row.Key}";
        var header = new SourceCell(row.Header, line);
        if (s.Candidates.Count == 0)
        {
            facts.Diagnostics.Add(Diagnostic.Warning("run_together_unsplittable",
                $"{where}: “{row.Run}” cannot be cut into {row.Fields.Length} cells under the printing rules; its cells left unreadable",
                line, row.Fields[0]));
            foreach (var f in row.Fields)
            {
                facts.Diagnostics.Add(Diagnostic.Warning("run_together_ambiguous", $"{f}: no split of “{row.Run}” fits; candidates: (none)", line, f));
                facts.Add(new Fact(f, null, FactStatus.Unreadable, row.Run, null, null, false, line));
            }
            return;
        }
        var settled = new List<string>();
        var first = s.Candidates[0];
        for (int c = 0; c < row.Fields.Length; c++)
        {
            string field = row.Fields[c];
            var distinct = s.Candidates.Select(x => x[c]).Distinct().ToList();
            if (distinct.Count == 1 && !s.Truncated)
            {
                var cell = new SourceCell(distinct[0], line);
                if (FieldDictionary.Get(field)?.Kind == FieldKind.Money)
                    MoneyReader.Add(field, cell, header, facts, [.. first.Select(x => new SourceCell(x, line))],
                        [.. Enumerable.Range(0, row.Fields.Length)], [.. row.Fields.Select(f => f[(f.LastIndexOf('_') + 1)..])]);
                else facts.AddCount(field, cell);
                settled.Add(field);
                continue;
            }
            var values = distinct.Select(v => Fmt(InStoredUnit(field, v, header))).Distinct().ToList();
            facts.Diagnostics.Add(Diagnostic.Warning("run_together_ambiguous",
                $"{field}: “{row.Run}” can be cut into {row.Fields.Length} cells in {(s.Truncated ? "more than " : "")}{s.Candidates.Count} ways the printing rules " +
                $"{(s.DecidedBy.Count > 0 ? $"and the constraints ({string.Join("; ", s.DecidedBy)}) " : "")}allow; not guessed, left unreadable; candidates{(FieldDictionary.Get(field)?.Kind == FieldKind.Money ? " (元)" : "")}: {string.Join(" | ", values)}",
                line, field));
            facts.Add(new Fact(field, null, FactStatus.Unreadable, row.Run, null, null, false, line));
        }
        if (settled.Count > 0)
        {
            string by = s.Candidates.Count == 1 && s.DecidedBy.Count == 0 ? "the printing rules alone (one split)"
                : s.DecidedBy.Count == 0 ? "the printing rules alone (every split agrees on these cells)"
                : string.Join("; ", s.DecidedBy);
            string shown = settled.Count == row.Fields.Length
                ? string.Join(" | ", first)
                : string.Join(", ", settled.Select(f => $"{f} = {first[Array.IndexOf(row.Fields, f)]}"));
            facts.Diagnostics.Add(Diagnostic.Info("run_together_split",
                $"{where}: “{row.Run}” settled by splitting as {shown}, by {by}", line, settled.Count == 1 ? settled[0] : null));
        }
    }

    /// <summary>A candidate cell as the value it would be stored as (money in 元), for the diagnostic.</summary>
    private static decimal InStoredUnit(string field, string cell, SourceCell header)
    {
        var r = CellValue.Read(cell);
        decimal n = r.Number ?? 0m;
        if (FieldDictionary.Get(field) is not { Kind: FieldKind.Money } def) return n;
        string? unit = r.Unit ?? MoneyReader.HeaderUnit(header) ?? def.TemplateUnit;
        return n * (CellValue.YuanFactor(unit) ?? 1m);
    }

    private static string Fmt(decimal d) => d.ToString("0.######", CultureInfo.InvariantCulture);

    public static int LineOf(string text, int index)
    {
        int line = 1;
        for (int i = 0; i < index && i < text.Length; i++) if (text[i] == '\n') line++;
        return line;
    }
}
