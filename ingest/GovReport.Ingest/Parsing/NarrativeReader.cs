using System.Globalization;
using System.Text.RegularExpressions;
using GovReport.Ingest.Model;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Parsing;

/// <summary>Numbers the narrative states, for checking the tables against (e.g. 主动公开政府信息总数106条).</summary>
public static partial class NarrativeReader
{
    public const string ProactiveItems = "narrative_proactive_items";
    /// <summary>The sum of the items a stated total goes on to list (总数106条：…信息23条、…信息1条…).</summary>
    public const string ProactiveBreakdown = "narrative_proactive_breakdown";

    [GeneratedRegex(@"^\s*(?:[:：]|[，,]\s*(?:其中|包括))(?<list>[^。；;]*)")]
    private static partial Regex ListAfter();

    [GeneratedRegex(@"(?<n>\d+)(?:余|多)?条")]
    private static partial Regex Item();

    public const string ApplicationsReceived = "narrative_applications_received";

    // 收到政府信息公开申请75件, 共受理依申请公开0件, 新收申请 12 件
    [GeneratedRegex(@"(?:收到|受理|新收)(?<mid>[^。；;，,：:\d]{0,14}?)申请(?:[^。；;，,：:\d]{0,6}?)(?<n>\d+)件|(?:收到|受理|新收)依申请公开(?:政府信息|申请)?(?<n2>\d+)件")]
    private static partial Regex Applications();

    /// <summary>The number of applications received that the overview states, when it states exactly one.</summary>
    public static NarrativeFact? ReadApplications(IReadOnlyList<TextBlock> sectionOne)
    {
        var found = new List<NarrativeFact>();
        foreach (var block in sectionOne)
        {
            string t = GovReport.Ingest.Text.Nfkc.Normalize(block.Text);
            foreach (Match m in Applications().Matches(t))
            {
                string n = m.Groups["n"].Success ? m.Groups["n"].Value : m.Groups["n2"].Value;
                if (m.Groups["mid"].Value.Contains("上年")) continue; // carried over, not received
                found.Add(new NarrativeFact(ApplicationsReceived, decimal.Parse(n, CultureInfo.InvariantCulture), false, m.Value, block.Line));
            }
        }
        var distinct = found.GroupBy(f => f.Value).Select(g => g.First()).ToList();
        return distinct.Count == 1 ? distinct[0] : null;
    }

    // 主动公开 … N 条, with no sentence break or other number in between: 主动公开信息162条, 主动公开政府信息总数106条, 累计主动公开政府信息280余条.
    [GeneratedRegex(@"主动公开(?<mid>[^。；;，,：:\d]{0,12}?)(?<n>\d+(?:,\d{3})*)(?<approx>余|多)?条")]
    private static partial Regex Proactive();

    /// <summary>The stated total of proactively published items in 一、总体情况, when exactly one value is stated.</summary>
    /// <summary>The stated total and, when the sentence goes on to list its parts, their sum.</summary>
    public static (NarrativeFact? Total, NarrativeFact? Breakdown) ReadProactive(IReadOnlyList<TextBlock> sectionOne, List<Diagnostic> diagnostics)
    {
        var found = new List<NarrativeFact>();
        var breakdowns = new List<NarrativeFact>();
        foreach (var block in sectionOne)
        {
            string t = GovReport.Ingest.Text.Nfkc.Normalize(block.Text);
            foreach (Match m in Proactive().Matches(t))
            {
                // "主动公开了以下 3 类" is not a total; the words between must not name a sub-kind.
                string mid = m.Groups["mid"].Value;
                if (mid.Contains("其中") || mid.Contains("类")) continue;
                decimal n = decimal.Parse(m.Groups["n"].Value.Replace(",", ""), CultureInfo.InvariantCulture);
                found.Add(new NarrativeFact(ProactiveItems, n, m.Groups["approx"].Success, m.Value, block.Line));
                if (ListAfter().Match(t[(m.Index + m.Length)..]) is { Success: true } list)
                {
                    var items = Item().Matches(list.Groups["list"].Value).Select(i => decimal.Parse(i.Groups["n"].Value, CultureInfo.InvariantCulture)).ToList();
                    if (items.Count >= 2) breakdowns.Add(new NarrativeFact(ProactiveBreakdown, items.Sum(), false, list.Groups["list"].Value.Trim(), block.Line));
                }
            }
        }
        var distinct = found.GroupBy(f => f.Value).Select(g => g.First()).ToList();
        if (distinct.Count == 1) return (distinct[0], breakdowns.Count == 1 ? breakdowns[0] : null);
        if (distinct.Count > 1)
            diagnostics.Add(Diagnostic.Info("narrative_ambiguous",
                $"一、总体情况 states several totals of proactively published items ({string.Join(", ", distinct.Select(d => $"{d.Value} line {d.Line}"))}); none taken",
                distinct[0].Line, ProactiveItems));
        return (null, null);
    }
}
