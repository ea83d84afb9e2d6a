namespace GovReport.Analytics;

/// <summary>
/// A measure comparable across agencies: the sum of the listed fields (all must be reported), for the templates
/// that have them. Cross-template mapping follows reference §7: fields that are not comparable are left out, never
/// forced together (2019 规范性文件 本年新制作 ≈ 2021 本年制发 is kept and marked approximate).
/// </summary>
public sealed record MetricDef(string Id, string Label, string LabelEn, string Unit, IReadOnlyDictionary<string, IReadOnlyList<string>> Fields, string? Note = null);

public static class Metrics
{
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Both(params string[] fields) =>
        new Dictionary<string, IReadOnlyList<string>> { ["2019"] = fields, ["2021"] = fields };

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Only(string template, params string[] fields) =>
        new Dictionary<string, IReadOnlyList<string>> { [template] = fields };

    private static readonly string[] Denied =
        ["state_secret", "prohibited_by_law", "security_stability", "third_party", "internal_affairs", "process_info", "enforcement_file", "admin_query"];

    public static readonly IReadOnlyList<MetricDef> All =
    [
        new("normdocs_issued", "规范性文件制发", "normative documents issued", "件",
            new Dictionary<string, IReadOnlyList<string>> { ["2019"] = ["s2_normdocs_new_made"], ["2021"] = ["s2_normdocs_issued"] },
            "2019 本年新制作数量 ≈ 2021 本年制发件数 (reference §7)"),
        new("license_decisions", "行政许可决定", "licensing decisions", "件", Both("s2_license_decisions")),
        new("penalty_decisions", "行政处罚决定", "penalty decisions", "件", Both("s2_penalty_decisions")),
        new("coercion_decisions", "行政强制决定", "coercion decisions", "件", Both("s2_coercion_decisions")),
        new("othersvc_decisions", "其他对外管理服务事项决定", "other external administrative-service decisions", "件", Only("2019", "s2_othersvc_decisions")),
        new("procurement_projects", "政府集中采购项目", "procurement projects", "项", Only("2019", "s2_procurement_projects")),
        new("procurement_amount", "政府集中采购金额", "procurement amount", "元", Only("2019", "s2_procurement_amount")),
        new("fee_amount", "行政事业性收费金额", "administrative fees", "元", Only("2021", "s2_fee_amount")),
        new("applications_received", "新收政府信息公开申请", "applications received", "件", Both("s3_new_received__total")),
        new("applications_granted", "予以公开", "applications granted", "件", Both("s3_granted__total")),
        new("applications_partly_granted", "部分公开", "applications partly granted", "件", Both("s3_partially_granted__total")),
        new("applications_denied", "不予公开", "applications denied", "件", Both([.. Denied.Select(d => $"s3_denied_{d}__total")])),
        new("applications_decided", "办结（（七）总计）", "applications decided", "件", Both("s3_results_total__total")),
        new("applications_carried_forward", "结转下年度继续办理", "applications carried forward", "件", Both("s3_carried_forward__total")),
        new("review_cases", "行政复议", "administrative reviews", "件", Both("s4_review_total")),
        new("litigation_cases", "行政诉讼", "lawsuits", "件", Both("s4_suit_direct_total", "s4_suit_after_review_total")),
    ];

    /// <summary>Metrics computed from other metrics (ratios), with their formula in SQL over a pivot of metrics.</summary>
    public static readonly IReadOnlyList<(string Id, string Label, string LabelEn, string Unit, string Numerator, string Denominator)> Ratios =
    [
        ("granted_share", "公开率（予以公开+部分公开）/办结", "share granted (in full or in part) of decided", "比例", "applications_granted + applications_partly_granted", "applications_decided"),
        ("amount_per_project", "平均每个采购项目金额", "amount per procurement project", "元", "procurement_amount", "procurement_projects"),
    ];
}
