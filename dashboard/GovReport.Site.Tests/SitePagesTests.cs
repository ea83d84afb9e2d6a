using System.Text.RegularExpressions;

namespace GovReport.Site.Tests;

/// <summary>
/// What the pages say, checked against numbers read by hand from the seed reports (data/sample, Fixtures/seeds):
/// 001 剑南街道 政府集中采购 11 projects, “56万” on line 90; 002 长庆街道 “1763万余元” (line 93); 000 剑光街道
/// “1072991.52” with no unit (line 96); 003 桂溪街道 “75.058万元”; 004 浮山街道 “2249470.45元”.
/// </summary>
[Collection("site")]
public sealed class SitePagesTests(SiteFixture site)
{
    [Theory]
    [InlineData("剑南街道", "560,000")]
    [InlineData("长庆街道", "17,630,000")]
    [InlineData("剑光街道", "1,072,991.52*")] // the unit is assumed: marked with *
    [InlineData("桂溪街道", "750,580")]
    [InlineData("浮山街道", "2,249,470.45")]
    public void Each_seed_agency_page_shows_its_procurement_amount_in_yuan(string agency, string shown)
    {
        var html = File.ReadAllText(site.AgencyPage(agency));
        Assert.Contains($">{shown}</a></td>", html);
        Assert.Contains("三、收到和处理政府信息公开申请情况", html);
    }

    [Fact]
    public void A_value_links_to_its_line_in_the_rendered_source()
    {
        var html = File.ReadAllText(site.AgencyPage("剑南街道"));
        var m = Regex.Match(html, "href=\"\\.\\./(source/[0-9a-f]+\\.html)#L90\">560,000</a>");
        Assert.True(m.Success, "剑南街道's 采购总金额 should link to line 90 of its source");
        var source = site.Read(m.Groups[1].Value);
        Assert.Matches("<li id=\"L90\"[^>]*>\t56万</li>", source);
    }

