using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;
using GovReport.Ingest.Readers;

namespace GovReport.Ingest.Tests;

/// <summary>
/// Real saved pages (Fixtures/real, copied from the shared corpus): 007 上海市人民政府办公厅 2019 (fragment,
/// colspan/rowspan, &amp;nbsp; blanks), 012 平潭 2019 and 013 平潭 2021 (full CMS pages with chrome). Expected values
/// read by hand from the pages' tables.
/// </summary>
public class HtmlReaderTests
{
    private static ParseResult Read(string prefix) => Fixtures.ReadReal(prefix, "html");

    private static void AssertRow(Report r, string row, params string[] cells)
    {
        for (int i = 0; i < 7; i++)
        {
            var f = r.Fact(FieldDictionary.S3(row, FieldDictionary.ApplicantColumns[i].Key))!;
            if (cells[i] == "_") Assert.True(f.Status == FactStatus.Blank, $"{f.Field}: {f.Status} {f.Value}");
            else Assert.True(f.Value == decimal.Parse(cells[i]), $"{f.Field}: {f.Status} {f.Value}, expected {cells[i]}");
        }
    }

    private static void AssertValues(Report r, params (string Field, decimal? Value)[] expected)
    {
        foreach (var (field, value) in expected)
        {
            var f = r.Fact(field)!;
            if (value is null) Assert.True(f.Status == FactStatus.Blank, $"{field}: {f.Status} {f.Value}");
            else Assert.True(f.Value == value, $"{field}: {f.Status} {f.Value}, expected {value}");
        }
    }

    [Fact]
    public void Shanghai_2019_fragment()
    {
        var result = Read("007");
        var r = result.Report;
        Assert.Equal(TemplateVersion.V2019, r.Template);
        Assert.Equal("上海市人民政府办公厅", r.AgencyName);
        Assert.Equal(2019, r.Year);
        Assert.Equal(new DateOnly(2020, 1, 31), r.PublishedOn);
        AssertValues(r, ("s2_rules_new_made", 13), ("s2_rules_new_published", 13), ("s2_rules_total_published", 524),
            ("s2_normdocs_new_made", 60), ("s2_normdocs_new_published", 60), ("s2_normdocs_total_published", 368),
            ("s2_license_decisions", 0), ("s2_penalty_decisions", 0), ("s2_coercion_decisions", 0),
            ("s2_fee_prev_items", 0), ("s2_fee_delta", 0), ("s2_procurement_projects", 6), ("s2_procurement_amount", 251000));
        Assert.Equal(UnitSource.Cell, r.Fact("s2_procurement_amount")!.UnitSource);
        AssertRow(r, "new_received", "821", "35", "_", "_", "2", "1", "859");
        AssertRow(r, "carried_over", "18", "_", "_", "_", "_", "_", "18");
        AssertRow(r, "granted", "258", "12", "_", "_", "1", "1", "_"); // the page leaves this 总计 empty
        AssertRow(r, "results_total", "767", "35", "_", "_", "2", "1", "805");
        AssertRow(r, "carried_forward", "72", "_", "_", "_", "_", "_", "72");
        AssertValues(r, ("s4_review_upheld", 5), ("s4_review_corrected", null), ("s4_review_other", null), ("s4_review_pending", 2), ("s4_review_total", 7),
            ("s4_suit_direct_upheld", 8), ("s4_suit_direct_corrected", null), ("s4_suit_direct_other", null), ("s4_suit_direct_pending", 1), ("s4_suit_direct_total", 9),
            ("s4_suit_after_review_upheld", null), ("s4_suit_after_review_total", null));
    }

