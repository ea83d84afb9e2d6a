using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;
using GovReport.Synth;

namespace GovReport.Analytics.Tests;

/// <summary>
/// Analysis in slices (what runs above <see cref="Analyzer.ReportsPerSlice"/> reports) gives the same tables as in one
/// piece, on a synthetic corpus whose agencies have several years, so that the agency-sliced own-years statistics and
/// the cross-year rules have something to compare.
/// </summary>
public sealed class SliceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-slices-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Slices_of_a_multi_year_corpus_give_the_same_tables()
    {
        string corpus = Path.Combine(_dir, "corpus");
        SynthGenerator.Write(new SynthOptions(800, 13, DefectRate: 0.2), corpus);
        using var store = ReportStore.Open(Path.Combine(_dir, "s.duckdb"));
        await IngestPipeline.RunAsync([corpus], store, new IngestOptions());
        string Dump(string table) => TableDump.Of(store, table);
        string[] tables = ["metrics", "rankings", "checks", "flags", "report_quality", "agencies"];

        Analyzer.Run(store.Connection);
        var whole = tables.Select(Dump).ToList();
        Assert.True(Convert.ToInt64(store.Scalar("SELECT count(*) FROM flags WHERE detector = 'own_years'")) > 0);
        Analyzer.Run(store.Connection, reportsPerSlice: 150);
        for (int i = 0; i < tables.Length; i++) Assert.True(whole[i] == Dump(tables[i]), $"{tables[i]} differs when analysed in slices");
    }
}
