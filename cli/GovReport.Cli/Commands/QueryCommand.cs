using System.CommandLine;
using DuckDB.NET.Data;
using GovReport.Ingest.Store;
using Spectre.Console;

namespace GovReport.Cli.Commands;

public static class QueryCommand
{
    public static Command Create()
    {
        var sql = new Argument<string>("SQL") { Description = "Any SQL DuckDB understands; see docs/schema.md for the tables" };
        var db = GovReportCli.DbOption();
        var format = GovReportCli.FormatOption();
        var cmd = new Command("query", "Run SQL against the database (read-only).") { sql, db, format };
        cmd.SetAction(parse => Run(parse.GetValue(sql)!, parse.GetValue(db)!, parse.GetValue(format)!, AnsiConsole.Console, Console.Out));
        return cmd;
    }

    public static int Run(string sql, string dbPath, string format, IAnsiConsole console, TextWriter plain)
    {
        try
        {
            using var store = ReportStore.Open(dbPath, readOnly: true);
            Output.Write(store.Query(sql), format, console, plain);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is DuckDBException or DatabaseInUseException or FileNotFoundException or InvalidOperationException)
        {
            Console.Error.WriteLine($"govreport query: {ex.Message.Split('\n')[0]}");
            return ex is DuckDBException ? ExitCodes.Usage : ExitCodes.Failure;
        }
    }
}
