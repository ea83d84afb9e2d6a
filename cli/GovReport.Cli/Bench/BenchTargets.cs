using System.Globalization;

namespace GovReport.Cli.Bench;

/// <summary>
/// One of issue 8's targets, judged on a bench run: what is asked, what was measured, and whether it was met (null when
/// the run did not measure it, or when the target is not a number: it is then described, not judged).
/// </summary>
public sealed record TargetResult(string Id, string Target, string Measured, bool? Met);

/// <summary>
/// Issue 8's targets (set for 100,000 one-cell-per-line reports on a 2-core machine), judged on the bench's own figures so
/// that every run says plainly which it meets. Pure: the thresholds are here, the numbers come from <see cref="BenchSummary"/>.
/// </summary>
public static class BenchTargets
{
    public const double MinIngestPerS = 2_000, MinShareOfRawRead = 0.25, MaxEndToEndS = 300, MaxPeakRssMb = 2_048, MaxRerunS = 5;

    /// <summary>"About 1%" of a full ingest for 1% more reports, taken as at most twice that.</summary>
    public const double MaxAddShare = 0.02;

    /// <summary>"Flat as N grows", taken as: the largest run's peak RSS at most 1.25× that of the run ten times smaller.</summary>
    public const double MaxRssGrowth = 1.25;

    /// <summary>The targets for <paramref name="s"/>; <paramref name="scaling"/> (runs by size, smallest first) adds the flatness one.</summary>
    public static IReadOnlyList<TargetResult> Evaluate(BenchSummary s, IReadOnlyList<BenchSummary>? scaling = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var list = new List<TargetResult>
        {
            new("ingest_per_s", Inv($"ingest ≥ {MinIngestPerS:N0} reports/s"), Fmt(s.IngestPerS, "N0", " reports/s"), Is(s.IngestPerS, v => v >= MinIngestPerS)),
        };
        double? share = s.IngestPerS / s.RawReadPerS;
        list.Add(new("ingest_share_of_raw_read", Inv($"ingest ≥ {MinShareOfRawRead * 100:0}% of the raw read + decode rate"),
            share is { } sh ? $"{sh.Pct()} ({Fmt(s.IngestPerS, "N0", "")} of {Fmt(s.RawReadPerS, "N0", " files/s")})" : "n/a", Is(share, v => v >= MinShareOfRawRead)));

        double? ingestS = s.Stages.FirstOrDefault(x => x.Stage == BenchStages.Ingest)?.Seconds;
        double? endToEnd = ingestS + s.AnalyzeS + s.SiteS;
        list.Add(new("end_to_end_s", Inv($"ingest + analyze + site < {MaxEndToEndS:0} s"), Fmt(endToEnd, "0.0", " s"), Is(endToEnd, v => v < MaxEndToEndS)));
        list.Add(new("peak_rss_mb", Inv($"peak RSS < {MaxPeakRssMb:N0} MB (2 GiB), every stage"), Fmt(s.PeakRssMb, "N0", " MB") + LargestStage(s), Is(s.PeakRssMb, v => v < MaxPeakRssMb)));
        list.Add(new("rerun_s", Inv($"rerun over the unchanged corpus < {MaxRerunS:0} s"), Fmt(s.RerunS, "0.00", " s"), Is(s.RerunS, v => v < MaxRerunS)));

        double? addShare = s.Add1pctIngestS / ingestS;
        list.Add(new("add1pct_ingest_share", Inv($"adding 1% costs about 1% of a full ingest (≤ {MaxAddShare * 100:0}%)"),
            addShare is { } a ? $"{a.Pct()} ({Fmt(s.Add1pctIngestS, "0.00", " s")} of {Fmt(ingestS, "0.00", " s")})" : "n/a", Is(addShare, v => v <= MaxAddShare)));
        // Which pages an incremental build may rebuild is a rule about pages, not a number: reported, not judged.
        double? siteShare = s.Add1pctSiteS / s.SiteS;
        list.Add(new("add1pct_site", "adding 1%: only the pages that changed plus the rankings are rebuilt (see docs/scale.md)",
            siteShare is { } ss ? $"{ss.Pct(0)} of a full build's time, {s.Add1pctSiteFilesWritten?.ToString("N0", inv) ?? "?"} files written" : "n/a", null));

        if (scaling is { Count: >= 2 })
        {
            var (small, large) = (scaling[^2], scaling[^1]);
            double? growth = large.PeakRssMb / small.PeakRssMb;
            list.Add(new("peak_rss_flat", Inv($"peak RSS flat as N grows (≤ {MaxRssGrowth:0.00}× from {small.Reports:N0} to {large.Reports:N0} reports)"),
                growth is { } g ? $"{g.ToString("0.00", inv)}× ({Fmt(small.PeakRssMb, "N0", "")} → {Fmt(large.PeakRssMb, "N0", " MB")}{LargestStage(large)})" : "n/a",
                Is(growth, v => v <= MaxRssGrowth)));
        }
        return list;
    }

    /// <summary>Judged only when measured (a lifted comparison would call a missing figure "not met").</summary>
    private static bool? Is(double? v, Func<double, bool> ok) => v is { } x ? ok(x) : null;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Pct(this double share, int decimals = 1) => (share * 100).ToString(decimals == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + "%";

    private static string Fmt(double? v, string format, string unit) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) + unit : "n/a";

    /// <summary>The stage that set the run's peak RSS, as " (stage)".</summary>
    private static string LargestStage(BenchSummary s) =>
        s.Stages.Where(x => x.PeakRssMb is not null).MaxBy(x => x.PeakRssMb) is { } st ? $" ({st.Stage})" : "";
}
