using System.Text.Json;
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
        // Both site stages count the files they wrote (at 40 reports one more changes most pages: not asserted).
        foreach (var st in new[] { "site", "add1pct-site" })
            Assert.True(root.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == st).GetProperty("files_written").GetInt32() > 0, st);
        Assert.True(root.GetProperty("add1pct_site_files_written").GetInt32() > 0);
        Assert.Contains("site", w.ToString());
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
