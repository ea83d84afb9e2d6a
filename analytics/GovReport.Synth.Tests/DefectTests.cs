using System.Text.RegularExpressions;
using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;

namespace GovReport.Synth.Tests;

public class DefectTests
{
    [Fact]
    public void Defects_come_at_the_requested_rate()
    {
        var none = SynthGenerator.Generate(new SynthOptions(300, 5, 0)).ToList();
        Assert.All(none, r => Assert.True(r.IsClean));
        int defective = Corpus.Default.Count(r => !r.IsClean);
        Assert.InRange(defective, 30, 95);   // 10% of 600
    }

    [Fact]
    public void Every_defect_type_appears_in_truth_and_is_really_in_the_file()
    {
        var reports = Corpus.Defective;
        var byContent = new Dictionary<string, string>();
        var byFile = reports.ToDictionary(r => r.FileName);
        var seen = DefectType.All.ToDictionary(d => d, _ => 0);
        var failures = new List<string>();
        foreach (var r in reports)
        {
            foreach (var t in r.Defects)
            {
                seen[t.Defect]++;
                Assert.Equal(r.FileName, t.File);
                Assert.Equal(r.Year, t.ReportYear);
                Assert.False(string.IsNullOrEmpty(t.Field));
                string? problem = Check(r, t, byContent, byFile);
                if (problem is not null) failures.Add($"{r.FileName} {t.Defect} {t.Field}: {problem} ({t.Detail})");
            }
            byContent.TryAdd(r.Content, r.FileName);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
        foreach (var (type, count) in seen) Assert.True(count >= 10, $"{type}: {count} in truth");
    }

    private static string? Check(SynthReport r, TruthRow t, Dictionary<string, string> byContent, Dictionary<string, SynthReport> byFile)
    {
        var p = Parsed.Of(r);
        var truth = r.Truth.Values;
        string[] fields = t.Field.Split(';');
        switch (t.Defect)
        {
            case DefectType.UnitConfusion:
            {
                var f = p.Report.Fact(t.Field)!;
                return f.Value != truth[t.Field] || f.UnitSource == UnitSource.Assumed ? null : $"parsed {f.Value} {f.Unit} ({f.UnitSource}) looks right";
            }
            case DefectType.ColumnShift:
            {
                var first = p.Report.Fact(fields[0])!;
                if (first.Status != FactStatus.Dash) return $"first cell is {first.Status} {first.Value}";
                return p.Value(fields[1]) == truth[fields[0]] && p.Value(fields[2]) == truth[fields[1]] ? null
                    : $"parsed {p.Value(fields[1])} / {p.Value(fields[2])}";
            }
            case DefectType.BrokenIdentity:
            {
                string col = fields[0].Split("__")[1];
                decimal? S(string row) => p.Value(FieldDictionary.S3(row, col));
                return S("new_received") + S("carried_over") != S("results_total") + S("carried_forward") ? null : "identity holds";
            }
            case DefectType.NarrativeMismatch:
            {
                if (t.Field == NarrativeReader.ProactiveItems)
                {
                    var stated = p.Report.NarrativeFacts.Single(f => f.Name == NarrativeReader.ProactiveItems).Value;
                    return stated != r.Printed.ProactiveBreakdown.Sum() ? null : "stated total equals the breakdown";
                }
                var m = Regex.Match(r.Content, @"收到政府信息公开申请(\d+)件");
                return m.Success && decimal.Parse(m.Groups[1].Value) != p.Value(t.Field) ? null : "narrative agrees with the table";
            }
            case DefectType.ExtremeMagnitude:
            {
                decimal? v = p.Value(t.Field);
                return v >= 50 * Math.Max(1, truth[t.Field]) && v <= 500 * Math.Max(1, truth[t.Field]) ? null : $"parsed {v} for {truth[t.Field]}";
            }
            case DefectType.SwappedDigits:
            {
                decimal? v = p.Value(t.Field);
                if (v == truth[t.Field] || v is null) return $"parsed {v}";
                if (!v.Value.ToString().Order().SequenceEqual(truth[t.Field].ToString().Order())) return $"{v} is not a digit swap of {truth[t.Field]}";
                string total = t.Field.StartsWith("s3_", StringComparison.Ordinal) ? t.Field.Split("__")[0] + "__total" : t.Field[..t.Field.LastIndexOf('_')] + "_total";
                var parts = t.Field.StartsWith("s3_", StringComparison.Ordinal)
                    ? FieldDictionary.ApplicantColumns.Take(6).Select(c => t.Field.Split("__")[0] + "__" + c.Key)
                    : new[] { "upheld", "corrected", "other", "pending" }.Select(o => t.Field[..t.Field.LastIndexOf('_')] + "_" + o);
                return parts.Sum(f => p.Value(f)) != p.Value(total) ? null : "total still adds up";
            }
            case DefectType.DuplicatedReport:
            {
                if (t.Detail.Contains("byte-identical"))
                {
                    string original = Regex.Match(t.Detail, @"\d{6}_[0-9A-Za-z-]+\.(txt|html)").Value;
                    return byContent.TryGetValue(r.Content, out var f) && f == original ? null : "no earlier identical file";
                }
                string prevFile = Regex.Match(t.Detail, @"\d{6}_[0-9A-Za-z-]+\.(txt|html)").Value;
                var prev = Parsed.Of(byFile[prevFile]);
                if (p.Report.Year != r.Year || prev.Report.Year != r.Year - 1) return $"years {prev.Report.Year} / {p.Report.Year}";
                foreach (var def in FieldDictionary.For(r.Template))
                    if (p.Value(def.Id) != prev.Value(def.Id)) return $"{def.Id} differs from the earlier report";
                return FieldDictionary.For(r.Template).Any(d => p.Value(d.Id) != truth[d.Id]) ? null : "the repeated tables happen to equal the truth";
            }
        }
        return $"unknown defect {t.Defect}";
    }

    [Fact]
    public void Truth_csv_lists_every_injected_defect()
    {
        string dir = Path.Combine(Path.GetTempPath(), "synth-truth-" + Environment.ProcessId);
        try
        {
            var summary = SynthGenerator.Write(new SynthOptions(400, 17, 0.25), dir);
            var lines = File.ReadAllLines(Path.Combine(dir, "truth.csv"));
            Assert.Equal("file,report_year,agency,defect,field,detail", lines[0]);
            Assert.Equal(summary.ByDefect.Values.Sum(), lines.Length - 1);
            var expected = SynthGenerator.Generate(new SynthOptions(400, 17, 0.25)).SelectMany(r => r.Defects).ToList();
            Assert.Equal(expected.Select(t => SynthGenerator.Csv(t.File, t.ReportYear.ToString(), t.Agency, t.Defect, t.Field, t.Detail)), lines.Skip(1));
            foreach (var t in expected) Assert.True(File.Exists(Path.Combine(dir, t.File)));
            Assert.Equal(401, File.ReadAllLines(Path.Combine(dir, "manifest.csv")).Length);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
