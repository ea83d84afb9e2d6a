using GovReport.Ingest.Model;

namespace GovReport.Ingest.Tests;

/// <summary>
/// Every numeric cell of tables 二, 三 and 四 of the five seeds and the two 2021 fixtures, against values read by hand
/// (Fixtures/expected/*.expect, Fixtures/t2021/*.expect): value, status and source line.
/// </summary>
public class SeedTableTests
{
    public static TheoryData<string> ExpectFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Fixtures.Path_("expected"), "*.expect").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        foreach (var f in Directory.GetFiles(Fixtures.Path_("t2021"), "*.expect").Order(StringComparer.Ordinal)) data.Add("t2021/" + Path.GetFileName(f));
        return data;
    }

    private static (Expectations.File_ Expect, ParseResult Result) Load(string expectFile)
    {
        string path = expectFile.StartsWith("t2021/") ? Fixtures.Path_("t2021", expectFile[6..]) : Fixtures.Path_("expected", expectFile);
        var expect = Expectations.Load(path);
        string source = expectFile.StartsWith("t2021/") ? Fixtures.Path_("t2021", expect.FileName) : Fixtures.Path_("seeds", expect.FileName);
        return (expect, Fixtures.Parse(source));
    }

    [Theory]
    [MemberData(nameof(ExpectFiles))]
    public void Every_cell_matches_the_hand_read_value(string expectFile)
    {
        var (expect, result) = Load(expectFile);
        Assert.Equal(expect.Template, result.Report.Template);
        var problems = new List<string>();
        foreach (var e in expect.Cells)
        {
            var f = result.Report.Fact(e.Field);
            if (f is null) { problems.Add($"{e.Field}: no fact"); continue; }
            decimal? expectedValue = e.Value;
            // Money is written in the expect files as printed; the 2021 收费金额 header fixes 万元.
            if (e.Field == "s2_fee_amount" && expectedValue is { } v) expectedValue = v * 10_000m;
            if (f.Status != e.Status) problems.Add($"{e.Field}: status {f.Status}, expected {e.Status} (token {e.Token})");
            else if (f.Value != expectedValue) problems.Add($"{e.Field}: value {f.Value}, expected {expectedValue}");
            if (e.Line is { } line && f.Line != line) problems.Add($"{e.Field}: line {f.Line}, expected {line}");
        }
        Assert.True(problems.Count == 0, $"{problems.Count} mismatches:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(ExpectFiles))]
    public void Every_field_of_the_template_has_one_fact(string expectFile)
    {
        var (expect, result) = Load(expectFile);
        var ids = FieldDictionary.For(expect.Template).Select(f => f.Id).ToList();
        Assert.Equal(ids, result.Report.Facts.Select(f => f.Field).ToList());
        Assert.Equal(expect.Template == "2019" ? 198 : 200, result.Report.Facts.Length);
    }
}
