using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using GovReport.Charts;
using Markdig;

namespace GovReport.Notebooks;

/// <summary>
/// Runs a notebook against an open DuckDB connection: each ```sql block once, with the parameters bound as
/// prepared-statement parameters (<c>$region</c>), never pasted into the SQL; each ```chart block charts the
/// result before it. Any failure is a <see cref="NotebookException"/> naming the file and line.
/// </summary>
public static partial class NotebookRunner
{
    /// <summary>Rows kept per table output (the query still runs in full; the count is reported).</summary>
    public const int MaxRows = 500;

    public const int ChartWidth = 800;
    public const int ChartHeight = 420;

    // Raw HTML in prose is escaped: a notebook is text, and its pages must not run scripts.
    private static readonly MarkdownPipeline Prose = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    /// <summary>Reads the file at <paramref name="notebookPath"/> and runs it (<see cref="Run(Notebook, IReadOnlyDictionary{string, string}, DuckDBConnection)"/>).</summary>
    public static NotebookResult Run(string notebookPath, IReadOnlyDictionary<string, string> parameters, DuckDBConnection connection)
    {
        string text;
        try { text = File.ReadAllText(notebookPath); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NotebookException(notebookPath, 0, $"cannot read the notebook: {ex.Message}", ex);
        }
        return Run(NotebookParser.Parse(text, notebookPath), parameters, connection);
    }

    /// <summary>
    /// Runs a parsed notebook. <paramref name="parameters"/> override the defaults by name (text as given on the
    /// command line, converted to the default's type); an unknown name is an error.
    /// </summary>
    public static NotebookResult Run(Notebook notebook, IReadOnlyDictionary<string, string> parameters, DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(connection);
        var values = BindParameters(notebook, parameters);
        var outputs = new List<CellOutput>();
        TableOutput? last = null;
        foreach (var cell in notebook.Cells)
        {
            switch (cell)
            {
                case MarkdownCell md:
                    outputs.Add(new MarkdownOutput(md, Markdown.ToHtml(md.Markdown, Prose)));
                    break;
                case SqlCell sql:
                    last = Query(notebook.Path, sql, values, connection);
                    outputs.Add(last);
                    break;
                case ChartCell chart:
                    outputs.Add(Chart(notebook.Path, chart, last!));
                    break;
            }
        }
        return new NotebookResult(notebook, values.Select(kv => (kv.Key, kv.Value)).ToList(), outputs);
    }

