using DuckDB.NET.Data;

namespace GovReport.Analytics;

/// <summary>
/// Timeliness, completeness and the report-quality score (issue 12), kept apart from the workload metrics:
/// <c>report_quality</c> (one row per report, the score and its parts as columns), <c>quality_rankings</c> (the score
/// ranked among peers) and <c>send_back</c> (per region, the reports to send back with their reasons in Chinese).
/// Deadlines: 《中华人民共和国政府信息公开条例》(国务院令第711号, 2019) 第四十九条 — 县级以上人民政府部门 by 1月31日 of the
/// next year; the report of a 县级以上地方人民政府 by 3月31日. The regulation names no date for 乡镇 and 街道: they are
/// held to 1月31日 (marked in deadline_basis).
/// </summary>
public static class QualityScore
{
    /// <summary>Points of each part; they add up to 100.</summary>
    public const int Completeness = 30, Conformance = 15, InReportChecks = 25, CrossYearChecks = 10, Timeliness = 20;

    /// <summary>Diagnostics that say the report departs from its template (reference §8, §9.3).</summary>
    public static readonly string[] TemplateCodes = ["template_mixed", "template_hybrid", "template_mismatch", "template_unknown", "template_weak"];
    public static readonly string[] LayoutCodes = ["unknown_row", "unknown_label", "rows_missing", "row_by_position", "values_without_row", "extra_cells", "cells_missing"];

    private static string List(IEnumerable<string> xs) => "[" + string.Join(", ", xs.Select(x => $"'{x}'")) + "]";

