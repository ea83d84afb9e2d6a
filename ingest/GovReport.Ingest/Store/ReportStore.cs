using System.Data.Common;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using GovReport.Ingest.Model;

namespace GovReport.Ingest.Store;

/// <summary>
/// A parsed report ready to store, with the decoded text its line numbers refer to. Its facts are kept as
/// <c>fact_store</c> will hold them (<see cref="FactStoreRow"/>, made on the parsing thread), and <see cref="Result"/> keeps
/// the rest of the parse without them: a report waits for its batch long enough to outlive the garbage collector's
/// young generations, and the parser's two hundred Fact objects per report, kept that long, cost the collector about
/// as much CPU as DuckDB's whole write (docs/scale.md).
/// </summary>
public sealed class StoredReport(ParseResult result, string text, string? replaces)
{
    /// <summary>The facts as stored.</summary>
    public FactStoreRow Facts { get; } = FactStoreRow.Of(result.Report);

    /// <summary>The parse result without its facts (they are in <see cref="Facts"/>).</summary>
    public ParseResult Result { get; } = result with { Report = result.Report with { Facts = [] } };

    public string Text { get; } = text;
    public string? Replaces { get; } = replaces;
}

/// <summary>
/// A report's facts as one <c>fact_store</c> row: values and lines in full; the field list only when it is not the
/// template's (never, as the parser completes every report to its template's fields in dictionary order); and
/// status, raw, unit, unit source and approximate only for the facts that are not plain (<see cref="Schema.IsPlain"/>).
/// DuckDB's cost is per list element, so this stores a fraction of what eight full lists did (docs/scale.md).
/// </summary>
public sealed class FactStoreRow
{
    public List<string?>? Fields { get; private init; }
    public List<decimal?> Values { get; private init; } = [];
    public List<int?> Lines { get; private init; } = [];
    public List<int?> XPos { get; } = [];
    public List<string?> XStatus { get; } = [];
    public List<string?> XRaw { get; } = [];
    public List<string?> XUnit { get; } = [];
    public List<string?> XUnitSource { get; } = [];
    public List<bool?> XApproximate { get; } = [];
    /// <summary>Facts in all, and those with status reported.</summary>
    public int Count { get; private init; }
    public int Reported { get; private set; }

    public static FactStoreRow Of(Report rep)
    {
        var f = rep.Facts;
        var dictionary = FieldDictionary.For(rep.Template);
        bool dictionaryOrder = f.Length == dictionary.Count;
        for (int i = 0; dictionaryOrder && i < f.Length; i++) dictionaryOrder = f[i].Field == dictionary[i].Id;
        var row = new FactStoreRow
        {
            Fields = dictionaryOrder ? null : f.Select(x => (string?)x.Field).ToList(),
            Values = new List<decimal?>(f.Length),
            Lines = new List<int?>(f.Length),
            Count = f.Length,
        };
        for (int i = 0; i < f.Length; i++)
        {
            var x = f[i];
            row.Values.Add(x.Value);
            row.Lines.Add(x.Line);
            if (x.Status == FactStatus.Reported) row.Reported++;
            if (Schema.IsPlain(x)) continue;
            row.XPos.Add(i + 1);
            row.XStatus.Add(x.Status);
            row.XRaw.Add(x.Raw);
            row.XUnit.Add(x.Unit);
            row.XUnitSource.Add(x.UnitSource);
            row.XApproximate.Add(x.Approximate);
        }
        return row;
    }
}

/// <summary>The database is in use by another process (DuckDB allows one writer per file).</summary>
public sealed class DatabaseInUseException(string path, string detail)
    : Exception($"database {path} is in use by another process ({detail}); wait for it to finish or use another --db");

/// <summary>
/// The one class that touches DuckDB for ingest: schema, the index of what is loaded, and batched writes where a
/// report is all in or all out. Bulk loads go through the Appender.
/// </summary>
public sealed partial class ReportStore : IDisposable
{
    public const string DefaultPath = "data/govreport.duckdb";

    private readonly DuckDBConnection _connection;
    public string Path { get; }

    private ReportStore(string path, DuckDBConnection connection) { Path = path; _connection = connection; }

    public DuckDBConnection Connection => _connection;

