using System.Text;
using GovReport.Ingest.Model;

namespace GovReport.Ingest.Store;

/// <summary>
/// The database is the contract between stages and a public interface: this DDL is documented column by column
/// in docs/schema.md. Facts are stored one row per report in <c>fact_store</c> (values and lines as lists, the field
/// list implied by the template, and only the facts that are not plain numbers spelled out: bulk-loading it costs a
/// fraction of eight full lists, see docs/scale.md) and exposed long as the <c>facts</c> view, as the lists of
/// <c>report_facts</c> (a view) and wide as <c>report_fields_2019</c> / <c>report_fields_2021</c>.
/// </summary>
public static class Schema
{
    public const int Version = 6;

    /// <summary>The older version a writable open upgrades in place (6 added <c>source_files</c> and nothing else).</summary>
    public const int UpgradableFrom = 5;

    // report_id is unique in reports, fact_store and source_texts, but it is not declared PRIMARY KEY: DuckDB's
    // key index halved the bulk-load rate (60k reports: 117 s against 53 s). The single writer enforces uniqueness
    // (it loads the stored ids first and claims every id before writing).

    public static string Ddl => $"""
        CREATE TABLE IF NOT EXISTS meta (
            key   VARCHAR PRIMARY KEY,
            value VARCHAR NOT NULL
        );
        CREATE TABLE IF NOT EXISTS reports (
            report_id        VARCHAR NOT NULL,
            source_path      VARCHAR NOT NULL,
            sha256           VARCHAR NOT NULL,
            file_size        BIGINT  NOT NULL,
            source_form      VARCHAR NOT NULL,
            encoding         VARCHAR,
            agency_name      VARCHAR,
            agency_short     VARCHAR,
            agency_level     VARCHAR NOT NULL,
            agency_source    VARCHAR,
            agency_line      INTEGER,
            region_code      VARCHAR,
            province         VARCHAR,
            city             VARCHAR,
            county           VARCHAR,
            township         VARCHAR,
            region_level     VARCHAR NOT NULL,
            region_confidence DOUBLE NOT NULL,
            region_evidence  VARCHAR[] NOT NULL,
            region_candidates VARCHAR[] NOT NULL,
            year             INTEGER,
            year_source      VARCHAR,
            published_on     DATE,
            template         VARCHAR NOT NULL,
            template_signals VARCHAR[] NOT NULL,
            sections_found   VARCHAR[] NOT NULL,
            fact_count       INTEGER NOT NULL,
            reported_count   INTEGER NOT NULL,
            errors           INTEGER NOT NULL,
            warnings         INTEGER NOT NULL,
            infos            INTEGER NOT NULL,
            ingest_run_id    INTEGER NOT NULL,
            parser_build     VARCHAR NOT NULL
        );
        CREATE TABLE IF NOT EXISTS fact_store (
            report_id     VARCHAR NOT NULL,
            template      VARCHAR NOT NULL,
            field         VARCHAR[],
            value         DECIMAL(18,4)[] NOT NULL,
            line          INTEGER[] NOT NULL,
            x_pos         INTEGER[] NOT NULL,
            x_status      VARCHAR[] NOT NULL,
            x_raw         VARCHAR[] NOT NULL,
            x_unit        VARCHAR[] NOT NULL,
            x_unit_source VARCHAR[] NOT NULL,
            x_approximate BOOLEAN[] NOT NULL
        );
        CREATE TABLE IF NOT EXISTS narrative_facts (
            report_id   VARCHAR NOT NULL,
            name        VARCHAR NOT NULL,
            value       DECIMAL(18,4) NOT NULL,
            approximate BOOLEAN NOT NULL,
            raw         VARCHAR NOT NULL,
            line        INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS diagnostics (
            report_id VARCHAR NOT NULL,
            seq       INTEGER NOT NULL,
            severity  VARCHAR NOT NULL,
            code      VARCHAR NOT NULL,
            message   VARCHAR NOT NULL,
            field     VARCHAR,
            line      INTEGER
        );
        CREATE TABLE IF NOT EXISTS source_texts (
            report_id VARCHAR NOT NULL,
            text      VARCHAR NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ingest_runs (
            run_id      INTEGER PRIMARY KEY,
            started_at  TIMESTAMP NOT NULL,
            finished_at TIMESTAMP,
            tool_version VARCHAR NOT NULL,
            paths       VARCHAR[] NOT NULL,
            files_seen  INTEGER,
            loaded      INTEGER,
            replaced    INTEGER,
            unchanged   INTEGER,
            duplicates  INTEGER,
            failed      INTEGER,
            skipped     INTEGER,
            errors      INTEGER,
            warnings    INTEGER,
            infos       INTEGER
        );
        CREATE TABLE IF NOT EXISTS ingest_failures (
            run_id      INTEGER NOT NULL,
            source_path VARCHAR NOT NULL,
            sha256      VARCHAR,
            reason      VARCHAR NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ingest_duplicates (
            run_id      INTEGER NOT NULL,
            source_path VARCHAR NOT NULL,
            report_id   VARCHAR NOT NULL
        );
        CREATE TABLE IF NOT EXISTS source_files (
            source_path    VARCHAR NOT NULL,
            file_size      BIGINT  NOT NULL,
            modified_ticks BIGINT  NOT NULL,
            sha256         VARCHAR NOT NULL,
            run_id         INTEGER NOT NULL
        );
        CREATE OR REPLACE VIEW report_facts AS
        {FactListsSql("fact_store")};
        CREATE OR REPLACE MACRO report_facts_rows(first_row, last_row) AS TABLE
        {FactListsSql("fact_store WHERE rowid BETWEEN first_row AND last_row")};
        CREATE OR REPLACE VIEW facts AS
            SELECT report_id, field, value,
                   CASE WHEN x IS NULL THEN 'reported' ELSE x_status[x] END AS status,
                   CASE WHEN x IS NULL THEN {PlainRaw("value")} ELSE x_raw[x] END AS raw,
                   x_unit[x] AS unit,
                   x_unit_source[x] AS unit_source,
                   CASE WHEN x IS NULL THEN false ELSE x_approximate[x] END AS approximate,
                   line
            FROM (
                SELECT report_id, field, value, line, list_position(x_pos, i) AS x, x_status, x_raw, x_unit, x_unit_source, x_approximate
                FROM (
                    SELECT report_id, unnest({Fields("field", "template")}) AS field, unnest(value) AS value, unnest(line) AS line,
                           unnest(range(1, len(value) + 1)) AS i, x_pos, x_status, x_raw, x_unit, x_unit_source, x_approximate
                    FROM fact_store));
        CREATE OR REPLACE VIEW field_dictionary AS
            SELECT * FROM (VALUES {DictionaryRows()}) AS t(field, templates, section, label, kind, unit, template_unit);
        {WideView(TemplateVersion.V2019)}
        {WideView(TemplateVersion.V2021)}
        """;

