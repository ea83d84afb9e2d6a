using System.Globalization;
using GovReport.Ingest.Model;

namespace GovReport.Synth;

/// <summary>
/// Injects one defect into the printed numbers of a report (the truth is kept apart). Each returns the truth rows'
/// field and detail, or null when the report has nothing the defect could apply to.
/// </summary>
internal static class Defects
{
    private static string I(decimal v) => ValueModel.Format(v);
    private static string Label(string field) => FieldDictionary.Get(field)?.Label ?? field;

    public static (string Field, string Detail)? UnitConfusion(ReportNumbers p, Rng rng)
    {
        if (p.Template == TemplateVersion.V2019)
        {
            const string f = "s2_procurement_amount";
            decimal yuan = p.Values[f];
            if (yuan <= 0) return null;
            if (rng.Chance(0.5))
            {
                decimal wan = Math.Round(yuan / 10000m, 2);
                p.Cells[f] = I(wan);
                return (f, $"采购总金额 written as {I(wan)} (万元) with no unit; true amount {I(yuan)} 元");
            }
            p.Cells[f] = I(yuan * 10000m) + "元";
            return (f, $"采购总金额 written as {I(yuan * 10000m)}元, the 万元 figure {I(yuan)} read as 元 (×10^4); true amount {I(yuan)} 元");
        }
        else
        {
            const string f = "s2_fee_amount";
            decimal yuan = p.Values[f];
            if (yuan <= 0) return null;
            p.Cells[f] = I(yuan);
            return (f, $"本年收费金额 written as {I(yuan)} under the 万元 header: the 元 amount in a 万元 column (×10^4); true amount {I(yuan / 10000m)} 万元");
        }
    }

    public static (string Field, string Detail)? ColumnShift(ReportNumbers p, Rng rng)
    {
        string[][] rows = p.Template == TemplateVersion.V2019
            ? [["s2_normdocs_new_made", "s2_normdocs_new_published", "s2_normdocs_total_published"],
               .. new[] { "license", "othersvc", "penalty", "coercion" }.Select(k => new[] { $"s2_{k}_prev_items", $"s2_{k}_delta", $"s2_{k}_decisions" })]
            : [["s2_normdocs_issued", "s2_normdocs_repealed", "s2_normdocs_in_force"]];
        // A row of zeros shifted right prints "- / 0 / 0": nothing moved, so there is no defect to inject. Rows whose
        // first two cells hold a number are preferred (the shift then shows within the report); a 0 / 0 / N row loses
        // its N off the end and shows only against the agency's adjacent years.
        var withValues = rows.Where(r => p.Values[r[0]] != 0 || p.Values[r[1]] != 0).ToList();
        var nonzero = rows.Where(r => r.Any(f => p.Values[f] != 0)).ToList();
        if (nonzero.Count == 0) return null;
        string[] row = withValues.Count > 0 ? rng.Pick(withValues) : rng.Pick(nonzero);
        string a = p.Cells[row[0]], b = p.Cells[row[1]], c = p.Cells[row[2]];
        p.Cells[row[0]] = "-"; p.Cells[row[1]] = a; p.Cells[row[2]] = b;
        string rowLabel = Label(row[0]).Split(" / ")[1];
        return (string.Join(';', row), $"{rowLabel} row moved one column right: printed - / {a} / {b} for {a} / {b} / {c}");
    }

    private static readonly string[] Columns = [.. FieldDictionary.ApplicantColumns.Take(6).Select(c => c.Key)];

    public static (string Field, string Detail)? BrokenIdentity(ReportNumbers p, Rng rng)
    {
        string col = rng.Chance(0.7) ? "natural_person" : rng.Pick(Columns);
        int k = rng.Int(1, 6) * (rng.Chance(0.3) ? 10 : 1);
        var fields = new[] { FieldDictionary.S3("granted", col), FieldDictionary.S3("results_total", col), FieldDictionary.S3("granted", "total"), FieldDictionary.S3("results_total", "total") };
        foreach (var f in fields) p.Cells[f] = I(p.Values[f] + k);
        decimal lhs = p.Values[FieldDictionary.S3("new_received", col)] + p.Values[FieldDictionary.S3("carried_over", col)];
        decimal rhs = p.Values[FieldDictionary.S3("results_total", col)] + k + p.Values[FieldDictionary.S3("carried_forward", col)];
        string colLabel = FieldDictionary.ApplicantColumns.First(c => c.Key == col).Label;
        return (string.Join(';', fields),
            $"table 三 column {colLabel}: 一+二 = {I(lhs)} but （七）总计+四 = {I(rhs)} (予以公开 and （七）总计 raised by {k}, also in the 总计 column)");
    }

