using System.Diagnostics;
using System.Text;
using DuckDB.NET.Data;

namespace GovReport.Analytics;

public sealed record AnalyzeSummary(long Reports, long Metrics, long Rankings, long Checks, long Failed, long Flags, TimeSpan Elapsed);

/// <summary>
/// Writes the analytics tables (metrics, rankings, checks, flags; reviews are kept) from what ingest stored.
/// The work is SQL in DuckDB, set-based, not row by row; C# only generates the SQL from the rule and metric
/// definitions. Re-running replaces everything but the auditors' reviews.
/// </summary>
public static class Analyzer
{
    /// <summary>Robust z-score beyond which a metric is flagged (median and MAD of the log of the non-zero values in the
    /// peer group).</summary>
    public const double ZThreshold = 3.5;
    /// <summary>An outlier must also be at least this many times the group median: heavy-tailed counts
    /// make many statistically unusual values that are not errors.</summary>
    public const double MinRatio = 20;
    /// <summary>Fewest non-zero values in a peer group for a robust z-score to mean anything; smaller level × year
    /// groups fall back to the level across all years.</summary>
    public const int MinPeers = 8;
    /// <summary>Floor of the robust scale (1.4826 × MAD, natural-log units): a group whose values nearly all agree must
    /// not make a modest difference look extreme.</summary>
    public const double MinScale = 0.3;
    /// <summary>A count of table 二 at least this many times the (non-zero) median of the agency's own other years is
    /// flagged (<c>own_years</c>): an agency's yearly workload does not jump twentyfold.</summary>
    public const double OwnYearsRatio = 20;
    /// <summary>The metrics <c>own_years</c> follows: table 二's yearly counts and amounts, which persist from year to
    /// year; applications, cases and new documents are small counts that come and go.</summary>
    public static readonly string[] OwnYearsMetrics =
        ["license_decisions", "penalty_decisions", "coercion_decisions", "othersvc_decisions", "procurement_projects", "procurement_amount", "fee_amount"];

