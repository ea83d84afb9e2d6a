using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;

namespace GovReport.Ingest.Tests;

/// <summary>Agency, level, year covered, publication date, template and the narrative total, read by hand.</summary>
public class MetadataTests
{
    [Theory]
    [InlineData("000", "剑光街道办事处", "剑光街道", "body", 2020, "period")]
    [InlineData("001", "剑南街道", "剑南街道", "title", 2020, "period")]
    [InlineData("002", "长庆街道", "长庆街道", "title", 2020, "body")]
    [InlineData("003", "垫江县人民政府桂溪街道办事处", "桂溪街道", "guide", 2020, "period")]
    [InlineData("004", "咸宁市咸安区人民政府浮山街道办事处", "浮山街道", "title", 2020, "period")]
    public void Seed_metadata(string seed, string agency, string shortName, string source, int year, string yearSource)
    {
        var r = Fixtures.ParseSeed(seed).Report;
        Assert.Equal(agency, r.AgencyName);
        Assert.Equal(shortName, r.AgencyShort);
        Assert.Equal(source, r.AgencySource);
        Assert.Equal(AgencyLevel.Subdistrict, r.AgencyLevel);
        Assert.Equal(year, r.Year);
        Assert.Equal(yearSource, r.YearSource);
        Assert.Equal(TemplateVersion.V2019, r.Template);
        Assert.Equal(16, r.ReportId.Length);
        Assert.StartsWith(r.ReportId, r.Sha256);
    }

    [Theory]
    // Codes looked up by hand in data/gazetteer (china-division 2.7.0): 丰城市 360981, 拱墅区 330105 (下城区 merged
    // into it in 2021; the report says 下城), 垫江县 500231, 咸安区 421202.
    [InlineData("000", "360981", "丰城市")]
    [InlineData("001", "360981", "丰城市")]
    [InlineData("002", "330105", "拱墅区")]
    [InlineData("003", "500231", "垫江县")]
    [InlineData("004", "421202", "咸安区")]
    public void Seeds_resolve_to_their_county(string seed, string county, string countyName)
    {
        var r = Fixtures.ParseSeed(seed).Report;
        Assert.NotNull(r.Region);
        Assert.StartsWith(county, r.Region!.Code);
        Assert.Equal(countyName, r.Region.County);
        Assert.Equal("township", r.Region.Level);
        Assert.NotEmpty(r.Region.Evidence);
    }

    [Fact]
    public void An_ambiguous_name_without_context_is_not_picked()
    {
        var r = ReportParser.ParseText("长庆街道2020年政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n");
        Assert.Equal("none", r.Report.Region!.Level);
        Assert.True(r.Report.Region.Candidates.Count >= 2);
        Assert.Contains(r.Diagnostics, d => d.Code == "region_unresolved" && d.Message.Contains("330105"));
    }

