using System.Globalization;
using GovReport.Ingest.Parsing;

namespace GovReport.Ingest.Tests;

/// <summary><see cref="CellValue.Read"/> scans cells without the number pattern; it must read every cell as the pattern does.</summary>
public sealed class CellValueScanTests
{
    private static readonly string[] Pre = ["", "约", "大约", "近", "大", "约约"];
    private static readonly string[] Sign = ["", "+", "-", "--", "+-"];
    private static readonly string[] Num =
    [
        "0", "7", "00", "007", "12", "100", "999", "1000", "123456789012345678", "1234567890123456789", "99999999999999",
        "100000000000000", "79228162514264337593543950336", "792281625142643375935439503350", "1,234", "12,345,678", "1,234.5",
        "1,23", "1,2345", "1234,567", "12,34", ",123", "1,", "1.5", "0.25", "1.", ".5", ".", "1.2.3", "1..2", "1,234,", "1,234.",
        "١٢", "1٢3", "５", "",
    ];
    private static readonly string[] Post = ["", "余", "多", "万", "亿", "元", "件", "个", "项", "条", "次", "宗", "起", "左右", "左",
        "万元", "万余元", "余万元", "多万", "万多元余", "件左右", "元余", "余余", "多多", "万万", "元元", "左右余", "余左右", "亿元左右", "x", "1"];

    [Fact]
    public void Every_cell_is_read_as_the_pattern_reads_it()
    {
        int n = 0;
        foreach (var pre in Pre)
            foreach (var sign in Sign)
                foreach (var num in Num)
                    foreach (var post in Post)
                    {
                        string cell = pre + sign + num + post;
                        Same(cell);
                        Same(" " + cell + "\u00A0");
                        n++;
                    }
        foreach (var cell in new[] { "", " ", "-", "—", "无", "/", "／", "见附件", "\t12\n", "１，２３４", "约１２万元", "12\n", "\n" })
            Same(cell);
        Assert.True(n > 10_000);
    }

    private static void Same(string cell)
    {
        var expected = CellValue.ReadByPattern(cell);
        var actual = CellValue.Read(cell);
        Assert.Equal(expected, actual);
        // Equal decimals may differ in scale (7 and 7.0); the stored value must not.
        Assert.Equal(expected.Number?.ToString(CultureInfo.InvariantCulture), actual.Number?.ToString(CultureInfo.InvariantCulture));
        if (expected.Number is { } e) Assert.Equal(decimal.GetBits(e), decimal.GetBits(actual.Number!.Value));
        Assert.Equal(CellValue.LooksLikeValue(cell), expected.Status != Model.FactStatus.Unreadable || expected.Problem?.StartsWith("number", StringComparison.Ordinal) == true);
    }
}
