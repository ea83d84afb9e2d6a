using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace GovReport.Site;

public sealed record SiteOptions(string DbPath, string OutDir, bool CopyDatabase = true, string? NotebookDir = null,
    int MaxRankingRows = 500, int FlagsPerPage = 1000, long MaxTextDownloadRows = 2_000_000, int MaxAgencyCharts = 3000,
    long MaxJsonDownloadRows = 500_000, bool Full = false)
{
    /// <summary>Leaves one of <see cref="SiteData.DigestInputs"/> out of the agency digests, or one input out of the region,
    /// flag or chart digests (see <c>SiteBuilder.Omit</c>): only for the tests that show the digests matter.</summary>
    internal string? OmitDigestInput { get; init; }
}

/// <summary>
/// A build's outcome. <paramref name="Pages"/>, <paramref name="Files"/> and <paramref name="Bytes"/> are the whole
/// site's, kept pages included; <paramref name="PagesWritten"/> the pages this build rendered; <paramref name="Mode"/>
/// says whether it was incremental and, if not, why; <paramref name="AgenciesRendered"/> of
/// <paramref name="Agencies"/> agency pages were rendered (the rest kept), and <paramref name="AgenciesRemoved"/>
/// agencies of the earlier build had gone; likewise <paramref name="RegionsRendered"/> of <paramref name="Regions"/> region
/// pages (with their CSV and chart), <paramref name="FlagsRendered"/> of <paramref name="Flags"/> flag detail pages and
/// <paramref name="ChartsRendered"/> of the <paramref name="Charts"/> bar charts of the index, ranking and region pages.
/// </summary>
public sealed record SiteResult(string IndexPath, int Pages, int Files, long Bytes, TimeSpan Elapsed, IReadOnlyList<string> Problems,
    int PagesWritten = 0, string Mode = "full", int Agencies = 0, int AgenciesRendered = 0, int AgenciesRemoved = 0,
    int Regions = 0, int RegionsRendered = 0, int Flags = 0, int FlagsRendered = 0, int Charts = 0, int ChartsRendered = 0);

/// <summary>A county, city or province with the agencies whose reports resolved into it.</summary>
public sealed record Region(string Code, string Level, string Name, string FullName, string? ParentCode)
{
    public string Url => $"region/{Html.Slug(Code)}.html";
    public string LevelLabel => Level switch { "province" => "省级", "city" => "市级", _ => "县级" };
}

/// <summary>
/// Generates the static site from the database: parser (SiteData) → model (records) → renderer (pages), as in Markdig.
/// Everything is ordered explicitly and nothing depends on the clock, so the same database gives byte-identical files.
/// </summary>
public sealed partial class SiteBuilder
{
    private readonly SiteOptions _o;
    private readonly SiteData _db;
    private SiteWriter _w = null!;
    private int _pages, _keptPages, _agenciesRemoved;
    private string _mode = "full";
    private string _siteDigest = "";
    private Dictionary<string, string> _agencyDigest = [];
    /// <summary>Agency ids whose pages an incremental build keeps from the earlier build.</summary>
    private HashSet<string> _kept = new(StringComparer.Ordinal);
    /// <summary>Per agency id, the files its pages are (for the manifest).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> _agencyFiles = new(StringComparer.Ordinal);
    /// <summary>The same for region pages (by code slug) and flag detail pages (by flag id slug).</summary>
    private Dictionary<string, string> _regionDigest = [], _flagDigest = [];
    private HashSet<string> _keptRegions = new(StringComparer.Ordinal), _keptFlags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _regionFiles = new(StringComparer.Ordinal), _flagFiles = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    private IReadOnlyList<ReportRow> _reports = [];
    private IReadOnlyList<Agency> _agencies = [];
    private Dictionary<string, Agency> _agencyOfReport = [];
    private Dictionary<string, ReportRow> _reportById = [];
    private IReadOnlyList<FieldDef> _fields = [];
    private Dictionary<string, FieldDef> _fieldByName = [];
    private IReadOnlyList<MetricDef> _metricDefs = [];
    private Dictionary<string, MetricDef> _metricByName = [];
    private Dictionary<string, int> _metricOrder = [];
    private IReadOnlyList<RuleDef> _rules = [];
    private Dictionary<string, RuleDef> _ruleById = [];
    private IReadOnlyList<FlagRow> _flags = [];
    private Dictionary<string, Region> _regions = [];
    private Dictionary<string, (int Failed, int Passed, int NotApplicable)> _checkCounts = [];
    private string _footer = "";
    private string? _lastRun;
    private readonly Dictionary<string, long> _downloadRows = new(StringComparer.Ordinal);

