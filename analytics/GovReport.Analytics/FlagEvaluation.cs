using DuckDB.NET.Data;

namespace GovReport.Analytics;

/// <summary>One injected defect of a synthetic corpus (<c>govreport synth</c> writes DIR/truth.csv).</summary>
public sealed record InjectedDefect(string File, string Defect, string Field);

/// <summary>Recall of one detector (or of all of them) on one defect type, and a detector's precision.</summary>
public sealed record DetectorScore(string Defect, string Detector, int Defects, int Detected, double Recall, int Flagged, int TruePositives, double Precision);

/// <summary>
/// Flag quality on a labelled corpus. A report counts as detected for a defect when the detector flags it; a flag
/// is a true positive when its report carries any injected defect (a detector may rightly catch another defect's
/// symptom), so precision is per detector; a cross-year flag names two reports (checks.compared_report_id) and is a
/// true positive when either carries one. Duplicates not loaded because their bytes were already loaded count as
/// detected by <c>ingest:duplicate</c>. Of two byte-identical files, which one is "the copy" is not in the bytes: ingest
/// reads files in parallel and keeps whichever it meets first, so a labelled copy that was loaded while its original
/// was skipped as its duplicate counts as detected too.
/// </summary>
public static class FlagEvaluation
{
    public static IReadOnlyList<InjectedDefect> LoadTruth(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) return [];
        var header = lines[0].Split(',');
        int file = Array.IndexOf(header, "file"), defect = Array.IndexOf(header, "defect"), field = Array.IndexOf(header, "field");
        if (file < 0 || defect < 0) throw new FormatException($"{path}: the header must name the columns file and defect");
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Select(c => new InjectedDefect(c[file], c[defect], field >= 0 && field < c.Length ? c[field] : ""))];
    }

    public static IReadOnlyList<DetectorScore> Run(DuckDBConnection c, IReadOnlyList<InjectedDefect> truth)
    {
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "CREATE OR REPLACE TEMP TABLE injected (file VARCHAR, defect VARCHAR, field VARCHAR)";
            cmd.ExecuteNonQuery();
        }
        using (var a = c.CreateAppender("injected"))
            foreach (var t in truth) a.CreateRow().AppendValue(t.File).AppendValue(t.Defect).AppendValue(t.Field).EndRow();

        const string sql = """
            WITH files AS (
                SELECT regexp_extract(source_path, '[^/]+$') AS file, report_id, true AS loaded FROM reports
                -- A file not loaded because its bytes were loaded from another path is that report: a defect injected
                -- into it (other than being the copy) is the loaded report's defect.
                UNION ALL SELECT regexp_extract(source_path, '[^/]+$'), report_id, false FROM ingest_duplicates
            ), hits AS (
                SELECT DISTINCT report_id, detector FROM flags
            ), dup AS (
                SELECT regexp_extract(source_path, '[^/]+$') AS file FROM ingest_duplicates
                UNION SELECT f.file FROM ingest_duplicates d JOIN files f ON f.report_id = d.report_id AND f.loaded
            ),
            defects AS (SELECT DISTINCT i.file, i.defect, f.report_id FROM injected i
                        LEFT JOIN files f ON f.file = i.file AND (f.loaded OR i.defect <> 'duplicated_report')),
            detectors AS (SELECT DISTINCT detector FROM flags UNION SELECT 'ingest:duplicate' UNION SELECT 'any'),
            detected AS (
                SELECT d.defect, t.detector, count(*) AS defects,
                       count(*) FILTER (WHERE
                           t.detector = 'any' AND (d.report_id IN (SELECT report_id FROM hits) OR d.defect = 'duplicated_report' AND d.file IN (SELECT file FROM dup))
                        OR t.detector = 'ingest:duplicate' AND d.defect = 'duplicated_report' AND d.file IN (SELECT file FROM dup)
                        OR (d.report_id, t.detector) IN (SELECT report_id, detector FROM hits)) AS detected
                FROM defects d CROSS JOIN detectors t GROUP BY ALL
            ), compared AS (
                -- A cross-year flag compares two reports: it is right when either of them carries an injected defect.
                SELECT DISTINCT f.report_id, f.detector, c.compared_report_id
                FROM flags f JOIN checks c ON 'rule:' || c.rule_id = f.detector AND c.report_id = f.report_id
                WHERE c.rule_id LIKE 'CROSS-%' AND c.compared_report_id IS NOT NULL
            ), judged AS (
                SELECT h.report_id, h.detector,
                       h.report_id IN (SELECT report_id FROM defects WHERE report_id IS NOT NULL)
                       OR EXISTS (SELECT 1 FROM compared x WHERE x.report_id = h.report_id AND x.detector = h.detector
                                  AND x.compared_report_id IN (SELECT report_id FROM defects WHERE report_id IS NOT NULL)) AS is_right
                FROM hits h WHERE h.report_id IS NOT NULL
            ), precision AS (
                SELECT detector, count(DISTINCT report_id) AS flagged, count(DISTINCT report_id) FILTER (WHERE is_right) AS tp
                FROM judged GROUP BY ALL
                UNION ALL
                SELECT 'any', count(DISTINCT report_id), count(DISTINCT report_id) FILTER (WHERE is_right) FROM judged
            )
            SELECT d.defect, d.detector, d.defects, d.detected, coalesce(p.flagged, 0), coalesce(p.tp, 0)
            FROM detected d LEFT JOIN precision p USING (detector)
            WHERE d.detected > 0 OR d.detector = 'any'
            ORDER BY d.defect, d.detected DESC, d.detector
            """;
        var scores = new List<DetectorScore>();
        using var q = c.CreateCommand();
        q.CommandText = sql;
        using var r = q.ExecuteReader();
        while (r.Read())
        {
            int defects = Convert.ToInt32(r.GetValue(2)), detected = Convert.ToInt32(r.GetValue(3));
            int flagged = Convert.ToInt32(r.GetValue(4)), tp = Convert.ToInt32(r.GetValue(5));
            string detector = r.GetString(1);
            if (detector == "ingest:duplicate") { flagged = detected; tp = detected; } // a duplicate of bytes is certain
            scores.Add(new DetectorScore(r.GetString(0), detector, defects, detected,
                defects == 0 ? 0 : (double)detected / defects, flagged, tp, flagged == 0 ? 0 : (double)tp / flagged));
        }
        return scores;
    }
}
