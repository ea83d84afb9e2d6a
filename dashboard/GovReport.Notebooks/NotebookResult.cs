using GovReport.Charts;

namespace GovReport.Notebooks;

/// <summary>A notebook run: the notebook, the parameter values used and one output per cell, in order.</summary>
public sealed record NotebookResult(Notebook Notebook, IReadOnlyList<(string Name, object Value)> Parameters, IReadOnlyList<CellOutput> Outputs);

public abstract record CellOutput(NotebookCell Cell);

/// <summary>Prose, rendered by Markdig (raw HTML in the notebook is escaped, not passed through).</summary>
public sealed record MarkdownOutput(MarkdownCell Source, string Html) : CellOutput(Source);

/// <summary>A query's result: column names and rows as returned (null for SQL NULL); <c>TotalRows</c> ≥ <c>Rows.Count</c> when truncated.</summary>
public sealed record TableOutput(SqlCell Source, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, int TotalRows) : CellOutput(Source)
{
    public bool Truncated => TotalRows > Rows.Count;
}

/// <summary>A chart of the previous query: its spec, SVG, PNG and text description.</summary>
public sealed record ChartOutput(ChartCell Source, ChartSpec Spec, string Svg, byte[] Png, ChartDescription Description) : CellOutput(Source);