    /// <param name="reportsPerSlice">Reports per slice of the steps that write large sorted tables (see
    /// <see cref="CreateSorted"/>); tests set it small to check that slicing does not change the result.</param>
    public static AnalyzeSummary Run(DuckDBConnection c, int reportsPerSlice = ReportsPerSlice)
    {
        var sw = Stopwatch.StartNew();
        using (var tx = c.BeginTransaction())
        {
            Step("schema", () => { Exec(c, Schema); LoadDefinitions(c); });
            Step("metrics", () => MetricsStep(c, reportsPerSlice));
            Step("rankings", () => Rankings(c, reportsPerSlice));
            Step("yoy", () => Exec(c, YoySql));
            Step("benford", () => Exec(c, BenfordSql));
            Step("checks", () => Checks(c));
            Step("crossyear", () => CrossYearRules.Run(c));
            Step("checks: sort", () => SortChecks(c, reportsPerSlice));
            Step("pca", () => PcaDetector.Run(c));
            Step("flags", () => Flags(c, reportsPerSlice));
            Step("quality", () => QualityScore.Run(c));
            tx.Commit();
        }
        long Count(string t) => Convert.ToInt64(Scalar(c, $"SELECT count(*) FROM {t}"));
        return new AnalyzeSummary(Count("reports"), Count("metrics"), Count("rankings"), Count("checks"),
            Convert.ToInt64(Scalar(c, "SELECT count(*) FROM checks WHERE status = 'failed'")), Count("flags"), sw.Elapsed);
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS reviews (
            flag_id     VARCHAR NOT NULL,
            status      VARCHAR NOT NULL,
            note        VARCHAR,
            reviewed_at TIMESTAMP NOT NULL
        );
        CREATE OR REPLACE TABLE metric_dictionary (metric VARCHAR, label VARCHAR, label_en VARCHAR, unit VARCHAR, templates VARCHAR, fields VARCHAR, note VARCHAR);
        CREATE OR REPLACE TABLE rule_dictionary (rule_id VARCHAR, description VARCHAR, description_en VARCHAR, severity VARCHAR);
        -- in_key_order(list(by_key(k, v))) is list(v ORDER BY k), and array_to_string of it (non-null v) string_agg(v, sep
        -- ORDER BY k), without an ordered aggregate, which buffers every group's rows: over one group per report it ran out
        -- of memory at 1M reports (DUPLICATE-TABLES, 1GB). A list state is still held per group, so these are used where
        -- a FILTER leaves most groups without one (the failures); every report's list is built in a window instead.
        CREATE OR REPLACE TEMP MACRO by_key(k, v) AS {'k': k, 'v': v};
        CREATE OR REPLACE TEMP MACRO in_key_order(l) AS list_transform(list_sort(l), e -> e.v);
        CREATE OR REPLACE TEMP MACRO fmt_num(x) AS CASE WHEN x = round(x) THEN CAST(CAST(x AS HUGEINT) AS VARCHAR) ELSE printf('%.2f', x) END;
        CREATE OR REPLACE TEMP TABLE metric_fields (metric VARCHAR, template VARCHAR, field VARCHAR);
        CREATE OR REPLACE TEMP TABLE equations (rule_id VARCHAR, template VARCHAR, eq VARCHAR, side VARCHAR, field VARCHAR);
        """;

    private static void LoadDefinitions(DuckDBConnection c)
    {
        using (var a = c.CreateAppender("metric_dictionary"))
        {
            foreach (var m in Metrics.All)
                a.CreateRow().AppendValue(m.Id).AppendValue(m.Label).AppendValue(m.LabelEn).AppendValue(m.Unit)
                    .AppendValue(string.Join(",", m.Fields.Keys)).AppendValue(string.Join("; ", m.Fields.Select(kv => $"{kv.Key}: {string.Join(" + ", kv.Value)}"))).AppendValue(m.Note).EndRow();
            foreach (var r in Metrics.Ratios)
                a.CreateRow().AppendValue(r.Id).AppendValue(r.Label).AppendValue(r.LabelEn).AppendValue(r.Unit).AppendValue("2019,2021")
                    .AppendValue($"({r.Numerator}) / {r.Denominator}").AppendValue((string?)null).EndRow();
        }
        using (var a = c.CreateAppender("metric_fields"))
            foreach (var m in Metrics.All)
                foreach (var (template, fields) in m.Fields)
                    foreach (var f in fields) a.CreateRow().AppendValue(m.Id).AppendValue(template).AppendValue(f).EndRow();
        using (var a = c.CreateAppender("rule_dictionary"))
        {
            foreach (var r in ConsistencyRules.All)
                a.CreateRow().AppendValue(r.Id).AppendValue(r.Description).AppendValue(r.DescriptionEn).AppendValue(r.Severity).EndRow();
            foreach (var r in CrossYearRules.All)
                a.CreateRow().AppendValue(r.Id).AppendValue(r.Description).AppendValue(r.DescriptionEn).AppendValue(r.Severity).EndRow();
            foreach (var r in CustomRules.All)
                a.CreateRow().AppendValue(r.Id).AppendValue(r.Description).AppendValue(r.DescriptionEn).AppendValue(r.Severity).EndRow();
        }
        using (var a = c.CreateAppender("equations"))
            foreach (var r in ConsistencyRules.All)
                foreach (var (template, eqs) in r.Equations)
                    foreach (var e in eqs)
                    {
                        foreach (var f in e.Left) a.CreateRow().AppendValue(r.Id).AppendValue(template).AppendValue(e.Name).AppendValue("L").AppendValue(f).EndRow();
                        foreach (var f in e.Right) a.CreateRow().AppendValue(r.Id).AppendValue(template).AppendValue(e.Name).AppendValue("R").AppendValue(f).EndRow();
                    }
    }

    /// <summary>
    /// The metrics in one scan of <c>report_facts</c> per template, without grouping: each metric reads its fields by
    /// position (the dictionary order ingest stores; a report stored in another order is looked up by name), so no
    /// per-report state is held and the step streams at any corpus size. A metric exists when all its fields are
    /// reported; a ratio when all its parts exist and the denominator is above 0. The table is then sorted in report slices.
    /// </summary>
    private static void MetricsStep(DuckDBConnection c, int reportsPerSlice)
    {
        var selects = new List<string>();
        foreach (var template in new[] { "2019", "2021" })
        {
            var order = FieldOrder(c, template);
            if (order.Count == 0) continue;
            // Each field's position: the dictionary position when the row holds the dictionary order, else by name.
            string Pos(string f) => order.IndexOf(f) is var i and >= 0
                ? $"CASE WHEN rf.field[{i + 1}] = '{f}' THEN {i + 1} ELSE list_position(rf.field, '{f}') END"
                : $"list_position(rf.field, '{f}')";
            var columns = new List<string>();
            var defined = new Dictionary<string, string[]>();
            foreach (var m in Metrics.All)
            {
                if (!m.Fields.TryGetValue(template, out var fs)) continue;
                string[] sorted = [.. fs.OrderBy(f => f, StringComparer.Ordinal)];
                defined[m.Id] = sorted;
                string[] pos = [.. sorted.Select((f, i) => $"p_{m.Id}_{i}")];
                columns.AddRange(sorted.Select((f, i) => $"{Pos(f)} AS {pos[i]}"));
            }
            string Value(string metric)
            {
                var pos = defined[metric].Select((f, i) => $"p_{metric}_{i}").ToArray();
                return $"CASE WHEN {string.Join(" AND ", pos.Select(p => $"rf.status[{p}] = 'reported'"))} " +
                       $"THEN ({string.Join(" + ", pos.Select(p => $"rf.value[{p}]"))})::DOUBLE END";
            }
            string Lines(string metric) => $"[{string.Join(", ", defined[metric].Select((f, i) => $"rf.line[p_{metric}_{i}]"))}]";
            string Fields(string metric) => $"[{string.Join(", ", defined[metric].Select(f => $"'{f}'"))}]";
            var structs = new List<string>();
            foreach (var m in Metrics.All.Where(m => defined.ContainsKey(m.Id)))
                structs.Add($"{{'metric': '{m.Id}', 'value': v_{m.Id}, 'unit': '{m.Unit}', 'fields': {Fields(m.Id)}, 'lines': {Lines(m.Id)}}}");
            foreach (var r in Metrics.Ratios)
            {
                string[] numerator = [.. r.Numerator.Split('+').Select(x => x.Trim())];
                // Parts in metric order, as the fields and lines of a ratio have always been listed.
                string[] parts = [.. numerator.Append(r.Denominator).OrderBy(x => x, StringComparer.Ordinal)];
                if (parts.Any(x => !defined.ContainsKey(x))) continue;
                string ok = string.Join(" AND ", parts.Select(x => $"v_{x} IS NOT NULL")) + $" AND v_{r.Denominator} > 0";
                structs.Add($"{{'metric': '{r.Id}', 'value': CASE WHEN {ok} THEN ({string.Join(" + ", numerator.Select(x => $"v_{x}"))}) / v_{r.Denominator} END, " +
                            $"'unit': '{r.Unit}', 'fields': {string.Join(" || ", parts.Select(Fields))}, 'lines': {string.Join(" || ", parts.Select(Lines))}}}");
            }
            var values = defined.Keys.Select(k => $"{Value(k)} AS v_{k}");
            selects.Add($"""
                SELECT report_id, m.metric, m.value, m.unit, m.fields, m.lines
                FROM (
                    SELECT rf.report_id, unnest([{string.Join(",\n", structs)}]) AS m
                    FROM (
                        SELECT rf.*, {string.Join(", ", values)}
                        FROM (SELECT rf.*, {string.Join(", ", columns)} FROM report_facts rf WHERE {OfTemplate(template)}) rf
                    ) rf
                )
                WHERE m.value IS NOT NULL
                """);
        }
        selects.Add("SELECT report_id, 'proactive_items', value::DOUBLE, '条', ['narrative_proactive_items'], [line] FROM narrative_facts WHERE name = 'narrative_proactive_items'");
        Exec(c, $"""
            CREATE OR REPLACE TEMP TABLE metrics_unsorted AS
            SELECT * FROM (
            {string.Join("\nUNION ALL\n", selects)}
            ) t (report_id, metric, value, unit, fields, lines);
            """);
        CreateSorted(c, "metrics", "metrics_unsorted", "report_id, metric", ReportSlices(c, reportsPerSlice));
        Exec(c, "DROP TABLE metrics_unsorted");
    }

    /// <summary>Reports per slice of a sorted write: about 1.5 M metric rows, which DuckDB sorts within its limit.</summary>
    public const int ReportsPerSlice = 100_000;

    /// <summary>
    /// Creates <paramref name="table"/> from <paramref name="source"/> in the order <paramref name="orderBy"/>, one
    /// slice at a time. DuckDB ran out of memory writing a sorted table of 15 M rows with list columns at 1M reports
    /// (CREATE TABLE ... ORDER BY, even on one thread, while the same rows unsorted went through); slices whose
    /// predicates follow the leading sort key give the same table, each sort a fraction of the whole.
    /// </summary>
    internal static void CreateSorted(DuckDBConnection c, string table, string source, string orderBy, IReadOnlyList<string> slices)
    {
        for (int i = 0; i < slices.Count; i++)
            Exec(c, (i == 0 ? $"CREATE OR REPLACE TABLE {table} AS " : $"INSERT INTO {table} ") +
                    $"SELECT * FROM {source} WHERE {slices[i]} ORDER BY {orderBy}");
    }

    /// <summary>
    /// Predicates on <c>report_id</c> that cut the reports, in report_id order, into runs of <paramref name="perSlice"/>:
    /// just <c>true</c> up to that size.
    /// </summary>
    internal static IReadOnlyList<string> ReportSlices(DuckDBConnection c, int perSlice)
    {
        var bounds = new List<string>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"""
                SELECT report_id FROM (SELECT report_id, row_number() OVER (ORDER BY report_id) AS n FROM reports)
                WHERE n > 1 AND (n - 1) % {perSlice} = 0 ORDER BY report_id
                """;
            using var r = cmd.ExecuteReader();
            while (r.Read()) bounds.Add(r.GetString(0));
        }
        if (bounds.Count == 0) return ["true"];
        string Q(string s) => "'" + s.Replace("'", "''") + "'";
        var slices = new List<string> { $"report_id < {Q(bounds[0])}" };
        for (int i = 1; i < bounds.Count; i++) slices.Add($"report_id >= {Q(bounds[i - 1])} AND report_id < {Q(bounds[i])}");
        slices.Add($"report_id >= {Q(bounds[^1])}");
        return slices;
    }

    /// <summary>
    /// The rows of <c>report_facts</c> whose report has this template, as a semi-join:
    /// a plain join may build its hash table on the facts side, every report's lists in memory (out of memory at 1M).
    /// </summary>
    private static string OfTemplate(string template) =>
        $"rf.report_id IN (SELECT report_id FROM reports WHERE template = '{template}')";

    /// <summary>The fields in the order ingest stores a template's reports (read from the first such report).</summary>
    private static List<string> FieldOrder(DuckDBConnection c, string template)
    {
        var order = new List<string>();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT rf.field FROM report_facts rf WHERE {OfTemplate(template)} LIMIT 1";
        using var r = cmd.ExecuteReader();
        if (r.Read() && r.GetValue(0) is System.Collections.IEnumerable list) order.AddRange(list.Cast<object>().Select(o => o.ToString()!));
        return order;
    }

    /// <summary>Peer groups: same county, city, province and the nation, each within the same agency level and year.</summary>
    /// <summary>
    /// Every row of <c>m</c> (which has region_code and region_level) once per peer group, with the group's key: the
    /// county, city or province code the report shares with its peers (null when its region is not resolved that far),
    /// or CN. Rankings of metrics and of report quality use the same groups.
    /// </summary>
    internal const string PeerGroupsSql = """
        SELECT m.*, pg.peer_group,
               CASE pg.peer_group
                   WHEN 'county' THEN CASE WHEN region_level IN ('township', 'county') THEN left(region_code, 6) END
                   WHEN 'city' THEN CASE WHEN region_level IN ('township', 'county', 'city') THEN left(region_code, 4) || '00' END
                   WHEN 'province' THEN CASE WHEN region_level <> 'none' THEN left(region_code, 2) || '0000' END
                   ELSE 'CN' END AS peer_key
        FROM m CROSS JOIN (VALUES ('county'), ('city'), ('province'), ('nation')) pg(peer_group)
        """;

    /// <summary>
    /// Rankings, one metric at a time above <paramref name="reportsPerSlice"/> reports (in metric order, the table's leading
    /// key, so the table is the same): the windows over four peer groups sorted 60 M rows at once at 1M reports.
    /// </summary>
    private static void Rankings(DuckDBConnection c, int reportsPerSlice)
    {
        var slices = new List<string>();
        if (ReportCount(c) > reportsPerSlice)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT DISTINCT metric FROM metrics ORDER BY metric";
            using var r = cmd.ExecuteReader();
            while (r.Read()) slices.Add($"m.metric = '{r.GetString(0).Replace("'", "''")}'");
        }
        if (slices.Count == 0) slices.Add("true");
        for (int i = 0; i < slices.Count; i++)
            Exec(c, (i == 0 ? "CREATE OR REPLACE TABLE rankings AS\n" : "INSERT INTO rankings\n") + RankingsSql(slices[i]));
    }

    private static string RankingsSql(string slice) => $"""
        WITH m AS (
            SELECT m.report_id, m.metric, m.value, r.year, r.agency_level, r.region_code, r.region_level
            FROM metrics m JOIN reports r USING (report_id)
            WHERE r.year IS NOT NULL AND {slice}
        ), g AS (
            {PeerGroupsSql}
        )
        SELECT report_id, metric, peer_group, peer_key, agency_level, year, value,
               rank() OVER w AS rank,
               count(*) OVER (PARTITION BY metric, peer_group, peer_key, agency_level, year) AS group_size,
               round(cume_dist() OVER (PARTITION BY metric, peer_group, peer_key, agency_level, year ORDER BY value), 4) AS percentile
        FROM g
        WHERE peer_key IS NOT NULL
        WINDOW w AS (PARTITION BY metric, peer_group, peer_key, agency_level, year ORDER BY value DESC)
        ORDER BY metric, peer_group, peer_key, agency_level, year, rank, report_id;
        """;

    /// <summary>An agency across its years, as year over year and the own-years flags follow it (over <c>reports r</c>).</summary>
    private const string AgencyKey = "coalesce(r.region_code, '?') || '|' || coalesce(r.agency_short, r.agency_name, r.report_id)";

    /// <summary>
    /// Change across years per agency (same region code and short name; issue 12 refines agency identity). A pair
    /// across the 2020 → 2021 template change is comparable only for metrics both templates define the same way;
    /// 规范性文件 (本年新制作 ≈ 本年制发) is marked approximate.
    /// </summary>
    private const string YoySql = $"""
        CREATE OR REPLACE TABLE yoy AS
        WITH m AS (
            SELECT {AgencyKey} AS agency_key,
                   coalesce(r.agency_short, r.agency_name) AS agency, r.year, r.template, m.report_id, m.metric, m.value
            FROM metrics m JOIN reports r USING (report_id)
            WHERE r.year IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY agency_key, r.year, m.metric ORDER BY r.published_on DESC NULLS LAST, r.report_id) = 1
        ), pairs AS (
            SELECT agency_key, agency, metric, year, template, report_id, value,
                   lag(year) OVER w AS prev_year, lag(template) OVER w AS prev_template,
                   lag(report_id) OVER w AS prev_report_id, lag(value) OVER w AS prev_value
            FROM m WINDOW w AS (PARTITION BY agency_key, metric ORDER BY year)
        )
        SELECT agency_key, agency, metric, prev_year, year, prev_report_id, report_id, prev_value, value,
               value - prev_value AS change,
               CASE WHEN prev_value > 0 THEN round((value - prev_value) / prev_value, 4) END AS change_ratio,
               CASE WHEN prev_template = template THEN 'comparable'
                    WHEN metric = 'normdocs_issued' THEN 'approximate: 本年新制作数量 (2019) vs 本年制发件数 (2021)'
                    ELSE 'comparable across templates' END AS comparability,
               year - prev_year > 1 AS gap
        FROM pairs WHERE prev_year IS NOT NULL
        ORDER BY agency_key, metric, year;
        """;

    /// <summary>
    /// Benford first-digit test of money amounts per province and year, only where there are at least 50 values:
    /// mean absolute deviation from Benford's proportions (Nigrini: above 0.015 is nonconformity) and chi-square.
    /// </summary>
    private const string BenfordSql = """
        CREATE OR REPLACE TABLE benford AS
        WITH v AS (
            SELECT coalesce(r.province, '未定') AS province, r.year, m.metric,
                   CAST(left(regexp_replace(CAST(CAST(m.value AS DECIMAL(38, 4)) AS VARCHAR), '^[0.]*', ''), 1) AS INTEGER) AS d
            FROM metrics m JOIN reports r USING (report_id)
            WHERE m.metric IN ('procurement_amount', 'fee_amount') AND m.value >= 1
        ), g AS (SELECT province, year, metric, count(*) AS n FROM v GROUP BY ALL HAVING count(*) >= 50),
        digits AS (SELECT range AS d, log10(1 + 1.0 / range) AS p FROM range(1, 10)),
        obs AS (
            SELECT g.province, g.year, g.metric, g.n, digits.d, digits.p,
                   (SELECT count(*) FROM v WHERE v.province = g.province AND v.year = g.year AND v.metric = g.metric AND v.d = digits.d) AS k
            FROM g CROSS JOIN digits
        )
        SELECT province, year, metric, any_value(n) AS n,
               round(avg(abs(k / n - p)), 5) AS mad,
               round(sum((k - n * p) * (k - n * p) / (n * p)), 3) AS chi_square,
               CASE WHEN avg(abs(k / n - p)) > 0.015 THEN 'nonconformity' WHEN avg(abs(k / n - p)) > 0.012 THEN 'marginal' ELSE 'acceptable' END AS conformity
        FROM obs GROUP BY province, year, metric
        ORDER BY province, year, metric;
        """;

    /// <summary>
    /// The identity checks in one scan of <c>report_facts</c> per template: ingest writes every report's fields in the
    /// same (dictionary) order, so each equation reads its cells by position — guarded by the field name, so a report
    /// stored in another order is skipped rather than misread — and each report yields one row per equation.
    /// </summary>
    private static void Checks(DuckDBConnection c)
    {
        Exec(c, """
            CREATE OR REPLACE TEMP TABLE eq_results (
                report_id VARCHAR, rule_id VARCHAR, eq VARCHAR, lhs DECIMAL(38,4), rhs DECIMAL(38,4),
                complete BOOLEAN, fields VARCHAR[], lines INTEGER[]);
            """);
        foreach (var template in new[] { "2019", "2021" })
        {
            var order = FieldOrder(c, template);
            if (order.Count == 0) continue;
            var structs = new List<string>();
            var guards = new HashSet<string>();
            foreach (var rule in ConsistencyRules.All)
            {
                if (!rule.Equations.TryGetValue(template, out var eqs)) continue;
                foreach (var e in eqs)
                {
                    var all = e.Left.Concat(e.Right).ToList();
                    if (all.Any(f => !order.Contains(f))) continue;
                    int Pos(string f) => order.IndexOf(f) + 1;
                    foreach (var f in all) guards.Add($"rf.field[{Pos(f)}] = '{f}'");
                    string Sum(IEnumerable<string> fs) => string.Join(" + ", fs.Select(f => $"coalesce(rf.value[{Pos(f)}], 0)"));
                    string complete = string.Join(" AND ", all.Select(f => $"rf.status[{Pos(f)}] = 'reported'"));
                    var sorted = e.Left.Select(f => ("L", f)).Concat(e.Right.Select(f => ("R", f))).OrderBy(x => x.Item1).ThenBy(x => x.f, StringComparer.Ordinal).ToList();
                    structs.Add($"{{'rule_id': '{rule.Id}', 'eq': '{e.Name}', 'lhs': {Sum(e.Left)}, 'rhs': {Sum(e.Right)}, 'complete': {complete}, " +
                                $"'fields': [{string.Join(", ", sorted.Select(x => $"'{x.f}'"))}], " +
                                $"'lines': list_filter([{string.Join(", ", sorted.Select(x => $"rf.line[{Pos(x.f)}]"))}], x -> x IS NOT NULL)}}");
                }
            }
            if (structs.Count == 0) continue;
            Exec(c, $"""
                INSERT INTO eq_results
                -- Fields and lines only where the equation fails (all the checks keep of them): at 1M reports the lists
                -- of every equation of every report filled the disk with DuckDB's temporary files.
                SELECT report_id, e.rule_id, e.eq, e.lhs, e.rhs, e.complete,
                       CASE WHEN e.complete AND e.lhs <> e.rhs THEN e.fields END, CASE WHEN e.complete AND e.lhs <> e.rhs THEN e.lines END
                FROM (
                    SELECT rf.report_id, unnest([{string.Join(",\n", structs)}]) AS e
                    FROM report_facts rf
                    WHERE {OfTemplate(template)} AND {string.Join(" AND ", guards)}
                );
                """);
        }
        Step("checks: identities", () => Exec(c, """
            CREATE OR REPLACE TEMP TABLE checks_unsorted AS
            SELECT report_id, rule_id,
                   CASE WHEN bool_or(complete AND lhs <> rhs) THEN 'failed'
                        WHEN bool_or(complete) THEN 'passed' ELSE 'not_applicable' END AS status,
                   arg_min(lhs, eq) FILTER (WHERE complete AND lhs <> rhs)::DOUBLE AS expected,
                   arg_min(rhs, eq) FILTER (WHERE complete AND lhs <> rhs)::DOUBLE AS actual,
                   coalesce(array_to_string(in_key_order(list(by_key(eq, eq || '：' || lhs::BIGINT || ' ≠ ' || rhs::BIGINT)) FILTER (WHERE complete AND lhs <> rhs)), '；'),
                            CASE WHEN bool_or(NOT complete) THEN '未检查（有空白或未识别的格）：' || array_to_string(in_key_order(list(by_key(eq, eq)) FILTER (WHERE NOT complete)), '、') END) AS detail,
                   flatten(in_key_order(list(by_key(eq, fields)) FILTER (WHERE complete AND lhs <> rhs))) AS fields,
                   flatten(in_key_order(list(by_key(eq, lines)) FILTER (WHERE complete AND lhs <> rhs))) AS lines,
                   NULL::VARCHAR AS compared_report_id, NULL::INTEGER[] AS compared_lines
            FROM eq_results GROUP BY report_id, rule_id;
            DROP TABLE eq_results;
            """));
        // One rule at a time: each scans the facts on its own, and together they would hold too much at once.
        foreach (var rule in CustomRules.All)
            Step($"checks: {rule.Id}", () => Exec(c, $"INSERT INTO checks_unsorted (report_id, rule_id, status, expected, actual, detail, fields, lines) SELECT * FROM (\n{rule.Sql}\n);"));
    }

    /// <summary>
    /// The checks table, written once from the rows every rule appended (in-report and cross-year), in a set order.
    /// Sorting a table into itself after altering it crashed DuckDB (a segfault at 100k reports), so it is built here.
    /// </summary>
    private static void SortChecks(DuckDBConnection c, int reportsPerSlice)
    {
        CreateSorted(c, "checks", "checks_unsorted", "report_id, rule_id", ReportSlices(c, reportsPerSlice));
        Exec(c, "DROP TABLE checks_unsorted");
    }

    /// <summary>The peer statistics of robust_z: median and MAD of the log of the non-zero values per metric, level (and year).</summary>
    private static string PeerStatsSql => $"""
        CREATE OR REPLACE TEMP TABLE peer_values AS
        SELECT m.report_id, r.sha256, m.metric, m.value, m.fields, m.lines, r.agency_level, r.year, ln(m.value) AS lv
        FROM metrics m JOIN reports r USING (report_id)
        WHERE m.value > 0 AND r.year IS NOT NULL AND m.metric NOT IN ('granted_share');

