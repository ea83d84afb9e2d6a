using System.Globalization;
using System.Net;
using System.Text;
using GovReport.Ingest.Model;

namespace GovReport.Synth;

/// <summary>A table cell of the layout; spans as in the published HTML.</summary>
internal readonly record struct Cell(string Text, int ColSpan = 1, int RowSpan = 1);

/// <summary>A paragraph or a table of the report, in order.</summary>
internal abstract record Block;
internal sealed record Para(string Text) : Block;
internal sealed record Table(List<List<Cell>> Rows) : Block;

/// <summary>
/// Lays a report out (title, 统计期限, six sections, the three tables, signature and date) and writes it as one cell
/// per line (narrative lines, TAB-prefixed cells, a blank line between rows; a cell covered by a rowspan from above is
/// an empty TAB line) or as an HTML page with colspan/rowspan tables.
/// </summary>
internal static class Renderer
{
    private static string Y(int year) => year.ToString(CultureInfo.InvariantCulture);
    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    public static List<Block> Layout(SynthAgency a, int year, DateOnly published, ReportNumbers n, Rng rng)
    {
        string sep = rng.Chance(0.3) ? "、" : ".";
        var b = new List<Block>
        {
            new Para($"{a.Name}{Y(year)}年政府信息公开工作年度报告"),
            new Para($"本报告根据《中华人民共和国政府信息公开条例》和" +
                     (n.Template == TemplateVersion.V2021 ? "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）" : "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）") +
                     $"要求编制。本报告中所列数据的统计期限自{Y(year)}年1月1日起至{Y(year)}年12月31日止。如对本报告有疑问，请与{a.Name}党政办公室联系。"),
            new Para("一、总体情况"),
            new Para($"{Y(year)}年，{a.Name}（{a.Place}）认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，持续推进政府信息公开工作。"),
            new Para($"（一）主动公开。全年主动公开政府信息{I(n.ProactiveStated)}条，其中通过政府网站发布{I(n.ProactiveBreakdown[0])}条，通过政务新媒体发布{I(n.ProactiveBreakdown[1])}条，通过公开栏等其他方式发布{I(n.ProactiveBreakdown[2])}条。"),
            new Para($"（二）依申请公开。全年共收到政府信息公开申请{I(n.ApplicationsStated)}件，均在法定期限内答复。"),
            new Para("二、主动公开政府信息情况"),
            n.Template == TemplateVersion.V2019 ? Table2V2019(n) : Table2V2021(n),
            new Para("三、收到和处理政府信息公开申请情况"),
            Table3(n, sep),
            new Para("四、政府信息公开行政复议、行政诉讼情况"),
            Table4(n),
            new Para("五、存在的主要问题及改进情况"),
            new Para($"{Y(year)}年，我单位政府信息公开工作取得了一定成效，但仍存在公开内容不够全面、政策解读形式较为单一等问题。下一步，将加强业务培训，规范公开流程，提升公开质量。"),
            new Para("六、其他需要报告的事项"),
            new Para($"{Y(year)}年，未收取信息处理费。"),
            new Para(a.Name),
            new Para($"{Y(published.Year)}年{I(published.Month)}月{I(published.Day)}日"),
        };
        return b;
    }

    private static Table Table2V2019(ReportNumbers n)
    {
        var c = n.Cells;
        List<List<Cell>> rows =
        [
            [new("第二十条第（一）项", 4)],
            [new("信息内容"), new("本年新制作数量"), new("本年新公开数量"), new("对外公开总数量")],
            [new("规章"), new(c["s2_rules_new_made"]), new(c["s2_rules_new_published"]), new(c["s2_rules_total_published"])],
            [new("规范性文件"), new(c["s2_normdocs_new_made"]), new(c["s2_normdocs_new_published"]), new(c["s2_normdocs_total_published"])],
            [new("第二十条第（五）项", 4)],
            [new("信息内容"), new("上一年项目数量"), new("本年增/减"), new("处理决定数量")],
            Row3("行政许可", c, "license"),
            Row3("其他对外管理服务事项", c, "othersvc"),
            [new("第二十条第（六）项", 4)],
            [new("信息内容"), new("上一年项目数量"), new("本年增/减"), new("处理决定数量")],
            Row3("行政处罚", c, "penalty"),
            Row3("行政强制", c, "coercion"),
            [new("第二十条第（八）项", 4)],
            [new("信息内容"), new("上一年项目数量"), new("本年增/减", 2)],
            [new("行政事业性收费"), new(c["s2_fee_prev_items"]), new(c["s2_fee_delta"], 2)],
            [new("第二十条第（九）项", 4)],
            [new("信息内容"), new("采购项目数量"), new("采购总金额", 2)],
            [new("政府集中采购"), new(c["s2_procurement_projects"]), new(c["s2_procurement_amount"], 2)],
        ];
        return new Table(rows);
    }

