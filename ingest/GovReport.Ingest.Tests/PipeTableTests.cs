using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;
using GovReport.Ingest.Readers;

namespace GovReport.Ingest.Tests;

/// <summary>
/// Converter markdown with pipe tables: 010 沭阳县 2025 (the converter writes 沐阳县), one pipe table per block, table 三
/// row by row under invented headers (类别 | 数据1 … 数据6 | 总计), table 四 as three tables of five. Values read by hand.
/// </summary>
public class PipeTableTests
{
    private static ParseResult Read(string prefix) => Fixtures.ReadReal(prefix, "txt-pipe");

    [Fact]
    public void Shuyang_2025_markdown()
    {
        var result = Read("010");
        var r = result.Report;
        Assert.Equal(TemplateVersion.V2021, r.Template);
        Assert.Equal("沐阳县人民政府", r.AgencyName); // as the text writes it
        Assert.Equal(2025, r.Year);
        (string, decimal)[] s2 = [("s2_rules_issued", 0), ("s2_rules_repealed", 0), ("s2_rules_in_force", 0), ("s2_normdocs_issued", 6),
            ("s2_normdocs_repealed", 1), ("s2_normdocs_in_force", 32), ("s2_license_decisions", 517645), ("s2_penalty_decisions", 693957),
            ("s2_coercion_decisions", 2154), ("s2_fee_amount", 40_682_080m)];
        foreach (var (field, value) in s2) Assert.True(r.Fact(field)!.Value == value, $"{field}: {r.Fact(field)!.Value}");
        decimal[] newReceived = [705, 3, 0, 0, 5, 0, 713], results = [710, 3, 0, 0, 5, 0, 718], forward = [31, 0, 0, 0, 0, 0, 31];
        for (int c = 0; c < 7; c++)
        {
            string col = FieldDictionary.ApplicantColumns[c].Key;
            Assert.Equal(newReceived[c], r.Fact(FieldDictionary.S3("new_received", col))!.Value);
            Assert.Equal(results[c], r.Fact(FieldDictionary.S3("results_total", col))!.Value);
            Assert.Equal(forward[c], r.Fact(FieldDictionary.S3("carried_forward", col))!.Value);
        }
        Assert.Equal(36m, r.Fact("s3_carried_over__total")!.Value);
        Assert.Equal(294m, r.Fact("s3_granted__total")!.Value);
        Assert.Equal(111m, r.Fact("s3_unable_not_held__total")!.Value);
        Assert.Equal(7m, r.Fact("s3_other_fee_unpaid__total")!.Value); // under the invented header 项目 | 本年新收件数 | …
        Assert.Equal(143m, r.Fact("s3_other_other__total")!.Value);
        decimal[] t4 = [27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10];
        for (int i = 0; i < 15; i++) Assert.Equal(t4[i], r.Fact(FieldDictionary.ReviewLitigationCells[i].Id)!.Value);
        Assert.Contains(result.Diagnostics, d => d.Code == "table_joined");
    }

    [Fact]
    public void Pipe_rows_with_spans_and_no_leading_pipe()
    {
        var doc = PipeTableReader.Read("| 第二十条  第(五)项 | |||\n信息内容 | 本年处理决定数量\n");
        var rows = doc.Rows.ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["第二十条  第(五)项", "", "", ""], rows[0].Cells.Select(c => c.Text));
        Assert.Equal(["信息内容", "本年处理决定数量"], rows[1].Cells.Select(c => c.Text));
        Assert.Equal(2, rows[1].Line);
    }

    [Fact]
    public void A_title_alone_is_not_a_report()
    {
        var r = ReportParser.ParseText("# 某街道2020年政府信息公开工作年度报告\n\n附件：点击下载\n");
        Assert.False(r.IsReport);
    }
}
