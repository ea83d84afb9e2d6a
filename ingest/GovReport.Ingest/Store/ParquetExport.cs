using System.Diagnostics;

namespace GovReport.Ingest.Store;

/// <summary>One exported table: where it went, how many rows and Parquet files; or why it was left out.</summary>
public sealed record ExportedTable(string Table, string Directory, long Rows, int Files, string? Skipped = null);

public sealed record ExportSummary(string OutDir, IReadOnlyList<ExportedTable> Tables, TimeSpan Elapsed);

/// <summary>
/// Writes the database as Parquet for other engines (Spark, Trino, DuckDB itself): one folder per table, hive-partitioned
/// by <c>year</c> and <c>province</c> (<c>facts/year=2020/province=江西省/data_0.parquet</c>), rows in a fixed order and
/// file names that do not depend on threads, so the same database gives the same files. DuckDB writes the files
/// (<c>COPY … (FORMAT parquet, PARTITION_BY …)</c>). The layout is documented in docs/scale.md.
/// </summary>
public static class ParquetExport
{
    /// <summary>Each table as exported: its query (with <c>year</c> and <c>province</c> for the partitions), the
    /// table it needs, and its row order.</summary>
    public static readonly IReadOnlyList<(string Name, string Needs, string Sql)> Tables =
    [
        ("reports", "reports", "SELECT * FROM reports ORDER BY report_id"),
        ("facts", "report_facts", """
            SELECT f.*, r.year, r.province
            FROM facts f JOIN reports r USING (report_id)
            ORDER BY f.report_id, f.field
            """),
        ("metrics", "metrics", """
            SELECT m.*, r.year, r.province
            FROM metrics m JOIN reports r USING (report_id)
            ORDER BY m.report_id, m.metric
            """),
        ("rankings", "rankings", """
            SELECT k.*, r.province
            FROM rankings k JOIN reports r USING (report_id)
            ORDER BY k.metric, k.peer_group, k.peer_key, k.agency_level, k.year, k.rank, k.report_id
            """),
        ("flags", "flags", """
            SELECT f.*, r.year, r.province
            FROM flag_reviews f JOIN reports r USING (report_id)
            ORDER BY f.report_id, f.flag_id
            """),
    ];

    public static ExportSummary Run(ReportStore store, string outDir)
    {
        var sw = Stopwatch.StartNew();
        string full = Path.GetFullPath(outDir);
        Directory.CreateDirectory(full);
        var existing = store.Query("SELECT table_name FROM information_schema.tables").Rows.Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        var result = new List<ExportedTable>();
        foreach (var (name, needs, sql) in Tables)
        {
            string dir = Path.Combine(full, name);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            if (!existing.Contains(needs))
            {
                result.Add(new ExportedTable(name, dir, 0, 0, $"no table {needs} (run `govreport analyze` first)"));
                continue;
            }
            long rows = Convert.ToInt64(store.Scalar($"SELECT count(*) FROM ({sql})"));
            // One file per partition (data_0.parquet). With several threads DuckDB's partitioned writer flushes each
            // thread's rows of a partition on its own, so a partition could come out as data_0 + data_1 split
            // differently from run to run (seen at 3,000 reports): the rows are sorted on every thread into a
            // temporary table first, and only the write runs on one thread.
            store.Execute($"CREATE OR REPLACE TEMP TABLE export_rows AS {sql}");
            store.Execute("SET threads = 1");
            try
            {
                store.Execute($"COPY (SELECT * FROM export_rows) TO '{dir.Replace("'", "''")}' (FORMAT parquet, PARTITION_BY (year, province), FILENAME_PATTERN 'data_{{i}}', PER_THREAD_OUTPUT false, COMPRESSION zstd)");
            }
            finally
            {
                store.Execute("RESET threads");
                store.Execute("DROP TABLE IF EXISTS export_rows");
            }
            int files = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.parquet", SearchOption.AllDirectories).Length : 0;
            result.Add(new ExportedTable(name, dir, rows, files));
        }
        return new ExportSummary(full, result, sw.Elapsed);
    }
}
