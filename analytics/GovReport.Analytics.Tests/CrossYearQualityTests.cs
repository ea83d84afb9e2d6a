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

        // Timeliness from the generator's own publication dates (manifest), computed here: 街道/乡镇/部门 by 31 January,
        // 县级政府 by 31 March of the next year.
        var lines = File.ReadAllLines(manifest).Skip(1).Select(l => l.Split(',')).ToList();
        int late = 0, onTime = 0;
        foreach (var m in lines.Take(400))
        {
            string file = m[0], level = m[4];
            int year = int.Parse(m[1], System.Globalization.CultureInfo.InvariantCulture);
            var published = DateOnly.ParseExact(m[8], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var deadline = level == "县级政府" ? new DateOnly(year + 1, 3, 31) : new DateOnly(year + 1, 1, 31);
            var row = store.Query($"SELECT q.timeliness, q.days_late, q.score_timeliness FROM report_quality q JOIN reports r USING (report_id) WHERE r.source_path LIKE '%/{file}'").Rows;
            if (row.Count == 0) continue; // a byte-identical copy, not loaded
            int days = published.DayNumber - deadline.DayNumber;
            Assert.Equal(days > 0 ? "late" : "on_time", row[0][0]);
            Assert.Equal(days, Convert.ToInt32(row[0][1]));
            Assert.Equal(days <= 0 ? 20d : days <= 30 ? 10d : 0d, row[0][2]);
            if (days > 0) late++; else onTime++;
        }
        Assert.True(late > 10 && onTime > 10, $"late {late}, on time {onTime}");
        Assert.True(Convert.ToInt64(store.Scalar("SELECT count(*) FROM send_back WHERE reasons_text LIKE '%逾期发布%'")) > 0);
    }

    [Fact]
    public async Task A_renamed_street_whose_new_name_is_unknown_stays_separate_with_a_diagnostic()
    {
        // Two consecutive clean reports of one synthetic 街道; the second renamed to a name the gazetteer does not know.
        var reports = SynthGenerator.Generate(new SynthOptions(300, 9, DefectRate: 0)).ToList();
        var (first, second) = reports.Zip(reports.Skip(1))
            .First(p => p.First.Agency.Kind == AgencyKind.Subdistrict && p.Second.Agency.Id == p.First.Agency.Id && p.Second.Year == p.First.Year + 1);
        string old = first.Agency.Township!.Name;
        string corpus = Directory.CreateDirectory(Path.Combine(_dir, "renamed")).FullName;
        File.WriteAllText(Path.Combine(corpus, first.FileName), first.Content);
        File.WriteAllText(Path.Combine(corpus, second.FileName), second.Content.Replace(old, "澜沧湾街道", StringComparison.Ordinal));
        using var store = ReportStore.Open(Path.Combine(_dir, "r.duckdb"));
        await IngestPipeline.RunAsync([corpus], store, new IngestOptions());
        Analyzer.Run(store.Connection);

        Assert.Equal(2L, store.Scalar("SELECT count(*) FROM agencies"));
        Assert.Equal(first.Agency.Township.Code, store.Scalar($"SELECT agency_id FROM report_agencies WHERE year = {first.Year}"));
        string renamed = (string)store.Scalar($"SELECT agency_id FROM report_agencies WHERE year = {second.Year}")!;
        Assert.EndsWith(":澜沧湾街道", renamed);
        // Each names the other as a possible rename; neither is merged, so no cross-year comparison is made.
        Assert.Contains(first.Agency.Township.Code, (string)store.Scalar($"SELECT diagnostic FROM agencies WHERE agency_id = '{renamed}'")!);
        Assert.Contains(renamed, (string)store.Scalar($"SELECT diagnostic FROM agencies WHERE agency_id = '{first.Agency.Township.Code}'")!);
        Assert.Equal("not_applicable", store.Scalar($"SELECT c.status FROM checks c JOIN reports r USING (report_id) WHERE r.year = {second.Year} AND c.rule_id = 'CROSS-CARRY-OVER'"));
    }
}
