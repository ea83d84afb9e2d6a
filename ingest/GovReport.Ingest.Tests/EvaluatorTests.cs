using GovReport.Ingest.Evaluation;

namespace GovReport.Ingest.Tests;

public sealed class EvaluatorTests : IDisposable
{
    private readonly string _truth = Path.GetTempFileName();
    public void Dispose() => File.Delete(_truth);

    private EvaluationResult Evaluate(string csv)
    {
        File.WriteAllText(_truth, "file,field,value\n" + csv);
        return Evaluator.Run(Evaluator.LoadTruth(_truth), Directory.GetFiles(Fixtures.Path_("seeds")));
    }

    [Fact]
    public void Right_values_wrong_values_and_whether_a_diagnostic_points_at_them()
    {
        string s001 = Path.GetFileName(Fixtures.Seed("001")), s002 = Path.GetFileName(Fixtures.Seed("002")), s004 = Path.GetFileName(Fixtures.Seed("004"));
        var r = Evaluate(
            $"{s001},s2_procurement_amount,560000\n" +       // right (56万)
            $"{s001},agency,剑南街道\n" +                      // right
            $"{s001},year,2020\n" +                            // right
            $"{s001},template,2019\n" +                        // right
            $"{s002},s2_penalty_decisions,dash\n" +            // right
            $"{s004},s4_review_upheld,blank\n" +               // right (NBSP-only cell)
            $"{s004},s3_new_received__total,1\n" +             // wrong: the row is lost, and a diagnostic says so
            $"{s002},s2_penalty_delta,7\n" +                   // wrong on purpose (the report prints 496), no diagnostic
            $"{s004},s3_carried_over__total,absent\n" +        // right: not printed, left unreadable
            "nosuchfile.txt,year,2020\n");
        Assert.Equal(9, r.Total);
        Assert.Equal(7, r.Correct);
        Assert.Equal(1, r.Silent);
        Assert.Contains(r.Comparisons, c => c.Field == "s3_new_received__total" && !c.Correct && c.Flagged);
        Assert.Contains(r.Comparisons, c => c.Field == "s2_penalty_delta" && !c.Correct && !c.Flagged && c.Got == "496");
        Assert.Equal(["nosuchfile.txt"], r.MissingFiles);
    }

    [Fact]
    public void Quoted_csv_values()
    {
        string s001 = Path.GetFileName(Fixtures.Seed("001"));
        var r = Evaluate($"\"{s001}\",\"agency\",\"剑南街道\"\n");
        Assert.Equal(1, r.Correct);
    }
}
