using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;

namespace GovReport.Ingest.Tests;

/// <summary>
/// The rerun fast path: a file whose size and modification time equal what <c>source_files</c> stored is unchanged
/// without being read; anything else is read and hashed as before. Files are dated an hour back, as a corpus on disk
/// is: a file modified within 2 s of the run is not recorded (racily clean) and would be hashed again.
/// </summary>
public sealed class IncrementalIngestTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-incr-").FullName;
    private static readonly DateTime Earlier = DateTime.UtcNow.AddHours(-1);
    private string Db => Path.Combine(_dir, "t.duckdb");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string CopySeeds()
    {
        string corpus = Path.Combine(_dir, "corpus");
        Directory.CreateDirectory(corpus);
        foreach (var f in Directory.GetFiles(Fixtures.Path_("seeds")))
        {
            string to = Path.Combine(corpus, Path.GetFileName(f));
            File.Copy(f, to);
            File.SetLastWriteTimeUtc(to, Earlier);
        }
        return corpus;
    }

    private static IngestSummary Ingest(ReportStore store, string corpus, bool rehash = false) =>
        IngestPipeline.RunAsync([corpus], store, new IngestOptions { BatchSize = 2, Rehash = rehash }).GetAwaiter().GetResult();

    /// <summary>Rewrites 001's procurement amount (56万 → 57万: same size), keeping or setting its modification time.</summary>
    private static string Rewrite001(string corpus, DateTime modified)
    {
        string file = Directory.GetFiles(corpus, "001_*.txt").Single();
        long size = new FileInfo(file).Length;
        File.WriteAllText(file, File.ReadAllText(file).Replace("\t56万\n", "\t57万\n"));
        Assert.Equal(size, new FileInfo(file).Length);
        File.SetLastWriteTimeUtc(file, modified);
        return file;
    }

    [Fact]
    public void A_rerun_takes_files_of_the_stored_size_and_time_as_unchanged_without_reading_them()
    {
        string corpus = CopySeeds();
        using var store = ReportStore.Open(Db);
        var first = Ingest(store, corpus);
        Assert.Equal((5, 5, 0), (first.Counts.Loaded, first.FilesRead, first.KnownByStat));
        Assert.Equal(5L, store.Scalar("SELECT count(*) FROM source_files"));
        Assert.Equal(0L, store.Scalar("SELECT count(*) FROM source_files f JOIN reports r USING (source_path) WHERE f.sha256 <> r.sha256 OR f.file_size <> r.file_size"));

        var again = Ingest(store, corpus);
        Assert.Equal((5, 0, 0, 0), (again.Counts.Unchanged, again.Counts.Loaded, again.Counts.Replaced, again.Counts.Failed));
        Assert.Equal((0, 5), (again.FilesRead, again.KnownByStat));
        Assert.Equal(5L, store.Scalar("SELECT count(*) FROM reports"));
    }

    [Fact]
    public void Rehash_reads_every_file()
    {
        string corpus = CopySeeds();
        using var store = ReportStore.Open(Db);
        Ingest(store, corpus);
        var again = Ingest(store, corpus, rehash: true);
        Assert.Equal((5, 5, 0), (again.Counts.Unchanged, again.FilesRead, again.KnownByStat));
    }

    [Fact]
    public void A_file_of_the_same_size_and_another_time_is_read_again()
    {
        string corpus = CopySeeds();
        using var store = ReportStore.Open(Db);
        Ingest(store, corpus);

        // Touched, content unchanged: read, still unchanged, and its new time stored so the next run need not read it.
        string file = Directory.GetFiles(corpus, "003_*.txt").Single();
        File.SetLastWriteTimeUtc(file, Earlier.AddMinutes(1));
        var touched = Ingest(store, corpus);
        Assert.Equal((5, 1, 4), (touched.Counts.Unchanged, touched.FilesRead, touched.KnownByStat));
        Assert.Equal(Earlier.AddMinutes(1).Ticks, store.Scalar("SELECT modified_ticks FROM source_files WHERE source_path LIKE '%/003_%'"));
        Assert.Equal(1L, store.Scalar("SELECT count(*) FROM source_files WHERE source_path LIKE '%/003_%'"));
        var next = Ingest(store, corpus);
        Assert.Equal((5, 0), (next.Counts.Unchanged, next.FilesRead));

        // Changed, same size, another time: read and replaced.
        Rewrite001(corpus, Earlier.AddMinutes(2));
        var changed = Ingest(store, corpus);
        Assert.Equal((1, 4, 1), (changed.Counts.Replaced, changed.Counts.Unchanged, changed.FilesRead));
        Assert.Equal(570000m, store.Scalar("SELECT f.value FROM facts f JOIN reports r USING (report_id) WHERE r.agency_name = '剑南街道' AND f.field = 's2_procurement_amount'"));
    }

    /// <summary>The limitation, as in make and rsync: new bytes of the same size under the old time go unnoticed
    /// until <c>--rehash</c>.</summary>
    [Fact]
    public void New_content_under_the_old_size_and_time_is_noticed_only_with_rehash()
    {
        string corpus = CopySeeds();
        using var store = ReportStore.Open(Db);
        Ingest(store, corpus);
        Rewrite001(corpus, Earlier);

        var trusting = Ingest(store, corpus);
        Assert.Equal((5, 0, 0), (trusting.Counts.Unchanged, trusting.Counts.Replaced, trusting.FilesRead));
        Assert.Equal(560000m, store.Scalar("SELECT f.value FROM facts f JOIN reports r USING (report_id) WHERE r.agency_name = '剑南街道' AND f.field = 's2_procurement_amount'"));

        var rehashed = Ingest(store, corpus, rehash: true);
        Assert.Equal((1, 4), (rehashed.Counts.Replaced, rehashed.Counts.Unchanged));
        Assert.Equal(570000m, store.Scalar("SELECT f.value FROM facts f JOIN reports r USING (report_id) WHERE r.agency_name = '剑南街道' AND f.field = 's2_procurement_amount'"));
        // The stored hash is the new content's: the next run (without --rehash) takes the file as unchanged again.
        var after = Ingest(store, corpus);
        Assert.Equal((5, 0), (after.Counts.Unchanged, after.FilesRead));
    }

    /// <summary>A file that needs reading anyway (here: it failed before, so it is parsed again) and turns out to hold new
    /// bytes under its stored size and time gets its stored hash replaced, so later runs need not read it.</summary>
    [Fact]
    public void A_stored_hash_found_wrong_on_reading_is_replaced()
    {
        string corpus = Path.Combine(_dir, "one");
        Directory.CreateDirectory(corpus);
        string file = Path.Combine(corpus, "report.txt");
        byte[] report = File.ReadAllBytes(Fixtures.Seed("001"));
        File.WriteAllBytes(file, Enumerable.Repeat((byte)'x', report.Length).ToArray());
        File.SetLastWriteTimeUtc(file, Earlier);
        using var store = ReportStore.Open(Db);
        Assert.Equal(1, Ingest(store, corpus).Counts.Failed);

        File.WriteAllBytes(file, report);
        File.SetLastWriteTimeUtc(file, Earlier);
        var s = Ingest(store, corpus);
        Assert.Equal((1, 1), (s.Counts.Loaded, s.FilesRead));
        Assert.Equal(store.Scalar("SELECT sha256 FROM reports"), store.Scalar("SELECT sha256 FROM source_files"));
        var again = Ingest(store, corpus);
        Assert.Equal((1, 0), (again.Counts.Unchanged, again.FilesRead));
    }

    [Fact]
    public async Task Copies_of_unchanged_files_are_still_duplicates()
    {
        string corpus = CopySeeds();
        using var store = ReportStore.Open(Db);
        Ingest(store, corpus);
        string original = Directory.GetFiles(corpus, "003_*.txt").Single();
        string stored = (string)store.Scalar("SELECT report_id FROM reports WHERE source_path LIKE '%/003_%'")!;
        // One copy sorts before the original, one after; the original is not read (its hash is stored).
        foreach (var name in new[] { "000a-copy.txt", "zz-copy.txt" })
        {
            File.Copy(original, Path.Combine(corpus, name));
            File.SetLastWriteTimeUtc(Path.Combine(corpus, name), Earlier);
        }
        var s = Ingest(store, corpus);
        Assert.Equal((5, 2, 0), (s.Counts.Unchanged, s.Counts.Duplicates, s.Counts.Loaded));
        Assert.Equal((2, 5), (s.FilesRead, s.KnownByStat));
        Assert.Equal(2L, store.Scalar($"SELECT count(*) FROM ingest_duplicates WHERE run_id = {s.RunId} AND report_id = '{stored}'"));

        Assert.Equal(0, s.DuplicatesSeenBefore); // new copies: each gets its line

        // And again: the copies' hashes are stored too, nothing is read, they are still duplicates, and the same ones as
        // before (a count, not a line each, in the CLI); every one is recorded again for this run.
        var events = new List<FileEvent>();
        var again = await IngestPipeline.RunAsync([corpus], store, new IngestOptions { BatchSize = 2 }, events.Add);
        Assert.Equal((5, 2, 0, 7), (again.Counts.Unchanged, again.Counts.Duplicates, again.FilesRead, again.KnownByStat));
        Assert.Equal(2L, store.Scalar($"SELECT count(*) FROM ingest_duplicates WHERE run_id = {again.RunId} AND report_id = '{stored}'"));
        Assert.Equal(2, again.DuplicatesSeenBefore);
        Assert.Equal(["000a-copy.txt", "zz-copy.txt"], events.Where(e => e.Outcome == FileOutcome.Duplicate && e.SeenBefore).Select(e => Path.GetFileName(e.Path)).Order(StringComparer.Ordinal));

        // A copy whose time changed is read again: not known to be the same file as before, so it is listed again.
        File.SetLastWriteTimeUtc(Path.Combine(corpus, "zz-copy.txt"), Earlier.AddMinutes(1));
        events.Clear();
        var touched = await IngestPipeline.RunAsync([corpus], store, new IngestOptions { BatchSize = 2 }, events.Add);
        Assert.Equal((2, 1, 1), (touched.Counts.Duplicates, touched.DuplicatesSeenBefore, touched.FilesRead));
        Assert.Equal("zz-copy.txt", Path.GetFileName(events.Single(e => e.Outcome == FileOutcome.Duplicate && !e.SeenBefore).Path));
    }

    [Fact]
    public void Files_modified_just_before_the_run_are_hashed_again_next_time()
    {
        string corpus = CopySeeds();
        File.SetLastWriteTimeUtc(Directory.GetFiles(corpus, "003_*.txt").Single(), DateTime.UtcNow);
        using var store = ReportStore.Open(Db);
        Ingest(store, corpus);
        Assert.Equal(0L, store.Scalar("SELECT count(*) FROM source_files WHERE source_path LIKE '%/003_%'"));
        var again = Ingest(store, corpus);
        Assert.Equal((5, 1, 4), (again.Counts.Unchanged, again.FilesRead, again.KnownByStat));
    }

    /// <summary>Version 6 only added source_files: a version-5 database is upgraded by a writable open and read as it is.</summary>
    [Fact]
    public void A_version_5_database_is_upgraded_in_place()
    {
        string corpus = CopySeeds();
        using (var store = ReportStore.Open(Db))
        {
            Ingest(store, corpus);
            store.Execute("DROP TABLE source_files; UPDATE meta SET value = '5' WHERE key = 'schema_version'");
        }
        using (var reader = ReportStore.Open(Db, readOnly: true)) Assert.Equal(5L, reader.Scalar("SELECT count(*) FROM reports"));
        using (var store = ReportStore.Open(Db))
        {
            Assert.Equal("6", store.Scalar("SELECT value FROM meta WHERE key = 'schema_version'"));
            var s = Ingest(store, corpus);
            Assert.Equal((5, 5), (s.Counts.Unchanged, s.FilesRead));
            var next = Ingest(store, corpus);
            Assert.Equal((5, 0), (next.Counts.Unchanged, next.FilesRead));
        }
    }
}
