using System.Text;

namespace GovReport.Site;

public sealed partial class SiteBuilder
{
    /// <summary>Metrics shown on the front page, in this order (those the corpus has).</summary>
    internal static readonly string[] Headline =
        ["procurement_amount", "penalty_decisions", "license_decisions", "applications_received", "granted_share", "review_cases", "litigation_cases", "fee_amount"];

    private void IndexPage()
    {
        const string path = "index.html";
        var sb = new StringBuilder();
        var years = _reports.Where(r => r.Year is not null).Select(r => r.Year!.Value).Distinct().Order().ToList();
        int provinces = _regions.Values.Count(r => r.Level == "province");
        int openFlags = _flags.Count(f => f.ReviewStatus == "open");
        int failedReports = _checkCounts.Count(kv => kv.Value.Failed > 0);
        string yearSpan = years.Count == 0 ? "" : years.Count == 1 ? $"{years[0]} 年度" : $"{years[0]}–{years[^1]} 年度";

        sb.Append("<h1>政府信息公开工作年度报告比较</h1>\n");
        sb.Append($"<p class=\"lead\">本站读取各机关发布的《政府信息公开工作年度报告》，把其中的三张标准表格（主动公开、依申请公开、复议诉讼）转为可比较的数据：" +
                  $"共 {_reports.Count:#,0} 份报告、{_agencies.Count:#,0} 个机关{(yearSpan == "" ? "" : "，" + yearSpan)}{(_lastRun is null ? "" : $"，数据导入于 {Html.E(_lastRun)}")}。每个数字都链接到报告原文所在的行；" +
                  "每项异常都写明理由。</p>\n");
        sb.Append("<ul class=\"stats\">");
        sb.Append($"<li><b>{_reports.Count:#,0}</b>份报告</li>");
        sb.Append($"<li><b>{_agencies.Count:#,0}</b>个机关</li>");
        sb.Append($"<li><a href=\"regions.html\"><b>{provinces:#,0}</b>个省级地区</a></li>");
        sb.Append($"<li><a href=\"flags.html\"><b>{openFlags:#,0}</b>项待审核异常</a></li>");
        sb.Append($"<li><b>{failedReports:#,0}</b>份报告勾稽关系未通过</li>");
        sb.Append("</ul>\n");

        // Coverage: province × year, and template × year.
        sb.Append("<h2 id=\"coverage\">覆盖范围</h2>\n");
        var byProvince = _reports.GroupBy(r => r.ProvinceCode ?? "").OrderBy(g => g.Key == "" ? "~" : g.Key, StringComparer.Ordinal).ToList();
        var rows = new List<string>();
        foreach (var g in byProvince)
        {
            string name = g.Key != "" && _regions.TryGetValue(g.Key, out var reg) ? $"<a href=\"{reg.Url}\">{Html.E(reg.Name)}</a>" : "<span class=\"muted\">地区未定</span>";
            var cells = string.Concat(years.Select(y => Layout.NumCell(g.Count(r => r.Year == y))));
            rows.Add($"<tr><th scope=\"row\">{name}</th>{cells}{Layout.NumCell(g.Count())}</tr>");
        }
        sb.Append(Layout.Table("coverage-table", "各省份、各年度的报告数", ["省份", .. years.Select(y => $"{y} 年度"), "合计"], rows, "data/coverage.csv"));
        _w.Bytes_("data/coverage.csv", Export.Csv(["province_code", "province", .. years.Select(y => y.ToString(Html.Inv)), "total"],
            byProvince.Select(g => (IReadOnlyList<object?>)[g.Key == "" ? null : g.Key, g.Key != "" && _regions.TryGetValue(g.Key, out var rg) ? rg.Name : null,
                .. years.Select(y => (object?)g.Count(r => r.Year == y)), g.Count()]).ToList()));

        var templates = _reports.GroupBy(r => (r.Template, r.Form)).OrderBy(g => g.Key.Template, StringComparer.Ordinal).ThenBy(g => g.Key.Form, StringComparer.Ordinal)
            .Select(g => $"<tr><td>{TemplateLabel(g.Key.Template)}</td><td>{FormLabel(g.Key.Form)}</td>{Layout.NumCell(g.Count())}</tr>");
        sb.Append(Layout.Table(null, "按模板和文件形式", ["模板", "文件形式", "报告数"], templates, DataHref("", "reports")));
        if (byProvince.Count > 1)
            sb.Append(BarChart("charts/coverage-provinces", "各省份的报告数", byProvince.Select(g =>
                (g.Key != "" && _regions.TryGetValue(g.Key, out var rg) ? rg.Name : "地区未定", (double)g.Count())).ToList(), "份", path, null));

        // Headline rankings: the largest national peer group that has each metric.
        sb.Append("<h2 id=\"rankings\">排行榜摘要</h2>\n<p>同一年度、同一类机关之间比较（街道与街道、县级政府与县级政府）。<a href=\"rankings.html\">全部排行榜</a></p>\n<div class=\"cards\">\n");
        foreach (var metric in Headline.Where(_metricByName.ContainsKey))
        {
            // The groups' sizes and the chosen group's first five from DuckDB, not every national row of the metric.
            string where = $"metric = '{Html.Slug(metric)}' AND peer_group = 'nation'";
            var groups = _db.Rows($"SELECT coalesce(year, 0), coalesce(agency_level, ''), count(*) FROM rankings WHERE {where} GROUP BY ALL")
                .Select(r => (Year: Convert.ToInt32(r.GetValue(0), Html.Inv), Level: r.GetString(1), Count: Convert.ToInt64(r.GetValue(2)))).ToList();
            if (groups.Count == 0) continue;
            var group = groups.OrderByDescending(g => g.Count).ThenByDescending(g => g.Year).ThenBy(g => g.Level, StringComparer.Ordinal).First();
            var top = _db.Rankings(metric, peerGroup: "nation", year: group.Year, level: group.Level)
                .OrderBy(r => r.Rank).ThenBy(r => r.ReportId, StringComparer.Ordinal).Take(5).ToList();
            sb.Append($"<section class=\"card\"><h3><a href=\"ranking/{Html.Slug(metric)}.html\">{Html.E(MetricLabel(metric))}</a></h3>");
            sb.Append($"<p class=\"muted\">{group.Year} 年度 · {Html.E(group.Level)} · {group.Count} 份</p><ol>");
            foreach (var r in top)
            {
                var rep = _reportById[r.ReportId];
                sb.Append($"<li value=\"{r.Rank}\">{AgencyLink(path, rep)} <span class=\"num\">{ValueText(r.Value, MetricUnit(metric))}</span></li>");
            }
            sb.Append("</ol></section>\n");
        }
        sb.Append("</div>\n");

        // Newest flags: latest report year first, then severity and score.
        sb.Append("<h2 id=\"flags\">最新异常</h2>\n");
        var newest = _flags.OrderByDescending(f => _reportById[f.ReportId].Year ?? 0)
            .ThenBy(f => SeverityOrder(f.Severity)).ThenByDescending(f => f.Score).ThenBy(f => f.FlagId, StringComparer.Ordinal).Take(10).ToList();
        if (newest.Count == 0) sb.Append("<p>没有异常。</p>\n");
        else
        {
            sb.Append("<ul class=\"flag-list\">\n");
            foreach (var f in newest) sb.Append(FlagItem(path, f)).Append('\n');
            sb.Append("</ul>\n<p><a href=\"flags.html\">全部异常</a></p>\n");
        }
        Page(path, Layout.SiteName, sb.ToString(), $"比较 {_agencies.Count} 个机关的 {_reports.Count} 份政府信息公开工作年度报告");
    }

