using System.CommandLine;
using GovReport.Cli.Commands;

namespace GovReport.Cli;

/// <summary>Named exit codes: 0 ok, 1 nothing could be processed or an unexpected failure, 2 bad arguments.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}

/// <summary>The one command, <c>govreport</c>: wiring only; the work is in the libraries.</summary>
public static class GovReportCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("govreport — 政府信息公开工作年度报告: ingest, compare and publish annual reports of Chinese government agencies.")
        {
            IngestCommand.Create(),
            QueryCommand.Create(),
            ShowCommand.Create(),
            FieldsCommand.Create(),
            EvaluateCommand.Create(),
            AnalyzeCommand.Create(),
            FlagsCommand.Create(),
            ReviewCommand.Create(),
            EvaluateFlagsCommand.Create(),
            DemoCommand.Create(),
            SynthCommand.Create(),
            SiteCommand.Create(),
            ServeCommand.Create(),
            NotebookCommand.Create(),
            ExportCommand.Create(),
            BenchCommand.Create(),
        };
        return root;
    }

    public static Option<string> DbOption() => new("--db")
    {
        Description = $"DuckDB database file (default {GovReport.Ingest.Store.ReportStore.DefaultPath})",
        DefaultValueFactory = _ => GovReport.Ingest.Store.ReportStore.DefaultPath,
        HelpName = "FILE",
    };

    public static Option<string> FormatOption(string @default = "table") => new Option<string>("--format")
    {
        Description = "Output format: table, csv or json",
        DefaultValueFactory = _ => @default,
        HelpName = "table|csv|json",
    }.AcceptOnlyFromAmong("table", "csv", "json");
}