    private static Dictionary<string, object> BindParameters(Notebook notebook, IReadOnlyDictionary<string, string> given)
    {
        var values = notebook.Parameters.ToDictionary(p => p.Name, p => p.Default);
        foreach (var (name, text) in given)
        {
            var p = notebook.Parameters.FirstOrDefault(p => p.Name == name)
                ?? throw new NotebookException(notebook.Path, 1, $"unknown parameter {name} (the notebook has: {(notebook.Parameters.Count == 0 ? "none" : string.Join(", ", notebook.Parameters.Select(p => p.Name)))})");
            values[name] = p.Default switch
            {
                long => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l) ? l
                    : throw new NotebookException(notebook.Path, 1, $"parameter {name}: “{text}” is not an integer"),
                double => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d
                    : throw new NotebookException(notebook.Path, 1, $"parameter {name}: “{text}” is not a number"),
                bool => text is "true" or "false" ? text == "true"
                    : throw new NotebookException(notebook.Path, 1, $"parameter {name}: “{text}” is not true or false"),
                _ => text,
            };
        }
        return values;
    }

    private static TableOutput Query(string path, SqlCell cell, Dictionary<string, object> values, DuckDBConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = cell.Sql;
        foreach (string name in ParameterNames(cell.Sql))
        {
            if (!values.TryGetValue(name, out var value))
                throw new NotebookException(path, cell.Line, $"the SQL uses ${name}, which is not a parameter of this notebook ({(values.Count == 0 ? "it has none" : "it has " + string.Join(", ", values.Keys))})");
            cmd.Parameters.Add(new DuckDBParameter(name, value));
        }
        try
        {
            using var reader = cmd.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<object?[]>();
            int total = 0;
            while (reader.Read())
            {
                total++;
                if (rows.Count >= MaxRows) continue;
                var row = new object?[reader.FieldCount];
                for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
            return new TableOutput(cell, columns, rows, total);
        }
        catch (DbException ex)
        {
            throw new NotebookException(path, cell.Line, "SQL error: " + ex.Message.Trim(), ex);
        }
    }

    /// <summary>
    /// The <c>$name</c> parameters a statement uses, outside string literals, quoted identifiers and comments.
    /// </summary>
    internal static IReadOnlyList<string> ParameterNames(string sql)
    {
        var names = new List<string>();
        int i = 0;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (c is '\'' or '"')
            {
                int j = i + 1;
                while (j < sql.Length && !(sql[j] == c && (j + 1 >= sql.Length || sql[j + 1] != c))) j += sql[j] == c ? 2 : 1;
                i = j + 1;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                int j = sql.IndexOf('\n', i);
                i = j < 0 ? sql.Length : j + 1;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                int j = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = j < 0 ? sql.Length : j + 2;
            }
            else if (c == '$' && ParameterAt().Match(sql, i) is { Success: true } m && m.Index == i)
            {
                string name = m.Groups[1].Value;
                if (!names.Contains(name)) names.Add(name);
                i += m.Length;
            }
            else i++;
        }
        return names;
    }

    [GeneratedRegex(@"\G\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterAt();

    private static ChartOutput Chart(string path, ChartCell cell, TableOutput table)
    {
        var b = cell.Spec;
        int Column(string name, string role)
        {
            int i = table.Columns.ToList().FindIndex(c => c == name);
            if (i < 0) i = table.Columns.ToList().FindIndex(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            return i >= 0 ? i : throw new NotebookException(path, cell.Line,
                $"chart: {role} column “{name}” is not in the query before it (line {table.Source.Line}; columns: {string.Join(", ", table.Columns)})");
        }
        int x = Column(b.X, "x"), y = Column(b.Y, "y");
        double Number(object? v, string column, int rowNo) => ToDouble(v) ?? (v is null ? double.NaN
            : throw new NotebookException(path, cell.Line, $"chart: column “{column}” row {rowNo} is not a number (“{Cell.Format(v)}”)"));

        ChartSpec spec;
        var rows = table.Rows;
        switch (b.Kind)
        {
            case "bar":
                spec = new BarChart(b.Title, b.XLabel ?? b.X, b.YLabel ?? b.Y,
                    rows.Select((r, i) => (Cell.Format(r[x]), Number(r[y], b.Y, i + 1))).ToList(), b.Highlight, b.Horizontal);
                break;
            case "line":
            {
                int? s = b.Series is null ? null : Column(b.Series, "series");
                var series = rows.GroupBy(r => s is int si ? Cell.Format(r[si]) : b.Y)
                    .Select(g => new LineSeries(g.Key, g.Select(r => (Cell.Format(r[x]), Number(r[y], b.Y, 0))).ToList()))
                    .ToList();
                spec = new LineChart(b.Title, b.XLabel ?? b.X, b.YLabel ?? b.Y, series);
                break;
            }
            default:
            {
                int? l = b.Label is null ? null : Column(b.Label, "label");
                spec = new ScatterChart(b.Title, b.XLabel ?? b.X, b.YLabel ?? b.Y,
                    rows.Select((r, i) => (l is int li ? Cell.Format(r[li]) : (i + 1).ToString(CultureInfo.InvariantCulture),
                        Number(r[x], b.X, i + 1), Number(r[y], b.Y, i + 1))).ToList(), b.Highlight);
                break;
            }
        }
        try
        {
            int height = ChartHeightFor(spec);
            return new ChartOutput(cell, spec, ChartRenderer.Svg(spec, ChartWidth, height), ChartRenderer.Png(spec, ChartWidth, height), ChartRenderer.Describe(spec));
        }
        catch (InvalidOperationException ex)
        {
            throw new NotebookException(path, cell.Line, "chart: " + ex.Message, ex);
        }
    }

    /// <summary>Horizontal bars get about 34 pixels each (a ranking of 30 agencies stays readable).</summary>
    internal static int ChartHeightFor(ChartSpec spec) =>
        spec is BarChart { Horizontal: true } bar ? Math.Clamp(120 + 34 * bar.Bars.Count, 240, 1400) : ChartHeight;

    internal static double? ToDouble(object? v) => v switch
    {
        null => null,
        double d => d,
        float f => f,
        decimal m => (double)m,
        long or int or short or sbyte or byte or ushort or uint or ulong => Convert.ToDouble(v, CultureInfo.InvariantCulture),
        BigInteger bi => (double)bi,
        _ => null,
    };
}
