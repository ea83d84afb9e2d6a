using System.Text;

namespace GovReport.Site;

public sealed partial class SiteBuilder
{
    private static readonly string[] LevelOrder = ["街道", "乡镇", "县级政府", "部门", "其他"];
    internal static int LevelIndex(string l) { int i = Array.IndexOf(LevelOrder, l); return i < 0 ? LevelOrder.Length : i; }

    private void RankingPages()
    {
        var index = new List<string>();
        foreach (var m in _metricDefs)
        {
            var all = _db.Rankings(m.Metric);
            var nation = all.Where(r => r.PeerGroup == "nation").ToList();
            string href = $"ranking/{Html.Slug(m.Metric)}.html";
            index.Add($"<tr><td><a href=\"{href}\">{Html.E(m.Label)}</a></td><td>{Html.E(m.Unit)}</td><td>{Html.E(m.Templates.Replace(",", "、"))}</td>{Layout.NumCell(nation.Count)}</tr>");
            RankingPage(m, all, nation);
        }
        var sb = new StringBuilder("<h1>排行榜</h1>\n<p>每项指标在同一年度、同一类机关之间排名；名次 1 为最大，数值相同名次相同。可按省、市、县筛选，即各地的同级比较。" +
                                   "模板不同而含义不同的字段不放在一起比较（见<a href=\"methodology.html\">方法说明</a>）。</p>\n");
        sb.Append(Layout.Table("metrics", "指标", ["指标", "单位", "适用模板", "有数值的报告"], index, "data/metric_dictionary.csv"));
        Page("rankings.html", "排行榜", sb.ToString());
    }

    private void RankingPage(MetricDef m, IReadOnlyList<RankRow> all, IReadOnlyList<RankRow> nation)
    {
        string path = $"ranking/{Html.Slug(m.Metric)}.html";
        string csv = $"{Html.Slug(m.Metric)}.csv";
        var byReportGroup = all.ToLookup(r => (r.ReportId, r.PeerGroup));
        var lines = _db.Metrics(metrics: [m.Metric]).ToDictionary(x => x.ReportId, x => x.Lines.Count > 0 ? x.Lines.Min() : (int?)null);
        var sb = new StringBuilder();
        sb.Append($"<h1>{Html.E(m.Label)}排行榜</h1>\n");
        sb.Append($"<p class=\"lead\">{Html.E(m.Label)}（{Html.E(m.Unit)}）。{Html.E(m.Note ?? "")} 适用模板：{Html.E(m.Templates.Replace(",", "、"))}。</p>\n");
        if (nation.Count == 0)
        {
            sb.Append("<p>没有报告给出这项指标。</p>\n");
            Page(path, m.Label + "排行榜", sb.ToString());
            return;
        }

        // Region filter: every province, city and county that has a ranked report, as a peer-group choice.
        var codes = nation.Select(r => _reportById[r.ReportId]).SelectMany(r => new[] { r.ProvinceCode, r.CityCode, r.CountyCode })
            .Where(c => c is not null && _regions.ContainsKey(c)).Select(c => _regions[c!]).Distinct()
            .OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        sb.Append("<div class=\"filters\" data-for=\"main\"><label>地区（同级比较范围）<select data-filter=\"r\"><option value=\"\">全国</option>");
        foreach (var reg in codes)
            sb.Append($"<option value=\"{Html.Slug(reg.Code)}\">{(reg.Level == "province" ? "" : reg.Level == "city" ? "　" : "　　")}{Html.E(reg.Name)}</option>");
        sb.Append("</select></label> <span class=\"muted filter-count\" aria-live=\"polite\"></span></div>\n");

        var groups = nation.GroupBy(r => (r.Year, r.Level)).OrderByDescending(g => g.Key.Year).ThenBy(g => LevelIndex(g.Key.Level)).ThenBy(g => g.Key.Level, StringComparer.Ordinal);
        foreach (var g in groups)
        {
            var rows = g.OrderBy(r => r.Rank).ThenBy(r => r.ReportId, StringComparer.Ordinal).ToList();
            string anchor = $"y{g.Key.Year}-{LevelSlug(g.Key.Level)}";
            sb.Append($"<section id=\"{anchor}\"><h2>{g.Key.Year} 年度 · {Html.E(g.Key.Level)}（{rows.Count} 份）</h2>\n");
            if (rows.Count >= 2)
                sb.Append(BarChart($"charts/ranking-{Html.Slug(m.Metric)}-{anchor}", $"{m.Label}：{g.Key.Year} 年度{g.Key.Level}前 {Math.Min(15, rows.Count)} 名",
                    rows.Take(15).Select(r => (_reportById[r.ReportId].Display, r.Value)).ToList(), m.Unit, path, "表格见下"));
            var trs = new List<string>();
            foreach (var r in rows.Take(_o.MaxRankingRows))
            {
                var rep = _reportById[r.ReportId];
                string Peer(string pg) => byReportGroup[(r.ReportId, pg)].FirstOrDefault() is { } x ? $"{x.Rank}/{x.GroupSize}" : "—";
                trs.Add($"<tr data-r=\"{RegionAttr(rep)}\"><td class=\"num\" data-v=\"{r.Rank}\">{r.Rank}</td><td>{AgencyLink(path, rep)}</td><td>{RegionLinks(path, rep)}</td>" +
                        $"{Layout.NumCell(r.Value, m.Unit, SourceHref(path, r.ReportId, lines.GetValueOrDefault(r.ReportId)))}<td class=\"num\" data-v=\"{Html.Raw(r.Percentile)}\">{Html.Pct(r.Percentile)}</td>" +
                        $"<td class=\"num\">{Peer("province")}</td><td class=\"num\">{Peer("city")}</td><td class=\"num\">{Peer("county")}</td></tr>");
            }
            sb.Append(Layout.Table(null, $"{g.Key.Year} 年度{Html.E(g.Key.Level)}：{Html.E(m.Label)}", ["全国名次", "机关", "地区", "数值", "百分位", "省内", "市内", "县内"], trs, csv, cssClass: "filterable"));
            if (rows.Count > _o.MaxRankingRows) sb.Append($"<p class=\"muted\">只列出前 {_o.MaxRankingRows} 名；完整排名见 <a href=\"{csv}\">CSV</a>，各地排名见地区页。</p>\n");
            sb.Append("</section>\n");
        }

        // One row per report: its national rank and its ranks within province, city and county.
        using (var stream = _w.Create($"ranking/{csv}"))
            Export.Csv(stream,
                ["report_id", "agency", "province", "city", "county", "agency_level", "year", "metric", "value", "unit", "nation_rank", "nation_size", "percentile",
                 "province_rank", "province_size", "city_rank", "city_size", "county_rank", "county_size"],
                nation.OrderBy(r => r.Year).ThenBy(r => LevelIndex(r.Level)).ThenBy(r => r.Rank).ThenBy(r => r.ReportId, StringComparer.Ordinal).Select(r =>
                {
                    var rep = _reportById[r.ReportId];
                    RankRow? P(string pg) => byReportGroup[(r.ReportId, pg)].FirstOrDefault();
                    return (IReadOnlyList<object?>)[r.ReportId, rep.Display, rep.Province, rep.City, rep.County, r.Level, r.Year, r.Metric, r.Value, m.Unit, r.Rank, r.GroupSize, r.Percentile,
                        P("province")?.Rank, P("province")?.GroupSize, P("city")?.Rank, P("city")?.GroupSize, P("county")?.Rank, P("county")?.GroupSize];
                }));
        Page(path, m.Label + "排行榜", sb.ToString(), $"{m.Label}：各机关排名");
    }
}
