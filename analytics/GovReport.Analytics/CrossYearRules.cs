using DuckDB.NET.Data;

namespace GovReport.Analytics;

/// <summary>
/// A rule comparing a report with the same agency's report of another year: SQL returning one row per report with
/// (report_id, rule_id, status, expected, actual, detail, fields, lines, compared_report_id, compared_lines). The
/// fields and lines are this report's; compared_lines are the lines of compared_report_id.
/// </summary>
public sealed record CrossYearRule(string Id, string Description, string DescriptionEn, string Severity, string Sql);

/// <summary>
/// The cross-year rules (issue 12), in the rule registry beside the in-report rules. Only the reports that count for
/// their agency and year (<c>report_agencies.counts</c>) are compared; a pair is the agency's report of year Y and of
/// year Y − 1. Across the 2020 → 2021 template change only what reference §7 maps is compared: table 三's 上年结转 and
/// 结转下年度 rows (the same in both templates); the 2019 item counts and the 2021 现行有效件数 are not.
/// </summary>
public static class CrossYearRules
{
    private const string ColumnsSql = """
        (SELECT * FROM (VALUES (1, 'natural_person', '自然人'), (2, 'commercial_enterprise', '商业企业'), (3, 'research_institution', '科研机构'),
                               (4, 'public_interest_org', '社会公益组织'), (5, 'legal_service_org', '法律服务机构'), (6, 'other_org', '其他'), (7, 'total', '总计')) v(pos, col, zh))
        """;

    /// <summary>Shared by every rule: the counting reports with their previous one, and the table 二/三 cells the rules read.</summary>
    internal static string PrepareSql => $$"""
        CREATE OR REPLACE TEMP TABLE cy_reports AS
        SELECT ra.report_id, ra.agency_id, ra.year, r.template,
               lag(ra.report_id) OVER w AS prev_id, lag(ra.year) OVER w AS prev_year, lag(r.template) OVER w AS prev_template
        FROM report_agencies ra JOIN reports r USING (report_id)
        WHERE ra.counts AND ra.year IS NOT NULL
        WINDOW w AS (PARTITION BY ra.agency_id ORDER BY ra.year);

        -- One row per report and item (a table 三 column, a table 二 row) with the cells the rules read side by side.
        CREATE OR REPLACE TEMP TABLE cy_cells AS
        WITH f AS (
            SELECT f.report_id, f.field, f.value, f.status, f.line,
                   CASE WHEN f.field LIKE 's3_%' THEN split_part(f.field, '__', 2) ELSE regexp_extract(f.field, '^s2_([a-z]+)_', 1) END AS item,
                   CASE WHEN f.field LIKE 's3_%' THEN regexp_extract(f.field, '^s3_(.*)__', 1) ELSE regexp_extract(f.field, '^s2_[a-z]+_(.*)$', 1) END AS kind
            FROM facts f
            WHERE f.field IN ({{string.Join(", ", Fields.Select(x => $"'{x}'"))}})
              AND f.report_id IN (SELECT report_id FROM cy_reports)
        )
        SELECT report_id, item, report_id || '|' || item AS k,
        {{string.Join(",\n", Kinds.Select(k => $"       any_value(field) FILTER (WHERE kind = '{k}') AS {k}_field, any_value(value) FILTER (WHERE kind = '{k}') AS {k}, " +
                                             $"coalesce(any_value(status = 'reported') FILTER (WHERE kind = '{k}'), false) AS {k}_ok, any_value(line) FILTER (WHERE kind = '{k}') AS {k}_line"))}}
        FROM f GROUP BY report_id, item;
        """;

    private static readonly string[] Kinds = ["carried_over", "carried_forward", "prev_items", "delta", "issued", "repealed", "in_force"];

    /// <summary>The cells the cross-year rules read.</summary>
    private static readonly string[] Fields =
    [
        .. ConsistencyRules.Columns.SelectMany(c => new[] { ConsistencyRules.S3("carried_over", c), ConsistencyRules.S3("carried_forward", c) }),
        .. new[] { "license", "othersvc", "penalty", "coercion", "fee" }.SelectMany(i => new[] { $"s2_{i}_prev_items", $"s2_{i}_delta" }),
        .. new[] { "rules", "normdocs" }.SelectMany(i => new[] { $"s2_{i}_issued", $"s2_{i}_repealed", $"s2_{i}_in_force" }),
    ];

