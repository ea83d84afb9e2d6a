using GovReport.Ingest.Model;

namespace GovReport.Ingest.Tests;

/// <summary>采购总金额 of each seed (reference §8.3) and the signed 本年增/减 of seed 003, read by hand.</summary>
public class MoneyAndSignTests
{
    [Theory]
    // seed, raw as printed, 元, unit as written, unit source, approximate, line
    [InlineData("000", "1072991.52", "1072991.52", "元", UnitSource.Assumed, false, 96)]
    [InlineData("001", "56万", "560000", "万", UnitSource.Cell, false, 90)]
    [InlineData("002", "1763万余元", "17630000", "万元", UnitSource.Cell, true, 93)]
    [InlineData("003", "75.058万元", "750580", "万元", UnitSource.Cell, false, 89)]
    [InlineData("004", "2249470.45元", "2249470.45", "元", UnitSource.Cell, false, 107)]
    public void Procurement_amount_is_normalized_to_yuan(string seed, string raw, string yuan, string unit, string source, bool approx, int line)
    {
        var f = Fixtures.ParseSeed(seed).Report.Fact("s2_procurement_amount")!;
        Assert.Equal(FactStatus.Reported, f.Status);
        Assert.Equal(raw, f.Raw);
        Assert.Equal(decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture), f.Value);
        Assert.Equal(unit, f.Unit);
        Assert.Equal(source, f.UnitSource);
        Assert.Equal(approx, f.Approximate);
        Assert.Equal(line, f.Line);
    }

    [Fact]
    public void A_bare_amount_gets_a_diagnostic_saying_what_was_assumed()
    {
        var r = Fixtures.ParseSeed("000");
        var d = Assert.Single(r.Diagnostics, d => d.Code == "unit_assumed");
        Assert.Equal("s2_procurement_amount", d.Field);
        Assert.Equal(96, d.Line);
        Assert.Contains("元", d.Message);
        Assert.Contains("万元", d.Message); // names the other reading
        Assert.DoesNotContain(Fixtures.ParseSeed("001").Diagnostics, x => x.Code == "unit_assumed");
    }

    [Fact]
    public void Signed_deltas_keep_their_sign()
    {
        var r = Fixtures.ParseSeed("003").Report;
        Assert.Equal(-2m, r.Fact("s2_license_delta")!.Value);
        Assert.Equal("-2", r.Fact("s2_license_delta")!.Raw);
        Assert.Equal(10m, r.Fact("s2_othersvc_delta")!.Value);
        Assert.Equal("+10", r.Fact("s2_othersvc_delta")!.Raw);
        Assert.Equal(-2m, r.Fact("s2_coercion_delta")!.Value);
        Assert.Equal(68, r.Fact("s2_coercion_delta")!.Line);
    }

    [Fact]
    public void Dashes_are_dash_not_zero_and_misplaced_columns_are_kept_as_printed()
    {
        var r = Fixtures.ParseSeed("002").Report;
        var penalty = r.Fact("s2_penalty_decisions")!;
        Assert.Equal(FactStatus.Dash, penalty.Status);
        Assert.Null(penalty.Value);
        // 长庆街道 prints 496 under 本年增/减 with dashes elsewhere: stored where printed, for analytics to flag.
        Assert.Equal(496m, r.Fact("s2_penalty_delta")!.Value);
        Assert.Equal(86m, r.Fact("s2_coercion_delta")!.Value);
        Assert.All(r.Facts.Where(f => f.Field.StartsWith("s3_")), f => Assert.Equal(FactStatus.Dash, f.Status));
    }

    [Fact]
    public void Broken_arithmetic_is_kept_exactly_as_printed()
    {
        // 剑南街道: 一 = 1 and （一）予以公开 = 1, but （七）总计 = 0 and 四 = 0. The parser does not repair it.
        var r = Fixtures.ParseSeed("001").Report;
        Assert.Equal(1m, r.Fact("s3_new_received__total")!.Value);
        Assert.Equal(1m, r.Fact("s3_granted__total")!.Value);
        Assert.Equal(0m, r.Fact("s3_results_total__total")!.Value);
        Assert.Equal(0m, r.Fact("s3_carried_forward__total")!.Value);
    }
}
