using System.Security.Cryptography;
using System.Threading.Channels;
using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;
using GovReport.Ingest.Readers;
using GovReport.Ingest.Store;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Pipeline;

public sealed record IngestOptions
{
    /// <summary>Reports per transaction: a report is all in or all out, and batches keep the writer fast.</summary>
    public int BatchSize { get; init; } = 1000;
    public int Workers { get; init; } = Environment.ProcessorCount;
    public long MaxFileBytes { get; init; } = 50L * 1024 * 1024;
    public string ToolVersion { get; init; } = "dev";
}

/// <summary>What happened to one file.</summary>
public enum FileOutcome { Loaded, Replaced, Unchanged, Duplicate, Failed, Skipped }

public sealed record FileEvent(string Path, FileOutcome Outcome, string? Detail, int Errors = 0, int Warnings = 0, int Infos = 0);

public sealed record IngestSummary(int RunId, IngestCounts Counts, IReadOnlyList<(string Path, string Reason)> Failures, IReadOnlyList<(string Path, string Detail)> Notes);

/// <summary>
/// Files and folders in, reports in the database out. Reading, hashing and parsing run in parallel; one writer
/// stores whole reports in batched transactions, on a thread of its own so parsing goes on while a batch is written.
/// Memory is bounded: files stream through a bounded channel and at most three batches are held.
/// </summary>
public static class IngestPipeline
{

    private sealed record Work(string Path, int Index, bool Explicit);
    private sealed record Parsed(string Path, int Index, FileOutcome Outcome, string? Detail, StoredReport? Report, string? Sha256);

