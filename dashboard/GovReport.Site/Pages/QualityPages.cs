using System.Text;

namespace GovReport.Site;

/// <summary>A report's quality score (0–100) and its parts, from analytics' <c>report_quality</c>.</summary>
public sealed record QualityRow(string ReportId, double Score, double Completeness, double Conformance, double Checks, double CrossYear, double Timeliness,
    string? PublishedOn, string? Deadline, string? DeadlineBasis, int? DaysLate, string TimelinessStatus, bool Counts);

public sealed record SendBackRow(string RegionCode, long Position, string ReportId, double Score, IReadOnlyList<string> Reasons);

public sealed partial class SiteBuilder
{
    private const string QualityColumns = """
        report_id, score, score_completeness, score_conformance, score_checks, score_cross_year, score_timeliness,
        strftime(published_on, '%Y-%m-%d'), strftime(deadline, '%Y-%m-%d'), deadline_basis, days_late, timeliness, counts
        """;

    private static QualityRow QualityOf(System.Data.Common.DbDataReader r) => new(r.GetString(0), D0(r, 1), D0(r, 2), D0(r, 3), D0(r, 4), D0(r, 5), D0(r, 6),
        r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9),
        r.IsDBNull(10) ? null : Convert.ToInt32(r.GetValue(10)), r.IsDBNull(11) ? "unknown" : r.GetString(11), r.IsDBNull(12) || r.GetBoolean(12));

    /// <summary>The quality rows of one batch of agency pages (staged by <see cref="SiteData.StageBatches"/>), by report id:
    /// read per batch rather than held for every report through the build.</summary>
    private Dictionary<string, QualityRow> BatchQuality(int batch)
        => _db.Rows($"SELECT {QualityColumns} FROM site_b_quality WHERE batch = {batch} ORDER BY report_id").Select(QualityOf).ToDictionary(q => q.ReportId);

    /// <summary>
    /// A region's send-back list, read from one pass over <c>send_back</c> in region-code order as the region pages are
    /// written in that order, so only the current region's rows are in memory (at 100,000 reports the whole table,
    /// 190,000 rows with their reasons, took about 100 MB).
    /// </summary>
    private sealed class SendBackCursor(IEnumerable<System.Data.Common.DbDataReader> rows) : IDisposable
    {
        private readonly IEnumerator<System.Data.Common.DbDataReader> _e = rows.GetEnumerator();
        private SendBackRow? _next;
        private bool _started;

        /// <summary>The rows of <paramref name="code"/>; codes must be asked for in ascending ordinal order.</summary>
        public List<SendBackRow> Take(string code)
        {
            if (!_started) { _started = true; Advance(); }
            var list = new List<SendBackRow>();
            while (_next is not null && string.CompareOrdinal(_next.RegionCode, code) < 0) Advance();
            while (_next is not null && _next.RegionCode == code) { list.Add(_next); Advance(); }
            return list;
        }

        private void Advance()
        {
            var prev = _next;
            if (!_e.MoveNext()) { _next = null; return; }
            var r = _e.Current;
            _next = new SendBackRow(r.GetString(0), Convert.ToInt64(r.GetValue(1)), r.GetString(2), D0(r, 3),
                r.IsDBNull(4) ? [] : r.GetFieldValue<List<string?>>(4).Select(x => x ?? "").ToList());
            // The merge relies on DuckDB's order of the codes being C#'s ordinal order (true of the ASCII region codes).
            if (prev is not null && string.CompareOrdinal(prev.RegionCode, _next.RegionCode) > 0)
                throw new InvalidOperationException($"send_back is not in region-code order ({prev.RegionCode} before {_next.RegionCode})");
        }

        public void Dispose() => _e.Dispose();
    }

    private static SendBackCursor SendBack(SiteData db)
        => new(db.Rows("SELECT region_code, position, report_id, score, reasons FROM send_back ORDER BY region_code, position, report_id"));

    private static double D0(System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? 0 : Convert.ToDouble(r.GetValue(i), Html.Inv);

    internal static string TimelinessText(QualityRow q) => q.TimelinessStatus switch
    {
        "on_time" => $"按时（{Html.E(q.PublishedOn)} 发布，期限 {Html.E(q.Deadline)}）",
        "late" => $"<span class=\"bad\">逾期 {q.DaysLate} 天</span>（{Html.E(q.PublishedOn)} 发布，期限 {Html.E(q.Deadline)}）",
        _ => "发布日期不明",
    };

    /// <summary>The score and its parts, as a table on the agency page.</summary>
    private string QualityBlock(string path, ReportRow r, IReadOnlyDictionary<string, QualityRow> quality)
    {
        if (!quality.TryGetValue(r.ReportId, out var q)) return "";
        var rows = new[]
        {
            ("完整性（六部分、三张表、字段是否填写）", q.Completeness, 30), ("规范性（是否按模板填报）", q.Conformance, 15),
            ("报告内检查（勾稽关系等）", q.Checks, 25), ("跨年度检查", q.CrossYear, 10), ("及时性", q.Timeliness, 20),
        }.Select(x => $"<tr><td>{x.Item1}</td>{Layout.NumCell(x.Item2)}<td class=\"num\">{x.Item3}</td></tr>").Append($"<tr><th scope=\"row\">合计</th>{Layout.NumCell(q.Score)}<td class=\"num\">100</td></tr>");
        return $"<h3 id=\"r-{Html.Slug(r.ReportId)}-quality\">报告质量：{Html.Num(Math.Round(q.Score, 1))} 分</h3>\n" +
               $"<p>{TimelinessText(q)}{(q.DeadlineBasis is null ? "" : $"；依据：{Html.E(q.DeadlineBasis)}")}。{(q.Counts ? "" : "<span class=\"note\">同一机关同一年度另有一份报告为准，本报告不计入。</span>")}" +
               $"报告质量只看报告本身是否完整、规范、前后一致、按时发布，与机关工作量无关（<a href=\"{Layout.Root(path)}quality.html\">质量排名</a>）。</p>\n" +
               Layout.Table(null, "质量得分构成", ["部分", "得分", "满分"], rows, DataHref(path, "report_quality"), sortable: false);
    }

    /// <summary>报告质量: every report by score, weakest first, ranked apart from any workload measure.</summary>
    private void QualityPage()
    {
        if (Convert.ToInt64(_db.Scalar("SELECT count(*) FROM report_quality")) == 0) return;
        const string path = "quality.html";
        var sb = new StringBuilder("<h1>报告质量</h1>\n");
        sb.Append("<p class=\"lead\">每份报告 0–100 分：完整性 30 分、规范性 15 分、报告内检查 25 分、跨年度检查 10 分、及时性 20 分（权重与依据见<a href=\"methodology.html\">方法说明</a>）。" +
                  "这是对报告本身的评价，与机关工作量（申请、处罚、采购的多少）分开排名：工作繁忙的机关不因此得分低。分数最低的排在最前。</p>\n");
        // Only the lowest scores are listed: DuckDB picks every row up to the listed count's score (ties at that score
        // included, so the order by name below is the same as over all rows), instead of every report's row in memory.
        int shown = _o.MaxRankingRows * 2;
        const string counted = """
            (SELECT * FROM report_quality WHERE coalesce(counts, true) AND report_id IN (SELECT report_id FROM reports))
            """;
        long total = Convert.ToInt64(_db.Scalar($"SELECT count(*) FROM {counted}"));
        var list = _db.Rows($"""
            SELECT {QualityColumns} FROM {counted}
            WHERE {total} <= {shown} OR coalesce(score, 0) <= (SELECT coalesce(score, 0) FROM {counted} ORDER BY coalesce(score, 0) LIMIT 1 OFFSET {Math.Max(shown - 1, 0)})
            """).Select(QualityOf)
            .OrderBy(q => q.Score).ThenBy(q => _reportById[q.ReportId].Display, StringComparer.Ordinal).ThenBy(q => q.ReportId, StringComparer.Ordinal).ToList();
        var trs = list.Take(shown).Select(q =>
        {
            var r = _reportById[q.ReportId];
            return $"<tr data-r=\"{RegionAttr(r)}\"><td>{AgencyLink(path, r, $"r-{Html.Slug(r.ReportId)}-quality")}</td><td>{RegionLinks(path, r)}</td><td>{Html.E(r.Level)}</td>" +
                   $"<td class=\"num\">{r.Year?.ToString(Html.Inv) ?? "—"}</td>{Layout.NumCell(Math.Round(q.Score, 1))}{Layout.NumCell(Math.Round(q.Completeness, 1))}" +
                   $"{Layout.NumCell(Math.Round(q.Conformance, 1))}{Layout.NumCell(Math.Round(q.Checks, 1))}{Layout.NumCell(Math.Round(q.CrossYear, 1))}{Layout.NumCell(Math.Round(q.Timeliness, 1))}" +
                   $"<td>{TimelinessText(q)}</td></tr>";
        });
        var provinces = _regions.Values.Where(r => r.Level == "province").OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        sb.Append("<div class=\"filters\" data-for=\"main\"><label>地区<select data-filter=\"r\"><option value=\"\">全国</option>" +
                  string.Concat(provinces.Select(r => $"<option value=\"{Html.Slug(r.Code)}\">{Html.E(r.Name)}</option>")) +
                  "</select></label> <span class=\"muted filter-count\" aria-live=\"polite\"></span></div>\n");
        sb.Append(Layout.Table("quality-table", "各报告质量得分（分数低者在前）", ["机关", "地区", "级别", "年度", "总分", "完整性/30", "规范性/15", "检查/25", "跨年度/10", "及时性/20", "发布"],
            trs, DataHref("", "report_quality"), cssClass: "filterable"));
        if (total > shown) sb.Append($"<p class=\"muted\">只列出分数最低的 {shown} 份（共 {total} 份）；完整列表见 CSV。</p>\n");
        Page(path, "报告质量", sb.ToString(), "各机关年度报告的质量得分与构成，与工作量分开排名");
    }
}
