using GovReport.Analytics;
using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;
using GovReport.Synth;

namespace GovReport.Site.Tests;

/// <summary>
/// Two databases of a synthetic corpus of 160 reports: A without some of its files, B with all (about 10% more; analyze
/// recomputes every table). An incremental build on B over A's site must be byte-identical to a full build of B, the manifest included.
/// </summary>
public sealed class IncrementalFixture : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("govreport-incremental-").FullName;
    public string DbA => Path.Combine(Dir, "a.duckdb");
    public string DbB => Path.Combine(Dir, "b.duckdb");

    public IncrementalFixture()
    {
        var corpus = Path.Combine(Dir, "corpus");
        SynthGenerator.Write(new SynthOptions(160, 7, HtmlShare: 0), corpus);
        // The files are named <n>_<agency>.txt, an agency's years together. Held back from A: every file of one agency
        // in ten (new agencies in B) and the last year of another one in ten (existing agencies get a report).
        var agencies = Directory.GetFiles(corpus, "*.txt").Order(StringComparer.Ordinal)
            .GroupBy(f => Path.GetFileNameWithoutExtension(f).Split('_')[1]).ToList();
        var first = Path.Combine(Dir, "first");
        Directory.CreateDirectory(first);
        foreach (var (g, i) in agencies.Select((g, i) => (g, i)))
            foreach (var f in g.SkipLast(i % 10 == 4 ? 1 : 0).Where(_ => i % 10 != 9))
                File.Copy(f, Path.Combine(first, Path.GetFileName(f)));
        using (var store = ReportStore.Open(DbA))
        {
            IngestPipeline.RunAsync([first], store, new IngestOptions()).GetAwaiter().GetResult();
            Analyzer.Run(store.Connection);
        }
        File.Copy(DbA, DbB);
        using (var store = ReportStore.Open(DbB))
        {
            IngestPipeline.RunAsync([corpus], store, new IngestOptions()).GetAwaiter().GetResult();
            Analyzer.Run(store.Connection);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

public sealed class IncrementalSiteTests(IncrementalFixture fx) : IClassFixture<IncrementalFixture>
{
    private SiteResult Build(string db, string outDir, bool full = false, string? omit = null)
        => SiteBuilder.Build(new SiteOptions(db, outDir, CopyDatabase: false, Full: full) { OmitDigestInput = omit });

    /// <summary>Relative paths (hidden files included) whose bytes differ or that only one folder has.</summary>
    private static List<string> Differences(string a, string b)
    {
        static Dictionary<string, string> Files(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => f, StringComparer.Ordinal);
        var fa = Files(a);
        var fb = Files(b);
        return fa.Keys.Union(fb.Keys).Order(StringComparer.Ordinal)
            .Where(rel => !fa.TryGetValue(rel, out var x) || !fb.TryGetValue(rel, out var y) || !File.ReadAllBytes(x).AsSpan().SequenceEqual(File.ReadAllBytes(y)))
            .ToList();
    }

    [Fact]
    public void An_incremental_build_is_byte_identical_to_a_full_build_both_ways()
    {
        string inc = Path.Combine(fx.Dir, "inc"), fullB = Path.Combine(fx.Dir, "full-b"), fullA = Path.Combine(fx.Dir, "full-a");
        var first = Build(fx.DbA, inc);
        Assert.StartsWith("full", first.Mode);
        Assert.True(File.Exists(Path.Combine(inc, SiteWriter.ManifestName)));

        // A → B: new agencies, and new years of some of A's.
        var r = Build(fx.DbB, inc);
        Assert.Equal("incremental", r.Mode);
        Assert.InRange(r.AgenciesRendered, 1, r.Agencies - 1);
        Build(fx.DbB, fullB);
        // The site digest covers the download format of the tables agency pages link, and they link no other.
        var linked = Directory.GetFiles(Path.Combine(fullB, "agency"), "*.html")
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "href=\"\\.\\./data/(?:parquet/)?([a-z_]+)\\.(?:csv|parquet)\"").Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.NotEmpty(linked);
        Assert.Subset(SiteBuilder.AgencyPageDownloads.ToHashSet(), linked);
        var diff = Differences(inc, fullB);
        Assert.True(diff.Count == 0, $"{diff.Count} files differ from a full build, e.g. " + string.Join(", ", diff.Take(10)));

        // Region pages: every province, city and county with a report B added shows it, so at least those are rendered;
        // A county, city or province none of whose agencies changed keeps its page. Flag pages: every flag B added is new.
        var (changedRegions, newFlags) = Added(fx.DbA, fx.DbB);
        Assert.InRange(r.RegionsRendered, changedRegions, r.Regions - 1);
        Assert.InRange(r.FlagsRendered, newFlags, r.Flags - 1);
        Assert.True(changedRegions > 0 && newFlags > 0);

        // B → A: the agencies that came with B are gone again, and their pages with them.
        var back = Build(fx.DbA, inc);
        Assert.Equal("incremental", back.Mode);
        Assert.True(back.AgenciesRemoved > 0);
        Build(fx.DbA, fullA);
        diff = Differences(inc, fullA);
        Assert.True(diff.Count == 0, $"{diff.Count} files differ from a full build, e.g. " + string.Join(", ", diff.Take(10)));

        // Nothing changed: no agency, region or flag page and no chart is rendered; --full renders them all.
        var same = Build(fx.DbA, inc);
        Assert.Equal((0, 0, 0, 0), (same.AgenciesRendered, same.RegionsRendered, same.FlagsRendered, same.ChartsRendered));
        Assert.True(same.Regions > 0 && same.Flags > 0 && same.Charts > 0);
        Assert.Empty(Differences(inc, fullA));
        var forced = Build(fx.DbA, inc, full: true);
        Assert.Equal(("full (--full)", forced.Agencies, forced.Regions, forced.Flags, forced.Charts),
            (forced.Mode, forced.AgenciesRendered, forced.RegionsRendered, forced.FlagsRendered, forced.ChartsRendered));
    }

    /// <summary>The regions (province, city and county codes) of the reports B has and A has not, and the flags B has and A has not.</summary>
    private static (int Regions, int Flags) Added(string a, string b)
    {
        using var conn = new DuckDB.NET.Data.DuckDBConnection($"Data Source={b};ACCESS_MODE=READ_ONLY");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"""
            ATTACH '{a}' AS a (READ_ONLY);
            SELECT (SELECT count(DISTINCT code) FROM (
                        SELECT unnest([CASE WHEN province IS NOT NULL AND length(region_code) >= 2 THEN left(region_code, 2) || '0000' END,
                                       CASE WHEN city IS NOT NULL AND length(region_code) >= 4 THEN left(region_code, 4) || '00' END,
                                       CASE WHEN county IS NOT NULL AND length(region_code) >= 6 THEN left(region_code, 6) END]) AS code
                        FROM reports WHERE report_id NOT IN (SELECT report_id FROM a.reports))
                    WHERE code IS NOT NULL),
                   (SELECT count(*) FROM flags WHERE flag_id NOT IN (SELECT flag_id FROM a.flags));
            """;
        using var r = cmd.ExecuteReader();
        r.Read();
        return (Convert.ToInt32(r.GetValue(0)), Convert.ToInt32(r.GetValue(1)));
    }

    /// <summary>
    /// The region, flag and chart digests can fail too: change one input in a copy of B, build over B's site, and compare with a
    /// full build of the copy. With every input in the digest the two are identical; with <paramref name="input"/> left
    /// out the incremental build keeps a stale page of <paramref name="folder"/>.
    /// </summary>
    [Theory]
    [InlineData("region:metrics", "region/", "UPDATE metrics SET value = value + 1 WHERE metric = 'license_decisions'")]
    [InlineData("region:send_back", "region/", "UPDATE send_back SET reasons = list_append(reasons, '（测试）')")]
    [InlineData("flag:review", "flag/", "INSERT INTO reviews SELECT min(flag_id), 'confirmed', '测试', TIMESTAMP '2026-01-02 03:04' FROM flags")]
    [InlineData("chart:values", "charts/region-", "UPDATE metrics SET value = value + 1 WHERE metric = 'applications_received'")] // a province's bar chart
    public void Leaving_a_region_flag_or_chart_input_out_of_the_digest_breaks_byte_identity(string input, string folder, string change)
    {
        string db = Path.Combine(fx.Dir, $"changed-{input.Replace(':', '-')}.duckdb");
        File.Copy(fx.DbB, db, overwrite: true);
        string inc = Path.Combine(fx.Dir, "inc-" + Path.GetFileName(db)), omitted = Path.Combine(fx.Dir, "omit-" + Path.GetFileName(db)),
            full = Path.Combine(fx.Dir, "full-" + Path.GetFileName(db));
        Build(fx.DbB, inc);
        Build(fx.DbB, omitted, omit: input);
        using (var store = ReportStore.Open(db))
        using (var cmd = store.Connection.CreateCommand())
        {
            cmd.CommandText = change;
            Assert.True(cmd.ExecuteNonQuery() > 0);
        }
        var r = Build(db, inc);
        Assert.Equal("incremental", r.Mode);
        Assert.True(folder == "flag/" ? r.FlagsRendered > 0 : r.RegionsRendered > 0);
        Assert.InRange(r.ChartsRendered, folder == "charts/region-" ? 1 : 0, r.Charts);
        Build(db, full);
        Assert.Empty(Differences(inc, full));

        Assert.Equal("incremental", Build(db, omitted, omit: input).Mode);
        var diff = Differences(omitted, full).Where(f => !f.EndsWith(SiteWriter.ManifestName, StringComparison.Ordinal)).ToList();
        Assert.Contains(diff, rel => rel.Replace('\\', '/').StartsWith(folder, StringComparison.Ordinal));
    }

    /// <summary>The test above can fail: leave one input out of the digest and the incremental build keeps stale pages.</summary>
    [Theory]
    [InlineData("flags")] // robust_z explains a flag with the national group's median and size
    public void Leaving_an_input_out_of_the_digest_breaks_byte_identity(string input)
    {
        string inc = Path.Combine(fx.Dir, "omit-" + input), full = Path.Combine(fx.Dir, "omit-full-" + input);
        Build(fx.DbA, inc, omit: input);
        Assert.Equal("incremental", Build(fx.DbB, inc, omit: input).Mode);
        Build(fx.DbB, full, omit: input);
        Assert.Contains(Differences(inc, full), rel => rel.StartsWith("agency", StringComparison.Ordinal) || rel.StartsWith("source", StringComparison.Ordinal));
    }
}

public sealed class SiteDigestProgramTests
{
    /// <summary>
    /// The site digest names the site and chart assemblies by their MVID, which a deterministic build derives from the
    /// code and its attributes: with the commit stamped into the informational version (the SDK's default) every
    /// commit would change it and force a full site build.
    /// </summary>
    [Theory]
    [InlineData(typeof(SiteBuilder))]
    [InlineData(typeof(GovReport.Charts.ChartRenderer))]
    [InlineData(typeof(GovReport.Notebooks.NotebookRunner))] // the site assembly's MVID follows those of its references
    public void The_rendering_assemblies_carry_no_commit_in_their_version(Type type)
    {
        var version = type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        Assert.DoesNotContain("+", version);
    }
}