        CREATE OR REPLACE TEMP TABLE peer_stats AS
        WITH s AS (
            SELECT metric, agency_level, year, median(lv) AS med, median(value) AS med_value, count(*) AS n
            FROM peer_values GROUP BY GROUPING SETS ((metric, agency_level, year), (metric, agency_level))
        )
        SELECT s.*, (SELECT median(abs(v.lv - s.med)) FROM peer_values v
                     WHERE v.metric = s.metric AND v.agency_level = s.agency_level AND (s.year IS NULL OR v.year = s.year)) AS mad
        FROM s;
        """;

    /// <summary>
    /// A metric's median over the same agency's other years, for the agencies of one slice (an agency's reports are
    /// always in the same slice): the self-join of every agency's years held too many groups at once at 1M reports.
    /// </summary>
    private static string OwnYearsSql(string slice) => $"""
        WITH a AS (
            SELECT m.report_id, r.sha256, m.metric, m.value, m.fields, m.lines, r.year,
                   {AgencyKey} AS agency_key
            FROM metrics m JOIN reports r USING (report_id)
            WHERE r.year IS NOT NULL AND m.value >= 0 AND {slice} AND m.metric IN ({string.Join(", ", OwnYearsMetrics.Select(x => $"'{x}'"))})
        )
        , own AS (
            -- Grouped on the report and metric alone, the years listed without an ordered DISTINCT aggregate: both held
            -- every group's rows at once (out of memory at 1M reports).
            SELECT a.report_id, a.metric, median(o.value) AS own_med,
                   array_to_string(list_sort(list_distinct(list(CAST(o.year AS VARCHAR)))), '、') AS own_years
            FROM a JOIN a o ON o.agency_key = a.agency_key AND o.metric = a.metric AND o.year <> a.year
            GROUP BY a.report_id, a.metric
        )
        SELECT a.report_id, a.sha256, a.metric, a.value, a.fields, a.lines, own.own_med, own.own_years
        FROM a JOIN own USING (report_id, metric);
        """;

    /// <summary>
    /// Flags: every failed check; every metric far above its peers (<c>robust_z</c>: robust z-score of the log of the
    /// non-zero values within the nation, same level and year — or, in groups of fewer than <see cref="MinPeers"/>, the
    /// same level over all years — and at least <see cref="MinRatio"/> times the group median); every table 二 count far
    /// above the agency's own other years (<c>own_years</c>); and PCA's unusual combinations. Zeros are left out of the
    /// peer statistics: many 街道 hold no 行政处罚 power at all, and a group half of zeros has a median of 0 and a MAD
    /// that makes every modest count look extreme. flag_id is stable: the same report content and detector give the
    /// same id, so reviews survive re-ingest and re-analysis.
    /// </summary>
    private static void Flags(DuckDBConnection c, int reportsPerSlice)
    {
        Exec(c, PeerStatsSql);
        long slices = Math.Max(1, (ReportCount(c) + reportsPerSlice - 1) / reportsPerSlice);
        for (long i = 0; i < slices; i++)
            Exec(c, (i == 0 ? "CREATE OR REPLACE TEMP TABLE own_years AS\n" : "INSERT INTO own_years\n") +
                    OwnYearsSql(slices == 1 ? "true" : $"hash({AgencyKey}) % {slices} = {i}"));
        Exec(c, FlagsSql);
    }

    private static string FlagsSql => $"""
        CREATE OR REPLACE TABLE flags AS
        WITH rule_flags AS (
            SELECT c.report_id, r.sha256, 'rule:' || c.rule_id AS detector, coalesce(c.fields[1], c.rule_id) AS subject,
                   1.0 AS score, d.severity,
                   d.description || '：' || coalesce(c.detail, '') AS explanation,
                   d.description_en || ': ' || coalesce(c.detail, '') AS explanation_en,
                   c.fields, list_sort(list_distinct(c.lines)) AS lines
            FROM checks c JOIN reports r USING (report_id) JOIN rule_dictionary d USING (rule_id)
            WHERE c.status = 'failed'
        ), z AS (
            SELECT v.report_id, v.sha256, v.metric, v.value, v.fields, v.lines, v.agency_level, v.year,
                   coalesce(y.med_value, l.med_value) AS med_value, coalesce(y.n, l.n) AS n, y.n IS NULL AS all_years,
                   (v.lv - coalesce(y.med, l.med)) / greatest(1.4826 * coalesce(y.mad, l.mad), {MinScale}) AS z
            FROM peer_values v
            LEFT JOIN peer_stats y ON y.metric = v.metric AND y.agency_level = v.agency_level AND y.year = v.year AND y.n >= {MinPeers}
            JOIN peer_stats l ON l.metric = v.metric AND l.agency_level = v.agency_level AND l.year IS NULL
            WHERE y.n IS NOT NULL OR l.n >= {MinPeers}
        ), z_flags AS (
            SELECT z.report_id, z.sha256, 'robust_z' AS detector, z.metric AS subject, round(abs(z.z), 2) AS score,
                   CASE WHEN abs(z.z) >= 6 THEN 'warning' ELSE 'info' END AS severity,
                   printf('%s %s %s，为同级%s（%s，有此项的 %d 份）中位数 %s %s的 %s 倍（稳健 z = %.1f）',
                          d.label, fmt_num(z.value), d.unit, z.agency_level, CASE WHEN z.all_years THEN '各年' ELSE z.year || ' 年' END, z.n,
                          fmt_num(z.med_value), d.unit, printf('%.1f', z.value / z.med_value), z.z) AS explanation,
                   printf('%s: %s %s, %s times the median %s of %d %s reports %s with a non-zero value (robust z = %.1f)',
                          d.label_en, fmt_num(z.value), d.unit, printf('%.1f', z.value / z.med_value),
                          fmt_num(z.med_value), z.n, z.agency_level, CASE WHEN z.all_years THEN 'of all years' ELSE 'of ' || z.year END, z.z) AS explanation_en,
                   z.fields, z.lines
            FROM z JOIN metric_dictionary d USING (metric)
            -- High outliers only: an agency that reports little is common and not an error in the report.
            WHERE z.z >= {ZThreshold} AND z.value >= {MinRatio} * greatest(z.med_value, 1)
        ), own_flags AS (
            SELECT o.report_id, o.sha256, 'own_years' AS detector, o.metric AS subject,
                   round(o.value / greatest(o.own_med, 1), 1) AS score,
                   CASE WHEN o.value >= 100 * greatest(o.own_med, 1) THEN 'warning' ELSE 'info' END AS severity,
                   printf('%s %s %s，为本机关其他年度（%s 年）中位数 %s %s的 %s 倍',
                          d.label, fmt_num(o.value), d.unit, o.own_years, fmt_num(o.own_med), d.unit,
                          printf('%.1f', o.value / o.own_med)) AS explanation,
                   printf('%s: %s %s, %s times the median %s of the same agency''s other years (%s)',
                          d.label_en, fmt_num(o.value), d.unit, printf('%.1f', o.value / o.own_med),
                          fmt_num(o.own_med), replace(o.own_years, '、', ', ')) AS explanation_en,
                   o.fields, o.lines
            FROM own_years o JOIN metric_dictionary d USING (metric)
            -- Not against a history of zeros: a count where there was none is a power gained, not a multiplied figure.
            WHERE o.own_med > 0 AND o.value >= {OwnYearsRatio} * greatest(o.own_med, 1)
        ), pca AS (
            SELECT p.report_id, p.sha256, 'pca' AS detector, p.subject, round(p.score, 3) AS score, 'info' AS severity,
                   p.explanation, p.explanation_en, m.fields, m.lines
            FROM pca_flags p
            -- Only the flagged reports' metrics: grouping every report's lists ran out of memory at 1M reports.
            -- In metric order, as the metrics table is sorted: a report's rows may straddle two of DuckDB's row groups.
            LEFT JOIN (SELECT report_id, flatten(list(fields ORDER BY metric)) AS fields, flatten(list(lines ORDER BY metric)) AS lines FROM metrics
                       WHERE report_id IN (SELECT report_id FROM pca_flags) GROUP BY report_id) m USING (report_id)
        ), all_flags AS (
            SELECT * FROM rule_flags UNION ALL SELECT * FROM z_flags UNION ALL SELECT * FROM own_flags UNION ALL SELECT * FROM pca
        )
        SELECT left(sha256(sha256 || '|' || detector || '|' || subject), 16) AS flag_id,
               report_id, subject, detector, score, severity, explanation, explanation_en, fields, lines
        FROM all_flags
        ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, score DESC, report_id, detector, subject;