    private SiteBuilder(SiteOptions o, SiteData db) { _o = o; _db = db; }

    public static SiteResult Build(SiteOptions options)
    {
        var sw = Stopwatch.StartNew();
        using var db = SiteData.Open(options.DbPath);
        var b = new SiteBuilder(options, db);
        using var traceDb = Environment.GetEnvironmentVariable("GOVREPORT_TRACE") is "1" or "gc" ? db.Duplicate() : null;
        s_traceDb = traceDb;
        void Run(string name, Action step)
        {
            var t = Stopwatch.StartNew();
            step();
            Trace(name, t);
        }
        Run("load", b.Load);
        Run("plan", b.Plan);
        var w = b._w;
        Run("assets", b.Assets);
        // The notebooks and the downloads are DuckDB's work (queries, COPY) and read nothing the pages write: they run
        // on a second connection beside the pages, which are mostly C# rendering, so the two keep both cores busy.
        var side = Task.Run(() =>
        {
            using var db2 = db.Duplicate();
            Run("notebooks", () => b.NotebookPages(db2));
            Run("downloads", () => b.DownloadsPage(db2));
        });
        try
        {
            foreach (var (name, step) in new (string, Action)[]
                     {
                         ("index", b.IndexPage), ("rankings", b.RankingPages), ("agencies", b.AgencyPages), ("regions", b.RegionPages),
                         ("flags", b.FlagPages), ("quality", b.QualityPage), ("methodology", b.MethodologyPage), ("search", b.SearchPage),
                     })
                Run(name, step);
        }
        catch
        {
            // The pages' error is the one to report; the side work is only waited for so it does not outlive the build.
            try { side.Wait(); } catch (AggregateException) { }
            throw;
        }
        side.GetAwaiter().GetResult();
        Run("manifest", b.WriteManifest);
        if (Environment.GetEnvironmentVariable("GOVREPORT_TRACE") == "1") Console.Error.WriteLine($"site: {b.ChartTimes()}");
        s_traceDb = null;
        return new SiteResult(w.FullPath("index.html"), b._pages + b._keptPages, w.Written.Count, w.Bytes, sw.Elapsed, b._problems,
            b._pages, b._mode, b._agencies.Count, b._agencies.Count - b._kept.Count, b._agenciesRemoved,
            b._regions.Count, b._regions.Count - b._keptRegions.Count, b._flags.Count, b._flags.Count - b._keptFlags.Count,
            b._chartUnits.Count, b._chartUnits.Count - b._chartsKept);
    }

