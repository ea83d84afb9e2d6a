using System.Text;
using GovReport.Charts;

namespace GovReport.Site;

/// <summary>
/// Digests of region and flag pages, computed in C# from what the builder holds anyway (report rows, agencies, flags,
/// check counts, the region pages' metric values) plus one pass over <c>send_back</c> that reads a hash per row, not
/// its reasons; and of bar charts, from their spec. Each covers exactly what the page or chart shows; anything global
/// (labels, rule descriptions, the program) is in the site digest. Cheaper than in DuckDB: the inputs are in memory.
/// </summary>
public sealed partial class SiteBuilder
{
    private const char Sep = '\u001f';

    /// <summary>Whether a test leaves <paramref name="input"/> out (<see cref="SiteOptions.OmitDigestInput"/>: "region:metrics",
    /// "region:send_back", "flag:review", "chart:values"), to show the digest needs it.</summary>
    private bool Omit(string input) => _o.OmitDigestInput == input;

    private static StringBuilder Put(StringBuilder sb, object? v) => sb.Append(v switch
    {
        double d => Html.Raw(d),
        null => "\u0000",
        _ => Convert.ToString(v, Html.Inv),
    }).Append(Sep);

    /// <summary>Per region code, a digest of its page, CSV and chart.</summary>
    private Dictionary<string, string> RegionDigests()
    {
        var rows = ReportRowDigests();
        var sendBack = SendBackDigests(rows);
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var reg in _regions.Values)
        {
            sb.Clear();
            Put(Put(Put(Put(Put(sb, reg.Code), reg.Level), reg.Name), reg.FullName), reg.ParentCode).Append('\n');
            // Crumbs: the names and links of its ancestors.
            for (var p = reg.ParentCode; p is not null && _regions.TryGetValue(p, out var pr); p = pr.ParentCode) Put(Put(sb, pr.Code), pr.Name);
            sb.Append('\n');
            // Children with their report counts.
            foreach (var c in ChildrenOf(reg)) Put(Put(Put(sb, c.Code), c.Name), ReportsIn(c).Count());
            sb.Append('\n');
            // Its reports' rows (their order follows from what the rows hold), in the lookup's deterministic order.
            foreach (var r in ReportsIn(reg)) sb.Append(rows[r.ReportId]).Append(' ');
            sb.Append('\n');
            if (!Omit("region:send_back")) sb.Append(sendBack.GetValueOrDefault(reg.Code, ""));
            d[reg.Code] = Html.Hash(sb.ToString(), 32);
        }
        return d;
    }

    /// <summary>
    /// Per report, a hash of what a region page's row, CSV row, chart bar and send-back item show of it: its agency's link
    /// and name, display name, level, year, field counts, failed checks, flag count and the eight metric values and units.
    /// </summary>
    private Dictionary<string, string> ReportRowDigests()
    {
        var flagCount = _flags.CountBy(f => f.ReportId).ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
        var d = new Dictionary<string, string>(_reports.Count, StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var r in _reports)
        {
            var a = _agencyOfReport[r.ReportId];
            sb.Clear();
            Put(Put(Put(Put(Put(Put(sb, r.ReportId), a.Key), a.Id), a.Name), r.Display), r.Level);
            Put(Put(Put(Put(Put(sb, r.Year), r.ReportedCount), r.FactCount), _checkCounts.GetValueOrDefault(r.ReportId).Failed), flagCount.GetValueOrDefault(r.ReportId));
            if (!Omit("region:metrics") && _regionMetrics.TryGetValue(r.ReportId, out var ms))
                foreach (var m in ms) Put(Put(sb, m?.Value), m?.Unit);
            d[r.ReportId] = Html.Hash(sb.ToString(), 16);
        }
        return d;
    }

    /// <summary>
    /// Per region code, a hash of its send-back list: each item's place, report (its row digest: the agency link and year
    /// shown), and DuckDB's hash of its score and reasons, so the reasons' text is not read into C# here.
    /// </summary>
    private Dictionary<string, string> SendBackDigests(Dictionary<string, string> rows)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        string? code = null;
        void Flush() { if (code is not null) d[code] = Html.Hash(sb.ToString(), 32); sb.Clear(); }
        foreach (var r in _db.Rows("""
            SELECT region_code, position, report_id, hash(score, reasons)::VARCHAR FROM send_back
            WHERE region_code IS NOT NULL ORDER BY region_code, position, report_id
            """))
        {
            string c = r.GetString(0);
            if (c != code) { Flush(); code = c; }
            string id = r.GetString(2);
            Put(Put(Put(sb, r.GetValue(1)), id), rows.GetValueOrDefault(id, "-")).Append(r.GetString(3)).Append('\n');
        }
        Flush();
        return d;
    }

    /// <summary>A hash of what a flag's detail page shows: the flag row (its review included) and its report's agency link, name and year.</summary>
    private string FlagDigest(FlagRow f, StringBuilder sb)
    {
        var r = _reportById[f.ReportId];
        var a = _agencyOfReport[f.ReportId];
        sb.Clear();
        Put(Put(Put(Put(Put(Put(sb, f.FlagId), f.ReportId), f.Subject), f.Detector), f.Score), f.Severity);
        Put(Put(Put(Put(sb, f.Explanation), f.ExplanationEn), string.Join(',', f.Fields)), string.Join(',', f.Lines));
        if (!Omit("flag:review")) Put(Put(Put(sb, f.ReviewStatus), f.ReviewNote), f.ReviewedAt);
        Put(Put(Put(Put(sb, r.Display), r.Year), a.Id), a.Name);
        return Html.Hash(sb.ToString(), 32);
    }

    private Dictionary<string, string> FlagDigests()
    {
        var sb = new StringBuilder();
        var d = new Dictionary<string, string>(_flags.Count, StringComparer.Ordinal);
        foreach (var f in _flags) d[FlagKey(f)] = FlagDigest(f, sb);
        return d;
    }

    private static string FlagKey(FlagRow f) => Html.Slug(f.FlagId);
    private static string RegionKey(Region r) => Html.Slug(r.Code);

    private ILookup<string?, Region>? _children;

    /// <summary>A region's children in code order (a lookup: scanning every region for each page was quadratic).</summary>
    private IEnumerable<Region> ChildrenOf(Region reg)
    {
        _children ??= _regions.Values.OrderBy(c => c.Code, StringComparer.Ordinal).ToLookup(c => c.ParentCode, StringComparer.Ordinal);
        return _children[reg.Code];
    }

    /// <summary>
    /// The units of <paramref name="prev"/> whose digest equals this build's and whose files are all still there: their
    /// files are kept (added to <paramref name="keep"/> and <paramref name="files"/>), and their keys returned.
    /// </summary>
    private HashSet<string> KeepUnchanged(IReadOnlyDictionary<string, SiteManifest.Unit> prev, Dictionary<string, string> digests,
        HashSet<string> keep, IDictionary<string, IReadOnlyList<string>> files)
    {
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, digest) in digests)
            if (prev.TryGetValue(key, out var u) && u.Digest == digest && u.Files.All(f => SiteWriter.Exists(_o.OutDir, f)))
            {
                kept.Add(key);
                files[key] = u.Files;
                keep.UnionWith(u.Files);
                _keptPages += u.Files.Count(f => f.EndsWith(".html", StringComparison.Ordinal));
            }
        return kept;
    }
}

