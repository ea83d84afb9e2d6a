using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using GovReport.Ingest.Pipeline;
using GovReport.Synth;

namespace GovReport.Cli.Bench;

/// <summary>What a bench run measures and where it keeps its files.</summary>
public sealed record BenchOptions(int Reports, int Seed, double HtmlShare, string CacheDir, string? Corpus, bool InProcess = false);

/// <summary>The steps a bench can run that live outside the ingest library: each takes the database and an output
/// folder and returns whether it succeeded; null when the step does not exist (reported as not available).</summary>
public sealed record BenchSteps(Func<string, string, bool>? Analyze, Func<string, string, bool>? Export, Func<string, string, bool>? Site);

/// <summary>
/// Runs the stages of one bench over one corpus. Each stage runs in a child process of the CLI
/// (<c>govreport bench --stage NAME</c>) that reports its own time and its VmHWM, so every stage's peak RSS is its
/// own; <see cref="BenchOptions.InProcess"/> runs them here instead (tests), where the peak RSS is the whole process's.
/// </summary>
public static class BenchRunner
{
    public const string RssChild = "VmHWM of a child process per stage (/proc/self/status)";
    public const string RssInProcess = "VmHWM of the bench process (cumulative)";

    public static string CorpusDir(BenchOptions o) =>
        Path.Combine(o.CacheDir, FormattableString.Invariant($"synth-n{o.Reports}-s{o.Seed}-h{(int)Math.Round(o.HtmlShare * 100)}"));

