-- Rankings of every report's metrics among its peers, computed from the Parquet export
-- (`govreport export --format parquet --out DIR`), the same as the database's `rankings` table (`govreport analyze`).
-- Run it from DIR, or with DuckDB's file_search_path set to DIR:
--   cd DIR && duckdb -c ".read /path/to/analytics/sql/rankings.sql"
-- Peers share the metric, agency level and year, within the same county, city, province or the nation.
-- Spark SQL and Trino: see docs/scale.md (the table references and left() differ; the rest is standard SQL).
WITH reports AS (
    SELECT report_id, year, agency_level, region_code, region_level
    FROM read_parquet('reports/*/*/*.parquet', hive_partitioning = true)
), metrics AS (
    SELECT report_id, metric, value
    FROM read_parquet('metrics/*/*/*.parquet', hive_partitioning = true)
), m AS (
    SELECT m.report_id, m.metric, m.value, r.year, r.agency_level, r.region_code, r.region_level
    FROM metrics m JOIN reports r ON r.report_id = m.report_id
    WHERE r.year IS NOT NULL
), g AS (
    SELECT m.*, pg.peer_group,
           CASE pg.peer_group
               WHEN 'county' THEN CASE WHEN region_level IN ('township', 'county') THEN substr(region_code, 1, 6) END
               WHEN 'city' THEN CASE WHEN region_level IN ('township', 'county', 'city') THEN substr(region_code, 1, 4) || '00' END
               WHEN 'province' THEN CASE WHEN region_level <> 'none' THEN substr(region_code, 1, 2) || '0000' END
               ELSE 'CN' END AS peer_key
    FROM m CROSS JOIN (VALUES ('county'), ('city'), ('province'), ('nation')) AS pg(peer_group)
)
SELECT report_id, metric, peer_group, peer_key, agency_level, CAST(year AS INTEGER) AS year, value,
       rank() OVER (PARTITION BY metric, peer_group, peer_key, agency_level, year ORDER BY value DESC) AS rank,
       count(*) OVER (PARTITION BY metric, peer_group, peer_key, agency_level, year) AS group_size,
       round(cume_dist() OVER (PARTITION BY metric, peer_group, peer_key, agency_level, year ORDER BY value), 4) AS percentile
FROM g
WHERE peer_key IS NOT NULL
ORDER BY metric, peer_group, peer_key, agency_level, year, rank, report_id;