        CREATE OR REPLACE VIEW flag_reviews AS
        SELECT f.*, coalesce(r.status, 'open') AS review_status, r.note AS review_note, r.reviewed_at
        FROM flags f LEFT JOIN (SELECT * FROM reviews QUALIFY row_number() OVER (PARTITION BY flag_id ORDER BY reviewed_at DESC) = 1) r USING (flag_id);
        """;

    /// <summary>GOVREPORT_TRACE=1 prints each step's time and the process's peak RSS so far to stderr (for benchmarks
    /// and memory hunts); GOVREPORT_TRACE=2 each step's own peak as well.</summary>
    internal static void Step(string name, Action action)
    {
        string? level = Environment.GetEnvironmentVariable("GOVREPORT_TRACE");
        bool trace = level is "1" or "2";
        long? before = trace ? PeakRssMb() : null;
        // GOVREPORT_TRACE=2 also prints the step's own peak: writing 5 to clear_refs resets VmHWM to the current RSS
        // (Linux), so what a step adds shows even after an earlier step set the peak. It also resets what the kernel
        // reports as the process's peak (/usr/bin/time, the bench), hence not at 1; the peak so far is kept here.
        bool perStep = level == "2";
        if (perStep) ResetPeakRss();
        var sw = Stopwatch.StartNew();
        action();
        if (trace)
        {
            long? own = PeakRssMb();
            _peakSoFar = Math.Max(_peakSoFar, Math.Max(before ?? 0, own ?? 0));
            Console.Error.WriteLine(perStep
                ? $"analyze: {name} {sw.Elapsed.TotalSeconds:0.00} s (peak RSS in the step {own} MB, so far {_peakSoFar} MB)"
                : $"analyze: {name} {sw.Elapsed.TotalSeconds:0.00} s (peak RSS so far {own} MB)");
        }
    }

    private static long _peakSoFar;

    private static void ResetPeakRss()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static long? PeakRssMb() =>
        File.Exists("/proc/self/status") && File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) is { } l
            ? long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024 : null;

    internal static void Exec(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static long ReportCount(DuckDBConnection c) => Convert.ToInt64(Scalar(c, "SELECT count(*) FROM reports"));

    private static object? Scalar(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
