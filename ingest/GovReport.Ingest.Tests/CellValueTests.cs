using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Tests;

public class CellValueTests
{
    [Theory]
    [InlineData("0", FactStatus.Reported, "0", null, false)]
    [InlineData("\u00A00\u00A0", FactStatus.Reported, "0", null, false)]
    [InlineData("+19", FactStatus.Reported, "19", null, false)]
    [InlineData("-8", FactStatus.Reported, "-8", null, false)]
    [InlineData("１２３", FactStatus.Reported, "123", null, false)]
    [InlineData("1,234", FactStatus.Reported, "1234", null, false)]
    [InlineData("251000元", FactStatus.Reported, "251000", "元", false)]
    [InlineData("1763万余元", FactStatus.Reported, "1763", "万元", true)]
    [InlineData("约50万元", FactStatus.Reported, "50", "万元", true)]
    [InlineData("300多", FactStatus.Reported, "300", null, true)]
    [InlineData("12件左右", FactStatus.Reported, "12", "件", true)]
    [InlineData("", FactStatus.Blank, null, null, false)]
    [InlineData("\u00A0", FactStatus.Blank, null, null, false)]
    [InlineData("\u00A0-", FactStatus.Dash, null, null, false)]
    [InlineData("—", FactStatus.Dash, null, null, false)]
    [InlineData("无", FactStatus.Dash, null, null, false)]
    [InlineData("/", FactStatus.NotApplicable, null, null, false)]
    [InlineData("见附件", FactStatus.Unreadable, null, null, false)]
    [InlineData("1.2.3", FactStatus.Unreadable, null, null, false)]
    public void Reads_cells(string raw, string status, string? number, string? unit, bool approx)
    {
        var r = CellValue.Read(raw);
        Assert.Equal(status, r.Status);
        Assert.Equal(number is null ? null : decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture), r.Number);
        Assert.Equal(unit, r.Unit);
        Assert.Equal(approx, r.Approximate);
    }

    [Theory]
    [InlineData("1、属于国家秘密", "1.属于国家秘密")]
    [InlineData("（三）不予\u00A0公开", "(三)不予公开")]
    [InlineData("規範性檔案", "规范性文件")]
    [InlineData("第二十条 第(五)项", "第二十条第(五)项")]
    public void Folds_labels(string raw, string folded) => Assert.Equal(folded, Label.Fold(raw));

    [Theory]
    [InlineData("一、总体情况", "一")]
    [InlineData("主动公开政府信息情况", "二")]
    [InlineData("⍽⍽ ⍽ 四、政府信息公开行政复议、行政诉讼情况", "四")]
    [InlineData("四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况", "四")]
    [InlineData("五、政府信息公开工作存在的主要问题及改进情况", "五")]
    [InlineData("（一）主动公开情况", null)]
    [InlineData("全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、存在的主要问题及改进情况和其他需要报告的事项", null)]
    public void Recognises_headings(string line, string? section) => Assert.Equal(section, Headings.SectionOf(line.Replace('⍽', '\u00A0')));
}

public class TextDecoderTests
{
    private const string Sample = "一、总体情况\n\t规章\n\t0\n";

    [Fact]
    public void Utf8_with_and_without_bom()
    {
        Assert.Equal(Sample, TextDecoder.Decode(System.Text.Encoding.UTF8.GetBytes(Sample)).Text);
        Assert.Equal(Sample, TextDecoder.Decode([0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(Sample)]).Text);
    }

    [Fact]
    public void Utf16_both_byte_orders()
    {
        Assert.Equal(Sample, TextDecoder.Decode(System.Text.Encoding.Unicode.GetPreamble().Concat(System.Text.Encoding.Unicode.GetBytes(Sample)).ToArray()).Text);
        Assert.Equal(Sample, TextDecoder.Decode(System.Text.Encoding.BigEndianUnicode.GetPreamble().Concat(System.Text.Encoding.BigEndianUnicode.GetBytes(Sample)).ToArray()).Text);
    }

    [Fact]
    public void Gb18030()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var d = TextDecoder.Decode(System.Text.Encoding.GetEncoding("GB18030").GetBytes(Sample));
        Assert.Equal(Sample, d.Text);
        Assert.Equal("gb18030", d.Encoding);
    }

    [Fact]
    public void Empty_and_binary_are_refused_with_a_reason()
    {
        Assert.Contains("empty", TextDecoder.Decode([]).Failure);
        var zip = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00 };
        Assert.Contains("binary", TextDecoder.Decode(zip).Failure);
    }
}
