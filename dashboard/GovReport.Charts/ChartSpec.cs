namespace GovReport.Charts;

/// <summary>What a chart shows: data and labels only, no styling. Rendered by <see cref="ChartRenderer"/>.</summary>
public abstract record ChartSpec(string Title);

/// <summary>
/// Bars with a text label each, in the order given. <paramref name="Horizontal"/> draws them top to bottom with the
/// labels on the left (rankings with long agency names); <paramref name="Highlight"/> is the label drawn in the accent
/// colour (e.g. the agency a page is about).
/// </summary>
public sealed record BarChart(
    string Title,
    string XLabel,
    string YLabel,
    IReadOnlyList<(string Label, double Value)> Bars,
    string? Highlight = null,
    bool Horizontal = false) : ChartSpec(Title);

/// <summary>One or more series over the same categorical x axis (years, usually), in order of first appearance.</summary>
public sealed record LineChart(
    string Title,
    string XLabel,
    string YLabel,
    IReadOnlyList<LineSeries> Series) : ChartSpec(Title);

/// <summary>A named line: (x label, value) points; a missing x is a gap, never 0.</summary>
public sealed record LineSeries(string Name, IReadOnlyList<(string X, double Value)> Points);

/// <summary>Labelled points; the <paramref name="Highlight"/> point is drawn in the accent colour and named on the chart.</summary>
public sealed record ScatterChart(
    string Title,
    string XLabel,
    string YLabel,
    IReadOnlyList<(string Label, double X, double Y)> Points,
    string? Highlight = null) : ChartSpec(Title);

/// <summary>A chart's data as text: one Chinese sentence and a table, to print beside the chart.</summary>
public sealed record ChartDescription(string Summary, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);
