using System.Text;

namespace GovReport.Site;

/// <summary>
/// What a build wrote, so the next build of the same folder can keep the pages whose inputs did not change: a digest
/// of the site-wide inputs (program build, dictionaries, limits, anything global a kept page shows) and, per agency,
/// region and flag, a digest of everything its pages show and the files those pages are (an agency's page, CSV, chart
/// and the source page of each of its reports; a region's page, CSV and chart; a flag's detail page), and per bar chart
/// of the always-rebuilt pages (index, rankings, regions), a digest of its data and its files. Written as
/// <c>.build-manifest</c>, last; the same database gives the same manifest whether the build was full or incremental.
/// </summary>
public sealed record SiteManifest(string Site, IReadOnlyDictionary<string, SiteManifest.Unit> Agencies,
    IReadOnlyDictionary<string, SiteManifest.Unit> Regions, IReadOnlyDictionary<string, SiteManifest.Unit> Flags,
    IReadOnlyDictionary<string, SiteManifest.Unit> Charts)
{
    public sealed record Unit(string Digest, IReadOnlyList<string> Files);

    // Version 2 added the region, flag and chart lines: a version-1 manifest is not trusted, so the first build is a full one.
    private const string Header = "govreport-site-manifest 2";

    public string Write()
    {
        var sb = new StringBuilder(Header).Append('\n').Append("site ").Append(Site).Append('\n');
        Lines(sb, "agency", Agencies);
        Lines(sb, "region", Regions);
        Lines(sb, "flag", Flags);
        Lines(sb, "chart", Charts);
        return sb.ToString();
    }

    private static void Lines(StringBuilder sb, string kind, IReadOnlyDictionary<string, Unit> units)
    {
        foreach (var (id, u) in units.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append(kind).Append(' ').Append(id).Append(' ').Append(u.Digest);
            foreach (var f in u.Files.Order(StringComparer.Ordinal)) sb.Append(' ').Append(f);
            sb.Append('\n');
        }
    }

    /// <summary>The manifest in <paramref name="text"/>, or null if it is not one this build can trust.</summary>
    public static SiteManifest? Parse(string? text)
    {
        if (text is null) return null;
        var lines = text.Split('\n');
        if (lines.Length < 2 || lines[0] != Header || !lines[1].StartsWith("site ", StringComparison.Ordinal)) return null;
        var units = new Dictionary<string, Dictionary<string, Unit>>(StringComparer.Ordinal)
        {
            ["agency"] = new(StringComparer.Ordinal), ["region"] = new(StringComparer.Ordinal), ["flag"] = new(StringComparer.Ordinal), ["chart"] = new(StringComparer.Ordinal),
        };
        foreach (var line in lines.Skip(2))
        {
            if (line.Length == 0) continue;
            var parts = line.Split(' ');
            if (parts.Length < 3 || !units.TryGetValue(parts[0], out var kind) || parts.Skip(3).Any(f => !SiteWriter.IsSafe(f))) return null;
            kind[parts[1]] = new Unit(parts[2], parts[3..]);
        }
        return new SiteManifest(lines[1][5..], units["agency"], units["region"], units["flag"], units["chart"]);
    }
}
