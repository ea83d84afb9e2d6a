using System.Text;

namespace GovReport.Site;

public sealed partial class SiteBuilder
{
    private static readonly string[] LevelOrder = ["街道", "乡镇", "县级政府", "部门", "其他"];
    internal static int LevelIndex(string l) { int i = Array.IndexOf(LevelOrder, l); return i < 0 ? LevelOrder.Length : i; }

    private void RankingPages()
    {
        BuildPeerRanks();
        var index = new List<string>();
        foreach (var m in _metricDefs)
        {
            long count = Convert.ToInt64(_db.Scalar($"SELECT count(*) FROM rankings WHERE metric = '{Html.Slug(m.Metric)}' AND peer_group = 'nation'"));
            string href = $"ranking/{Html.Slug(m.Metric)}.html";
            index.Add($"<tr><td><a href=\"{href}\">{Html.E(m.Label)}</a></td><td>{Html.E(m.Unit)}</td><td>{Html.E(m.Templates.Replace(",", "、"))}</td>{Layout.NumCell(count)}</tr>");
            RankingPage(m, count);
        }
        var sb = new StringBuilder("<h1>排行榜</h1>\n<p>每项指标在同一年度、同一类机关之间排名；名次 1 为最大，数值相同名次相同。可按省、市、县筛选，即各地的同级比较。" +
                                   "模板不同而含义不同的字段不放在一起比较（见<a href=\"methodology.html\">方法说明</a>）。</p>\n");
        sb.Append(Layout.Table("metrics", "指标", ["指标", "单位", "适用模板", "有数值的报告"], index, DataHref("", "metric_dictionary")));
        Page("rankings.html", "排行榜", sb.ToString());
    }

    /// <summary>A report's place in its national group and, where it has one, in its province, city and county.</summary>
    private sealed record PeerRanks(string ReportId, int Year, string Level, double Value, long Rank, long Size, double Percentile,
        long? ProvinceRank, long? ProvinceSize, long? CityRank, long? CitySize, long? CountyRank, long? CountySize, int? Line);

    /// <summary>
    /// The four peer groups side by side, one row per report and metric, with the metric's first source line: built
    /// once in a temporary table (one scan of rankings), then read per metric.
    /// </summary>
    private void BuildPeerRanks() => Exec("""
        CREATE OR REPLACE TEMP TABLE site_peer_ranks AS
        SELECT r.metric, r.report_id, r.year, r.agency_level, any_value(r.value) AS value,
               max(r.rank) FILTER (WHERE peer_group = 'nation') AS nation_rank, max(r.group_size) FILTER (WHERE peer_group = 'nation') AS nation_size,
               max(r.percentile) FILTER (WHERE peer_group = 'nation') AS percentile,
               max(r.rank) FILTER (WHERE peer_group = 'province') AS province_rank, max(r.group_size) FILTER (WHERE peer_group = 'province') AS province_size,
               max(r.rank) FILTER (WHERE peer_group = 'city') AS city_rank, max(r.group_size) FILTER (WHERE peer_group = 'city') AS city_size,
               max(r.rank) FILTER (WHERE peer_group = 'county') AS county_rank, max(r.group_size) FILTER (WHERE peer_group = 'county') AS county_size,
               list_min(any_value(m.lines)) AS line
        FROM rankings r LEFT JOIN metrics m ON m.report_id = r.report_id AND m.metric = r.metric
        GROUP BY r.metric, r.report_id, r.year, r.agency_level
        ORDER BY r.metric, r.year, r.agency_level, nation_rank, r.report_id
        """);

    private static string PeerRanksSql(string metric) => $"SELECT * EXCLUDE (metric) FROM site_peer_ranks WHERE metric = '{Html.Slug(metric)}'";

