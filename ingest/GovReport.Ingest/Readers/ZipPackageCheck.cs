using System.IO.Compression;
using System.Text;
using System.Xml;

namespace GovReport.Ingest.Readers;

/// <summary>Bounds a package must stay within before any XML in it is parsed for content.</summary>
/// <param name="MaxUncompressedBytes">Total size of all entries once inflated, declared and measured.</param>
/// <param name="MaxEntries">Entries in the zip; a Word document has tens, a few hundred with many images.</param>
/// <param name="MaxCompressionRatio">Inflated/compressed size above which an entry is treated as a zip bomb…</param>
/// <param name="RatioCheckedFromBytes">…once it inflates to at least this much (tiny entries compress oddly).</param>
/// <param name="MaxXmlDepth">Element nesting of any XML part; real documents stay under ~40.</param>
public sealed record ZipLimits(
    long MaxUncompressedBytes = 200L * 1024 * 1024,
    int MaxEntries = 2000,
    double MaxCompressionRatio = 100,
    long RatioCheckedFromBytes = 1024 * 1024,
    int MaxXmlDepth = 256)
{
    public static readonly ZipLimits Default = new();
}

/// <summary>
/// Checks an Office Open XML package before it is opened: entry count, declared and measured sizes, compression
/// ratio, encryption, duplicate names, and that no XML part declares a DTD or nests absurdly deep. Sizes are
/// measured by inflating every entry, because a zip's declared sizes can lie. A pure function of the bytes.
/// </summary>
public static class ZipPackageCheck
{
    private static readonly byte[] CfbMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>Null when the package may be opened, else the reason to refuse it.</summary>
    public static string? Check(byte[] bytes, ZipLimits? limits = null)
    {
        limits ??= ZipLimits.Default;
        // A password-protected .docx is not a zip at all but an OLE compound file holding the encrypted package.
        if (bytes.AsSpan().StartsWith(CfbMagic))
            return "an OLE compound file, not a zip: a password-protected (encrypted) .docx or a legacy .doc; save it unprotected as .docx";
        if (!bytes.AsSpan().StartsWith("PK\u0003\u0004"u8))
            return "not a zip package (no PK\\x03\\x04 signature)";

        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            return CheckEntries(zip.Entries, limits);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            return $"corrupt zip package: {ex.Message}";
        }
    }

    private static string? CheckEntries(IReadOnlyCollection<ZipArchiveEntry> entries, ZipLimits limits)
    {
        if (entries.Count > limits.MaxEntries)
            return $"zip has {entries.Count} entries, more than the {limits.MaxEntries} allowed";
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long declared = 0;
        foreach (var e in entries)
        {
            if (!names.Add(e.FullName)) return $"zip has two entries named {e.FullName}";
            if (e.IsEncrypted) return $"zip entry {e.FullName} is encrypted";
            declared += e.Length;
            if (declared > limits.MaxUncompressedBytes)
                return $"zip would inflate to more than {limits.MaxUncompressedBytes / (1024 * 1024)} MB (declared sizes)";
            if (IsBomb(e.Length, e.CompressedLength, limits))
                return $"zip entry {e.FullName} inflates {e.CompressedLength} bytes to {e.Length} (ratio over {limits.MaxCompressionRatio}): refused as a zip bomb";
        }
        if (!names.Contains("[Content_Types].xml"))
            return "zip is not an Office Open XML package (no [Content_Types].xml)";

        long measured = 0;
        foreach (var e in entries)
        {
            string? problem;
            try { problem = Measure(e, limits, ref measured); }
            catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
            {
                return $"corrupt zip entry {e.FullName}: {ex.Message}";
            }
            if (problem is not null) return problem;
        }
        return null;
    }

    private static bool IsBomb(long length, long compressed, ZipLimits limits) =>
        length >= limits.RatioCheckedFromBytes && length > limits.MaxCompressionRatio * Math.Max(1, compressed);

    /// <summary>Inflates one entry, never past its declared size; XML parts are also parsed (no DTD, bounded depth).</summary>
    private static string? Measure(ZipArchiveEntry e, ZipLimits limits, ref long measured)
    {
        using var raw = e.Open();
        var bounded = new BoundedStream(raw, e.Length);
        bool xml = e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);
        string? problem = null;
        if (xml && e.Length > 0)
        {
            var head = new byte[(int)Math.Min(e.Length, 64 * 1024)];
            int n = bounded.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            problem = Prolog(head.AsSpan(0, n)) switch
            {
                PrologKind.Dtd => $"{e.FullName} declares a DTD (<!DOCTYPE>); Office Open XML parts may not, and DTDs are never processed",
                PrologKind.Unresolved => $"{e.FullName}: XML prolog not finished within its first {head.Length} bytes",
                _ => null,
            };
            if (problem is null)
                problem = ParseXml(new ConcatStream(head.AsMemory(0, n), bounded), e.FullName, limits);
        }
        // Drain what the XML parser left (or a binary entry) so the whole entry is measured.
        var buffer = new byte[81920];
        while (bounded.Read(buffer, 0, buffer.Length) > 0) { }
        if (bounded.Overflowed)
            return $"zip entry {e.FullName} inflates past its declared {e.Length} bytes: refused (sizes that lie are a zip-bomb technique)";
        measured += bounded.Count;
        if (measured > limits.MaxUncompressedBytes)
            return $"zip inflates to more than {limits.MaxUncompressedBytes / (1024 * 1024)} MB";
        if (problem is not null) return problem;
        if (IsBomb(bounded.Count, e.CompressedLength, limits))
            return $"zip entry {e.FullName} inflates {e.CompressedLength} bytes to {bounded.Count}: refused as a zip bomb";
        return null;
    }

    private static string? ParseXml(Stream s, string name, ZipLimits limits)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = false,
            IgnoreComments = true, IgnoreWhitespace = true,
        };
        try
        {
            using var reader = XmlReader.Create(s, settings);
            while (reader.Read())
                if (reader.Depth > limits.MaxXmlDepth)
                    return $"{name} nests elements deeper than {limits.MaxXmlDepth} levels";
        }
        catch (XmlException ex)
        {
            return $"{name} is not well-formed XML: {ex.Message}";
        }
        return null;
    }

    internal enum PrologKind { NoDtd, Dtd, Unresolved }

    /// <summary>Whether the XML prolog (before the root element) holds a DOCTYPE; the head is decoded by its BOM.</summary>
    internal static PrologKind Prolog(ReadOnlySpan<byte> head)
    {
        string s = head switch
        {
            [0xFF, 0xFE, ..] => Encoding.Unicode.GetString(head[2..]),
            [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode.GetString(head[2..]),
            [0xEF, 0xBB, 0xBF, ..] => Encoding.UTF8.GetString(head[3..]),
            _ => Encoding.UTF8.GetString(head),
        };
        int i = 0;
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            if (i >= s.Length) return PrologKind.Unresolved;
            if (string.CompareOrdinal(s, i, "<?", 0, 2) == 0) i = Skip(s, i, "?>");
            else if (string.CompareOrdinal(s, i, "<!--", 0, 4) == 0) i = Skip(s, i, "-->");
            else if (string.CompareOrdinal(s, i, "<!DOCTYPE", 0, 9) == 0) return PrologKind.Dtd;
            else return PrologKind.NoDtd; // the root element (or text the XML parser will reject)
            if (i < 0) return PrologKind.Unresolved;
        }
    }

    private static int Skip(string s, int from, string end)
    {
        int at = s.IndexOf(end, from + 2, StringComparison.Ordinal);
        return at < 0 ? -1 : at + end.Length;
    }

    /// <summary>
    /// Counts what is read and stops one byte past the declared length. The .NET zip reader itself ends an entry at
    /// its declared size (a lying entry arrives cut short and fails as XML); this keeps the bound if that changes.
    /// </summary>
    private sealed class BoundedStream(Stream inner, long declared) : Stream
    {
        public long Count { get; private set; }
        public bool Overflowed { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Overflowed) return 0;
            long room = declared + 1 - Count;
            int n = inner.Read(buffer, offset, (int)Math.Min(count, room));
            Count += n;
            if (Count > declared) { Overflowed = true; Count = declared; return 0; }
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The already-read head, then the rest of the entry.</summary>
    private sealed class ConcatStream(ReadOnlyMemory<byte> head, Stream rest) : Stream
    {
        private int _pos;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_pos < head.Length)
            {
                int n = Math.Min(count, head.Length - _pos);
                head.Span.Slice(_pos, n).CopyTo(buffer.AsSpan(offset, n));
                _pos += n;
                return n;
            }
            return rest.Read(buffer, offset, count);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