    /// <summary>One row per report of a template, one column per field: for people who query with SQL.</summary>
    private static string WideView(string template)
    {
        var sb = new StringBuilder();
        sb.Append($"CREATE OR REPLACE VIEW report_fields_{template} AS\n    SELECT r.report_id, r.agency_name, r.agency_level, r.year");
        var fields = FieldDictionary.For(template);
        for (int i = 0; i < fields.Count; i++)
        {
            // By position in the template's dictionary order (how ingest stores them); by name if a field list is stored.
            sb.Append($",\n           fs.value[CASE WHEN fs.field IS NULL THEN {i + 1} ELSE list_position(fs.field, '{fields[i].Id}') END] AS {fields[i].Id}");
        }
        sb.Append($"\n    FROM reports r JOIN fact_store fs USING (report_id)\n    WHERE r.template = '{template}';");
        return sb.ToString();
    }

    /// <summary>
    /// A fact is plain when it was printed as a whole number and nothing else: status reported, no unit, not approximate,
    /// and its raw text is the value written as an integer (what <see cref="PlainRaw"/> gives back). Only the facts that
    /// are not plain are stored in the x_ lists of <c>fact_store</c>; the others are rebuilt from their value.
    /// </summary>
    public static bool IsPlain(Fact f) =>
        f.Status == FactStatus.Reported && f.Value is { } v && v == decimal.Truncate(v) && Math.Abs(v) < 1e15m && f.Unit is null && f.UnitSource is null && !f.Approximate
        && f.Raw == ((long)v).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The raw text of a plain fact, from its value: the inverse of the raw test in <see cref="IsPlain"/>.</summary>
    private static string PlainRaw(string value) => $"CAST(CAST({value} AS BIGINT) AS VARCHAR)";

    /// <summary>The field list of a <c>fact_store</c> row: stored, or (NULL) its template's fields in dictionary order.</summary>
    private static string Fields(string field, string template) =>
        $"coalesce({field}, CASE {template} " +
        string.Join(" ", new[] { TemplateVersion.V2019, TemplateVersion.V2021 }.Select(t =>
            $"WHEN '{t}' THEN [{string.Join(", ", FieldDictionary.For(t).Select(f => $"'{f.Id}'"))}]")) +
        " ELSE []::VARCHAR[] END)";

    /// <summary>
    /// <c>report_facts</c> as it was stored before schema version 5 (one row per report, eight parallel lists), rebuilt
    /// from <c>fact_store</c>: the facts view unnests the same data row by row.
    /// </summary>
    private static string FactListsSql(string from) => $"""
        SELECT report_id,
                   {Fields("field", "template")} AS field,
                   value,
                   list_transform(value, (v, i) -> CASE WHEN list_position(x_pos, i) IS NULL THEN 'reported' ELSE x_status[list_position(x_pos, i)] END) AS status,
                   list_transform(value, (v, i) -> CASE WHEN list_position(x_pos, i) IS NULL THEN {PlainRaw("v")} ELSE x_raw[list_position(x_pos, i)] END) AS raw,
                   list_transform(value, (v, i) -> x_unit[list_position(x_pos, i)]) AS unit,
                   list_transform(value, (v, i) -> x_unit_source[list_position(x_pos, i)]) AS unit_source,
                   list_transform(value, (v, i) -> CASE WHEN list_position(x_pos, i) IS NULL THEN false ELSE x_approximate[list_position(x_pos, i)] END) AS approximate,
                   line
            FROM {from}
        """;

    private static string DictionaryRows() => string.Join(",\n            ", FieldDictionary.All.Select(f =>
        $"('{f.Id}', '{string.Join(",", f.Templates)}', '{f.Section}', '{Sql(f.Label)}', '{f.Kind}', '{f.Unit}', {(f.TemplateUnit is null ? "NULL" : $"'{f.TemplateUnit}'")})"));

    private static string Sql(string s) => s.Replace("'", "''");
}
