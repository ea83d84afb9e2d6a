using System.Globalization;
using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;
using GovReport.Ingest.Readers;

namespace GovReport.Ingest.Evaluation;

/// <summary>One row of a hand-made truth file: <c>file,field,value</c>.</summary>
public sealed record TruthRow(string File, string Field, string Value);

/// <summary>A truth row compared with what was extracted.</summary>
/// <param name="Flagged">A wrong value that a diagnostic points at (so the error is not silent).</param>
public sealed record Comparison(string File, string Field, string Expected, string Got, bool Correct, bool Flagged);

public sealed record EvaluationResult(IReadOnlyList<Comparison> Comparisons, IReadOnlyList<string> MissingFiles, IReadOnlyList<(string File, string Reason)> Failures)
{
    public int Total => Comparisons.Count;
    public int Correct => Comparisons.Count(c => c.Correct);
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
    public int Silent => Comparisons.Count(c => !c.Correct && !c.Flagged);
}

/// <summary>
/// Measures extraction accuracy against truth files written by hand from the published reports. Truth values: a
/// number (money in 元), <c>blank</c>, <c>dash</c>, <c>na</c> (a slash), <c>absent</c> (the report has no such
/// field); metadata fields <c>template</c>, <c>year</c>, <c>agency</c>.
/// </summary>
public static class Evaluator
{
    public static IReadOnlyList<TruthRow> LoadTruth(string path)
    {
        var rows = new List<TruthRow>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (line.Trim().Length == 0) continue;
            var cells = SplitCsv(line);
            if (cells.Count < 3) throw new FormatException($"{path}: expected file,field,value in “{line}”");
            rows.Add(new TruthRow(cells[0].Trim(), cells[1].Trim(), cells[2].Trim()));
        }
        return rows;
    }

    /// <summary>Reads every file named in the truth (found among the given paths by file name) and compares.</summary>
    public static EvaluationResult Run(IReadOnlyList<TruthRow> truth, IEnumerable<string> files)
    {
        var byName = files.GroupBy(Path.GetFileName).ToDictionary(g => g.Key!, g => g.First(), StringComparer.Ordinal);
        var comparisons = new List<Comparison>();
        var missing = new List<string>();
        var failures = new List<(string, string)>();
        foreach (var group in truth.GroupBy(t => t.File))
        {
            if (!byName.TryGetValue(group.Key, out var path)) { missing.Add(group.Key); continue; }
            byte[] bytes = File.ReadAllBytes(path);
            var read = ReaderRegistry.Read(path, bytes);
            if (read.Document is null)
            {
                failures.Add((group.Key, read.Failure!));
                comparisons.AddRange(group.Select(t => new Comparison(t.File, t.Field, t.Value, "(file not read)", false, true)));
                continue;
            }
            var result = ReportParser.Parse(read.Document, new SourceInfo("eval", path, "eval", bytes.Length, read.Encoding));
            if (!result.IsReport)
            {
                // Rejected with an error (not loaded): wrong, but not silently.
                failures.Add((group.Key, string.Join("; ", result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.Message))));
                comparisons.AddRange(group.Select(t => new Comparison(t.File, t.Field, t.Value, "(rejected as not a report)", false, true)));
                continue;
            }
            comparisons.AddRange(group.Select(t => Compare(t, result)));
        }
        return new EvaluationResult(comparisons, missing, failures);
    }

    public static Comparison Compare(TruthRow t, ParseResult result)
    {
        var r = result.Report;
        switch (t.Field)
        {
            case "template": return Meta(t, r.Template, result);
            case "year": return Meta(t, r.Year?.ToString(CultureInfo.InvariantCulture) ?? "", result);
            case "agency": return Meta(t, r.AgencyName ?? "", result);
        }
        var f = r.Fact(t.Field);
        string got = f is null ? "absent" : f.Status switch
        {
            FactStatus.Reported => Format(f.Value!.Value),
            FactStatus.Blank => "blank",
            FactStatus.Dash => "dash",
            FactStatus.NotApplicable => "na",
            _ => "unreadable",
        };
        bool correct = t.Value switch
        {
            "absent" => f is null || f.Status == FactStatus.Unreadable,
            "blank" or "dash" or "na" => got == t.Value,
            _ => f?.Status == FactStatus.Reported && decimal.TryParse(t.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v == f.Value,
        };
        return new Comparison(t.File, t.Field, t.Value, got, correct, !correct && IsFlagged(t.Field, f, result.Diagnostics));
    }

    private static Comparison Meta(TruthRow t, string got, ParseResult result)
    {
        bool correct = got == t.Value;
        bool flagged = !correct && result.Diagnostics.Any(d => d.Severity != Severity.Info &&
            (t.Field == "agency" && d.Code.StartsWith("agency") || t.Field == "year" && d.Code.StartsWith("year") || t.Field == "template" && d.Code.StartsWith("template")));
        return new Comparison(t.File, t.Field, t.Value, got, correct, flagged);
    }

    /// <summary>Whether a warning or error points at the field: by field, its table 三 row, its line, or its table.</summary>
    private static bool IsFlagged(string field, Fact? fact, IEnumerable<Diagnostic> diagnostics)
    {
        string row = field.StartsWith("s3_") && field.Contains("__") ? field[3..field.IndexOf("__", StringComparison.Ordinal)] : "";
        string table = field.StartsWith("s2_") ? "table 二" : field.StartsWith("s3_") ? "table 三" : "table 四";
        foreach (var d in diagnostics)
        {
            if (d.Severity == Severity.Info) continue;
            if (d.Field == field || fact?.Line is { } l && d.Line == l) return true;
            if (row.Length > 0 && (d.Field?.StartsWith($"s3_{row}__", StringComparison.Ordinal) == true || d.Message.Contains(row, StringComparison.Ordinal))) return true;
            if (d.Message.Contains(field, StringComparison.Ordinal)) return true;
            if (d.Code is "table_missing" or "template_mixed" or "template_hybrid" && d.Message.Contains(table, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    public static string Format(decimal d) => d.ToString("0.############", CultureInfo.InvariantCulture);

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var sb = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        cells.Add(sb.ToString());
        return cells;
    }
}
