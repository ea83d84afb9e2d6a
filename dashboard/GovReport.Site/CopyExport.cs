namespace GovReport.Site;

public sealed partial class SiteBuilder
{
    /// <summary>
    /// Writes a query as CSV with DuckDB's writer (fast at millions of rows): text columns that a spreadsheet would run
    /// as a formula (starting with = + - @, tab or CR) get a leading apostrophe, and the file starts with a UTF-8 BOM.
    /// </summary>
    private void CopyCsv(string sql, string rel, SiteData? db = null)
    {
        db ??= _db;
        var columns = db.Rows($"DESCRIBE {sql}").Select(r => (Name: r.GetString(0), Type: r.GetString(1))).ToList();
        var select = string.Join(", ", columns.Select(c =>
        {
            string q = "\"" + c.Name.Replace("\"", "\"\"") + "\"";
            return c.Type == "VARCHAR" ? $"CASE WHEN regexp_matches({q}, '^[=+\\-@\\t\\r]') THEN '''' || {q} ELSE {q} END AS {q}" : q;
        }));
        string target = _w.FullPath(rel), tmp = target + ".part";
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Exec($"COPY (SELECT {select} FROM ({sql})) TO '{tmp.Replace("'", "''")}' (FORMAT csv, HEADER true)", db);
        using (var output = _w.Create(rel))
        {
            output.Write(Export.Bom);
            using var input = File.OpenRead(tmp);
            input.CopyTo(output);
        }
        File.Delete(tmp);
    }

    /// <summary>A query as one JSON array of objects, written by DuckDB.</summary>
    private void CopyJson(string sql, string rel, SiteData db)
    {
        var target = _w.FullPath(rel);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Exec($"COPY ({sql}) TO '{target.Replace("'", "''")}' (FORMAT json, ARRAY true)", db);
        _w.Register(rel);
    }

    private void CopyParquet(string sql, string rel, SiteData db)
    {
        var target = _w.FullPath(rel);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Exec($"COPY ({sql}) TO '{target.Replace("'", "''")}' (FORMAT parquet, COMPRESSION zstd)", db);
        _w.Register(rel);
    }

    private void Exec(string sql, SiteData? db = null)
    {
        using var cmd = (db ?? _db).Connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
