using System.Text.Json;
using GovReport.Cli.Bench;
using GovReport.Cli.Commands;
using Spectre.Console;

namespace GovReport.Cli.Tests;

/// <summary>The bench command's output (what it measures is not asserted: speed is measured only by the bench itself).</summary>
public sealed class BenchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-bench-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Writes_every_figure_and_reuses_the_corpus()
    {
        string cache = Path.Combine(_dir, "cache"), json = Path.Combine(_dir, "bench.json");
        var w = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(w), Interactive = InteractionSupport.No });
        var log = new StringWriter();
        Assert.Equal(ExitCodes.Ok, await BenchCommand.RunAsync(40, 5, 0.25, json, false, null, cache, console, log, CancellationToken.None, inProcess: true));

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal(40, root.GetProperty("reports").GetInt32());
        foreach (var key in new[] { "raw_read_per_s", "parse_per_s", "ingest_per_s", "rerun_s", "analyze_s", "export_s", "site_s", "peak_rss_mb" })
            Assert.True(root.GetProperty(key).GetDouble() > 0, key);
        var stages = root.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()).ToList();
        Assert.Equal(["raw-read", "parse", "ingest", "rerun", "analyze", "export", "site", "add1pct-ingest", "add1pct-analyze", "add1pct-site"], stages);
        foreach (var key in new[] { "add1pct_ingest_s", "add1pct_analyze_s", "add1pct_site_s" })
            Assert.True(root.GetProperty(key).GetDouble() > 0, key);
        Assert.Equal(1, root.GetProperty("add1pct_reports").GetInt32());
        // The measured site (gigabytes at 100,000 reports) is deleted at the end; the database stays.
        Assert.Empty(Directory.GetDirectories(cache, "*-site"));
        Assert.Single(Directory.GetFiles(cache, "bench-*.duckdb"));
        Assert.Contains("deleted the measured site", log.ToString());
        // Both site stages count the files they wrote (at 40 reports one more changes most pages: not asserted).
        foreach (var st in new[] { "site", "add1pct-site" })
            Assert.True(root.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == st).GetProperty("files_written").GetInt32() > 0, st);
        Assert.True(root.GetProperty("add1pct_site_files_written").GetInt32() > 0);
        Assert.Contains("site", w.ToString());
        // Every run judges issue 8's targets, in the table and in bench.json.
        var targets = root.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.Equal(["ingest_per_s", "ingest_share_of_raw_read", "end_to_end_s", "peak_rss_mb", "rerun_s", "add1pct_ingest_share", "add1pct_site"], targets);
        Assert.Contains("issue 8's targets", w.ToString());
        Assert.DoesNotContain("not available", w.ToString());
        // The rerun found every loaded report unchanged.
        var rerun = root.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "rerun");
        Assert.Contains(" 0 loaded", " " + rerun.GetProperty("note").GetString());

        // The same N and seed reuse the cached corpus.
        var again = new StringWriter();
        Assert.Equal(ExitCodes.Ok, await BenchCommand.RunAsync(40, 5, 0.25, json, false, null, cache, console, again, CancellationToken.None, inProcess: true));
        Assert.Contains("reusing the corpus", again.ToString());
        Assert.Equal(2, Directory.GetDirectories(cache, "synth-*").Length); // the corpus and the added 1%
    }

    [Fact]
    public async Task Rejects_bad_arguments()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        Assert.Equal(ExitCodes.Usage, await BenchCommand.RunAsync(0, 1, 0, Path.Combine(_dir, "b.json"), false, null, _dir, console, TextWriter.Null, CancellationToken.None));
        Assert.Equal(ExitCodes.Usage, await BenchCommand.RunAsync(10, 1, 0, Path.Combine(_dir, "b.json"), true, _dir, _dir, console, TextWriter.Null, CancellationToken.None));
    }
}

