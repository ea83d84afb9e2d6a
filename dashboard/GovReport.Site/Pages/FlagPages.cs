using System.Text;

namespace GovReport.Site;

public sealed partial class SiteBuilder
{
    private void FlagPages()
    {
        var ordered = _flags.OrderBy(f => SeverityOrder(f.Severity)).ThenByDescending(f => f.Score)
            .ThenBy(f => _reportById[f.ReportId].Display, StringComparer.Ordinal).ThenBy(f => f.FlagId, StringComparer.Ordinal).ToList();
        var pages = ordered.Chunk(Math.Max(1, _o.FlagsPerPage)).ToList();
        if (pages.Count == 0) pages.Add([]);
        var detectors = _flags.Select(f => f.Detector).Distinct().Order(StringComparer.Ordinal).ToList();
        var provinces = _regions.Values.Where(r => r.Level == "province").OrderBy(r => r.Code, StringComparer.Ordinal).ToList();

        for (int p = 0; p < pages.Count; p++)
        {
            string path = p == 0 ? "flags.html" : $"flags-{p + 1}.html";
            var sb = new StringBuilder("<h1>异常</h1>\n");
            sb.Append($"<p class=\"lead\">共 {_flags.Count:#,0} 项：{_flags.Count(f => f.Severity == "error")} 项错误、{_flags.Count(f => f.Severity == "warning")} 项警告。" +
                      "规则类异常是报告自身的数字对不上（勾稽关系等），统计类异常是数值远离同级机关（稳健 z 分数、ML.NET 主成分分析）。" +
                      "每项异常都写明所依据的数字和原文行；审核人员的结论（已确认、已排除）一并显示。</p>\n");
            sb.Append("<div class=\"filters\" data-for=\"main\">");
            sb.Append("<label>检测方法<select data-filter=\"detector\"><option value=\"\">全部</option>" +
                      string.Concat(detectors.Select(d => $"<option value=\"{Html.Slug(d)}\">{FlagDetectorLabel(d)}</option>")) + "</select></label> ");
            sb.Append("<label>严重程度<select data-filter=\"severity\"><option value=\"\">全部</option><option value=\"error\">错误</option><option value=\"warning\">警告</option><option value=\"info\">提示</option></select></label> ");
            sb.Append("<label>地区<select data-filter=\"r\"><option value=\"\">全国</option>" +
                      string.Concat(provinces.Select(r => $"<option value=\"{Html.Slug(r.Code)}\">{Html.E(r.Name)}</option>")) + "</select></label> ");
            sb.Append("<label>审核状态<select data-filter=\"review\"><option value=\"\">全部</option><option value=\"open\">待审核</option><option value=\"confirmed\">已确认</option><option value=\"dismissed\">已排除</option></select></label>");
            sb.Append(" <span class=\"muted filter-count\" aria-live=\"polite\"></span></div>\n");
            if (pages.Count > 1) sb.Append(Pager(p, pages.Count));
            var trs = pages[p].Select(f =>
            {
                var r = _reportById[f.ReportId];
                return $"<tr id=\"f-{Html.Slug(f.FlagId)}\" data-detector=\"{Html.Slug(f.Detector)}\" data-severity=\"{Html.Slug(f.Severity)}\" data-r=\"{RegionAttr(r)}\" data-review=\"{Html.Slug(f.ReviewStatus)}\">" +
                       $"<td data-v=\"{SeverityOrder(f.Severity)}\"><span class=\"badge sev-{Html.Slug(f.Severity)}\">{Html.Severity(f.Severity)}</span></td>" +
                       $"<td>{AgencyLink(path, r, "f-" + Html.Slug(f.FlagId))}</td><td class=\"num\">{r.Year?.ToString(Html.Inv) ?? "—"}</td><td>{FlagDetectorLabel(f.Detector)}</td>" +
                       $"<td>{Html.E(f.Explanation)}</td><td>{LinesLinks(path, f.ReportId, f.Lines)}</td><td>{Html.ReviewState(f.ReviewStatus)}</td>" +
                       $"<td><a href=\"flag/{Html.Slug(f.FlagId)}.html\">详情</a></td></tr>";
            });
            sb.Append(Layout.Table("flags-table", "异常列表", ["严重程度", "机关", "年度", "检测方法", "说明", "原文", "审核", "链接"], trs, DataHref("", "flags"), cssClass: "filterable"));
            if (pages.Count > 1) sb.Append(Pager(p, pages.Count));
            Page(path, p == 0 ? "异常" : $"异常（第 {p + 1} 页）", sb.ToString(), "各报告的勾稽关系错误与统计异常，附理由与原文行");
        }

        foreach (var f in _flags)
            if (!_keptFlags.Contains(FlagKey(f)))
            {
                FlagPage(f);
                _flagFiles[FlagKey(f)] = [$"flag/{FlagKey(f)}.html"];
            }
    }

