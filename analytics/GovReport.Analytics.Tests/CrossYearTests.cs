using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;

namespace GovReport.Analytics.Tests;

/// <summary>
/// The real 平潭综合实验区 series as a multi-year test: the 2019, 2021, 2022, 2023 pages (Series/) and the 2025 page
/// (Series2025/). Expected values read by hand from the pages' tables and meta PubDate:
/// <list type="bullet">
/// <item>table 三 四、结转下年度继续办理: 2021 1/0/0/0/0/0/1, 2022 all 0; 二、上年结转: 2022 1/0/0/0/0/0/1, 2023 all 0 —
/// the carry-over holds 2021 → 2022 and 2022 → 2023;</item>
/// <item>行政规范性文件 本年制发 / 本年废止 / 现行有效: 2021 69/3/665, 2022 88/55/698, 2023 77/132/470. 2022: 665 + 88 − 55
/// = 698 holds; 2023: 698 + 77 − 132 = 643, but 470 is printed (−173). 规章 0/0/0 every year;</item>
/// <item>no 2020 and no 2024 report in the series;</item>
/// <item>PubDate 2020-01-20, 2022-02-08, 2023-02-20, 2024-03-08, 2026-03-10: all before 3月31日.</item>
/// </list>
/// </summary>
public sealed class CrossYearTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-crossyear-").FullName;
    private readonly ReportStore _store;

    public CrossYearTests()
    {
        _store = ReportStore.Open(Path.Combine(_dir, "c.duckdb"));
        IngestPipeline.RunAsync([Path.Combine(AppContext.BaseDirectory, "Series"), Path.Combine(AppContext.BaseDirectory, "Series2025")], _store, new IngestOptions())
            .GetAwaiter().GetResult();
        Analyzer.Run(_store.Connection);
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private object? Scalar(string sql) => _store.Scalar(sql);

    private string Status(int year, string rule) =>
        (string)Scalar($"SELECT c.status FROM checks c JOIN reports r USING (report_id) WHERE r.year = {year} AND c.rule_id = '{rule}'")!;

    private string Id(int year) => (string)Scalar($"SELECT report_id FROM reports WHERE year = {year}")!;

    [Fact]
    public void The_five_pingtan_reports_are_one_agency()
    {
        Assert.Equal(1L, Scalar("SELECT count(*) FROM agencies"));
        Assert.Equal(5L, Scalar("SELECT count(DISTINCT report_id) FROM report_agencies WHERE counts"));
        Assert.Equal("350128:平潭综合实验区", Scalar("SELECT agency_id FROM agencies"));
        Assert.Equal("[2019, 2021, 2022, 2023, 2025]", Scalar("SELECT CAST(years AS VARCHAR) FROM agencies"));
        Assert.Null(Scalar("SELECT diagnostic FROM agencies"));
    }

    [Fact]
    public void Carry_over_holds_from_2021_to_2022_and_2022_to_2023()
    {
        Assert.Equal("not_applicable", Status(2019, "CROSS-CARRY-OVER"));
        Assert.Equal("not_applicable", Status(2021, "CROSS-CARRY-OVER")); // the previous report is 2019: not adjacent
        Assert.Equal("passed", Status(2022, "CROSS-CARRY-OVER"));
        Assert.Equal("passed", Status(2023, "CROSS-CARRY-OVER"));
        Assert.Equal("not_applicable", Status(2025, "CROSS-CARRY-OVER"));
        Assert.Equal(Id(2021), Scalar("SELECT c.compared_report_id FROM checks c JOIN reports r USING (report_id) WHERE r.year = 2022 AND c.rule_id = 'CROSS-CARRY-OVER'"));
        // 2019 template item counts: only one 2019-template report, nothing to compare.
        Assert.Equal(0L, Scalar("SELECT count(*) FROM checks WHERE rule_id = 'CROSS-ITEMS-2019' AND status <> 'not_applicable'"));
    }

    [Fact]
    public void Documents_in_force_hold_in_2022_and_differ_by_173_in_2023()
    {
        Assert.Equal("passed", Status(2022, "CROSS-STOCK-2021"));
        Assert.Equal("failed", Status(2023, "CROSS-STOCK-2021"));
        Assert.Equal(643d, Scalar("SELECT c.expected FROM checks c JOIN reports r USING (report_id) WHERE r.year = 2023 AND c.rule_id = 'CROSS-STOCK-2021'"));
        Assert.Equal(470d, Scalar("SELECT c.actual FROM checks c JOIN reports r USING (report_id) WHERE r.year = 2023 AND c.rule_id = 'CROSS-STOCK-2021'"));
        Assert.Equal(Id(2022), Scalar("SELECT c.compared_report_id FROM checks c JOIN reports r USING (report_id) WHERE r.year = 2023 AND c.rule_id = 'CROSS-STOCK-2021'"));
        // The 2021 template was not used in 2019: 2019 → 2021 is not compared (and not adjacent).
        Assert.Equal("not_applicable", Status(2021, "CROSS-STOCK-2021"));
        // A flag like any failed check: info, with both reports and the numbers in its explanation, and its lines.
        string explanation = (string)Scalar("SELECT f.explanation FROM flags f JOIN reports r USING (report_id) WHERE r.year = 2023 AND f.detector = 'rule:CROSS-STOCK-2021'")!;
        foreach (var s in new[] { "470", "698", "77", "132", "643", "-173", Id(2022) }) Assert.Contains(s, explanation);
        Assert.Equal("info", Scalar("SELECT f.severity FROM flags f JOIN reports r USING (report_id) WHERE r.year = 2023 AND f.detector = 'rule:CROSS-STOCK-2021'"));
        Assert.Equal("open", Scalar("SELECT f.review_status FROM flag_reviews f JOIN reports r USING (report_id) WHERE r.year = 2023 AND f.detector = 'rule:CROSS-STOCK-2021'"));
        Assert.True(Convert.ToInt64(Scalar("SELECT len(f.lines) FROM flags f JOIN reports r USING (report_id) WHERE r.year = 2023 AND f.detector = 'rule:CROSS-STOCK-2021'")) >= 1);
    }

    [Fact]
    public void The_missing_2020_and_2024_reports_are_found()
    {
        Assert.Equal("not_applicable", Status(2019, "CROSS-YEAR-MISSING"));
        Assert.Equal("failed", Status(2021, "CROSS-YEAR-MISSING"));
        Assert.Equal("passed", Status(2022, "CROSS-YEAR-MISSING"));
        Assert.Equal("passed", Status(2023, "CROSS-YEAR-MISSING"));
        Assert.Equal("failed", Status(2025, "CROSS-YEAR-MISSING"));
        Assert.Contains("缺少 2020 年度报告", (string)Scalar("SELECT c.detail FROM checks c JOIN reports r USING (report_id) WHERE r.year = 2021 AND c.rule_id = 'CROSS-YEAR-MISSING'")!);
        Assert.Contains("缺少 2024 年度报告", (string)Scalar("SELECT c.detail FROM checks c JOIN reports r USING (report_id) WHERE r.year = 2025 AND c.rule_id = 'CROSS-YEAR-MISSING'")!);
        // Five different sets of tables: no year repeats another.
        Assert.Equal(0L, Scalar("SELECT count(*) FROM checks WHERE rule_id = 'CROSS-REPEATED-TABLES' AND status = 'failed'"));
    }

    [Fact]
    public void Every_report_was_published_before_the_31_march_deadline()
    {
        var rows = _store.Query("SELECT year, CAST(published_on AS VARCHAR), CAST(deadline AS VARCHAR), timeliness, days_late FROM report_quality ORDER BY year").Rows;
        Assert.Equal(new object?[] { 2019, "2020-01-20", "2020-03-31", "on_time", -71 }, rows[0]);
        Assert.Equal(new object?[] { 2021, "2022-02-08", "2022-03-31", "on_time", -51 }, rows[1]);
        Assert.Equal(new object?[] { 2022, "2023-02-20", "2023-03-31", "on_time", -39 }, rows[2]);
        Assert.Equal(new object?[] { 2023, "2024-03-08", "2024-03-31", "on_time", -23 }, rows[3]);
        Assert.Equal(new object?[] { 2025, "2026-03-10", "2026-03-31", "on_time", -21 }, rows[4]);
        Assert.Contains("第四十九条", (string)Scalar("SELECT deadline_basis FROM report_quality WHERE year = 2023")!);
    }

    [Fact]
    public void The_quality_score_is_the_sum_of_its_parts_and_ranked_apart_from_the_metrics()
    {
        Assert.Equal(0L, Scalar("""
            SELECT count(*) FROM report_quality
            WHERE abs(score - (score_completeness + score_conformance + score_checks + score_cross_year + score_timeliness)) > 0.051
               OR score < 0 OR score > 100
            """));
        // The pages are complete, on time, and pass every check that is scored (the stock-flow rule is info only).
        Assert.Equal(5L, Scalar("SELECT count(*) FROM report_quality WHERE score = 100"));
        Assert.Equal(5L, Scalar("SELECT count(*) FROM quality_rankings WHERE peer_group = 'nation'"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM rankings WHERE metric LIKE '%score%' OR metric LIKE '%quality%'"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM send_back"));
        Assert.Equal("[CROSS-STOCK-2021]", Scalar("SELECT CAST(cross_year_failed AS VARCHAR) FROM agency_timeline WHERE year = 2023"));
        Assert.Equal("[CROSS-YEAR-MISSING]", Scalar("SELECT CAST(cross_year_failed AS VARCHAR) FROM agency_timeline WHERE year = 2025"));
        Assert.Equal(5L, Scalar("SELECT count(*) FROM agency_timeline"));
    }
}

