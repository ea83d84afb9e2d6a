using System.CommandLine;
using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;
using Spectre.Console;

namespace GovReport.Cli.Commands;

public static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Report files or folders (searched recursively)", Arity = ArgumentArity.OneOrMore };
        var db = GovReportCli.DbOption();
        var batch = new Option<int>("--batch") { Description = "Reports per transaction", DefaultValueFactory = _ => 1000 };
        var rehash = new Option<bool>("--rehash") { Description = "Read and hash every file, also those whose size and modification time match the last ingest (otherwise taken as unchanged without reading them)" };
        var cmd = new Command("ingest", "Read reports (files and folders) into the database. Unchanged files are skipped; changed files replace their earlier version.")
        {
            paths, db, batch, rehash,
        };
        cmd.SetAction(async (parse, ct) =>
            await RunAsync(parse.GetValue(paths)!, parse.GetValue(db)!, parse.GetValue(batch), AnsiConsole.Console, Console.Out, ct, parse.GetValue(rehash)));
        return cmd;
    }

    public static async Task<int> RunAsync(string[] inputs, string dbPath, int batchSize, IAnsiConsole console, TextWriter plain, CancellationToken ct, bool rehash = false)
    {
        if (batchSize < 1) { console.MarkupLine("[red]--batch must be at least 1[/]"); return ExitCodes.Usage; }
        ReportStore store;
        try { store = ReportStore.Open(dbPath, memoryLimit: ReportStore.IngestMemoryLimit); }
        catch (Exception ex) when (ex is DatabaseInUseException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"govreport ingest: {ex.Message}");
            return ExitCodes.Failure;
        }
        using var _ = store;
        AnalyzeCommand.StaleTempNote(store);
        var options = new IngestOptions { BatchSize = batchSize, ToolVersion = Version(), Rehash = rehash };
        bool interactive = !Console.IsOutputRedirected && console.Profile.Capabilities.Interactive;
        IngestSummary summary;
        if (interactive)
        {
            summary = await console.Progress().AutoClear(true).StartAsync(async ctx =>
            {
                var task = ctx.AddTask("ingest", maxValue: 1);
                int done = 0;
                return await IngestPipeline.RunAsync(inputs, store, options, e =>
                {
                    done++;
                    task.Description = Markup.Escape(Path.GetFileName(e.Path));
                    task.MaxValue = Math.Max(task.MaxValue, done);
                    task.Value = done;
                }, ct);
            });
        }
        else
        {
            int done = 0;
            summary = await IngestPipeline.RunAsync(inputs, store, options, e =>
            {
                done++;
                if (e.Outcome is FileOutcome.Failed) plain.WriteLine($"failed    {e.Path}: {e.Detail}");
                else if (e.Outcome is FileOutcome.Replaced) plain.WriteLine($"replaced  {e.Path}: {e.Detail}");
                else if (e.Outcome is FileOutcome.Duplicate && !e.SeenBefore) plain.WriteLine($"duplicate {e.Path}: {e.Detail}");
                if (done % 1000 == 0) plain.WriteLine($"... {done} files");
            }, ct);
        }
        PrintSummary(summary, store.Path, console, plain, interactive);
        var c = summary.Counts;
        bool nothing = c.Loaded + c.Replaced + c.Unchanged + c.Duplicates == 0;
        return nothing ? ExitCodes.Failure : ExitCodes.Ok;
    }

    private static void PrintSummary(IngestSummary s, string db, IAnsiConsole console, TextWriter plain, bool interactive)
    {
        var c = s.Counts;
        var lines = new List<string>
        {
            $"files read: {c.FilesSeen}",
            $"reports loaded: {c.Loaded}" + (c.Replaced > 0 ? $" (+{c.Replaced} replaced a changed file)" : ""),
            $"unchanged, skipped: {c.Unchanged}",
            $"read from disk: {s.FilesRead}" + (s.KnownByStat > 0 ? $" ({s.KnownByStat} not hashed: same size and modification time as at the last ingest)" : ""),
            $"duplicates (same content as a loaded report): {c.Duplicates}" +
                (s.DuplicatesSeenBefore > 0 ? $" ({(s.DuplicatesSeenBefore == c.Duplicates ? "all" : s.DuplicatesSeenBefore)} already duplicates at an earlier ingest, not listed; every one is in ingest_duplicates)" : ""),
            $"not a report format, skipped: {c.Skipped}",
            $"failed: {c.Failed}",
            $"diagnostics: {c.Errors} error, {c.Warnings} warning, {c.Infos} info",
            $"database: {db} (ingest run {s.RunId})",
        };
        if (interactive)
        {
            var grid = new Grid().AddColumn().AddColumn();
            foreach (var l in lines)
            {
                int i = l.IndexOf(": ", StringComparison.Ordinal);
                grid.AddRow(new Text(l[..i]), new Text(l[(i + 2)..]));
            }
            console.Write(new Panel(grid).Header("ingest summary"));
            foreach (var (path, reason) in s.Failures) console.Write(new Text($"failed: {path}: {reason}\n", new Style(Color.Red)));
        }
        else
        {
            foreach (var l in lines) plain.WriteLine(l);
            foreach (var (path, reason) in s.Failures.Where(f => !Directory.Exists(f.Path) && !File.Exists(f.Path)))
                plain.WriteLine($"failed    {path}: {reason}");
        }
    }

    public static string Version() =>
        typeof(IngestCommand).Assembly.GetName().Version?.ToString(3) ?? "dev";
}