    private static List<Cell> Row3(string label, Dictionary<string, string> c, string key) =>
        [new(label), new(c[$"s2_{key}_prev_items"]), new(c[$"s2_{key}_delta"]), new(c[$"s2_{key}_decisions"])];

    private static Table Table2V2021(ReportNumbers n)
    {
        var c = n.Cells;
        List<List<Cell>> rows =
        [
            [new("第二十条第（一）项", 4)],
            [new("信息内容"), new("本年制发件数"), new("本年废止件数"), new("现行有效件数")],
            [new("规章"), new(c["s2_rules_issued"]), new(c["s2_rules_repealed"]), new(c["s2_rules_in_force"])],
            [new("行政规范性文件"), new(c["s2_normdocs_issued"]), new(c["s2_normdocs_repealed"]), new(c["s2_normdocs_in_force"])],
            [new("第二十条第（五）项", 4)],
            [new("信息内容"), new("本年处理决定数量", 3)],
            [new("行政许可"), new(c["s2_license_decisions"], 3)],
            [new("第二十条第（六）项", 4)],
            [new("信息内容"), new("本年处理决定数量", 3)],
            [new("行政处罚"), new(c["s2_penalty_decisions"], 3)],
            [new("行政强制"), new(c["s2_coercion_decisions"], 3)],
            [new("第二十条第（八）项", 4)],
            [new("信息内容"), new("本年收费金额（单位：万元）", 3)],
            [new("行政事业性收费"), new(c["s2_fee_amount"], 3)],
        ];
        return new Table(rows);
    }

    private static readonly string[] Cols = [.. FieldDictionary.ApplicantColumns.Select(c => c.Key)];

    private static List<Cell> Values3(ReportNumbers n, string row) => [.. Cols.Select(col => new Cell(n.Cells[FieldDictionary.S3(row, col)]))];

