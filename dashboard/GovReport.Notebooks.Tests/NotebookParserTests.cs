namespace GovReport.Notebooks.Tests;

public class NotebookParserTests
{
    private const string Sample = """
        ---
        title: 测试笔记本
        description: "说明 # 不是注释"
        parameters:
          region: "360981"   # 区划
          year: 2020
          share: 0.5
          strict: true
        ---

        # 标题

        一段文字。

        ```sql
        SELECT $region AS r, $year AS y
        ```

        ```chart
        kind: bar
        x: r
        y: y
        title: 图
        horizontal: true
        ```

        结尾。

        ```python
        print("not run")
        ```
        """;

    [Fact]
    public void Reads_front_matter_cells_and_their_lines()
    {
        var nb = NotebookParser.Parse(Sample, "t.md");
        Assert.Equal("测试笔记本", nb.Title);
        Assert.Equal("说明 # 不是注释", nb.Description);
        Assert.Equal([("region", (object)"360981"), ("year", 2020L), ("share", 0.5), ("strict", true)],
            nb.Parameters.Select(p => (p.Name, p.Default)).ToList());
        Assert.Collection(nb.Cells,
            c => Assert.Equal((11, "# 标题\n\n一段文字。"), (c.Line, ((MarkdownCell)c).Markdown)),
            c => Assert.Equal((15, "SELECT $region AS r, $year AS y"), (c.Line, ((SqlCell)c).Sql)),
            c =>
            {
                Assert.Equal(19, c.Line);
                Assert.Equal(new ChartBlock("bar", "r", "y", "图", Horizontal: true), ((ChartCell)c).Spec);
            },
            c =>
            {
                // Other fences stay prose.
                Assert.Equal(27, c.Line);
                Assert.Contains("print(\"not run\")", ((MarkdownCell)c).Markdown);
            });
    }

    [Fact]
    public void A_notebook_without_front_matter_is_titled_by_its_file()
    {
        var nb = NotebookParser.Parse("```sql\nSELECT 1\n```\n", "dir/我的.md");
        Assert.Equal("我的", nb.Title);
        Assert.Empty(nb.Parameters);
        Assert.Equal(1, Assert.IsType<SqlCell>(Assert.Single(nb.Cells)).Line);
    }

    [Theory]
    [InlineData("---\ntitle: x\n", 1, "no closing")]
    [InlineData("---\nauthor: x\n---\n", 2, "unknown key")]
    [InlineData("---\nparameters:\n  a-b: 1\n---\n", 3, "letters, digits")]
    [InlineData("---\nparameters:\n  a: 1\n  a: 2\n---\n", 4, "defined twice")]
    [InlineData("---\n---\n\n```chart\nkind: bar\nx: a\ny: b\n```\n", 4, "none")]
    [InlineData("---\n---\n```sql\nSELECT 1\n```\n```chart\nkind: pie\nx: a\ny: b\n```\n", 6, "kind")]
    [InlineData("---\n---\n```sql\nSELECT 1\n```\n```chart\nkind: bar\nx: a\ncolour: red\n```\n", 9, "unknown key")]
    [InlineData("---\n---\n```sql\nSELECT 1\n```\n```chart\nkind: bar\nx: a\n```\n", 6, "`y:` is required")]
    [InlineData("```sql\n\n```\n", 1, "empty")]
    public void Mistakes_name_the_file_and_line(string text, int line, string words)
    {
        var ex = Assert.Throws<NotebookException>(() => NotebookParser.Parse(text, "nb.md"));
        Assert.Equal("nb.md", ex.File);
        Assert.Equal(line, ex.Line);
        Assert.Contains(words, ex.Problem);
        Assert.StartsWith($"nb.md:{line}: ", ex.Message);
    }

    [Theory]
    [InlineData("SELECT $a, $b_2 FROM t WHERE x = $a", "a,b_2")]
    [InlineData("SELECT '$a', \"$b\", 'it''s $c' -- $d\n, $e /* $f */", "e")]
    [InlineData("SELECT regexp_extract(p, '[^/]+$') FROM t WHERE y = $year", "year")]
    [InlineData("SELECT 1", "")]
    public void Parameters_are_found_outside_strings_and_comments(string sql, string expected)
    {
        Assert.Equal(expected, string.Join(",", NotebookRunner.ParameterNames(sql)));
    }
}