    private void RankingPage(MetricDef m, long count)
    {
        string path = $"ranking/{Html.Slug(m.Metric)}.html";
        string csv = $"{Html.Slug(m.Metric)}.csv";
        var sb = new StringBuilder();
        sb.Append($"<h1>{Html.E(m.Label)}排行榜</h1>\n");
        sb.Append($"<p class=\"lead\">{Html.E(m.Label)}（{Html.E(m.Unit)}）。{Html.E(m.Note ?? "")} 适用模板：{Html.E(m.Templates.Replace(",", "、"))}。</p>\n");
        if (count == 0)
        {
            sb.Append("<p>没有报告给出这项指标。</p>\n");
            Page(path, m.Label + "排行榜", sb.ToString());
            return;
        }
        var rows = _db.Rows($"""
            SELECT p.*
            FROM ({PeerRanksSql(m.Metric)}) p
            QUALIFY row_number() OVER (PARTITION BY p.year, p.agency_level ORDER BY p.nation_rank, p.report_id) <= {_o.MaxRankingRows}
            ORDER BY p.year DESC, p.agency_level, p.nation_rank, p.report_id
            """).Select(r => new PeerRanks(r.GetString(0), Convert.ToInt32(r.GetValue(1)), r.IsDBNull(2) ? "" : r.GetString(2), Convert.ToDouble(r.GetValue(3)),
                Convert.ToInt64(r.GetValue(4)), Convert.ToInt64(r.GetValue(5)), Convert.ToDouble(r.GetValue(6)),
                r.IsDBNull(7) ? null : Convert.ToInt64(r.GetValue(7)), r.IsDBNull(8) ? null : Convert.ToInt64(r.GetValue(8)),
                r.IsDBNull(9) ? null : Convert.ToInt64(r.GetValue(9)), r.IsDBNull(10) ? null : Convert.ToInt64(r.GetValue(10)),
                r.IsDBNull(11) ? null : Convert.ToInt64(r.GetValue(11)), r.IsDBNull(12) ? null : Convert.ToInt64(r.GetValue(12)),
                r.IsDBNull(13) ? null : Convert.ToInt32(r.GetValue(13)))).ToList();

        // Region filter: every province, city and county that has a listed report, as a peer-group choice.
        var codes = rows.Select(r => _reportById[r.ReportId]).SelectMany(r => new[] { r.ProvinceCode, r.CityCode, r.CountyCode })
            .Where(c => c is not null && _regions.ContainsKey(c)).Distinct().Select(c => _regions[c!])
            .OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        sb.Append("<div class=\"filters\" data-for=\"main\"><label>地区（同级比较范围）<select data-filter=\"r\"><option value=\"\">全国</option>");
        foreach (var reg in codes)
            sb.Append($"<option value=\"{Html.Slug(reg.Code)}\">{(reg.Level == "province" ? "" : reg.Level == "city" ? "　" : "　　")}{Html.E(reg.Name)}</option>");
        sb.Append("</select></label> <span class=\"muted filter-count\" aria-live=\"polite\"></span></div>\n");

        var groups = rows.GroupBy(r => (r.Year, r.Level)).OrderByDescending(g => g.Key.Year).ThenBy(g => LevelIndex(g.Key.Level)).ThenBy(g => g.Key.Level, StringComparer.Ordinal).ToList();
        var latestByLevel = groups.GroupBy(g => g.Key.Level).ToDictionary(g => g.Key, g => g.Max(x => x.Key.Year));
        foreach (var g in groups)
        {
            var list = g.ToList();
            long size = list[0].Size;
            string anchor = $"y{g.Key.Year}-{LevelSlug(g.Key.Level)}";
            sb.Append($"<section id=\"{anchor}\"><h2>{g.Key.Year} 年度 · {Html.E(g.Key.Level)}（{size} 份）</h2>\n");
            // A chart for each level's latest year: a chart costs tens of milliseconds, a table row nothing.
            if (list.Count >= 2 && latestByLevel[g.Key.Level] == g.Key.Year)
                sb.Append(BarChart($"charts/ranking-{Html.Slug(m.Metric)}-{anchor}", $"{m.Label}：{g.Key.Year} 年度{g.Key.Level}前 {Math.Min(15, list.Count)} 名",
                    list.Take(15).Select(r => (_reportById[r.ReportId].Display, r.Value)).ToList(), m.Unit, path, "表格见下"));
            static string Peer(long? rank, long? n) => rank is null ? "—" : $"{rank}/{n}";
            var trs = list.Select(r =>
            {
                var rep = _reportById[r.ReportId];
                return $"<tr data-r=\"{RegionAttr(rep)}\"><td class=\"num\" data-v=\"{r.Rank}\">{r.Rank}</td><td>{AgencyLink(path, rep)}</td><td>{RegionLinks(path, rep)}</td>" +
                       $"{Layout.NumCell(r.Value, m.Unit, SourceHref(path, r.ReportId, r.Line))}<td class=\"num\" data-v=\"{Html.Raw(r.Percentile)}\">{Html.Pct(r.Percentile)}</td>" +
                       $"<td class=\"num\">{Peer(r.ProvinceRank, r.ProvinceSize)}</td><td class=\"num\">{Peer(r.CityRank, r.CitySize)}</td><td class=\"num\">{Peer(r.CountyRank, r.CountySize)}</td></tr>";
            });
            sb.Append(Layout.Table(null, $"{g.Key.Year} 年度{Html.E(g.Key.Level)}：{Html.E(m.Label)}", ["全国名次", "机关", "地区", "数值", "百分位", "省内", "市内", "县内"], trs, csv, cssClass: "filterable"));
            if (size > list.Count) sb.Append($"<p class=\"muted\">只列出前 {list.Count} 名（共 {size} 份；按地区筛选只筛选所列各行）；每份报告的全国名次、百分位及省内、市内、县内名次见<a href=\"{csv}\">完整排名 CSV</a>（每份报告一行，含报告编号）。</p>\n");
            sb.Append("</section>\n");
        }

        // The full ranking, one row per report with its peer ranks, written by DuckDB (formula-safe, with a BOM).
        CopyCsv($"""
            SELECT p.report_id, coalesce(rp.agency_short, rp.agency_name) AS agency, rp.province, rp.city, rp.county, p.agency_level, p.year,
                   '{Html.Slug(m.Metric)}' AS metric, p.value, '{m.Unit.Replace("'", "''")}' AS unit, p.nation_rank, p.nation_size, p.percentile,
                   p.province_rank, p.province_size, p.city_rank, p.city_size, p.county_rank, p.county_size
            FROM ({PeerRanksSql(m.Metric)}) p JOIN reports rp USING (report_id)
            ORDER BY p.year, p.agency_level, p.nation_rank, p.report_id
            """, $"ranking/{csv}");
        Page(path, m.Label + "排行榜", sb.ToString(), $"{m.Label}：各机关排名");
    }
}
