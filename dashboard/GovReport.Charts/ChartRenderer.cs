using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace GovReport.Charts;

/// <summary>
/// Turns a <see cref="ChartSpec"/> into a ScottPlot <see cref="Plot"/> (pure) and saves it as SVG text or PNG bytes.
/// The same spec and size give byte-identical output.
/// </summary>
public static partial class ChartRenderer
{
    /// <summary>Accent colour for the highlighted bar or point; the others are drawn in <see cref="Base"/>.</summary>
    public static readonly Color Accent = Color.FromHex("#C0392B");
    public static readonly Color Base = Color.FromHex("#4E79A7");

    private static readonly Color[] SeriesColors =
        [Color.FromHex("#4E79A7"), Color.FromHex("#F28E2B"), Color.FromHex("#59A14F"), Color.FromHex("#E15759"),
         Color.FromHex("#76B7B2"), Color.FromHex("#EDC948"), Color.FromHex("#B07AA1"), Color.FromHex("#9C755F")];

    /// <summary>The chart as an SVG document (UTF-8 text, labels XML-escaped).</summary>
    public static string Svg(ChartSpec spec, int width = 800, int height = 450)
    {
        CheckSize(width, height);
        var plot = Build(spec);
        return NormalizeSvg(plot.GetSvgXml(width, height));
    }

