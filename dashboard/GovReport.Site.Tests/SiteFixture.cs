using GovReport.Analytics;
using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;

namespace GovReport.Site.Tests;

/// <summary>
/// One database for all site tests: the five seeds, the 洪泽 2023 PDF and a copy of seed 001 whose agency is renamed
/// to <c>&lt;script&gt;alert(1)&lt;/script&gt;街道</c> (hostile text from a report); ingested and analysed as a user
/// would, then rendered twice into two folders (determinism).
/// </summary>
public sealed class SiteFixture : IDisposable
{
    public const string Xss = "<script>alert(1)</script>街道";
    public string Dir { get; } = Directory.CreateTempSubdirectory("govreport-site-").FullName;
    public string Db => Path.Combine(Dir, "s.duckdb");
    public string Site => Path.Combine(Dir, "site");
    public string Site2 => Path.Combine(Dir, "site2");
    /// <summary>The same database with tiny download limits: the large tables come as Parquet only, and as CSV without JSON.</summary>
    public string SiteSmallLimits => Path.Combine(Dir, "site-small-limits");
    public SiteResult Result { get; }

    public SiteFixture()
    {
        var corpus = Path.Combine(Dir, "corpus");
        Directory.CreateDirectory(corpus);
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        foreach (var f in Directory.GetFiles(fixtures, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)))
            File.Copy(f, Path.Combine(corpus, Path.GetFileName(f)));
        var seed = File.ReadAllText(Path.Combine(fixtures, "seeds", "001_36175d826d098ba6.txt"));
        File.WriteAllText(Path.Combine(corpus, "xss.txt"), seed.Replace("剑南街道", Xss) + "\n=HYPERLINK(\"http://x\")\n");
        using (var store = ReportStore.Open(Db))
        {
            IngestPipeline.RunAsync([corpus], store, new IngestOptions()).GetAwaiter().GetResult();
            Analyzer.Run(store.Connection);
        }
        var notebooks = Path.Combine(AppContext.BaseDirectory, "notebooks");
        Result = SiteBuilder.Build(new SiteOptions(Db, Site, NotebookDir: notebooks));
        SiteBuilder.Build(new SiteOptions(Db, Site2, NotebookDir: notebooks));
        SiteBuilder.Build(new SiteOptions(Db, SiteSmallLimits, CopyDatabase: false, MaxTextDownloadRows: 100, MaxJsonDownloadRows: 10));
    }

    public string Read(string rel) => File.ReadAllText(Path.Combine(Site, rel));

    public IEnumerable<string> Files(string pattern = "*") => Directory.GetFiles(Site, pattern, SearchOption.AllDirectories);

    /// <summary>The agency page whose h1 is <paramref name="name"/>.</summary>
    public string AgencyPage(string name) =>
        Directory.GetFiles(Path.Combine(Site, "agency"), "*.html").Single(f => File.ReadAllText(f).Contains($"<h1>{name}</h1>"));

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition("site")]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>;
