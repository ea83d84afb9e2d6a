using System.Xml.Linq;
using SkiaSharp;

namespace GovReport.Charts.Tests;

public class ChartRendererTests
{
    private static readonly BarChart Ranking = new(
        "2020年街道政府采购总金额（元）", "街道", "元",
        [("长庆街道办事处", 1_285_000), ("剑光街道办事处", 820_000), ("剑南街道办事处", 560_000)],
        Highlight: "剑南街道办事处", Horizontal: true);

    private static readonly LineChart Series = new("收到申请数", "年份", "件",
        [new LineSeries("平潭县", [("2019", 12), ("2020", 30), ("2021", 18)]),
         new LineSeries("洪泽区", [("2020", 5), ("2021", 9)])]);

    private static readonly ScatterChart Points = new("项目数与金额", "项目数", "金额（元）",
        [("剑南街道", 2, 560_000), ("剑光街道", 5, 820_000), ("长庆街道", 9, 1_285_000)], Highlight: "剑南街道");

    public static TheoryData<string> Kinds => ["bar", "barv", "line", "scatter"];

    private static ChartSpec Spec(string kind) => kind switch
    {
        "bar" => Ranking,
        "barv" => Ranking with { Horizontal = false },
        "line" => Series,
        _ => Points,
    };

    [Theory, MemberData(nameof(Kinds))]
    public void Same_spec_gives_byte_identical_svg_and_png(string kind)
    {
        var spec = Spec(kind);
        Assert.Equal(ChartRenderer.Svg(spec), ChartRenderer.Svg(spec));
        Assert.Equal(ChartRenderer.Png(spec), ChartRenderer.Png(spec));
        // A changed value must change the output (the comparison above is not vacuous).
        if (spec is BarChart b)
            Assert.NotEqual(ChartRenderer.Svg(b), ChartRenderer.Svg(b with { Bars = [.. b.Bars.Take(2), ("剑南街道办事处", 1)] }));
    }

