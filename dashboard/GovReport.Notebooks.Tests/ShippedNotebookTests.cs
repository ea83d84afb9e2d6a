using System.Text.Json;
using DuckDB.NET.Data;

namespace GovReport.Notebooks.Tests;

/// <summary>
/// The notebooks in notebooks/ run on data/sample; their outputs hold values read by hand from the sample reports
/// (data/sample/*.txt), with the line each was read from.
/// </summary>
public class ShippedNotebookTests(SampleDatabase db) : IClassFixture<SampleDatabase>
{
    private static readonly Dictionary<string, string> NoParams = [];

    private NotebookResult Run(string name, Dictionary<string, string>? parameters = null) =>
        NotebookRunner.Run(SampleDatabase.Notebook(name), parameters ?? NoParams, db.Store.Connection);

    /// <summary>The rows of the first table that has <paramref name="column"/>, as column → formatted value.</summary>
    private static List<Dictionary<string, string>> Table(NotebookResult r, string column, int skip = 0)
    {
        var t = r.Outputs.OfType<TableOutput>().Where(t => t.Columns.Contains(column)).Skip(skip).First();
        return t.Rows.Select(row => t.Columns.Select((c, i) => (c, Cell.Format(row[i]))).ToDictionary(p => p.c, p => p.Item2)).ToList();
    }

    private static List<string> ShippedNames() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Notebooks"), "*.md").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Shipped => new(ShippedNames());

    [Fact]
    public void The_four_notebooks_of_issue_7_are_shipped() =>
        Assert.Equal(["audit.md", "data-quality.md", "procurement.md", "supervision.md"], ShippedNames());

    [Theory, MemberData(nameof(Shipped))]
    public void Every_notebook_runs_on_the_sample_and_renders(string name)
    {
        var result = Run(name);
        Assert.NotEmpty(result.Outputs.OfType<TableOutput>());
        string html = NotebookHtml.RenderPage(result);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains($"<h1>{System.Net.WebUtility.HtmlEncode(result.Notebook.Title)}</h1>", html);
        Assert.Equal(html, NotebookHtml.RenderPage(Run(name))); // deterministic
        using var ipynb = JsonDocument.Parse(NotebookIpynb.Render(result));
        Assert.Equal(4, ipynb.RootElement.GetProperty("nbformat").GetInt32());
    }

    [Fact]
    public void Procurement_ranks_the_amounts_read_from_the_reports()
    {
        var rows = Table(Run("procurement.md"), "采购金额_元");
        // data/sample, table 二 row 政府集中采购 (项目数, 总金额), read by hand:
        //   001 剑南街道 line 89–90: 11, “56万”; 002 长庆街道 line 92–93: 111, “1763万余元”;
        //   000 剑光街道 line 95–96: 69, “1072991.52” (no unit); 003 桂溪街道 line 88–89: 3, “75.058万元”;
        //   004 浮山街道 line 106–107: 30, “2249470.45元”.
        var jiannan = rows.Single(r => r["机关"] == "剑南街道");
        Assert.Equal(("560000", "11", "56万", "90"), (jiannan["采购金额_元"], jiannan["采购项目数"], jiannan["原文写法"], jiannan["原文行号"]));
        var changqing = rows.Single(r => r["机关"] == "长庆街道");
        Assert.Equal(("17630000", "111", "1763万余元", "true"), (changqing["采购金额_元"], changqing["采购项目数"], changqing["原文写法"], changqing["约数"]));
        Assert.Equal("75.058万元", rows.Single(r => r["机关"] == "桂溪街道")["原文写法"]);
        Assert.Equal("750580", rows.Single(r => r["机关"] == "桂溪街道")["采购金额_元"]);
        Assert.Equal("assumed", rows.Single(r => r["机关"] == "剑光街道")["单位来源"]);
        // Ranked: 17630000 > 2249470.45 > 1072991.52 > 750580 > 560000.
        Assert.Equal(["长庆街道", "浮山街道", "剑光街道", "桂溪街道", "剑南街道"], rows.Where(r => r["级别"] == "街道").Select(r => r["机关"]));

        var perProject = Table(Run("procurement.md"), "平均每项_元");
        Assert.Equal("50909.09", perProject.Single(r => r["机关"] == "剑南街道")["平均每项_元"]); // 560000 / 11
    }

