using System.Globalization;
using GovReport.Ingest.Evaluation;
using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;

namespace GovReport.Ingest.Tests;

/// <summary>
/// Issue 13: captures whose table cells run together (<c>行政许可3960181</c>), split by the tables' own arithmetic and
/// checked against the published page of the same report. The expected values are the truth rows of the page
/// (Fixtures/truth/real.csv, read by hand from the page's &lt;table&gt;), never this program's output.
/// </summary>
public class RunTogetherTests
{
    public static TheoryData<string, string> Pairs => new()
    {
        { "003_fujian-pingtan-2019.txt", "012_fujian-pingtan-2019.html" },
        { "004_fujian-pingtan-2021.txt", "013_fujian-pingtan-2021.html" },
        { "005_fujian-pingtan-2022.txt", "014_fujian-pingtan-2022.html" },
        { "006_fujian-pingtan-2023.txt", "015_fujian-pingtan-2023.html" },
        { "008_fujian-pingtan-2025.txt", "009_fujian-pingtan-2025.html" },
    };

    private static List<TruthRow> PageTruth(string page) =>
        [.. Evaluator.LoadTruth(Fixtures.Path_("truth", "real.csv")).Where(t => t.File == page && t.Field.StartsWith('s'))];

    private static decimal Dec(string s) => decimal.Parse(s, NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>The candidate values a run_together_ambiguous diagnostic lists for its field.</summary>
    private static List<decimal> Candidates(ParseResult r, string field)
    {
        var d = r.Diagnostics.Single(x => x.Code == "run_together_ambiguous" && x.Field == field);
        Assert.Equal(Severity.Warning, d.Severity);
        string list = d.Message[(d.Message.LastIndexOf(": ", StringComparison.Ordinal) + 2)..];
        return [.. list.Split(" | ").Select(Dec)];
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Settled_values_equal_the_page_and_the_rest_carry_the_page_value_among_their_candidates(string capture, string page)
    {
        var r = Fixtures.Parse(Fixtures.Path_("real", capture));
        Assert.Equal(ReportParser.RunTogetherForm, r.Report.SourceForm);
        var truth = PageTruth(page);
        Assert.True(truth.Count >= 198);
        int settled = 0;
        foreach (var t in truth)
        {
            var f = r.Report.Fact(t.Field);
            Assert.NotNull(f);
            if (f.Status == FactStatus.Reported)
            {
                Assert.True(Dec(t.Value) == f.Value, $"{capture} {t.Field}: settled {f.Value}, the page says {t.Value}");
                settled++;
            }
            else
            {
                Assert.Equal(FactStatus.Unreadable, f.Status);
                Assert.Contains(Dec(t.Value), Candidates(r, t.Field));
            }
        }
        // Every table 三 and 四 cell of these five reports is settled by the tables' arithmetic.
        Assert.All(truth.Where(t => t.Field.StartsWith("s3_") || t.Field.StartsWith("s4_")),
            t => Assert.Equal(FactStatus.Reported, r.Report.Fact(t.Field)!.Status));
        Assert.True(settled >= 175, $"{capture}: {settled} settled");
    }

    [Fact]
    public void The_procurement_row_of_2019_is_not_settled_as_the_obvious_looking_split()
    {
        var r = Fixtures.Parse(Fixtures.Path_("real", "003_fujian-pingtan-2019.txt"));
        Assert.Equal(FactStatus.Unreadable, r.Report.Fact("s2_procurement_projects")!.Status);
        Assert.Equal(FactStatus.Unreadable, r.Report.Fact("s2_procurement_amount")!.Status);
        // The page says 135 / 75,394,432.52 元; 1357 / 5,394,432.52 元 fits the printing rules just as well.
        Assert.Contains(135m, Candidates(r, "s2_procurement_projects"));
        Assert.Contains(1357m, Candidates(r, "s2_procurement_projects"));
        Assert.Contains(75394432.52m, Candidates(r, "s2_procurement_amount"));
        Assert.Contains(5394432.52m, Candidates(r, "s2_procurement_amount"));
    }

    [Fact]
    public void A_settled_cell_says_it_was_settled_by_splitting_and_by_which_constraint()
    {
        var r = Fixtures.Parse(Fixtures.Path_("real", "004_fujian-pingtan-2021.txt"));
        // Table 四 “10203120001200000”: 17 digits for 15 cells, decided by 总计 = the four results of each block.
        Assert.Equal(12m, r.Report.Fact("s4_suit_direct_upheld")!.Value);
        Assert.Contains(r.Diagnostics, d => d.Code == "run_together_split" && d.Severity == Severity.Info
                                            && d.Message.Contains("10203120001200000") && d.Message.Contains("总计"));
    }

    [Fact]
    public void A_table_whose_arithmetic_is_broken_leaves_its_splits_undecided()
    {
        string text = File.ReadAllText(Fixtures.Path_("real", "004_fujian-pingtan-2021.txt"));
        // Table 四 with its last 总计 changed from 0 to 1: no split satisfies the block totals any more.
        string broken = text.Replace("总计10203120001200000", "总计10203120001200001", StringComparison.Ordinal);
        Assert.NotEqual(text, broken);
        var r = ReportParser.ParseText(broken);
        var upheld = r.Report.Fact("s4_suit_direct_upheld")!;
        Assert.Equal(FactStatus.Unreadable, upheld.Status);
        Assert.Contains(12m, Candidates(r, "s4_suit_direct_upheld"));
        // Table 三 of the same report still settles.
        Assert.Equal(70m, r.Report.Fact("s3_new_received__total")!.Value);
    }

    [Fact]
    public void The_narrative_settles_a_row_only_when_none_of_its_figures_contradicts_the_run()
    {
        // 2022: 现行有效…698件 and 制发…88件 leave one split of “8855698”: 88 / 55 / 698, as on page 014.
        var r5 = Fixtures.Parse(Fixtures.Path_("real", "005_fujian-pingtan-2022.txt"));
        Assert.Equal(55m, r5.Report.Fact("s2_normdocs_repealed")!.Value);
        Assert.Contains(r5.Diagnostics, d => d.Code == "run_together_split" && d.Message.Contains("narrative") && d.Message.Contains("8855698"));
        // 2023: the narrative's 现行有效 393 fits no split of “77132470” (page 015: 470), so its 制发 77 is not trusted either.
        var r6 = Fixtures.Parse(Fixtures.Path_("real", "006_fujian-pingtan-2023.txt"));
        Assert.Contains(r6.Diagnostics, d => d.Code == "run_together_narrative_conflict" && d.Field == "s2_normdocs_in_force");
        Assert.Equal(FactStatus.Unreadable, r6.Report.Fact("s2_normdocs_issued")!.Status);
        Assert.Contains(470m, Candidates(r6, "s2_normdocs_in_force"));
    }

    [Fact]
    public void Long_runs_are_bounded_and_stay_undecided()
    {
        string text = File.ReadAllText(Fixtures.Path_("real", "004_fujian-pingtan-2021.txt"));
        // Every table 三 row of the 2021 report made 24 digits long: many splits per row, none guessed.
        string noisy = System.Text.RegularExpressions.Regex.Replace(text, @"(?<=申请数量|予以公开|结果)(\d{7,9})", "123456789123456789123456");
        Assert.NotEqual(text, noisy);
        var r = ReportParser.ParseText(noisy);
        var f = r.Report.Fact("s3_new_received__natural_person")!;
        Assert.Equal(FactStatus.Unreadable, f.Status);
        Assert.Contains(r.Diagnostics, d => d.Code == "run_together_ambiguous" && d.Field == "s3_new_received__natural_person");
    }

    private static readonly string[] Counts3 = [FieldKind.Count, FieldKind.Count, FieldKind.Count];
    private static readonly string[] Delta2019 = [FieldKind.Count, FieldKind.Delta, FieldKind.Count];

    [Fact]
    public void Enumerator_three_cells_of_a_licence_row()
    {
        var s = RunSplitter.Splits("3960181", Counts3);
        Assert.False(s.Truncated);
        Assert.Contains(s.Candidates, c => c.SequenceEqual(["396", "0", "181"]));
        Assert.All(s.Candidates, c =>
        {
            Assert.Equal("3960181", string.Concat(c));
            Assert.All(c, cell => Assert.True(cell == "0" || cell[0] != '0', $"leading zero in {cell}"));
        });
        // The 0 is a cell of its own or the inside of a number, never the start of one: 39 | 6 | 0181 is not a split.
        Assert.DoesNotContain(s.Candidates, c => c.SequenceEqual(["39", "6", "0181"]));
        Assert.True(s.Candidates.Count > 1);
    }

    [Fact]
    public void Enumerator_seven_cells_of_a_table_3_row_with_its_row_total()
    {
        var s = RunSplitter.Splits("21710000218", Enumerable.Repeat(FieldKind.Count, 7).ToList());
        static decimal N(string x) => decimal.Parse(x, CultureInfo.InvariantCulture);
        var consistent = s.Candidates.Where(c => c.Take(6).Sum(N) == N(c[6])).ToList();
        // By hand: 217 + 1 + 0 + 0 + 0 + 0 = 218 is the only reading whose total is the sum of its six columns.
        var only = Assert.Single(consistent);
        Assert.Equal(["217", "1", "0", "0", "0", "0", "218"], only);
    }

    [Fact]
    public void Enumerator_a_sign_begins_a_cell()
    {
        var s = RunSplitter.Splits("2648-18538", Delta2019);
        Assert.NotEmpty(s.Candidates);
        Assert.All(s.Candidates, c =>
        {
            Assert.Equal("2648", c[0]);
            Assert.StartsWith("-", c[1]);
        });
        Assert.Contains(s.Candidates, c => c.SequenceEqual(["2648", "-18", "538"]));
        // A count column takes no sign.
        Assert.Empty(RunSplitter.Splits("2648-18538", Counts3).Candidates);
    }

    [Fact]
    public void Enumerator_fifteen_cells_of_table_4_with_its_block_totals()
    {
        var s = RunSplitter.Splits("21317000001324019", Enumerable.Repeat(FieldKind.Count, 15).ToList());
        static decimal N(string x) => decimal.Parse(x, CultureInfo.InvariantCulture);
        var consistent = s.Candidates.Where(c => Enumerable.Range(0, 3).All(b => c.Skip(5 * b).Take(4).Sum(N) == N(c[5 * b + 4]))).ToList();
        // By hand: 2+1+3+1 = 7; 0+0+0+0 = 0; 13+2+4+0 = 19.
        var only = Assert.Single(consistent);
        Assert.Equal(["2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19"], only);
    }

    [Fact]
    public void Enumerator_spaces_are_boundaries_and_a_unit_ends_a_money_cell()
    {
        var s = RunSplitter.Splits("230 000023", Enumerable.Repeat(FieldKind.Count, 7).ToList());
        Assert.All(s.Candidates, c => Assert.DoesNotContain(c, cell => cell.Contains(' ')));
        Assert.DoesNotContain(s.Candidates, c => c.Contains("2300"));
        var money = RunSplitter.Splits("13575394432.52元", [FieldKind.Count, FieldKind.Money]);
        Assert.Equal(10, money.Candidates.Count);
        Assert.All(money.Candidates, c => Assert.EndsWith(".52元", c[1]));
    }
}
