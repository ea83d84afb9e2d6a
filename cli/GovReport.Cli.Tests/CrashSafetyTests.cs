using System.Diagnostics;
using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;
using GovReport.Synth;

namespace GovReport.Cli.Tests;

/// <summary>
/// Issue 9, crash safety: the real CLI (govreport.dll beside this assembly) ingests a synthetic corpus and is
/// killed with SIGKILL at random moments; after every kill the database must hold only whole reports, and a final
/// run must leave exactly what a clean ingest of the same files leaves. GOVREPORT_CRASH_KILLS and
/// GOVREPORT_CRASH_REPORTS scale the run (defaults: 20 kills, 1,000 reports).
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int v) && v > 0 ? v : fallback;

    private static string Cli => Path.Combine(AppContext.BaseDirectory, "govreport.dll");

    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [Cli, .. args])
        { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.Environment["NO_COLOR"] = "1";
        var p = Process.Start(psi)!;
        // Drain both pipes so the child never blocks on a full pipe.
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static long Count(ReportStore s, string sql) => Convert.ToInt64(s.Scalar(sql));

    /// <summary>Only whole reports: every report has its facts and text and nothing is stored twice.</summary>
    private static void AssertWholeReports(ReportStore s, string when)
    {
        (string Sql, string What)[] checks =
        [
            ("SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_facts f WHERE f.report_id = r.report_id)", "report without facts"),
            ("SELECT count(*) FROM report_facts f WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE f.report_id = r.report_id)", "facts without report"),
            ("SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM source_texts t WHERE t.report_id = r.report_id)", "report without text"),
            ("SELECT count(*) FROM source_texts t WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE t.report_id = r.report_id)", "text without report"),
            ("SELECT count(*) FROM diagnostics d WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE d.report_id = r.report_id)", "diagnostic without report"),
            ("SELECT count(*) FROM narrative_facts n WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE n.report_id = r.report_id)", "narrative without report"),
            ("SELECT count(*) - count(DISTINCT report_id) FROM reports", "duplicate report ids"),
            ("SELECT count(*) - count(DISTINCT report_id) FROM report_facts", "duplicate facts rows"),
            ("SELECT count(*) - count(DISTINCT report_id) FROM source_texts", "duplicate texts"),
            ("SELECT count(*) - count(DISTINCT source_path) FROM reports", "a file stored twice"),
            ("SELECT count(*) FROM reports r JOIN report_facts f USING (report_id) WHERE len(f.field) <> r.fact_count", "facts row cut short"),
            ("SELECT count(*) FROM reports r WHERE r.errors + r.warnings + r.infos <> (SELECT count(*) FROM diagnostics d WHERE d.report_id = r.report_id)", "diagnostics cut short"),
        ];
        foreach (var (sql, what) in checks)
            Assert.True(Count(s, sql) == 0, $"{when}: {what}");
    }

    /// <summary>Every (report_id, field, value, status, raw, line) as one sorted list: the content of a database.</summary>
    private static List<string> Content(ReportStore s) =>
        s.Query("SELECT report_id, field, value::VARCHAR, status, raw, line FROM facts ORDER BY ALL").Rows
            .Select(r => string.Join("\u001f", r.Select(v => v?.ToString() ?? "∅"))).ToList();

    [Fact]
    public async Task Killing_ingest_at_random_moments_never_leaves_a_partial_report()
    {
        int kills = Env("GOVREPORT_CRASH_KILLS", 20), reports = Env("GOVREPORT_CRASH_REPORTS", 1000);
        string corpus = Path.Combine(_dir, "corpus");
        SynthGenerator.Write(new SynthOptions(reports, Seed: 9), corpus);
        string clean = Path.Combine(_dir, "clean.duckdb"), crashed = Path.Combine(_dir, "crashed.duckdb");

        List<string> expected;
        using (var store = ReportStore.Open(clean))
        {
            var s = await IngestPipeline.RunAsync([corpus], store, new IngestOptions { BatchSize = 50 });
            Assert.True(s.Counts.Loaded > reports * 9 / 10, $"clean ingest loaded {s.Counts.Loaded}");
            expected = Content(store);
        }

        var random = new Random(20261123);
        var clock = Stopwatch.StartNew();
        int killed = 0, attempts = 0, window = 3500;
        var loadedAfterKill = new List<long>();
        while (killed < kills && attempts < kills * 3)
        {
            attempts++;
            using var p = Start("ingest", corpus, "--db", crashed, "--batch", "50");
            // Startup takes ~0.5–1 s; a run of 1,000 reports a few seconds: kill anywhere in that window. On a slower
            // or busier machine, where the last five kills let no batch commit (at load 25 all twenty once landed at
            // the same 200 reports), the window widens.
            if (killed >= 5 && loadedAfterKill.TakeLast(5).Distinct().Count() == 1)
                window = Math.Min(window * 2, 30_000);
            int delay = random.Next(300, window);
            await Task.Delay(delay);
            if (p.HasExited)
            {
                // Finished before the kill: start over from an empty database so later kills land mid-run, and kill
                // sooner from now on (a faster machine, or a faster ingest, finishes 1,000 reports well inside 3.5 s).
                Assert.Equal(0, p.ExitCode);
                window = Math.Max(400, delay);
                File.Delete(crashed);
                File.Delete(crashed + ".wal");
                continue;
            }
            p.Kill(entireProcessTree: true); // SIGKILL on Linux
            p.WaitForExit();
            killed++;
            using var store = ReportStore.Open(crashed);
            AssertWholeReports(store, $"after kill {killed}");
            loadedAfterKill.Add(Count(store, "SELECT count(*) FROM reports"));
        }
        Assert.Equal(kills, killed);
        // The kills landed at different stages, not all before the first commit.
        Assert.True(loadedAfterKill.Distinct().Count() >= 3, string.Join(",", loadedAfterKill));

        using (var final = Start("ingest", corpus, "--db", crashed, "--batch", "50"))
        {
            Assert.True(final.WaitForExit(TimeSpan.FromMinutes(2)), "final ingest did not finish");
            Assert.Equal(0, final.ExitCode);
        }
        using (var store = ReportStore.Open(crashed))
        {
            AssertWholeReports(store, "after the final run");
            var actual = Content(store);
            Assert.Equal(expected.Count, actual.Count);
            Assert.True(expected.SequenceEqual(actual), "the final content differs from a clean ingest");
        }
        Console.WriteLine($"crash safety: {killed} kills survived, reports after each kill: {string.Join(",", loadedAfterKill)}, {clock.Elapsed.TotalSeconds:F0} s");
    }

    [Fact]
    public async Task A_query_while_ingest_runs_says_in_use_or_reads_a_consistent_snapshot()
    {
        string corpus = Path.Combine(_dir, "corpus");
        SynthGenerator.Write(new SynthOptions(1500, Seed: 11), corpus);
        string db = Path.Combine(_dir, "busy.duckdb");
        using var ingest = Start("ingest", corpus, "--db", db, "--batch", "50");
        int inUse = 0, answered = 0, queries = 0;
        var deadline = Stopwatch.StartNew();
        while (!ingest.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (!File.Exists(db)) { await Task.Delay(100); continue; }
            var psi = new ProcessStartInfo("dotnet", [Cli, "query", "--db", db, "--format", "csv",
                "select (select count(*) from reports) - (select count(*) from report_facts) as diff"])
            { RedirectStandardError = true, RedirectStandardOutput = true };
            using var q = Process.Start(psi)!;
            var err = q.StandardError.ReadToEndAsync();
            string output = await q.StandardOutput.ReadToEndAsync();
            await q.WaitForExitAsync();
            queries++;
            if (q.ExitCode == 0)
            {
                // A snapshot: reports and facts agree.
                Assert.Equal("diff\n0", output.Replace("\r\n", "\n").Trim());
                answered++;
            }
            else
            {
                string e = await err + output;
                Assert.True(e.Contains("is in use by another process") || e.Contains("does not exist"), e);
                if (e.Contains("in use")) inUse++;
            }
        }
        Assert.True(ingest.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.Equal(0, ingest.ExitCode);
        Assert.True(inUse > 0, $"no query ran while ingest held the database ({queries} queries, {answered} answered)");
    }
}
