using System.Globalization;
using GovReport.Ingest.Model;

namespace GovReport.Synth;

/// <summary>What an agency carries from one year's report to the next.</summary>
internal sealed class AgencyState
{
    public int[]? CarriedForward;           // table 三 四、结转下年度, six applicant columns
    public int NormdocsTotal = -1;          // 2019 对外公开总数量 (cumulative)
    public int NormdocsInForce = -1;        // 2021 现行有效件数
    public int LicenseItems = -1, OtherSvcItems = -1, PenaltyItems = -1, CoercionItems = -1, FeeItems = -1;
    public double Activity = 1;             // the agency's own size, drawn once
    /// <summary>The agency's own level of each yearly count (0: it does not hold that power), drawn once.</summary>
    public Dictionary<string, double> Levels = new(StringComparer.Ordinal);
}

/// <summary>
/// Plausible numbers by agency level: log-normal counts, many zeros for 街道 and 乡镇, larger 行政处罚 for 县级政府 and
/// enforcement departments, procurement amounts as sums of per-project amounts in 元. Every identity of reference §5.3
/// and §6 holds; 上年结转 is last year's 结转下年度. Table 二's yearly counts (处理决定, 采购项目, 收费) are an agency's
/// own: each agency holds a power or not for all its years and has its own level (log-sd 0.8 around its kind's median),
/// varying from year to year with its activity and a yearly noise of log-sd 0.3, as real agencies' counts do; they are
/// not drawn afresh each year.
/// </summary>
internal static class ValueModel
{
    private static readonly string[] Columns = [.. FieldDictionary.ApplicantColumns.Take(6).Select(c => c.Key)];
    private static readonly double[] ColumnWeights = [0.86, 0.09, 0.006, 0.01, 0.02, 0.014];

    private static readonly (string Row, double Weight)[] Outcomes2019 =
    [
        ("granted", 0.42), ("partially_granted", 0.08),
        ("denied_state_secret", 0.003), ("denied_prohibited_by_law", 0.01), ("denied_security_stability", 0.005),
        ("denied_third_party", 0.02), ("denied_internal_affairs", 0.02), ("denied_process_info", 0.02),
        ("denied_enforcement_file", 0.01), ("denied_admin_query", 0.02),
        ("unable_not_held", 0.2), ("unable_needs_creation", 0.04), ("unable_unclear", 0.03),
        ("rejected_petition", 0.03), ("rejected_duplicate", 0.03), ("rejected_publication", 0.005),
        ("rejected_excessive", 0.005), ("rejected_reconfirm", 0.01),
        ("other_handling", 0.04),
    ];

    private static readonly (string Row, double Weight)[] Outcomes2021 =
    [
        .. Outcomes2019.Where(o => o.Row != "other_handling"),
        ("other_no_correction", 0.02), ("other_fee_unpaid", 0.002), ("other_other", 0.018),
    ];

    public static string TemplateFor(int year) => year <= 2020 ? TemplateVersion.V2019 : TemplateVersion.V2021;

    public static ReportNumbers Generate(SynthAgency a, int year, AgencyState s, Rng rng)
    {
        var n = new ReportNumbers { Template = TemplateFor(year) };
        double act = s.Activity * Math.Exp(0.25 * rng.Normal());   // the agency's size, with yearly noise
        Table3(n, a, s, act, rng);
        Table4(n, a, act, rng);
        if (n.Template == TemplateVersion.V2019) Table2V2019(n, a, s, act, rng); else Table2V2021(n, a, s, act, rng);
        Narrative(n, a, act, rng);
        foreach (var (field, value) in n.Values)
            n.Cells.TryAdd(field, FieldDictionary.Get(field)!.Kind == FieldKind.Delta ? Signed(value) : Format(value));
        return n;
    }

