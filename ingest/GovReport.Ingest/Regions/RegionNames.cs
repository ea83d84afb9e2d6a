using System.Text;
using System.Text.RegularExpressions;

namespace GovReport.Ingest.Regions;

/// <summary>How a name was recognised.</summary>
public enum NameKind
{
    /// <summary>The gazetteer's own name: 丰城市, 剑光街道.</summary>
    Full,
    /// <summary>The name without its administrative suffix: 丰城, 杭州, 广西, 恩施.</summary>
    Short,
    /// <summary>A township written with another suffix than the gazetteer's: 剑光镇 for 剑光街道.</summary>
    Variant,
    /// <summary>A former name of a division merged into the one the gazetteer lists: 下城区 for 拱墅区.</summary>
    Former,
    /// <summary>A former name without its suffix: 下城.</summary>
    FormerShort,
    /// <summary>One character off a gazetteer name (OCR errors such as 沐阳县 for 沭阳县).</summary>
    Fuzzy,
}

/// <summary>The name rules: suffixes, short forms, former names, organisation words, OCR look-alikes.</summary>
public static partial class RegionNames
{
    /// <summary>
    /// Divisions abolished between the reports' years (2019 on) and the gazetteer's cut-off (2023-06-30) whose whole
    /// territory went into a division the gazetteer lists. Hand-kept, from the State Council's approvals; only names that
    /// the 2023 data no longer has are listed.
    /// </summary>
    public static IReadOnlyList<(string Name, string CountyCode, string Note)> FormerNames { get; } =
    [
        // 2021: 撤销下城区、拱墅区，设立新的拱墅区 (new 拱墅区 kept code 330105; 下城区 was 330103).
        ("下城区", "330105", "merged into 拱墅区 in 2021"),
        // 2021: 撤销上城区、江干区，设立新的上城区 (江干区 less 下沙、白杨街道, which went to 钱塘区).
        ("江干区", "330102", "merged into 上城区 in 2021 (下沙、白杨 went to 钱塘区)"),
    ];

    /// <summary>Characters an OCR or a typist confuses in place names, both ways (the corpus has 沐阳县 for 沭阳县).</summary>
    private static readonly (char A, char B)[] LookAlikes = [('沭', '沐'), ('亳', '毫'), ('睢', '雎'), ('盱', '肝'), ('泗', '洒')];

    public static bool AreLookAlikes(char a, char b) =>
        a == b || LookAlikes.Any(p => (p.A == a && p.B == b) || (p.A == b && p.B == a));

    private static readonly string[] PlaceholderCityNames = ["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"];

    public static bool IsPlaceholderName(string name) => PlaceholderCityNames.Contains(name);

    private const string Ethnic =
        "(?:蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各)族";

    [GeneratedRegex("^(?<core>.{2,}?)(?:" + Ethnic + ")*(?:自治区|特别行政区|省|市)$")]
    private static partial Regex ProvinceSuffix();

    [GeneratedRegex("^(?<core>.{2,}?)(?:" + Ethnic + ")*(?:自治州|地区|盟|市)$")]
    private static partial Regex CitySuffix();

    [GeneratedRegex("^(?<core>.{2,}?)(?:(?:" + Ethnic + ")*(?:自治县|自治旗)|新区|林区|特区|区|县|市|旗)$")]
    private static partial Regex CountySuffix();

    [GeneratedRegex("^(?<core>.{2,}?)(?:(?:" + Ethnic + ")+(?:乡|镇|苏木)|民族乡|街道|镇|乡|苏木|地区)$")]
    private static partial Regex TownshipSuffix();

    private static readonly string[] ProvinceSuffixes = ["特别行政区", "自治区", "省", "市"];
    private static readonly string[] CitySuffixes = ["自治州", "地区", "盟", "市"];
    private static readonly string[] CountySuffixes = ["自治县", "自治旗", "新区", "林区", "特区", "区", "县", "市", "旗"];
    private static readonly string[] TownshipSuffixes = ["民族乡", "街道", "苏木", "地区", "镇", "乡"];

    /// <summary>Names of development zones and the like: matched only in full, never shortened (淮安经济技术开发区 is not 淮安).</summary>
    [GeneratedRegex("(?:开发区|园区|产业区|实验区|试验区|示范区|合作区|管理区|保税区|经济区|工业区|基地|农场|林场|牧场|渔场|场|中心|站|所|机场|港|新城|社区|片区|城)$")]
    private static partial Regex ZoneLike();

