using GovReport.Ingest.Model;

namespace GovReport.Synth.Tests;

/// <summary>
/// Cross-year breaks (<see cref="MultiYear"/>): each one in truth is really in the files, read back with the real
/// parser, and the reports without one keep the carry-over and stock identities with their previous year.
/// </summary>
public class MultiYearTests
{
    private static readonly Lazy<List<SynthReport>> s_corpus = new(() => [.. MultiYear.Apply(SynthGenerator.Generate(new SynthOptions(900, 77, 0.0, 0.3)), 77, 0.3)]);

    [Fact]
    public void Same_options_give_the_same_reports_and_zero_rate_changes_nothing()
    {
        var again = MultiYear.Apply(SynthGenerator.Generate(new SynthOptions(900, 77, 0.0, 0.3)), 77, 0.3).ToList();
        Assert.Equal(s_corpus.Value.Select(r => r.Content), again.Select(r => r.Content));
        var plain = SynthGenerator.Generate(new SynthOptions(200, 3)).ToList();
        Assert.Equal(plain.Select(r => r.Content), MultiYear.Apply(SynthGenerator.Generate(new SynthOptions(200, 3)), 3, 0).Select(r => r.Content));
    }

    [Fact]
    public void Every_break_is_in_the_files()
    {
        var reports = s_corpus.Value;
        var seen = CrossYearDefect.All.ToDictionary(d => d, _ => 0);
        var failures = new List<string>();
        for (int i = 1; i < reports.Count; i++)
        {
            var r = reports[i];
            var prev = reports[i - 1];
            foreach (var t in r.Defects)
            {
                seen[t.Defect]++;
                Assert.Equal(r.FileName, t.File);
                Assert.Equal(prev.Agency.Id, r.Agency.Id);
                var now = Parsed.Of(r).Report;
                var before = Parsed.Of(prev).Report;
                decimal? V(Report x, string f) => x.Fact(f)?.Value;
                switch (t.Defect)
                {
                    case CrossYearDefect.CarryOverMismatch:
                        Assert.Equal(r.Year - 1, prev.Year);
                        if (V(now, t.Field) == V(before, t.Field.Replace("carried_over", "carried_forward", StringComparison.Ordinal)))
                            failures.Add($"{r.FileName}: {t.Field} equals last year's carried forward");
                        // The report's own balance still holds in that column.
                        string col = t.Field.Split("__")[1];
                        if (V(now, FieldDictionary.S3("new_received", col)) + V(now, FieldDictionary.S3("carried_over", col))
                            != V(now, FieldDictionary.S3("results_total", col)) + V(now, FieldDictionary.S3("carried_forward", col)))
                            failures.Add($"{r.FileName}: table 三 balance broken in {col}");
                        break;
                    case CrossYearDefect.StockFlowMismatch:
                        Assert.Equal(r.Year - 1, prev.Year);
                        if (V(now, "s2_normdocs_in_force") == V(before, "s2_normdocs_in_force") + V(now, "s2_normdocs_issued") - V(now, "s2_normdocs_repealed"))
                            failures.Add($"{r.FileName}: stock identity still holds");
                        break;
                    case CrossYearDefect.DuplicatedYear:
                        Assert.Equal(r.Year - 1, prev.Year);
                        foreach (var f in FieldDictionary.For(r.Template).Select(x => x.Id))
                            if (V(now, f) != V(before, f)) { failures.Add($"{r.FileName}: {f} differs from {prev.FileName}"); break; }
                        break;
                    case CrossYearDefect.MissingYear:
                        Assert.Equal(r.Year - 2, prev.Year);
                        break;
                }
            }
            // A clean report after a clean previous year keeps the carry-over.
            if (r.IsClean && prev.IsClean && prev.Agency.Id == r.Agency.Id && prev.Year == r.Year - 1
                && V2(r, FieldDictionary.S3("carried_over", "total")) != V2(prev, FieldDictionary.S3("carried_forward", "total")))
                failures.Add($"{r.FileName}: clean carry-over differs from {prev.FileName}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        foreach (var (type, count) in seen) Assert.True(count >= 5, $"{type}: {count} in truth");
    }

    private static decimal? V2(SynthReport r, string f) => Parsed.Of(r).Report.Fact(f)?.Value;
}
