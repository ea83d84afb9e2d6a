using System.Globalization;
using GovReport.Ingest.Model;

namespace GovReport.Synth;

/// <summary>Cross-year defect names, as written in truth.csv (issue 12).</summary>
public static class CrossYearDefect
{
    /// <summary>Table 三 二、上年结转 ≠ last year's 四、结转下年度 in one column (the report's own identities still hold).</summary>
    public const string CarryOverMismatch = "carry_over_mismatch";
    /// <summary>2021 template: 本年制发件数 raised, so 现行有效 ≠ last year's 现行有效 + 制发 − 废止.</summary>
    public const string StockFlowMismatch = "stock_flow_mismatch";
    /// <summary>The report prints the previous year's tables and figures unchanged (published for two years).</summary>
    public const string DuplicatedYear = "duplicated_year";
    /// <summary>A year of the agency's series is not published; the row names the report after the gap.</summary>
    public const string MissingYear = "missing_year";

    public static readonly IReadOnlyList<string> All = [CarryOverMismatch, StockFlowMismatch, DuplicatedYear, MissingYear];
}

/// <summary>
/// Cross-year breaks on top of <see cref="SynthGenerator.Generate"/>: the generator writes each agency's years one
/// after another, with 上年结转 = last year's 结转下年度, item counts and 现行有效件数 carried on. At
/// <c>rate</c>, a clean report that follows a clean report of the same agency one year earlier gets one break that
/// only a comparison with that earlier report can see. Streams with one report of look-ahead.
/// </summary>
public static class MultiYear
{
    private static readonly string[] Columns = [.. FieldDictionary.ApplicantColumns.Take(6).Select(c => c.Key)];

    public static IEnumerable<SynthReport> Apply(IEnumerable<SynthReport> reports, int seed, double rate)
    {
        if (rate is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(rate), "cross-year rate must be within 0..1");
        var rng = new Rng(unchecked(seed * 7919 + 12));
        using var e = reports.GetEnumerator();
        SynthReport? prev = null;      // the last report emitted
        bool has = e.MoveNext();
        while (has)
        {
            var r = e.Current;
            has = e.MoveNext();
            var next = has ? e.Current : null;
            bool follows = prev is { IsClean: true } p && p.Agency.Id == r.Agency.Id && p.Year == r.Year - 1 && r.IsClean
                           // a byte-identical copy of r follows: changing r would make the copy a second, different report
                           && !(next is not null && next.Agency.Id == r.Agency.Id && next.Year == r.Year);
            if (follows && rng.Chance(rate))
            {
                var fits = new List<string> { CrossYearDefect.CarryOverMismatch };
                if (r.Template == TemplateVersion.V2021 && prev!.Template == TemplateVersion.V2021) fits.Add(CrossYearDefect.StockFlowMismatch);
                if (prev!.Template == r.Template && NonZero(prev.Printed) >= 5) fits.Add(CrossYearDefect.DuplicatedYear);
                if (next is { IsClean: true } && next.Agency.Id == r.Agency.Id && next.Year == r.Year + 1) fits.Add(CrossYearDefect.MissingYear);
                string type = rng.Pick(fits);
                if (type == CrossYearDefect.MissingYear)
                {
                    // r is not published; the next report carries the truth row.
                    var n = next!;
                    var marked = With(n, n.Printed, n.Content, new TruthRow(n.FileName, n.Year, n.Agency.Name, type, "*",
                        $"no {r.Year} report between the {prev.Year} report {prev.FileName} and this {n.Year} report (the {r.Year} report {r.FileName} was not written)"));
                    // Emit n in place of r, then skip n when the enumerator reaches it.
                    yield return marked;
                    prev = marked;
                    has = e.MoveNext();
                    continue;
                }
                ReportNumbers printed;
                (string Field, string Detail) d;
                if (type == CrossYearDefect.DuplicatedYear)
                {
                    printed = prev.Printed.Clone();
                    d = ("*", $"the {r.Year} report prints every table and figure of the {prev.Year} report {prev.FileName}");
                }
                else
                {
                    printed = r.Printed.Clone();
                    d = type == CrossYearDefect.CarryOverMismatch ? CarryOver(printed, prev, rng) : StockFlow(printed, prev, rng);
                }
                var blocks = Renderer.Layout(r.Agency, r.Year, r.PublishedOn, printed, rng);
                string content = r.Format == "html"
                    ? Renderer.Html(blocks, $"{r.Agency.Name}{r.Year.ToString(CultureInfo.InvariantCulture)}年政府信息公开工作年度报告", r.PublishedOn)
                    : Renderer.Text(blocks);
                var changed = With(r, printed, content, new TruthRow(r.FileName, r.Year, r.Agency.Name, type, d.Field, d.Detail));
                yield return changed;
                prev = changed;
                continue;
            }
            yield return r;
            prev = r;
        }
    }

