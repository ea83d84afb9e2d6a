using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GovReport.Analytics;

/// <summary>
/// Multivariate outliers: ML.NET's randomized-PCA anomaly detector over each report's standardized metric vector,
/// trained per peer group (agency level and year, at least <see cref="MinGroup"/> reports). Each metric enters as a
/// robust z-score of log(1 + value) within the group, clipped, missing as 0; a report is flagged when its score is in
/// the group's top <see cref="TopShare"/> and at least <see cref="MinScore"/>, and one of its metrics lies at least
/// <see cref="MinFeatureZ"/> from the group median. The explanation names the metrics
/// whose standardized values lie furthest out, with their values and the group medians.
/// </summary>
public static class PcaDetector
{
    public const int MinGroup = 30;
    public const double TopShare = 0.02;
    public const float MinScore = 0.6f;
    /// <summary>A flagged report must have at least one metric this many robust standard deviations from the group median.</summary>
    public const double MinFeatureZ = Analyzer.ZThreshold;
    public static readonly string[] Features =
        ["license_decisions", "penalty_decisions", "coercion_decisions", "applications_received", "applications_granted",
         "applications_denied", "applications_carried_forward", "review_cases", "litigation_cases", "proactive_items"];

    /// <summary>One peer group's reports in report_id order (the order the detector is trained in): their metric
    /// values row by row, <see cref="Features"/>.Length per report, NaN where the report has no such metric.</summary>
    public sealed record Group(string Level, int Year, string[] ReportIds, double[] Values)
    {
        public int Count => ReportIds.Length;
    }

    public sealed record Flag(string ReportId, float Score, string Explanation, string ExplanationEn, string Subject);

    private sealed class Row
    {
        [VectorType(10)] public float[] F { get; set; } = [];
    }

    private sealed class Scored
    {
        public float Score { get; set; }
    }

