using System.Text;
using GovReport.Charts;

namespace GovReport.Site;

public sealed partial class SiteBuilder
{
    private long _svgTicks, _pngTicks, _charts;

    // In seconds as a double: ticks × TicksPerSecond overflowed a long past ≈ 900 s of chart time (the trace printed -364 s).
    internal string ChartTimes() => $"{_charts} charts, SVG {(double)_svgTicks / System.Diagnostics.Stopwatch.Frequency:0.0} s, PNG {(double)_pngTicks / System.Diagnostics.Stopwatch.Frequency:0.0} s";

    /// <summary>
    /// Writes a chart as SVG (shown) and, when <paramref name="png"/>, PNG (for download and sharing), and returns the
    /// figure: the image, a sentence describing it and, unless the page already shows the numbers, its data table.
    /// </summary>
    private string Figure(string fileBase, ChartSpec spec, string from, string? dataNote, bool png, int width = 800, int height = 450, bool cached = false)
    {
        string svgPath = fileBase + ".svg", pngPath = fileBase + ".png";
        if (!cached || !KeepChart(fileBase, spec, width, height, png, png ? [svgPath, pngPath] : [svgPath]))
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            _w.Text(svgPath, ChartRenderer.Svg(spec, width, height));
            long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
            if (png) _w.Bytes_(pngPath, ChartRenderer.Png(spec, width, height));
            Interlocked.Add(ref _svgTicks, t1 - t0);
            Interlocked.Add(ref _pngTicks, System.Diagnostics.Stopwatch.GetTimestamp() - t1);
            Interlocked.Increment(ref _charts);
        }
        var d = ChartRenderer.Describe(spec);
        string root = Layout.Root(from);
        var sb = new StringBuilder("<figure class=\"chart\">");
        sb.Append($"<img src=\"{root}{svgPath}\" width=\"{width}\" height=\"{height}\" alt=\"{Html.E(d.Summary)}\" loading=\"lazy\">");
        sb.Append($"<figcaption>{Html.E(d.Summary)}");
        if (png) sb.Append($" <a href=\"{root}{pngPath}\" download>PNG</a> <a href=\"{root}{svgPath}\" download>SVG</a>");
        if (dataNote is not null) sb.Append($" {Html.E(dataNote)}。");
        sb.Append("</figcaption>");
        if (dataNote is null)
        {
            sb.Append("<details><summary>图表数据</summary>");
            sb.Append(Layout.Table(null, Html.E(spec.Title), d.Columns.Select(Html.E).ToList(),
                d.Rows.Select(r => "<tr>" + string.Concat(r.Select(c => $"<td>{Html.E(c)}</td>")) + "</tr>"), sortable: false));
            sb.Append("</details>");
        }
        sb.Append("</figure>\n");
        return sb.ToString();
    }

    /// <summary>Horizontal bars (long agency names fit on the left), largest first.</summary>
    private string BarChart(string fileBase, string title, IReadOnlyList<(string Label, double Value)> bars, string unit, string from, string? dataNote, string? highlight = null)
    {
        // Duplicate labels (two agencies with one short name) would merge on the axis: number them.
        var seen = new Dictionary<string, int>();
        var unique = bars.Select(b => { int n = seen[b.Label] = seen.GetValueOrDefault(b.Label) + 1; return (n == 1 ? b.Label : $"{b.Label}（{n}）", b.Value); }).ToList();
        // Shares are drawn in per cent, as the tables print them.
        if (unit == "比例") unique = unique.Select(b => (b.Item1, b.Value * 100)).ToList();
        var spec = new GovReport.Charts.BarChart(title, unit == "比例" ? "%" : unit, "", unique, highlight, Horizontal: true);
        int height = Math.Clamp(90 + 28 * unique.Count, 220, 720);
        // The index, ranking and region pages are rendered again every build, but their bar charts rarely change
        // (a top 15 or 20): each is kept when its data is (see KeepChart).
        return Figure(fileBase, spec, from, dataNote, png: true, 800, height, cached: true);
    }

    private string LineChart(string fileBase, string title, IReadOnlyList<(string Label, List<(int Year, double Value)> Points)> series, string from)
    {
        var spec = new GovReport.Charts.LineChart(title, "年度", "件",
            series.Select(s => new LineSeries(s.Label, s.Points.Select(p => (p.Year.ToString(Html.Inv), p.Value)).ToList())).ToList());
        // Agency pages are many: SVG only, no PNG, to keep a large site fast to build.
        return Figure(fileBase, spec, from, null, png: false, 720, 360);
    }
}
