using System.Text;

namespace GovReport.Site;

public sealed partial class SiteBuilder
{
    /// <summary>Columns of the side-by-side table on a region page.</summary>
    private static readonly string[] RegionMetrics =
        ["license_decisions", "penalty_decisions", "procurement_amount", "fee_amount", "applications_received", "granted_share", "review_cases", "litigation_cases"];

    private ILookup<string, ReportRow>? _reportsByRegion;

    private IEnumerable<ReportRow> ReportsIn(Region reg)
    {
        _reportsByRegion ??= _reports.SelectMany(r => new[] { r.ProvinceCode, r.CityCode, r.CountyCode }.Where(c => c is not null).Select(c => (Code: c!, Report: r)))
            .ToLookup(x => x.Code, x => x.Report, StringComparer.Ordinal);
        return _reportsByRegion[reg.Code];
    }

    private static string RegionChart(Region reg) => $"charts/region-{Html.Slug(reg.Code)}";

    private List<string> RegionMetricColumns() => RegionMetrics.Where(_metricByName.ContainsKey).ToList();

    /// <summary>The region pages' metric values, read in the plan (the region digests cover them) and dropped after the region pages.</summary>
    private Dictionary<string, (double Value, string Unit)?[]> _regionMetrics = [];

    private void RegionPages()
    {
        var metricCols = RegionMetricColumns();
        var metrics = _regionMetrics;
        var flagsByReport = _flags.ToLookup(f => f.ReportId);

        using var db2 = _db.Duplicate();
        using var sendBackRows = SendBack(db2);
        var step = System.Diagnostics.Stopwatch.StartNew();
        long chartTicks = _svgTicks + _pngTicks;
        foreach (var reg in _regions.Values.OrderBy(r => r.Code, StringComparer.Ordinal))
        {
            string path = reg.Url;
            // An unchanged region keeps its files; its send-back rows are still read past (the cursor moves in code order).
            if (_keptRegions.Contains(RegionKey(reg)))
            {
                sendBackRows.Take(reg.Code);
                CarryChart(RegionChart(reg));
                continue;
            }
            var files = new List<string> { path, $"region/{Html.Slug(reg.Code)}.csv" };
            var reports = ReportsIn(reg).OrderByDescending(r => r.Year ?? 0).ThenBy(r => LevelIndex(r.Level)).ThenBy(r => r.Display, StringComparer.Ordinal).ThenBy(r => r.ReportId, StringComparer.Ordinal).ToList();
            var sb = new StringBuilder();
            var parents = new List<string>();
            for (var p = reg.ParentCode; p is not null && _regions.TryGetValue(p, out var pr); p = pr.ParentCode)
                parents.Insert(0, $"<a href=\"{Layout.Root(path)}{pr.Url}\">{Html.E(pr.Name)}</a>");
            sb.Append($"<nav class=\"crumbs\"><a href=\"../regions.html\">地区</a>{string.Concat(parents.Select(p => " · " + p))}</nav>\n");
            sb.Append($"<h1>{Html.E(reg.Name)}</h1>\n<p class=\"lead\">{Html.E(reg.FullName)} · 区划代码 {Html.E(reg.Code)} · {reports.Select(r => r.AgencyKey).Distinct().Count()} 个机关的 {reports.Count} 份报告。" +
                      "本页把辖区内各机关的报告放在一起比较：填报是否完整、勾稽关系是否成立、有哪些异常，以及建议退回重报的报告。</p>\n");

            var children = ChildrenOf(reg).ToList();
            if (children.Count > 0)
                sb.Append("<p>下级地区：" + string.Join("、", children.Select(c => $"<a href=\"{Layout.Root(path)}{c.Url}\">{Html.E(c.Name)}</a>（{ReportsIn(c).Count()}）")) + "</p>\n");

            // Send-back list first: it is what a supervisory body acts on.
            // Analyze's list: ordered by report-quality score, with its reasons in Chinese.
            var sendBack = sendBackRows.Take(reg.Code).Where(s => _reportById.ContainsKey(s.ReportId))
                .Select(s => (Report: _reportById[s.ReportId], Reasons: s.Reasons.Select(Html.E).Prepend($"报告质量 {Html.Num(Math.Round(s.Score, 1))} 分").ToList())).ToList();
            sb.Append($"<h2 id=\"send-back\">建议退回重报的报告（{sendBack.Count}）</h2>\n");
            if (sendBack.Count == 0) sb.Append("<p>没有：各报告的表格完整，勾稽关系成立，也没有错误级别的异常。</p>\n");
            else
            {
                sb.Append("<ol class=\"send-back\">\n");
                foreach (var (r, reasons) in sendBack)
                    sb.Append($"<li>{AgencyLink(path, r, "r-" + Html.Slug(r.ReportId))} {YearText(r)}<ul>{string.Concat(reasons.Select(x => $"<li>{x}</li>"))}</ul></li>\n");
                sb.Append("</ol>\n");
            }

            // All agencies side by side.
            string csv = $"{Html.Slug(reg.Code)}.csv";
            var trs = reports.Select(r =>
            {
                var cc = _checkCounts.GetValueOrDefault(r.ReportId);
                var ms = metrics.GetValueOrDefault(r.ReportId);
                return $"<tr><td>{AgencyLink(path, r, "r-" + Html.Slug(r.ReportId))}</td><td>{Html.E(r.Level)}</td><td class=\"num\">{r.Year?.ToString(Html.Inv) ?? "—"}</td>" +
                       Layout.NumCell(r.FactCount == 0 ? null : (double)r.ReportedCount / r.FactCount, "比例") +
                       $"<td class=\"num\" data-v=\"{cc.Failed}\">{(cc.Failed > 0 ? $"<span class=\"bad\">{cc.Failed}</span>" : "0")}</td>" +
                       $"<td class=\"num\" data-v=\"{flagsByReport[r.ReportId].Count()}\">{flagsByReport[r.ReportId].Count()}</td>" +
                       string.Concat(metricCols.Select((m, i) => ms?[i] is { } mv ? Layout.NumCell(mv.Value, mv.Unit) : "<td class=\"num\" data-v=\"\">—</td>")) + "</tr>";
            });
            sb.Append("<h2 id=\"agencies\">各机关并列比较</h2>\n");
            sb.Append(Layout.Table(null, $"{Html.E(reg.Name)}各机关报告", ["机关", "级别", "年度", "已填字段", "未通过检查", "异常", .. metricCols.Select(m => Html.E(MetricLabel(m)))], trs, csv));
            _w.Bytes_($"region/{csv}", Export.Csv(
                ["report_id", "agency", "agency_level", "year", "reported_fields", "fields", "failed_checks", "flags", .. metricCols],
                reports.Select(r =>
                {
                    var ms = metrics.GetValueOrDefault(r.ReportId);
                    return (IReadOnlyList<object?>)[r.ReportId, r.Display, r.Level, r.Year, r.ReportedCount, r.FactCount, _checkCounts.GetValueOrDefault(r.ReportId).Failed,
                        flagsByReport[r.ReportId].Count(), .. metricCols.Select((m, i) => ms?[i] is { } mv ? (object?)mv.Value : null)];
                })));