    [Fact]
    public void Procurement_ranking_puts_changqing_first_and_jiannan_last()
    {
        var html = site.Read("ranking/procurement_amount.html");
        var section = html[html.IndexOf("<section id=\"y2020-street\">", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        var ranks = Regex.Matches(section, "<tr data-r=\"[^\"]*\"><td class=\"num\" data-v=\"(\\d+)\">\\d+</td><td><a href=\"[^\"]+\">([^<]+)</a>")
            .ToDictionary(m => m.Groups[2].Value, m => int.Parse(m.Groups[1].Value));
        Assert.Equal(1, ranks["长庆街道"]);
        Assert.Equal(ranks.Values.Max(), ranks["剑南街道"]);
        Assert.Equal(6, ranks.Count); // five seeds and the renamed copy of 剑南街道
    }

    [Fact]
    public void Flags_page_lists_every_seed_anomaly_with_its_explanation()
    {
        var html = site.Read("flags.html");
        foreach (var needle in new[] { "106", "102", "496", "1072991.52", "1 ≠ 0", "0 ≠ 11" }) Assert.Contains(needle, html);
        // Each flag has a permalink page.
        foreach (Match m in Regex.Matches(html, "<a href=\"(flag/[0-9a-f]+\\.html)\">详情</a>"))
            Assert.True(File.Exists(Path.Combine(site.Site, m.Groups[1].Value)), m.Groups[1].Value);
    }

    [Fact]
    public void Region_page_lists_the_reports_to_send_back_with_reasons()
    {
        var html = site.Read("region/360981.html"); // 丰城市: 剑南街道 and 剑光街道
        var sendBack = html[html.IndexOf("id=\"send-back\"", StringComparison.Ordinal)..html.IndexOf("id=\"agencies\"", StringComparison.Ordinal)];
        Assert.Contains("剑南街道", sendBack);
        Assert.Contains("1 ≠ 0", sendBack);
        Assert.Contains("剑光街道", sendBack); // the unit-less amount
    }

    [Fact]
    public void Charts_are_written_as_svg_and_png_with_chinese_labels()
    {
        var svg = site.Read("charts/ranking-procurement_amount-y2020-street.svg");
        Assert.Contains("长庆街道", svg);
        var png = File.ReadAllBytes(Path.Combine(site.Site, "charts/ranking-procurement_amount-y2020-street.png"));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }

    [Fact]
    public void Downloads_offer_csv_with_bom_json_parquet_and_the_database()
    {
        foreach (var t in new[] { "reports", "facts", "metrics", "rankings", "checks", "flags" })
        {
            var csv = File.ReadAllBytes(Path.Combine(site.Site, "data", t + ".csv"));
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
            Assert.True(File.Exists(Path.Combine(site.Site, "data", t + ".json")), t + ".json");
            var parquet = File.ReadAllBytes(Path.Combine(site.Site, "data", "parquet", t + ".parquet"));
            Assert.Equal("PAR1"u8.ToArray(), parquet[..4]);
        }
        Assert.True(new FileInfo(Path.Combine(site.Site, "data", "govreport.duckdb")).Length > 0);
        var facts = File.ReadAllText(Path.Combine(site.Site, "data", "facts.csv"));
        Assert.Contains("s2_procurement_amount,560000", facts);
    }

    [Fact]
    public void Index_with_its_assets_stays_under_300_kb()
    {
        var index = site.Read("index.html");
        long total = new FileInfo(Path.Combine(site.Site, "index.html")).Length;
        foreach (Match m in Regex.Matches(index, "(?:src|href)=\"((?:assets|charts)/[^\"#?]+)\""))
            total += new FileInfo(Path.Combine(site.Site, m.Groups[1].Value)).Length;
        Assert.InRange(total, 1, 300 * 1024);
    }

    [Fact]
    public void Search_index_covers_agencies_and_regions()
    {
        var js = site.Read("assets/search-index.js");
        Assert.Contains("\"剑南街道\"", js);
        Assert.Contains("\"丰城市\"", js);
        Assert.Contains("region/360981.html", js);
    }

    [Fact]
    public void Every_data_table_links_its_csv()
    {
        var missing = new List<string>();
        foreach (var f in site.Files("*.html").Where(f => !f.EndsWith("downloads.html", StringComparison.Ordinal)))
        {
            // Chart data tables sit in <details> beside their chart (the chart's own data); the rest need a CSV.
            var html = Regex.Replace(File.ReadAllText(f), "<details>.*?</details>", "", RegexOptions.Singleline);
            foreach (Match m in Regex.Matches(html, "<caption>(.*?)</caption>", RegexOptions.Singleline))
                if (!m.Groups[1].Value.Contains("class=\"csv\"")) missing.Add($"{Path.GetFileName(f)}: {m.Groups[1].Value}");
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing.Take(10)));
    }

    [Fact]
    public void Every_shipped_notebook_is_a_page_with_its_ipynb()
    {
        Assert.Empty(site.Result.Problems);
        var index = site.Read("notebooks.html");
        foreach (var nb in new[] { "supervision", "procurement", "audit", "data-quality" })
        {
            Assert.Contains($"href=\"notebook/{nb}.html\"", index);
            Assert.Contains($"href=\"{nb}.ipynb\"", site.Read($"notebook/{nb}.html"));
            Assert.StartsWith("{", site.Read($"notebook/{nb}.ipynb").TrimStart());
        }
        // The supervision notebook's default county is 丰城市: its two sub-districts are in the page.
        var supervision = site.Read("notebook/supervision.html");
        Assert.Contains("剑南街道", supervision);
        Assert.Contains("剑光街道", supervision);
    }

    [Fact]
    public void Quality_scores_are_shown_with_their_parts_apart_from_workload()
    {
        var quality = site.Read("quality.html");
        Assert.Contains("剑南街道", quality);
        Assert.Contains("完整性/30", quality);
        var agency = File.ReadAllText(site.AgencyPage("剑南街道"));
        Assert.Contains("报告质量：", agency);
        Assert.Contains("质量得分构成", agency);
        // 剑南街道's broken table 三 costs points under checks: its checks part is below the full 25.
        var m = Regex.Match(agency, "<tr><td>报告内检查（勾稽关系等）</td><td class=\"num\" data-v=\"([0-9.]+)\">");
        Assert.True(m.Success);
        Assert.True(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 25);
    }
}
