using GovReport.Ingest.Store;

namespace GovReport.Analytics.Tests;

internal static class TableDump
{
    /// <summary>A table's rows in stored order, one line each, lists written out: to compare two analyses row by row.</summary>
    public static string Of(ReportStore store, string table) => string.Join("\n", store.Query($"SELECT * FROM {table}").Rows
        .Select(r => string.Join("|", r.Select(v => v is System.Collections.IEnumerable e and not string ? "[" + string.Join(",", e.Cast<object?>()) + "]" : v?.ToString()))));
}
