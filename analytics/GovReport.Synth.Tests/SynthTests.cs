using System.Text.RegularExpressions;
using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;

namespace GovReport.Synth.Tests;

public class DeterminismTests
{
    [Fact]
    public void Same_reports_and_seed_give_byte_identical_files()
    {
        string a = Path.Combine(Path.GetTempPath(), "synth-a-" + Environment.ProcessId);
        string b = Path.Combine(Path.GetTempPath(), "synth-b-" + Environment.ProcessId);
        try
        {
            var options = new SynthOptions(250, 99, 0.2, 0.3);
            SynthGenerator.Write(options, a);
            SynthGenerator.Write(options, b);
            var fa = Directory.GetFiles(a).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            var fb = Directory.GetFiles(b).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(fa, fb);
            Assert.Equal(252, fa.Count);   // 250 reports, truth.csv, manifest.csv
            foreach (var f in fa) Assert.True(File.ReadAllBytes(Path.Combine(a, f!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f!))), f);
            Assert.True(File.ReadAllLines(Path.Combine(a, "truth.csv")).Length > 10);
        }
        finally
        {
            if (Directory.Exists(a)) Directory.Delete(a, true);
            if (Directory.Exists(b)) Directory.Delete(b, true);
        }
    }

    [Fact]
    public void Another_seed_gives_another_corpus()
    {
        var x = SynthGenerator.Generate(new SynthOptions(20, 1)).Select(r => r.Content).ToList();
        var y = SynthGenerator.Generate(new SynthOptions(20, 2)).Select(r => r.Content).ToList();
        Assert.NotEqual(x, y);
    }

    [Fact]
    public void File_names_carry_no_report_text()
    {
        foreach (var r in Corpus.Default)
            Assert.Matches(new Regex(@"^\d{6}_[0-9A-Za-z-]+\.(txt|html)$"), r.FileName);
        Assert.Equal(Corpus.Default.Count, Corpus.Default.Select(r => r.FileName).Distinct().Count());
    }
}

