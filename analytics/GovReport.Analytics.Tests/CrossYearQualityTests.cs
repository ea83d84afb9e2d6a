using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;
using GovReport.Synth;

namespace GovReport.Analytics.Tests;

/// <summary>
/// Cross-year rules on a labelled synthetic corpus (seed 5, 1,500 reports, 15% cross-year breaks on top of the usual
/// 10% in-report defects): each injected break is caught by its rule with recall ≥ 0.95, every cross-year flag
/// names a report pair that carries an injected defect (precision ≥ 0.95), and agency identity matches the
/// generator's own agency ids exactly (no two agencies merged, none split).
/// </summary>
public sealed class CrossYearQualityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-crossyear-q-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Cross_year_breaks_are_caught_and_agencies_match_the_generator()
    {
        string corpus = Path.Combine(_dir, "corpus");
        var summary = MultiYear.Write(new SynthOptions(1500, 5), 0.15, corpus);
        foreach (var d in CrossYearDefect.All) Assert.True(summary.ByDefect[d] >= 10, $"{d}: only {summary.ByDefect[d]} injected");
        using var store = ReportStore.Open(Path.Combine(_dir, "q.duckdb"));
        await IngestPipeline.RunAsync([corpus], store, new IngestOptions());
        Analyzer.Run(store.Connection);
        var scores = FlagEvaluation.Run(store.Connection, FlagEvaluation.LoadTruth(Path.Combine(corpus, "truth.csv")));

        foreach (var (defect, rule) in new[]
                 {
                     (CrossYearDefect.CarryOverMismatch, "rule:CROSS-CARRY-OVER"), (CrossYearDefect.StockFlowMismatch, "rule:CROSS-STOCK-2021"),
                     (CrossYearDefect.DuplicatedYear, "rule:CROSS-REPEATED-TABLES"), (CrossYearDefect.MissingYear, "rule:CROSS-YEAR-MISSING"),
                 })
        {
            var s = scores.Single(x => x.Defect == defect && x.Detector == rule);
            Assert.True(s.Recall >= 0.95, $"{defect}: recall {s.Recall:0.000} ({s.Detected}/{s.Defects}) with {rule}");
            Assert.True(s.Precision >= 0.95, $"{rule}: precision {s.Precision:0.000} ({s.TruePositives}/{s.Flagged})");
        }

        // Identity: the generator's agency id (manifest) and agency_id correspond one to one.
        string manifest = Path.Combine(corpus, "manifest.csv");
        var pairs = store.Query($"""
            SELECT count(DISTINCT m.agency_id), count(DISTINCT ra.agency_id), count(DISTINCT (m.agency_id, ra.agency_id))
            FROM read_csv('{manifest}', all_varchar = true) m
            JOIN reports r ON regexp_extract(r.source_path, '[^/]+$') = m.file
            JOIN report_agencies ra USING (report_id)
            """).Rows[0];
        Assert.Equal(pairs[0], pairs[1]);
        Assert.Equal(pairs[0], pairs[2]);
        // No synthetic agency claims a year twice (byte-identical copies are not loaded), so every report counts.
        Assert.Equal(0L, store.Scalar("SELECT count(*) FROM report_agencies WHERE NOT counts"));
    }
}
