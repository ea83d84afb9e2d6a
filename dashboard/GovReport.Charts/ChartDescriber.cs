namespace GovReport.Charts;

public static partial class ChartRenderer
{
    /// <summary>
    /// The chart's data as text, to print beside it (screen readers, copying, checking): one Chinese sentence and a
    /// table with one row per bar, per (series, x) point or per scatter point, values formatted as on the chart.
    /// </summary>
    public static ChartDescription Describe(ChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec switch
        {
            BarChart bar => DescribeBars(bar),
            LineChart line => DescribeLines(line),
            ScatterChart scatter => DescribeScatter(scatter),
            _ => throw new ArgumentException($"Unknown chart kind {spec.GetType().Name}", nameof(spec)),
        };
    }

    private static ChartDescription DescribeBars(BarChart spec)
    {
        var rows = spec.Bars.Select(b => (IReadOnlyList<string>)[b.Label, FormatNumber(b.Value)]).ToList();
        string summary = $"柱状图《{spec.Title}》，共 {spec.Bars.Count} 项";
        var finite = spec.Bars.Where(b => double.IsFinite(b.Value)).ToList();
        if (finite.Count > 0)
        {
            var max = finite.MaxBy(b => b.Value);
            var min = finite.MinBy(b => b.Value);
            summary += $"：最高为{max.Label}（{FormatNumber(max.Value)}），最低为{min.Label}（{FormatNumber(min.Value)}）";
        }
        if (spec.Highlight is not null && spec.Bars.FirstOrDefault(b => b.Label == spec.Highlight) is { Label: not null } h)
            summary += $"；突出显示{h.Label}（{FormatNumber(h.Value)}）";
        return new ChartDescription(summary + "。", [Or(spec.XLabel, "项目"), Or(spec.YLabel, "数值")], rows);
    }

    private static ChartDescription DescribeLines(LineChart spec)
    {
        var rows = spec.Series.SelectMany(s => s.Points.Select(p => (IReadOnlyList<string>)[s.Name, p.X, FormatNumber(p.Value)])).ToList();
        var xs = spec.Series.SelectMany(s => s.Points.Select(p => p.X)).Distinct().ToList();
        string summary = $"折线图《{spec.Title}》，共 {spec.Series.Count} 条线";
        if (xs.Count > 0) summary += $"，{Or(spec.XLabel, "横轴")}从{xs[0]}到{xs[^1]}";
        foreach (var s in spec.Series.Where(s => s.Points.Count > 0))
            summary += $"；{s.Name}：{FormatNumber(s.Points[0].Value)} → {FormatNumber(s.Points[^1].Value)}";
        return new ChartDescription(summary + "。", ["系列", Or(spec.XLabel, "横轴"), Or(spec.YLabel, "数值")], rows);
    }

    private static ChartDescription DescribeScatter(ScatterChart spec)
    {
        var rows = spec.Points.Select(p => (IReadOnlyList<string>)[p.Label, FormatNumber(p.X), FormatNumber(p.Y)]).ToList();
        string summary = $"散点图《{spec.Title}》，共 {spec.Points.Count} 个点，横轴为{Or(spec.XLabel, "X")}，纵轴为{Or(spec.YLabel, "Y")}";
        if (spec.Highlight is not null && spec.Points.FirstOrDefault(p => p.Label == spec.Highlight) is { Label: not null } h)
            summary += $"；突出显示{h.Label}（{FormatNumber(h.X)}，{FormatNumber(h.Y)}）";
        return new ChartDescription(summary + "。", ["名称", Or(spec.XLabel, "X"), Or(spec.YLabel, "Y")], rows);
    }

    private static string Or(string? s, string fallback) => string.IsNullOrWhiteSpace(s) ? fallback : s;
}
