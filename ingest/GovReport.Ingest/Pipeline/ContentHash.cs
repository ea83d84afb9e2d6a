using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace GovReport.Ingest.Pipeline;

/// <summary>
/// A file's SHA-256 as four words. Ingest holds one per file of the corpus for the whole run: 32 bytes each instead
/// of a 64-character string (≈ 150 bytes on the heap), so memory grows little with the corpus.
/// </summary>
public readonly record struct ContentHash(ulong A, ulong B, ulong C, ulong D)
{
    public static ContentHash Of(ReadOnlySpan<byte> data)
    {
        Span<byte> h = stackalloc byte[32];
        SHA256.HashData(data, h);
        return From(h);
    }

    public static ContentHash Of(Stream stream)
    {
        Span<byte> h = stackalloc byte[32];
        SHA256.HashData(stream, h);
        return From(h);
    }

    /// <summary>From the 64 hex digits stored in the database.</summary>
    public static ContentHash Parse(string hex) => From(Convert.FromHexString(hex));

    private static ContentHash From(ReadOnlySpan<byte> h) => new(
        BinaryPrimitives.ReadUInt64BigEndian(h), BinaryPrimitives.ReadUInt64BigEndian(h[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(h[16..]), BinaryPrimitives.ReadUInt64BigEndian(h[24..]));

    /// <summary>The report id: the first 16 hex digits of the hash, as a number (<see cref="ReportIds"/>).</summary>
    public ulong Id => A;

    /// <summary>The 64 lower-case hex digits, as stored.</summary>
    public override string ToString() => string.Create(64, this, (s, h) =>
    {
        h.A.TryFormat(s, out _, "x16", CultureInfo.InvariantCulture);
        h.B.TryFormat(s[16..], out _, "x16", CultureInfo.InvariantCulture);
        h.C.TryFormat(s[32..], out _, "x16", CultureInfo.InvariantCulture);
        h.D.TryFormat(s[48..], out _, "x16", CultureInfo.InvariantCulture);
    });
}

/// <summary>A report id is the first 16 hex digits of its file's SHA-256: held as a number where ingest keeps a set of
/// every stored id (8 bytes instead of a 16-character string).</summary>
public static class ReportIds
{
    public static ulong Parse(string id) => ulong.Parse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    public static string Format(ulong id) => id.ToString("x16", CultureInfo.InvariantCulture);
}
