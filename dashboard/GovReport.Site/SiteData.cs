using System.Data.Common;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace GovReport.Site;

/// <summary>
/// A report as the pages show it: the build holds one per report for its whole run, so it carries only what pages
/// show (the file name, not the path) and its repeated strings (regions, levels, templates, dates) are shared.
/// </summary>
public sealed record ReportRow(
    string ReportId, string FileName, string? AgencyName, string? AgencyShort, string Level,
    string? RegionCode, string? Province, string? City, string? County, string? Township,
    int? Year, string Template, string Form, string? PublishedOn, int FactCount, int ReportedCount,
    int Errors, int Warnings, int Infos)
{
    /// <summary>Same key as analytics' <c>yoy.agency_key</c>: region code plus short name.</summary>
    public string AgencyKey => (RegionCode ?? "?") + "|" + (AgencyShort ?? AgencyName ?? ReportId);

    /// <summary>The name to show; a report whose agency could not be read says so rather than showing nothing.</summary>
    public string Display => AgencyShort ?? AgencyName ?? $"（未识别机关：{FileName}）";

    public string RegionPath => string.Join(" · ", new[] { Province, City, County, Township }.Where(s => !string.IsNullOrEmpty(s)).Distinct());

    public string? ProvinceCode => Province is null || RegionCode is null || RegionCode.Length < 2 ? null : RegionCode[..2] + "0000";
    public string? CityCode => City is null || RegionCode is null || RegionCode.Length < 4 ? null : RegionCode[..4] + "00";
    public string? CountyCode => County is null || RegionCode is null || RegionCode.Length < 6 ? null : RegionCode[..6];
}

public sealed record Agency(string Key, string Id, string Name, string Level, ReportRow Latest, IReadOnlyList<ReportRow> Reports)
{
    public string Url => $"agency/{Id}.html";
}

public sealed record FieldDef(string Field, string Templates, string Section, string Label, string Kind, string Unit, int Order);

public sealed record FactRow(string ReportId, string Field, decimal? Value, string Status, string? Raw, string? Unit, string? UnitSource, int? Line);

public sealed record MetricDef(string Metric, string Label, string LabelEn, string Unit, string Templates, string? Note);

public sealed record RuleDef(string RuleId, string Description, string DescriptionEn, string Severity);

public sealed record CheckRow(string ReportId, string RuleId, string Status, double? Expected, double? Actual, string? Detail, IReadOnlyList<int> Lines);

public sealed record FlagRow(
    string FlagId, string ReportId, string Subject, string Detector, double Score, string Severity,
    string Explanation, string? ExplanationEn, IReadOnlyList<string> Fields, IReadOnlyList<int> Lines,
    string ReviewStatus, string? ReviewNote, string? ReviewedAt);

public sealed record RankRow(string ReportId, string Metric, double Value, string PeerGroup, string PeerKey, string Level, int Year, long Rank, long GroupSize, double Percentile);

public sealed record MetricRow(string ReportId, string Metric, double Value, string Unit, IReadOnlyList<int> Lines);

public sealed record YoyRow(string AgencyKey, string Metric, int PrevYear, int Year, string PrevReportId, string ReportId, double PrevValue, double Value, double Change, double? ChangeRatio, string Comparability, bool Gap);

public sealed record DiagnosticRow(string ReportId, int Seq, string Severity, string Code, string Message, string? Field, int? Line);

public sealed record NarrativeRow(string ReportId, string Name, decimal Value, string? Raw, int? Line);

/// <summary>Read-only access to the database the earlier stages wrote. The site reads nothing else.</summary>
public sealed class SiteData : IDisposable
{
    private readonly DuckDBConnection _c;
    private static readonly Regex HexId = new("^[0-9a-f]{1,64}$", RegexOptions.Compiled);

    private SiteData(DuckDBConnection c) => _c = c;