    private static string Sql => $"""
        CREATE OR REPLACE TABLE report_quality AS
        WITH f AS (
            SELECT report_id,
                   count(*) AS fields_total,
                   count(*) FILTER (WHERE status = 'reported') AS fields_reported,
                   count(*) FILTER (WHERE status = 'blank') AS fields_blank,
                   count(*) FILTER (WHERE status = 'unreadable') AS fields_unreadable
            FROM facts GROUP BY report_id
        ), d AS (
            SELECT report_id,
                   count(*) FILTER (WHERE code = 'table_missing') AS tables_missing,
                   array_to_string(in_key_order(list(by_key(seq, message)) FILTER (WHERE code = 'table_missing' AND message IS NOT NULL)), '；') AS tables_missing_detail,
                   list_sort(list_distinct(list(code) FILTER (WHERE code IN (SELECT unnest({List(TemplateCodes)}))))) AS template_issues,
                   count(*) FILTER (WHERE code IN (SELECT unnest({List(LayoutCodes)}))) AS layout_issues,
                   list_sort(list_distinct(list(code) FILTER (WHERE code IN (SELECT unnest({List(LayoutCodes)}))))) AS layout_codes
            FROM diagnostics GROUP BY report_id
        ), k AS (
            SELECT c.report_id,
                   count(*) FILTER (WHERE c.rule_id NOT LIKE 'CROSS-%' AND c.status = 'passed' AND rd.severity <> 'info') AS checks_passed,
                   count(*) FILTER (WHERE c.rule_id NOT LIKE 'CROSS-%' AND c.status = 'failed' AND rd.severity <> 'info') AS checks_failed,
                   count(*) FILTER (WHERE c.rule_id LIKE 'CROSS-%' AND c.status = 'passed' AND rd.severity <> 'info') AS cross_passed,
                   count(*) FILTER (WHERE c.rule_id LIKE 'CROSS-%' AND c.status = 'failed' AND rd.severity <> 'info') AS cross_failed,
                   count(*) FILTER (WHERE c.rule_id LIKE 'CROSS-%' AND c.status = 'failed' AND rd.severity = 'info') AS cross_info
            FROM checks c JOIN rule_dictionary rd USING (rule_id) GROUP BY c.report_id
        ), t AS (
            SELECT r.*, ra.agency_id, coalesce(ra.counts, true) AS counts,
                   CASE WHEN r.year IS NULL THEN NULL
                        WHEN r.agency_level IN ('县级政府', '其他') THEN make_date(r.year + 1, 3, 31)
                        ELSE make_date(r.year + 1, 1, 31) END AS deadline,
                   CASE WHEN r.year IS NULL THEN '年度不明'
                        WHEN r.agency_level IN ('县级政府', '其他') THEN '条例第四十九条第二款：县级以上地方人民政府的年度报告，每年3月31日前'
                        WHEN r.agency_level = '部门' THEN '条例第四十九条第一款：县级以上人民政府部门，每年1月31日前'
                        ELSE '参照条例第四十九条第一款（条例未单列乡镇、街道的期限），每年1月31日前' END AS deadline_basis
            FROM reports r LEFT JOIN report_agencies ra USING (report_id)
        ), base AS (
            SELECT t.report_id, t.agency_id, t.counts, coalesce(t.agency_short, t.agency_name) AS agency, t.agency_level, t.region_code, t.region_level,
                   t.year, t.template, t.published_on, t.deadline, t.deadline_basis,
                   CAST(t.published_on - t.deadline AS INTEGER) AS days_late,
                   CASE WHEN t.published_on IS NULL OR t.deadline IS NULL THEN 'unknown' WHEN t.published_on <= t.deadline THEN 'on_time' ELSE 'late' END AS timeliness,
                   len(list_distinct(list_filter(coalesce(t.sections_found, []), x -> x IN ('一', '二', '三', '四', '五', '六')))) AS sections_found,
                   list_filter(['一', '二', '三', '四', '五', '六'], x -> NOT list_contains(coalesce(t.sections_found, []), x)) AS sections_missing,
                   least(coalesce(d.tables_missing, 0), 3) AS tables_missing, d.tables_missing_detail,
                   coalesce(f.fields_total, 0) AS fields_total, coalesce(f.fields_reported, 0) AS fields_reported,
                   coalesce(f.fields_blank, 0) AS fields_blank, coalesce(f.fields_unreadable, 0) AS fields_unreadable,
                   coalesce(d.template_issues, []) AS template_issues, coalesce(d.layout_issues, 0) AS layout_issues, coalesce(d.layout_codes, []) AS layout_codes,
                   coalesce(k.checks_passed, 0) AS checks_passed, coalesce(k.checks_failed, 0) AS checks_failed,
                   coalesce(k.cross_passed, 0) AS cross_passed, coalesce(k.cross_failed, 0) AS cross_failed, coalesce(k.cross_info, 0) AS cross_info
            FROM t LEFT JOIN f USING (report_id) LEFT JOIN d USING (report_id) LEFT JOIN k USING (report_id)
        ), scored AS (
            SELECT *,
                   round({Completeness} / 3.0 * sections_found / 6.0
                         + {Completeness} / 3.0 * (3 - tables_missing) / 3.0
                         + {Completeness} / 3.0 * CASE WHEN fields_total = 0 THEN 0 ELSE (fields_total - fields_blank - fields_unreadable)::DOUBLE / fields_total END, 2) AS score_completeness,
                   round(CASE WHEN template IN ('2019', '2021') THEN {Conformance} / 3.0 ELSE 0 END
                         + CASE WHEN len(template_issues) = 0 THEN {Conformance} / 3.0 ELSE 0 END
                         + greatest(0, {Conformance} / 3.0 - layout_issues), 2) AS score_conformance,
                   round(CASE WHEN checks_passed + checks_failed = 0 THEN 0 ELSE {InReportChecks} * checks_passed::DOUBLE / (checks_passed + checks_failed) END, 2) AS score_checks,
                   round(CASE WHEN cross_passed + cross_failed = 0 THEN {CrossYearChecks} ELSE {CrossYearChecks} * cross_passed::DOUBLE / (cross_passed + cross_failed) END, 2) AS score_cross_year,
                   CASE timeliness WHEN 'on_time' THEN {Timeliness} WHEN 'unknown' THEN {Timeliness / 2}
                                   ELSE CASE WHEN days_late <= 30 THEN {Timeliness / 2} ELSE 0 END END::DOUBLE AS score_timeliness
            FROM base
        )
        SELECT *, round(score_completeness + score_conformance + score_checks + score_cross_year + score_timeliness, 1) AS score
        FROM scored
        ORDER BY report_id;

        CREATE OR REPLACE TABLE quality_rankings AS
        WITH m AS (
            SELECT q.report_id, q.agency_id, q.agency_level, q.year, q.region_code, q.region_level, q.score
            FROM report_quality q WHERE q.counts AND q.year IS NOT NULL
        ), g AS (
            {Analyzer.PeerGroupsSql}
        )
        SELECT report_id, agency_id, peer_group, peer_key, agency_level, year, score,
               rank() OVER (PARTITION BY peer_group, peer_key, agency_level, year ORDER BY score DESC) AS rank,
               count(*) OVER (PARTITION BY peer_group, peer_key, agency_level, year) AS group_size,
               round(cume_dist() OVER (PARTITION BY peer_group, peer_key, agency_level, year ORDER BY score), 4) AS percentile
        FROM g WHERE peer_key IS NOT NULL
        ORDER BY peer_group, peer_key, agency_level, year, rank, report_id;

        CREATE OR REPLACE TABLE send_back AS
        WITH failed AS (
            SELECT c.report_id,
                   -- Errors first, then by rule (see by_key: no ordered aggregate over every report with a failure).
                   in_key_order(list(by_key(struct_pack(e := CASE rd.severity WHEN 'error' THEN 0 ELSE 1 END, r := c.rule_id),
                                            rd.description || CASE WHEN c.detail IS NOT NULL THEN '：' || c.detail ELSE '' END))) AS reasons,
                   bool_or(rd.severity = 'error') AS any_error
            FROM checks c JOIN rule_dictionary rd USING (rule_id)
            WHERE c.status = 'failed' AND rd.severity IN ('error', 'warning')
            GROUP BY c.report_id
        ), why AS (
            SELECT q.*, r.agency_name, r.province, r.city, r.county,
                   list_filter([
                       CASE WHEN len(q.sections_missing) > 0 THEN '缺少第' || array_to_string(q.sections_missing, '、') || '部分' END,
                       CASE WHEN q.tables_missing > 0 THEN '缺少标准表格：' || q.tables_missing_detail END,
                       CASE WHEN q.fields_unreadable > 0 THEN printf('%d 个表格数字无法识别', q.fields_unreadable) END,
                       CASE WHEN q.fields_blank > 0 THEN printf('%d 个表格单元格留空（无数字应填0）', q.fields_blank) END,
                       CASE WHEN q.template NOT IN ('2019', '2021') THEN '未能识别所用的年度报告格式（模板）' END,
                       CASE WHEN list_has_any(q.template_issues, ['template_mixed', 'template_hybrid', 'template_mismatch']) THEN '混用2019年版与2021年版格式' END,
                       CASE WHEN q.timeliness = 'late' THEN printf('逾期发布：%s 发布，期限 %s，逾期 %d 天（%s）', q.published_on, q.deadline, q.days_late, q.deadline_basis) END
                   ] || coalesce(fl.reasons, []), x -> x IS NOT NULL) AS reasons
            FROM report_quality q JOIN reports r USING (report_id) LEFT JOIN failed fl USING (report_id)
            WHERE q.counts
        ), regions AS (
            SELECT w.*, rg.region_level_key,
                   CASE rg.region_level_key
                       WHEN 'county' THEN CASE WHEN w.region_level IN ('township', 'county') THEN left(w.region_code, 6) END
                       WHEN 'city' THEN CASE WHEN w.region_level IN ('township', 'county', 'city') THEN left(w.region_code, 4) || '00' END
                       ELSE CASE WHEN w.region_level IN ('township', 'county', 'city', 'province') THEN left(w.region_code, 2) || '0000' END END AS key,
                   CASE rg.region_level_key WHEN 'county' THEN w.county WHEN 'city' THEN coalesce(w.city, w.province) ELSE w.province END AS region_name
            FROM why w CROSS JOIN (VALUES ('county'), ('city'), ('province')) rg(region_level_key)
            WHERE len(w.reasons) > 0
        )
        SELECT region_level_key AS region_level, key AS region_code, region_name,
               row_number() OVER (PARTITION BY region_level_key, key ORDER BY score, year, report_id) AS position,
               report_id, agency_id, agency_name, agency_level, year, score, reasons, array_to_string(reasons, '；') AS reasons_text
        FROM regions WHERE key IS NOT NULL
        ORDER BY region_level, region_code, position;

        CREATE OR REPLACE VIEW agency_timeline AS
        SELECT ra.agency_id, a.name AS agency, ra.year, ra.report_id, ra.counts, ra.superseded_by, q.published_on, q.deadline, q.timeliness,
               q.score, q.score_completeness, q.score_conformance, q.score_checks, q.score_cross_year, q.score_timeliness,
               (SELECT list(c.rule_id ORDER BY c.rule_id) FROM checks c WHERE c.report_id = ra.report_id AND c.rule_id LIKE 'CROSS-%' AND c.status = 'failed') AS cross_year_failed
        FROM report_agencies ra JOIN agencies a USING (agency_id) LEFT JOIN report_quality q USING (report_id)
        ORDER BY ra.agency_id, ra.year, ra.report_id;
        """;

    public static void Run(DuckDBConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = Sql;
        cmd.ExecuteNonQuery();
    }
}
