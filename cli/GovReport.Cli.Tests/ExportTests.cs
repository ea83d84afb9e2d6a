using GovReport.Cli.Commands;
using GovReport.Ingest.Store;
using GovReport.Synth;
using Spectre.Console;

namespace GovReport.Cli.Tests;

/// <summary>The Parquet export, and the shipped rankings.sql run over it giving the database's rankings.</summary>
public sealed class ExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-export-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Seeds => Path.Combine(AppContext.BaseDirectory, "Fixtures", "seeds");
    private static string RankingsSql => Path.Combine(AppContext.BaseDirectory, "sql", "rankings.sql");

    /// <summary>The five seeds and synthetic reports (400 by default; several years, provinces and levels), ingested and analysed.</summary>
    private string AnalysedDb(int synthetic = 400)
    {
        string corpus = Path.Combine(_dir, "corpus");
        SynthGenerator.Write(new SynthOptions(synthetic, 3), Path.Combine(corpus, "synth"));
        Directory.CreateDirectory(Path.Combine(corpus, "seeds"));
        foreach (var f in Directory.GetFiles(Seeds)) File.Copy(f, Path.Combine(corpus, "seeds", Path.GetFileName(f)));
        string db = Path.Combine(_dir, "a.duckdb");
        var quiet = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null), Interactive = InteractionSupport.No });
        Assert.Equal(ExitCodes.Ok, IngestCommand.RunAsync([corpus], db, 1000, quiet, TextWriter.Null, CancellationToken.None).GetAwaiter().GetResult());
        Assert.Equal(ExitCodes.Ok, AnalyzeCommand.Run(db, quiet, TextWriter.Null));
        return db;
    }

    private const string RankingColumns = "report_id, metric, peer_group, peer_key, agency_level, year, value, rank, group_size, percentile";

    [Fact]
    public void Rankings_sql_over_the_parquet_export_gives_the_databases_rankings()
    {
        string db = AnalysedDb();
        string outDir = Path.Combine(_dir, "parquet");
        Assert.Equal(ExitCodes.Ok, ExportCommand.Run(db, outDir, TextWriter.Null));

        // Hive layout, one file per partition: the seeds are 2020 reports of 江西省 (剑光街道, 剑南街道).
        string jiangxi = Path.Combine(outDir, "facts", "year=2020", "province=" + Uri.EscapeDataString("江西省"), "data_0.parquet");
        Assert.True(File.Exists(jiangxi), jiangxi);
        foreach (var table in new[] { "reports", "facts", "metrics", "rankings", "flags" })
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(outDir, table), "*.parquet", SearchOption.AllDirectories));

        using var store = ReportStore.Open(db, readOnly: true);
        store.Execute($"SET file_search_path = '{outDir.Replace("'", "''")}'");
        string sql = File.ReadAllText(RankingsSql).TrimEnd().TrimEnd(';');
        long Count(string q) => Convert.ToInt64(store.Scalar($"SELECT count(*) FROM ({q})"));
        long dbRows = Count("SELECT * FROM rankings");
        Assert.True(dbRows > 1000, $"{dbRows} rankings");
        Assert.Equal(dbRows, Count(sql));
        Assert.Equal(0, Count($"({sql}) EXCEPT ALL (SELECT {RankingColumns} FROM rankings)"));
        Assert.Equal(0, Count($"(SELECT {RankingColumns} FROM rankings) EXCEPT ALL ({sql})"));
        // Every table comes back whole, with its partition columns.
        Assert.Equal(Convert.ToInt64(store.Scalar("SELECT count(*) FROM facts")),
            Convert.ToInt64(store.Scalar("SELECT count(*) FROM read_parquet('facts/*/*/*.parquet', hive_partitioning = true)")));
        Assert.Equal(Convert.ToInt64(store.Scalar("SELECT count(*) FROM reports WHERE province = '江西省' AND year = 2020")),
            Convert.ToInt64(store.Scalar("SELECT count(*) FROM read_parquet('reports/*/*/*.parquet', hive_partitioning = true) WHERE province = '江西省' AND year = 2020")));
    }

    [Fact]
    public void The_same_database_gives_the_same_files()
    {
        // 3,000 reports: enough rows per partition for DuckDB's multi-threaded partitioned writer to split a partition
        // into data_0 and data_1 differently from run to run, as it did before the export wrote on one thread.
        string db = AnalysedDb(3000);
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
        Assert.Equal(ExitCodes.Ok, ExportCommand.Run(db, a, TextWriter.Null));
        Assert.Equal(ExitCodes.Ok, ExportCommand.Run(db, b, TextWriter.Null));
        var files = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.GetFiles(b, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(b, f)).Order(StringComparer.Ordinal).ToList());
        foreach (var f in files) Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), f);
    }

    [Fact]
    public async Task Export_before_analyze_writes_the_ingest_tables_and_says_what_it_skipped()
    {
        string db = Path.Combine(_dir, "s.duckdb");
        var quiet = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null), Interactive = InteractionSupport.No });
        await IngestCommand.RunAsync([Seeds], db, 1000, quiet, TextWriter.Null, CancellationToken.None);
        var w = new StringWriter();
        Assert.Equal(ExitCodes.Ok, ExportCommand.Run(db, Path.Combine(_dir, "p"), w));
        Assert.Contains("reports: 5 rows", w.ToString());
        Assert.Contains("metrics: skipped, no table metrics", w.ToString());
    }
}
