namespace GovReport.Analytics;

/// <summary>One identity a report's own numbers must satisfy: the sum of the left fields equals the sum of the right.</summary>
public sealed record Equation(string Name, IReadOnlyList<string> Left, IReadOnlyList<string> Right);

/// <summary>
/// A consistency rule (勾稽关系): an id, a plain description, a severity, and the equations it checks for each
/// template. A report passes when every equation holds, fails when one does not (with expected and actual), and the
/// rule is not applicable when a field it needs was not reported (a blank is missing, not 0).
/// </summary>
public sealed record ConsistencyRule(string Id, string Description, string DescriptionEn, string Severity, IReadOnlyDictionary<string, IReadOnlyList<Equation>> Equations);

public static class ConsistencyRules
{
    public static readonly string[] Columns = ["natural_person", "commercial_enterprise", "research_institution", "public_interest_org", "legal_service_org", "other_org", "total"];
    private static readonly string[] Applicants = Columns[..6];
    private static readonly Dictionary<string, string> ColumnZh = new()
    {
        ["natural_person"] = "自然人", ["commercial_enterprise"] = "商业企业", ["research_institution"] = "科研机构",
        ["public_interest_org"] = "社会公益组织", ["legal_service_org"] = "法律服务机构", ["other_org"] = "其他", ["total"] = "总计",
    };

    private static readonly string[] Outcomes2019 =
    [
        "granted", "partially_granted", "denied_state_secret", "denied_prohibited_by_law", "denied_security_stability", "denied_third_party",
        "denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_admin_query", "unable_not_held",
        "unable_needs_creation", "unable_unclear", "rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive",
        "rejected_reconfirm", "other_handling",
    ];
    private static readonly string[] Outcomes2021 = [.. Outcomes2019.Where(o => o != "other_handling"), "other_no_correction", "other_fee_unpaid", "other_other"];

    public static string S3(string row, string col) => $"s3_{row}__{col}";

    private static IReadOnlyDictionary<string, IReadOnlyList<Equation>> Both(Func<string, IReadOnlyList<Equation>> make) =>
        new Dictionary<string, IReadOnlyList<Equation>> { ["2019"] = make("2019"), ["2021"] = make("2021") };

    private static string[] Rows(string template) =>
        ["new_received", "carried_over", .. template == "2019" ? Outcomes2019 : Outcomes2021, "results_total", "carried_forward"];

    /// <summary>The rules in the order they are reported.</summary>
    public static readonly IReadOnlyList<ConsistencyRule> All =
    [
        new("S3-BALANCE", "表三勾稽关系：一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理（按列）",
            "Table 3 balance: new + carried over = results total + carried forward, per column", "error",
            Both(_ => [.. Columns.Select(c => new Equation(ColumnZh[c], [S3("new_received", c), S3("carried_over", c)], [S3("results_total", c), S3("carried_forward", c)]))])),
        new("S3-RESULTS", "表三：（七）总计 = 各项办理结果之和（按列）",
            "Table 3: results total = sum of the outcome rows, per column", "error",
            Both(t => [.. Columns.Select(c => new Equation(ColumnZh[c], [S3("results_total", c)], [.. (t == "2019" ? Outcomes2019 : Outcomes2021).Select(o => S3(o, c))]))])),
        new("S3-ROW-TOTAL", "表三：每行总计 = 六类申请人之和",
            "Table 3: each row's total = sum of the six applicant columns", "error",
            Both(t => [.. Rows(t).Select(r => new Equation(r, [S3(r, "total")], [.. Applicants.Select(a => S3(r, a))]))])),
        new("S4-TOTALS", "表四：行政复议、行政诉讼各总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
            "Table 4: each total = upheld + corrected + other + pending", "error",
            Both(_ => [.. new[] { ("行政复议", "s4_review"), ("未经复议直接起诉", "s4_suit_direct"), ("复议后起诉", "s4_suit_after_review") }
                .Select(g => new Equation(g.Item1, [$"{g.Item2}_total"], [$"{g.Item2}_upheld", $"{g.Item2}_corrected", $"{g.Item2}_other", $"{g.Item2}_pending"]))])),
    ];
}