            var latestYear = reports.Where(r => r.Year is not null).Select(r => r.Year!.Value).DefaultIfEmpty().Max();
            int applications = metricCols.IndexOf("applications_received");
            var bars = reports.Where(r => r.Year == latestYear).Select(r => (r.Display, Value: applications < 0 ? null : metrics.GetValueOrDefault(r.ReportId)?[applications]?.Value))
                .Where(x => x.Value is not null).Select(x => (x.Display, x.Value!.Value)).OrderByDescending(x => x.Item2).ThenBy(x => x.Display, StringComparer.Ordinal).Take(20).ToList();
            // Charts on province pages (a few dozen at most; a chart costs tens of milliseconds); city and county pages
            // keep the table, which has the same numbers.
            if (bars.Count >= 2 && reg.Level == "province")
            {
                string chart = RegionChart(reg);
                sb.Append(BarChart(chart, $"{reg.Name}：{latestYear} 年度新收政府信息公开申请", bars, "件", path, "数值见上表"));
                files.AddRange([chart + ".svg", chart + ".png"]);
            }

            Page(path, reg.Name, sb.ToString(), $"{reg.FullName}各机关政府信息公开工作年度报告比较");
            _regionFiles[RegionKey(reg)] = files;
        }
        _regionMetrics = [];
        if (Environment.GetEnvironmentVariable("GOVREPORT_TRACE") is "1" or "gc")
            Console.Error.WriteLine($"site: regions {_regions.Count - _keptRegions.Count} of {_regions.Count} rendered in {step.Elapsed.TotalSeconds:0.00} s, " +
                                    $"charts {(double)(_svgTicks + _pngTicks - chartTicks) / System.Diagnostics.Stopwatch.Frequency:0.00} s of it");
        RegionIndex();
    }

    /// <summary>
    /// Per report, the value and unit of each of <paramref name="metricCols"/> (by position; null where it has none):
    /// compact, because it is held through all region pages (as metric rows with their source lines and a copy of the
    /// report id each, 150 MB at 100,000 reports).
    /// </summary>
    private Dictionary<string, (double Value, string Unit)?[]> RegionMetricValues(List<string> metricCols)
    {
        var d = new Dictionary<string, (double Value, string Unit)?[]>(StringComparer.Ordinal);
        if (metricCols.Count == 0) return d;
        var units = new StringPool();
        foreach (var r in _db.Rows($"""
            SELECT report_id, metric, value, unit FROM metrics WHERE metric IN ({string.Join(",", metricCols.Select(m => $"'{Html.Slug(m)}'"))})
            ORDER BY report_id, metric
            """))
        {
            string id = r.GetString(0);
            int i = metricCols.IndexOf(r.GetString(1));
            if (i < 0) continue;
            if (!d.TryGetValue(id, out var values)) d[CanonicalId(id)] = values = new (double, string)?[metricCols.Count];
            values[i] = (r.IsDBNull(2) ? 0 : Convert.ToDouble(r.GetValue(2), Html.Inv), units.Get(r.IsDBNull(3) ? "" : Convert.ToString(r.GetValue(3), Html.Inv) ?? ""));
        }
        return d;
    }

    private void RegionIndex()
    {
        var sb = new StringBuilder("<h1>地区</h1>\n<p>按省、市、县浏览。每个地区页把辖区内各机关的报告并列比较，并列出建议退回重报的报告。</p>\n<ul class=\"tree\">\n");
        foreach (var p in _regions.Values.Where(r => r.Level == "province").OrderBy(r => r.Code, StringComparer.Ordinal))
        {
            sb.Append($"<li><a href=\"{p.Url}\">{Html.E(p.Name)}</a>（{ReportsIn(p).Count()}）");
            var kids = _regions.Values.Where(r => r.ParentCode == p.Code).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
            if (kids.Count > 0)
            {
                sb.Append("<ul>");
                foreach (var c in kids)
                {
                    sb.Append($"<li><a href=\"{c.Url}\">{Html.E(c.Name)}</a>（{ReportsIn(c).Count()}）");
                    var counties = _regions.Values.Where(r => r.ParentCode == c.Code && r.Level == "county").OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
                    if (counties.Count > 0)
                        sb.Append("<ul>" + string.Concat(counties.Select(k => $"<li><a href=\"{k.Url}\">{Html.E(k.Name)}</a>（{ReportsIn(k).Count()}）</li>")) + "</ul>");
                    sb.Append("</li>");
                }
                sb.Append("</ul>");
            }
            sb.Append("</li>\n");
        }
        sb.Append("</ul>\n");
        var unresolved = _agencies.Where(a => a.Latest.ProvinceCode is null).ToList();
        if (unresolved.Count > 0)
            sb.Append($"<h2>地区未定的机关（{unresolved.Count}）</h2>\n<p>这些报告的机关未能对应到全国行政区划，只参加全国排名。</p>\n<ul>" +
                      string.Concat(unresolved.Select(a => $"<li><a href=\"{a.Url}\">{Html.E(a.Name)}</a></li>")) + "</ul>\n");
        Page("regions.html", "地区", sb.ToString());
    }
}
