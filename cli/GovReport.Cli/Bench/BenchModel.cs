using System.Text.Json.Serialization;

namespace GovReport.Cli.Bench;

/// <summary>One measured stage: how many items (report files) it handled, its wall time, the CPU time of its process
/// (user + system, all threads: robust when other work shares the machine) and the peak resident set of the process that
/// ran it (VmHWM of a child process that ran only this stage); null when not measured.</summary>
public sealed record StageResult(string Stage, int Items, double? Seconds, double? PeakRssMb, string? Note = null, double? CpuSeconds = null)
{
    /// <summary>Site stages: the files the build wrote (the rest an incremental build kept).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? FilesWritten { get; init; }

    [JsonIgnore] public bool Available => Seconds is not null;
    [JsonIgnore] public double? PerSecond => Seconds is > 0 ? Items / Seconds : null;
}

/// <summary>A corpus the bench ran on: synthetic (N, seed, HTML share) from the cache, or a folder given with --corpus.</summary>
public sealed record BenchCorpus(string Path, int Files, long Bytes, bool Synthetic, int Seed, double HtmlShare, bool Reused);

/// <summary>What bench.json holds: the headline figures of one run, every stage, and for --scaling the runs by size.</summary>
public sealed record BenchSummary(
    int Reports,
    double? RawReadPerS,
    double? ParsePerS,
    double? IngestPerS,
    double? RerunS,
    double? AnalyzeS,
    double? SiteS,
    double? ExportS,
    double? PeakRssMb,
    string Corpus,
    double CorpusMb,
    int Seed,
    double HtmlShare,
    int Cores,
    string RssMethod,
    IReadOnlyList<StageResult> Stages,
    int? Add1pctReports = null,
    double? Add1pctIngestS = null,
    double? Add1pctAnalyzeS = null,
    double? Add1pctSiteS = null,
    int? Add1pctSiteFilesWritten = null)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<BenchSummary>? Scaling { get; init; }

    /// <summary>Issue 8's targets judged on this run (<see cref="BenchTargets"/>); with --scaling, on the largest run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TargetResult>? Targets { get; init; }
}
