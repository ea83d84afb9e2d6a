using System.Globalization;
using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;
using GovReport.Synth;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GovReport.Analytics.Tests;

/// <summary>
/// The PCA detector reads and scores one peer group at a time; it must flag exactly what the detector did when it
/// loaded every report into memory and grouped them there (the reference below is that code, kept as it was).
/// </summary>
public sealed class PcaTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-pca-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Group_at_a_time_flags_what_the_whole_corpus_in_memory_flagged()
    {
        string corpus = Path.Combine(_dir, "corpus");
        SynthGenerator.Write(new SynthOptions(1500, 21, DefectRate: 0.2), corpus);
        using var store = ReportStore.Open(Path.Combine(_dir, "p.duckdb"));
        await IngestPipeline.RunAsync([corpus], store, new IngestOptions());
        Analyzer.Run(store.Connection);
        // Synthetic reports rarely stand out: make one metric in 60 far out (each metric on its own, so that the outliers
        // do not line up into a component of their own), then score again.
        store.Execute("UPDATE metrics SET value = value * 300 + 500 WHERE hash(report_id || metric) % 60 = 0");
        PcaDetector.Run(store.Connection);

        var streamed = store.Query("SELECT sha256, report_id, score, explanation, explanation_en, subject FROM pca_flags ORDER BY report_id").Rows
            .Select(r => string.Join("|", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).ToList();
        var reference = Reference.Run(store).OrderBy(f => f.Report, StringComparer.Ordinal)
            .Select(f => string.Join("|", f.Sha, f.Report, ((double)f.Score).ToString(CultureInfo.InvariantCulture), f.Zh, f.En, f.Subject)).ToList();
        Assert.True(reference.Count >= 5, $"the corpus should raise PCA flags in several groups (got {reference.Count})");
        Assert.Equal(reference, streamed);
    }

    /// <summary>The detector before it streamed (commit d0c4821): every report's vector loaded, then grouped in memory.</summary>
    private static class Reference
    {
        private sealed class Row
        {
            [VectorType(10)] public float[] F { get; set; } = [];
        }

        private sealed class Scored
        {
            public float Score { get; set; }
        }

        private sealed record Member(string ReportId, string Sha256, string Level, int Year, double?[] Values);

        private static readonly string[] Features = PcaDetector.Features;

        public static List<(string Sha, string Report, float Score, string Zh, string En, string Subject)> Run(ReportStore store)
        {
            var members = Load(store);
            var flags = new List<(string Id, string Report, float Score, string Zh, string En, string Subject)>();
            foreach (var group in members.GroupBy(m => (m.Level, m.Year)).Where(g => g.Count() >= PcaDetector.MinGroup))
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

                var ml = new MLContext(seed: 17);
                var data = ml.Data.LoadFromEnumerable(rows);
                var model = ml.AnomalyDetection.Trainers.RandomizedPca(featureColumnName: nameof(Row.F), rank: 3, ensureZeroMean: true, seed: 17).Fit(data);
                var scores = ml.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: false).Select(s => s.Score).ToArray();
                float cut = Math.Max(PcaDetector.MinScore, scores.OrderByDescending(s => s).ElementAt(Math.Max(0, (int)(scores.Length * PcaDetector.TopShare) - 1)));
                for (int i = 0; i < list.Count; i++)
                {
                    if (scores[i] < cut) continue;
                    var m = list[i];
                    if (!Enumerable.Range(0, d).Any(j => Math.Abs(Z(m, j)) >= PcaDetector.MinFeatureZ)) continue;
                    var top = Enumerable.Range(0, d).Where(j => m.Values[j] is not null).OrderByDescending(j => Math.Abs(Z(m, j))).Take(3).ToList();
                    string zh = $"多项指标组合异常（随机化主成分分析得分 {scores[i].ToString("0.00", CultureInfo.InvariantCulture)}，同级同年 {list.Count} 份中前 {PcaDetector.TopShare:P0}）；偏离最大的指标：" +
                        string.Join("、", top.Select(j => $"{Features[j]} = {Fmt(m.Values[j]!.Value)}（组中位数 {Fmt(Math.Exp(med[j]) - 1)}）"));
                    string en = $"unusual combination of metrics (randomized-PCA score {scores[i].ToString("0.00", CultureInfo.InvariantCulture)}, top {PcaDetector.TopShare:P0} of {list.Count} peers); furthest out: " +
                        string.Join(", ", top.Select(j => $"{Features[j]} = {Fmt(m.Values[j]!.Value)} (median {Fmt(Math.Exp(med[j]) - 1)})"));
                    flags.Add((m.Sha256, m.ReportId, scores[i], zh, en, Features[top.FirstOrDefault()]));
                }
            }
            return flags;
        }

        private static List<Member> Load(ReportStore store)
        {
            var members = new Dictionary<string, Member>();
            using var cmd = store.Connection.CreateCommand();
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

        private static double Median(double[] xs)
        {
            if (xs.Length == 0) return 0;
            var s = xs.Order().ToArray();
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        }

        private static string Fmt(double v) => Math.Abs(v - Math.Round(v)) < 1e-9 ? Math.Round(v).ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
