namespace GovReport.Analytics;

/// <summary>
/// Agency identity across years (issue 12): which reports are the same agency, never by file name. A 街道 or 乡镇
/// resolved to its township is the township code (a renamed or merged 街道 keeps its code, so it keeps one agency);
/// any other agency with a region code is the code plus its normalised name (the place prefix, the issuing
/// government, 办事处 / 人民政府 / 管委会 suffixes stripped); a 街道 or 乡镇 resolved only to its county joins the one
/// township agency of that county with the same name; an agency without a region stays on its own, keyed by name,
/// with a diagnostic. Of two reports claiming one agency and year, the later published counts (then the later
/// ingest run, then the larger report_id); the other is kept and marked, never added up.
/// </summary>
public static class Agencies
{
    internal const string Sql = """
        CREATE OR REPLACE TEMP TABLE agency_names AS
        WITH s AS (
            SELECT r.report_id, r.year, r.agency_name, r.agency_level, r.region_code, r.region_level, r.region_candidates,
                   r.published_on, r.ingest_run_id, r.province, r.city, r.county, r.township,
                   regexp_replace(coalesce(r.agency_short, r.agency_name, ''), '\s', '', 'g') AS s0
            FROM reports r
        ), p AS (
            -- The place prefix: 丰城市市场监督管理局 → 市场监督管理局 (province, then city, then county, as printed).
            SELECT *, CASE WHEN province IS NOT NULL AND starts_with(s0, province) AND length(s0) > length(province) THEN substr(s0, length(province) + 1) ELSE s0 END AS s1
            FROM s
        ), q AS (
            SELECT *, CASE WHEN city IS NOT NULL AND starts_with(s1, city) AND length(s1) > length(city) THEN substr(s1, length(city) + 1) ELSE s1 END AS s2
            FROM p
        ), t AS (
            SELECT *, CASE WHEN county IS NOT NULL AND starts_with(s2, county) AND length(s2) > length(county) THEN substr(s2, length(county) + 1) ELSE s2 END AS s3
            FROM q
        )
        SELECT report_id, year, agency_name, agency_level, region_code, region_level, region_candidates, published_on, ingest_run_id,
               township,
               -- The issuing government before a department or office (…人民政府办公室 → 办公室), then the suffixes.
               CASE WHEN s0 = '' THEN NULL
                    -- A county government is its county's 人民政府, whatever the name's spelling (沐阳县 for 沭阳县).
                    WHEN s3 = '人民政府' OR agency_level = '县级政府' AND regexp_matches(s3, '(县|区|市|旗)人民政府$') THEN '人民政府'
                    ELSE regexp_replace(regexp_replace(regexp_replace(s3, '^.*人民政府(.+)$', '\1'),
                                                       '(街道)?办事处$', '街道'),
                                        '(镇|乡)人民政府$|(管委会|管理委员会)$', '\1') END AS norm
        FROM t;

        CREATE OR REPLACE TEMP TABLE township_agencies AS
        SELECT DISTINCT region_code, norm FROM agency_names
        WHERE region_level = 'township' AND agency_level IN ('街道', '乡镇');

        CREATE OR REPLACE TEMP TABLE ra0 AS
        SELECT a.report_id, a.year, a.agency_name, a.agency_level, a.published_on, a.ingest_run_id, a.region_code, a.region_level, a.norm,
               CASE WHEN a.region_level = 'township' AND a.agency_level IN ('街道', '乡镇') THEN a.region_code
                    WHEN a.region_code IS NOT NULL AND a.agency_level IN ('街道', '乡镇') AND pm.n = 1 THEN pm.code
                    WHEN a.norm IS NULL THEN '?:' || a.report_id
                    WHEN a.region_code IS NOT NULL THEN a.region_code || ':' || a.norm
                    ELSE '?:' || a.norm END AS agency_id,
               CASE WHEN a.region_level = 'township' AND a.agency_level IN ('街道', '乡镇') THEN 'township_code'
                    WHEN a.region_code IS NOT NULL AND a.agency_level IN ('街道', '乡镇') AND pm.n = 1 THEN 'parent_region_and_name'
                    WHEN a.norm IS NULL THEN 'unidentified'
                    WHEN a.region_code IS NOT NULL THEN 'region_and_name'
                    ELSE 'name_only' END AS match,
               CASE WHEN a.norm IS NULL THEN '未能读出机关名称：单独成为一个机关，不与任何报告归并'
                    WHEN a.region_code IS NOT NULL AND a.region_level <> 'township' AND a.agency_level IN ('街道', '乡镇') AND pm.n = 1
                        THEN printf('地区只定位到 %s，按同名乡镇街道 %s 归并', a.region_code, pm.code)
                    WHEN a.region_code IS NULL
                        THEN '地区未能确定，未与其他机关归并' ||
                             CASE WHEN len(coalesce(a.region_candidates, [])) > 0 THEN '（候选：' || array_to_string(a.region_candidates, '；') || '）' ELSE '' END END AS note
        FROM agency_names a
        LEFT JOIN (SELECT a2.report_id, count(*) AS n, min(t.region_code) AS code
                   FROM agency_names a2 JOIN township_agencies t
                     ON a2.region_code IS NOT NULL AND a2.region_level = 'county' AND starts_with(t.region_code, a2.region_code)
                        AND t.norm = a2.norm
                   WHERE a2.agency_level IN ('街道', '乡镇')
                   GROUP BY a2.report_id) pm ON pm.report_id = a.report_id;

        CREATE OR REPLACE TABLE report_agencies AS
        WITH ranked AS (
            SELECT *, row_number() OVER (PARTITION BY agency_id, year ORDER BY published_on DESC NULLS LAST, ingest_run_id DESC, report_id DESC) AS nth,
                      first_value(report_id) OVER (PARTITION BY agency_id, year ORDER BY published_on DESC NULLS LAST, ingest_run_id DESC, report_id DESC) AS winner,
                      count(*) OVER (PARTITION BY agency_id, year) AS claims
            FROM ra0
        )
        SELECT report_id, agency_id, year, match,
               year IS NULL OR nth = 1 AS counts,
               CASE WHEN year IS NOT NULL AND nth > 1 THEN winner END AS superseded_by,
               CASE WHEN year IS NOT NULL AND claims > 1 THEN claims END AS claims,
               nullif(concat_ws('；', note,
                   CASE WHEN year IS NOT NULL AND nth > 1 THEN printf('同一机关 %d 年度另有报告 %s，以该份为准（发布日期较晚，或同日/无日期时后入库）；本份保留但不计入', year, winner) END,
                   CASE WHEN year IS NOT NULL AND nth = 1 AND claims > 1 THEN printf('同一机关 %d 年度共有 %d 份报告，以本份为准', year, claims) END), '') AS note
        FROM ranked
        ORDER BY agency_id, year, report_id;

        -- in_order(list(by_year(year, report_id, v))) is list(v ORDER BY year, report_id) (no year last) and
        -- arg_min(x, latest_first(year, report_id)) is any_value(x ORDER BY year DESC NULLS LAST, report_id), without an
        -- ordered aggregate, which buffers every group's rows (out of memory at 1M reports, 76,578 agencies).
        CREATE OR REPLACE TEMP MACRO by_year(y, r, v) AS {'n': y IS NULL, 'y': coalesce(y, 0), 'r': r, 'v': v};
        CREATE OR REPLACE TEMP MACRO in_order(l) AS list_transform(list_sort(l), e -> e.v);
        CREATE OR REPLACE TEMP MACRO latest_first(y, r) AS {'n': y IS NULL, 'y': coalesce(-y, 0), 'r': r};

        CREATE OR REPLACE TABLE agencies AS
        WITH g AS (
        SELECT agency_id, arg_min(region_code, latest_first(year, report_id)) AS region_code,
               arg_min(agency_level, latest_first(year, report_id)) AS agency_level,
               arg_min(region_level, latest_first(year, report_id)) AS region_level,
               arg_min(agency_name, latest_first(year, report_id)) AS name,
               list_distinct(in_order(list(by_year(year, report_id, agency_name)) FILTER (WHERE agency_name IS NOT NULL))) AS names_seen,
               arg_min(norm, latest_first(year, report_id)) AS norm_name,
               list_sort(list_distinct(list(year) FILTER (WHERE year IS NOT NULL))) AS years,
               count(*) AS reports,
               arg_min(match, CASE match WHEN 'unidentified' THEN 0 WHEN 'name_only' THEN 1 WHEN 'parent_region_and_name' THEN 2 ELSE 3 END) AS match,
               list_distinct(in_order(list(by_year(year, report_id, CASE match WHEN 'township_code' THEN '乡镇街道区划代码 ' || region_code
                                             WHEN 'region_and_name' THEN '区划代码 ' || region_code || ' + 名称 ' || norm
                                             WHEN 'parent_region_and_name' THEN '上级区划 ' || region_code || ' + 同名乡镇街道'
                                             WHEN 'name_only' THEN '仅名称 ' || norm
                                             ELSE '无机关名称' END)))) AS evidence,
               nullif(concat_ws('；',
                   CASE WHEN count(DISTINCT coalesce(norm, '')) > 1 THEN '名称变化（更名或合并）：' || array_to_string(list_distinct(in_order(list(by_year(year, report_id, agency_name)))), ' → ') END,
                   CASE WHEN bool_or(match = 'name_only') THEN '地区未能确定，只按名称归并，可能与他处同名机关为同一机关' END,
                   CASE WHEN bool_or(match = 'unidentified') THEN '未能读出机关名称，单独成为一个机关' END,
                   CASE WHEN bool_or(match = 'parent_region_and_name') THEN '部分年度的地区只定位到县级，按名称归并' END), '') AS diagnostic
        FROM ra0
        GROUP BY agency_id
        ), hint AS (
            -- A 街道 or 乡镇 known only at county level whose years continue (or are continued by) another 街道/乡镇 of the
            -- same county under another name: perhaps renamed or merged. Not merged; said.
            SELECT a.agency_id,
                   '可能与同县' || string_agg(b.name || '（' || b.agency_id || '，' || list_min(b.years) || '–' || list_max(b.years) || '年）', '、' ORDER BY b.agency_id)
                   || '为同一机关（更名或合并？年度衔接、名称不同），未自动归并' AS maybe
            FROM g a JOIN g b ON a.agency_id <> b.agency_id AND a.region_code IS NOT NULL AND b.region_code IS NOT NULL
                 AND left(a.region_code, 6) = left(b.region_code, 6)
                 AND (a.region_level <> 'township' OR b.region_level <> 'township')
                 AND (list_max(b.years) + 1 = list_min(a.years) OR list_max(a.years) + 1 = list_min(b.years))
            WHERE a.agency_level IN ('街道', '乡镇') AND b.agency_level IN ('街道', '乡镇')
            GROUP BY a.agency_id
        )
        SELECT g.agency_id, g.region_code, g.region_level, g.agency_level, g.name, g.names_seen, g.norm_name, g.years, g.reports, g.match, g.evidence,
               nullif(concat_ws('；', g.diagnostic, h.maybe), '') AS diagnostic
        FROM g LEFT JOIN hint h USING (agency_id)
        ORDER BY agency_id;
        DROP TABLE agency_names; DROP TABLE township_agencies; DROP TABLE ra0;
        """;
}
