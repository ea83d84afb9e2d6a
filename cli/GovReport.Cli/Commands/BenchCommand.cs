using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GovReport.Cli.Bench;
using Spectre.Console;

namespace GovReport.Cli.Commands;

public static class BenchCommand
{
    // Site stage: the whole site as `govreport site` writes it (notebooks included), without the copy of the database.
    internal static readonly Func<string, string, bool>? SiteStep = (db, dir) => SiteCommand.Run(db, dir, copyDatabase: false, TextWriter.Null) == ExitCodes.Ok;

    internal static BenchSteps Steps => new(
        Analyze: (db, _) => AnalyzeCommand.Run(db, Quiet(), TextWriter.Null) == ExitCodes.Ok,
        Export: (db, dir) => ExportCommand.Run(db, dir, TextWriter.Null) == ExitCodes.Ok,
        Site: SiteStep);

    public static readonly int[] ScalingSizes = [1_000, 10_000, 100_000];

    public static Command Create()
    {
        var reports = new Option<int>("--reports") { Description = "Synthetic reports to measure on (default 10000)", DefaultValueFactory = _ => 10_000, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic corpus (default 7)", DefaultValueFactory = _ => 7, HelpName = "S" };
        var html = new Option<double>("--html-share") { Description = "Share of HTML reports in the synthetic corpus (default 0: all one cell per line text)", DefaultValueFactory = _ => 0.0, HelpName = "R" };
        var output = new Option<string>("--out") { Description = "Where to write the figures as JSON (default bench.json)", DefaultValueFactory = _ => "bench.json", HelpName = "FILE" };
        var scaling = new Option<bool>("--scaling") { Description = $"Run {string.Join(", ", ScalingSizes.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)))} reports and show how each cost grows" };
        var corpus = new Option<string?>("--corpus") { Description = "Measure on this folder of reports instead of a synthetic corpus", HelpName = "DIR" };
        var cache = new Option<string>("--cache") { Description = "Where synthetic corpora (kept and reused by N and seed) and bench databases go", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "govreport-bench"), HelpName = "DIR" };
        // The child-process side: one stage, its result as one JSON line.
        var stage = new Option<string?>("--stage") { Hidden = true };
        var db = new Option<string?>("--db") { Hidden = true };
        var stageOut = new Option<string?>("--stage-out") { Hidden = true };
        var cmd = new Command("bench", "Measure read, parse, ingest, re-ingest, analyze, export and site on a (cached) synthetic corpus, then ingest, analyze and the (incremental) site again after adding 1% more reports, with each stage's peak RSS; prints a table, judges the scale targets (issue 8) on it and writes bench.json.")
            { reports, seed, html, output, scaling, corpus, cache, stage, db, stageOut };
        cmd.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(stage) is { } s)
                return await RunStageAsync(s, parse.GetValue(corpus), parse.GetValue(db), parse.GetValue(stageOut));
            // Into a file or a pipe, the tables would wrap at 80 columns (the stage names broke in two).
            var console = AnsiConsole.Console;
            if (Console.IsOutputRedirected) console.Profile.Width = Math.Max(console.Profile.Width, 140);
            return await RunAsync(parse.GetValue(reports), parse.GetValue(seed), parse.GetValue(html), parse.GetValue(output)!, parse.GetValue(scaling),
                parse.GetValue(corpus), parse.GetValue(cache)!, console, Console.Error, ct);
        });
        return cmd;
    }

    private static async Task<int> RunStageAsync(string stage, string? corpus, string? db, string? outDir)
    {
        if (corpus is null || db is null || outDir is null || !BenchStages.All.Contains(stage)) return ExitCodes.Usage;
        var result = await BenchRunner.RunStageAsync(stage, corpus, db, outDir, Steps);
        using (var self = System.Diagnostics.Process.GetCurrentProcess()) result = result with { CpuSeconds = self.TotalProcessorTime.TotalSeconds };
        Console.Out.WriteLine(JsonSerializer.Serialize(result, BenchRunner.Json));
        return ExitCodes.Ok;
    }

    public static async Task<int> RunAsync(int reports, int seed, double htmlShare, string outFile, bool scaling, string? corpus, string cacheDir,
        IAnsiConsole console, TextWriter log, CancellationToken ct, bool inProcess = false)
    {
        if (reports < 1 || htmlShare is < 0 or > 1 || (corpus is not null && (scaling || !Directory.Exists(corpus))))
        {
            Console.Error.WriteLine("govreport bench: --reports must be ≥ 1, --html-share within 0..1; --corpus must be a folder and cannot go with --scaling");
            return ExitCodes.Usage;
        }
        var sizes = scaling ? ScalingSizes : [reports];
        var runs = new List<BenchSummary>();
        foreach (int n in sizes)
        {
            var run = await BenchRunner.RunAsync(new BenchOptions(n, seed, htmlShare, cacheDir, corpus, inProcess), Steps, log, ct);
            runs.Add(run);
            Print(run, console);
        }
        var summary = runs[^1];
        if (scaling)
        {
            summary = summary with { Scaling = runs };
            PrintScaling(runs, console);
        }
        summary = summary with { Targets = BenchTargets.Evaluate(summary, scaling ? runs : null) };
        PrintTargets(summary, console);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(outFile));
        if (dir is not null) Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(summary, BenchRunner.JsonFile) + "\n", ct);
        console.WriteLine($"Figures written to {outFile}. Peak RSS: {summary.RssMethod}.");
        return ExitCodes.Ok;
    }

    private static void Print(BenchSummary s, IAnsiConsole console)
    {
        var raw = s.Stages.FirstOrDefault(x => x.Stage == BenchStages.Raw)?.PerSecond;
        var table = new Table().Title($"govreport bench: {s.Reports:N0} report files, {s.CorpusMb:0.0} MB, {s.Cores} cores")
            .AddColumn("stage").AddColumn(new TableColumn("files").RightAligned()).AddColumn(new TableColumn("seconds").RightAligned())
            .AddColumn(new TableColumn("files/s").RightAligned()).AddColumn(new TableColumn("of raw read").RightAligned())
            .AddColumn(new TableColumn("CPU s").RightAligned()).AddColumn(new TableColumn("peak RSS MB").RightAligned());
        foreach (var st in s.Stages)
        {
            string share = st.PerSecond is { } r && raw is > 0 ? (r / raw.Value * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "";
            table.AddRow(st.Stage, st.Items.ToString("N0", CultureInfo.InvariantCulture), BenchRunner.Fmt(st.Seconds, "0.00"),
                st.Available ? BenchRunner.Fmt(st.PerSecond, "N0") : "n/a", share, BenchRunner.Fmt(st.CpuSeconds, "0.0"), BenchRunner.Fmt(st.PeakRssMb, "N0"));
        }
        console.Write(table);
        foreach (var st in s.Stages.Where(x => x.Note is not null)) console.WriteLine($"  {st.Stage}: {st.Note}");
        console.WriteLine("  CPU s: user + system time of the stage's process, all threads (process start included).");
        if (s.Add1pctReports is { } added)
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  adding 1% ({added:N0} reports): ingest {BenchRunner.Fmt(s.Add1pctIngestS, "0.00")} s, analyze {BenchRunner.Fmt(s.Add1pctAnalyzeS, "0.00")} s (a full recompute), " +
                $"site {BenchRunner.Fmt(s.Add1pctSiteS, "0.00")} s incremental against {BenchRunner.Fmt(s.SiteS, "0.00")} s full ({s.Add1pctSiteFilesWritten:N0} files written)"));
    }

    private static void PrintScaling(IReadOnlyList<BenchSummary> runs, IAnsiConsole console)
    {
        static string K(int n) => n % 1000 == 0 ? $"{n / 1000}k" : n.ToString(CultureInfo.InvariantCulture);
        var table = new Table().Title("how each cost grows: wall µs per file, time growth, peak RSS MB").AddColumn("stage");
        foreach (var r in runs) table.AddColumn(new TableColumn($"µs {K(r.Reports)}").RightAligned());
        for (int i = 1; i < runs.Count; i++) table.AddColumn(new TableColumn($"×{K(runs[i - 1].Reports)}→{K(runs[i].Reports)}").RightAligned());
        foreach (var r in runs) table.AddColumn(new TableColumn($"RSS {K(r.Reports)}").RightAligned());
        foreach (var stage in BenchStages.All)
        {
            var st = runs.Select(r => r.Stages.FirstOrDefault(x => x.Stage == stage)).ToList();
            var cells = new List<string> { stage };
            cells.AddRange(st.Select(x => x is { Seconds: { } sec, Items: > 0 } ? (sec * 1e6 / x.Items).ToString("N0", CultureInfo.InvariantCulture) : "n/a"));
            for (int i = 1; i < st.Count; i++)
                cells.Add(st[i]?.Seconds is { } b && st[i - 1]?.Seconds is { } a && a > 0 ? (b / a).ToString("0.0", CultureInfo.InvariantCulture) : "n/a");
            cells.AddRange(st.Select(x => BenchRunner.Fmt(x?.PeakRssMb, "N0")));
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        console.Write(table);
    }

    private static void PrintTargets(BenchSummary s, IAnsiConsole console)
    {
        var table = new Table().Title(s.Reports == 100_000 ? "issue 8's targets" : $"issue 8's targets (set for 100,000 reports; this run: {s.Reports:N0})")
            .AddColumn("target").AddColumn("measured").AddColumn("met");
        foreach (var t in s.Targets ?? [])
            table.AddRow(Markup.Escape(t.Target), Markup.Escape(t.Measured), t.Met switch { true => "yes", false => "[red]no[/]", null => "—" });
        console.Write(table);
    }

    private static IAnsiConsole Quiet() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
}