/// <summary>Issue 8's targets judged on hand-made figures: each one on both sides of its threshold.</summary>
public sealed class BenchTargetTests
{
    private static BenchSummary Run(int reports, double raw, double ingestS, double analyzeS, double siteS, double rss, double rerunS, double addIngestS, double addSiteS) =>
        new(reports, raw, null, reports / ingestS, rerunS, analyzeS, siteS, null, rss, "c", 1, 7, 0, 2, "VmHWM",
            [new StageResult("raw-read", reports, reports / raw, 80), new StageResult("ingest", reports, ingestS, rss - 100), new StageResult("site", reports, siteS, rss)],
            reports / 100, addIngestS, 40, addSiteS, 1234);

    private static Dictionary<string, bool?> Met(BenchSummary s, IReadOnlyList<BenchSummary>? scaling = null) =>
        BenchTargets.Evaluate(s, scaling).ToDictionary(t => t.Id, t => t.Met);

    [Fact]
    public void Judges_each_target_on_its_threshold()
    {
        // 100,000 reports: ingest 20 s (5,000/s), raw read 200,000/s (ingest is 2.5% of it), 20 + 44 + 96 = 160 s end to end,
        // peak 1,400 MB, rerun 0.6 s, adding 1% took 1.3 s of the 20 s (6.5%).
        var m = Met(Run(100_000, 200_000, 20, 44, 96, 1_400, 0.6, 1.3, 64));
        Assert.Equal(true, m["ingest_per_s"]);
        Assert.Equal(false, m["ingest_share_of_raw_read"]);
        Assert.Equal(true, m["end_to_end_s"]);
        Assert.Equal(true, m["peak_rss_mb"]);
        Assert.Equal(true, m["rerun_s"]);
        Assert.Equal(false, m["add1pct_ingest_share"]);
        Assert.Null(m["add1pct_site"]); // a rule about pages: described, not judged
        Assert.False(m.ContainsKey("peak_rss_flat")); // only with --scaling

        // The other side of each line: ingest 60 s (1,667/s) is 28% of a 6,000/s raw read; 60 + 200 + 50 = 310 s; 2,048 MB
        // (2 GiB, not under it); rerun 5 s (not under it); adding 1% in 1.1 s is 1.8% of 60 s.
        m = Met(Run(100_000, 6_000, 60, 200, 50, 2_048, 5, 1.1, 10));
        Assert.Equal(false, m["ingest_per_s"]);
        Assert.Equal(true, m["ingest_share_of_raw_read"]);
        Assert.Equal(false, m["end_to_end_s"]);
        Assert.Equal(false, m["peak_rss_mb"]);
        Assert.Equal(false, m["rerun_s"]);
        Assert.Equal(true, m["add1pct_ingest_share"]);
    }

    [Fact]
    public void Flatness_compares_the_two_largest_runs_and_names_the_stage()
    {
        var small = Run(10_000, 150_000, 3, 8, 20, 900, 0.2, 0.5, 10);
        var large = Run(100_000, 200_000, 20, 44, 96, 1_125, 0.6, 1.3, 64); // 1,125 / 900 = 1.25×: flat enough
        var flat = BenchTargets.Evaluate(large, [small, large]).Single(t => t.Id == "peak_rss_flat");
        Assert.Equal(true, flat.Met);
        Assert.Contains("(site)", flat.Measured);
        Assert.Equal(false, Met(Run(100_000, 200_000, 20, 44, 96, 1_400, 0.6, 1.3, 64), [small, Run(100_000, 200_000, 20, 44, 96, 1_400, 0.6, 1.3, 64)])["peak_rss_flat"]);
    }

    [Fact]
    public void A_figure_not_measured_is_not_judged()
    {
        var s = Run(1_000, 50_000, 2, 3, 4, 300, 0.1, 0.2, 1) with { RerunS = null, Add1pctIngestS = null, Stages = [] };
        var m = Met(s);
        Assert.Null(m["rerun_s"]);
        Assert.Null(m["add1pct_ingest_share"]);
        Assert.Null(m["end_to_end_s"]); // the ingest stage's seconds are missing
        Assert.Equal(false, m["ingest_per_s"]); // 1,000 in 2 s: 500/s, judged
    }
}