    /// <summary>
    /// Decides what to render. The site digest covers everything global an agency page shows (the program build, the
    /// dictionaries, labels, limits, which downloads exist and in which format); each agency's digest covers every row
    /// its pages show (<see cref="SiteData.AgencyDigests"/>) and the names of its regions. If the folder holds a
    /// manifest with the same site digest, an agency whose digest is unchanged (and whose files are all there) keeps
    /// its pages, and so does a region or a flag (<see cref="RegionDigests"/>, <see cref="FlagDigests"/>); every other
    /// page is rendered again, so the result is byte-identical to a full build.
    /// </summary>
    private void Plan()
    {
        // A ScottPlot chart costs tens of milliseconds: tens of thousands of agencies would take most of an hour.
        // Above the limit the agency pages keep the year-over-year table (the same numbers) and no chart.
        _agencyCharts = _agencies.Count(a => a.Reports.Select(r => r.Year).Distinct().Count() >= 2) <= _o.MaxAgencyCharts;
        _siteDigest = SiteDigest();
        var sql = _db.AgencyDigests(_o.OmitDigestInput);
        _agencyDigest = _agencies.ToDictionary(a => a.Id, a => Html.Hash(sql.GetValueOrDefault(a.Key, "") + "\n" + RegionLinks(a.Url, a.Latest), 32), StringComparer.Ordinal);
        var t = Stopwatch.StartNew();
        _regionMetrics = RegionMetricValues(RegionMetricColumns());
        _regionDigest = RegionDigests().ToDictionary(kv => Html.Slug(kv.Key), kv => kv.Value, StringComparer.Ordinal);
        _flagDigest = FlagDigests();
        Trace("plan: region and flag digests", t);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        var prev = _o.Full ? null : SiteManifest.Parse(SiteWriter.ReadManifest(_o.OutDir));
        if (_o.Full) _mode = "full (--full)";
        else if (prev is null) _mode = "full (no manifest of an earlier build)";
        else if (prev.Site != _siteDigest) _mode = "full (the program or site-wide inputs changed)";
        else
        {
            _mode = "incremental";
            foreach (var a in _agencies)
                if (prev.Agencies.TryGetValue(a.Id, out var u) && u.Digest == _agencyDigest[a.Id] && u.Files.All(f => SiteWriter.Exists(_o.OutDir, f)))
                {
                    _kept.Add(a.Id);
                    _agencyFiles[a.Id] = u.Files;
                    keep.UnionWith(u.Files);
                    _keptPages += u.Files.Count(f => f.EndsWith(".html", StringComparison.Ordinal));
                }
            _keptRegions = KeepUnchanged(prev.Regions, _regionDigest, keep, _regionFiles);
            _keptFlags = KeepUnchanged(prev.Flags, _flagDigest, keep, _flagFiles);
            // Bar charts are kept until their page draws them again with the same data, or deleted at the end.
            _prevCharts = prev.Charts.Where(kv => kv.Value.Files.All(f => SiteWriter.Exists(_o.OutDir, f))).ToDictionary(StringComparer.Ordinal);
            foreach (var u in _prevCharts.Values) keep.UnionWith(u.Files);
            var ids = _agencies.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            _agenciesRemoved = prev.Agencies.Keys.Count(id => !ids.Contains(id));
        }
        _w = new SiteWriter(_o.OutDir, keep);
    }

    /// <summary>
    /// The downloads an agency page links (as CSV, or as Parquet above <see cref="SiteOptions.MaxTextDownloadRows"/>):
    /// only these are in the site digest, so that <c>facts</c> passing two million rows, say, does not force a full build.
    /// A test checks that agency pages link no other table.
    /// </summary>
    internal static readonly string[] AgencyPageDownloads = ["reports", "yoy", "checks", "rankings", "narrative_facts", "diagnostics", "report_quality"];

    /// <summary>Everything global that an agency page or its source pages show, as one SHA-256.</summary>
    private string SiteDigest()
    {
        var sb = new StringBuilder();
        foreach (var asm in new[] { typeof(SiteBuilder).Assembly, typeof(GovReport.Charts.ChartRenderer).Assembly })
        {
            sb.Append(asm.FullName).Append(' ').Append(asm.ManifestModule.ModuleVersionId).Append('\n');
            foreach (var r in asm.GetReferencedAssemblies().OrderBy(r => r.FullName, StringComparer.Ordinal)) sb.Append("  ").Append(r.FullName).Append('\n');
        }
        sb.Append("duckdb ").Append(_db.Scalar("SELECT version()")).Append('\n');
        sb.Append("agency charts ").Append(_agencyCharts).Append(" max ").Append(_o.MaxAgencyCharts).Append('\n');
        foreach (var name in AgencyPageDownloads) sb.Append("download ").Append(name).Append(' ').Append(DataHref("", name) ?? "-").Append('\n');
        sb.Append("footer ").Append(_footer).Append('\n');
        foreach (var f in _fields) sb.Append(f).Append('\n');
        foreach (var m in _metricDefs) sb.Append(m).Append('\n');
        foreach (var r in _rules) sb.Append(r).Append('\n');
        return Html.Hash(sb.ToString(), 64);
    }

