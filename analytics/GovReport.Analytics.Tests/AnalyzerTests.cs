using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;

namespace GovReport.Analytics.Tests;

/// <summary>
/// Analytics over the five seeds (and the 洪泽 2023 PDF, whose table 四 does not add up as published). The anomalies
/// are read by hand from the reports: 剑南街道 一 = 1 but （七）总计 = 0; 桂溪街道 states 106 items and lists 102;
/// 长庆街道 prints 496 and 86 under 本年增/减 with dashes elsewhere; 剑光街道's 1072991.52 has no unit; 洪泽区 table 四
/// 复议 10+1+0+0 with 总计 0.
/// </summary>
public sealed class AnalyzerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-analytics-").FullName;
    private readonly ReportStore _store;

    public AnalyzerTests()
    {
        _store = ReportStore.Open(Path.Combine(_dir, "a.duckdb"));
        IngestPipeline.RunAsync([Path.Combine(AppContext.BaseDirectory, "Fixtures")], _store, new IngestOptions()).GetAwaiter().GetResult();
        Analyzer.Run(_store.Connection);
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private object? Scalar(string sql) => _store.Scalar(sql);

    private string Check(string agency, string rule) =>
        (string)Scalar($"SELECT c.status FROM checks c JOIN reports r USING (report_id) WHERE r.agency_short = '{agency}' AND c.rule_id = '{rule}'")!;

    [Fact]
    public void Broken_balance_of_jiannan_is_flagged_and_the_clean_seeds_pass()
    {
        Assert.Equal("failed", Check("剑南街道", "S3-BALANCE"));
        Assert.Equal(1d, Scalar("SELECT c.expected FROM checks c JOIN reports r USING (report_id) WHERE r.agency_short = '剑南街道' AND rule_id = 'S3-BALANCE'"));
        Assert.Equal(0d, Scalar("SELECT c.actual FROM checks c JOIN reports r USING (report_id) WHERE r.agency_short = '剑南街道' AND rule_id = 'S3-BALANCE'"));
        foreach (var clean in new[] { "剑光街道", "桂溪街道" }) Assert.Equal("passed", Check(clean, "S3-BALANCE"));
        // 长庆街道's table 三 is all dashes: nothing to check, not a pass.
        Assert.Equal("not_applicable", Check("长庆街道", "S3-BALANCE"));
        // 浮山街道 lost rows 一, 二, （一）: the balance cannot be checked either.
        Assert.Equal("not_applicable", Check("浮山街道", "S3-BALANCE"));
    }

    [Fact]
    public void Each_anomaly_of_the_seeds_is_flagged_with_an_explanation()
    {
        string Explanation(string agency, string detector) =>
            (string)Scalar($"SELECT f.explanation FROM flags f JOIN reports r USING (report_id) WHERE r.agency_short = '{agency}' AND f.detector = '{detector}'")!;
        Assert.Contains("106", Explanation("桂溪街道", "rule:NARRATIVE-PROACTIVE"));
        Assert.Contains("102", Explanation("桂溪街道", "rule:NARRATIVE-PROACTIVE"));
        Assert.Contains("496", Explanation("长庆街道", "rule:S2-WRONG-COLUMN"));
        Assert.Contains("1072991.52", Explanation("剑光街道", "rule:UNIT-ASSUMED"));
        Assert.Contains("1 ≠ 0", Explanation("剑南街道", "rule:S3-BALANCE"));
        Assert.Contains("0 ≠ 11", Explanation("洪泽区人民政府", "rule:S4-TOTALS"));
        // The clean parts are not flagged: no rule flag on 浮山街道, none of the identity rules on 桂溪街道.
        Assert.Equal(0L, Scalar("SELECT count(*) FROM flags f JOIN reports r USING (report_id) WHERE r.agency_short = '浮山街道'"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM flags f JOIN reports r USING (report_id) WHERE r.agency_short = '桂溪街道' AND f.detector LIKE 'rule:S%'"));
        // Every flag names the source lines it rests on.
        Assert.Equal(0L, Scalar("SELECT count(*) FROM flags WHERE len(lines) = 0 AND detector NOT IN ('rule:TABLE-MISSING')"));
    }

    [Fact]
    public void Rankings_by_procurement_amount_put_changqing_first_and_jiannan_last()
    {
        var rows = _store.Query("""
            SELECT r.agency_short, k.rank, k.group_size FROM rankings k JOIN reports r USING (report_id)
            WHERE k.metric = 'procurement_amount' AND k.peer_group = 'nation' AND k.agency_level = '街道' AND k.year = 2020 ORDER BY k.rank
            """).Rows;
        Assert.Equal("长庆街道", rows[0][0]);
        Assert.Equal("剑南街道", rows[^1][0]);
        Assert.Equal(5L, rows[0][2]);
        // Same county (丰城市): 剑光 above 剑南.
        var county = _store.Query("SELECT r.agency_short FROM rankings k JOIN reports r USING (report_id) WHERE k.metric = 'procurement_amount' AND k.peer_group = 'county' AND k.peer_key = '360981' ORDER BY k.rank").Rows;
        Assert.Equal(["剑光街道", "剑南街道"], county.Select(r => (string)r[0]!));
    }

    [Fact]
    public void Metrics_follow_the_template_mapping()
    {
        // 2021 reports have no procurement; 2019 reports no fee amount (reference §7: not forced together).
        Assert.Equal(0L, Scalar("SELECT count(*) FROM metrics m JOIN reports r USING (report_id) WHERE r.template = '2021' AND m.metric LIKE 'procurement%'"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM metrics m JOIN reports r USING (report_id) WHERE r.template = '2019' AND m.metric = 'fee_amount'"));
        Assert.Equal(560000d, Scalar("SELECT value FROM metrics m JOIN reports r USING (report_id) WHERE r.agency_short = '剑南街道' AND metric = 'procurement_amount'"));
        // 浮山街道: 2249470.45 元 over 30 projects.
        Assert.Equal(2249470.45 / 30, (double)Scalar("SELECT value FROM metrics m JOIN reports r USING (report_id) WHERE r.agency_short = '浮山街道' AND metric = 'amount_per_project'")!, 6);
    }

    [Fact]
    public void Metrics_of_a_report_stored_in_another_field_order_are_read_by_name()
    {
        const string Jiannan = "(SELECT report_id FROM reports WHERE agency_short = '剑南街道')";
        string Rows() => string.Join("\n", _store.Query($"SELECT metric, value, fields, lines FROM metrics WHERE report_id = {Jiannan} ORDER BY metric").Rows
            .Select(r => string.Join("|", r.Select(v => v is System.Collections.IEnumerable e and not string ? string.Join(",", e.Cast<object?>()) : v?.ToString()))));
        string before = Rows();
        // The same facts stored back to front, with their field list: a positional reader would misread every metric.
        _store.Execute($"""
            UPDATE fact_store fs SET field = (SELECT list_reverse(rf.field) FROM report_facts rf WHERE rf.report_id = fs.report_id),
                   value = list_reverse(value), line = list_reverse(line), x_pos = list_transform(x_pos, p -> len(value) + 1 - p)
            WHERE report_id = {Jiannan}
            """);
        Assert.Equal(1L, Scalar("SELECT count(*) FROM fact_store WHERE field IS NOT NULL"));
        Analyzer.Run(_store.Connection);
        Assert.Equal(560000d, Scalar($"SELECT value FROM metrics WHERE report_id = {Jiannan} AND metric = 'procurement_amount'"));
        Assert.Equal(before, Rows());
    }

    [Fact]
    public void Analysis_in_slices_writes_the_same_tables_in_the_same_order()
    {
        string Dump(string table) => TableDump.Of(_store, table);
        string[] tables = ["metrics", "rankings", "checks", "flags", "report_quality"];
        var whole = tables.Select(Dump).ToList();
        Assert.True(Convert.ToInt64(Scalar("SELECT count(*) FROM reports")) > 4);
        // Two reports per slice: metrics and checks are written in several report_id slices, rankings one metric at a time.
        Analyzer.Run(_store.Connection, reportsPerSlice: 2);
        Assert.Equal(whole, tables.Select(Dump).ToList());
    }

    [Fact]
    public void Flag_ids_are_stable_and_reviews_survive_reanalysis()
    {
        var before = _store.Query("SELECT flag_id FROM flags ORDER BY 1").Rows.Select(r => (string)r[0]!).ToList();
        string id = before[0];
        _store.Query("INSERT INTO reviews VALUES ($1, 'confirmed', 'checked against the paper copy', now()::TIMESTAMP) RETURNING flag_id", id);
        Analyzer.Run(_store.Connection);
        var after = _store.Query("SELECT flag_id FROM flags ORDER BY 1").Rows.Select(r => (string)r[0]!).ToList();
        Assert.Equal(before, after);
        Assert.Equal("confirmed", Scalar($"SELECT review_status FROM flag_reviews WHERE flag_id = '{id}'"));
        Assert.Equal("open", Scalar($"SELECT review_status FROM flag_reviews WHERE flag_id <> '{id}' LIMIT 1"));
    }

    [Fact]
    public void Rule_ids_are_unique_and_described()
    {
        var ids = ConsistencyRules.All.Select(r => r.Id).Concat(CustomRules.All.Select(r => r.Id)).Concat(CrossYearRules.All.Select(r => r.Id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ConsistencyRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Description)));
        Assert.All(CustomRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Description)));
        Assert.Equal(ids.Count * 6L, Scalar("SELECT count(*) FROM checks")); // one row per rule per report
    }
}
