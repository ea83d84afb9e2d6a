using System.Collections.Frozen;

namespace GovReport.Ingest.Model;

/// <summary>What kind of number a field holds.</summary>
public static class FieldKind
{
    public const string Count = "count";
    /// <summary>Signed change (本年增/减).</summary>
    public const string Delta = "delta";
    /// <summary>Money, stored in 元.</summary>
    public const string Money = "money";
}

/// <param name="Id">Canonical id (reference §9).</param>
/// <param name="Templates">The templates that have the field: "2019", "2021" or both.</param>
/// <param name="Section">二, 三 or 四.</param>
/// <param name="Label">Chinese label path: block / row / column.</param>
/// <param name="Unit">Unit stored: 件, 项 or 元.</param>
/// <param name="TemplateUnit">The unit the template itself states for the cell (only 2021 收费金额: 万元).</param>
public sealed record FieldDef(string Id, IReadOnlyList<string> Templates, string Section, string Label, string Kind, string Unit, string? TemplateUnit = null)
{
    public bool In(string template) => Templates.Contains(template);
}

/// <summary>The canonical fields of both templates (reference §9.1, §9.2), in template order.</summary>
public static class FieldDictionary
{
    public static readonly IReadOnlyList<string> V2019 = [TemplateVersion.V2019];
    public static readonly IReadOnlyList<string> V2021 = [TemplateVersion.V2021];
    public static readonly IReadOnlyList<string> Both = [TemplateVersion.V2019, TemplateVersion.V2021];

    /// <summary>Table 三 columns, in the template's order.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> ApplicantColumns =
    [
        ("natural_person", "自然人"),
        ("commercial_enterprise", "法人或其他组织 / 商业企业"),
        ("research_institution", "法人或其他组织 / 科研机构"),
        ("public_interest_org", "法人或其他组织 / 社会公益组织"),
        ("legal_service_org", "法人或其他组织 / 法律服务机构"),
        ("other_org", "法人或其他组织 / 其他"),
        ("total", "总计"),
    ];

    /// <summary>Table 三 rows, in the template's order, with the templates that have them.</summary>
    public static readonly IReadOnlyList<(string Key, string Label, IReadOnlyList<string> Templates)> ApplicationRows =
    [
        ("new_received", "一、本年新收政府信息公开申请数量", Both),
        ("carried_over", "二、上年结转政府信息公开申请数量", Both),
        ("granted", "三、本年度办理结果 /（一）予以公开", Both),
        ("partially_granted", "三 /（二）部分公开（区分处理的，只计这一情形，不计其他情形）", Both),
        ("denied_state_secret", "三 /（三）不予公开 / 1.属于国家秘密", Both),
        ("denied_prohibited_by_law", "三 /（三）/ 2.其他法律行政法规禁止公开", Both),
        ("denied_security_stability", "三 /（三）/ 3.危及“三安全一稳定”", Both),
        ("denied_third_party", "三 /（三）/ 4.保护第三方合法权益", Both),
        ("denied_internal_affairs", "三 /（三）/ 5.属于三类内部事务信息", Both),
        ("denied_process_info", "三 /（三）/ 6.属于四类过程性信息", Both),
        ("denied_enforcement_file", "三 /（三）/ 7.属于行政执法案卷", Both),
        ("denied_admin_query", "三 /（三）/ 8.属于行政查询事项", Both),
        ("unable_not_held", "三 /（四）无法提供 / 1.本机关不掌握相关政府信息", Both),
        ("unable_needs_creation", "三 /（四）/ 2.没有现成信息需要另行制作", Both),
        ("unable_unclear", "三 /（四）/ 3.补正后申请内容仍不明确", Both),
        ("rejected_petition", "三 /（五）不予处理 / 1.信访举报投诉类申请", Both),
        ("rejected_duplicate", "三 /（五）/ 2.重复申请", Both),
        ("rejected_publication", "三 /（五）/ 3.要求提供公开出版物", Both),
        ("rejected_excessive", "三 /（五）/ 4.无正当理由大量反复申请", Both),
        ("rejected_reconfirm", "三 /（五）/ 5.要求行政机关确认或重新出具已获取信息", Both),
        ("other_handling", "三 /（六）其他处理", V2019),
        ("other_no_correction", "三 /（六）其他处理 / 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", V2021),
        ("other_fee_unpaid", "三 /（六）/ 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", V2021),
        ("other_other", "三 /（六）/ 3.其他", V2021),
        ("results_total", "三 /（七）总计", Both),
        ("carried_forward", "四、结转下年度继续办理", Both),
    ];