    private void WriteManifest()
    {
        var units = _agencies.ToDictionary(a => a.Id, a => new SiteManifest.Unit(_agencyDigest[a.Id], _agencyFiles[a.Id]), StringComparer.Ordinal);
        SiteManifest.Unit Unit(Dictionary<string, string> digests, Dictionary<string, IReadOnlyList<string>> files, string key) => new(digests[key], files[key]);
        var regions = _regionDigest.Keys.ToDictionary(k => k, k => Unit(_regionDigest, _regionFiles, k), StringComparer.Ordinal);
        var flags = _flagDigest.Keys.ToDictionary(k => k, k => Unit(_flagDigest, _flagFiles, k), StringComparer.Ordinal);
        DropUndrawnCharts();
        _w.WriteManifest(new SiteManifest(_siteDigest, units, regions, flags, _chartUnits).Write());
    }

    private static void Trace(string step, Stopwatch sw)
    {
        if (Environment.GetEnvironmentVariable("GOVREPORT_TRACE") is "1" or "gc") Console.Error.WriteLine($"site: {step} {sw.Elapsed.TotalSeconds:0.00} s ({MemoryNow()})");
    }

    /// <summary>For GOVREPORT_TRACE: the process's resident set now and at its peak so far, and the managed heap.</summary>
    internal static string MemoryNow()
    {
        long Kb(string key) => File.Exists("/proc/self/status") && File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal)) is { } l
            ? long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
        // GOVREPORT_TRACE=gc collects first, so "managed" is what is live (slower, and it lowers the peak).
        bool live = Environment.GetEnvironmentVariable("GOVREPORT_TRACE") == "gc";
        string duck = "";
        if (s_traceDb is { } db)
            lock (db)
                try { duck = ", DuckDB " + db.Scalar("SELECT (sum(memory_usage_bytes) >> 20)::VARCHAR || ' MB, spilled ' || (sum(temporary_storage_bytes) >> 20)::VARCHAR || ' MB' FROM duckdb_memory()"); }
                catch (DuckDB.NET.Data.DuckDBException) { }
        return $"RSS {Kb("VmRSS:") / 1024} MB, peak {Kb("VmHWM:") / 1024} MB, managed {GC.GetTotalMemory(live) >> 20} MB, heap {GC.GetGCMemoryInfo().HeapSizeBytes >> 20} MB{duck}";
    }

    /// <summary>A connection of its own for the trace's DuckDB figures (the build's connections are busy on other threads).</summary>
    private static SiteData? s_traceDb;

    private void Load()
    {
        var sw = Stopwatch.StartNew();
        _reports = _db.Reports();
        Trace("load reports", sw);
        _reportById = _reports.ToDictionary(r => r.ReportId);
        _agencies = _reports.GroupBy(r => r.AgencyKey, StringComparer.Ordinal)
            .Select(g =>
            {
                var reps = g.OrderByDescending(r => r.Year ?? 0).ThenBy(r => r.ReportId, StringComparer.Ordinal).ToList();
                var latest = reps[0];
                string id = (latest.RegionCode is null ? "x" : Html.Slug(latest.RegionCode)) + "-" + Html.Hash(g.Key, 8);
                return new Agency(g.Key, id, latest.Display, latest.Level, latest, reps);
            })
            .OrderBy(a => a.Latest.RegionCode ?? "~", StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Key, StringComparer.Ordinal)
            .ToList();
        _agencyOfReport = _agencies.SelectMany(a => a.Reports.Select(r => (r.ReportId, a))).ToDictionary(x => x.ReportId, x => x.a);
        _fields = _db.Fields();
        _fieldByName = _fields.ToDictionary(f => f.Field);
        // Metrics ranked but missing from the dictionary still get a page, under a plain label.
        var defs = _db.MetricDefs().ToList();
        foreach (var m in _db.Rows("SELECT DISTINCT metric, any_value(unit) FROM metrics GROUP BY metric ORDER BY metric").Select(r => (r.GetString(0), r.IsDBNull(1) ? "" : r.GetString(1))).ToList())
            if (!defs.Any(d => d.Metric == m.Item1))
                defs.Add(new MetricDef(m.Item1, FallbackMetricLabels.GetValueOrDefault(m.Item1, m.Item1), m.Item1, m.Item2, "2019,2021", null));
        _metricDefs = defs;
        _metricByName = _metricDefs.ToDictionary(m => m.Metric);
        _metricOrder = _metricDefs.Select((m, i) => (m.Metric, i)).ToDictionary(x => x.Metric, x => x.i);
        _rules = _db.RuleDefs();
        _ruleById = _rules.ToDictionary(r => r.RuleId);
        Trace("load agencies", sw);
        _flags = _db.Flags();
        Trace("load flags", sw);
        _checkCounts = LoadCheckCounts();
        Trace("load check counts", sw);
        _regions = BuildRegions(_reports);
        Trace("load regions", sw);
        foreach (var (name, _, _) in DownloadTables)
        {
            string table = name == "flags" ? "flag_reviews" : name; // the flags download carries their review state
            if (_db.HasTable(table)) _downloadRows[name] = Convert.ToInt64(_db.Scalar($"SELECT count(*) FROM {table}"));
        }
        var lastRun = _db.Scalar("SELECT strftime(max(finished_at), '%Y-%m-%d') FROM ingest_runs") as string;
        _lastRun = lastRun;
        // The same on every page: counts and the import date would change every page with every new report (they are
        // on the front page), and an incremental build keeps the agency pages that did not change.
        _footer = "数字均取自各机关公开发布的年度报告，每个数字都链接到原文所在行";
    }

    private Dictionary<string, (int, int, int)> LoadCheckCounts()
    {
        var d = new Dictionary<string, (int, int, int)>();
        foreach (var r in _db.Rows("""
            SELECT report_id, count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'passed'),
                   count(*) FILTER (WHERE status = 'not_applicable')
            FROM checks GROUP BY report_id ORDER BY report_id
            """))
            d[CanonicalId(r.GetString(0))] = (Convert.ToInt32(r.GetValue(1)), Convert.ToInt32(r.GetValue(2)), Convert.ToInt32(r.GetValue(3)));
        return d;
    }

    /// <summary>The report row's own id string for an id read again from the database (so tables keyed by report id
    /// kept through the build share it instead of holding a copy each).</summary>
    private string CanonicalId(string id) => _reportById.TryGetValue(id, out var r) ? r.ReportId : id;

    private static Dictionary<string, Region> BuildRegions(IEnumerable<ReportRow> reports)
    {
        var d = new Dictionary<string, Region>(StringComparer.Ordinal);
        foreach (var r in reports)
        {
            if (r.ProvinceCode is { } p && !d.ContainsKey(p)) d[p] = new Region(p, "province", r.Province!, r.Province!, null);
            if (r.CityCode is { } c && !d.ContainsKey(c)) d[c] = new Region(c, "city", r.City!, r.Province + " " + r.City, r.ProvinceCode);
            if (r.CountyCode is { } k && !d.ContainsKey(k))
                d[k] = new Region(k, "county", r.County!, string.Join(" ", new[] { r.Province, r.City, r.County }.Where(s => s is not null)), r.CityCode ?? r.ProvinceCode);
        }
        return d;
    }

    // ---- shared pieces --------------------------------------------------------------------------------------

    private void Page(string path, string title, string body, string? description = null, string? extraHead = null)
    {
        _w.Text(path, Layout.Page(path, title, body, _footer, description, extraHead));
        Interlocked.Increment(ref _pages);
    }

    /// <summary>A large page (agency, source text): its content is streamed to the file, not joined into one string.</summary>
    private void Page(string path, string title, StringBuilder body, string? description = null)
    {
        _w.Text(path, Layout.Head(path, title, description), body, Layout.Tail(path, _footer));
        Interlocked.Increment(ref _pages);
    }

    /// <summary>A link to an agency page from a page at <paramref name="from"/>.</summary>
    private string AgencyLink(string from, ReportRow r, string? anchor = null)
    {
        var a = _agencyOfReport[r.ReportId];
        return $"<a href=\"{Layout.Root(from)}{a.Url}{(anchor is null ? "" : "#" + anchor)}\">{Html.E(a.Name)}</a>";
    }

    /// <summary>
    /// Where a table of the downloads page can be fetched from a page at <paramref name="from"/>: its CSV, or its
    /// Parquet file when the table is too large for CSV (see <see cref="SiteOptions.MaxTextDownloadRows"/>); null when
    /// the database has no such table.
    /// </summary>
    private string? DataHref(string from, string table)
    {
        if (!_downloadRows.TryGetValue(table, out var n)) return null;
        return Layout.Root(from) + (n > _o.MaxTextDownloadRows ? $"data/parquet/{table}.parquet" : $"data/{table}.csv");
    }

    private string SourceHref(string from, string reportId, int? line)
        => $"{Layout.Root(from)}source/{Html.Slug(reportId)}.html" + (line is > 0 ? $"#L{line}" : "");

    private string LinesLinks(string from, string reportId, IEnumerable<int> lines, bool compact = true)
    {
        var ls = lines.Where(l => l > 0).Distinct().Order().ToList();
        if (ls.Count == 0) return "—";
        // A rule over a whole table rests on dozens of lines: link the first few, count the rest (the flag page has all).
        const int show = 6;
        var links = string.Join(" ", ls.Take(show).Select(l => $"<a href=\"{SourceHref(from, reportId, l)}\">第{l}行</a>"));
        return ls.Count <= show || !compact ? (ls.Count <= show ? links : string.Join(" ", ls.Select(l => $"<a href=\"{SourceHref(from, reportId, l)}\">第{l}行</a>")))
            : links + $" 等 {ls.Count} 行";
    }

    private string RegionLinks(string from, ReportRow r)
    {
        var parts = new List<string>();
        foreach (var code in new[] { r.ProvinceCode, r.CityCode, r.CountyCode })
            if (code is not null && _regions.TryGetValue(code, out var reg))
                parts.Add($"<a href=\"{Layout.Root(from)}{reg.Url}\">{Html.E(reg.Name)}</a>");
        if (!string.IsNullOrEmpty(r.Township)) parts.Add(Html.E(r.Township));
        return parts.Count == 0 ? "<span class=\"muted\">未定</span>" : string.Join(" · ", parts);
    }

    /// <summary>Space-separated region codes of a report, for the peer-group filters.</summary>
    private static string RegionAttr(ReportRow r) => string.Join(' ', new[] { r.ProvinceCode, r.CityCode, r.CountyCode }.Where(c => c is not null));

    private string MetricLabel(string metric) => _metricByName.TryGetValue(metric, out var m) ? m.Label : metric;
    private string MetricUnit(string metric) => _metricByName.TryGetValue(metric, out var m) ? m.Unit : "";

    private string FlagDetectorLabel(string detector)
    {
        if (detector.StartsWith("rule:", StringComparison.Ordinal) && _ruleById.TryGetValue(detector[5..], out var rule))
            return $"规则 {Html.E(rule.RuleId)}";
        return detector switch
        {
            "robust_z" => "稳健 z 分数",
            "pca" => "主成分异常（ML.NET）",
            _ => Html.E(detector),
        };
    }

    internal static string Resource(string name)
    {
        using var s = typeof(SiteBuilder).Assembly.GetManifestResourceStream(name)
                      ?? throw new InvalidOperationException($"embedded resource {name} missing");
        using var r = new StreamReader(s, Encoding.UTF8);
        return r.ReadToEnd().Replace("\r\n", "\n");
    }

    private void Assets()
    {
        foreach (var name in typeof(SiteBuilder).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("assets/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            _w.Text(name, Resource(name));
    }

    private static readonly Dictionary<string, string> FallbackMetricLabels = new()
    {
        ["proactive_items"] = "主动公开信息数（正文所述）",
    };

    internal static readonly Dictionary<string, string> LevelSlugs = new()
    {
        ["街道"] = "street", ["乡镇"] = "town", ["县级政府"] = "county-gov", ["部门"] = "dept", ["其他"] = "other",
    };

    internal static string LevelSlug(string level) => LevelSlugs.TryGetValue(level, out var s) ? s : "l" + Html.Hash(level, 6);
}