    public static async Task<IngestSummary> RunAsync(IReadOnlyList<string> inputs, ReportStore store, IngestOptions options,
        Action<FileEvent>? onFile = null, CancellationToken ct = default)
    {
        var failures = new List<(string, string)>();
        var notes = new List<(string, string)>();
        var files = new List<(string Path, bool Explicit)>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input)) files.AddRange(Enumerate(input).Select(f => (f, false)));
            else if (File.Exists(input)) files.Add((input, true));
            else failures.Add((input, "no such file or directory"));
        }
        int skipped = 0, seen = files.Count;

        // Of byte-identical files in one run, the first in file order is loaded and the others are its duplicates,
        // whichever a parser finishes first: a cheap hashing pass (reading is ~1% of parsing) makes the choice
        // deterministic, so the same corpus always gives the same database.
        var firstOfContent = FirstOfContent(files, options);

        var (byPath, ids) = store.LoadIndex();
        int runId = store.BeginRun(inputs, options.ToolVersion);
        var claimed = new HashSet<string>(ids, StringComparer.Ordinal); // report ids stored or in flight

        var channel = Channel.CreateBounded<Parsed>(new BoundedChannelOptions(Math.Max(64, options.Workers * 32)) { SingleReader = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(files.Select((f, i) => new Work(f.Path, i, f.Explicit)),
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Workers), CancellationToken = ct },
                    async (w, token) => await channel.Writer.WriteAsync(Process(w, byPath, ids, options), token));
            }
            finally { channel.Writer.Complete(); }
        }, ct);

        int loaded = 0, replaced = 0, unchanged = 0, duplicates = 0, errors = 0, warnings = 0, infos = 0;
        var batch = new List<(Parsed P, StoredReport R)>();
        var failureRows = new List<(string, string?, string)>();
        var duplicateRows = new List<(string, string)>();
        var gate = new object(); // counters, lists and onFile are touched by the reader loop and the writer

        // One writer, off the reader loop: parsing goes on while a batch is written (a queue of one batch).
        var batches = Channel.CreateBounded<List<(Parsed P, StoredReport R)>>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var writer = Task.Run(async () =>
        {
            try
            {
                await foreach (var full in batches.Reader.ReadAllAsync(ct))
                {
                    var failed = store.WriteBatch(full.Select(b => b.R).ToList(), runId);
                    var failedIds = failed.ToDictionary(f => f.Report.Result.Report.ReportId, f => f.Reason);
                    lock (gate)
                        foreach (var (p, r) in full)
                        {
                            var d = r.Result.Diagnostics;
                            if (failedIds.TryGetValue(r.Result.Report.ReportId, out var reason))
                            {
                                failures.Add((p.Path, reason)); failureRows.Add((p.Path, p.Sha256, reason));
                                onFile?.Invoke(new FileEvent(p.Path, FileOutcome.Failed, reason));
                                continue;
                            }
                            int e = 0, w = 0, i = 0;
                            foreach (var x in d)
                                if (x.Severity == Severity.Error) e++; else if (x.Severity == Severity.Warning) w++; else if (x.Severity == Severity.Info) i++;
                            errors += e; warnings += w; infos += i;
                            if (p.Outcome == FileOutcome.Replaced) replaced++; else loaded++;
                            onFile?.Invoke(new FileEvent(p.Path, p.Outcome, p.Detail, e, w, i));
                        }
                }
            }
            catch (Exception ex)
            {
                batches.Writer.TryComplete(ex); // the reader loop stops instead of waiting on a dead writer
                throw;
            }
        }, ct);

        void Duplicate(string path, string id)
        {
            duplicates++;
            string detail = $"same content as report {id} already loaded; not loaded twice";
            notes.Add((path, detail));
            duplicateRows.Add((IngestPipeline.Normalize(path), id));
            onFile?.Invoke(new FileEvent(path, FileOutcome.Duplicate, detail));
        }

        async Task Flush()
        {
            if (batch.Count == 0) return;
            await batches.Writer.WriteAsync(batch, ct);
            batch = new List<(Parsed P, StoredReport R)>(options.BatchSize);
        }

        try
        {
            await foreach (var p in channel.Reader.ReadAllAsync(ct))
            {
                lock (gate)
                {
                    switch (p.Outcome)
                    {
                        case FileOutcome.Unchanged: unchanged++; onFile?.Invoke(new FileEvent(p.Path, p.Outcome, p.Detail)); continue;
                        case FileOutcome.Skipped: skipped++; notes.Add((p.Path, p.Detail!)); onFile?.Invoke(new FileEvent(p.Path, p.Outcome, p.Detail)); continue;
                        case FileOutcome.Failed:
                            failures.Add((p.Path, p.Detail!)); failureRows.Add((p.Path, p.Sha256, p.Detail!));
                            onFile?.Invoke(new FileEvent(p.Path, p.Outcome, p.Detail));
                            continue;
                        case FileOutcome.Duplicate: Duplicate(p.Path, p.Detail!); continue;
                    }
                    string id = p.Report!.Result.Report.ReportId;
                    bool reread = p.Report.Replaces == id;
                    bool laterCopy = p.Sha256 is { } sha && firstOfContent.TryGetValue(sha, out int first) && first != p.Index;
                    if (!reread && (laterCopy || !claimed.Add(id))) { Duplicate(p.Path, id); continue; }
                }
                batch.Add((p, p.Report));
                if (batch.Count >= options.BatchSize) await Flush();
            }
            await producer;
            await Flush();
        }
        finally
        {
            batches.Writer.TryComplete();
            await writer;
        }

        if (failureRows.Count > 0) store.RecordFailures(runId, failureRows);
        if (duplicateRows.Count > 0) store.RecordDuplicates(runId, duplicateRows);
        var counts = new IngestCounts(seen, loaded, replaced, unchanged, duplicates, failures.Count, skipped, errors, warnings, infos);
        store.FinishRun(runId, counts);
        return new IngestSummary(runId, counts, failures, notes);
    }

    /// <summary>For each content (SHA-256) that occurs in more than one file, the index of its first file.</summary>
    private static Dictionary<string, int> FirstOfContent(IReadOnlyList<(string Path, bool Explicit)> files, IngestOptions options)
    {
        var shas = new string?[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Workers) }, i =>
        {
            try
            {
                // The same files Process would read: a skipped or refused file is nobody's original.
                var info = new FileInfo(files[i].Path);
                if (!ReaderRegistry.KnownExtensions.Contains(System.IO.Path.GetExtension(files[i].Path)) && !files[i].Explicit) return;
                if (info.Length > options.MaxFileBytes) return;
                using var stream = File.OpenRead(files[i].Path);
                shas[i] = Convert.ToHexStringLower(SHA256.HashData(stream));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // Process reports it
        });
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < shas.Length; i++)
            if (shas[i] is { } sha && !first.TryAdd(sha, i)) repeated.Add(sha);
        return first.Where(kv => repeated.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>Every file below a folder, in ordinal order (deterministic), without hidden files.</summary>
    public static IEnumerable<string> Enumerate(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        return Directory.EnumerateFiles(root, "*", options)
            .Where(f => !System.IO.Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal);
    }

    private static Parsed Process(Work w, Dictionary<string, (string Id, string Build)> byPath, HashSet<string> storedIds, IngestOptions options)
    {
        string path = w.Path;
        string ext = System.IO.Path.GetExtension(path);
        try
        {
            var info = new FileInfo(path);
            if (!ReaderRegistry.KnownExtensions.Contains(ext) && !w.Explicit)
                return new(path, w.Index, FileOutcome.Skipped, $"not a report format ({ext})", null, null);
            if (info.Length > options.MaxFileBytes)
                return new(path, w.Index, FileOutcome.Failed, $"file too large ({info.Length / 1024 / 1024} MB > {options.MaxFileBytes / 1024 / 1024} MB limit)", null, null);

            byte[] bytes = File.ReadAllBytes(path);
            string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            string id = sha[..16];
            string key = Normalize(path);
            string? previous = byPath.TryGetValue(key, out var stored) ? stored.Id : null;
            if (previous == id && stored.Build == ReportStore.ParserBuild)
                return new(path, w.Index, FileOutcome.Unchanged, "unchanged since the last ingest", null, sha);
            // A new path with the content of a stored report: a duplicate, known without parsing (on a rerun, every
            // byte-identical copy takes this way).
            if (previous is null && storedIds.Contains(id))
                return new(path, w.Index, FileOutcome.Duplicate, id, null, sha);

            var read = ReaderRegistry.Read(path, bytes);
            if (read.Document is null) return new(path, w.Index, FileOutcome.Failed, read.Failure, null, sha);

            var result = ReportParser.Parse(read.Document, new SourceInfo(id, key, sha, bytes.Length, read.Encoding));
            if (!result.IsReport)
                return new(path, w.Index, FileOutcome.Failed, string.Join("; ", result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.Message)), null, sha);
            var outcome = previous is null ? FileOutcome.Loaded : FileOutcome.Replaced;
            string? why = previous is null ? null : previous == id ? "re-read by a newer parser" : $"replaces report {previous} (file changed)";
            return new(path, w.Index, outcome, why, new StoredReport(result, read.Document.Text, previous), sha);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new(path, w.Index, FileOutcome.Failed, $"cannot read: {ex.Message}", null, null);
        }
    }

    /// <summary>The path as stored: as given, with / separators.</summary>
    public static string Normalize(string path) => path.Replace('\\', '/');
}
