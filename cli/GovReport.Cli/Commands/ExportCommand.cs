using System.CommandLine;
using DuckDB.NET.Data;
using GovReport.Ingest.Store;

namespace GovReport.Cli.Commands;

public static class ExportCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "Output format (parquet)", DefaultValueFactory = _ => "parquet", HelpName = "parquet" };
        format.AcceptOnlyFromAmong("parquet");
        var output = new Option<string>("--out") { Description = "Folder to write (one sub-folder per table, partitioned by year and province)", Required = true, HelpName = "DIR" };
        var db = GovReportCli.DbOption();
        var cmd = new Command("export", "Write reports, facts, metrics, rankings and flags as Parquet partitioned by year and province (hive layout) for Spark, Trino or DuckDB.")
            { format, output, db };
        cmd.SetAction(parse => Run(parse.GetValue(db)!, parse.GetValue(output)!, Console.Out));
        return cmd;
    }

    public static int Run(string dbPath, string outDir, TextWriter plain)
    {
        try
        {
            using var store = ReportStore.Open(dbPath, readOnly: true);
            var s = ParquetExport.Run(store, outDir);
            foreach (var t in s.Tables)
                plain.WriteLine(t.Skipped is { } why ? $"{t.Table}: skipped, {why}" : $"{t.Table}: {t.Rows:N0} rows in {t.Files} files ({t.Directory})");
            plain.WriteLine($"exported to {s.OutDir} in {s.Elapsed.TotalSeconds:0.0} s");
            return s.Tables.Any(t => t.Skipped is null) ? ExitCodes.Ok : ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is DuckDBException or DatabaseInUseException or InvalidOperationException or FileNotFoundException or IOException)
        {
            Console.Error.WriteLine($"govreport export: {ex.Message.Split('\n')[0]}");
            return ExitCodes.Failure;
        }
    }
}