    internal static int SeverityOrder(string s) => s switch { "error" => 0, "warning" => 1, _ => 2 };

    internal static string TemplateLabel(string t) => t switch
    {
        "2019" => "2019 年版（国办公开办函〔2019〕60号）",
        "2021" => "2021 年版（国办公开办函〔2021〕30号）",
        _ => "未识别",
    };

    internal static string FormLabel(string f) => f switch
    {
        "txt-cells" => "文本（每格一行）",
        "txt-runtogether" => "文本（单元格连写）",
        "txt-pipe" => "Markdown 表格",
        "txt-whitespace" => "文本（空格分隔表格）",
        "html" => "网页",
        "docx" => "Word 文档",
        "pdf" => "PDF",
        _ => Html.E(f),
    };

    internal static string ValueText(double v, string unit) => unit switch
    {
        "比例" => Html.Pct(v),
        "" => Html.Num(v),
        _ => Html.Num(v) + " " + Html.E(unit),
    };

    /// <summary>One flag as a list item: severity, agency, explanation, review state, permalink.</summary>
    private string FlagItem(string from, FlagRow f)
    {
        var rep = _reportById[f.ReportId];
        string root = Layout.Root(from);
        return $"<li class=\"flag sev-{Html.Slug(f.Severity)}\"><span class=\"badge sev-{Html.Slug(f.Severity)}\">{Html.Severity(f.Severity)}</span> " +
               $"{AgencyLink(from, rep)} <span class=\"muted\">{rep.Year?.ToString(Html.Inv) ?? "年度未定"} 年度 · {FlagDetectorLabel(f.Detector)}</span>" +
               $"<p>{Html.E(f.Explanation)}</p><p class=\"muted\">原文：{LinesLinks(from, f.ReportId, f.Lines)} · 审核：{Html.ReviewState(f.ReviewStatus)} · " +
               $"<a href=\"{root}flag/{Html.Slug(f.FlagId)}.html\">固定链接</a></p></li>";
    }
}