public sealed partial class SiteBuilder
{
    /// <summary>Bar charts of the earlier build whose files are all there (kept until this build draws or drops them), by file base.</summary>
    private IReadOnlyDictionary<string, SiteManifest.Unit> _prevCharts = new Dictionary<string, SiteManifest.Unit>();
    /// <summary>This build's bar charts, by file base: the digest of their spec and their files (for the manifest).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SiteManifest.Unit> _chartUnits = new(StringComparer.Ordinal);
    private int _chartsKept;

    /// <summary>
    /// Whether the chart at <paramref name="fileBase"/> can keep the earlier build's files: the digest of what they are
    /// drawn from (the spec, its size and formats; the renderer's build is in the site digest) is unchanged. Either
    /// way the chart is recorded for the manifest; if it is to be drawn again, the earlier files are released for writing.
    /// </summary>
    private bool KeepChart(string fileBase, ChartSpec spec, int width, int height, bool png, string[] files)
    {
        var sb = new StringBuilder();
        Put(Put(Put(Put(Put(sb, width), height), png), spec.GetType().Name), spec.Title);
        if (spec is GovReport.Charts.BarChart b)
        {
            Put(Put(Put(Put(sb, b.XLabel), b.YLabel), b.Highlight), b.Horizontal);
            foreach (var (label, value) in b.Bars) Put(Put(sb, label), Omit("chart:values") ? null : value);
        }
        else throw new NotSupportedException($"no digest for a {spec.GetType().Name}");
        string digest = Html.Hash(sb.ToString(), 32);
        _chartUnits[fileBase] = new SiteManifest.Unit(digest, files);
        if (_prevCharts.TryGetValue(fileBase, out var prev))
        {
            if (prev.Digest == digest && prev.Files.Order(StringComparer.Ordinal).SequenceEqual(files.Order(StringComparer.Ordinal))) { Interlocked.Increment(ref _chartsKept); return true; }
            foreach (var f in prev.Files) _w.Release(f);
        }
        return false;
    }

    /// <summary>A kept region page's chart: unchanged with it (its data is in the region's digest).</summary>
    private void CarryChart(string fileBase)
    {
        if (!_prevCharts.TryGetValue(fileBase, out var prev)) return;
        _chartUnits[fileBase] = prev;
        Interlocked.Increment(ref _chartsKept);
    }

    /// <summary>Deletes the earlier build's charts that this build no longer draws (after all pages are written).</summary>
    private void DropUndrawnCharts()
    {
        foreach (var (key, u) in _prevCharts)
            if (!_chartUnits.ContainsKey(key))
                foreach (var f in u.Files) _w.Delete(f);
    }
}