    public static (string Field, string Detail)? NarrativeMismatch(ReportNumbers p, Rng rng)
    {
        if (rng.Chance(0.5))
        {
            int t = p.ProactiveStated;
            int d = Math.Max(2, (int)Math.Round(t * (0.03 + 0.1 * rng.Next()))) * (rng.Chance(0.6) || t < 10 ? 1 : -1);
            p.ProactiveStated = t + d;
            return ("narrative_proactive_items",
                $"narrative states 主动公开政府信息{p.ProactiveStated}条 but its breakdown {string.Join('+', p.ProactiveBreakdown)} sums to {t}");
        }
        int apps = p.ApplicationsStated;
        int delta = rng.Int(1, Math.Max(3, apps / 5 + 2)) * (apps > 2 && rng.Chance(0.4) ? -1 : 1);
        if (apps + delta < 0) delta = -delta;
        // New plus carried over is a legitimate reading of 收到申请 (some reports count both): a stated figure equal to
        // it is not a mismatch, so the defect moves one further.
        if (delta == (int)p.Values[FieldDictionary.S3("carried_over", "total")]) delta++;
        p.ApplicationsStated = apps + delta;
        return (FieldDictionary.S3("new_received", "total"),
            $"narrative states 收到政府信息公开申请{p.ApplicationsStated}件 but table 三 一、本年新收 总计 is {apps}");
    }

    public static (string Field, string Detail)? ExtremeMagnitude(ReportNumbers p, Rng rng)
    {
        string[] candidates = p.Template == TemplateVersion.V2019
            ? ["s2_license_decisions", "s2_othersvc_decisions", "s2_penalty_decisions", "s2_coercion_decisions"]
            : ["s2_license_decisions", "s2_penalty_decisions", "s2_coercion_decisions"];
        // A magnitude error multiplies a number (digits typed twice, a stray 000): a zero has none to multiply, and a
        // figure printed where the truth is 0 is another kind of error, so only non-zero counts are candidates.
        var nonzero = candidates.Where(f => p.Values[f] > 0).ToList();
        if (nonzero.Count == 0) return null;
        string field = rng.Pick(nonzero);
        int factor = rng.Int(50, 501);
        decimal v = p.Values[field], printed = v * factor;
        p.Cells[field] = I(printed);
        return (field, $"{Label(field)}: printed {I(printed)} for {I(v)} (×{factor.ToString(CultureInfo.InvariantCulture)})");
    }

    public static (string Field, string Detail)? SwappedDigits(ReportNumbers p, Rng rng)
    {
        // A component cell (not a total) of table 三 or 四 with two different adjacent digits.
        var candidates = new List<string>();
        foreach (var (row, _, templates) in FieldDictionary.ApplicationRows)
        {
            if (!templates.Contains(p.Template) || row == "results_total") continue;
            foreach (var col in Columns) Add(FieldDictionary.S3(row, col));
        }
        foreach (var (id, _) in FieldDictionary.ReviewLitigationCells) if (!id.EndsWith("_total", StringComparison.Ordinal)) Add(id);
        void Add(string f) { if (p.Values[f] >= 10 && HasSwap(I(p.Values[f]))) candidates.Add(f); }
        if (candidates.Count == 0) return null;
        string field = rng.Pick(candidates);
        string s = I(p.Values[field]);
        var positions = Enumerable.Range(0, s.Length - 1).Where(i => s[i] != s[i + 1] && !(i == 0 && s[1] == '0')).ToList();
        int at = rng.Pick(positions);
        var chars = s.ToCharArray();
        (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
        string swapped = new(chars);
        p.Cells[field] = swapped;
        return (field, $"{Label(field)}: printed {swapped} for {s} (adjacent digits swapped); the 总计 it belongs to no longer adds up");
    }

    private static bool HasSwap(string s)
    {
        for (int i = 0; i < s.Length - 1; i++)
            if (s[i] != s[i + 1] && !(i == 0 && s[1] == '0')) return true;
        return false;
    }
}
