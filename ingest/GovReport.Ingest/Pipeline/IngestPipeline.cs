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

    /// <summary>Read and hash every file, also those whose size and modification time still match what the database
    /// stored for them (which are otherwise taken as unchanged without being read).</summary>
    public bool Rehash { get; init; }
}

/// <summary>What happened to one file.</summary>
public enum FileOutcome { Loaded, Replaced, Unchanged, Duplicate, Failed, Skipped }

public sealed record FileEvent(string Path, FileOutcome Outcome, string? Detail, int Errors = 0, int Warnings = 0, int Infos = 0)
{
    /// <summary>A duplicate this file already was at an earlier ingest (same path, size, time and content): worth a count, not a line.</summary>
    public bool SeenBefore { get; init; }
}

/// <param name="FilesRead">Files whose bytes this run read (to hash or to parse).</param>
/// <param name="KnownByStat">Files whose content hash was taken from the database because their size and modification
/// time matched what it stored: not read to hash them.</param>
/// <param name="DuplicatesSeenBefore">Of the duplicates, those whose file was a duplicate at an earlier ingest already
/// (<see cref="FileEvent.SeenBefore"/>).</param>
public sealed record IngestSummary(int RunId, IngestCounts Counts, IReadOnlyList<(string Path, string Reason)> Failures, IReadOnlyList<(string Path, string Detail)> Notes,
    int FilesRead, int KnownByStat, int DuplicatesSeenBefore = 0);

/// <summary>
/// Files and folders in, reports in the database out. Reading, hashing and parsing run in parallel; one writer
/// stores whole reports in batched transactions, on a thread of its own so parsing goes on while a batch is written.
/// Memory is bounded: files stream through a bounded channel and at most three batches are held.
/// </summary>
public static class IngestPipeline
{

    private sealed record Work(string Path, int Index, bool Explicit);
    private sealed record Parsed(string Path, int Index, FileOutcome Outcome, string? Detail, StoredReport? Report, ContentHash? Sha, bool SeenBefore = false);

    [Flags]
    private enum Has : byte { None = 0, Report = 1, CurrentBuild = 2, StoredStat = 4, HashRead = 8, HashStored = 16 }

    /// <summary>
    /// One file of the run, in 64 bytes (a run holds one per file): what the database stored for its path, then what
    /// the hashing pass found. <see cref="Hash"/> and <see cref="Stat"/> are the stored ones until that pass, then the
    /// file's: its size and time taken before reading it, its hash read and computed (<see cref="Has.HashRead"/>) or,
    /// when size and time match, the stored one (<see cref="Has.HashStored"/>).
    /// </summary>
    private struct FileState
    {
        public ContentHash Hash;
        public FileStat Stat;
        public ulong ReportId;
        public Has Flags;

        public readonly bool Hashed => (Flags & (Has.HashRead | Has.HashStored)) != 0;
        public readonly bool Is(Has flag) => (Flags & flag) != 0;
        public readonly ulong? StoredReport => Is(Has.Report) ? ReportId : null;
    }

    /// <summary>A file modified this close to the start of the run (or after it) could change again within the file
    /// system's time resolution without its modification time changing (2 s on FAT): its size and time are not stored,
    /// so the next run hashes it again (git calls such entries racily clean).</summary>
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

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

        var states = new FileState[files.Count];
        var ids = store.LoadIndex(files.Select(f => Normalize(f.Path)).ToList(), (i, s) => states[i] = new FileState
        {
            Hash = s.Sha, Stat = s.Stat ?? default, ReportId = s.ReportId ?? 0,
            Flags = (s.ReportId is null ? Has.None : Has.Report) | (s.CurrentBuild ? Has.CurrentBuild : Has.None) | (s.Stat is null ? Has.None : Has.StoredStat),
        });
        long racyFrom = (DateTime.UtcNow - RacyWindow).Ticks;
        int runId = store.BeginRun(inputs, options.ToolVersion);
        var claimed = new HashSet<ulong>(); // report ids in flight (stored ones are in ids)
        int read = 0;

        // Of byte-identical files in one run, the first in file order is loaded and the others are its duplicates,
        // whichever a parser finishes first: a hashing pass before parsing makes the choice deterministic, so the same
        // corpus always gives the same database. It reads only the files whose size or time differ from what is stored.
        HashAll(files, states, options, ref read);
        var firstOfContent = FirstOfContent(states);
        // GOVREPORT_TRACE=1: what the run holds per file before parsing begins (a full collection first, only then).
        if (Environment.GetEnvironmentVariable("GOVREPORT_TRACE") == "1")
            Console.Error.WriteLine($"ingest: {files.Count} files, {read} read to hash, {states.Count(x => x.Is(Has.HashStored))} known by size and time; " +
                $".NET heap {GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:0.0} MB");

