using GovReport.Analytics;
using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;

namespace GovReport.Notebooks.Tests;

/// <summary>data/sample ingested and analysed once, as `./govreport demo` does; shared by the tests of a class.</summary>
public sealed class SampleDatabase : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-notebooks-").FullName;

    public ReportStore Store { get; }

    public SampleDatabase()
    {
        Store = ReportStore.Open(Path.Combine(_dir, "sample.duckdb"));
        IngestPipeline.RunAsync([Path.Combine(AppContext.BaseDirectory, "Fixtures", "sample")], Store, new IngestOptions()).GetAwaiter().GetResult();
        Analyzer.Run(Store.Connection);
    }

    public static string Notebook(string name) => Path.Combine(AppContext.BaseDirectory, "Notebooks", name);

    public void Dispose()
    {
        Store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