    internal const string CleanupSql = "DROP TABLE IF EXISTS cy_reports; DROP TABLE IF EXISTS cy_cells;";

    private static string Pairs(string condition) => $"""
        (SELECT * FROM cy_reports WHERE prev_id IS NOT NULL AND year = prev_year + 1 AND {condition})
        """;

    /// <summary>Why a report was not compared, for the rows that are not applicable.</summary>
    private const string NoPairDetail = """
        CASE WHEN ra.counts IS NOT TRUE THEN '本份报告不计入（同一机关同年另有报告为准），不作跨年比较'
             WHEN cr.prev_id IS NULL THEN '没有本机关更早年度的报告'
             WHEN cr.year <> cr.prev_year + 1 THEN printf('上一份报告为 %d 年度，不相邻，不作比较', cr.prev_year)
             ELSE NULL END
        """;

    public static readonly IReadOnlyList<CrossYearRule> All =
    [
        new("CROSS-CARRY-OVER", "跨年：表三“二、上年结转”应等于上一年度报告的“四、结转下年度继续办理”（按列）",
            "cross-year: table 3's carried over must equal last year's carried forward, per column", "warning", $"""
            WITH cmp AS (
                SELECT p.report_id, p.prev_id, p.prev_year, p.pos, p.zh, cur.carried_over_field AS field, cur.carried_over AS cv, cur.carried_over_line AS cl,
                       prv.carried_forward AS pv, prv.carried_forward_line AS pl, cur.carried_over_ok AND prv.carried_forward_ok AS complete
                -- Keyed joins (report|item): an equality on item alone lets the planner pair every report with every other.
                FROM (SELECT p.*, c.*, p.report_id || '|' || c.col AS k1, p.prev_id || '|' || c.col AS k2 FROM {Pairs("true")} p CROSS JOIN {ColumnsSql} c) p
                JOIN cy_cells cur ON cur.k = p.k1
                JOIN cy_cells prv ON prv.k = p.k2
            ), agg AS (
                SELECT report_id, any_value(prev_id) AS prev_id, any_value(prev_year) AS prev_year,
                       bool_or(complete AND cv <> pv) AS bad, bool_or(complete) AS any_complete,
                       arg_max(pv, pos) FILTER (WHERE complete AND cv <> pv)::DOUBLE AS expected,
                       arg_max(cv, pos) FILTER (WHERE complete AND cv <> pv)::DOUBLE AS actual,
                       string_agg(printf('%s：本年上年结转 %s，%d年度报告（%s）结转下年度 %s', zh, fmt_num(cv), prev_year, prev_id, fmt_num(pv)), '；' ORDER BY pos) FILTER (WHERE complete AND cv <> pv) AS detail,
                       list(field ORDER BY pos) FILTER (WHERE complete AND cv <> pv) AS fields,
                       list(cl ORDER BY pos) FILTER (WHERE complete AND cv <> pv AND cl IS NOT NULL) AS lines,
                       list(pl ORDER BY pos) FILTER (WHERE complete AND cv <> pv AND pl IS NOT NULL) AS plines
                FROM cmp GROUP BY report_id
            )
            SELECT r.report_id, 'CROSS-CARRY-OVER',
                   CASE WHEN a.bad THEN 'failed' WHEN a.any_complete THEN 'passed' ELSE 'not_applicable' END,
                   a.expected, a.actual,
                   CASE WHEN a.bad THEN a.detail WHEN a.any_complete THEN printf('与%d年度报告（%s）相符', a.prev_year, a.prev_id)
                        WHEN a.report_id IS NOT NULL THEN '结转行有空白或未识别的格，未比较' ELSE {NoPairDetail} END,
                   coalesce(a.fields, []), coalesce(a.lines, []), a.prev_id, coalesce(a.plines, [])
            FROM reports r LEFT JOIN report_agencies ra USING (report_id) LEFT JOIN cy_reports cr USING (report_id) LEFT JOIN agg a USING (report_id)
            """),
        new("CROSS-ITEMS-2019", "跨年（2019年版模板）：本年“上一年项目数量”应等于上一年度报告的“上一年项目数量”加“本年增/减”（按行）",
            "cross-year (2019 template): this year's previous-year item count must equal last year's count plus last year's change, per row", "warning", $"""
            WITH rows AS (SELECT * FROM (VALUES (1, 'license', '行政许可'), (2, 'othersvc', '其他对外管理服务事项'), (3, 'penalty', '行政处罚'),
                                                (4, 'coercion', '行政强制'), (5, 'fee', '行政事业性收费')) v(pos, item, zh)),
            cmp AS (
                SELECT p.report_id, p.prev_id, p.prev_year, p.pos, p.zh, cur.prev_items_field AS field, cur.prev_items AS cv, cur.prev_items_line AS cl,
                       prv.prev_items AS piv, prv.delta AS pdv, prv.prev_items_line AS pil, prv.delta_line AS pdl,
                       cur.prev_items_ok AND prv.prev_items_ok AND prv.delta_ok AS complete
                FROM (SELECT p.*, w.*, p.report_id || '|' || w.item AS k1, p.prev_id || '|' || w.item AS k2 FROM {Pairs("template = '2019' AND prev_template = '2019'")} p CROSS JOIN rows w) p
                JOIN cy_cells cur ON cur.k = p.k1
                JOIN cy_cells prv ON prv.k = p.k2
            ), agg AS (
                SELECT report_id, any_value(prev_id) AS prev_id, any_value(prev_year) AS prev_year,
                       bool_or(complete AND cv <> piv + pdv) AS bad, bool_or(complete) AS any_complete,
                       arg_min(piv + pdv, pos) FILTER (WHERE complete AND cv <> piv + pdv)::DOUBLE AS expected,
                       arg_min(cv, pos) FILTER (WHERE complete AND cv <> piv + pdv)::DOUBLE AS actual,
                       string_agg(printf('%s：本年上一年项目数量 %s，%d年度报告（%s）为 %s%s%s = %s', zh, fmt_num(cv), prev_year, prev_id, fmt_num(piv),
                                         CASE WHEN pdv < 0 THEN ' − ' ELSE ' + ' END, fmt_num(abs(pdv)), fmt_num(piv + pdv)), '；' ORDER BY pos)
                           FILTER (WHERE complete AND cv <> piv + pdv) AS detail,
                       list(field ORDER BY pos) FILTER (WHERE complete AND cv <> piv + pdv) AS fields,
                       list(cl ORDER BY pos) FILTER (WHERE complete AND cv <> piv + pdv AND cl IS NOT NULL) AS lines,
                       flatten(list([pil, pdl] ORDER BY pos) FILTER (WHERE complete AND cv <> piv + pdv)) AS plines
                FROM cmp GROUP BY report_id
            )
            SELECT r.report_id, 'CROSS-ITEMS-2019',
                   CASE WHEN a.bad THEN 'failed' WHEN a.any_complete THEN 'passed' ELSE 'not_applicable' END,
                   a.expected, a.actual,
                   CASE WHEN a.bad THEN a.detail WHEN a.any_complete THEN printf('与%d年度报告（%s）相符', a.prev_year, a.prev_id)
                        WHEN a.report_id IS NOT NULL THEN '项目数量有空白或未识别的格，未比较'
                        WHEN ra.counts AND cr.prev_id IS NOT NULL AND cr.year = cr.prev_year + 1 AND NOT (cr.template = '2019' AND cr.prev_template = '2019')
                            THEN '两份报告不都是2019年版模板：项目数量在2021年版中已取消，不比较'
                        ELSE {NoPairDetail} END,
                   coalesce(a.fields, []), coalesce(a.lines, []), a.prev_id, list_filter(coalesce(a.plines, []), x -> x IS NOT NULL)
            FROM reports r LEFT JOIN report_agencies ra USING (report_id) LEFT JOIN cy_reports cr USING (report_id) LEFT JOIN agg a USING (report_id)
            """),
        new("CROSS-STOCK-2021", "跨年（2021年版模板）：现行有效件数与“上年现行有效件数 + 本年制发 − 本年废止”不一致（各地统计口径不一，仅供参考）",
            "cross-year (2021 template): documents in force differ from last year's in force + issued − repealed (agencies count differently: for information)", "info", $"""
            WITH rows AS (SELECT * FROM (VALUES (1, 'rules', '规章'), (2, 'normdocs', '行政规范性文件')) v(pos, item, zh)),
            cmp AS (
                SELECT p.report_id, p.prev_id, p.prev_year, p.pos, p.zh, cur.in_force_field AS field, cur.in_force AS cv, cur.in_force_line AS cl,
                       cur.issued AS iv, cur.repealed AS rv, prv.in_force AS pv, prv.in_force_line AS pl, cur.issued_line AS il, cur.repealed_line AS rl,
                       cur.in_force_ok AND cur.issued_ok AND cur.repealed_ok AND prv.in_force_ok AS complete
                FROM (SELECT p.*, w.*, p.report_id || '|' || w.item AS k1, p.prev_id || '|' || w.item AS k2 FROM {Pairs("template = '2021' AND prev_template = '2021'")} p CROSS JOIN rows w) p
                JOIN cy_cells cur ON cur.k = p.k1
                JOIN cy_cells prv ON prv.k = p.k2
            ), agg AS (
                SELECT report_id, any_value(prev_id) AS prev_id, any_value(prev_year) AS prev_year,
                       bool_or(complete AND cv <> pv + iv - rv) AS bad, bool_or(complete) AS any_complete,
                       arg_max(pv + iv - rv, pos) FILTER (WHERE complete AND cv <> pv + iv - rv)::DOUBLE AS expected,
                       arg_max(cv, pos) FILTER (WHERE complete AND cv <> pv + iv - rv)::DOUBLE AS actual,
                       string_agg(printf('%s：现行有效 %s，而%d年度报告（%s）现行有效 %s + 本年制发 %s − 本年废止 %s = %s，相差 %s', zh, fmt_num(cv), prev_year, prev_id,
                                         fmt_num(pv), fmt_num(iv), fmt_num(rv), fmt_num(pv + iv - rv), fmt_num(cv - (pv + iv - rv))), '；' ORDER BY pos)
                           FILTER (WHERE complete AND cv <> pv + iv - rv) AS detail,
                       flatten(list([field, 's2_' || CASE pos WHEN 1 THEN 'rules' ELSE 'normdocs' END || '_issued', 's2_' || CASE pos WHEN 1 THEN 'rules' ELSE 'normdocs' END || '_repealed'] ORDER BY pos)
                           FILTER (WHERE complete AND cv <> pv + iv - rv)) AS fields,
                       flatten(list([cl, il, rl] ORDER BY pos) FILTER (WHERE complete AND cv <> pv + iv - rv)) AS lines,
                       list(pl ORDER BY pos) FILTER (WHERE complete AND cv <> pv + iv - rv AND pl IS NOT NULL) AS plines
                FROM cmp GROUP BY report_id
            )
            SELECT r.report_id, 'CROSS-STOCK-2021',
                   CASE WHEN a.bad THEN 'failed' WHEN a.any_complete THEN 'passed' ELSE 'not_applicable' END,
                   a.expected, a.actual,
                   CASE WHEN a.bad THEN a.detail WHEN a.any_complete THEN printf('与%d年度报告（%s）相符', a.prev_year, a.prev_id)
                        WHEN a.report_id IS NOT NULL THEN '件数有空白或未识别的格，未比较'
                        WHEN ra.counts AND cr.prev_id IS NOT NULL AND cr.year = cr.prev_year + 1 AND NOT (cr.template = '2021' AND cr.prev_template = '2021')
                            THEN '两份报告不都是2021年版模板：2019年版的“对外公开总数量”与“现行有效件数”不可比，不比较'
                        ELSE {NoPairDetail} END,
                   coalesce(a.fields, []), list_filter(coalesce(a.lines, []), x -> x IS NOT NULL), a.prev_id, coalesce(a.plines, [])
            FROM reports r LEFT JOIN report_agencies ra USING (report_id) LEFT JOIN cy_reports cr USING (report_id) LEFT JOIN agg a USING (report_id)
            """),
        new("CROSS-YEAR-MISSING", "跨年：本机关在两份已发布年度报告之间缺少年度报告",
            "cross-year: a year is missing between two published reports of the agency", "info", $"""
            SELECT r.report_id, 'CROSS-YEAR-MISSING',
                   CASE WHEN cr.prev_id IS NULL THEN 'not_applicable' WHEN cr.year > cr.prev_year + 1 THEN 'failed' ELSE 'passed' END,
                   CASE WHEN cr.year > cr.prev_year + 1 THEN (cr.prev_year + 1)::DOUBLE END,
                   CASE WHEN cr.year > cr.prev_year + 1 THEN cr.year::DOUBLE END,
                   CASE WHEN cr.year > cr.prev_year + 1
                        THEN printf('缺少 %s 年度报告（上一份为 %d 年度报告 %s）', array_to_string(range(cr.prev_year + 1, cr.year), '、'), cr.prev_year, cr.prev_id)
                        WHEN cr.prev_id IS NOT NULL THEN printf('上一份为 %d 年度报告（%s）', cr.prev_year, cr.prev_id)
                        WHEN ra.counts IS NOT TRUE THEN '本份报告不计入（同一机关同年另有报告为准）' ELSE '没有本机关更早年度的报告' END,
                   [], [], cr.prev_id, []
            FROM reports r LEFT JOIN report_agencies ra USING (report_id) LEFT JOIN cy_reports cr USING (report_id)
            """),
        new("CROSS-REPEATED-TABLES", "跨年：三张表与本机关另一年度的报告完全相同（同一报告重复发布为两个年度，或套用上年报告）",
            "cross-year: all three tables identical to the agency's report of another year (one report published for two years)", "warning", """
            WITH fp AS (
                SELECT rf.report_id, cr.agency_id, cr.year,
                       md5(CAST(rf.field AS VARCHAR) || CAST(rf.value AS VARCHAR) || CAST(rf.status AS VARCHAR)) AS fingerprint,
                       len(list_filter(rf.value, x -> x <> 0)) AS nonzero
                FROM report_facts rf JOIN cy_reports cr USING (report_id)
            ), hit AS (
                -- The later of two years is the copy; it names the earliest year with the same tables.
                SELECT a.report_id, arg_min(b.report_id, b.year) AS original, min(b.year) AS original_year
                FROM fp a JOIN fp b ON b.agency_id = a.agency_id AND b.fingerprint = a.fingerprint AND b.year < a.year
                WHERE a.nonzero >= 5
                GROUP BY a.report_id
            ), others AS (SELECT agency_id, count(*) AS n FROM cy_reports GROUP BY agency_id)
            SELECT r.report_id, 'CROSS-REPEATED-TABLES',
                   CASE WHEN h.report_id IS NOT NULL THEN 'failed' WHEN fp.report_id IS NULL OR o.n < 2 THEN 'not_applicable'
                        WHEN fp.nonzero < 5 THEN 'not_applicable' ELSE 'passed' END,
                   h.original_year::DOUBLE, CASE WHEN h.report_id IS NOT NULL THEN fp.year::DOUBLE END,
                   CASE WHEN h.report_id IS NOT NULL THEN printf('表二、表三、表四的每个数字都与 %d 年度报告（%s）相同', h.original_year, h.original)
                        WHEN fp.report_id IS NULL THEN '本份报告不计入或年度不明，不作跨年比较'
                        WHEN o.n < 2 THEN '没有本机关其他年度的报告'
                        WHEN fp.nonzero < 5 THEN '表内非零数字少于5个：各年相同不足为凭，不比较' END,
                   [], [], h.original, []
            FROM reports r LEFT JOIN fp USING (report_id) LEFT JOIN hit h USING (report_id) LEFT JOIN others o ON o.agency_id = fp.agency_id
            """),
        new("CROSS-SAME-YEAR", "同一机关同一年度有两份以上报告（重新发布或更正）：只以一份为准，不重复计入",
            "two or more reports of one agency for one year (re-published or corrected): one counts, never both", "info", """
            SELECT r.report_id, 'CROSS-SAME-YEAR',
                   CASE WHEN ra.claims IS NULL THEN 'not_applicable' WHEN ra.counts THEN 'passed' ELSE 'failed' END,
                   NULL::DOUBLE, ra.claims::DOUBLE, ra.note, [], [],
                   CASE WHEN NOT ra.counts THEN ra.superseded_by END, []
            FROM reports r LEFT JOIN report_agencies ra USING (report_id)
            """),
    ];

    /// <summary>Writes report_agencies and agencies, then appends the cross-year rows to checks (with compared_report_id and compared_lines).</summary>
    public static void Run(DuckDBConnection c)
    {
        Trace("agencies", () => Exec(c, Agencies.Sql));
        Trace("prepare", () => Exec(c, PrepareSql));
        foreach (var rule in All)
            Trace(rule.Id, () => Exec(c, $"""
                INSERT INTO checks_unsorted (report_id, rule_id, status, expected, actual, detail, fields, lines, compared_report_id, compared_lines)
                SELECT * FROM (
                {rule.Sql}
                );
                """));
        Exec(c, CleanupSql);
        // The analyzer then writes checks from checks_unsorted, in a set order.
    }

    private static void Trace(string name, Action action) => Analyzer.Step($"crossyear: {name}", action);

    private static void Exec(DuckDBConnection c, string sql) => Analyzer.Exec(c, sql);
}