    [Fact]
    public void Report_id_is_the_sha256_prefix_of_the_file_bytes()
    {
        foreach (var seed in new[] { "000", "001", "002", "003", "004" })
        {
            var r = Fixtures.ParseSeed(seed).Report;
            string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Fixtures.Seed(seed))));
            Assert.Equal(sha, r.Sha256);
            Assert.Equal(sha[..16], r.ReportId);
        }
    }

    [Fact]
    public void Year_from_the_body_comes_with_a_diagnostic()
    {
        var r = Fixtures.ParseSeed("002");
        Assert.Contains(r.Diagnostics, d => d.Code == "year_assumed");
        Assert.DoesNotContain(Fixtures.ParseSeed("000").Diagnostics, d => d.Code == "year_assumed");
    }

    [Fact]
    public void Publication_date_only_when_stated()
    {
        Assert.Equal(new DateOnly(2021, 1, 27), Fixtures.ParseSeed("004").Report.PublishedOn);
        Assert.Null(Fixtures.ParseSeed("000").Report.PublishedOn);
    }

    [Theory]
    [InlineData("000", 162, false, 8)]
    [InlineData("003", 106, false, 3)]
    [InlineData("001", 280, true, 6)]
    public void Narrative_total_of_proactive_items(string seed, int value, bool approx, int line)
    {
        var n = Assert.Single(Fixtures.ParseSeed(seed).Report.NarrativeFacts, f => f.Name == NarrativeReader.ProactiveItems);
        Assert.Equal(value, n.Value);
        Assert.Equal(approx, n.Approximate);
        Assert.Equal(line, n.Line);
    }

    [Fact]
    public void No_narrative_total_when_none_is_stated_unambiguously()
    {
        // 浮山街道: 主动公开信息总量。…发表新闻稿件300余篇…公开信息有597条 — no total of proactive items as such.
        Assert.DoesNotContain(Fixtures.ParseSeed("004").Report.NarrativeFacts, f => f.Name == NarrativeReader.ProactiveItems);
    }

    [Theory]
    [InlineData("pingtan-2022.cells.txt", 2022, true, "2023-02-20")]
    [InlineData("pingtan-2023.cells.txt", 2023, false, "2024-03-08")]
    public void Template_2021_fixtures(string file, int year, bool cites, string published)
    {
        var r = Fixtures.Parse(Fixtures.Path_("t2021", file)).Report;
        Assert.Equal(TemplateVersion.V2021, r.Template);
        Assert.Equal("平潭综合实验区", r.AgencyName);
        Assert.Equal(AgencyLevel.Other, r.AgencyLevel);
        Assert.Equal(year, r.Year);
        Assert.Equal(DateOnly.Parse(published, System.Globalization.CultureInfo.InvariantCulture), r.PublishedOn);
        Assert.Contains("2021:header:本年制发件数", r.TemplateSignals);
        Assert.Equal(cites, r.TemplateSignals.Contains("2021:citation:国办公开办函〔2021〕30号"));
        Assert.DoesNotContain(r.TemplateSignals, s => s.StartsWith("2019"));
    }

    [Fact]
    public void Fee_amount_of_2021_takes_the_header_unit()
    {
        var f = Fixtures.Parse(Fixtures.Path_("t2021", "pingtan-2022.cells.txt")).Report.Fact("s2_fee_amount")!;
        Assert.Equal("万元", f.Unit);
        Assert.Equal(UnitSource.Header, f.UnitSource);
        Assert.Equal(91_163_600m, f.Value); // 9116.36 万元
    }

    [Fact]
    public void Slash_cells_are_not_applicable()
    {
        var r = Fixtures.Parse(Fixtures.Path_("t2021", "pingtan-2023.cells.txt")).Report;
        foreach (var id in new[] { "s2_rules_issued", "s2_rules_repealed", "s2_rules_in_force" })
            Assert.Equal(FactStatus.NotApplicable, r.Fact(id)!.Status);
    }
}

public class AgencyNameTests
{
    [Theory]
    [InlineData("垫江县人民政府桂溪街道办事处", "桂溪街道", "街道")]
    [InlineData("咸宁市咸安区人民政府浮山街道办事处", "浮山街道", "街道")]
    [InlineData("剑光街道办事处", "剑光街道", "街道")]
    [InlineData("上海市人民政府办公厅", "上海市人民政府办公厅", "部门")]
    [InlineData("某县人民政府某镇", "某镇", "乡镇")]
    [InlineData("洪泽区人民政府", "洪泽区人民政府", "县级政府")]
    [InlineData("平潭综合实验区", "平潭综合实验区", "其他")]
    public void Short_name_and_level(string name, string shortName, string level)
    {
        Assert.Equal(shortName, MetadataReader.ShortName(name));
        Assert.Equal(level, MetadataReader.LevelOf(MetadataReader.ShortName(name)));
    }
}

public class NarrativeBreakdownTests
{
    [Fact]
    public void Seed_003_lists_items_that_sum_to_102_not_106()
    {
        // 全年主动公开政府信息总数106条：…信息23条、…1条，…4条，…6条，…17条，…2条，…23条，…11条，…15条。
        var n = Fixtures.ParseSeed("003").Report.NarrativeFacts;
        Assert.Equal(106m, n.Single(f => f.Name == GovReport.Ingest.Parsing.NarrativeReader.ProactiveItems).Value);
        Assert.Equal(102m, n.Single(f => f.Name == GovReport.Ingest.Parsing.NarrativeReader.ProactiveBreakdown).Value);
    }

    [Fact]
    public void No_breakdown_when_the_total_is_not_followed_by_its_parts()
    {
        // 剑光街道: …其中包括主动公开信息162条，申请公开0条 — 162 is itself a part, followed by another part.
        Assert.DoesNotContain(Fixtures.ParseSeed("000").Report.NarrativeFacts, f => f.Name == GovReport.Ingest.Parsing.NarrativeReader.ProactiveBreakdown);
    }
}
