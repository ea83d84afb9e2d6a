using GovReport.Ingest.Model;
using GovReport.Ingest.Regions;

namespace GovReport.Synth;

/// <summary>Draws agencies from the gazetteer: mostly 街道 and 乡镇, some 县级政府 and 部门; each agency at most once.</summary>
internal sealed class AgencyPool
{
    public static readonly IReadOnlyList<DepartmentType> Departments =
    [
        new("市场监督管理局", 300, 1500, 20, 6),
        new("自然资源局", 40, 400, 15, 25),
        new("生态环境局", 60, 150, 10, 5),
        new("住房和城乡建设局", 30, 800, 20, 12),
        new("交通运输局", 200, 300, 15, 3),
        new("农业农村局", 20, 200, 15, 3),
        new("卫生健康委员会", 80, 600, 25, 3),
        new("教育局", 1, 50, 40, 3),
        new("人力资源和社会保障局", 10, 2000, 10, 4),
        new("民政局", 0, 300, 8, 2),
        new("财政局", 2, 20, 6, 2),
        new("应急管理局", 40, 60, 8, 1),
        new("城市管理局", 250, 100, 12, 2),
        new("文化广电旅游局", 20, 80, 10, 1),
    ];

    private readonly Region[] _subdistricts, _townships, _counties;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public AgencyPool(Gazetteer g)
    {
        static bool Named(Region r) => !r.IsPlaceholder && r.Name.Length >= 3 && r.Name.Length <= 8;
        var counties = g.Counties.Where(c => Named(c) && c.Parent is not null && System.Text.RegularExpressions.Regex.IsMatch(c.Name, "(市|县|区|旗)$")).ToArray();
        var countyCodes = counties.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var towns = g.Townships.Where(t => Named(t) && t.Parent is { } p && countyCodes.Contains(p.Code)).ToArray();
        _subdistricts = [.. towns.Where(t => t.Name.EndsWith("街道", StringComparison.Ordinal))];
        _townships = [.. towns.Where(t => t.Name.EndsWith('镇') || t.Name.EndsWith('乡'))];
        _counties = counties;
    }

    public SynthAgency Draw(Rng rng)
    {
        double u = rng.Next();
        var kind = u < 0.45 ? AgencyKind.Subdistrict : u < 0.75 ? AgencyKind.Township : u < 0.85 ? AgencyKind.County : AgencyKind.Department;
        // Each agency appears once in a corpus; when a kind's pool is used up, fall back to the next kind.
        for (int k = 0; k < 4; k++, kind = (AgencyKind)(((int)kind + 1) % 4))
            for (int attempt = 0; attempt < 40; attempt++)
                if (TryMake(kind, rng) is { } a && _used.Add(a.Id)) return a;
        throw new InvalidOperationException("the gazetteer has no unused agency left for this corpus size");
    }

    private SynthAgency? TryMake(AgencyKind kind, Rng rng)
    {
        switch (kind)
        {
            case AgencyKind.Subdistrict or AgencyKind.Township:
            {
                var t = rng.Pick(kind == AgencyKind.Subdistrict ? _subdistricts : _townships);
                var county = t.Parent!;
                return new SynthAgency(t.Code, county.Name + t.Name,
                    kind == AgencyKind.Subdistrict ? AgencyLevel.Subdistrict : AgencyLevel.Township, kind, county, t, null);
            }
            case AgencyKind.County:
            {
                var c = rng.Pick(_counties);
                return new SynthAgency(c.Code + "-00", c.Name + "人民政府", AgencyLevel.County, kind, c, null, null);
            }
            default:
            {
                var c = rng.Pick(_counties);
                int d = rng.Int(0, Departments.Count);
                return new SynthAgency($"{c.Code}-{d + 1:D2}", c.Name + Departments[d].Name, AgencyLevel.Department, kind, c, null, Departments[d]);
            }
        }
    }
}
