using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Tests;

/// <summary>The parser never throws and always terminates, on random text and on randomly mutated seeds.</summary>
public class PropertyTests
{
    private static readonly string[] SeedTexts = Directory.GetFiles(Fixtures.Path_("seeds"), "*.txt").Order(StringComparer.Ordinal)
        .Concat(Directory.GetFiles(Fixtures.Path_("t2021"), "*.cells.txt").Order(StringComparer.Ordinal))
        .Select(File.ReadAllText).ToArray();

    // Pieces real reports are made of, so random text reaches the table readers, not just the "not a report" exit.
    private static readonly string[] Pieces =
    [
        "\t", "\n", "\n\n", "\u00A0", "\u3000", "\t0", "\t-", "\t+10", "\t1763万余元", "\t75.058万元", "\t/", "\t无",
        "二、主动公开政府信息情况\n", "三、收到和处理政府信息公开申请情况\n", "四、政府信息公开行政复议、行政诉讼情况\n",
        "\t第二十条第（一）项", "\t信息内容", "\t本年新制作数量", "\t本年制发件数", "\t规章", "\t政府集中采购", "\t行政许可",
        "\t（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "\t商业企业", "\t（三）不予公开", "\t1、属于国家秘密",
        "\t（六）其他处理", "\t（七）总计", "\t四、结转下年度继续办理", "\t行政复议", "\t行政诉讼", "\t结果维持", "\t总计",
        "2020年1月1日起至2020年12月31日", "2021年1月27日", "〔2021〕30号", "《某街道办事处政府信息公开指南》", "9999999999999999999999",
    ];

    private static ParseResult ParseWithin(string text)
    {
        var task = Task.Run(() => ReportParser.ParseText(text));
        Assert.True(task.Wait(TimeSpan.FromSeconds(30)), "parser did not terminate");
        return task.Result;
    }

    private static void AssertWellFormed(ParseResult r)
    {
        Assert.NotNull(r.Report);
        Assert.All(r.Report.Facts, f => Assert.Contains(f.Status, FactStatus.All));
        Assert.All(r.Report.Facts, f => Assert.Equal(f.Status == FactStatus.Reported, f.Value is not null));
        Assert.DoesNotContain(r.Diagnostics, d => d.Code == "internal_error");
    }

    [Property(MaxTest = 300)]
    public void Random_text_never_throws(string? text) => AssertWellFormed(ParseWithin(text ?? ""));

    [Property(MaxTest = 300)]
    public Property Text_made_of_report_pieces_never_throws() =>
        Prop.ForAll(Gen.Elements(Pieces).ListOf().Select(p => string.Concat(p)).ToArbitrary(), text => AssertWellFormed(ParseWithin(text)));

    [Property(MaxTest = 300)]
    public void Mutated_seeds_never_throw(int seed, NonNegativeInt which)
    {
        var rng = new Random(seed);
        var lines = CellLineReader.SplitLines(SeedTexts[which.Get % SeedTexts.Length]);
        int mutations = rng.Next(1, 12);
        for (int m = 0; m < mutations && lines.Count > 0; m++)
        {
            int i = rng.Next(lines.Count);
            switch (rng.Next(8))
            {
                case 0: lines.RemoveAt(i); break;
                case 1: lines.Insert(i, lines[rng.Next(lines.Count)]); break;
                case 2: (lines[i], lines[rng.Next(lines.Count)]) = (lines[rng.Next(lines.Count)], lines[i]); break;
                case 3: lines[i] = lines[i].Length > 1 ? lines[i][..rng.Next(lines[i].Length)] : ""; break;
                case 4: lines[i] = lines[i] + Pieces[rng.Next(Pieces.Length)]; break;
                case 5: lines.RemoveRange(i, Math.Min(lines.Count - i, rng.Next(1, 40))); break;
                case 6: lines[i] = new string(lines[i].Select(c => rng.Next(10) == 0 ? (char)rng.Next(0x20, 0xA000) : c).ToArray()); break;
                default: lines = lines.Take(i).ToList(); break; // truncated report
            }
        }
        AssertWellFormed(ParseWithin(string.Join("\n", lines)));
    }

    [Property(MaxTest = 300)]
    public void Decoder_never_throws_on_random_bytes(byte[]? bytes)
    {
        var d = TextDecoder.Decode(bytes ?? []);
        Assert.True(d.Text is not null ^ d.Failure is not null);
    }
}
