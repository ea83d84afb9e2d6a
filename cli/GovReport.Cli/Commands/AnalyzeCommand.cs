using System.CommandLine;
using DuckDB.NET.Data;
using GovReport.Analytics;
using GovReport.Ingest.Store;
using Spectre.Console;

namespace GovReport.Cli.Commands;

public static class AnalyzeCommand
{
    public static Command Create()
    {
        var db = GovReportCli.DbOption();
        var cmd = new Command("analyze", "Compute metrics, rankings, consistency checks and explained anomaly flags from the database (reviews are kept).") { db };
        cmd.SetAction(parse => Run(parse.GetValue(db)!, AnsiConsole.Console, Console.Out));
        return cmd;
    }

    /// <summary>DuckDB's memory limit for analysis. The PCA reads one peer group at a time and no aggregate keeps an
    /// ordered buffer or a list for every report, so 100,000 reports run in 256MB; at 100,000 reports 512MB took less
    /// CPU than 1GB did before (side by side, docs/scale.md) with a lower peak RSS.</summary>
    public const string AnalyzeMemoryLimit = "512MB";

    /// <summary>DuckDB's memory limit for analysing more than <see cref="LargeCorpus"/> reports. At 1M reports (the
    /// five-seed corpus of docs/scale.md, 2026-11-24) 1GB went through in 345 s with a peak RSS of 1.74 GB, and 512MB
    /// ran out of memory in DUPLICATE-TABLES after 5 minutes; 300,000 reports ran in 512MB (peak RSS 1.00 GB).</summary>
    public const string LargeMemoryLimit = "1GB";
    public const long LargeCorpus = 300_000;

    /// <summary>Says so when opening the database removed the spill files of an interrupted run (they can be gigabytes).</summary>
    internal static void StaleTempNote(ReportStore store)
    {
        if (store.StaleTempBytesRemoved > 0)
            Console.Error.WriteLine($"govreport: removed {store.StaleTempBytesRemoved / 1048576.0:0.0} MB of temporary files an interrupted run had left in {store.Path}.tmp");
    }

    public static int Run(string dbPath, IAnsiConsole console, TextWriter plain)
    {
        try
        {
            // Checks the schema and the lock. DuckDB spills what does not fit (12GB had let it reach 9.6 GB RSS at
            // 100,000 reports). GOVREPORT_DUCKDB_MEMORY overrides the limit.
            using var store = ReportStore.Open(dbPath, memoryLimit: AnalyzeMemoryLimit);
            StaleTempNote(store);
            if (Environment.GetEnvironmentVariable("GOVREPORT_DUCKDB_MEMORY") is not { Length: > 0 }
                && Convert.ToInt64(store.Scalar("SELECT count(*) FROM reports")) > LargeCorpus)
                store.Execute($"SET memory_limit = '{LargeMemoryLimit}'");
            var s = Analyzer.Run(store.Connection);
            plain.WriteLine($"reports: {s.Reports}; metrics: {s.Metrics}; rankings: {s.Rankings}; checks: {s.Checks} ({s.Failed} failed); flags: {s.Flags}; {s.Elapsed.TotalSeconds:0.0} s");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is DuckDBException or DatabaseInUseException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"govreport analyze: {ex.Message.Split('\n')[0]}" +
                (ex.Message.Contains("Out of Memory", StringComparison.Ordinal) ? $" (DuckDB's memory limit is GOVREPORT_DUCKDB_MEMORY, default {AnalyzeMemoryLimit}, {LargeMemoryLimit} above {LargeCorpus:N0} reports: raise it)" : ""));
            return ExitCodes.Failure;
        }
    }
}

public static class FlagsCommand
{
    public static Command Create()
    {
        var db = GovReportCli.DbOption();
        var status = new Option<string?>("--status") { Description = "Only flags with this review state", HelpName = "open|confirmed|dismissed" };
        status.AcceptOnlyFromAmong("open", "confirmed", "dismissed");
        var limit = new Option<int>("--limit") { Description = "At most this many flags", DefaultValueFactory = _ => 100 };
        var format = GovReportCli.FormatOption();
        var cmd = new Command("flags", "List anomaly flags with their explanation, evidence lines and review state.") { db, status, limit, format };
        cmd.SetAction(parse => Run(parse.GetValue(db)!, parse.GetValue(status), parse.GetValue(limit), parse.GetValue(format)!, AnsiConsole.Console, Console.Out));
        return cmd;
    }

    public static QueryResult Query(ReportStore store, string? status, int limit) => store.Query("""
        SELECT f.flag_id, coalesce(r.agency_short, r.agency_name) AS agency, r.year, f.severity, f.detector, f.subject,
               f.explanation, f.lines, f.review_status
        FROM flag_reviews f JOIN reports r USING (report_id)
        WHERE $1 IS NULL OR f.review_status = $1
        ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.score DESC, agency, f.flag_id
        LIMIT $2
        """, status, limit);

    public static int Run(string dbPath, string? status, int limit, string format, IAnsiConsole console, TextWriter plain)
    {
        try
        {
            using var store = ReportStore.Open(dbPath, readOnly: true);
            Output.Write(Query(store, status, limit), format, console, plain);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is DuckDBException or DatabaseInUseException or InvalidOperationException or FileNotFoundException)
        {
            Console.Error.WriteLine($"govreport flags: {ex.Message.Split('\n')[0]} (run `govreport analyze` first)");
            return ExitCodes.Failure;
        }
    }
}

public static class ReviewCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("FLAG_ID") { Description = "The flag to review (see `govreport flags`)" };
        var status = new Option<string>("--status") { Description = "The auditor's decision", Required = true, HelpName = "confirmed|dismissed|open" };
        status.AcceptOnlyFromAmong("confirmed", "dismissed", "open");
        var note = new Option<string?>("--note") { Description = "Why" };
        var db = GovReportCli.DbOption();
        var cmd = new Command("review", "Record an auditor's decision on a flag; decisions survive re-ingest and re-analysis.") { id, status, note, db };
        cmd.SetAction(parse => Run(parse.GetValue(id)!, parse.GetValue(status)!, parse.GetValue(note), parse.GetValue(db)!, Console.Out));
        return cmd;
    }

    public static int Run(string flagId, string status, string? note, string dbPath, TextWriter plain)
    {
        try
        {
            using var store = ReportStore.Open(dbPath);
            if (store.Query("SELECT 1 FROM flags WHERE flag_id = $1", flagId).Rows.Count == 0)
            {
                Console.Error.WriteLine($"govreport review: no flag {flagId}");
                return ExitCodes.Failure;
            }
            store.Query("INSERT INTO reviews VALUES ($1, $2, $3, now()::TIMESTAMP) RETURNING flag_id", flagId, status, note);
            plain.WriteLine($"flag {flagId}: {status}");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is DuckDBException or DatabaseInUseException or InvalidOperationException)
        {
            Console.Error.WriteLine($"govreport review: {ex.Message.Split('\n')[0]}");
            return ExitCodes.Failure;
        }
    }
}