    /// <summary>Zone words that agencies put after a place name (平潭综合实验区, 某某高新区管委会): stripped to reach the place.</summary>
    [GeneratedRegex("(?:综合实验区|综合试验区|经济技术开发区|高新技术产业开发区|经济开发区|高新技术开发区|高新区|开发区|新区|实验区|试验区|示范区|管理区)$")]
    private static partial Regex ZoneSuffix();

    [GeneratedRegex("(?:综合实验区|综合试验区|经济技术开发区|高新技术产业开发区|经济开发区|高新技术开发区|高新区|开发区|新区|实验区|试验区|示范区|管理区|工业园区|园区|工业区|产业园|农场|林场)$")]
    private static partial Regex GenericWord();

    /// <summary>
    /// Township-level entries named by a bare zone word (开发区, 经济开发区, 县经济开发区, 工业园区, 一农场 …): words, not names,
    /// never indexed.
    /// </summary>
    public static bool IsGenericName(string name)
    {
        var m = GenericWord().Match(name);
        return m.Success && name.Length - m.Length < 2;
    }

    /// <summary>True when the name ends in a zone word (综合实验区, 开发区, 新区 …).</summary>
    public static bool HasZoneSuffix(string name) => ZoneSuffix().IsMatch(name);

    /// <summary>Organisation words in agency names: 人民政府, 办事处, 管委会 …</summary>
    [GeneratedRegex("(?:人民政府|政府|办事处|管理委员会|管委会|委员会|办公室|办公厅)+$")]
    private static partial Regex OrgSuffix();

    /// <summary>The short form of a gazetteer name at its level, or null when it has none (or it would be a single character).</summary>
    public static string? ShortForm(string name, RegionLevel level)
    {
        if (level is RegionLevel.County or RegionLevel.Township && ZoneLike().IsMatch(name)) return null;
        if (!name.Contains('族'))
        {
            // Fast path (no ethnic group in the name): strip the first suffix of the level that fits.
            string[] suffixes = level switch
            {
                RegionLevel.Province => ProvinceSuffixes,
                RegionLevel.City => CitySuffixes,
                RegionLevel.County => CountySuffixes,
                _ => TownshipSuffixes,
            };
            // 清新区 is 清新 + 区, not 清 + 新区: a suffix that would leave one character gives way to a shorter one.
            foreach (string sfx in suffixes)
                if (name.EndsWith(sfx, StringComparison.Ordinal) && name.Length - sfx.Length >= 2)
                    return name[..^sfx.Length];
            return null;
        }
        var m = level switch
        {
            RegionLevel.Province => ProvinceSuffix().Match(name),
            RegionLevel.City => CitySuffix().Match(name),
            RegionLevel.County => CountySuffix().Match(name),
            _ => TownshipSuffix().Match(name),
        };
        if (!m.Success) return null;
        string core = m.Groups["core"].Value;
        return core.Length >= 2 && core != name ? core : null;
    }

    /// <summary>Township suffixes accepted after a township's short form when the agency writes another one (剑光镇 for 剑光街道).</summary>
    internal static readonly string[] TownshipVariantSuffixes = ["街道办事处", "街道", "办事处", "镇", "乡"];

    /// <summary>Whitespace, zero-width characters and full-width spaces removed; full-width brackets made ASCII.</summary>
    public static string Normalize(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        var sb = new GovReport.Ingest.Text.CharBuffer(stackalloc char[256], s.Length);
        foreach (char c in s)
        {
            if (c is >= '\u4E00' and <= '\u9FFF') { sb.Append(c); continue; } // the common case: nothing to drop or replace
            if (char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\uFEFF') continue;
            sb.Append(c switch { '（' => '(', '）' => ')', _ => c });
        }
        string result = sb.ToString();
        sb.Dispose();
        return result;
    }

    /// <summary>The name with organisation words removed from its end: 剑光街道办事处 → 剑光街道, 淮安市人民政府 → 淮安市.</summary>
    public static string StripOrganisation(string name)
    {
        string s = Normalize(name);
        s = Regex.Replace(s, @"\([^()]*\)$", "");
        // 剑光街道办事处 → 剑光街道: the 街道 is part of the name, 办事处 the organisation.
        if (s.EndsWith("街道办事处", StringComparison.Ordinal)) return s[..^3];
        string stripped = OrgSuffix().Replace(s, "");
        return stripped.Length >= 2 ? stripped : s;
    }

    /// <summary>The place part of a zone name: 平潭综合实验区 → 平潭; null when the name has no zone word.</summary>
    public static string? StripZone(string name)
    {
        string s = ZoneSuffix().Replace(name, "");
        return s.Length >= 2 && s != name ? s : null;
    }
}