    private static int NonZero(ReportNumbers p) => p.Values.Count(kv => kv.Value != 0 && (kv.Key.StartsWith("s2_", StringComparison.Ordinal)
        || kv.Key.StartsWith("s3_", StringComparison.Ordinal) || kv.Key.StartsWith("s4_", StringComparison.Ordinal)));

    private static SynthReport With(SynthReport r, ReportNumbers printed, string content, TruthRow row) => new()
    {
        Index = r.Index, FileName = r.FileName, Agency = r.Agency, Year = r.Year, PublishedOn = r.PublishedOn, Format = r.Format,
        Truth = r.Truth, Printed = printed, Content = content, Defects = [.. r.Defects, row],
    };

    private static (string, string) CarryOver(ReportNumbers p, SynthReport prev, Rng rng)
    {
        string col = rng.Chance(0.7) ? "natural_person" : rng.Pick(Columns);
        int k = rng.Int(1, 6);
        string[] fields = [.. new[] { "carried_over", "granted", "results_total" }.SelectMany(row => new[] { FieldDictionary.S3(row, col), FieldDictionary.S3(row, "total") })];
        foreach (var f in fields) p.Cells[f] = ValueModel.Format(p.Values[f] + k);
        decimal was = prev.Printed.Values[FieldDictionary.S3("carried_forward", col)];
        string label = FieldDictionary.ApplicantColumns.First(c => c.Key == col).Label;
        return (FieldDictionary.S3("carried_over", col),
            $"table 三 column {label}: 二、上年结转 printed {ValueModel.Format(p.Values[FieldDictionary.S3("carried_over", col)] + k)} but the {prev.Year} report {prev.FileName} carried forward {ValueModel.Format(was)} (予以公开 and （七）总计 raised by {k} too, so the report's own identities hold)");
    }

    private static (string, string) StockFlow(ReportNumbers p, SynthReport prev, Rng rng)
    {
        const string f = "s2_normdocs_issued";
        int k = rng.Int(1, 6);
        p.Cells[f] = ValueModel.Format(p.Values[f] + k);
        return (f, $"行政规范性文件 本年制发件数 printed {ValueModel.Format(p.Values[f] + k)} for {ValueModel.Format(p.Values[f])}: 现行有效 {ValueModel.Format(p.Values["s2_normdocs_in_force"])} ≠ the {prev.Year} report's {ValueModel.Format(prev.Printed.Values["s2_normdocs_in_force"])} + 制发 − 废止");
    }

    /// <summary>
    /// Writes the corpus as <see cref="SynthGenerator.Write"/> does, with the cross-year breaks of <see cref="Apply"/>
    /// (truth.csv gains their rows; manifest.csv names the first defect of each file).
    /// </summary>
    public static SynthGenerator.Summary Write(SynthOptions o, double crossYearRate, string outDir, Action<int>? progress = null)
        => SynthGenerator.Write(Apply(SynthGenerator.Generate(o), o.Seed, crossYearRate), DefectType.All.Concat(CrossYearDefect.All), outDir, progress);
}
