using System.CommandLine;
using System.Globalization;
using GovReport.Ingest.Evaluation;
using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;
using Spectre.Console;

namespace GovReport.Cli.Commands;

public static class EvaluateCommand
{
    public static Command Create()
    {
        var truth = new Option<string>("--truth") { Description = "Truth file: file,field,value rows written by hand from the published reports", Required = true, HelpName = "TRUTH.csv" };
        var paths = new Argument<string[]>("PATH") { Description = "Report files or folders holding the files the truth names", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("evaluate", "Measure extraction accuracy against a hand-made truth file: accuracy per field, per file and overall, and every mismatch.") { truth, paths };
        cmd.SetAction(parse => Run(parse.GetValue(truth)!, parse.GetValue(paths)!, AnsiConsole.Console, Console.Out));
        return cmd;
    }

    public static int Run(string truthPath, string[] inputs, IAnsiConsole console, TextWriter plain)
    {
        if (!File.Exists(truthPath)) { Console.Error.WriteLine($"govreport evaluate: truth file {truthPath} not found"); return ExitCodes.Usage; }
        IReadOnlyList<TruthRow> truth;
        try { truth = Evaluator.LoadTruth(truthPath); }
        catch (FormatException ex) { Console.Error.WriteLine($"govreport evaluate: {ex.Message}"); return ExitCodes.Usage; }
        var files = inputs.SelectMany(p => Directory.Exists(p) ? IngestPipeline.Enumerate(p) : File.Exists(p) ? [p] : []).ToList();
        var result = Evaluator.Run(truth, files);
        if (result.Total == 0) { Console.Error.WriteLine("govreport evaluate: none of the files named in the truth was found"); return ExitCodes.Failure; }

        string Pct(int ok, int n) => n == 0 ? "-" : (100.0 * ok / n).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        string Group(string field) => field switch
        {
            "template" or "year" or "agency" => "metadata",
            _ when field.StartsWith("s2_") => "table 二",
            _ when field.StartsWith("s3_") => "table 三",
            _ => "table 四",
        };

        var byFile = new QueryResult(["file", "fields", "right", "accuracy", "wrong, flagged", "wrong, silent"],
            result.Comparisons.GroupBy(c => c.File).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new object?[] { g.Key, g.Count(), g.Count(c => c.Correct), Pct(g.Count(c => c.Correct), g.Count()), g.Count(c => !c.Correct && c.Flagged), g.Count(c => !c.Correct && !c.Flagged) }).ToList());
        var byGroup = new QueryResult(["part", "fields", "right", "accuracy"],
            result.Comparisons.GroupBy(c => Group(c.Field)).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new object?[] { g.Key, g.Count(), g.Count(c => c.Correct), Pct(g.Count(c => c.Correct), g.Count()) }).ToList());
        var byField = new QueryResult(["field", "files", "right", "accuracy"],
            result.Comparisons.GroupBy(c => c.Field).Where(g => g.Any(c => !c.Correct)).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new object?[] { g.Key, g.Count(), g.Count(c => c.Correct), Pct(g.Count(c => c.Correct), g.Count()) }).ToList());
        var wrong = new QueryResult(["file", "field", "expected", "got", "diagnostic"],
            result.Comparisons.Where(c => !c.Correct).Select(c => new object?[] { c.File, c.Field, c.Expected, c.Got, c.Flagged ? "yes" : "SILENT" }).ToList());

        plain.WriteLine("Accuracy per file");
        Output.Write(byFile, "table", console, plain);
        plain.WriteLine("Accuracy per part");
        Output.Write(byGroup, "table", console, plain);
        if (byField.Rows.Count > 0) { plain.WriteLine("Fields with mismatches"); Output.Write(byField, "table", console, plain); }
        if (wrong.Rows.Count > 0) { plain.WriteLine("Mismatches"); Output.Write(wrong, "table", console, plain); }
        foreach (var m in result.MissingFiles) plain.WriteLine($"not found: {m}");
        foreach (var (f, reason) in result.Failures) plain.WriteLine($"not read: {f}: {reason}");
        plain.WriteLine($"overall: {result.Correct} of {result.Total} fields right ({Pct(result.Correct, result.Total)}); " +
                        $"{result.Total - result.Correct} wrong, of which {result.Silent} without a diagnostic");
        return ExitCodes.Ok;
    }
}