    /// <summary>The chart as a PNG image.</summary>
    public static byte[] Png(ChartSpec spec, int width = 800, int height = 450)
    {
        CheckSize(width, height);
        var plot = Build(spec);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>
    /// The ScottPlot plot for a spec, for callers that want to style it further before saving. Throws
    /// <see cref="InvalidOperationException"/> naming scripts/setup.sh when the Chinese font is not installed.
    /// </summary>
    public static Plot Build(ChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ChartFont.EnsureInstalled();
        var plot = new Plot();
        switch (spec)
        {
            case BarChart bar: AddBars(plot, bar); break;
            case LineChart line: AddLines(plot, line); break;
            case ScatterChart scatter: AddScatter(plot, scatter); break;
            default: throw new ArgumentException($"Unknown chart kind {spec.GetType().Name}", nameof(spec));
        }
        plot.Title(spec.Title);
        // Last, so the title, axis labels, tick labels and annotations all use it.
        plot.Font.Set(ChartFont.Family);
        plot.Legend.FontName = ChartFont.Family;
        plot.Legend.SetBestFontOnEachRender = false; // no font detection: it found no CJK font here
        // The rotated y label is measured with Latin metrics and would be cut at the image edge.
        if (plot.Axes.Left is ScottPlot.AxisPanels.AxisBase left) left.ClipLabel = false;
        plot.Axes.Left.Label.OffsetX = 4;
        return plot;
    }

    private static void AddBars(Plot plot, BarChart spec)
    {
        int n = spec.Bars.Count;
        var bars = new List<Bar>(n);
        var ticks = new List<Tick>(n);
        for (int i = 0; i < n; i++)
        {
            var (label, value) = spec.Bars[i];
            // Horizontal: the first bar at the top, as a ranking is read.
            double position = spec.Horizontal ? n - 1 - i : i;
            bool highlighted = spec.Highlight is not null && label == spec.Highlight;
            bars.Add(new Bar
            {
                Position = position,
                Value = double.IsFinite(value) ? value : 0,
                FillColor = highlighted ? Accent : Base,
                LineWidth = 0,
                Label = FormatNumber(value),
                Orientation = spec.Horizontal ? Orientation.Horizontal : Orientation.Vertical,
            });
            ticks.Add(new Tick(position, label, isMajor: true));
        }
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = spec.Horizontal;
        plottable.ValueLabelStyle.FontSize = 12;
        plottable.ValueLabelStyle.FontName = ChartFont.Family; // Font.Set does not reach value labels
        var manual = new NumericManual(ticks.ToArray());
        if (spec.Horizontal)
        {
            plot.Axes.Left.TickGenerator = manual;
            plot.Axes.Left.MajorTickStyle.Length = 0;
            plot.Axes.Margins(left: 0, right: 0.18); // room for the value labels
            plot.XLabel(spec.YLabel);
            plot.YLabel(spec.XLabel);
        }
        else
        {
            plot.Axes.Bottom.TickGenerator = manual;
            plot.Axes.Bottom.MajorTickStyle.Length = 0;
            if (n > 6) plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            if (n > 6) plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Margins(bottom: 0, top: 0.12);
            plot.XLabel(spec.XLabel);
            plot.YLabel(spec.YLabel);
        }
        if (n == 0) plot.Axes.SetLimits(0, 1, 0, 1);
        // Counts are whole numbers: no 0.2, 0.4 … ticks on the value axis.
        if (spec.Bars.All(b => IsWhole(b.Value)))
        {
            if (spec.Horizontal) plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
            else plot.Axes.Left.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        }
    }

    private static bool IsWhole(double v) => !double.IsFinite(v) || Math.Abs(v - Math.Round(v)) < 1e-9;

    private static void AddLines(Plot plot, LineChart spec)
    {
        // One categorical axis: every x label in order of first appearance.
        var xs = new List<string>();
        foreach (var s in spec.Series)
            foreach (var (x, _) in s.Points)
                if (!xs.Contains(x)) xs.Add(x);
        for (int si = 0; si < spec.Series.Count; si++)
        {
            var series = spec.Series[si];
            var points = series.Points.Where(p => double.IsFinite(p.Value)).ToList();
            double[] px = points.Select(p => (double)xs.IndexOf(p.X)).ToArray();
            double[] py = points.Select(p => p.Value).ToArray();
            var scatter = plot.Add.Scatter(px, py);
            scatter.Color = SeriesColors[si % SeriesColors.Length];
            scatter.LineWidth = 2;
            scatter.MarkerSize = 7;
            // Each line named at its last point (direct labels: ScottPlot's legend measures CJK text too short and
            // cuts the first entry).
            if (spec.Series.Count > 1 && points.Count > 0)
            {
                var name = plot.Add.Text(series.Name, px[^1], py[^1]);
                name.LabelFontName = ChartFont.Family;
                name.LabelFontSize = 13;
                name.LabelFontColor = scatter.Color;
                name.LabelAlignment = Alignment.MiddleLeft;
                name.OffsetX = 8;
            }
        }
        plot.Axes.Bottom.TickGenerator = new NumericManual(xs.Select((x, i) => new Tick(i, x, isMajor: true)).ToArray());
        plot.XLabel(spec.XLabel);
        plot.YLabel(spec.YLabel);
        if (spec.Series.All(s => s.Points.All(p => IsWhole(p.Value))))
            plot.Axes.Left.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        if (xs.Count == 0) plot.Axes.SetLimits(0, 1, 0, 1);
        else plot.Axes.SetLimitsX(-0.5, xs.Count - 0.5 + (spec.Series.Count > 1 ? 0.5 : 0));
    }

    private static void AddScatter(Plot plot, ScatterChart spec)
    {
        var normal = spec.Points.Where(p => p.Label != spec.Highlight && double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var markers = plot.Add.Markers(normal.Select(p => p.X).ToArray(), normal.Select(p => p.Y).ToArray(), MarkerShape.FilledCircle, 8, Base);
        markers.LegendText = "";
        foreach (var p in spec.Points.Where(p => spec.Highlight is not null && p.Label == spec.Highlight && double.IsFinite(p.X) && double.IsFinite(p.Y)))
        {
            plot.Add.Marker(p.X, p.Y, MarkerShape.FilledCircle, 11, Accent);
            var text = plot.Add.Text(p.Label, p.X, p.Y);
            text.LabelFontColor = Accent;
            text.LabelFontSize = 13;
            text.LabelFontName = ChartFont.Family;
            text.OffsetX = 8;
            text.OffsetY = -8;
        }
        if (spec.Points.All(p => IsWhole(p.X))) plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        if (spec.Points.All(p => IsWhole(p.Y))) plot.Axes.Left.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel(spec.XLabel);
        plot.YLabel(spec.YLabel);
        if (spec.Points.Count == 0) plot.Axes.SetLimits(0, 1, 0, 1);
    }

    private static void CheckSize(int width, int height)
    {
        if (width is < 50 or > 8000) throw new ArgumentOutOfRangeException(nameof(width), width, "between 50 and 8000 pixels");
        if (height is < 50 or > 8000) throw new ArgumentOutOfRangeException(nameof(height), height, "between 50 and 8000 pixels");
    }

    /// <summary>Numbers as the site prints them: thousands separators, at most two decimals, invariant culture.</summary>
    public static string FormatNumber(double value) =>
        double.IsFinite(value) ? value.ToString("#,0.##", CultureInfo.InvariantCulture) : "—";

    /// <summary>
    /// Makes Skia's SVG stable and its text searchable: clip-path ids come from a process-wide counter (cl_4 in one
    /// render, cl_1a in another), so they are renumbered in order of appearance; text content is written back from
    /// glyphs, and a glyph the font shares between an ideograph and a radical comes back as the radical (金 as
    /// U+2FA6 ⾦, 长 as U+2EBB ⻓), so those are mapped back to the ideograph with the same glyph; the newline and tab
    /// indentation around each text is dropped.
    /// </summary>
    internal static string NormalizeSvg(string svg)
    {
        var ids = new Dictionary<string, string>();
        svg = ClipId().Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Value, out var id)) ids[m.Value] = id = "cl_" + (ids.Count + 1).ToString(CultureInfo.InvariantCulture);
            return id;
        });
        return TextContent().Replace(svg, m => ">" + UnifyIdeographs(m.Groups[1].Value) + "</text>");
    }

    /// <summary>
    /// Kangxi radicals, CJK radicals supplement and compatibility ideographs → the unified ideograph that has the same
    /// glyph in <see cref="ChartFont.Family"/> (⾦ → 金, ⻓ → 长); other text unchanged.
    /// </summary>
    public static string UnifyIdeographs(string text)
    {
        if (!text.Any(IsRadicalOrCompatibility)) return text;
        var map = ChartFont.SharedGlyphIdeographs;
        return string.Concat(text.Select(c => map.TryGetValue(c, out char u) ? u : c));
    }

    private static bool IsRadicalOrCompatibility(char c) => ChartFont.IsRadicalOrCompatibility(c);

    [GeneratedRegex(@"\bcl_[0-9a-fA-F]+\b")]
    private static partial Regex ClipId();

    [GeneratedRegex(@">\s*\n\s*([^<]*?)\s*</text>")]
    private static partial Regex TextContent();
}
