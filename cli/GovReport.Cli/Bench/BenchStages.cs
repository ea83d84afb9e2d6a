using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;
using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Readers;
using GovReport.Ingest.Store;
using GovReport.Ingest.Text;

namespace GovReport.Cli.Bench;

/// <summary>
/// The stages a bench measures, each run in a process of its own (see <see cref="BenchRunner"/>) so its peak RSS is
/// its own. Every stage reads the same report files, in the order ingest reads them.
/// </summary>
public static class BenchStages
{
    public const string Raw = "raw-read", Parse = "parse", Ingest = "ingest", Rerun = "rerun", Analyze = "analyze", Export = "export", Site = "site";
    /// <summary>Adding 1%: a second synthetic corpus of N/100 reports (another seed) ingested beside the first into the
    /// same database, analyze again (a full recompute: analyze is not incremental) and the site again over the site
    /// stage's folder (incremental).</summary>
    public const string AddIngest = "add1pct-ingest", AddAnalyze = "add1pct-analyze", AddSite = "add1pct-site";
    public static readonly string[] All = [Raw, Parse, Ingest, Rerun, Analyze, Export, Site, AddIngest, AddAnalyze, AddSite];

    /// <summary>The report files of a corpus: what a folder ingest picks up (truth.csv and manifest.csv are not reports).</summary>
    public static IReadOnlyList<string> ReportFiles(string corpus) =>
        IngestPipeline.Enumerate(corpus).Where(f => ReaderRegistry.KnownExtensions.Contains(Path.GetExtension(f))).ToList();

    /// <summary>The physical floor: read every file and decode its text, nothing else. One untimed pass first, so this
    /// and every later stage see the same (warm) page cache.</summary>
    public static StageResult RawRead(string corpus)
    {
        var files = ReportFiles(corpus);
        long Pass()
        {
            long chars = 0;
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                f => Interlocked.Add(ref chars, TextDecoder.Decode(File.ReadAllBytes(f)).Text?.Length ?? 0));
            return chars;
        }
        Pass();
        var sw = Stopwatch.StartNew();
        long total = Pass();
        return new StageResult(Raw, files.Count, sw.Elapsed.TotalSeconds, PeakRssMb(),
            $"{(total / 1e6).ToString("0.0", CultureInfo.InvariantCulture)} M chars decoded, {Environment.ProcessorCount} threads, warm page cache");
    }

    /// <summary>What ingest does before the database: read, hash, read the format, parse (with region resolution);
    /// in parallel, nothing stored.</summary>
    public static StageResult ParseOnly(string corpus)
    {
        var files = ReportFiles(corpus);
        int reports = 0;
        var sw = Stopwatch.StartNew();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f =>
        {
            byte[] bytes = File.ReadAllBytes(f);
            string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var read = ReaderRegistry.Read(f, bytes);
            if (read.Document is null) return;
            var result = ReportParser.Parse(read.Document, new SourceInfo(sha[..16], IngestPipeline.Normalize(f), sha, bytes.Length, read.Encoding));
            if (result.IsReport) Interlocked.Increment(ref reports);
        });
        return new StageResult(Parse, files.Count, sw.Elapsed.TotalSeconds, PeakRssMb(),
            $"{reports} parsed as reports, {Environment.ProcessorCount} threads");
    }

    /// <summary>govreport ingest into the given database (fresh for <see cref="Ingest"/>, the same one again for
    /// <see cref="Rerun"/>, where every file is unchanged).</summary>
    /// <param name="added">For <see cref="AddIngest"/>: the added corpus, ingested with the first (whose files are unchanged).</param>
    public static async Task<StageResult> IngestAsync(string stage, string corpus, string db, string? added = null)
    {
        if (stage == Ingest) foreach (var f in new[] { db, db + ".wal" }) if (File.Exists(f)) File.Delete(f);
        var sw = Stopwatch.StartNew();
        IngestCounts c;
        using (var store = ReportStore.Open(db, memoryLimit: ReportStore.IngestMemoryLimit))
            c = (await IngestPipeline.RunAsync(added is null ? [corpus] : [corpus, added], store, new IngestOptions { ToolVersion = "bench" })).Counts;
        double seconds = sw.Elapsed.TotalSeconds;
        int files = c.FilesSeen - c.Skipped;
        return new StageResult(stage, files, seconds, PeakRssMb(),
            $"{c.Loaded} loaded, {c.Unchanged} unchanged, {c.Duplicates} duplicates, {c.Failed} failed; db {(new FileInfo(db).Length / 1048576.0).ToString("0", CultureInfo.InvariantCulture)} MB");
    }

    /// <summary>The peak resident set of this process so far (VmHWM), in MB; null off Linux.</summary>
    public static double? PeakRssMb()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