    private static Table Table3(ReportNumbers n, string sep)
    {
        bool v21 = n.Template == TemplateVersion.V2021;
        List<List<Cell>> rows =
        [
            [new("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), new("申请人情况", 7)],
            [new("自然人", 1, 2), new("法人或其他组织", 5), new("总计", 1, 2)],
            [new("商业企业"), new("科研机构"), new("社会公益组织"), new("法律服务机构"), new("其他")],
            [new("一、本年新收政府信息公开申请数量", 3), .. Values3(n, "new_received")],
            [new("二、上年结转政府信息公开申请数量", 3), .. Values3(n, "carried_over")],
        ];
        int resultRows = v21 ? 22 : 20;
        rows.Add([new("三、本年度办理结果", 1, resultRows), new("（一）予以公开", 2), .. Values3(n, "granted")]);
        rows.Add([new("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2), .. Values3(n, "partially_granted")]);
        void Group(string label, (string Key, string Label)[] subs)
        {
            for (int i = 0; i < subs.Length; i++)
            {
                var cells = new List<Cell>();
                if (i == 0) cells.Add(new(label, 1, subs.Length));
                cells.Add(new($"{i + 1}{sep}{subs[i].Label}"));
                cells.AddRange(Values3(n, subs[i].Key));
                rows.Add(cells);
            }
        }
        Group("（三）不予公开",
        [
            ("denied_state_secret", "属于国家秘密"), ("denied_prohibited_by_law", "其他法律行政法规禁止公开"),
            ("denied_security_stability", "危及“三安全一稳定”"), ("denied_third_party", "保护第三方合法权益"),
            ("denied_internal_affairs", "属于三类内部事务信息"), ("denied_process_info", "属于四类过程性信息"),
            ("denied_enforcement_file", "属于行政执法案卷"), ("denied_admin_query", "属于行政查询事项"),
        ]);
        Group("（四）无法提供",
        [
            ("unable_not_held", "本机关不掌握相关政府信息"), ("unable_needs_creation", "没有现成信息需要另行制作"),
            ("unable_unclear", "补正后申请内容仍不明确"),
        ]);
        Group("（五）不予处理",
        [
            ("rejected_petition", "信访举报投诉类申请"), ("rejected_duplicate", "重复申请"), ("rejected_publication", "要求提供公开出版物"),
            ("rejected_excessive", "无正当理由大量反复申请"), ("rejected_reconfirm", "要求行政机关确认或重新出具已获取信息"),
        ]);
        if (v21)
            Group("（六）其他处理",
            [
                ("other_no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                ("other_fee_unpaid", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
                ("other_other", "其他"),
            ]);
        else rows.Add([new("（六）其他处理", 2), .. Values3(n, "other_handling")]);
        rows.Add([new("（七）总计", 2), .. Values3(n, "results_total")]);
        rows.Add([new("四、结转下年度继续办理", 3), .. Values3(n, "carried_forward")]);
        return new Table(rows);
    }

    private static Table Table4(ReportNumbers n)
    {
        string[] outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        var header2 = outcomes.Select(o => new Cell(o, 1, 2)).ToList();
        header2.Add(new("未经复议直接起诉", 5));
        header2.Add(new("复议后起诉", 5));
        return new Table(
        [
            [new("行政复议", 5), new("行政诉讼", 10)],
            header2,
            [.. outcomes.Concat(outcomes).Select(o => new Cell(o))],
            [.. FieldDictionary.ReviewLitigationCells.Select(c => new Cell(n.Cells[c.Id]))],
        ]);
    }

    public static string Text(List<Block> blocks)
    {
        var sb = new StringBuilder(12_000);
        foreach (var block in blocks)
        {
            if (block is Para p) { sb.Append(p.Text).Append('\n'); continue; }
            var rows = ((Table)block).Rows;
            // Cells still covered by a rowspan from an earlier row, by grid column: (rows left, width).
            var covered = new List<(int Col, int Left, int Width)>();
            for (int r = 0; r < rows.Count; r++)
            {
                if (r > 0) sb.Append('\n');
                int col = 0, i = 0;
                var next = new List<(int, int, int)>();
                var cells = rows[r];
                while (i < cells.Count || covered.Any(c => c.Col >= col))
                {
                    int k = covered.FindIndex(c => c.Col == col);
                    if (k >= 0)
                    {
                        sb.Append("\t\n");
                        var c = covered[k];
                        if (c.Left > 1) next.Add((c.Col, c.Left - 1, c.Width));
                        col += c.Width;
                        continue;
                    }
                    if (i >= cells.Count) break;
                    var cell = cells[i++];
                    sb.Append('\t').Append(cell.Text).Append('\n');
                    if (cell.RowSpan > 1) next.Add((col, cell.RowSpan - 1, cell.ColSpan));
                    col += cell.ColSpan;
                }
                covered = next;
            }
            sb.Append("\n\n");
        }
        return sb.ToString();
    }

    public static string Html(List<Block> blocks, string title, DateOnly published)
    {
        var sb = new StringBuilder(30_000);
        sb.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"PubDate\" content=\"").Append(published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(" 09:00\">\n")
          .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n</head>\n<body>\n<div class=\"article\">\n");
        foreach (var block in blocks)
        {
            if (block is Para p) { sb.Append("<p>").Append(WebUtility.HtmlEncode(p.Text)).Append("</p>\n"); continue; }
            sb.Append("<table border=\"1\" cellspacing=\"0\">\n<tbody>\n");
            foreach (var row in ((Table)block).Rows)
            {
                sb.Append("<tr>");
                foreach (var c in row)
                {
                    sb.Append("<td");
                    if (c.ColSpan > 1) sb.Append(" colspan=\"").Append(I(c.ColSpan)).Append('"');
                    if (c.RowSpan > 1) sb.Append(" rowspan=\"").Append(I(c.RowSpan)).Append('"');
                    sb.Append('>').Append(WebUtility.HtmlEncode(c.Text)).Append("</td>");
                }
                sb.Append("</tr>\n");
            }
            sb.Append("</tbody>\n</table>\n");
        }
        sb.Append("</div>\n</body>\n</html>\n");
        return sb.ToString();
    }
}