    /// <summary>The synthetic corpus for (N, seed, HTML share), written once and reused (a marker file says it is
    /// complete), or the folder given with --corpus.</summary>
    public static BenchCorpus PrepareCorpus(BenchOptions o, TextWriter log)
    {
        if (o.Corpus is { } given)
        {
            var files = BenchStages.ReportFiles(given);
            return new BenchCorpus(given, files.Count, files.Sum(f => new FileInfo(f).Length), false, o.Seed, o.HtmlShare, true);
        }
        string dir = CorpusDir(o), marker = Path.Combine(dir, ".complete");
        bool reused = File.Exists(marker);
        if (!reused)
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            log.WriteLine($"bench: writing a synthetic corpus of {o.Reports:N0} reports (seed {o.Seed}) to {dir}");
            var s = SynthGenerator.Write(new SynthOptions(o.Reports, o.Seed, 0.10, o.HtmlShare), dir);
            File.WriteAllText(marker, FormattableString.Invariant($"{s.Reports} reports, {s.Bytes} bytes\n"));
        }
        else log.WriteLine($"bench: reusing the corpus in {dir}");
        var reportFiles = BenchStages.ReportFiles(dir);
        return new BenchCorpus(dir, reportFiles.Count, reportFiles.Sum(f => new FileInfo(f).Length), true, o.Seed, o.HtmlShare, reused);
    }

    /// <summary>The corpus added by the add1pct stages: N/100 synthetic reports (at least one) with another seed, cached like the first.</summary>
    public static BenchCorpus PrepareAddedCorpus(BenchOptions o, TextWriter log)
        => PrepareCorpus(o with { Reports = Math.Max(1, o.Reports / 100), Seed = o.Seed + 1000, Corpus = null }, log);

    public static async Task<BenchSummary> RunAsync(BenchOptions o, BenchSteps steps, TextWriter log, CancellationToken ct = default)
    {
        Directory.CreateDirectory(o.CacheDir);
        var corpus = PrepareCorpus(o, log);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(corpus.Path)));
        string db = Path.Combine(o.CacheDir, $"bench-{name}.duckdb");
        string exportDir = Path.Combine(o.CacheDir, $"bench-{name}-parquet");
        string siteDir = Path.Combine(o.CacheDir, $"bench-{name}-site");

        // The added 1% is synthetic; with --corpus there is none to add.
        var added = o.Corpus is null ? PrepareAddedCorpus(o, log) : null;

        var stages = new List<StageResult>();
        foreach (var stage in BenchStages.All)
        {
            ct.ThrowIfCancellationRequested();
            bool external = IsExternal(stage);
            var step = external ? StepFor(stage, steps) : null;
            bool adding = stage is BenchStages.AddIngest or BenchStages.AddAnalyze or BenchStages.AddSite;
            if ((external && step is null) || (adding && added is null))
            {
                stages.Add(new StageResult(stage, corpus.Files, null, null, added is null ? "not available (no added corpus with --corpus)" : "not available (no such command in this build)"));
                log.WriteLine($"bench: {stage}: not available");
                continue;
            }
            log.WriteLine($"bench: {stage} ...");
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            // The add1pct-ingest stage is given the added corpus as its output folder; the site stages their site folder.
            string outDir = stage == BenchStages.Export ? exportDir : stage == BenchStages.AddIngest ? added!.Path : siteDir;
            var result = o.InProcess
                ? await RunStageAsync(stage, corpus.Path, db, outDir, steps)
                : await RunChildAsync(stage, corpus.Path, db, outDir, ct);
            if (external) result = result with { Items = stage is BenchStages.AddSite or BenchStages.AddAnalyze ? corpus.Files + added!.Files : corpus.Files };
            if (stage == BenchStages.AddIngest) result = result with { Items = added!.Files };
            if (o.InProcess) result = result with { CpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds };
            stages.Add(result);
            log.WriteLine($"bench: {stage}: {Fmt(result.Seconds, "0.00")} s" + (result.Note is { } n ? $" ({n})" : ""));
        }
        // The site is the bench's largest leftover by far (8.7 GB at 100,000 reports) and nothing reuses it: the next
        // run's site stage starts from an empty folder. The database and the Parquet export stay for queries.
        if (Directory.Exists(siteDir))
        {
            long bytes = new DirectoryInfo(siteDir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            Directory.Delete(siteDir, recursive: true);
            log.WriteLine($"bench: deleted the measured site ({bytes / 1048576.0:N0} MB) in {siteDir}");
        }
        return Summarize(corpus, stages, o.InProcess ? RssInProcess : RssChild, added?.Files);
    }

    public static BenchSummary Summarize(BenchCorpus corpus, IReadOnlyList<StageResult> stages, string rssMethod, int? addedFiles = null)
    {
        StageResult? S(string name) => stages.FirstOrDefault(s => s.Stage == name && s.Available);
        double? peak = stages.Where(s => s.PeakRssMb is not null).Select(s => s.PeakRssMb).DefaultIfEmpty(null).Max();
        return new BenchSummary(corpus.Files, Round(S(BenchStages.Raw)?.PerSecond), Round(S(BenchStages.Parse)?.PerSecond),
            Round(S(BenchStages.Ingest)?.PerSecond), Round(S(BenchStages.Rerun)?.Seconds, 2), Round(S(BenchStages.Analyze)?.Seconds, 2),
            Round(S(BenchStages.Site)?.Seconds, 2), Round(S(BenchStages.Export)?.Seconds, 2), Round(peak),
            corpus.Path, Math.Round(corpus.Bytes / 1048576.0, 1), corpus.Seed, corpus.HtmlShare, Environment.ProcessorCount, rssMethod,
            stages.Select(s => s with { Seconds = Round(s.Seconds, 3), PeakRssMb = Round(s.PeakRssMb), CpuSeconds = Round(s.CpuSeconds, 2) }).ToList(),
            S(BenchStages.AddIngest) is null ? null : addedFiles, Round(S(BenchStages.AddIngest)?.Seconds, 2), Round(S(BenchStages.AddAnalyze)?.Seconds, 2),
            Round(S(BenchStages.AddSite)?.Seconds, 2), S(BenchStages.AddSite)?.FilesWritten);
    }

    /// <summary>The stages a command of the CLI runs (through <see cref="BenchSteps"/>), not the bench itself.</summary>
    private static bool IsExternal(string stage) =>
        stage is BenchStages.Analyze or BenchStages.Export or BenchStages.Site or BenchStages.AddAnalyze or BenchStages.AddSite;

    /// <summary>The command behind an external stage; null when this build has none.</summary>
    private static Func<string, string, bool>? StepFor(string stage, BenchSteps steps) => stage switch
    {
        BenchStages.Analyze or BenchStages.AddAnalyze => steps.Analyze,
        BenchStages.Export => steps.Export,
        BenchStages.Site or BenchStages.AddSite => steps.Site,
        _ => null,
    };

    /// <summary>Runs one stage in this process (what a child process does).</summary>
    public static async Task<StageResult> RunStageAsync(string stage, string corpus, string db, string outDir, BenchSteps steps)
    {
        switch (stage)
        {
            case BenchStages.Raw: return BenchStages.RawRead(corpus);
            case BenchStages.Parse: return BenchStages.ParseOnly(corpus);
            case BenchStages.Ingest or BenchStages.Rerun: return await BenchStages.IngestAsync(stage, corpus, db);
            case BenchStages.AddIngest: return await BenchStages.IngestAsync(stage, corpus, db, added: outDir);
        }
        if (!IsExternal(stage)) throw new ArgumentException($"unknown bench stage {stage}", nameof(stage));
        var step = StepFor(stage, steps);
        if (step is null) return new StageResult(stage, 0, null, null, "not available (no such command in this build)");
        // Export and the site stage write into an empty folder (the site stage: a full build); add1pct-site builds over
        // the site stage's folder (incremental), and the analyze stages write no folder (they must not delete the site's).
        if (stage is BenchStages.Export or BenchStages.Site && Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        var start = DateTime.UtcNow.AddMilliseconds(-50);
        var sw = Stopwatch.StartNew();
        bool ok = step(db, outDir);
        double seconds = sw.Elapsed.TotalSeconds;
        double? rss = BenchStages.PeakRssMb();
        if (!ok) return new StageResult(stage, 0, null, rss, "failed");
        if (stage is not (BenchStages.Site or BenchStages.AddSite)) return new StageResult(stage, 0, seconds, rss);
        // Counted after the clock stopped: the files this build wrote (by modification time) of all the site's files.
        var files = Directory.GetFiles(outDir, "*", SearchOption.AllDirectories);
        int written = files.Count(f => File.GetLastWriteTimeUtc(f) >= start);
        // Region and flag detail pages are kept like agency pages when unchanged: say how many of each were written.
        string Pages(string folder)
        {
            var pages = files.Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == folder && f.EndsWith(".html", StringComparison.Ordinal)).ToList();
            return string.Create(CultureInfo.InvariantCulture, $"{pages.Count(f => File.GetLastWriteTimeUtc(f) >= start):N0} of {pages.Count:N0} {folder} pages");
        }
        return new StageResult(stage, 0, seconds, rss, string.Create(CultureInfo.InvariantCulture,
            $"{written:N0} of {files.Length:N0} files written ({Pages("region")}, {Pages("flag")})")) { FilesWritten = written };
    }

    private static async Task<StageResult> RunChildAsync(string stage, string corpus, string db, string outDir, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        // Run as `dotnet govreport.dll` or as the apphost `govreport`.
        if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("govreport", StringComparison.OrdinalIgnoreCase))
            psi.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in new[] { "bench", "--stage", stage, "--corpus", corpus, "--db", db, "--stage-out", outDir }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = await p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        string? last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (p.ExitCode != 0 || last is null || !last.StartsWith('{'))
            return new StageResult(stage, 0, null, null, $"stage process failed (exit {p.ExitCode})");
        return JsonSerializer.Deserialize<StageResult>(last, Json)!;
    }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = false,
    };

    public static readonly JsonSerializerOptions JsonFile = new(Json) { WriteIndented = true };

    private static double? Round(double? v, int digits = 0) => v is { } x ? Math.Round(x, digits) : null;

    public static string Fmt(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
