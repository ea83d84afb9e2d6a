using System.Text.Json;

namespace GovReport.Notebooks.Tests;

public class NotebookRunnerTests(SampleDatabase db) : IClassFixture<SampleDatabase>
{
    private NotebookResult Run(string text, Dictionary<string, string>? parameters = null) =>
        NotebookRunner.Run(NotebookParser.Parse(text, "t.md"), parameters ?? [], db.Store.Connection);

    private const string Evil = "<script>alert(1)</script>街道";

    [Fact]
    public void Values_from_the_database_and_prose_html_are_escaped()
    {
        var result = Run($$"""
            ---
            title: "<b>标题</b>"
            parameters:
              p: "{{Evil}}"
            ---
            文字 <script>alert(2)</script> 与 <img src=x onerror=alert(3)>

            ```sql
            SELECT '{{Evil}}' AS "<i>列</i>", 5 AS n UNION ALL SELECT $p, 3
            ```

            ```chart
            kind: bar
            x: <i>列</i>
            y: n
            title: <u>图</u>
            ```
            """);
        string html = NotebookHtml.RenderPage(result);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<i>", html);
        Assert.DoesNotContain("<u>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;街道", html);
        Assert.Contains("&lt;script&gt;alert(2)&lt;/script&gt;", html);
        Assert.Contains("&lt;i&gt;列&lt;/i&gt;", html);

        string ipynb = NotebookIpynb.Render(result);
        using var doc = JsonDocument.Parse(ipynb);
        string tableHtml = string.Concat(doc.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .SelectMany(c => c.GetProperty("outputs").EnumerateArray())
            .Where(o => o.GetProperty("data").TryGetProperty("text/html", out _))
            .SelectMany(o => o.GetProperty("data").GetProperty("text/html").EnumerateArray().Select(l => l.GetString())));
        Assert.DoesNotContain("<script", tableHtml);
        Assert.Contains("&lt;script&gt;", tableHtml);
    }

    [Fact]
    public void Parameters_are_bound_not_pasted()
    {
        const string injection = "360981' OR 1=1 --";
        var result = Run("""
            ---
            parameters:
              region: "360981"
            ---
            ```sql
            SELECT $region AS v, (SELECT count(*) FROM reports WHERE region_code LIKE $region || '%') AS n
            ```
            """, new() { ["region"] = injection });
        var row = result.Outputs.OfType<TableOutput>().Single().Rows.Single();
        Assert.Equal(injection, row[0]);
        Assert.Equal(0L, Convert.ToInt64(row[1]));
    }

    [Fact]
    public void Parameters_keep_the_type_of_their_default()
    {
        var result = Run("""
            ---
            parameters:
              year: 2020
              code: "360981"
            ---
            ```sql
            SELECT typeof($year) AS a, typeof($code) AS b, count(*) AS n FROM reports WHERE year = $year
            ```
            """, new() { ["year"] = "2019" });
        var row = result.Outputs.OfType<TableOutput>().Single().Rows.Single();
        Assert.Contains((string)row[0]!, new[] { "INTEGER", "BIGINT" }); // a number, compared with year as a number
        Assert.Equal("VARCHAR", row[1]);
        Assert.Equal(1L, Convert.ToInt64(row[2])); // 上海 2019 is the one report covering 2019
        Assert.Equal(2020L, result.Notebook.Parameters.Single(p => p.Name == "year").Default);
        Assert.Contains(("year", (object)2019L), result.Parameters);
    }

    [Fact]
    public void A_sql_error_names_the_file_the_line_and_the_message()
    {
        var ex = Assert.Throws<NotebookException>(() => Run("# x\n\ntext\n\n```sql\nSELECT nonexistent_column FROM reports\n```\n"));
        Assert.Equal(("t.md", 5), (ex.File, ex.Line));
        Assert.Contains("SQL error", ex.Message);
        Assert.Contains("nonexistent_column", ex.Message);
    }

    [Theory]
    [InlineData("---\nparameters:\n  a: 1\n---\n```sql\nSELECT $b\n```\n", null, 5, "$b")]
    [InlineData("---\nparameters:\n  a: 1\n---\n```sql\nSELECT $a\n```\n", "zzz", 1, "unknown parameter")]
    [InlineData("---\nparameters:\n  a: 1\n---\n```sql\nSELECT $a\n```\n", "a", 1, "not an integer")]
    [InlineData("```sql\nSELECT 1 AS a\n```\n```chart\nkind: bar\nx: a\ny: b\n```\n", null, 4, "“b” is not in the query")]
    [InlineData("```sql\nSELECT 'x' AS a, 'y' AS b\n```\n```chart\nkind: bar\nx: a\ny: b\n```\n", null, 4, "not a number")]
    public void Other_mistakes_name_the_line(string text, string? param, int line, string words)
    {
        var parameters = param switch { null => null, "a" => new Dictionary<string, string> { ["a"] = "x" }, _ => new() { [param] = "1" } };
        var ex = Assert.Throws<NotebookException>(() => Run(text, parameters));
        Assert.Equal(line, ex.Line);
        Assert.Contains(words, ex.Message);
    }