    private static string Pager(int current, int count)
    {
        var links = Enumerable.Range(0, count).Select(i => i == current
            ? $"<span aria-current=\"page\">{i + 1}</span>"
            : $"<a href=\"{(i == 0 ? "flags.html" : $"flags-{i + 1}.html")}\">{i + 1}</a>");
        return $"<nav class=\"pager\" aria-label=\"分页\">{string.Join(" ", links)}</nav>\n";
    }

    private void FlagPage(FlagRow f)
    {
        string path = $"flag/{Html.Slug(f.FlagId)}.html";
        var r = _reportById[f.ReportId];
        var sb = new StringBuilder();
        sb.Append($"<nav class=\"crumbs\"><a href=\"../flags.html\">异常</a> · {AgencyLink(path, r, "r-" + Html.Slug(r.ReportId))} · {YearText(r)}</nav>\n");
        sb.Append($"<h1><span class=\"badge sev-{Html.Slug(f.Severity)}\">{Html.Severity(f.Severity)}</span> {Html.E(r.Display)} {YearText(r)}：{FlagDetectorLabel(f.Detector)}</h1>\n");
        sb.Append($"<p class=\"lead\">{Html.E(f.Explanation)}</p>\n");
        if (!string.IsNullOrEmpty(f.ExplanationEn)) sb.Append($"<p lang=\"en\" class=\"muted\">{Html.E(f.ExplanationEn)}</p>\n");
        string rule = f.Detector.StartsWith("rule:", StringComparison.Ordinal) && _ruleById.TryGetValue(f.Detector[5..], out var rd)
            ? $"{Html.E(rd.RuleId)}：{Html.E(rd.Description)}" : FlagDetectorLabel(f.Detector);
        sb.Append("<dl class=\"facts\">");
        sb.Append($"<dt>异常编号</dt><dd><code>{Html.E(f.FlagId)}</code>（同一报告内容、同一检测方法，编号不变）</dd>");
        sb.Append($"<dt>检测方法</dt><dd>{rule}</dd>");
        sb.Append($"<dt>对象</dt><dd>{Html.E(f.Subject)}</dd>");
        sb.Append($"<dt>分数</dt><dd>{Html.Num(f.Score)}</dd>");
        sb.Append($"<dt>依据的字段</dt><dd>{(f.Fields.Count == 0 ? "—" : string.Join("、", f.Fields.Select(Html.E)))}</dd>");
        sb.Append($"<dt>原文</dt><dd>{LinesLinks(path, f.ReportId, f.Lines, compact: false)}</dd>");
        sb.Append($"<dt>审核</dt><dd>{Html.ReviewState(f.ReviewStatus)}{(f.ReviewedAt is null ? "" : $"（{Html.E(f.ReviewedAt)}）")}{(string.IsNullOrEmpty(f.ReviewNote) ? "" : "：" + Html.E(f.ReviewNote))}</dd>");
        sb.Append("</dl>\n");
        sb.Append($"<p>记录审核结论：<code>govreport review {Html.E(f.FlagId)} --status confirmed|dismissed --note \"…\"</code></p>\n");
        Page(path, $"异常 {f.FlagId}", sb.ToString(), f.Explanation);
    }
}
