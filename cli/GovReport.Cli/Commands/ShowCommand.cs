using System.CommandLine;
using System.Security.Cryptography;
using DuckDB.NET.Data;
using GovReport.Ingest.Store;
using Spectre.Console;

namespace GovReport.Cli.Commands;

public static class ShowCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("REPORT_ID_OR_FILE") { Description = "A report id (or a unique prefix of one), or the report's file" };
        var db = GovReportCli.DbOption();
        var format = GovReportCli.FormatOption();
        var cmd = new Command("show", "Every field of one report: value, status, raw text, unit and source line; then its diagnostics.") { target, db, format };
        cmd.SetAction(parse => Run(parse.GetValue(target)!, parse.GetValue(db)!, parse.GetValue(format)!, AnsiConsole.Console, Console.Out));
        return cmd;
    }

    public static int Run(string target, string dbPath, string format, IAnsiConsole console, TextWriter plain)
    {
        try
        {
            using var store = ReportStore.Open(dbPath, readOnly: true);
            string? id = Resolve(store, target, out string? problem);
            if (id is null) { Console.Error.WriteLine($"govreport show: {problem}"); return ExitCodes.Failure; }

            var report = store.Query("""
                SELECT report_id, agency_name, agency_short, agency_level, agency_source, year, year_source, published_on,
                       template, template_signals, sections_found, source_path, source_form, encoding, sha256
                FROM reports WHERE report_id = $1
                """, id);
            var facts = store.Query("""
                SELECT f.field, d.label, f.value, f.status, f.raw, f.unit, f.unit_source, f.approximate, f.line
                FROM facts f LEFT JOIN field_dictionary d USING (field)
                WHERE f.report_id = $1
                """, id);
            var narrative = store.Query("SELECT name, value, approximate, raw, line FROM narrative_facts WHERE report_id = $1 ORDER BY line", id);
            var diags = store.Query("SELECT severity, code, field, line, message FROM diagnostics WHERE report_id = $1 ORDER BY seq", id);

            if (format != "table")
            {
                // Machine formats: the facts, one row per field, with the report id.
                var rows = facts.Rows.Select(r => new object?[] { id }.Concat(r).ToArray()).ToList();
                Output.Write(new QueryResult(["report_id", .. facts.Columns], rows), format, console, plain);
                return ExitCodes.Ok;
            }
            var grid = new Grid().AddColumn().AddColumn();
            for (int i = 0; i < report.Columns.Count; i++)
                grid.AddRow(new Text(report.Columns[i], new Style(Color.Grey)), new Text(Output.Format(report.Rows[0][i])));
            console.Write(new Panel(grid).Header("report"));
            Output.Write(facts, "table", console, plain);
            if (narrative.Rows.Count > 0) { console.WriteLine("narrative"); Output.Write(narrative, "table", console, plain); }
            console.WriteLine("diagnostics");
            Output.Write(diags, "table", console, plain);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is DuckDBException or DatabaseInUseException or FileNotFoundException or InvalidOperationException)
        {
            Console.Error.WriteLine($"govreport show: {ex.Message.Split('\n')[0]}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>A file's id is the SHA-256 of its bytes; otherwise the argument is an id or a unique prefix.</summary>
    private static string? Resolve(ReportStore store, string target, out string? problem)
    {
        problem = null;
        if (File.Exists(target))
        {
            string id = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(target)))[..16];
            if (store.Query("SELECT 1 FROM reports WHERE report_id = $1", id).Rows.Count == 1) return id;
            problem = $"{target} (report id {id}) is not in the database; ingest it first";
            return null;
        }
        var ids = store.Query("SELECT report_id FROM reports WHERE starts_with(report_id, $1) ORDER BY report_id LIMIT 5", target.ToLowerInvariant());
        if (ids.Rows.Count == 1) return (string)ids.Rows[0][0]!;
        problem = ids.Rows.Count == 0
            ? $"no report with id {target} and no such file"
            : $"{target} matches several reports: {string.Join(", ", ids.Rows.Select(r => r[0]))}";
        return null;
    }
}
