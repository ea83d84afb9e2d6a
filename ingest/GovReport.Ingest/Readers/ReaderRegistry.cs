using GovReport.Ingest.Model;

namespace GovReport.Ingest.Readers;

/// <summary>Picks the reader for a file and runs it, turning any unexpected exception into a per-file failure.</summary>
public static class ReaderRegistry
{
    /// <summary>In order: binary containers (by magic bytes) before text.</summary>
    public static readonly IReadOnlyList<IReportReader> Default =
    [
        new PdfReader(),
        new DocxReader(),
        new HtmlReader(),
        new PlainTextReader(),
    ];

    /// <summary>Extensions a folder walk picks up; an explicitly named file is always tried.</summary>
    public static readonly HashSet<string> KnownExtensions = new(StringComparer.OrdinalIgnoreCase)
        { ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf", ".doc", ".wps", "" };

    public static ReadResult Read(string path, byte[] bytes)
    {
        string ext = Path.GetExtension(path);
        if (bytes.Length == 0) return ReadResult.Fail("empty file (0 bytes)");
        var head = bytes.AsSpan(0, Math.Min(bytes.Length, 4096));
        if (ext.Equals(".doc", StringComparison.OrdinalIgnoreCase) || ext.Equals(".wps", StringComparison.OrdinalIgnoreCase))
            if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
                return ReadResult.Fail($"legacy binary Word file ({ext}); save it as .docx to read it");
        foreach (var reader in Default)
        {
            if (!reader.CanRead(ext, head)) continue;
            try { return reader.Read(bytes); }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return ReadResult.Fail($"{reader.Form} reader failed: {ex.GetType().Name}: {ex.Message}");
            }
        }
        return ReadResult.Fail($"no reader for this file ({(ext.Length > 0 ? ext : "no extension")})");
    }
}