    [Fact]
    public void Pingtan_2019_page_with_chrome()
    {
        var result = Read("012");
        var r = result.Report;
        Assert.Equal(TemplateVersion.V2019, r.Template);
        Assert.Equal("平潭综合实验区", r.AgencyName);
        Assert.Equal(2019, r.Year);
        Assert.Equal(new DateOnly(2020, 1, 20), r.PublishedOn); // meta PubDate
        AssertValues(r, ("s2_rules_new_made", 0), ("s2_normdocs_new_made", 89), ("s2_normdocs_new_published", 89), ("s2_normdocs_total_published", 89),
            ("s2_license_prev_items", 396), ("s2_license_delta", 0), ("s2_license_decisions", 181),
            ("s2_othersvc_prev_items", 10), ("s2_othersvc_delta", 0), ("s2_othersvc_decisions", 153),
            ("s2_penalty_prev_items", 2648), ("s2_penalty_delta", 0), ("s2_penalty_decisions", 430),
            ("s2_coercion_prev_items", 126), ("s2_coercion_delta", 0), ("s2_coercion_decisions", 25),
            ("s2_fee_prev_items", 35), ("s2_fee_delta", 0),
            ("s2_procurement_projects", 135), ("s2_procurement_amount", 75394432.52m));
        AssertRow(r, "new_received", "23", "0", "0", "0", "0", "0", "23");
        AssertRow(r, "granted", "7", "0", "0", "0", "0", "0", "7");
        AssertRow(r, "partially_granted", "1", "0", "0", "0", "0", "0", "1");
        AssertRow(r, "unable_not_held", "7", "0", "0", "0", "0", "0", "7");
        AssertRow(r, "unable_unclear", "5", "0", "0", "0", "0", "0", "5");
        AssertRow(r, "rejected_duplicate", "3", "0", "0", "0", "0", "0", "3");
        AssertRow(r, "results_total", "23", "0", "0", "0", "0", "0", "23");
        Assert.All(FieldDictionary.ReviewLitigationCells, c => Assert.Equal(0m, r.Fact(c.Id)!.Value));
        // Page chrome (网站标识码3590000001, docid 80576, navigation) is not in the narrative.
        string file = Directory.GetFiles(Fixtures.Path_("real"), "012_*.html").Single();
        string rendered = ReaderRegistry.Read(file, File.ReadAllBytes(file)).Document!.Text;
        Assert.DoesNotContain("3590000001", rendered);
        Assert.DoesNotContain("35012899001", rendered);
        Assert.Contains("一、总体情况", rendered);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Warning);
    }

    [Fact]
    public void Pingtan_2021_irregular_grid()
    {
        var r = Read("013").Report;
        Assert.Equal(TemplateVersion.V2021, r.Template);
        Assert.Equal(2021, r.Year);
        AssertValues(r, ("s2_rules_issued", 0), ("s2_rules_repealed", 0), ("s2_rules_in_force", 0),
            ("s2_normdocs_issued", 69), ("s2_normdocs_repealed", 3), ("s2_normdocs_in_force", 665),
            ("s2_license_decisions", 2293), ("s2_penalty_decisions", 1282), ("s2_coercion_decisions", 42),
            ("s2_fee_amount", 242_523_110.82m)); // 24252.311082 万元
        AssertRow(r, "new_received", "64", "0", "0", "2", "0", "4", "70");
        AssertRow(r, "granted", "27", "0", "0", "2", "0", "1", "30");
        AssertRow(r, "unable_not_held", "22", "0", "0", "0", "0", "3", "25");
        AssertRow(r, "results_total", "63", "0", "0", "2", "0", "4", "69");
        AssertRow(r, "carried_forward", "1", "0", "0", "0", "0", "0", "1");
        AssertValues(r, ("s4_review_upheld", 1), ("s4_review_corrected", 0), ("s4_review_other", 2), ("s4_review_pending", 0), ("s4_review_total", 3),
            ("s4_suit_direct_upheld", 12), ("s4_suit_direct_total", 12), ("s4_suit_after_review_total", 0));
    }

    [Fact]
    public void Spans_become_a_full_grid_with_copies_marked()
    {
        const string html = "<table><tr><td rowspan=2>A</td><td colspan=2>B</td></tr><tr><td>1</td><td>2</td></tr></table>";
        var doc = new HtmlReader().Read(System.Text.Encoding.UTF8.GetBytes(html)).Document!;
        var rows = doc.Rows.ToList();
        Assert.Equal(["A", "B", "B"], rows[0].Cells.Select(c => c.Text));
        Assert.Equal([false, false, true], rows[0].Cells.Select(c => c.SpanCopy));
        Assert.Equal(["A", "1", "2"], rows[1].Cells.Select(c => c.Text));
        Assert.Equal([true, false, false], rows[1].Cells.Select(c => c.SpanCopy));
        Assert.Equal(["1", "2"], rows[1].Printed.Select(c => c.Text));
        // Line numbers point into the rendered text.
        var lines = doc.Text.Split('\n');
        Assert.Equal("\t1", lines[rows[1].Printed[0].Line - 1]);
    }

    [Fact]
    public void Scripts_and_hidden_chrome_are_not_read()
    {
        const string html = "<html><body><div class=nav>首页 字体 打印 分享 网站标识码3590000001</div><div id=c><p>一、总体情况</p>" +
            "<script>alert(1)</script><p style='display:none'>隐藏 999</p><table><tr><td>第二十条第（一）项</td></tr></table></div></body></html>";
        var doc = new HtmlReader().Read(System.Text.Encoding.UTF8.GetBytes(html)).Document!;
        Assert.DoesNotContain("alert", doc.Text);
        Assert.DoesNotContain("999", doc.Text);
        Assert.DoesNotContain("3590000001", doc.Text);
        Assert.Contains("一、总体情况", doc.Text);
    }
}
