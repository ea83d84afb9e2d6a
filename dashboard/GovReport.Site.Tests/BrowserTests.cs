using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GovReport.Site.Tests;

/// <summary>
/// A real browser: headless Chromium (Debian package, installed by scripts/setup.sh) loads pages from file://, runs
/// their scripts, and the test reads the resulting DOM and the console. Any console message fails the test (the
/// site's script logs nothing); missing elements fail it. Screenshots go to the test output folder, or to
/// GOVREPORT_SCREENSHOTS when set (scripts/screenshots.sh uses that for docs/screenshots).
/// </summary>
[Collection("site")]
public sealed class BrowserTests(SiteFixture site)
{
    private static string Chromium()
    {
        foreach (var c in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" })
            if (File.Exists(c)) return c;
        throw new InvalidOperationException("Chromium not found: run scripts/setup.sh (installs the Debian package chromium)");
    }

    private static (string Dom, List<string> Console) Load(string url, string? screenshot = null, string size = "1280,1800")
    {
        var psi = new ProcessStartInfo(Chromium())
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                     "--disable-background-networking", "--disable-sync", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                     "--virtual-time-budget=3000", $"--window-size={size}" })
            psi.ArgumentList.Add(a);
        psi.ArgumentList.Add(screenshot is null ? "--dump-dom" : "--screenshot=" + screenshot);
        psi.ArgumentList.Add(url);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(90_000)) { p.Kill(true); throw new TimeoutException($"chromium did not finish loading {url}"); }
        var console = Regex.Matches(stderr.Result, @":CONSOLE(?:\(\d+\)|:\d+)\]\s*(.*)").Select(m => m.Groups[1].Value).ToList();
        return (stdout.Result, console);
    }

    private string Url(string rel) => new Uri(Path.Combine(site.Site, rel)).AbsoluteUri;

    private (string Dom, List<string> Console) LoadPage(string rel, string query = "")
    {
        var (dom, console) = Load(Url(rel) + query);
        Assert.True(console.Count == 0, $"{rel}: console messages:\n" + string.Join("\n", console));
        Assert.Contains("</main>", dom);
        return (dom, console);
    }

    private void Screenshot(string rel, string name, string size = "1280,1800")
    {
        var dir = Environment.GetEnvironmentVariable("GOVREPORT_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, name + ".png");
        Load(Url(rel), file, size);
        Assert.True(new FileInfo(file).Length > 5_000, $"screenshot {file} is empty");
    }

    [Fact]
    public void Index_loads_with_coverage_rankings_and_flags()
    {
        var (dom, _) = LoadPage("index.html");
        Assert.Contains("id=\"coverage-table\"", dom);
        Assert.Contains("排行榜摘要", dom);
        Assert.Contains("最新异常", dom);
        Assert.Contains("tabindex=\"0\"", dom); // the script ran: sortable headers are focusable
        Screenshot("index.html", "index");
    }

    [Fact]
    public void Ranking_page_sorts_and_filters()
    {
        var (dom, _) = LoadPage("ranking/procurement_amount.html");
        Assert.Contains("长庆街道", dom);
        Assert.Contains("title=\"点击排序\"", dom);
        Assert.Contains("<select data-filter=\"r\">", dom);
        Screenshot("ranking/procurement_amount.html", "ranking");
    }

    [Fact]
    public void Agency_page_shows_the_report_tables_checks_and_flags()
    {
        var rel = Path.GetRelativePath(site.Site, site.AgencyPage("剑南街道"));
        var (dom, _) = LoadPage(rel);
        Assert.Contains("三、收到和处理政府信息公开申请情况", dom);
        Assert.Contains("一致性检查", dom);
        Assert.Contains("S3-BALANCE", dom);
        Assert.Contains("560,000", dom);
        Screenshot(rel, "agency");
        Screenshot(rel, "agency-phone", "390,1600");
    }

    [Fact]
    public void Flags_page_has_filters_and_every_seed_anomaly()
    {
        var (dom, _) = LoadPage("flags.html");
        Assert.Contains("id=\"flags-table\"", dom);
        Assert.Contains("data-filter=\"detector\"", dom);
        Assert.Contains("S3-BALANCE", dom);
        Screenshot("flags.html", "flags");
    }

    [Fact]
    public void Search_works_offline_from_file_urls()
    {
        var (dom, _) = LoadPage("search.html", "?q=" + Uri.EscapeDataString("剑南"));
        Assert.Matches("<ol id=\"search-results\"><li><a href=\"agency/[^\"]+\">剑南街道</a>", dom);
        Assert.DoesNotContain("<script>alert(1)", dom);
    }

    [Fact]
    public void Hostile_name_runs_no_script_in_the_browser()
    {
        var rel = Path.GetRelativePath(site.Site, Directory.GetFiles(Path.Combine(site.Site, "agency"), "*.html")
            .Single(f => File.ReadAllText(f).Contains("<h1>&lt;script&gt;")));
        var (dom, _) = LoadPage(rel); // alert() would block or log; the console must stay empty
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;街道", dom);
    }
}
