using System.Text;

namespace GovReport.Site;

/// <summary>
/// What a build wrote, so the next build of the same folder can keep the agency pages whose inputs did not change:
/// a digest of the site-wide inputs (program build, dictionaries, limits, anything global an agency page shows) and,
/// per agency, a digest of every database row its pages show and the files those pages are (its page, its CSV, its
/// chart, the source page of each of its reports). Written as <c>.build-manifest</c>, last; the same database gives
/// the same manifest whether the build was full or incremental.
/// </summary>
public sealed record SiteManifest(string Site, IReadOnlyDictionary<string, SiteManifest.Unit> Agencies)
{
    public sealed record Unit(string Digest, IReadOnlyList<string> Files);

    private const string Header = "govreport-site-manifest 1";

    public string Write()
    {
        var sb = new StringBuilder(Header).Append('\n').Append("site ").Append(Site).Append('\n');
        foreach (var (id, u) in Agencies.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append("agency ").Append(id).Append(' ').Append(u.Digest);
            foreach (var f in u.Files.Order(StringComparer.Ordinal)) sb.Append(' ').Append(f);
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The manifest in <paramref name="text"/>, or null if it is not one this build can trust.</summary>
    public static SiteManifest? Parse(string? text)
    {
        if (text is null) return null;
        var lines = text.Split('\n');
        if (lines.Length < 2 || lines[0] != Header || !lines[1].StartsWith("site ", StringComparison.Ordinal)) return null;
        var agencies = new Dictionary<string, Unit>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(2))
        {
            if (line.Length == 0) continue;
            var parts = line.Split(' ');
            if (parts.Length < 3 || parts[0] != "agency" || parts.Skip(3).Any(f => !SiteWriter.IsSafe(f))) return null;
            agencies[parts[1]] = new Unit(parts[2], parts[3..]);
        }
        return new SiteManifest(lines[1][5..], agencies);
    }
}