    /// <summary>Table 四: the 15 cells of its one data row, in order.</summary>
    public static readonly IReadOnlyList<(string Id, string Label)> ReviewLitigationCells = BuildTable4();

    public static readonly IReadOnlyList<FieldDef> All = Build();

    private static readonly FrozenDictionary<string, FieldDef> ById = All.ToFrozenDictionary(f => f.Id);

    public static FieldDef? Get(string id) => ById.GetValueOrDefault(id);

    private static readonly FrozenDictionary<string, FieldDef[]> ByTemplate =
        new[] { TemplateVersion.V2019, TemplateVersion.V2021 }.ToFrozenDictionary(t => t, t => All.Where(f => f.In(t)).ToArray());

    /// <summary>The fields of a template, in dictionary order (computed once per template).</summary>
    public static IReadOnlyList<FieldDef> For(string template) =>
        ByTemplate.TryGetValue(template, out var fields) ? fields : All.Where(f => f.In(template)).ToArray();

    public static string S3(string row, string column) => $"s3_{row}__{column}";

    private static readonly FrozenDictionary<string, string[]> S3Rows =
        ApplicationRows.ToFrozenDictionary(r => r.Key, r => ApplicantColumns.Select(c => S3(r.Key, c.Key)).ToArray(), StringComparer.Ordinal);

    /// <summary>The ids of a table 三 row's seven cells, in <see cref="ApplicantColumns"/> order (made once per row).</summary>
    public static IReadOnlyList<string> S3Row(string row) =>
        S3Rows.TryGetValue(row, out var ids) ? ids : [.. ApplicantColumns.Select(c => S3(row, c.Key))];

