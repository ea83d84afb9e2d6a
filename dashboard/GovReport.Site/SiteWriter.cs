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
    private readonly string _root;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private static readonly UTF8Encoding Utf8 = new(false);

    public SiteWriter(string outDir)
    {
        _root = Path.GetFullPath(outDir);
        if (Directory.Exists(_root) && Directory.EnumerateFileSystemEntries(_root).Any())
        {
            // Rebuild from empty so a page that no longer exists does not linger; only ever in our own folder.
            if (!File.Exists(Path.Combine(_root, Marker)))
                throw new IOException($"{outDir} is not empty and is not a govreport site folder (no {Marker}); choose an empty or new folder");
            foreach (var d in Directory.EnumerateDirectories(_root)) Directory.Delete(d, recursive: true);
            foreach (var f in Directory.EnumerateFiles(_root)) File.Delete(f);
        }
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, Marker), "govreport site output; the folder is emptied on every build\n");
    }

    public string RootDir => _root;
    public IReadOnlyCollection<string> Written => _written;
    public long Bytes { get; private set; }

    [GeneratedRegex(@"^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*(/[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*)*\z")]
    private static partial Regex SafePath();

    public string FullPath(string relPath)
    {
        if (!SafePath().IsMatch(relPath) || relPath.Split('/').Any(p => p is "." or ".."))
            throw new ArgumentException($"unsafe site path: {relPath}");
        var full = Path.GetFullPath(Path.Combine(_root, relPath));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"site path outside the output folder: {relPath}");
        return full;
    }

    public void Text(string relPath, string content) => Bytes_(relPath, Utf8.GetBytes(content));

    public void Bytes_(string relPath, byte[] content)
    {
        var full = FullPath(relPath);
        lock (_written) if (!_written.Add(relPath)) throw new InvalidOperationException($"site file written twice: {relPath}");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        lock (_written) Bytes += content.Length;
    }

    /// <summary>Opens a file for streaming output (large downloads).</summary>
    public Stream Create(string relPath)
    {
        var full = FullPath(relPath);
        lock (_written) if (!_written.Add(relPath)) throw new InvalidOperationException($"site file written twice: {relPath}");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return File.Create(full);
    }

    /// <summary>Records a file written by someone else (DuckDB COPY) at a checked path.</summary>
    public void Register(string relPath)
    {
        FullPath(relPath);
        lock (_written) _written.Add(relPath);
    }
}