    /// <summary>
    /// DuckDB's memory limit for ingest, which streams: the Appender needs no large buffer, and DuckDB's resident memory
    /// runs well past its limit (a 256MB smaller limit lowered the peak RSS by 0.26 GB at 100,000 reports and by 0.53 GB
    /// at 1,000,000: 0.68 against 0.94 GB and 1.20 against 1.73 GB) for the same CPU (docs/scale.md).
    /// </summary>
    public const string IngestMemoryLimit = "256MB";

    /// <summary>Opens (and creates) a database. <paramref name="memoryLimit"/> caps DuckDB's memory (default 512MB, or
    /// GOVREPORT_DUCKDB_MEMORY); analysis needs more than a streaming ingest.</summary>
    public static ReportStore Open(string path, bool readOnly = false, string? memoryLimit = null)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!readOnly) Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        else if (!File.Exists(full)) throw new FileNotFoundException($"database {path} does not exist; run `govreport ingest` first", path);
        var connection = new DuckDBConnection($"DataSource={full}{(readOnly ? ";ACCESS_MODE=READ_ONLY" : "")}");
        try { connection.Open(); }
        catch (DuckDBException ex) when (LockHolder().Match(ex.Message) is { Success: true } m)
        {
            connection.Dispose();
            throw new DatabaseInUseException(path, m.Value);
        }
        catch (DuckDBException ex) when (ex.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            connection.Dispose();
            throw new DatabaseInUseException(path, ex.Message.Split('\n')[0]);
        }
        var store = new ReportStore(path, connection);
        if (!readOnly) store.StaleTempBytesRemoved = RemoveStaleTemp(full);
        // DuckDB caches written blocks up to its memory limit (80% of RAM by default), so without a cap the
        // process grows with the corpus. A fixed cap keeps ingest flat; override with GOVREPORT_DUCKDB_MEMORY.
        string? limit = Environment.GetEnvironmentVariable("GOVREPORT_DUCKDB_MEMORY") is { Length: > 0 } env ? env : memoryLimit;
        store.Execute($"SET memory_limit = '{(limit is { Length: > 0 } && MemoryLimit().IsMatch(limit) ? limit : "512MB")}'");
        if (!readOnly) store.EnsureSchema();
        else store.CheckVersion();
        return store;
    }

    /// <summary>
    /// Bytes of DuckDB spill files that an interrupted run left in <c>&lt;db&gt;.tmp</c> (its default temp directory), removed
    /// by this writable open: DuckDB deletes them itself only when the process ends cleanly, and a killed site build at
    /// 100,000 reports leaves about 2 GB. Safe here: a writable open holds the file's exclusive lock, so no other
    /// process (reader or writer) can be spilling into that directory.
    /// </summary>
    public long StaleTempBytesRemoved { get; private set; }

    private static long RemoveStaleTemp(string dbPath)
    {
        var dir = new DirectoryInfo(dbPath + ".tmp");
        if (!dir.Exists) return 0;
        long bytes = 0;
        try
        {
            foreach (var f in dir.EnumerateFiles("duckdb_temp_*"))
            {
                long size = f.Length;
                f.Delete();
                bytes += size;
            }
            if (!dir.EnumerateFileSystemInfos().Any()) dir.Delete();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // left for the next open: not worth failing a run
        return bytes;
    }

    [GeneratedRegex(@"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", RegexOptions.IgnoreCase)]
    private static partial Regex MemoryLimit();

    [GeneratedRegex(@"PID \d+")]
    private static partial Regex LockHolder();

    private void EnsureSchema()
    {
        Execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);");
        string? version = Scalar("SELECT value FROM meta WHERE key = 'schema_version'")?.ToString();
        bool upgrade = version == Schema.UpgradableFrom.ToString();
        if (version is not null && version != Schema.Version.ToString() && !upgrade)
            throw new InvalidOperationException($"database {Path} has schema version {version}; this govreport writes version {Schema.Version}. Re-ingest into a new --db.");
        Execute(Schema.Ddl);
        if (version is null) Execute($"INSERT INTO meta VALUES ('schema_version', '{Schema.Version}')");
        // Version 6 only added source_files (Ddl just created it, empty): the next ingest hashes every file, as before.
        else if (upgrade) Execute($"UPDATE meta SET value = '{Schema.Version}' WHERE key = 'schema_version'");
    }

    private void CheckVersion()
    {
        string? version = Scalar("SELECT value FROM meta WHERE key = 'schema_version'")?.ToString();
        // A version-5 database reads the same: what version 6 added (source_files) only ingest uses.
        if (version != Schema.Version.ToString() && version != Schema.UpgradableFrom.ToString())
            throw new InvalidOperationException($"database {Path} has schema version {version ?? "(none)"}; expected {Schema.Version}");
    }

    /// <summary>
    /// An id of the parser's build: it changes whenever the parsing code changes (deterministic compilation), so a
    /// newer govreport re-reads files it had already loaded instead of keeping what an older parser made of them.
    /// </summary>
    public static readonly string ParserBuild = typeof(Parsing.ReportParser).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    /// <summary>
    /// What the database holds for each of <paramref name="paths"/> (as stored, <see cref="Pipeline.IngestPipeline.Normalize"/>),
    /// passed to <paramref name="found"/> with the path's index, and the set of every stored report id. By index, so
    /// the stored path strings are not kept: at a million files they would double the run's largest allocation.
    /// </summary>
    public HashSet<ulong> LoadIndex(IReadOnlyList<string> paths, Action<int, StoredSource> found)
    {
        var indexOf = new Dictionary<string, int>(paths.Count, StringComparer.Ordinal);
        for (int i = 0; i < paths.Count; i++) indexOf.TryAdd(paths[i], i);
        var ids = new HashSet<ulong>();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            SELECT coalesce(r.source_path, f.source_path), r.report_id, r.parser_build = $build, f.file_size, f.modified_ticks, f.sha256
            FROM reports r FULL OUTER JOIN source_files f ON f.source_path = r.source_path
            """;
        cmd.Parameters.Add(new DuckDBParameter("build", ParserBuild));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            ulong? id = r.IsDBNull(1) ? null : Pipeline.ReportIds.Parse(r.GetString(1));
            if (id is { } x) ids.Add(x);
            if (!indexOf.TryGetValue(r.GetString(0), out int i)) continue;
            found(i, new StoredSource(id, id is not null && r.GetBoolean(2),
                r.IsDBNull(3) ? null : new FileStat(r.GetInt64(3), r.GetInt64(4)),
                r.IsDBNull(5) ? default : Pipeline.ContentHash.Parse(r.GetString(5))));
        }
        return ids;
    }

    /// <summary>
    /// Stores the size, modification time and content hash of files hashed in this run (<c>source_files</c>), replacing
    /// what was stored for their paths: the next run takes a file whose size and time still match as unchanged without
    /// reading it.
    /// </summary>
    public void RecordSources(int runId, IEnumerable<(string Path, FileStat Stat, Pipeline.ContentHash Sha)> sources)
    {
        using var tx = _connection.BeginTransaction();
        using (var app = _connection.CreateAppender("source_files"))
            foreach (var (path, stat, sha) in sources)
                app.CreateRow().AppendValue(path).AppendValue(stat.Size).AppendValue(stat.ModifiedTicks).AppendValue(sha.ToString()).AppendValue(runId).EndRow();
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = """
                DELETE FROM source_files WHERE run_id <> $run AND source_path IN (SELECT source_path FROM source_files WHERE run_id = $run)
                """;
            cmd.Parameters.Add(new DuckDBParameter("run", runId));
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public int BeginRun(IEnumerable<string> paths, string toolVersion)
    {
        int id = Convert.ToInt32(Scalar("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs"));
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT INTO ingest_runs (run_id, started_at, tool_version, paths) VALUES ($id, now()::TIMESTAMP, $v, $p)";
        cmd.Parameters.Add(new DuckDBParameter("id", id));
        cmd.Parameters.Add(new DuckDBParameter("v", toolVersion));
        cmd.Parameters.Add(new DuckDBParameter("p", paths.ToList()));
        cmd.ExecuteNonQuery();
        return id;
    }

    public void FinishRun(int runId, IngestCounts c)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            UPDATE ingest_runs SET finished_at = now()::TIMESTAMP, files_seen = $1, loaded = $2, replaced = $3, unchanged = $4,
                duplicates = $5, failed = $6, skipped = $7, errors = $8, warnings = $9, infos = $10
            WHERE run_id = $11
            """;
        foreach (var v in new object[] { c.FilesSeen, c.Loaded, c.Replaced, c.Unchanged, c.Duplicates, c.Failed, c.Skipped, c.Errors, c.Warnings, c.Infos, runId })
            cmd.Parameters.Add(new DuckDBParameter(v));
        cmd.ExecuteNonQuery();
    }

    public void RecordDuplicates(int runId, IEnumerable<(string Path, string ReportId)> duplicates)
    {
        using var tx = _connection.BeginTransaction();
        using (var app = _connection.CreateAppender("ingest_duplicates"))
            foreach (var (path, id) in duplicates)
                app.CreateRow().AppendValue(runId).AppendValue(path).AppendValue(id).EndRow();
        tx.Commit();
    }

    public void RecordFailures(int runId, IEnumerable<(string Path, string? Sha256, string Reason)> failures)
    {
        using var tx = _connection.BeginTransaction();
        using (var app = _connection.CreateAppender("ingest_failures"))
            foreach (var (path, sha, reason) in failures)
                app.CreateRow().AppendValue(runId).AppendValue(path).AppendValue(sha).AppendValue(reason).EndRow();
        tx.Commit();
    }

    /// <summary>
    /// Writes a batch in one transaction: the earlier versions of replaced files go out and the new reports come in
    /// together. If the batch fails, each report is retried in a transaction of its own so one bad report cannot
    /// take the others down; the ones that still fail are returned with the reason.
    /// </summary>
    public IReadOnlyList<(StoredReport Report, string Reason)> WriteBatch(IReadOnlyList<StoredReport> batch, int runId)
    {
        if (batch.Count == 0) return [];
        try
        {
            WriteInTransaction(batch, runId);
            return [];
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && batch.Count > 1)
        {
            var failed = new List<(StoredReport, string)>();
            foreach (var one in batch)
            {
                try { WriteInTransaction([one], runId); }
                catch (Exception e) when (e is not OutOfMemoryException) { failed.Add((one, "database write failed: " + e.Message.Split('\n')[0])); }
            }
            return failed;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return [(batch[0], "database write failed: " + ex.Message.Split('\n')[0])];
        }
    }

    private void WriteInTransaction(IReadOnlyList<StoredReport> batch, int runId)
    {
        using var tx = _connection.BeginTransaction();
        var replaced = batch.Where(b => b.Replaces is not null).Select(b => b.Replaces!).Distinct().ToList();
        if (replaced.Count > 0) Delete(replaced);

        using (var reports = _connection.CreateAppender("reports"))
        using (var facts = _connection.CreateAppender("fact_store"))
        using (var narrative = _connection.CreateAppender("narrative_facts"))
        using (var diags = _connection.CreateAppender("diagnostics"))
        using (var texts = _connection.CreateAppender("source_texts"))
        {
            foreach (var item in batch)
            {
                var rep = item.Result.Report;
                var d = item.Result.Diagnostics;
                reports.CreateRow()
                    .AppendValue(rep.ReportId).AppendValue(rep.SourcePath).AppendValue(rep.Sha256).AppendValue(rep.FileSize)
                    .AppendValue(rep.SourceForm).AppendValue(rep.Encoding)
                    .AppendValue(rep.AgencyName).AppendValue(rep.AgencyShort).AppendValue(rep.AgencyLevel).AppendValue(rep.AgencySource).AppendValue(rep.AgencyLine)
                    .AppendValue(rep.Region?.Code).AppendValue(rep.Region?.Province).AppendValue(rep.Region?.City).AppendValue(rep.Region?.County).AppendValue(rep.Region?.Township)
                    .AppendValue(rep.Region?.Level ?? "none").AppendValue(rep.Region?.Confidence ?? 0d)
                    .AppendValue((rep.Region?.Evidence ?? []).ToList()).AppendValue((rep.Region?.Candidates ?? []).ToList())
                    .AppendValue(rep.Year).AppendValue(rep.YearSource)
                    .AppendValue(rep.PublishedOn is { } p ? p.ToDateTime(TimeOnly.MinValue) : (DateTime?)null)
                    .AppendValue(rep.Template).AppendValue(rep.TemplateSignals.ToList()).AppendValue(rep.SectionsFound.ToList())
                    .AppendValue(item.Facts.Count).AppendValue(item.Facts.Reported)
                    .AppendValue(d.Count(x => x.Severity == Severity.Error)).AppendValue(d.Count(x => x.Severity == Severity.Warning))
                    .AppendValue(d.Count(x => x.Severity == Severity.Info)).AppendValue(runId).AppendValue(ParserBuild)
                    .EndRow();
                var fr = item.Facts;
                var row = facts.CreateRow().AppendValue(rep.ReportId).AppendValue(rep.Template);
                row = fr.Fields is null ? row.AppendNullValue() : row.AppendValue(fr.Fields);
                row.AppendValue(fr.Values).AppendValue(fr.Lines).AppendValue(fr.XPos).AppendValue(fr.XStatus).AppendValue(fr.XRaw)
                    .AppendValue(fr.XUnit).AppendValue(fr.XUnitSource).AppendValue(fr.XApproximate).EndRow();
                foreach (var n in rep.NarrativeFacts)
                    narrative.CreateRow().AppendValue(rep.ReportId).AppendValue(n.Name).AppendValue(n.Value).AppendValue(n.Approximate)
                        .AppendValue(n.Raw).AppendValue(n.Line).EndRow();
                int seq = 0;
                foreach (var x in d)
                    diags.CreateRow().AppendValue(rep.ReportId).AppendValue(++seq).AppendValue(x.Severity).AppendValue(x.Code)
                        .AppendValue(x.Message).AppendValue(x.Field).AppendValue(x.Line).EndRow();
                texts.CreateRow().AppendValue(rep.ReportId).AppendValue(item.Text).EndRow();
            }
        }
        tx.Commit();
    }

    private void Delete(IReadOnlyList<string> ids)
    {
        foreach (var table in new[] { "reports", "fact_store", "narrative_facts", "diagnostics", "source_texts" })
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"DELETE FROM {table} WHERE list_contains($ids, report_id)";
            cmd.Parameters.Add(new DuckDBParameter("ids", ids.ToList()));
            cmd.ExecuteNonQuery();
        }
    }

    public void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    /// <summary>Runs any SQL and returns its column names and rows (for <c>govreport query</c>).</summary>
    public QueryResult Query(string sql, params object?[] parameters)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters) cmd.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        using DbDataReader r = cmd.ExecuteReader();
        var columns = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToList();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (int i = 0; i < r.FieldCount; i++) row[i] = ReadValue(r, i);
            rows.Add(row);
        }
        return new QueryResult(columns, rows);
    }

    private static object? ReadValue(DbDataReader r, int i)
    {
        if (r.IsDBNull(i)) return null;
        try { return r.GetValue(i); }
        catch (InvalidCastException) when (WithNullableElements(r.GetFieldType(i)) is var type && type != r.GetFieldType(i))
        {
            // DuckDB.NET reads a list of a value type as List<T>, which cannot hold the NULLs a list may contain
            // (fact_store.value, x_pos of a list aggregate…): read it as List<T?> instead.
            try { return GetFieldValue.MakeGenericMethod(type).Invoke(r, [i]); }
            catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is not null) { throw ex.InnerException; }
        }
    }

    private static readonly System.Reflection.MethodInfo GetFieldValue = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue))!;

    /// <summary>List&lt;int&gt; → List&lt;int?&gt;, List&lt;List&lt;int&gt;&gt; → List&lt;List&lt;int?&gt;&gt;; any other type as it is.</summary>
    private static Type WithNullableElements(Type t)
    {
        if (!t.IsGenericType || t.GetGenericTypeDefinition() != typeof(List<>)) return t;
        var e = t.GetGenericArguments()[0];
        var element = e.IsValueType && Nullable.GetUnderlyingType(e) is null ? typeof(Nullable<>).MakeGenericType(e) : WithNullableElements(e);
        return typeof(List<>).MakeGenericType(element);
    }

    public void Dispose() => _connection.Dispose();
}

/// <summary>A file's size in bytes and last write time (UTC, .NET ticks of 100 ns), as the file system reports them.</summary>
public readonly record struct FileStat(long Size, long ModifiedTicks);

/// <summary>What the database holds for one source path: its report's id (null if none) and whether the current
/// parser build made it, and the file's size and modification time when its content hash <see cref="Sha"/> was taken
/// (null if never recorded; <see cref="Sha"/> is then meaningless).</summary>
public readonly record struct StoredSource(ulong? ReportId, bool CurrentBuild, FileStat? Stat, Pipeline.ContentHash Sha);

public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>The counts an ingest run ends with.</summary>
public sealed record IngestCounts(int FilesSeen, int Loaded, int Replaced, int Unchanged, int Duplicates, int Failed, int Skipped, int Errors, int Warnings, int Infos);