    [Fact]
    public void Procurement_charts_have_the_agencies_and_amounts_beside_them()
    {
        var chart = Run("procurement.md").Outputs.OfType<ChartOutput>().First();
        Assert.Contains(">剑南街道</text>", chart.Svg);
        Assert.Contains(["剑南街道", "560,000"], chart.Description.Rows);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, chart.Png[..4]);
    }

    [Fact]
    public void Supervision_compares_the_subdistricts_of_fengcheng()
    {
        var result = Run("supervision.md");
        // 丰城市 (360981): 剑光街道 (000) and 剑南街道 (001); 长庆街道 (杭州) is not in it.
        var reports = Table(result, "区划代码");
        Assert.Equal(["剑光街道", "剑南街道"], reports.Select(r => r["机关"]));
        // 剑南街道 table 三: 一、本年新收 总计 1 (line 120) + 二、上年结转 0 (line 129) ≠ （七）总计 0 (line 352)
        // + 四、结转下年度 0 (line 361).
        var failed = Table(result, "不符之处");
        var balance = failed.Single(r => r["机关"] == "剑南街道" && r["规则"] == "S3-BALANCE");
        Assert.Contains("1 ≠ 0", balance["不符之处"]);
        Assert.Contains("120", balance["原文行号"]);
        Assert.Contains("352", balance["原文行号"]);
        // 剑光街道's amount “1072991.52” (line 96) has no unit.
        Assert.Contains(failed, r => r["机关"] == "剑光街道" && r["规则"] == "UNIT-ASSUMED" && r["不符之处"].Contains("1072991.52"));
        // Ranking in the county by procurement amount: 1072991.52 (剑光) first, 560000 (剑南) second of 2.
        var ranks = Table(result, "名次").Where(r => r["指标"] == "政府集中采购金额").ToList();
        Assert.Equal([("剑光街道", "1072991.52", "1"), ("剑南街道", "560000", "2")], ranks.Select(r => (r["机关"], r["数值"], r["名次"])));
        // Both go on the send-back list.
        Assert.Equal(["剑南街道", "剑光街道"], Table(result, "需核对的问题").Select(r => r["机关"]));
    }

    [Fact]
    public void Supervision_takes_another_county_as_a_parameter()
    {
        // 浮山街道 (004) is in 咸宁市咸安区, 421202.
        var result = Run("supervision.md", new() { ["region"] = "421202" });
        Assert.Equal(["浮山街道"], Table(result, "区划代码").Select(r => r["机关"]));
        Assert.Contains("region = 421202", NotebookHtml.Render(result));
    }

    [Fact]
    public void Audit_follows_a_flag_to_its_source_line()
    {
        string flag = (string)new DuckDBCommand("SELECT flag_id FROM flags WHERE detector = 'rule:UNIT-ASSUMED'") { Connection = db.Store.Connection }.ExecuteScalar()!;
        var result = Run("audit.md", new() { ["flag"] = flag });
        Assert.Equal("剑光街道", Table(result, "标记编号").Single()["机关"]);
        var facts = Table(result, "字段名称");
        Assert.Equal(("s2_procurement_amount", "1072991.52", "96"), (facts.Single()["字段"], facts.Single()["原文写法"], facts.Single()["原文行号"]));
        // 000_ad88d0bc66619eac.txt line 96 is “\t1072991.52”.
        var source = Table(result, "原文");
        Assert.Equal([("96", "1072991.52")], source.Select(r => (r["行号"], r["原文"])));
    }

    [Fact]
    public void Audit_by_default_follows_the_first_error()
    {
        var result = Run("audit.md");
        var flag = Table(result, "标记编号").Single();
        Assert.Equal(("剑南街道", "error"), (flag["机关"], flag["严重程度"]));
        // Its facts include （一）予以公开 总计 1 (line 139) and its source lines the “1” printed there.
        Assert.Contains(Table(result, "字段名称"), r => r["字段"] == "s3_granted__total" && r["数值"] == "1" && r["原文行号"] == "139");
        Assert.Contains(Table(result, "原文"), r => r["行号"] == "139" && r["原文"] == "1");
    }

    [Fact]
    public void Data_quality_shows_what_was_assumed_and_where()
    {
        var result = Run("data-quality.md");
        var perReport = Table(result, "已读出数字");
        Assert.Equal(10, perReport.Count); // the ten files of data/sample
        var warnings = Table(result, "说明");
        // 000_ad88d0bc66619eac.txt line 96: “1072991.52”, no unit.
        Assert.Contains(warnings, r => r["文件"] == "000_ad88d0bc66619eac.txt" && r["诊断"] == "unit_assumed" && r["行号"] == "96" && r["原文"] == "1072991.52");
        Assert.Contains(Table(result, "诊断"), r => r["诊断"] == "unit_assumed" && r["级别"] == "warning");
        // Nothing failed to load and nothing was a duplicate.
        Assert.Empty(Table(result, "原因"));
        Assert.Empty(Table(result, "与之相同的报告"));
        // Filtered by form: only the PDF.
        var pdf = Table(Run("data-quality.md", new() { ["form"] = "pdf" }), "已读出数字");
        Assert.Equal(["002_jiangsu-huaian-hongze-2023.pdf"], pdf.Select(r => r["文件"]));
    }
}