    public static SiteData Open(string dbPath)
    {
        if (!File.Exists(dbPath)) throw new FileNotFoundException($"database {dbPath} not found (run govreport ingest and analyze first)", dbPath);
        var c = new DuckDBConnection($"Data Source={dbPath};ACCESS_MODE=READ_ONLY");
        c.Open();
        // The site streams page by page; DuckDB's default (80% of RAM) would let its cache grow to many gigabytes. At
        // 100,000 reports 1GB put the process over 2 GiB (2.03 GiB before it had rendered every agency; 2.19 GB whole)
        // and 512MB kept it at 1.68 GiB at the same point: the staged tables spill to <db>.tmp instead.
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"SET memory_limit = '{Environment.GetEnvironmentVariable("GOVREPORT_DUCKDB_MEMORY") ?? "512MB"}'";
            cmd.ExecuteNonQuery();
        }
        var data = new SiteData(c);
        foreach (var t in new[] { "reports", "metrics", "rankings", "checks", "flags", "report_quality", "send_back" })
            if (!data.HasTable(t))
                throw new InvalidOperationException($"database {dbPath} has no table {t}: run govreport analyze first");
        return data;
    }

    public DuckDBConnection Connection => _c;

    /// <summary>A second connection to the same database (its own queries, no temporary tables of this one), so
    /// DuckDB can run the downloads while the pages are read and rendered.</summary>
    public SiteData Duplicate()
    {
        // DuckDB.NET shares one database instance among the connections a process opens to a file (so also its
        // memory limit); DuckDBConnection.Duplicate() is for in-memory databases only.
        var c = new DuckDBConnection(_c.ConnectionString);
        c.Open();
        return new SiteData(c);
    }

    public void Dispose() => _c.Dispose();

    /// <summary>Whether the database has a table or view of that name.</summary>
    public bool HasTable(string name)
    {
        using var cmd = _c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM information_schema.tables WHERE table_name = $1";
        cmd.Parameters.Add(new DuckDBParameter(name));
        return Convert.ToInt64(cmd.ExecuteScalar()) > 0;
    }

    public object? Scalar(string sql)
    {
        using var cmd = _c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    public IEnumerable<DbDataReader> Rows(string sql)
    {
        using var cmd = _c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        while (r.Read()) yield return r;
    }

    private static string? S(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), Html.Inv);
    private static int? I(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i), Html.Inv);
    private static double? D(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i), Html.Inv);
    private static IReadOnlyList<string> Strs(DbDataReader r, int i)
        => r.IsDBNull(i) ? [] : ((System.Collections.IEnumerable)r.GetValue(i)).Cast<object?>().Select(o => Convert.ToString(o, Html.Inv) ?? "").ToList();
    private static IReadOnlyList<int> Ints(DbDataReader r, int i)
        => r.IsDBNull(i) ? [] : ((System.Collections.IEnumerable)r.GetValue(i)).Cast<object?>().Where(o => o is not null).Select(o => Convert.ToInt32(o, Html.Inv)).ToList();

    public IReadOnlyList<ReportRow> Reports()
    {
        // One copy of each region name, code, level, template, form, date and agency name instead of one per report:
        // the list lives for the whole build (at 100,000 reports 101 MB with a copy per report).
        var pool = new StringPool();
        return Rows("""
            SELECT report_id, source_path, agency_name, agency_short, agency_level, region_code, province, city, county, township,
                   year, template, source_form, strftime(published_on, '%Y-%m-%d'), fact_count, reported_count, errors, warnings, infos
            FROM reports ORDER BY report_id
            """).Select(r =>
            {
                string path = r.GetString(1);
                return new ReportRow(
                    r.GetString(0), path[(path.LastIndexOf('/') + 1)..], pool.Get(S(r, 2)), pool.Get(S(r, 3)), pool.Get(S(r, 4) ?? "其他"), pool.Get(S(r, 5)),
                    pool.Get(S(r, 6)), pool.Get(S(r, 7)), pool.Get(S(r, 8)), pool.Get(S(r, 9)), I(r, 10), pool.Get(S(r, 11) ?? "unknown"),
                    pool.Get(S(r, 12) ?? ""), pool.Get(S(r, 13)), I(r, 14) ?? 0, I(r, 15) ?? 0, I(r, 16) ?? 0, I(r, 17) ?? 0, I(r, 18) ?? 0);
            }).ToList();
    }

    public IReadOnlyList<FieldDef> Fields()
    {
        int i = 0;
        return Rows("SELECT field, templates, section, label, kind, unit FROM field_dictionary")
            .Select(r => new FieldDef(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), i++)).ToList();
    }

    public IReadOnlyList<MetricDef> MetricDefs() => Rows("SELECT metric, label, label_en, unit, templates, note FROM metric_dictionary")
        .Select(r => new MetricDef(r.GetString(0), r.GetString(1), S(r, 2) ?? "", S(r, 3) ?? "", S(r, 4) ?? "", S(r, 5))).ToList();

    public IReadOnlyList<RuleDef> RuleDefs() => Rows("SELECT rule_id, description, description_en, severity FROM rule_dictionary ORDER BY rule_id")
        .Select(r => new RuleDef(r.GetString(0), S(r, 1) ?? "", S(r, 2) ?? "", S(r, 3) ?? "")).ToList();

    /// <summary>The ids are our own hex report ids; checked, then inlined (DuckDB plans IN lists well).</summary>
    private static string InList(IEnumerable<string> ids)
    {
        var list = ids.Select(id => HexId.IsMatch(id) ? $"'{id}'" : throw new ArgumentException($"not a report id: {id}")).ToList();
        return list.Count == 0 ? "(NULL)" : "(" + string.Join(",", list) + ")";
    }

    /// <summary>Each report's row in a table stored one row per report (report_facts, stored as fact_store; source_texts): batches read by row range.</summary>
    /// <param name="canonical">Maps a report id read here to the instance the caller already holds, so the
    /// dictionary does not keep a second copy of every id.</param>
    public Dictionary<string, long> RowIds(string table, Func<string, string>? canonical = null) => Rows($"SELECT report_id, rowid FROM {(table is "report_facts" ? "fact_store" : table is "source_texts" ? table : throw new ArgumentException(table))}")
        .ToDictionary(r => canonical is null ? r.GetString(0) : canonical(r.GetString(0)), r => Convert.ToInt64(r.GetValue(1)));

    /// <summary>
    /// Facts of some reports, read as the stored lists (one row per report) within a row range, so DuckDB skips the
    /// rest of the table and C# converts one row per report rather than two hundred.
    /// </summary>
    public IReadOnlyList<FactRow> Facts(IEnumerable<string> reportIds, long fromRow = 0, long toRow = long.MaxValue)
    {
        var list = new List<FactRow>();
        // Field names, statuses and units repeat in every report: one copy each, so that a batch's hundreds of
        // thousands of facts do not carry their own (which the collector would then promote and keep with the batch).
        var pool = new StringPool();
        foreach (var r in Rows($"""
            SELECT report_id, field, value, status, raw, unit, unit_source, line FROM report_facts_rows({fromRow}, {toRow})
            WHERE report_id IN {InList(reportIds)}
            """))
        {
            string id = r.GetString(0);
            var field = r.GetFieldValue<List<string?>>(1);
            var value = r.GetFieldValue<List<decimal?>>(2);
            var status = r.GetFieldValue<List<string?>>(3);
            var raw = r.GetFieldValue<List<string?>>(4);
            var unit = r.GetFieldValue<List<string?>>(5);
            var unitSource = r.GetFieldValue<List<string?>>(6);
            var line = r.GetFieldValue<List<int?>>(7);
            for (int i = 0; i < field.Count; i++)
                list.Add(new FactRow(id, pool.Get(field[i]!), value[i], pool.Get(status[i] ?? ""), raw[i], pool.Get(unit[i]), pool.Get(unitSource[i]), line[i]));
        }
        return list;
    }

    /// <summary>The checks of one batch staged by <see cref="StageBatches"/> (likewise metrics, yoy, diagnostics, narrative).</summary>
    public IReadOnlyList<CheckRow> Checks(int batch) => CheckRows($"site_b_checks WHERE batch = {batch}");

    private IReadOnlyList<CheckRow> CheckRows(string source) => Rows($"""
        SELECT report_id, rule_id, status, expected, actual, detail, lines FROM {source}
        ORDER BY report_id, rule_id
        """).Select(r => new CheckRow(r.GetString(0), r.GetString(1), r.GetString(2), D(r, 3), D(r, 4), S(r, 5), Ints(r, 6))).ToList();

    /// <summary>
    /// Copies the per-report tables the agency pages read (checks, metrics, yoy, diagnostics, narrative_facts and the
    /// peer ranks) into temporary tables ordered by batch, so each batch reads its own few row groups instead of
    /// scanning every table whole once per batch. <see cref="DropBatches"/> frees them.
    /// </summary>
    public void StageBatches(IReadOnlyList<string> reportIds, IReadOnlyList<int> batches)
    {
        using (var cmd = _c.CreateCommand())
        {
            cmd.CommandText = "CREATE OR REPLACE TEMP TABLE site_batch AS SELECT unnest($1::VARCHAR[]) AS report_id, unnest($2::INTEGER[]) AS batch";
            cmd.Parameters.Add(new DuckDBParameter(reportIds.ToList()));
            cmd.Parameters.Add(new DuckDBParameter(batches.ToList()));
            cmd.ExecuteNonQuery();
        }
        foreach (var (name, table) in StagedTables)
            Scalar($"CREATE OR REPLACE TEMP TABLE {name} AS SELECT b.batch, t.* FROM {table} t JOIN site_batch b USING (report_id) ORDER BY b.batch");
    }

    public void DropBatches()
    {
        foreach (var (name, _) in StagedTables) Scalar($"DROP TABLE IF EXISTS {name}");
        Scalar("DROP TABLE IF EXISTS site_batch");
    }

    private static readonly (string Name, string Table)[] StagedTables =
    [
        ("site_b_checks", "checks"), ("site_b_metrics", "metrics"), ("site_b_yoy", "yoy"), ("site_b_diagnostics", "diagnostics"),
        ("site_b_narrative", "narrative_facts"), ("site_b_ranks", "site_peer_ranks"), ("site_b_quality", "report_quality"),
    ];

    /// <summary>
    /// Every input an agency page (with its CSV, chart and source pages) shows, one query per kind of row. Each row is
    /// hashed whole (<c>hash(t)</c>: every column, so a column added later is covered too); rankings only as far as
    /// the page shows them: the county rank row, and the year and agency level of the national group its link points
    /// to. Anything global (dictionaries, labels, limits) is in the site digest instead.
    /// </summary>
    internal static readonly (string Name, string Sql)[] DigestInputs =
    [
        ("reports", "SELECT report_id, hash(t) AS h FROM reports t"),
        ("facts", "SELECT report_id, hash(t) FROM fact_store t"),
        ("source", "SELECT report_id, hash(t) FROM source_texts t"),
        // A check that did not fail is shown by rule and status only; its expected value can be a statistic over every
        // report (AMOUNT-PER-PROJECT's) that moves with each new one.
        ("checks", "SELECT report_id, CASE WHEN status = 'failed' THEN hash(t) ELSE hash(rule_id, status) END FROM checks t"),
        // The score only orders a report's flags: its place in that order instead (the explanation has the rounded score).
        ("flags", """
            SELECT report_id, hash(flag_id, subject, detector, severity, explanation, explanation_en, fields, lines, review_status, review_note, reviewed_at,
                row_number() OVER (PARTITION BY report_id ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, score DESC, flag_id))
            FROM flag_reviews
            """),
        ("metrics", "SELECT report_id, hash(t) FROM metrics t"),
        ("county_rank", "SELECT report_id, hash(t) FROM rankings t WHERE peer_group = 'county'"),
        ("ranking_group", "SELECT report_id, hash(metric, year, agency_level) FROM rankings WHERE peer_group = 'nation'"),
        ("yoy", "SELECT report_id, hash(t) FROM yoy t"),
        ("diagnostics", "SELECT report_id, hash(t) FROM diagnostics t"),
        ("narrative", "SELECT report_id, hash(t) FROM narrative_facts t"),
        ("quality", "SELECT report_id, hash(t) FROM report_quality t"),
    ];

    /// <summary>
    /// Per agency (the key of <see cref="ReportRow.AgencyKey"/>), an MD5 over the hashes of every row its pages show
    /// (<see cref="DigestInputs"/>), computed in DuckDB: the row count, the sum and the XOR of the rows' 64-bit hashes
    /// (each with its kind and report id). Sum and XOR need no order: an ordered aggregate (string_agg … ORDER BY) keeps
    /// a sort buffer per group and ran out of DuckDB's 1 GB at 10,000 reports. <paramref name="omit"/> leaves one input
    /// out (tests only).
    /// </summary>
    public Dictionary<string, string> AgencyDigests(string? omit = null)
    {
        var parts = string.Join("\n        UNION ALL ", DigestInputs.Where(d => d.Name != omit)
            .Select(d => $"SELECT '{d.Name}' AS part, * FROM ({d.Sql})"));
        return Rows($"""
            WITH parts AS (
                {parts}
            ),
            keys AS (SELECT report_id, coalesce(region_code, '?') || '|' || coalesce(agency_short, agency_name, report_id) AS agency_key FROM reports)
            SELECT k.agency_key, md5(count(*)::VARCHAR || ' ' || sum(hash(p.part, p.report_id, p.h)::HUGEINT)::VARCHAR || ' ' || bit_xor(hash(p.h, p.part, p.report_id))::VARCHAR)
            FROM parts p JOIN keys k USING (report_id)
            GROUP BY k.agency_key
            """).ToDictionary(r => r.GetString(0), r => r.GetString(1), StringComparer.Ordinal);
    }

    public IReadOnlyList<FlagRow> Flags(IEnumerable<string>? reportIds = null) => Rows($"""
        SELECT flag_id, report_id, subject, detector, score, severity, explanation, explanation_en, fields, lines,
               review_status, review_note, strftime(reviewed_at, '%Y-%m-%d %H:%M')
        FROM flag_reviews
        {(reportIds is null ? "" : "WHERE report_id IN " + InList(reportIds))}
        ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, score DESC, flag_id
        """).Select(r => new FlagRow(r.GetString(0), r.GetString(1), S(r, 2) ?? "", r.GetString(3), D(r, 4) ?? 0, S(r, 5) ?? "info",
            S(r, 6) ?? "", S(r, 7), Strs(r, 8), Ints(r, 9), S(r, 10) ?? "open", S(r, 11), S(r, 12))).ToList();

    /// <summary>Ranking rows, optionally of one metric, peer group, year (0: none) and agency level ("": none).</summary>
    public IReadOnlyList<RankRow> Rankings(string? metric = null, string? peerGroup = null, int? year = null, string? level = null)
    {
        var where = new List<string>();
        if (metric is not null) where.Add($"metric = '{Html.Slug(metric)}'");
        if (peerGroup is not null) where.Add($"peer_group = '{Html.Slug(peerGroup)}'");
        if (year is not null) where.Add($"coalesce(year, 0) = {year.Value.ToString(Html.Inv)}");
        if (level is not null) where.Add($"coalesce(agency_level, '') = '{level.Replace("'", "''")}'");
        return Rows($"""
            SELECT report_id, metric, value, peer_group, peer_key, agency_level, year, rank, group_size, percentile FROM rankings
            {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))}
            ORDER BY metric, peer_group, peer_key, agency_level, year, rank, report_id
            """).Select(r => new RankRow(r.GetString(0), r.GetString(1), D(r, 2) ?? 0, r.GetString(3), r.GetString(4), S(r, 5) ?? "",
                I(r, 6) ?? 0, Convert.ToInt64(r.GetValue(7)), Convert.ToInt64(r.GetValue(8)), D(r, 9) ?? 0)).ToList();
    }

    public IReadOnlyList<MetricRow> Metrics(int batch) => MetricRows($"site_b_metrics WHERE batch = {batch}");

    private IReadOnlyList<MetricRow> MetricRows(string source) => Rows($"""
        SELECT report_id, metric, value, unit, lines FROM {source}
        ORDER BY report_id, metric
        """).Select(r => new MetricRow(r.GetString(0), r.GetString(1), D(r, 2) ?? 0, S(r, 3) ?? "", Ints(r, 4))).ToList();

    public IReadOnlyList<YoyRow> Yoy(int batch) => YoyRows($"site_b_yoy WHERE batch = {batch}");

    private IReadOnlyList<YoyRow> YoyRows(string source) => Rows($"""
        SELECT agency_key, metric, prev_year, year, prev_report_id, report_id, prev_value, value, change, change_ratio, comparability, gap
        FROM {source} ORDER BY agency_key, metric, year
        """).Select(r => new YoyRow(r.GetString(0), r.GetString(1), I(r, 2) ?? 0, I(r, 3) ?? 0, r.GetString(4), r.GetString(5),
            D(r, 6) ?? 0, D(r, 7) ?? 0, D(r, 8) ?? 0, D(r, 9), S(r, 10) ?? "", !r.IsDBNull(11) && Convert.ToBoolean(r.GetValue(11)))).ToList();

    public IReadOnlyList<DiagnosticRow> Diagnostics(int batch) => DiagnosticRows($"site_b_diagnostics WHERE batch = {batch}");

    private IReadOnlyList<DiagnosticRow> DiagnosticRows(string source) => Rows($"""
        SELECT report_id, seq, severity, code, message, field, line FROM {source} ORDER BY report_id, seq
        """).Select(r => new DiagnosticRow(r.GetString(0), I(r, 1) ?? 0, S(r, 2) ?? "", S(r, 3) ?? "", S(r, 4) ?? "", S(r, 5), I(r, 6))).ToList();

    public IReadOnlyList<NarrativeRow> Narrative(int batch) => NarrativeRows($"site_b_narrative WHERE batch = {batch}");

    private IReadOnlyList<NarrativeRow> NarrativeRows(string source) => Rows($"""
        SELECT report_id, name, value, raw, line FROM {source} ORDER BY report_id, line, name
        """).Select(r => new NarrativeRow(r.GetString(0), r.GetString(1), Convert.ToDecimal(r.GetValue(2), Html.Inv), S(r, 3), I(r, 4))).ToList();

    public IReadOnlyDictionary<string, string> SourceTexts(IEnumerable<string> reportIds, long fromRow = 0, long toRow = long.MaxValue) => Rows($"""
        SELECT report_id, text FROM source_texts WHERE rowid BETWEEN {fromRow} AND {toRow} AND report_id IN {InList(reportIds)}
        """).ToDictionary(r => r.GetString(0), r => S(r, 1) ?? "");
}

/// <summary>One shared instance per distinct string: for values that repeat across many rows kept in memory.</summary>
public sealed class StringPool
{
    private readonly Dictionary<string, string> _d = new(StringComparer.Ordinal);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(s))]
    public string? Get(string? s)
    {
        if (s is null) return null;
        if (_d.TryGetValue(s, out var kept)) return kept;
        _d[s] = s;
        return s;
    }
}