    public static string Format(decimal v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    public static string Signed(decimal v) => v > 0 ? "+" + Format(v) : Format(v);

    private static double Pick(SynthAgency a, double subdistrict, double township, double county, double department) => a.Kind switch
    {
        AgencyKind.Subdistrict => subdistrict, AgencyKind.Township => township, AgencyKind.County => county, _ => department,
    };

    private static void Table3(ReportNumbers n, SynthAgency a, AgencyState s, double act, Rng rng)
    {
        double median = Pick(a, 2, 1.5, 45, a.Department?.Applications ?? 5) * act;
        double pZero = Pick(a, 0.45, 0.55, 0.03, 0.2);
        int total = rng.Count(median, 1.0, pZero);
        var fresh = rng.Multinomial(total, ColumnWeights);
        var carried = s.CarriedForward ?? [.. Columns.Select((_, i) => i == 0 && rng.Chance(0.2) ? rng.Int(1, 3) : 0)];
        var outcomes = n.Template == TemplateVersion.V2019 ? Outcomes2019 : Outcomes2021;
        var weights = outcomes.Select(o => o.Weight).ToArray();
        double pForward = Pick(a, 0.04, 0.03, 0.08, 0.06);

        var rows = new Dictionary<string, int[]>(StringComparer.Ordinal)
        {
            ["new_received"] = fresh, ["carried_over"] = carried,
        };
        foreach (var (row, _) in outcomes) rows[row] = new int[6];
        var totals = new int[6];
        var forward = new int[6];
        for (int c = 0; c < 6; c++)
        {
            int available = fresh[c] + carried[c];
            forward[c] = rng.Binomial(available, pForward);
            var split = rng.Multinomial(available - forward[c], weights);
            for (int o = 0; o < outcomes.Length; o++) rows[outcomes[o].Row][c] = split[o];
            totals[c] = available - forward[c];
        }
        rows["results_total"] = totals;
        rows["carried_forward"] = forward;
        s.CarriedForward = forward;
        foreach (var (row, values) in rows)
        {
            for (int c = 0; c < 6; c++) n.Values[FieldDictionary.S3(row, Columns[c])] = values[c];
            n.Values[FieldDictionary.S3(row, "total")] = values.Sum();
        }
    }

    private static void Table4(ReportNumbers n, SynthAgency a, double act, Rng rng)
    {
        double review = Pick(a, 0.08, 0.05, 1.5, 0.5) * act, direct = Pick(a, 0.05, 0.04, 1.2, 0.3) * act;
        double[] w = [0.62, 0.12, 0.1, 0.16];
        foreach (var (group, lambda) in new[] { ("s4_review", review), ("s4_suit_direct", direct), ("s4_suit_after_review", direct * 0.4) })
        {
            var split = rng.Multinomial(rng.Poisson(lambda), w);
            n.Values[$"{group}_upheld"] = split[0];
            n.Values[$"{group}_corrected"] = split[1];
            n.Values[$"{group}_other"] = split[2];
            n.Values[$"{group}_pending"] = split[3];
            n.Values[$"{group}_total"] = split.Sum();
        }
    }

    private static int Items(ref int state, double median, double pZero, Rng rng)
    {
        if (state < 0) state = rng.Count(median, 0.8, pZero);
        return state;
    }

    private static void Table2V2019(ReportNumbers n, SynthAgency a, AgencyState s, double act, Rng rng)
    {
        var v = n.Values;
        v["s2_rules_new_made"] = 0; v["s2_rules_new_published"] = 0; v["s2_rules_total_published"] = 0;
        int made = a.Kind is AgencyKind.Subdistrict or AgencyKind.Township ? rng.Poisson(0.8 * act) : rng.Count(Pick(a, 1, 1, 8, 2) * act, 0.7, 0.2);
        if (s.NormdocsTotal < 0) s.NormdocsTotal = rng.Count(Pick(a, 6, 5, 120, 25), 0.8, 0.1);
        s.NormdocsTotal += made;
        v["s2_normdocs_new_made"] = made; v["s2_normdocs_new_published"] = made; v["s2_normdocs_total_published"] = s.NormdocsTotal;

        var dept = a.Department;
        Block(v, s, "license", ref s.LicenseItems, Pick(a, 4, 5, 400, (dept?.License ?? 100) / 10), Pick(a, 0.5, 0.4, 0, 0.1),
            Pick(a, 20, 25, 6000, dept?.License ?? 100) * act, rng);
        Block(v, s, "othersvc", ref s.OtherSvcItems, Pick(a, 6, 6, 150, 20), Pick(a, 0.5, 0.5, 0.05, 0.3),
            Pick(a, 30, 30, 2500, 200) * act, rng);
        Block(v, s, "penalty", ref s.PenaltyItems, Pick(a, 5, 6, 600, Math.Max(1, (dept?.Penalty ?? 10) / 2)), Pick(a, 0.5, 0.5, 0, 0.15),
            Pick(a, 8, 6, 900, dept?.Penalty ?? 10) * act, rng);
        Block(v, s, "coercion", ref s.CoercionItems, Pick(a, 2, 2, 60, 5), Pick(a, 0.7, 0.7, 0.05, 0.4),
            Pick(a, 2, 2, 40, Math.Max(1, (dept?.Penalty ?? 10) / 15)) * act, rng);

        int fee = Items(ref s.FeeItems, Pick(a, 2, 2, 30, 4), Pick(a, 0.8, 0.8, 0.05, 0.4), rng);
        int feeDelta = fee == 0 ? 0 : rng.Int(-Math.Min(fee, 2), 2);
        v["s2_fee_prev_items"] = fee; v["s2_fee_delta"] = feeDelta; s.FeeItems = fee + feeDelta;

        int projects = Steady(s, "procurement", Pick(a, 5, 4, 60, dept?.Procurement ?? 10) * act, Pick(a, 0.3, 0.35, 0.02, 0.1), rng);
        decimal perProjectMedian = (decimal)Pick(a, 80_000, 70_000, 260_000, 180_000);
        decimal amount = 0;
        for (int i = 0; i < Math.Min(projects, 400); i++) amount += (decimal)rng.LogNormal((double)perProjectMedian, 1.0);
        if (projects > 400) amount *= projects / 400m;
        bool wan = rng.Chance(0.3);
        amount = wan ? Math.Round(amount / 100m) * 100m : Math.Round(amount, 2);
        if (projects > 0 && amount == 0) amount = 100;
        v["s2_procurement_projects"] = projects;
        v["s2_procurement_amount"] = amount;
        n.Cells["s2_procurement_amount"] = amount == 0 ? "0元" : wan ? Format(amount / 10000m) + "万元" : amount.ToString("0.00", CultureInfo.InvariantCulture) + "元";
    }

    private static void Block(Dictionary<string, decimal> v, AgencyState s, string key, ref int items, double itemsMedian, double pZero, double decisionsMedian, Rng rng)
    {
        int prev = Items(ref items, itemsMedian, pZero, rng);
        int delta = prev == 0 ? (rng.Chance(0.1) ? rng.Int(1, 3) : 0) : (rng.Chance(0.6) ? 0 : rng.Int(-Math.Min(prev, 3), 4));
        int decisions = prev + delta == 0 ? 0 : Steady(s, key, decisionsMedian, 0.1, rng);
        v[$"s2_{key}_prev_items"] = prev; v[$"s2_{key}_delta"] = delta; v[$"s2_{key}_decisions"] = decisions;
        items = prev + delta;
    }

    /// <summary>
    /// One of an agency's yearly counts: 0 when it does not hold the power (decided once, probability
    /// <paramref name="pZero"/>), else <paramref name="median"/> (which carries this year's activity) times the agency's
    /// own level and a yearly noise.
    /// </summary>
    private static int Steady(AgencyState s, string key, double median, double pZero, Rng rng)
    {
        if (!s.Levels.TryGetValue(key, out double level))
            s.Levels[key] = level = rng.Chance(pZero) ? 0 : Math.Exp(0.8 * rng.Normal());
        if (level == 0 || median <= 0) return 0;
        return (int)Math.Max(1, Math.Min(5_000_000, Math.Round(median * level * Math.Exp(0.3 * rng.Normal()))));
    }

    private static void Table2V2021(ReportNumbers n, SynthAgency a, AgencyState s, double act, Rng rng)
    {
        var v = n.Values;
        v["s2_rules_issued"] = 0; v["s2_rules_repealed"] = 0; v["s2_rules_in_force"] = 0;
        int issued = a.Kind is AgencyKind.Subdistrict or AgencyKind.Township ? rng.Poisson(0.7 * act) : rng.Count(Pick(a, 1, 1, 7, 2) * act, 0.7, 0.2);
        if (s.NormdocsInForce < 0) s.NormdocsInForce = rng.Count(Pick(a, 5, 4, 90, 18), 0.8, 0.1);
        int repealed = rng.Binomial(s.NormdocsInForce, 0.05);
        s.NormdocsInForce += issued - repealed;
        v["s2_normdocs_issued"] = issued; v["s2_normdocs_repealed"] = repealed; v["s2_normdocs_in_force"] = s.NormdocsInForce;

        var dept = a.Department;
        // An agency that held no such items under the 2019 template holds none now.
        v["s2_license_decisions"] = s.LicenseItems == 0 ? 0 : Steady(s, "license", Pick(a, 25, 30, 7000, dept?.License ?? 100) * act, Pick(a, 0.45, 0.4, 0, 0.1), rng);
        v["s2_penalty_decisions"] = s.PenaltyItems == 0 ? 0 : Steady(s, "penalty", Pick(a, 8, 6, 900, dept?.Penalty ?? 10) * act, Pick(a, 0.5, 0.5, 0, 0.15), rng);
        v["s2_coercion_decisions"] = s.CoercionItems == 0 ? 0 : Steady(s, "coercion", Pick(a, 2, 2, 40, Math.Max(1, (dept?.Penalty ?? 10) / 15)) * act, Pick(a, 0.75, 0.75, 0.1, 0.5), rng);
        // 收费金额 in 万元 with two decimals, stored in 元.
        decimal wan = (decimal)Math.Round(Steady(s, "fee", Pick(a, 3, 3, 2500, 150) * act * 100, Pick(a, 0.8, 0.8, 0.05, 0.35), rng) / 100.0, 2);
        v["s2_fee_amount"] = wan * 10000m;
        n.Cells["s2_fee_amount"] = Format(wan);
    }

    private static void Narrative(ReportNumbers n, SynthAgency a, double act, Rng rng)
    {
        int total = Math.Max(3, rng.Count(Pick(a, 120, 90, 2500, 300) * act, 0.7));
        int web = (int)Math.Round(total * (0.5 + 0.3 * rng.Next()));
        int media = (int)Math.Round((total - web) * (0.4 + 0.5 * rng.Next()));
        n.ProactiveStated = total;
        n.ProactiveBreakdown = [web, media, total - web - media];
        n.ApplicationsStated = (int)n.Values[FieldDictionary.S3("new_received", "total")];
    }
}
