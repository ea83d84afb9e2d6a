using System.CommandLine;
using DuckDB.NET.Data;
using GovReport.Ingest.Store;
using GovReport.Notebooks;

namespace GovReport.Cli.Commands;

/// <summary><c>govreport notebook run FILE.md… [--param k=v]… [--db FILE] --out DIR</c>: HTML and .ipynb per notebook.</summary>
public static class NotebookCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Notebook(s): Markdown with ```sql and ```chart blocks (see notebooks/)", Arity = ArgumentArity.OneOrMore };
        var param = new Option<string[]>("--param") { Description = "Set a parameter, overriding its default (repeatable)", HelpName = "NAME=VALUE", AllowMultipleArgumentsPerToken = false };
        var db = GovReportCli.DbOption();
        var outDir = new Option<string>("--out") { Description = "Folder for NAME.html and NAME.ipynb", Required = true, HelpName = "DIR" };
        var run = new Command("run", "Run notebook(s) against the database and write each as HTML and as a Jupyter notebook with its outputs.") { files, param, db, outDir };
        run.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(param) ?? [], parse.GetValue(db)!, parse.GetValue(outDir)!, Console.Out, Console.Error));
        return new Command("notebook", "Notebooks: Markdown pages whose SQL runs against the database, with tables and charts.") { run };
    }

    public static int Run(IReadOnlyList<string> files, IReadOnlyList<string> param, string dbPath, string outDir, TextWriter plain, TextWriter error)
    {
        var parameters = new Dictionary<string, string>();
        foreach (var p in param)
        {
            int eq = p.IndexOf('=');
            if (eq <= 0)
            {
                error.WriteLine($"govreport notebook: --param {p}: expected NAME=VALUE");
                return ExitCodes.Usage;
            }
            parameters[p[..eq].Trim()] = p[(eq + 1)..];
        }
        try
        {
            using var store = ReportStore.Open(dbPath, readOnly: true);
            Directory.CreateDirectory(outDir);
            foreach (var file in files)
            {
                var result = NotebookRunner.Run(file, parameters, store.Connection);
                string stem = Path.GetFileNameWithoutExtension(file);
                string html = Path.Combine(outDir, stem + ".html"), ipynb = Path.Combine(outDir, stem + ".ipynb");
                File.WriteAllText(html, NotebookHtml.RenderPage(result));
                File.WriteAllText(ipynb, NotebookIpynb.Render(result));
                int tables = result.Outputs.OfType<TableOutput>().Count(), charts = result.Outputs.OfType<ChartOutput>().Count();
                plain.WriteLine($"{file}: {tables} queries, {charts} charts → {html}, {ipynb}");
            }
            return ExitCodes.Ok;
        }
        catch (NotebookException ex)
        {
            error.WriteLine($"govreport notebook: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is DuckDBException or DatabaseInUseException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"govreport notebook: {ex.Message.Split('\n')[0]}");
            return ExitCodes.Failure;
        }
    }
}
