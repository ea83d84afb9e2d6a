using System.Text;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Tests;

/// <summary>The NFKC fast path gives what ICU gives.</summary>
public sealed class NfkcTests
{
    [Fact]
    public void Every_character_the_fast_path_takes_normalizes_as_ICU_does()
    {
        int taken = 0;
        for (int c = 0; c <= 0xFFFF; c++)
        {
            char ch = (char)c;
            if (char.IsSurrogate(ch) || !(Nfkc.IsStable(ch) || Nfkc.MapsToAscii(ch))) continue;
            string s = "a" + ch + "中";
            Assert.Equal(s.Normalize(NormalizationForm.FormKC), Nfkc.Normalize(s));
            taken++;
        }
        Assert.True(taken > 20_000);
    }

    [Theory]
    [InlineData("（一）行政许可", "(一)行政许可")]
    [InlineData("１２３　万元", "123 万元")]
    [InlineData("第二十条第（九）项…", "第二十条第(九)项...")] // … is not on the fast path: ICU decides
    [InlineData("規範性檔案", "規範性檔案")]
    [InlineData("e\u0301", "\u00E9")] // a combining mark composes: ICU decides
    public void Mixed_text_normalizes_as_ICU_does(string input, string expected)
    {
        Assert.Equal(expected, Nfkc.Normalize(input));
        Assert.Equal(input.Normalize(NormalizationForm.FormKC), Nfkc.Normalize(input));
    }
}
