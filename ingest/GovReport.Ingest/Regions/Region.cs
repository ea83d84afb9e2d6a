namespace GovReport.Ingest.Regions;

/// <summary>The four levels of the gazetteer, coarse to fine.</summary>
public enum RegionLevel
{
    Province = 1,
    City = 2,
    County = 3,
    Township = 4,
}

/// <summary>
/// One division of the gazetteer. <see cref="Code"/> is the standard code: 6 digits for a province, city or county
/// (zero-padded: 江西省 360000, 宜春市 360900, 丰城市 360981), 9 digits for a township (剑光街道 360981002).
/// <see cref="SourceCode"/> is the code as the data file writes it (36, 3609, 360981, 360981002).
/// </summary>
public sealed class Region
{
    internal Region(string sourceCode, string name, RegionLevel level, Region? parent, bool isPlaceholder)
    {
        SourceCode = sourceCode;
        Code = level == RegionLevel.Township ? sourceCode : sourceCode.PadRight(6, '0');
        Name = name;
        Level = level;
        Parent = parent;
        IsPlaceholder = isPlaceholder;
    }

    public string Code { get; }
    public string SourceCode { get; }
    public string Name { get; }
    public RegionLevel Level { get; }

    /// <summary>The enclosing division (a township's county, a county's city, a city's province); null for a province.</summary>
    public Region? Parent { get; }

    /// <summary>
    /// A prefecture-level slot that is not a place (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划): it has a code
    /// but no name of its own and is never matched by name.
    /// </summary>
    public bool IsPlaceholder { get; }

    public Region Province => Level == RegionLevel.Province ? this : Parent!.Province;

    /// <summary>The prefecture-level city, or null when it is a placeholder (counties of 重庆市, 省直辖县级行政区划 …) or this is a province.</summary>
    public Region? City => Level switch
    {
        RegionLevel.Province => null,
        RegionLevel.City => IsPlaceholder ? null : this,
        _ => Parent!.City,
    };

    public Region? County => Level switch
    {
        RegionLevel.County => this,
        RegionLevel.Township => Parent,
        _ => null,
    };

    public Region? Township => Level == RegionLevel.Township ? this : null;

    /// <summary>The slot at <paramref name="level"/> on the way up (placeholders included), or null below this one.</summary>
    public Region? AncestorAt(RegionLevel level)
    {
        for (Region? r = this; r is not null; r = r.Parent)
            if (r.Level == level) return r;
        return null;
    }

    /// <summary>The names from the province down, placeholders left out: 浙江省杭州市拱墅区长庆街道.</summary>
    public string FullName
    {
        get
        {
            var parts = new List<string>(4);
            for (Region? r = this; r is not null; r = r.Parent)
                if (!r.IsPlaceholder) parts.Add(r.Name);
            parts.Reverse();
            return string.Concat(parts);
        }
    }

    /// <summary>True when <paramref name="other"/> is this region or one of its ancestors.</summary>
    public bool IsWithin(Region other)
    {
        for (Region? r = this; r is not null; r = r.Parent)
            if (ReferenceEquals(r, other)) return true;
        return false;
    }

    public override string ToString() => $"{Code} {FullName}";
}
