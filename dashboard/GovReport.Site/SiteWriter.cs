using System.Text;
using System.Text.RegularExpressions;

namespace GovReport.Site;

/// <summary>
/// Writes site files under one folder and nowhere else: every path is checked (ASCII letters, digits, '-', '_', '.',
/// '/' only; no '..'), so nothing derived from a report can name a file outside it.
/// </summary>
public sealed partial class SiteWriter
{
    public const string Marker = ".govreport-site";

    /// <summary>The build manifest (see <see cref="SiteManifest"/>): hidden, so no page links it and no host lists it.</summary>
    public const string ManifestName = ".build-manifest";
    private readonly string _root;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _dirs = new(StringComparer.Ordinal);
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>
    /// Opens <paramref name="outDir"/> for a build. Every file in it is deleted except the files in
    /// <paramref name="keep"/> (an incremental build's unchanged agency pages, as site paths), so a page that no longer
    /// exists does not linger; only ever in a folder that holds our marker. The manifest is always deleted: a build that
    /// stops half-way leaves none, and the next build is then a full one.
    /// </summary>
    public SiteWriter(string outDir, IReadOnlySet<string>? keep = null)
    {
        _root = Path.GetFullPath(outDir);
        if (Directory.Exists(_root) && Directory.EnumerateFileSystemEntries(_root).Any())
        {
            if (!File.Exists(Path.Combine(_root, Marker)))
                throw new IOException($"{outDir} is not empty and is not a govreport site folder (no {Marker}); choose an empty or new folder");
            File.Delete(Path.Combine(_root, ManifestName));
            if (keep is null || keep.Count == 0)
            {
                foreach (var d in Directory.EnumerateDirectories(_root)) Directory.Delete(d, recursive: true);
                foreach (var f in Directory.EnumerateFiles(_root)) File.Delete(f);
            }
            else Prune(_root, keep);
        }
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, Marker), "govreport site output; every build deletes the files it does not keep or rewrite\n");
    }

    /// <summary>Deletes every file under <paramref name="dir"/> that is not kept, and the folders left empty; records the kept ones as written.</summary>
    private void Prune(string dir, IReadOnlySet<string> keep)
    {
        foreach (var f in Directory.EnumerateFiles(dir))
        {
            var rel = Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/');
            if (rel != Marker && keep.Contains(rel))
            {
                _written.Add(rel);
                Bytes += new FileInfo(f).Length;
            }
            else File.Delete(f);
        }
        foreach (var d in Directory.EnumerateDirectories(dir))
        {
            Prune(d, keep);
            if (!Directory.EnumerateFileSystemEntries(d).Any()) Directory.Delete(d);
            else _dirs.TryAdd(d, 0);
        }
    }

    /// <summary>The manifest an earlier build left in <paramref name="outDir"/>, or null (none, or not a site folder).</summary>
    public static string? ReadManifest(string outDir)
    {
        var root = Path.GetFullPath(outDir);
        var path = Path.Combine(root, ManifestName);
        return File.Exists(Path.Combine(root, Marker)) && File.Exists(path) ? File.ReadAllText(path, Utf8) : null;
    }

    /// <summary>Writes the manifest, last: it vouches for every file the build wrote.</summary>
    public void WriteManifest(string content) => File.WriteAllText(Path.Combine(_root, ManifestName), content, Utf8);

    /// <summary>Whether a site file exists on disk (a kept page the user may have deleted).</summary>
    public static bool Exists(string outDir, string relPath) => File.Exists(Path.Combine(Path.GetFullPath(outDir), relPath));

    public string RootDir => _root;
    public IReadOnlyCollection<string> Written => _written;
    public long Bytes { get; private set; }

    [GeneratedRegex(@"^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*(/[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*)*\z")]
    private static partial Regex SafePath();

    /// <summary>Whether <paramref name="relPath"/> is a path the writer would accept.</summary>
    public static bool IsSafe(string relPath) => SafePath().IsMatch(relPath) && !relPath.Split('/').Any(p => p is "." or "..");

    public string FullPath(string relPath)
    {
        if (!IsSafe(relPath))
            throw new ArgumentException($"unsafe site path: {relPath}");
        var full = Path.GetFullPath(Path.Combine(_root, relPath));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"site path outside the output folder: {relPath}");
        return full;
    }

    public void Text(string relPath, string content) => Text(relPath, content, null, null);

    // One 64 KB buffer and one encoder per thread, reused for every page: encoding a page into a fresh byte array
    // put every large page on the large-object heap, and at 150,000 pages the collector's work was a third of the
    // build's managed CPU.
    [ThreadStatic] private static byte[]? t_buffer;
    [ThreadStatic] private static Encoder? t_encoder;

    /// <summary>Writes <paramref name="head"/>, <paramref name="body"/> and <paramref name="tail"/> as one UTF-8 file
    /// (no BOM), streaming the body's chunks instead of joining the three into one string.</summary>
    public void Text(string relPath, string head, StringBuilder? body, string? tail)
    {
        var full = Claim(relPath);
        var buffer = t_buffer ??= new byte[1 << 16];
        var encoder = t_encoder ??= Utf8.GetEncoder();
        encoder.Reset();
        long written = 0;
        using (var file = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            void Put(ReadOnlySpan<char> chars, bool last)
            {
                bool completed;
                do
                {
                    encoder.Convert(chars, buffer, last, out int used, out int bytes, out completed);
                    file.Write(buffer, 0, bytes);
                    written += bytes;
                    chars = chars[used..];
                } while (chars.Length > 0 || last && !completed);
            }
            Put(head, false);
            if (body is not null)
                foreach (var chunk in body.GetChunks()) Put(chunk.Span, false);
            Put(tail ?? "", true);
        }
        lock (_written) Bytes += written;
    }

    /// <summary>Checks the path, records it (a file is written once) and makes its folder.</summary>
    private string Claim(string relPath)
    {
        var full = FullPath(relPath);
        lock (_written) if (!_written.Add(relPath)) throw new InvalidOperationException($"site file written twice: {relPath}");
        var dir = Path.GetDirectoryName(full)!;
        // Made before it is remembered, so no thread writes into a folder another is still creating.
        if (!_dirs.ContainsKey(dir)) { Directory.CreateDirectory(dir); _dirs.TryAdd(dir, 0); }
        return full;
    }

    public void Bytes_(string relPath, byte[] content)
    {
        var full = Claim(relPath);
        File.WriteAllBytes(full, content);
        lock (_written) Bytes += content.Length;
    }

    /// <summary>A kept file that is to be written again after all (a chart whose data changed): no longer counted as written.</summary>
    public void Release(string relPath)
    {
        var full = FullPath(relPath);
        lock (_written) if (_written.Remove(relPath)) Bytes -= new FileInfo(full).Length;
    }

    /// <summary>Deletes a kept file this build turned out not to need.</summary>
    public void Delete(string relPath)
    {
        Release(relPath);
        File.Delete(FullPath(relPath));
    }

    /// <summary>Opens a file for streaming output (large downloads).</summary>
    public Stream Create(string relPath) => File.Create(Claim(relPath));

    /// <summary>Records a file written by someone else (DuckDB COPY) at a checked path.</summary>
    public void Register(string relPath)
    {
        FullPath(relPath);
        lock (_written) _written.Add(relPath);
    }
}