public class CleanReportTests
{
    [Fact]
    public void Every_clean_report_parses_to_the_intended_values_without_warnings()
    {
        var failures = new List<string>();
        int checkedReports = 0, html = 0, v2019 = 0, v2021 = 0;
        foreach (var r in Corpus.Default.Where(r => r.IsClean))
        {
            checkedReports++;
            if (r.Format == "html") html++;
            if (r.Template == TemplateVersion.V2019) v2019++; else v2021++;
            var p = Parsed.Of(r);
            var rep = p.Report;
            void Check(bool ok, string what) { if (!ok) failures.Add($"{r.FileName}: {what}"); }
            Check(rep.Template == r.Template, $"template {rep.Template} ≠ {r.Template}");
            Check(rep.Year == r.Year, $"year {rep.Year} ≠ {r.Year}");
            Check(rep.YearSource == "period", $"year source {rep.YearSource}");
            Check(rep.AgencyName == r.Agency.Name, $"agency {rep.AgencyName} ≠ {r.Agency.Name}");
            Check(rep.AgencyLevel == r.Agency.Level, $"level {rep.AgencyLevel} ≠ {r.Agency.Level} ({r.Agency.Name})");
            Check(rep.PublishedOn == r.PublishedOn, $"published {rep.PublishedOn} ≠ {r.PublishedOn}");
            Check(rep.SectionsFound.Length == 6, $"sections {string.Join("", rep.SectionsFound)}");
            var stated = rep.NarrativeFacts.Where(f => f.Name == NarrativeReader.ProactiveItems).ToList();
            Check(stated.Count == 1 && stated[0].Value == r.Printed.ProactiveStated, $"narrative total {string.Join(",", stated.Select(s => s.Value))} ≠ {r.Printed.ProactiveStated}");
            foreach (var def in FieldDictionary.For(r.Template))
            {
                var fact = rep.Fact(def.Id);
                Check(fact is { Status: FactStatus.Reported } && fact.Value == r.Truth.Values[def.Id],
                    $"{def.Id}: parsed {fact?.Value?.ToString() ?? fact?.Status ?? "nothing"} ≠ {r.Truth.Values[def.Id]}");
            }
            foreach (var d in p.Diagnostics.Where(d => d.Severity != Severity.Info))
                failures.Add($"{r.FileName}: {d}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(40)));
        Assert.True(checkedReports > 450 && html > 80 && v2019 > 50 && v2021 > 200, $"{checkedReports} clean, {html} html, {v2019}/{v2021}");
    }

    [Fact]
    public void Identities_hold_in_clean_reports()
    {
        string[] cols = [.. FieldDictionary.ApplicantColumns.Select(c => c.Key)];
        foreach (var r in Corpus.Default.Where(r => r.IsClean))
        {
            var v = r.Truth.Values;
            var rows = FieldDictionary.ApplicationRows.Where(x => x.Templates.Contains(r.Template)).Select(x => x.Key).ToList();
            foreach (var row in rows)
                Assert.Equal(v[FieldDictionary.S3(row, "total")], cols[..6].Sum(c => v[FieldDictionary.S3(row, c)]));
            var results = rows.SkipWhile(x => x != "granted").TakeWhile(x => x != "results_total").ToList();
            Assert.Equal(r.Template == TemplateVersion.V2019 ? 19 : 21, results.Count);
            foreach (var c in cols)
            {
                decimal S(string row) => v[FieldDictionary.S3(row, c)];
                Assert.Equal(S("new_received") + S("carried_over"), S("results_total") + S("carried_forward"));
                Assert.Equal(S("results_total"), results.Sum(S));
            }
            foreach (var g in new[] { "s4_review", "s4_suit_direct", "s4_suit_after_review" })
                Assert.Equal(v[$"{g}_total"], v[$"{g}_upheld"] + v[$"{g}_corrected"] + v[$"{g}_other"] + v[$"{g}_pending"]);
            Assert.Equal(r.Printed.ProactiveStated, r.Printed.ProactiveBreakdown.Sum());
            Assert.Equal(r.Printed.ApplicationsStated, v[FieldDictionary.S3("new_received", "total")]);
            Assert.All(v.Where(kv => FieldDictionary.Get(kv.Key)!.Kind != FieldKind.Delta), kv => Assert.True(kv.Value >= 0, kv.Key));
        }
    }

    [Fact]
    public void Carry_over_is_consistent_across_years_for_clean_agencies()
    {
        int pairs = 0;
        foreach (var agency in Corpus.Default.GroupBy(r => r.Agency.Id))
        {
            if (agency.Any(r => !r.IsClean)) continue;
            var years = agency.OrderBy(r => r.Year).ToList();
            for (int i = 1; i < years.Count; i++)
            {
                Assert.Equal(years[i - 1].Year + 1, years[i].Year);
                var prev = Parsed.Of(years[i - 1]); var cur = Parsed.Of(years[i]);
                foreach (var (c, _) in FieldDictionary.ApplicantColumns)
                    Assert.Equal(prev.Value(FieldDictionary.S3("carried_forward", c)), cur.Value(FieldDictionary.S3("carried_over", c)));
                if (years[i].Template == TemplateVersion.V2019 && years[i - 1].Template == TemplateVersion.V2019)
                    foreach (var k in new[] { "license", "othersvc", "penalty", "coercion" })
                        Assert.Equal(prev.Value($"s2_{k}_prev_items") + prev.Value($"s2_{k}_delta"), cur.Value($"s2_{k}_prev_items"));
                if (years[i].Template == TemplateVersion.V2021 && years[i - 1].Template == TemplateVersion.V2021)
                    Assert.Equal(prev.Value("s2_normdocs_in_force") + cur.Value("s2_normdocs_issued") - cur.Value("s2_normdocs_repealed"), cur.Value("s2_normdocs_in_force"));
                pairs++;
            }
        }
        Assert.True(pairs > 200, $"{pairs} consecutive pairs");
    }

    [Fact]
    public void Distributions_depend_on_the_agency_level()
    {
        decimal Median(IEnumerable<decimal> xs) { var l = xs.Order().ToList(); return l.Count == 0 ? 0 : l[l.Count / 2]; }
        var byLevel = Corpus.Default.GroupBy(r => r.Agency.Level).ToDictionary(g => g.Key, g => g.ToList());
        Assert.True(byLevel[AgencyLevel.Subdistrict].Count + byLevel[AgencyLevel.Township].Count > Corpus.Default.Count / 2);
        Assert.True(byLevel[AgencyLevel.County].Count > 20 && byLevel[AgencyLevel.Department].Count > 20);
        decimal Apps(string level) => Median(byLevel[level].Select(r => r.Truth.Values["s3_new_received__total"]));
        decimal Penalty(string level) => Median(byLevel[level].Select(r => r.Truth.Values["s2_penalty_decisions"]));
        Assert.True(Apps(AgencyLevel.Subdistrict) <= 3 && Apps(AgencyLevel.County) >= 15);
        Assert.True(Penalty(AgencyLevel.County) > 10 * Math.Max(1, Penalty(AgencyLevel.Subdistrict)));
        // Most 街道 report no 复议 at all.
        Assert.True(byLevel[AgencyLevel.Subdistrict].Count(r => r.Truth.Values["s4_review_total"] == 0) > byLevel[AgencyLevel.Subdistrict].Count * 0.8);
        // 采购 per project in 元, in a plausible range.
        var perProject = Corpus.Default.Where(r => r.Template == TemplateVersion.V2019 && r.Truth.Values["s2_procurement_projects"] > 0)
            .Select(r => r.Truth.Values["s2_procurement_amount"] / r.Truth.Values["s2_procurement_projects"]).ToList();
        Assert.InRange(Median(perProject), 30_000m, 600_000m);
    }
}
