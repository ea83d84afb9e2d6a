using System.Text;
using Markdig;

namespace GovReport.Site;

public sealed partial class SiteBuilder
{
    /// <summary>Tables offered for download, each with an order that makes the files deterministic.</summary>
    internal static readonly (string Name, string Title, string Sql)[] DownloadTables =
    [
        ("reports", "报告（每份报告一行：机关、地区、年度、模板、完整度）", "SELECT * FROM reports ORDER BY report_id"),
        ("facts", "字段（每份报告每个字段一行：数值、状态、原文、单位、行号）", "SELECT * FROM facts ORDER BY report_id, field"),
        ("metrics", "可比指标", "SELECT * FROM metrics ORDER BY report_id, metric"),
        ("rankings", "排名", "SELECT * FROM rankings ORDER BY metric, peer_group, peer_key, agency_level, year, rank, report_id"),
        ("yoy", "逐年变化", "SELECT * FROM yoy ORDER BY agency_key, metric, year, report_id"),
        ("checks", "一致性检查", "SELECT * FROM checks ORDER BY report_id, rule_id"),
        ("flags", "异常（含审核状态）", "SELECT * FROM flag_reviews ORDER BY flag_id"),
        ("benford", "本福特首位数字检验", "SELECT * FROM benford ORDER BY province, year, metric"),
        ("diagnostics", "解析诊断", "SELECT * FROM diagnostics ORDER BY report_id, seq"),
        ("narrative_facts", "正文中的数字", "SELECT * FROM narrative_facts ORDER BY report_id, name, line, raw"),
        ("field_dictionary", "字段词典", "SELECT * FROM field_dictionary ORDER BY field"),
        ("metric_dictionary", "指标词典", "SELECT * FROM metric_dictionary ORDER BY metric"),
        ("rule_dictionary", "规则词典", "SELECT * FROM rule_dictionary ORDER BY rule_id"),
        ("ingest_failures", "未能导入的文件及原因", "SELECT * FROM ingest_failures ORDER BY run_id, source_path"),
        ("report_quality", "报告质量得分及构成、及时性", "SELECT * FROM report_quality ORDER BY report_id"),
        ("quality_rankings", "报告质量排名", "SELECT * FROM quality_rankings ORDER BY peer_group, peer_key, agency_level, year, rank, report_id"),
        ("send_back", "建议退回重报的报告及理由", "SELECT * FROM send_back ORDER BY region_level, region_code, position, report_id"),
        ("agencies", "机关（跨年度识别）", "SELECT * FROM agencies ORDER BY agency_id"),
        ("report_agencies", "报告所属机关", "SELECT * FROM report_agencies ORDER BY report_id"),
    ];

    private void DownloadsPage(SiteData db)
    {
        var sb = new StringBuilder(Markdown.ToHtml(Resource("pages/downloads.md"), Prose));
        var rows = new List<string>();
        foreach (var (name, title, sql) in DownloadTables)
        {
            if (!_downloadRows.TryGetValue(name, out long n)) continue;
            string parquet = $"data/parquet/{name}.parquet";
            CopyParquet(sql, parquet, db);
            if (n > _o.MaxTextDownloadRows)
            {
                // Millions of rows as CSV or JSON help nobody and cost minutes and gigabytes; Parquet and the database carry them.
                rows.Add($"<tr><td><code>{name}</code></td><td>{Html.E(title)}</td>{Layout.NumCell(n)}" +
                         $"<td colspan=\"2\" class=\"muted\">超过 {_o.MaxTextDownloadRows:#,0} 行，只提供 Parquet 和数据库文件</td>" +
                         $"<td><a href=\"{parquet}\" download>Parquet</a> {SizeText(parquet)}</td></tr>");
                continue;
            }
            CopyCsv(sql, $"data/{name}.csv", db);
            // JSON is for programs that load a table whole; an array of a million objects is three times the CSV and
            // takes as long again to write, so the largest tables come as CSV and Parquet only.
            bool json = n <= _o.MaxJsonDownloadRows;
            if (json) CopyJson(sql, $"data/{name}.json", db);
            rows.Add($"<tr><td><code>{name}</code></td><td>{Html.E(title)}</td>{Layout.NumCell(n)}" +
                     $"<td><a href=\"data/{name}.csv\" download>CSV</a> {SizeText($"data/{name}.csv")}</td>" +
                     (json ? $"<td><a href=\"data/{name}.json\" download>JSON</a> {SizeText($"data/{name}.json")}</td>"
                           : $"<td class=\"muted\">超过 {_o.MaxJsonDownloadRows:#,0} 行，不提供 JSON</td>") +
                     $"<td><a href=\"{parquet}\" download>Parquet</a> {SizeText(parquet)}</td></tr>");
        }
        sb.Append(Layout.Table("downloads", "数据表（表结构见 docs/schema.md）", ["表", "内容", "行数", "CSV（UTF-8 带 BOM）", "JSON", "Parquet"], rows, sortable: false));
        if (_o.CopyDatabase)
        {
            File.Copy(_o.DbPath, _w.FullPath("data/govreport.duckdb"));
            _w.Register("data/govreport.duckdb");
            sb.Append($"<p>完整数据库：<a href=\"data/govreport.duckdb\" download>govreport.duckdb</a> {SizeText("data/govreport.duckdb")}（DuckDB 格式，可用 <code>duckdb govreport.duckdb</code> 或 <code>govreport query --db govreport.duckdb \"…\"</code> 直接查询，含报告原文）。</p>\n");
        }
        Page("downloads.html", "数据下载", sb.ToString(), "全部数据的 CSV、JSON、Parquet 和 DuckDB 文件");
    }

    private string SizeText(string rel)
    {
        long bytes = new FileInfo(_w.FullPath(rel)).Length;
        string s = bytes switch
        {
            < 1024 => $"{bytes} B",
            < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", Html.Inv) + " KB",
            _ => (bytes / 1024.0 / 1024.0).ToString("0.#", Html.Inv) + " MB",
        };
        return $"<span class=\"muted\">（{s}）</span>";
    }
}
