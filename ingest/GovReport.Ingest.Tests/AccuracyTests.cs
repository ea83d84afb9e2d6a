using GovReport.Ingest.Evaluation;

namespace GovReport.Ingest.Tests;

/// <summary>
/// Extraction accuracy against the hand-made truth (Fixtures/truth, read from the published reports): the figures
/// README quotes, kept from regressing.
/// </summary>
public class AccuracyTests
{
    private static EvaluationResult Evaluate(string truth, string folder, Func<TruthRow, bool>? only = null)
    {
        var rows = Evaluator.LoadTruth(Fixtures.Path_("truth", truth)).Where(only ?? (_ => true)).ToList();
        return Evaluator.Run(rows, Directory.GetFiles(Fixtures.Path_(folder)));
    }

    [Fact]
    public void Seeds_are_read_completely()
    {
        var r = Evaluate("seeds.csv", "seeds");
        Assert.Equal(5 * 201, r.Total);
        Assert.True(r.Correct == r.Total, string.Join("\n", r.Comparisons.Where(c => !c.Correct).Select(c => $"{c.File} {c.Field}: {c.Expected} ≠ {c.Got}")));
    }

    [Theory]
    [InlineData("001_jiangsu-huaian-city-2024.pdf")]
    [InlineData("002_jiangsu-huaian-hongze-2023.pdf")]
    [InlineData("007_shanghai-szfbgt-2019.html")]
    [InlineData("009_fujian-pingtan-2025.html")]
    [InlineData("010_jiangsu-suqian-shuyang-2025.txt")]
    [InlineData("012_fujian-pingtan-2019.html")]
    [InlineData("013_fujian-pingtan-2021.html")]
    [InlineData("014_fujian-pingtan-2022.html")]
    [InlineData("015_fujian-pingtan-2023.html")]
    public void Real_pages_are_read_completely(string file)
    {
        var r = Evaluate("real.csv", "real", t => t.File == file);
        Assert.True(r.Total > 200);
        Assert.True(r.Correct == r.Total, string.Join("\n", r.Comparisons.Where(c => !c.Correct).Select(c => $"{c.Field}: {c.Expected} ≠ {c.Got}")));
    }

    [Fact]
    public void No_wrong_value_without_a_diagnostic()
    {
        var r = Evaluate("real.csv", "real");
        Assert.Equal(15, r.Comparisons.Select(c => c.File).Distinct().Count());
        Assert.True(r.Silent == 0, string.Join("\n", r.Comparisons.Where(c => !c.Correct && !c.Flagged).Select(c => $"{c.File} {c.Field}: {c.Expected} ≠ {c.Got}")));
    }
}
