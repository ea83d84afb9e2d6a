using System.Text;
using GovReport.Ingest.Model;

namespace GovReport.Ingest.Store;

/// <summary>
/// The database is the contract between stages and a public interface: this DDL is documented column by column
/// in docs/schema.md. Facts are stored one row per report (parallel lists, fast to bulk-load) and exposed
/// long as the <c>facts</c> view and wide as <c>report_fields_2019</c> / <c>report_fields_2021</c>.
/// </summary>
public static class Schema
{
    public const int Version = 4;

    // report_id is unique in reports, report_facts and source_texts, but it is not declared PRIMARY KEY: DuckDB's
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
        CREATE TABLE IF NOT EXISTS report_facts (
            report_id   VARCHAR NOT NULL,
            field       VARCHAR[] NOT NULL,
            value       DECIMAL(18,4)[] NOT NULL,
            status      VARCHAR[] NOT NULL,
            raw         VARCHAR[] NOT NULL,
            unit        VARCHAR[] NOT NULL,
            unit_source VARCHAR[] NOT NULL,
            approximate BOOLEAN[] NOT NULL,
            line        INTEGER[] NOT NULL
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
        CREATE OR REPLACE VIEW facts AS
            SELECT report_id,
                   unnest(field)       AS field,
                   unnest(value)       AS value,
                   unnest(status)      AS status,
                   unnest(raw)         AS raw,
                   unnest(unit)        AS unit,
                   unnest(unit_source) AS unit_source,
                   unnest(approximate) AS approximate,
                   unnest(line)        AS line
            FROM report_facts;
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
        foreach (var f in FieldDictionary.For(template))
        {
            // list_position is 1-based; the field lists are written in dictionary order, but look up by name to stay safe.
            sb.Append($",\n           rf.value[list_position(rf.field, '{f.Id}')] AS {f.Id}");
        }
        sb.Append($"\n    FROM reports r JOIN report_facts rf USING (report_id)\n    WHERE r.template = '{template}';");
        return sb.ToString();
    }

    private static string DictionaryRows() => string.Join(",\n            ", FieldDictionary.All.Select(f =>
        $"('{f.Id}', '{string.Join(",", f.Templates)}', '{f.Section}', '{Sql(f.Label)}', '{f.Kind}', '{f.Unit}', {(f.TemplateUnit is null ? "NULL" : $"'{f.TemplateUnit}'")})"));

    private static string Sql(string s) => s.Replace("'", "''");
}
