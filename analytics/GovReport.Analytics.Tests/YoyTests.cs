using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;

namespace GovReport.Analytics.Tests;

/// <summary>The 平潭 series (2019, 2021, 2022, 2023 pages): 行政处罚 430, 1282, 2113, 1330, read from the pages.</summary>
public sealed class YoyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-yoy-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Penalty_decisions_across_the_template_change()
    {
        using var store = ReportStore.Open(Path.Combine(_dir, "y.duckdb"));
        await IngestPipeline.RunAsync([Path.Combine(AppContext.BaseDirectory, "Series")], store, new IngestOptions());
        Analyzer.Run(store.Connection);
        var rows = store.Query("SELECT prev_year, year, prev_value, value, comparability, gap FROM yoy WHERE metric = 'penalty_decisions' ORDER BY year").Rows;
        Assert.Equal(3, rows.Count);
        Assert.Equal(new object?[] { 2019, 2021, 430d, 1282d, "comparable across templates", true }, rows[0]);
        Assert.Equal(new object?[] { 2021, 2022, 1282d, 2113d, "comparable", false }, rows[1]);
        Assert.Equal(new object?[] { 2022, 2023, 2113d, 1330d, "comparable", false }, rows[2]);
        // 采购 exists only in 2019: it never pairs across the change.
        Assert.Equal(0L, store.Scalar("SELECT count(*) FROM yoy WHERE metric LIKE 'procurement%'"));
        Assert.Equal("approximate: 本年新制作数量 (2019) vs 本年制发件数 (2021)", store.Scalar("SELECT comparability FROM yoy WHERE metric = 'normdocs_issued' AND year = 2021"));
        // A real agency's counts move within a few times from year to year: own_years has nothing to say about them.
        Assert.Equal(0L, store.Scalar("SELECT count(*) FROM flags WHERE detector = 'own_years'"));
        Assert.True(Convert.ToInt64(store.Scalar("SELECT count(*) FROM metrics WHERE metric IN ('license_decisions', 'penalty_decisions', 'coercion_decisions')")) >= 9);
    }
}