    /// <summary>
    /// Writes <c>pca_flags</c> one peer group at a time: each group's reports are read on their own (from a one-row-per-
    /// report table of the features), scored and their flags appended before the next group is read, so the .NET side
    /// holds one group's values (about 100 bytes a report) rather than every report's (0.8 GB at 1M reports).
    /// </summary>
    public static void Run(DuckDBConnection c)
    {
        Analyzer.Exec(c, $"""
            CREATE OR REPLACE TEMP TABLE pca_flags (sha256 VARCHAR, report_id VARCHAR, score DOUBLE, explanation VARCHAR, explanation_en VARCHAR, subject VARCHAR);
            CREATE OR REPLACE TEMP TABLE pca_input AS
            SELECT r.report_id, r.agency_level, r.year,
                   {string.Join(", ", Features.Select((f, j) => $"any_value(m.value) FILTER (WHERE m.metric = '{f}') AS v{j}"))}
            FROM reports r LEFT JOIN metrics m ON m.report_id = r.report_id AND m.metric IN ({string.Join(", ", Features.Select(f => $"'{f}'"))})
            WHERE r.year IS NOT NULL
            GROUP BY r.report_id, r.agency_level, r.year;
            """);
        var groups = new List<(string Level, int Year)>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"SELECT agency_level, year FROM pca_input GROUP BY ALL HAVING count(*) >= {MinGroup} ORDER BY ALL";
            using var r = cmd.ExecuteReader();
            while (r.Read()) groups.Add((r.GetString(0), r.GetInt32(1)));
        }
        foreach (var (level, year) in groups)
        {
            var flags = Score(ReadGroup(c, level, year)).ToList();
            using var a = c.CreateAppender("pca_flags");
            foreach (var f in flags)
                a.CreateRow().AppendValue((string?)null).AppendValue(f.ReportId).AppendValue((double)f.Score)
                    .AppendValue(f.Explanation).AppendValue(f.ExplanationEn).AppendValue(f.Subject).EndRow();
        }
        // The content hash only for the flagged reports, not carried through every group.
        Analyzer.Exec(c, """
            UPDATE pca_flags p SET sha256 = r.sha256 FROM reports r WHERE r.report_id = p.report_id;
            DROP TABLE pca_input;
            """);
    }

    private static Group ReadGroup(DuckDBConnection c, string level, int year)
    {
        int d = Features.Length;
        var ids = new List<string>();
        var values = new List<double>();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT report_id, {string.Join(", ", Features.Select((_, j) => $"v{j}"))} FROM pca_input WHERE agency_level = $1 AND year = $2 ORDER BY report_id";
        cmd.Parameters.Add(new DuckDBParameter(level));
        cmd.Parameters.Add(new DuckDBParameter(year));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            ids.Add(r.GetString(0));
            for (int j = 0; j < d; j++) values.Add(r.IsDBNull(j + 1) ? double.NaN : r.GetDouble(j + 1));
        }
        return new Group(level, year, [.. ids], [.. values]);
    }

    /// <summary>The flags of one peer group (of at least <see cref="MinGroup"/> reports), in report order.</summary>
    public static IEnumerable<Flag> Score(Group g)
    {
        int d = Features.Length, n = g.Count;
        bool Has(int i, int j) => !double.IsNaN(g.Values[i * d + j]);
        double Value(int i, int j) => g.Values[i * d + j];
        var med = new double[d];
        var scale = new double[d];
        for (int j = 0; j < d; j++)
        {
            var xs = Enumerable.Range(0, n).Where(i => Has(i, j)).Select(i => Math.Log(1 + Math.Max(0, Value(i, j)))).ToArray();
            med[j] = Median(xs);
            double mad = Median(xs.Select(x => Math.Abs(x - med[j])).ToArray());
            scale[j] = mad > 0 ? 1.4826 * mad : 1.0;
        }
        var z = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                z[i * d + j] = Has(i, j) ? (float)Math.Clamp((Math.Log(1 + Math.Max(0, Value(i, j))) - med[j]) / scale[j], -10, 10) : 0f;

        var ml = new MLContext(seed: 17); // deterministic
        // Rows made as ML.NET reads them (it passes over the data several times), not held as objects.
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, n).Select(i => new Row { F = z[(i * d)..((i + 1) * d)] }));
        var model = ml.AnomalyDetection.Trainers.RandomizedPca(featureColumnName: nameof(Row.F), rank: 3, ensureZeroMean: true, seed: 17).Fit(data);
        var scores = ml.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: true).Select(s => s.Score).ToArray();
        float cut = Math.Max(MinScore, scores.OrderByDescending(s => s).ElementAt(Math.Max(0, (int)(scores.Length * TopShare) - 1)));
        for (int i = 0; i < n; i++)
        {
            if (scores[i] < cut) continue;
            // An unusual combination of ordinary values (2 行政处罚 where most peers have none, with 1 denied
            // application) is common in small counts: at least one metric must itself lie far out.
            int row = i;
            if (!Enumerable.Range(0, d).Any(j => Math.Abs(z[row * d + j]) >= MinFeatureZ)) continue;
            var top = Enumerable.Range(0, d).Where(j => Has(row, j)).OrderByDescending(j => Math.Abs(z[row * d + j])).Take(3).ToList();
            string zh = $"多项指标组合异常（随机化主成分分析得分 {scores[i].ToString("0.00", CultureInfo.InvariantCulture)}，同级同年 {n} 份中前 {TopShare:P0}）；偏离最大的指标：" +
                string.Join("、", top.Select(j => $"{Features[j]} = {Fmt(Value(row, j))}（组中位数 {Fmt(Math.Exp(med[j]) - 1)}）"));
            string en = $"unusual combination of metrics (randomized-PCA score {scores[i].ToString("0.00", CultureInfo.InvariantCulture)}, top {TopShare:P0} of {n} peers); furthest out: " +
                string.Join(", ", top.Select(j => $"{Features[j]} = {Fmt(Value(row, j))} (median {Fmt(Math.Exp(med[j]) - 1)})"));
            yield return new Flag(g.ReportIds[i], scores[i], zh, en, Features[top.FirstOrDefault()]);
        }
    }

    private static double Median(double[] xs)
    {
        if (xs.Length == 0) return 0;
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static string Fmt(double v) => Math.Abs(v - Math.Round(v)) < 1e-9 ? Math.Round(v).ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);
}