    private static IReadOnlyList<(string, string)> BuildTable4()
    {
        (string Key, string Label)[] outcomes =
            [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"), ("total", "总计")];
        (string Key, string Label)[] groups =
            [("s4_review", "行政复议"), ("s4_suit_direct", "行政诉讼 / 未经复议直接起诉"), ("s4_suit_after_review", "行政诉讼 / 复议后起诉")];
        return [.. groups.SelectMany(g => outcomes.Select(o => ($"{g.Key}_{o.Key}", $"{g.Label} / {o.Label}")))];
    }

    private static IReadOnlyList<FieldDef> Build()
    {
        const string b1 = "第二十条第（一）项", b5 = "第二十条第（五）项", b6 = "第二十条第（六）项", b8 = "第二十条第（八）项", b9 = "第二十条第（九）项";
        var list = new List<FieldDef>
        {
            // 2019 (60号) table 二: 22 fields.
            new("s2_rules_new_made", V2019, "二", $"{b1} / 规章 / 本年新制作数量", FieldKind.Count, "件"),
            new("s2_rules_new_published", V2019, "二", $"{b1} / 规章 / 本年新公开数量", FieldKind.Count, "件"),
            new("s2_rules_total_published", V2019, "二", $"{b1} / 规章 / 对外公开总数量", FieldKind.Count, "件"),
            new("s2_normdocs_new_made", V2019, "二", $"{b1} / 规范性文件 / 本年新制作数量", FieldKind.Count, "件"),
            new("s2_normdocs_new_published", V2019, "二", $"{b1} / 规范性文件 / 本年新公开数量", FieldKind.Count, "件"),
            new("s2_normdocs_total_published", V2019, "二", $"{b1} / 规范性文件 / 对外公开总数量", FieldKind.Count, "件"),
            new("s2_license_prev_items", V2019, "二", $"{b5} / 行政许可 / 上一年项目数量", FieldKind.Count, "项"),
            new("s2_license_delta", V2019, "二", $"{b5} / 行政许可 / 本年增/减", FieldKind.Delta, "项"),
            new("s2_license_decisions", Both, "二", $"{b5} / 行政许可 / 处理决定数量（2021：本年处理决定数量）", FieldKind.Count, "件"),
            new("s2_othersvc_prev_items", V2019, "二", $"{b5} / 其他对外管理服务事项 / 上一年项目数量", FieldKind.Count, "项"),
            new("s2_othersvc_delta", V2019, "二", $"{b5} / 其他对外管理服务事项 / 本年增/减", FieldKind.Delta, "项"),
            new("s2_othersvc_decisions", V2019, "二", $"{b5} / 其他对外管理服务事项 / 处理决定数量", FieldKind.Count, "件"),
            new("s2_penalty_prev_items", V2019, "二", $"{b6} / 行政处罚 / 上一年项目数量", FieldKind.Count, "项"),
            new("s2_penalty_delta", V2019, "二", $"{b6} / 行政处罚 / 本年增/减", FieldKind.Delta, "项"),
            new("s2_penalty_decisions", Both, "二", $"{b6} / 行政处罚 / 处理决定数量（2021：本年处理决定数量）", FieldKind.Count, "件"),
            new("s2_coercion_prev_items", V2019, "二", $"{b6} / 行政强制 / 上一年项目数量", FieldKind.Count, "项"),
            new("s2_coercion_delta", V2019, "二", $"{b6} / 行政强制 / 本年增/减", FieldKind.Delta, "项"),
            new("s2_coercion_decisions", Both, "二", $"{b6} / 行政强制 / 处理决定数量（2021：本年处理决定数量）", FieldKind.Count, "件"),
            new("s2_fee_prev_items", V2019, "二", $"{b8} / 行政事业性收费 / 上一年项目数量（项目数，不是金额）", FieldKind.Count, "项"),
            new("s2_fee_delta", V2019, "二", $"{b8} / 行政事业性收费 / 本年增/减", FieldKind.Delta, "项"),
            new("s2_procurement_projects", V2019, "二", $"{b9} / 政府集中采购 / 采购项目数量", FieldKind.Count, "项"),
            new("s2_procurement_amount", V2019, "二", $"{b9} / 政府集中采购 / 采购总金额", FieldKind.Money, "元"),
            // 2021 (30号) table 二: 10 fields (three of them shared above).
            new("s2_rules_issued", V2021, "二", $"{b1} / 规章 / 本年制发件数", FieldKind.Count, "件"),
            new("s2_rules_repealed", V2021, "二", $"{b1} / 规章 / 本年废止件数", FieldKind.Count, "件"),
            new("s2_rules_in_force", V2021, "二", $"{b1} / 规章 / 现行有效件数", FieldKind.Count, "件"),
            new("s2_normdocs_issued", V2021, "二", $"{b1} / 行政规范性文件 / 本年制发件数", FieldKind.Count, "件"),
            new("s2_normdocs_repealed", V2021, "二", $"{b1} / 行政规范性文件 / 本年废止件数", FieldKind.Count, "件"),
            new("s2_normdocs_in_force", V2021, "二", $"{b1} / 行政规范性文件 / 现行有效件数", FieldKind.Count, "件"),
            new("s2_fee_amount", V2021, "二", $"{b8} / 行政事业性收费 / 本年收费金额（单位：万元）", FieldKind.Money, "元", "万元"),
        };
        foreach (var (row, rowLabel, templates) in ApplicationRows)
            foreach (var (col, colLabel) in ApplicantColumns)
                list.Add(new FieldDef(S3(row, col), templates, "三", $"{rowLabel} / {colLabel}", FieldKind.Count, "件"));
        foreach (var (id, label) in ReviewLitigationCells)
            list.Add(new FieldDef(id, Both, "四", label, FieldKind.Count, "件"));
        return list;
    }
}