/// <summary>
/// Bad input: the 2019 平潭 report twice, as the saved page (012, first ingest) and as the crawler's plain-text capture
/// of the same page (003, second ingest). Both state 发布时间 / PubDate 2020-01-20 15:22, so the later ingest run decides.
/// </summary>
public sealed class CrossYearDuplicateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-crossyear-dup-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Two_reports_for_one_agency_and_year_are_kept_and_only_one_counts()
    {
        using var store = ReportStore.Open(Path.Combine(_dir, "d.duckdb"));
        await IngestPipeline.RunAsync([Path.Combine(AppContext.BaseDirectory, "Series")], store, new IngestOptions());
        await IngestPipeline.RunAsync([Path.Combine(AppContext.BaseDirectory, "Capture2019")], store, new IngestOptions());
        Analyzer.Run(store.Connection);
        Assert.Equal(2L, store.Scalar("SELECT count(*) FROM report_agencies WHERE year = 2019"));
        Assert.Equal(1L, store.Scalar("SELECT count(*) FROM report_agencies WHERE year = 2019 AND counts"));
        string capture = (string)store.Scalar("SELECT report_id FROM reports WHERE source_path LIKE '%003_fujian%'")!;
        string page = (string)store.Scalar("SELECT report_id FROM reports WHERE source_path LIKE '%012_fujian%'")!;
        Assert.Equal(capture, store.Scalar("SELECT report_id FROM report_agencies WHERE year = 2019 AND counts"));
        Assert.Equal(capture, store.Scalar($"SELECT superseded_by FROM report_agencies WHERE report_id = '{page}'"));
        Assert.Equal("failed", store.Scalar($"SELECT status FROM checks WHERE report_id = '{page}' AND rule_id = 'CROSS-SAME-YEAR'"));
        Assert.Equal("passed", store.Scalar($"SELECT status FROM checks WHERE report_id = '{capture}' AND rule_id = 'CROSS-SAME-YEAR'"));
        // Never added up: one agency, one 2019 in the cross-year pairs and in the quality ranking.
        Assert.Equal(1L, store.Scalar("SELECT count(*) FROM agencies"));
        Assert.Equal(1L, store.Scalar("SELECT count(*) FROM quality_rankings q JOIN reports r USING (report_id) WHERE r.year = 2019 AND q.peer_group = 'nation'"));
        Assert.Equal(capture, store.Scalar("SELECT c.compared_report_id FROM checks c JOIN reports r USING (report_id) WHERE r.year = 2021 AND c.rule_id = 'CROSS-YEAR-MISSING'"));
    }
}
