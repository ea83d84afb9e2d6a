using GovReport.Ingest.Fuzz;
using GovReport.Ingest.Readers;

namespace GovReport.Ingest.Tests;

/// <summary>
/// Issue 9, fuzzing: a short mutation campaign over the fixtures for every reader and the table interpreter (the
/// long campaigns run outside CI: <c>dotnet run -c Release --project ingest/GovReport.Ingest.Fuzz -- --inputs N
/// --seconds S</c>), and every crasher or hang ever found kept in Fixtures/fuzz as a regression input.
/// GOVREPORT_FUZZ_INPUTS scales the campaign (default 20,000).
/// </summary>
public sealed class FuzzCampaignTests
{
    [Fact]
    public void Short_campaign_finds_no_crash_or_hang()
    {
        long inputs = long.TryParse(Environment.GetEnvironmentVariable("GOVREPORT_FUZZ_INPUTS"), out long n) && n > 0 ? n : 20_000;
        var result = Fuzzer.Run(new FuzzOptions { Inputs = inputs, Seconds = 150, Seed = 20261123, FixtureDir = Fixtures.Dir, PerInputLimit = HangLimit(Target.Pdf) });
        Assert.True(result.Crashes.Count == 0 && result.Hangs.Count == 0, result.Summary());
        // The campaign really ran, over every target, and exercised both outcomes.
        Assert.True(result.Inputs >= Math.Min(inputs, 5_000), result.Summary());
        Assert.All(result.PerTarget.Values, v => Assert.True(v > 0, result.Summary()));
        Assert.True(result.Reports > 0 && result.Failures > 0, result.Summary());
        Console.WriteLine(result.Summary());
    }

    [Fact]
    public void The_harness_tells_a_report_from_a_refusal()
    {
        // The oracle itself: a real report is read and parsed as one, a broken PDF is refused, neither is a crash.
        var ok = Fuzzer.Execute(Target.Txt, File.ReadAllBytes(Fixtures.Seed("000")));
        Assert.Null(ok.Crash);
        Assert.True(ok.Report);
        var refused = Fuzzer.Execute(Target.Pdf, [0x25, 0x50, 0x44, 0x46, 0x2D]);
        Assert.Null(refused.Crash);
        Assert.False(refused.Read);
    }

    /// <summary>
    /// How long an input may take before it counts as a hang: 10 s, and for a PDF the reader's own clock backstop plus
    /// 5 s. The PDF reader limits its thread's CPU time (5 s), so on a loaded machine (test projects run side by side on
    /// two cores) a refused PDF can take longer than 10 s on the clock; it still ends, at most at the backstop.
    /// </summary>
    private static TimeSpan HangLimit(Target target) =>
        target == Target.Pdf ? PdfReader.DefaultWallLimit + TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(10);

    public static TheoryData<string> Regressions()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Fixtures.Path_("fuzz")).Where(f => !f.EndsWith(".md") && !f.EndsWith(".reason.txt")).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public async Task Every_kept_fuzz_input_is_read_or_refused_without_crash(string name)
    {
        var target = name.EndsWith(".cells.txt") ? Target.Table : Path.GetExtension(name) switch
        {
            ".html" => Target.Html, ".docx" => Target.Docx, ".pdf" => Target.Pdf, _ => Target.Txt,
        };
        var run = Task.Run(() => Fuzzer.Execute(target, Fixtures.Bytes("fuzz", name)));
        var limit = HangLimit(target);
        Assert.True(await Task.WhenAny(run, Task.Delay(limit)) == run, $"{name}: over {limit.TotalSeconds} s");
        Assert.Null((await run).Crash);
    }
}