        var channel = Channel.CreateBounded<Parsed>(new BoundedChannelOptions(Math.Max(64, options.Workers * 32)) { SingleReader = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(files.Select((f, i) => new Work(f.Path, i, f.Explicit)),
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Workers), CancellationToken = ct },
                    async (w, token) => await channel.Writer.WriteAsync(Process(w, ref states[w.Index], ids, options, ref read), token));
            }
            finally { channel.Writer.Complete(); }
        }, ct);

        int loaded = 0, replaced = 0, unchanged = 0, duplicates = 0, duplicatesSeenBefore = 0, errors = 0, warnings = 0, infos = 0;
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
                                failures.Add((p.Path, reason)); failureRows.Add((p.Path, p.Sha?.ToString(), reason));
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

        void Duplicate(string path, string id, bool seenBefore = false)
        {
            duplicates++;
            if (seenBefore) duplicatesSeenBefore++;
            string detail = $"same content as report {id} already loaded; not loaded twice";
            notes.Add((path, detail));
            duplicateRows.Add((IngestPipeline.Normalize(path), id));
            onFile?.Invoke(new FileEvent(path, FileOutcome.Duplicate, detail) { SeenBefore = seenBefore });
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
                            failures.Add((p.Path, p.Detail!)); failureRows.Add((p.Path, p.Sha?.ToString(), p.Detail!));
                            onFile?.Invoke(new FileEvent(p.Path, p.Outcome, p.Detail));
                            continue;
                        case FileOutcome.Duplicate: Duplicate(p.Path, p.Detail!, p.SeenBefore); continue;
                    }
                    string id = p.Report!.Result.Report.ReportId;
                    bool reread = p.Report.Replaces == id;
                    bool laterCopy = firstOfContent.TryGetValue(p.Sha!.Value, out int first) && first != p.Index;
                    if (!reread && (laterCopy || ids.Contains(p.Sha.Value.Id) || !claimed.Add(p.Sha.Value.Id))) { Duplicate(p.Path, id); continue; }
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
        // Size, time and hash of every file this run read to hash, so that the next run need not (a touched but
        // unchanged file gets its new time here). A file that changed since the hashing pass has a newer time, so the
        // next run hashes it again.
        store.RecordSources(runId, Enumerable.Range(0, files.Count)
            .Where(i => states[i].Is(Has.HashRead) && states[i].Stat.ModifiedTicks < racyFrom)
            .Select(i => (Normalize(files[i].Path), states[i].Stat, states[i].Hash)));
        var counts = new IngestCounts(seen, loaded, replaced, unchanged, duplicates, failures.Count, skipped, errors, warnings, infos);
        store.FinishRun(runId, counts);
        return new IngestSummary(runId, counts, failures, notes, read, states.Count(x => x.Is(Has.HashStored)), duplicatesSeenBefore);
    }

    /// <summary>
    /// The size, modification time and content hash of every file <see cref="Process"/> would read (a skipped or refused
    /// file is nobody's original): a file whose size and time equal what the database stored is not read, its stored
    /// hash is taken (unless <see cref="IngestOptions.Rehash"/>), as make, rsync and git trust modification times.
    /// </summary>
    private static void HashAll(IReadOnlyList<(string Path, bool Explicit)> files, FileState[] states, IngestOptions options, ref int read)
    {
        int reads = 0;
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Workers) }, i =>
        {
            try
            {
                if (!ReaderRegistry.KnownExtensions.Contains(System.IO.Path.GetExtension(files[i].Path)) && !files[i].Explicit) return;
                var info = new FileInfo(files[i].Path);
                var stat = new FileStat(info.Length, info.LastWriteTimeUtc.Ticks);
                if (stat.Size > options.MaxFileBytes) return;
                ref var state = ref states[i];
                if (!options.Rehash && state.Is(Has.StoredStat) && state.Stat == stat)
                {
                    state.Flags |= Has.HashStored;
                    return;
                }
                using var stream = File.OpenRead(files[i].Path);
                state.Hash = ContentHash.Of(stream);
                state.Stat = stat;
                state.Flags |= Has.HashRead;
                Interlocked.Increment(ref reads);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // Process reports it
        });
        read += reads;
    }

    /// <summary>For each content that occurs in more than one file, the index of its first file.</summary>
    private static Dictionary<ContentHash, int> FirstOfContent(FileState[] states)
    {
        var first = new Dictionary<ContentHash, int>();
        var repeated = new HashSet<ContentHash>();
        for (int i = 0; i < states.Length; i++)
            if (states[i].Hashed && !first.TryAdd(states[i].Hash, i)) repeated.Add(states[i].Hash);
        return first.Where(kv => repeated.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    /// <summary>Every file below a folder, in ordinal order (deterministic), without hidden files.</summary>
    public static IEnumerable<string> Enumerate(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        return Directory.EnumerateFiles(root, "*", options)
            .Where(f => !System.IO.Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal);
    }

    /// <param name="state">The file's state; when its stored hash proves wrong on reading (new bytes under the old size
    /// and time, read because they needed parsing), it takes the hash read, so the run stores that.</param>
    private static Parsed Process(Work w, ref FileState state, HashSet<ulong> storedIds, IngestOptions options, ref int read)
    {
        string path = w.Path;
        string ext = System.IO.Path.GetExtension(path);
        ulong? previous = state.StoredReport;
        bool currentBuild = state.Is(Has.CurrentBuild);
        ContentHash? stored = state.Is(Has.HashStored) ? state.Hash : null; // taken as the file's without reading it

        // Unchanged, or a new path with the content of a stored report (a duplicate): known from the hash, without
        // parsing (on a rerun every byte-identical copy takes this way), and without reading when the hash is stored.
        Parsed? Known(ContentHash sha)
        {
            if (previous == sha.Id && currentBuild)
                return new(path, w.Index, FileOutcome.Unchanged, sha == stored
                    ? "unchanged since the last ingest (same size and modification time; not read)" : "unchanged since the last ingest", null, sha);
            if (previous is null && storedIds.Contains(sha.Id))
                return new(path, w.Index, FileOutcome.Duplicate, ReportIds.Format(sha.Id), null, sha, SeenBefore: sha == stored);
            return null;
        }

        try
        {
            if (!ReaderRegistry.KnownExtensions.Contains(ext) && !w.Explicit)
                return new(path, w.Index, FileOutcome.Skipped, $"not a report format ({ext})", null, null);
            if (!state.Hashed)
            {
                var info = new FileInfo(path);
                if (info.Length > options.MaxFileBytes)
                    return new(path, w.Index, FileOutcome.Failed, $"file too large ({info.Length / 1024 / 1024} MB > {options.MaxFileBytes / 1024 / 1024} MB limit)", null, null);
            }
            else if (Known(state.Hash) is { } early) return early;

            byte[] bytes = File.ReadAllBytes(path);
            if (!state.Is(Has.HashRead)) Interlocked.Increment(ref read);
            var sha = ContentHash.Of(bytes);
            // Not what the hashing pass found (changed since, unreadable then, or its stored hash was wrong): decide on
            // what was read now; a wrong stored hash is replaced, so the run stores the right one.
            if (!state.Hashed || sha != state.Hash)
            {
                if (state.Is(Has.HashStored))
                {
                    state.Hash = sha;
                    state.Flags = (state.Flags & ~Has.HashStored) | Has.HashRead;
                }
                if (Known(sha) is { } late) return late;
            }

            string shaHex = sha.ToString();
            string id = shaHex[..16];
            string key = Normalize(path);
            var doc = ReaderRegistry.Read(path, bytes);
            if (doc.Document is null) return new(path, w.Index, FileOutcome.Failed, doc.Failure, null, sha);

            var result = ReportParser.Parse(doc.Document, new SourceInfo(id, key, shaHex, bytes.Length, doc.Encoding));
            if (!result.IsReport)
                return new(path, w.Index, FileOutcome.Failed, string.Join("; ", result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.Message)), null, sha);
            var outcome = previous is null ? FileOutcome.Loaded : FileOutcome.Replaced;
            string? why = previous is null ? null : previous == sha.Id ? "re-read by a newer parser" : $"replaces report {ReportIds.Format(previous.Value)} (file changed)";
            return new(path, w.Index, outcome, why, new StoredReport(result, doc.Document.Text, previous is { } p ? ReportIds.Format(p) : null), sha);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new(path, w.Index, FileOutcome.Failed, $"cannot read: {ex.Message}", null, null);
        }
    }

    /// <summary>The path as stored: as given, with / separators.</summary>
    public static string Normalize(string path) => path.Replace('\\', '/');
}
