using System.Text;
using System.Text.RegularExpressions;

namespace GovReport.Site.Tests;

/// <summary>Escaping, sanitised paths, formula-safe CSV, no broken links, byte-identical rebuilds.</summary>
[Collection("site")]
public sealed class SiteSafetyTests(SiteFixture site)
{
    [Fact]
    public void Hostile_agency_name_is_escaped_everywhere()
    {
        foreach (var f in site.Files())
        {
            if (f.EndsWith(".duckdb", StringComparison.Ordinal) || f.EndsWith(".parquet", StringComparison.Ordinal) || f.EndsWith(".png", StringComparison.Ordinal)) continue;
            var text = File.ReadAllText(f);
            if (f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)) continue; // data, not markup
            if (f.EndsWith(".ipynb", StringComparison.Ordinal))
            {
                // Plain-text outputs may hold the name as data; every HTML output must have it escaped.
                using var nb = System.Text.Json.JsonDocument.Parse(text);
                foreach (var cell in nb.RootElement.GetProperty("cells").EnumerateArray())
                    if (cell.TryGetProperty("outputs", out var outputs))
                        foreach (var o in outputs.EnumerateArray())
                            if (o.TryGetProperty("data", out var data) && data.TryGetProperty("text/html", out var html))
                                Assert.DoesNotContain("<script>alert(1)", html.ValueKind == System.Text.Json.JsonValueKind.Array
                                    ? string.Concat(html.EnumerateArray().Select(x => x.GetString())) : html.GetString());
                continue;
            }
            Assert.DoesNotContain("<script>alert(1)", text);
        }
        // The name is shown, escaped, on its agency page, in the ranking chart and in the search index.
        Assert.Single(site.Files("*.html"), f => f.Contains("/agency/") && File.ReadAllText(f).Contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;街道</h1>"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;街道", site.Read("charts/ranking-procurement_amount-y2020-street.svg"));
        Assert.Contains("\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e街道\"", site.Read("assets/search-index.js"));
    }

    [Fact]
    public void Site_paths_cannot_leave_the_output_folder()
    {
        var w = new SiteWriter(Path.Combine(site.Dir, "writer-test"));
        foreach (var bad in new[] { "../x.html", "/etc/passwd", "a/../../b.html", "剑南街道.html", "a\\b.html", "a/./b.html", "", "a//b.html", "x.html\n" })
            Assert.Throws<ArgumentException>(() => w.Text(bad, "x"));
        w.Text("agency/360981007-abc.html", "ok");
        Assert.True(File.Exists(Path.Combine(site.Dir, "writer-test", "agency", "360981007-abc.html")));
    }

    [Fact]
    public void A_folder_that_is_not_a_site_is_never_emptied()
    {
        var dir = Path.Combine(site.Dir, "precious");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "thesis.docx"), "x");
        Assert.Throws<IOException>(() => new SiteWriter(dir));
        Assert.True(File.Exists(Path.Combine(dir, "thesis.docx")));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-1+2", "'-1+2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("剑南街道", "剑南街道")]
    public void Csv_text_that_a_spreadsheet_would_run_is_neutralised(string text, string cell)
        => Assert.Equal(cell, Export.CsvCell(text));

    [Fact]
    public void Csv_numbers_stay_numbers()
    {
        Assert.Equal("-5", Export.CsvCell(-5m));
        Assert.Equal("560000", Export.CsvCell(560000.0));
    }

    [Fact]
    public void Every_internal_link_and_anchor_resolves()
    {
        var (links, broken) = CheckLinks(site.Site);
        Assert.True(links > 500, $"only {links} links checked");
        Assert.True(broken.Count == 0, $"{broken.Count} broken links, e.g.:\n" + string.Join("\n", broken.Take(20)));
    }

    [Fact]
    public void Tables_too_large_for_csv_are_linked_as_parquet_and_no_link_breaks()
    {
        // facts (about 200 rows per report) is over the 100-row limit: no CSV and no JSON, and the pages that offer a
        // table's download link to its Parquet file instead.
        string dir = site.SiteSmallLimits;
        Assert.False(File.Exists(Path.Combine(dir, "data", "facts.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "data", "parquet", "facts.parquet")));
        Assert.True(File.Exists(Path.Combine(dir, "data", "parquet", "checks.parquet")));
        // rule_dictionary (a few dozen rows) is under 100 but over 10: CSV without JSON.
        Assert.True(File.Exists(Path.Combine(dir, "data", "rule_dictionary.csv")));
        Assert.False(File.Exists(Path.Combine(dir, "data", "rule_dictionary.json")));
        var agency = Directory.GetFiles(Path.Combine(dir, "agency"), "*.html").First(f => File.ReadAllText(f).Contains("<h1>剑南街道</h1>"));
        Assert.Contains("href=\"../data/parquet/checks.parquet\" download>Parquet</a>", File.ReadAllText(agency));
        var (links, broken) = CheckLinks(dir);
        Assert.True(links > 500, $"only {links} links checked");
        Assert.True(broken.Count == 0, $"{broken.Count} broken links, e.g.:\n" + string.Join("\n", broken.Take(20)));
    }

    private static (int Links, List<string> Broken) CheckLinks(string root)
    {
        var ids = new Dictionary<string, HashSet<string>>();
        HashSet<string> IdsOf(string file)
        {
            if (!ids.TryGetValue(file, out var set))
                ids[file] = set = Regex.Matches(File.ReadAllText(file), "\\sid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet();
            return set;
        }
        var broken = new List<string>();
        int links = 0;
        foreach (var page in Directory.GetFiles(root, "*.html", SearchOption.AllDirectories))
        {
            var html = File.ReadAllText(page);
            foreach (Match m in Regex.Matches(html, "(?:href|src)=\"([^\"]*)\""))
            {
                var target = System.Net.WebUtility.HtmlDecode(m.Groups[1].Value);
                if (Regex.IsMatch(target, "^[a-z]+:")) continue; // http:, mailto: (none expected)
                links++;
                var (pathPart, anchor) = target.IndexOf('#') is var i and >= 0 ? (target[..i], target[(i + 1)..]) : (target, null);
                var q = pathPart.IndexOf('?'); if (q >= 0) pathPart = pathPart[..q];
                var file = pathPart.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, pathPart));
                if (!File.Exists(file)) { broken.Add($"{Path.GetRelativePath(root, page)} → {target}"); continue; }
                if (anchor is { Length: > 0 } && file.EndsWith(".html", StringComparison.Ordinal) && !IdsOf(file).Contains(anchor))
                    broken.Add($"{Path.GetRelativePath(root, page)} → {target} (no id {anchor})");
            }
        }
        return (links, broken);
    }

    [Fact]
    public void Two_builds_of_the_same_database_are_byte_identical()
    {
        var a = site.Files().Select(f => Path.GetRelativePath(site.Site, f)).Order(StringComparer.Ordinal).ToList();
        var b = Directory.GetFiles(site.Site2, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(site.Site2, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(a, b);
        var differ = a.Where(rel => !File.ReadAllBytes(Path.Combine(site.Site, rel)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(site.Site2, rel)))).ToList();
        Assert.True(differ.Count == 0, "files differ between two builds: " + string.Join(", ", differ.Take(10)));
        Assert.True(a.Count > 50);
    }

    [Fact]
    public void Every_page_is_complete_html_in_chinese()
    {
        foreach (var f in site.Files("*.html"))
        {
            var html = File.ReadAllText(f, Encoding.UTF8);
            Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">", html);
            Assert.Contains("<meta name=\"viewport\"", html);
            Assert.EndsWith("</html>\n", html);
        }
    }
}