    [Fact]
    public void Svg_clip_path_ids_do_not_depend_on_how_many_charts_were_rendered_before()
    {
        string first = ChartRenderer.Svg(Ranking);
        for (int i = 0; i < 3; i++) ChartRenderer.Svg(Points);
        Assert.Equal(first, ChartRenderer.Svg(Ranking));
        Assert.Contains("id=\"cl_1\"", first);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Svg_is_well_formed_and_contains_the_labels_as_text(string kind)
    {
        string svg = ChartRenderer.Svg(Spec(kind));
        var texts = XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Contains(Spec(kind).Title, texts);
        switch (Spec(kind))
        {
            case BarChart bar:
                foreach (var (label, _) in bar.Bars) Assert.Contains(label, texts);
                Assert.Contains("560,000", texts);
                break;
            case LineChart line:
                Assert.Contains("2019", texts);
                Assert.Contains("平潭县", texts);
                break;
            case ScatterChart:
                Assert.Contains("剑南街道", texts);
                break;
        }
    }

    [Fact]
    public void Svg_text_keeps_ideographs_the_font_shares_with_kangxi_radicals()
    {
        // Skia writes text back from glyphs; 金 shares its glyph with the radical ⾦ (U+2FA6).
        string svg = ChartRenderer.Svg(Ranking with { Title = "采购金额与行政许可" });
        Assert.Contains(">采购金额与行政许可</text>", svg);
        Assert.DoesNotContain('\u2FA6', svg);
        Assert.Equal("金额长", ChartRenderer.UnifyIdeographs("\u2FA6额\u2ED3"));
        Assert.Equal("（元）abc", ChartRenderer.UnifyIdeographs("（元）abc"));
    }

    [Fact]
    public void Labels_from_reports_are_xml_escaped()
    {
        const string evil = "<script>alert(1)</script>街道";
        var spec = new BarChart("<b>标题</b> & \"引号\"", "x", "y", [(evil, 3), ("剑南街道", 1)], Highlight: evil);
        string svg = ChartRenderer.Svg(spec);
        Assert.DoesNotContain("<script", svg);
        Assert.DoesNotContain("<b>", svg);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;街道", svg);
        var doc = XDocument.Parse(svg); // well-formed, so nothing broke out of its element
        Assert.DoesNotContain(doc.Descendants(), e => e.Name.LocalName is "script" or "b");
        Assert.Contains(evil, doc.Descendants().Select(e => e.Value));
    }

    [Fact]
    public void Every_text_uses_the_cjk_font()
    {
        string svg = ChartRenderer.Svg(Ranking);
        var families = XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text")
            .Select(e => (string?)e.Attribute("font-family")).Distinct().ToList();
        Assert.Equal([ChartFont.Family], families);
    }

    [Fact]
    public void The_font_is_installed_and_has_chinese_glyphs()
    {
        ChartFont.EnsureInstalled();
        using var typeface = SKFontManager.Default.MatchFamily(ChartFont.Family);
        Assert.NotNull(typeface);
        Assert.Equal(ChartFont.Family, typeface.FamilyName);
        Assert.True(typeface.ContainsGlyphs("剑南街道办事处采购金额"));
    }

    [Fact]
    public void A_missing_font_is_named_with_the_script_that_installs_it()
    {
        Assert.Null(ChartFont.FindProblem(ChartFont.Family));
        string? problem = ChartFont.FindProblem("No Such Font GovReport");
        Assert.NotNull(problem);
        Assert.Contains("\"No Such Font GovReport\" is not installed", problem);
        Assert.Contains("scripts/setup.sh", problem);
    }

    [Fact]
    public void Chinese_renders_as_glyphs_not_as_tofu()
    {
        // Same number of characters: real Chinese, and a private-use code point no font has (drawn as the
        // .notdef box). If the font were missing, the Chinese would be boxes too and the two images identical.
        static BarChart One(string label) => new(label, "", "", [(label, 1)]);
        const string chinese = "剑南街道办事处";
        string tofu = new('\uE000', chinese.Length);
        byte[] a = ChartRenderer.Png(One(chinese), 400, 200);
        byte[] b = ChartRenderer.Png(One(tofu), 400, 200);
        Assert.NotEqual(a, b);
        // And two different Chinese labels differ from each other (glyphs, not one repeated box).
        Assert.NotEqual(a, ChartRenderer.Png(One("长庆街道办事处"), 400, 200));
    }

    [Fact]
    public void Describe_gives_the_data_beside_the_chart()
    {
        var d = ChartRenderer.Describe(Ranking);
        Assert.Equal(["街道", "元"], d.Columns);
        Assert.Equal(3, d.Rows.Count);
        Assert.Equal(["剑南街道办事处", "560,000"], d.Rows[2]);
        Assert.Contains("最高为长庆街道办事处（1,285,000）", d.Summary);
        Assert.Contains("最低为剑南街道办事处（560,000）", d.Summary);
        Assert.Contains("突出显示剑南街道办事处", d.Summary);

        var l = ChartRenderer.Describe(Series);
        Assert.Equal(5, l.Rows.Count);
        Assert.Contains("从2019到2021", l.Summary);
        Assert.Equal(["洪泽区", "2021", "9"], l.Rows[4]);

        var s = ChartRenderer.Describe(Points);
        Assert.Equal(["剑南街道", "2", "560,000"], s.Rows[0]);
    }

    [Fact]
    public void Empty_charts_render()
    {
        Assert.Contains("<svg", ChartRenderer.Svg(new BarChart("无数据", "", "", [])));
        Assert.NotEmpty(ChartRenderer.Png(new LineChart("无数据", "", "", [])));
        Assert.NotEmpty(ChartRenderer.Png(new ScatterChart("无数据", "", "", [])));
    }

    [Fact]
    public void Bad_sizes_fail_at_the_call()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartRenderer.Svg(Ranking, 0, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartRenderer.Png(Ranking, 100, 100_000));
    }

    [Fact]
    public void Writes_the_sample_screenshots()
    {
        // docs/screenshots: looked at by a person to confirm the Chinese renders; rewritten when the charts change.
        string dir = Path.Combine(RepoRoot(), "docs", "screenshots");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "chart-bar.png"), ChartRenderer.Png(Ranking, 800, 360));
        File.WriteAllBytes(Path.Combine(dir, "chart-line.png"), ChartRenderer.Png(Series, 800, 400));
        File.WriteAllBytes(Path.Combine(dir, "chart-scatter.png"), ChartRenderer.Png(Points, 800, 400));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GovReportAnalytics.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("GovReportAnalytics.sln not found above " + AppContext.BaseDirectory);
    }
}
