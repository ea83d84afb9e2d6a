using System.CommandLine;
using System.Globalization;
using DuckDB.NET.Data;
using GovReport.Analytics;
using GovReport.Ingest.Store;
using Spectre.Console;

namespace GovReport.Cli.Commands;

public static class EvaluateFlagsCommand
{
    public static Command Create()
    {
        var truth = new Option<string>("--truth") { Description = "DIR/truth.csv written by govreport synth (file,…,defect,field,…)", Required = true, HelpName = "TRUTH.csv" };
        var db = GovReportCli.DbOption();
        var cmd = new Command("evaluate-flags", "Precision and recall of the flags per defect type and detector, on a labelled (synthetic) corpus that was ingested and analysed.") { truth, db };
        cmd.SetAction(parse => Run(parse.GetValue(truth)!, parse.GetValue(db)!, AnsiConsole.Console, Console.Out));
        return cmd;
    }

    public static int Run(string truthPath, string dbPath, IAnsiConsole console, TextWriter plain)
    {
        if (!File.Exists(truthPath)) { Console.Error.WriteLine($"govreport evaluate-flags: {truthPath} not found"); return ExitCodes.Usage; }
        try
        {
            using var store = ReportStore.Open(dbPath);
            var scores = FlagEvaluation.Run(store.Connection, FlagEvaluation.LoadTruth(truthPath));
            string P(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
            Output.Write(new QueryResult(["defect", "detector", "defects", "detected", "recall", "detector flags", "on a defective report", "precision"],
                scores.Select(s => new object?[] { s.Defect, s.Detector, s.Defects, s.Detected, P(s.Recall), s.Flagged, s.TruePositives, P(s.Precision) }).ToList()),
                "table", console, plain);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is DuckDBException or DatabaseInUseException or InvalidOperationException or FormatException)
        {
            Console.Error.WriteLine($"govreport evaluate-flags: {ex.Message.Split('\n')[0]} (ingest the corpus and run analyze first)");
            return ExitCodes.Failure;
        }
    }
}
