namespace GovReport.Analytics;

/// <summary>
/// A rule that is not a plain identity: SQL returning one row per report with
/// (report_id, rule_id, status, expected, actual, detail, fields, lines).
/// </summary>
public sealed record CustomRule(string Id, string Description, string DescriptionEn, string Severity, string Sql);

public static class CustomRules
{
    public static readonly IReadOnlyList<CustomRule> All =
    [
        new("S2-COLUMN-SHIFT", "表二：一行的第一栏为空或“-”，其余数字靠右（或规范性文件的现行有效件数、对外公开总数与相邻年度接不上），疑似整行右移一栏",
            "table 2: a row's first column is empty or '-' and its numbers sit to the right (or its normative documents in force, or published in total, do not follow from the adjacent years): probably shifted one column", "warning", """
            WITH cells AS (
                SELECT f.report_id, f.field, f.value, f.status, f.raw, f.line,
                       regexp_extract(f.field, '^s2_([a-z]+)_', 1) AS item,
                       list_position(['new_made', 'new_published', 'total_published', 'prev_items', 'delta', 'decisions', 'issued', 'repealed', 'in_force', 'projects', 'amount'],
                                     regexp_extract(f.field, '^s2_[a-z]+_(.*)$', 1)) AS pos
                FROM facts f WHERE f.field LIKE 's2_%'
            ), rows AS (
                -- The figures that decide first; the printed row (strings and lists) only for the rows that look shifted:
                -- a list per row of every report ran out of memory at 1M reports.
                SELECT report_id, item, count(*) AS n,
                       arg_min(status, pos) AS first_status, arg_max(status, pos) AS last_status,
                       count(*) FILTER (WHERE status = 'reported' AND value <> 0) AS nonzero
                FROM cells GROUP BY report_id, item
            ), nd AS (
                -- 规范性文件 rows, to follow the stock across an agency's years: 2021 现行有效件数 (added 本年制发, removed
                -- 本年废止), 2019 对外公开总数量 (cumulative: added 本年新公开, never removed).
                SELECT report_id, any_value(agency_key) AS agency_key, any_value(year) AS year, any_value(template) AS template,
                       any_value(value) FILTER (WHERE field IN ('s2_normdocs_issued', 's2_normdocs_new_published') AND status = 'reported') AS added,
                       coalesce(any_value(value) FILTER (WHERE field = 's2_normdocs_repealed' AND status = 'reported'), 0) AS removed,
                       any_value(value) FILTER (WHERE field IN ('s2_normdocs_in_force', 's2_normdocs_total_published') AND status = 'reported') AS stock,
                       bool_or(field IN ('s2_normdocs_issued', 's2_normdocs_new_made') AND status IN ('dash', 'blank')) AS first_empty
                FROM (SELECT c.report_id, c.field, c.value, c.status, r.year, r.template,
                             coalesce(r.region_code, '?') || '|' || coalesce(r.agency_short, r.agency_name, '') AS agency_key
                      FROM cells c JOIN reports r USING (report_id) WHERE c.item = 'normdocs')
                GROUP BY report_id
            ), broken AS (
                -- A row whose first cell is empty and whose stock cannot follow from the adjacent years of the same
                -- template: it fell by more than was removed since last year, or next year's stock grew by more than was
                -- added. The number that belonged in the last column fell off the table.
                -- The notes in text order: an agency with two reports of the adjacent year gives two, which came out in
                -- either order from run to run.
                SELECT report_id, 'normdocs' AS item, string_agg(DISTINCT part, '' ORDER BY part) AS note
                FROM (
                SELECT t.report_id, CASE
                           WHEN t.stock < p.stock - t.removed
                               THEN printf('（上年 %d 年%s %d 件，%s本年却为 %d 件）', p.year,
                                           CASE t.template WHEN '2021' THEN '现行有效' ELSE '对外公开总数' END, CAST(p.stock AS BIGINT),
                                           CASE t.template WHEN '2021' THEN printf('本年废止 %d 件，', CAST(t.removed AS BIGINT)) ELSE '' END, CAST(t.stock AS BIGINT))
                           ELSE printf('（次年 %d 年%s %d 件、本年新增 %d 件，本年却只有 %d 件）', n.year,
                                       CASE t.template WHEN '2021' THEN '现行有效' ELSE '对外公开总数' END,
                                       CAST(n.stock AS BIGINT), CAST(coalesce(n.added, 0) AS BIGINT), CAST(t.stock AS BIGINT)) END AS part
                FROM nd t
                LEFT JOIN nd p ON p.agency_key = t.agency_key AND p.template = t.template AND p.year = t.year - 1 AND p.report_id <> t.report_id
                LEFT JOIN nd n ON n.agency_key = t.agency_key AND n.template = t.template AND n.year = t.year + 1 AND n.report_id <> t.report_id
                WHERE t.first_empty AND t.stock IS NOT NULL
                  AND (t.stock < p.stock - t.removed OR t.stock < n.stock - coalesce(n.added, 0))
                )
                GROUP BY report_id
            ), candidates AS (
                SELECT rows.report_id, rows.item, b.note FROM rows LEFT JOIN broken b USING (report_id, item)
                WHERE n >= 2 AND first_status IN ('dash', 'blank') AND last_status = 'reported' AND (nonzero > 0 OR b.report_id IS NOT NULL)
            ), shifted AS (
                SELECT c.report_id, c.item, any_value(k.note) AS note,
                       string_agg(coalesce(trim(c.raw), ''), ' / ' ORDER BY c.pos) AS printed,
                       list(c.field ORDER BY c.pos) AS fields, list(c.line ORDER BY c.pos) FILTER (WHERE c.line IS NOT NULL) AS lines
                FROM cells c JOIN candidates k USING (report_id, item)
                GROUP BY c.report_id, c.item
            )
            SELECT r.report_id, 'S2-COLUMN-SHIFT', CASE WHEN count(s.item) > 0 THEN 'failed' ELSE 'passed' END, NULL::DOUBLE, NULL::DOUBLE,
                   array_to_string(in_key_order(list(by_key(s.item, s.item || '：' || s.printed || coalesce(s.note, ''))) FILTER (WHERE s.item || '：' || s.printed IS NOT NULL)), '；'),
                   coalesce(flatten(in_key_order(list(by_key(s.item, s.fields)) FILTER (WHERE s.item IS NOT NULL))), []),
                   coalesce(flatten(in_key_order(list(by_key(s.item, s.lines)) FILTER (WHERE s.item IS NOT NULL))), [])
            FROM reports r LEFT JOIN shifted s USING (report_id)
            GROUP BY r.report_id
            """),
        new("UNIT-ASSUMED", "金额未注明单位（元/万元），系按常理推定", "money amount without a stated unit (元 or 万元); the unit was assumed", "warning", """
            SELECT r.report_id, 'UNIT-ASSUMED',
                   CASE WHEN f.report_id IS NULL THEN 'not_applicable' WHEN f.unit_source = 'assumed' THEN 'failed' ELSE 'passed' END,
                   NULL::DOUBLE, f.value::DOUBLE,
                   CASE WHEN f.unit_source = 'assumed' THEN printf('“%s”未注明单位，按%s计为 %s 元；若为%s则相差一万倍', trim(f.raw), f.unit, fmt_num(f.value), CASE f.unit WHEN '元' THEN '万元' ELSE '元' END) END,
                   CASE WHEN f.unit_source = 'assumed' THEN [f.field] ELSE [] END, CASE WHEN f.unit_source = 'assumed' THEN [f.line] ELSE [] END
            FROM reports r
            LEFT JOIN facts f ON f.report_id = r.report_id AND f.field IN ('s2_procurement_amount', 's2_fee_amount') AND f.status = 'reported'
            """),
        new("S2-WRONG-COLUMN", "表二：数字只填在“本年增/减”栏，上一年项目数量和处理决定数量为空或“-”，疑似填错栏",
            "table 2: a number only under 本年增/减 while 上一年项目数量 and 处理决定数量 are empty or '-': probably the wrong column", "warning", """
            SELECT r.report_id, 'S2-WRONG-COLUMN',
                   CASE WHEN r.template <> '2019' THEN 'not_applicable' WHEN count(b.item) > 0 THEN 'failed' ELSE 'passed' END,
                   NULL::DOUBLE, any_value(b.delta)::DOUBLE,
                   array_to_string(in_key_order(list(by_key(b.item, printf('%s：本年增/减 %d，上一年项目数量“%s”、处理决定数量“%s”', b.label, CAST(b.delta AS BIGINT), coalesce(trim(b.prev_raw), ''), coalesce(trim(b.dec_raw), ''))))
                                   FILTER (WHERE b.item IS NOT NULL AND b.label IS NOT NULL AND b.delta IS NOT NULL)), '；'),
                   coalesce(in_key_order(list(by_key(b.item, b.field)) FILTER (WHERE b.field IS NOT NULL)), []),
                   coalesce(in_key_order(list(by_key(b.item, b.line)) FILTER (WHERE b.line IS NOT NULL)), [])
            FROM reports r
            LEFT JOIN (
                SELECT report_id, item,
                       CASE item WHEN 'license' THEN '行政许可' WHEN 'othersvc' THEN '其他对外管理服务事项' WHEN 'penalty' THEN '行政处罚' ELSE '行政强制' END AS label,
                       any_value(value) FILTER (WHERE kind = 'delta') AS delta,
                       any_value(field) FILTER (WHERE kind = 'delta') AS field,
                       any_value(line) FILTER (WHERE kind = 'delta') AS line,
                       any_value(raw) FILTER (WHERE kind = 'prev_items') AS prev_raw,
                       any_value(raw) FILTER (WHERE kind = 'decisions') AS dec_raw,
                       bool_and(kind = 'delta' AND status = 'reported' AND value <> 0 OR kind <> 'delta' AND status IN ('dash', 'blank')) AND count(*) = 3 AS misplaced
                FROM (SELECT report_id, field, value, status, raw, line, split_part(field, '_', 2) AS item,
                             regexp_extract(field, 's2_[a-z]+_(.*)$', 1) AS kind
                      FROM facts WHERE regexp_matches(field, '^s2_(license|othersvc|penalty|coercion)_(delta|prev_items|decisions)$'))
                GROUP BY report_id, item
            ) b ON b.report_id = r.report_id AND b.misplaced
            GROUP BY r.report_id, r.template
            """),
        new("NARRATIVE-PROACTIVE", "“总体情况”所述主动公开总数与其所列分项之和不符",
            "the total of proactively published items stated in the overview differs from the sum of the items it lists", "warning", """
            SELECT r.report_id, 'NARRATIVE-PROACTIVE',
                   CASE WHEN t.value IS NULL OR b.value IS NULL THEN 'not_applicable' WHEN t.value <> b.value THEN 'failed' ELSE 'passed' END,
                   t.value::DOUBLE, b.value::DOUBLE,
                   CASE WHEN t.value <> b.value THEN printf('称主动公开 %d 条（“%s”），所列分项合计 %d 条', CAST(t.value AS BIGINT), t.raw, CAST(b.value AS BIGINT)) END,
                   CASE WHEN t.value <> b.value THEN ['narrative_proactive_items'] ELSE [] END,
                   CASE WHEN t.value <> b.value THEN [t.line] ELSE [] END
            FROM reports r
            LEFT JOIN narrative_facts t ON t.report_id = r.report_id AND t.name = 'narrative_proactive_items'
            LEFT JOIN narrative_facts b ON b.report_id = r.report_id AND b.name = 'narrative_proactive_breakdown'
            """),
        new("NARRATIVE-APPLICATIONS", "“总体情况”所述收到申请数与表三不符（既不等于“一、本年新收”，也不等于本年新收加上年结转）",
            "the number of applications the overview says were received matches neither table 3's new applications nor new plus carried over", "warning", """
            SELECT r.report_id, 'NARRATIVE-APPLICATIONS',
                   CASE WHEN n.value IS NULL OR f.status IS DISTINCT FROM 'reported' THEN 'not_applicable'
                        WHEN n.value = f.value OR n.value = f.value + coalesce(c.value, 0) THEN 'passed' ELSE 'failed' END,
                   n.value::DOUBLE, f.value::DOUBLE,
                   CASE WHEN NOT (n.value = f.value OR n.value = f.value + coalesce(c.value, 0))
                        THEN printf('文中称“%s”，表三本年新收总计 %d 件、上年结转 %d 件', n.raw, CAST(f.value AS BIGINT), CAST(coalesce(c.value, 0) AS BIGINT)) END,
                   CASE WHEN NOT (n.value = f.value OR n.value = f.value + coalesce(c.value, 0)) THEN ['narrative_applications_received', 's3_new_received__total'] ELSE [] END,
                   CASE WHEN NOT (n.value = f.value OR n.value = f.value + coalesce(c.value, 0)) THEN [n.line, f.line] ELSE [] END
            FROM reports r
            LEFT JOIN narrative_facts n ON n.report_id = r.report_id AND n.name = 'narrative_applications_received'
            LEFT JOIN facts f ON f.report_id = r.report_id AND f.field = 's3_new_received__total'
            LEFT JOIN facts c ON c.report_id = r.report_id AND c.field = 's3_carried_over__total' AND c.status = 'reported'
            """),
        new("DUPLICATE-TABLES", "与本机关此前一份报告的三张表完全相同（表中数字很少时，总体情况所列数字也相同）：重复发布或套用上年报告",
            "all three tables identical to an earlier report of the same agency (when the tables hold few numbers, the overview's figures too): published twice, or last year's copied", "warning", """
            WITH narrative AS (
                -- The overview's figures as printed (主动公开 total and its breakdown, applications received).
                -- A window, not GROUP BY report_id: an aggregate's list or ordered state per report is held in memory
                -- (out of memory at 1M reports with 1GB, and at 300,000 with 256MB); a window's partitions are sorted and spill.
                SELECT report_id, printed, proactive FROM (
                    SELECT report_id, string_agg(name || '=' || raw, '|') OVER w AS printed,
                           max(value) FILTER (WHERE name = 'narrative_proactive_items') OVER w AS proactive,
                           row_number() OVER (PARTITION BY report_id ORDER BY name) AS nth
                    FROM narrative_facts
                    WINDOW w AS (PARTITION BY report_id ORDER BY name ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
                ) WHERE nth = 1
            ), fp AS (
                -- report_facts holds exactly the table fields, in dictionary order: the lists are the fingerprint. Tables
                -- with few non-zero numbers are alike by nature (a 街道 with one application and the same 现行有效 count
                -- prints the same tables two years running): they count only when the overview's figures (a 主动公开 total
                -- of 10 or more and its breakdown) are the same too; 20 or more non-zero cells are evidence enough.
                SELECT rf.report_id, r0.year,
                       coalesce(r0.region_code, '?') || '|' || coalesce(r0.agency_short, r0.agency_name, '') AS agency_key,
                       md5(CAST(rf.field AS VARCHAR) || CAST(rf.value AS VARCHAR) || CAST(rf.status AS VARCHAR)
                           || CASE WHEN len(list_filter(rf.value, x -> x <> 0)) >= 20 THEN '' ELSE '|' || n.printed END) AS fingerprint
                FROM report_facts rf JOIN reports r0 USING (report_id) LEFT JOIN narrative n USING (report_id)
                WHERE len(list_filter(rf.value, x -> x <> 0)) >= 20 OR n.proactive >= 10
            ), grouped AS (
                -- Only within one agency (across a national corpus, two small agencies can print the same figures).
                SELECT report_id, fingerprint, year, agency_key,
                       row_number() OVER (PARTITION BY fingerprint, agency_key ORDER BY coalesce(year, 0), report_id) AS nth,
                       count(*) OVER (PARTITION BY fingerprint, agency_key) AS copies
                FROM fp
            ), same AS (
                -- The later of identical reports is the copy; it names the first one (same year: the smaller id).
                SELECT g.report_id, f.report_id AS original
                FROM grouped g JOIN grouped f ON f.fingerprint = g.fingerprint AND f.agency_key = g.agency_key AND f.nth = 1
                WHERE g.copies > 1 AND g.nth > 1
            )
            SELECT r.report_id, 'DUPLICATE-TABLES', CASE WHEN s.report_id IS NULL THEN 'passed' ELSE 'failed' END, NULL::DOUBLE, NULL::DOUBLE,
                   CASE WHEN s.report_id IS NOT NULL THEN '表二、表三、表四的每个数字都与此前的报告相同：' ||
                        coalesce(o.agency_short, o.agency_name, '') || ' ' || coalesce(CAST(o.year AS VARCHAR), '?') || '（' || o.report_id || '）' END,
                   [], []
            FROM reports r LEFT JOIN same s USING (report_id) LEFT JOIN reports o ON o.report_id = s.original
            """),
        new("TABLE-MISSING", "缺少标准表格（表二、表三或表四未找到）", "a standard table (二, 三 or 四) is missing", "error", """
            SELECT r.report_id, 'TABLE-MISSING',
                   CASE WHEN count(d.report_id) > 0 THEN 'failed' ELSE 'passed' END, NULL::DOUBLE, NULL::DOUBLE,
                   array_to_string(in_key_order(list(by_key(d.seq, d.message)) FILTER (WHERE d.message IS NOT NULL)), '；'), [], []
            FROM reports r LEFT JOIN diagnostics d ON d.report_id = r.report_id AND d.code = 'table_missing'
            GROUP BY r.report_id
            """),
        new("MONEY-MAGNITUDE", "金额超过同级同年第90百分位数的100倍，疑把元当作万元填写（或反之）",
            "an amount over 100 times the 90th percentile of its peers: a sign of 元 written where 万元 is meant", "warning", """
            WITH peers AS (
                SELECT m.metric, r.agency_level, r.year, quantile_cont(m.value, 0.9) AS p90, count(*) AS n
                FROM metrics m JOIN reports r USING (report_id)
                WHERE m.metric IN ('fee_amount', 'procurement_amount') GROUP BY ALL
            ), hits AS (
                SELECT m.report_id, m.metric, m.value, p.p90, p.n, m.fields, m.lines
                FROM metrics m JOIN reports r USING (report_id)
                JOIN peers p ON p.metric = m.metric AND p.agency_level = r.agency_level AND p.year = r.year
                WHERE p.n >= 20 AND m.value > 100 * greatest(p.p90, 10000)
            ), failed AS (
                -- Per report with a hit (few), in metric order: a report with both amounts out of range must read the
                -- same in every run, and an ordered aggregate over every report would hold them all.
                SELECT report_id, max(p90) AS p90, max(value) AS value,
                       string_agg(printf('%s %s 元，为同级同年（%d 份）第90百分位数 %s 元的 %.0f 倍', CASE metric WHEN 'fee_amount' THEN '行政事业性收费' ELSE '政府集中采购' END,
                                         fmt_num(value), n, fmt_num(p90), value / greatest(p90, 1)), '；' ORDER BY metric) AS detail,
                       flatten(list(fields ORDER BY metric)) AS fields, flatten(list(lines ORDER BY metric)) AS lines
                FROM hits GROUP BY report_id
            )
            SELECT r.report_id, 'MONEY-MAGNITUDE',
                   CASE WHEN h.report_id IS NOT NULL THEN 'failed'
                        WHEN EXISTS (SELECT 1 FROM metrics m WHERE m.report_id = r.report_id AND m.metric IN ('fee_amount', 'procurement_amount')) THEN 'passed'
                        ELSE 'not_applicable' END,
                   h.p90, h.value, h.detail, coalesce(h.fields, []), coalesce(h.lines, [])
            FROM reports r LEFT JOIN failed h USING (report_id)
            """),
        new("AMOUNT-PER-PROJECT", "平均每个采购项目金额与同级同年中位数相差千倍以上，疑元/万元混淆",
            "amount per procurement project 1,000 times off the peer median: a sign of 元/万元 confusion", "warning", """
            SELECT r.report_id, 'AMOUNT-PER-PROJECT',
                   CASE WHEN m.value IS NULL OR s.n < 5 THEN 'not_applicable'
                        WHEN m.value / nullif(s.med, 0) >= 1000 OR m.value / nullif(s.med, 0) <= 0.001 THEN 'failed' ELSE 'passed' END,
                   s.med, m.value,
                   CASE WHEN m.value / nullif(s.med, 0) >= 1000 OR m.value / nullif(s.med, 0) <= 0.001
                        THEN printf('平均每项 %s 元，同级同年（%d 份）中位数 %s 元，相差 %.0f 倍', fmt_num(m.value), s.n, fmt_num(s.med),
                                    greatest(m.value / s.med, s.med / m.value)) END,
                   ['s2_procurement_amount', 's2_procurement_projects'], coalesce(a.lines, [])
            FROM reports r
            LEFT JOIN metrics m ON m.report_id = r.report_id AND m.metric = 'amount_per_project'
            LEFT JOIN metrics a ON a.report_id = r.report_id AND a.metric = 'procurement_amount'
            LEFT JOIN (SELECT r2.agency_level, r2.year, median(m2.value) AS med, count(*) AS n
                       FROM metrics m2 JOIN reports r2 USING (report_id) WHERE m2.metric = 'amount_per_project' GROUP BY ALL) s
                   ON s.agency_level = r.agency_level AND s.year = r.year
            """),
    ];
}
