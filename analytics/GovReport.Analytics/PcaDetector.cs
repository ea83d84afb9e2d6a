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

    private sealed class Row
    {
        [VectorType(10)] public float[] F { get; set; } = [];
    }

    private sealed class Scored
    {
        public float Score { get; set; }
    }

    private sealed record Member(string ReportId, string Sha256, string Level, int Year, double?[] Values);

    public static void Run(DuckDBConnection c)
    {
        var members = Load(c);
        var flags = new List<(string Id, string Report, float Score, string Zh, string En, string Subject)>();
        foreach (var group in members.GroupBy(m => (m.Level, m.Year)).Where(g => g.Count() >= MinGroup))
        {
            var list = group.ToList();
            int d = Features.Length;
            var med = new double[d];
            var scale = new double[d];
            for (int j = 0; j < d; j++)
            {
                var xs = list.Select(m => m.Values[j]).Where(v => v is not null).Select(v => Math.Log(1 + Math.Max(0, v!.Value))).ToArray();
                med[j] = Median(xs);
                double mad = Median(xs.Select(x => Math.Abs(x - med[j])).ToArray());
                scale[j] = mad > 0 ? 1.4826 * mad : 1.0;
            }
            float Z(Member m, int j) => m.Values[j] is { } v ? (float)Math.Clamp((Math.Log(1 + Math.Max(0, v)) - med[j]) / scale[j], -10, 10) : 0f;
            var rows = list.Select(m => new Row { F = Enumerable.Range(0, d).Select(j => Z(m, j)).ToArray() }).ToList();

            var ml = new MLContext(seed: 17); // deterministic
            var data = ml.Data.LoadFromEnumerable(rows);
            var model = ml.AnomalyDetection.Trainers.RandomizedPca(featureColumnName: nameof(Row.F), rank: 3, ensureZeroMean: true, seed: 17).Fit(data);
            var scores = ml.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: false).Select(s => s.Score).ToArray();
            float cut = Math.Max(MinScore, scores.OrderByDescending(s => s).ElementAt(Math.Max(0, (int)(scores.Length * TopShare) - 1)));
            for (int i = 0; i < list.Count; i++)
            {
                if (scores[i] < cut) continue;
                var m = list[i];
                // An unusual combination of ordinary values (2 行政处罚 where most peers have none, with 1 denied
                // application) is common in small counts: at least one metric must itself lie far out.
                if (!Enumerable.Range(0, d).Any(j => Math.Abs(Z(m, j)) >= MinFeatureZ)) continue;
                var top = Enumerable.Range(0, d).Where(j => m.Values[j] is not null).OrderByDescending(j => Math.Abs(Z(m, j))).Take(3).ToList();
                string zh = $"多项指标组合异常（随机化主成分分析得分 {scores[i].ToString("0.00", CultureInfo.InvariantCulture)}，同级同年 {list.Count} 份中前 {TopShare:P0}）；偏离最大的指标：" +
                    string.Join("、", top.Select(j => $"{Features[j]} = {Fmt(m.Values[j]!.Value)}（组中位数 {Fmt(Math.Exp(med[j]) - 1)}）"));
                string en = $"unusual combination of metrics (randomized-PCA score {scores[i].ToString("0.00", CultureInfo.InvariantCulture)}, top {TopShare:P0} of {list.Count} peers); furthest out: " +
                    string.Join(", ", top.Select(j => $"{Features[j]} = {Fmt(m.Values[j]!.Value)} (median {Fmt(Math.Exp(med[j]) - 1)})"));
                flags.Add((m.Sha256, m.ReportId, scores[i], zh, en, Features[top.FirstOrDefault()]));
            }
        }
        Write(c, flags);
    }

    private static List<Member> Load(DuckDBConnection c)
    {
        var members = new Dictionary<string, Member>();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT r.report_id, r.sha256, r.agency_level, r.year, m.metric, m.value
            FROM reports r LEFT JOIN metrics m ON m.report_id = r.report_id AND m.metric IN ({string.Join(", ", Features.Select(f => $"'{f}'"))})
            WHERE r.year IS NOT NULL ORDER BY r.report_id
            """;
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            string id = r.GetString(0);
            if (!members.TryGetValue(id, out var m))
                members[id] = m = new Member(id, r.GetString(1), r.GetString(2), r.GetInt32(3), new double?[Features.Length]);
            if (!r.IsDBNull(4)) m.Values[Array.IndexOf(Features, r.GetString(4))] = r.GetDouble(5);
        }
        return [.. members.Values];
    }

    private static void Write(DuckDBConnection c, List<(string Sha, string Report, float Score, string Zh, string En, string Subject)> flags)
    {
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "CREATE OR REPLACE TEMP TABLE pca_flags (sha256 VARCHAR, report_id VARCHAR, score DOUBLE, explanation VARCHAR, explanation_en VARCHAR, subject VARCHAR)";
            cmd.ExecuteNonQuery();
        }
        using var a = c.CreateAppender("pca_flags");
        foreach (var f in flags)
            a.CreateRow().AppendValue(f.Sha).AppendValue(f.Report).AppendValue((double)f.Score).AppendValue(f.Zh).AppendValue(f.En).AppendValue(f.Subject).EndRow();
    }

    private static double Median(double[] xs)
    {
        if (xs.Length == 0) return 0;
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static string Fmt(double v) => Math.Abs(v - Math.Round(v)) < 1e-9 ? Math.Round(v).ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);
}