    [Fact]
    public void Ipynb_is_nbformat_4_with_tables_and_png_charts()
    {
        var result = Run("""
            ---
            title: 采购
            ---
            说明文字。

            ```sql
            SELECT coalesce(agency_short, agency_name) AS 机关, value AS 金额
            FROM metrics JOIN reports USING (report_id) WHERE metric = 'procurement_amount' ORDER BY value DESC
            ```

            ```chart
            kind: bar
            x: 机关
            y: 金额
            title: 金额
            ```
            """);
        using var doc = JsonDocument.Parse(NotebookIpynb.Render(result));
        var root = doc.RootElement;
        Assert.Equal((4, 5), (root.GetProperty("nbformat").GetInt32(), root.GetProperty("nbformat_minor").GetInt32()));
        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(["markdown", "markdown", "code", "code"], cells.Select(c => c.GetProperty("cell_type").GetString()));
        Assert.Equal(cells.Count, cells.Select(c => c.GetProperty("id").GetString()).Distinct().Count());
        var table = cells[2].GetProperty("outputs")[0];
        Assert.Equal("execute_result", table.GetProperty("output_type").GetString());
        Assert.Contains("560000", string.Concat(table.GetProperty("data").GetProperty("text/html").EnumerateArray().Select(l => l.GetString())));
        var chart = cells[3].GetProperty("outputs")[0];
        Assert.Equal("display_data", chart.GetProperty("output_type").GetString());
        byte[] png = Convert.FromBase64String(chart.GetProperty("data").GetProperty("image/png").GetString()!);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        // Each multiline string is a list of lines ending in \n but the last.
        foreach (var line in cells[2].GetProperty("source").EnumerateArray().SkipLast(1)) Assert.EndsWith("\n", line.GetString());
    }

    [Fact]
    public void A_line_chart_draws_one_line_per_series_value()
    {
        var result = Run("""
            ```sql
            SELECT * FROM (VALUES ('平潭', '2019', 12), ('平潭', '2020', 30), ('洪泽', '2020', 5), ('洪泽', '2021', 9)) t(机关, 年度, 申请)
            ```

            ```chart
            kind: line
            x: 年度
            y: 申请
            series: 机关
            title: 收到申请
            ```
            """);
        var chart = result.Outputs.OfType<ChartOutput>().Single();
        var spec = Assert.IsType<GovReport.Charts.LineChart>(chart.Spec);
        Assert.Equal(["平潭", "洪泽"], spec.Series.Select(s => s.Name));
        Assert.Equal([("2020", 5.0), ("2021", 9.0)], spec.Series[1].Points);
        Assert.Contains(">洪泽</text>", chart.Svg);
        Assert.Contains(["洪泽", "2021", "9"], chart.Description.Rows);
    }

    [Fact]
    public void Long_results_are_cut_and_say_so()
    {
        var result = Run("```sql\nSELECT range AS i FROM range(1200)\n```\n");
        var t = result.Outputs.OfType<TableOutput>().Single();
        Assert.Equal((NotebookRunner.MaxRows, 1200, true), (t.Rows.Count, t.TotalRows, t.Truncated));
        Assert.Contains($"共 1200 行，显示前 {NotebookRunner.MaxRows} 行", NotebookHtml.Render(result));
    }

    [Fact]
    public void The_body_fragment_has_no_page_chrome_and_the_page_has()
    {
        var result = Run("---\ntitle: 片段\n---\n```sql\nSELECT 1 AS a\n```\n");
        string body = NotebookHtml.Render(result);
        Assert.StartsWith("<article class=\"notebook\">", body);
        Assert.DoesNotContain("<html", body);
        string page = NotebookHtml.RenderPage(result);
        Assert.Contains("<html lang=\"zh-CN\">", page);
        Assert.Contains("<meta charset=\"utf-8\">", page);
        Assert.Contains(body, page);
        string content = NotebookHtml.RenderContent(result);
        Assert.DoesNotContain("<article", content);
        Assert.DoesNotContain("<h1>", content);
        Assert.Contains("<table>", content);
        Assert.Equal("<article class=\"notebook\">\n<h1>片段</h1>\n" + content + "</article>\n", body);
    }
}
