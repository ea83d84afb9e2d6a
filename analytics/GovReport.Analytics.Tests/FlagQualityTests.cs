using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;
using GovReport.Synth;

namespace GovReport.Analytics.Tests;

/// <summary>
/// Flag quality on a labelled synthetic corpus (seed 11, not the seed the thresholds were chosen on): the rules that see
/// a defect catch it with recall and precision of at least 0.95, and the magnitude detectors catch extreme values with
/// recall and precision of at least 0.8 (the issue's targets); each rule catches its own kind.
/// </summary>
public sealed class FlagQualityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-flags-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Rule_visible_defects_meet_the_targets()
    {
        string corpus = Path.Combine(_dir, "corpus");
        SynthGenerator.Write(new SynthOptions(3000, 11, DefectRate: 0.2), corpus);
        using var store = ReportStore.Open(Path.Combine(_dir, "f.duckdb"), memoryLimit: "4GB");
        await IngestPipeline.RunAsync([corpus], store, new IngestOptions());
        Analyzer.Run(store.Connection);
        var scores = FlagEvaluation.Run(store.Connection, FlagEvaluation.LoadTruth(Path.Combine(corpus, "truth.csv")));

        void AssertRecall(string defect, params string[] detectors)
        {
            double r = RecallOf(defect, detectors);
            Assert.True(r >= 0.95, $"{defect}: recall {r:0.000} with {string.Join(", ", detectors)}");
        }
        DetectorScore Score(string defect, string detector) => scores.Single(s => s.Defect == defect && s.Detector == detector);
        double RecallOf(string defect, params string[] detectors)
        {
            // Reports caught by any of the given detectors: the union, from the per-report flags.
            var files = store.Query($"""
                SELECT count(DISTINCT i.file) FROM read_csv('{Path.Combine(corpus, "truth.csv")}') i
                LEFT JOIN reports r ON regexp_extract(r.source_path, '[^/]+$') = i.file
                LEFT JOIN flags f ON f.report_id = r.report_id
                -- A byte-identical copy is caught when either file of the pair was skipped as the other's duplicate.
                LEFT JOIN ingest_duplicates d ON regexp_extract(d.source_path, '[^/]+$') = i.file OR d.report_id = r.report_id
                WHERE i.defect = '{defect}' AND (list_contains($1, f.detector) OR (d.source_path IS NOT NULL AND list_contains($1, 'ingest:duplicate')))
                """, detectors.ToList()).Rows[0][0];
            int total = scores.First(s => s.Defect == defect).Defects;
            return Convert.ToDouble(files) / total;
        }

        AssertRecall("broken_identity", "rule:S3-BALANCE");
        AssertRecall("swapped_digits", "rule:S3-ROW-TOTAL", "rule:S3-BALANCE", "rule:S3-RESULTS", "rule:S4-TOTALS");
        AssertRecall("narrative_mismatch", "rule:NARRATIVE-APPLICATIONS", "rule:NARRATIVE-PROACTIVE");
        AssertRecall("unit_confusion", "rule:MONEY-MAGNITUDE", "rule:AMOUNT-PER-PROJECT", "rule:UNIT-ASSUMED");
        AssertRecall("duplicated_report", "ingest:duplicate", "rule:DUPLICATE-TABLES");
        AssertRecall("column_shift", "rule:S2-COLUMN-SHIFT");
        foreach (var rule in new[] { "rule:S3-BALANCE", "rule:S3-ROW-TOTAL", "rule:NARRATIVE-APPLICATIONS", "rule:NARRATIVE-PROACTIVE", "rule:MONEY-MAGNITUDE",
                                     "rule:S2-COLUMN-SHIFT", "rule:DUPLICATE-TABLES" })
        {
            var s = scores.First(x => x.Detector == rule);
            Assert.True(s.Precision >= 0.95, $"{rule}: precision {s.Precision:0.000} ({s.TruePositives}/{s.Flagged})");
        }

        // Magnitude outliers: the union of the two magnitude detectors finds 80% of extreme values, and each is right at
        // least 80% of the time it flags a report.
        double magnitude = RecallOf("extreme_magnitude", "own_years", "robust_z");
        Assert.True(magnitude >= 0.8, $"extreme_magnitude: recall {magnitude:0.000} with own_years, robust_z");
        foreach (var detector in new[] { "own_years", "robust_z" })
        {
            var s = scores.First(x => x.Detector == detector);
            Assert.True(s.Precision >= 0.8, $"{detector}: precision {s.Precision:0.000} ({s.TruePositives}/{s.Flagged})");
        }
        // Their explanations name the comparison and the source line.
        Assert.Equal(0L, Convert.ToInt64(store.Query("""
            SELECT count(*) FROM flags WHERE detector IN ('own_years', 'robust_z')
              AND (len(lines) = 0 OR NOT regexp_matches(explanation, '(本机关其他年度|同级).*中位数 .*的 .* 倍'))
            """).Rows[0][0]));
        // Each catches extreme values on its own, not only through the other.
        Assert.True(Score("extreme_magnitude", "own_years").Recall >= 0.5);
        Assert.True(Score("extreme_magnitude", "robust_z").Recall >= 0.5);
    }
}
