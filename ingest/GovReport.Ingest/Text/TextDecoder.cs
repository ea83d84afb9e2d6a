using System.Text;

namespace GovReport.Ingest.Text;

/// <summary>The decoded text of a file, or why there is none.</summary>
public sealed record DecodedText(string? Text, string? Encoding, string? Failure);

/// <summary>
/// Bytes to text: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM or zero-byte pattern), else GB18030.
/// Binary content is refused with a reason instead of producing mojibake.
/// </summary>
public static class TextDecoder
{
    static TextDecoder() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return new(null, null, "empty file (0 bytes)");

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return Utf8(bytes[3..], "utf-8-bom");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Utf16(bytes[2..], bigEndian: false, "utf-16le");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Utf16(bytes[2..], bigEndian: true, "utf-16be");

        // UTF-16 without BOM: Chinese text in UTF-16 has many zero bytes on one side when it holds ASCII.
        if (LooksLikeUtf16(bytes, out bool be)) return Utf16(bytes, be, be ? "utf-16be" : "utf-16le");

        if (bytes.IndexOf((byte)0) >= 0) return new(null, null, "binary file (contains NUL bytes), not text");

        try
        {
            return Check(StrictUtf8.GetString(bytes), "utf-8");
        }
        catch (DecoderFallbackException)
        {
            // Not valid UTF-8: the other encoding Chinese agencies publish in.
        }
        // A file pasted together from a UTF-8 and a GB18030 source: each line in the encoding it is valid in.
        if (Mixed(bytes) is { } mixed) return Check(mixed, "utf-8+gb18030 (mixed by line)");
        string gb = System.Text.Encoding.GetEncoding("GB18030").GetString(bytes);
        return Check(gb, "gb18030");
    }

    /// <summary>Multibyte UTF-8 characters the valid lines must hold before a file counts as mixed: a short GB18030
    /// line can be valid UTF-8 by chance, twenty characters of it cannot.</summary>
    private const int MixedEvidence = 20;

    /// <summary>
    /// The text when some non-ASCII lines are valid UTF-8 (with enough multibyte characters to be sure) and others are
    /// not; null otherwise (a plain GB18030 file). Lines valid in UTF-8 are read as UTF-8, the others as GB18030.
    /// </summary>
    private static string? Mixed(ReadOnlySpan<byte> bytes)
    {
        var gb = System.Text.Encoding.GetEncoding("GB18030");
        int utf8Chars = 0;
        bool invalid = false;
        var sb = new StringBuilder(bytes.Length);
        var rest = bytes;
        while (rest.Length > 0)
        {
            int nl = rest.IndexOf((byte)'\n');
            var line = nl < 0 ? rest : rest[..(nl + 1)];
            rest = nl < 0 ? [] : rest[(nl + 1)..];
            if (System.Text.Unicode.Utf8.IsValid(line))
            {
                string t = StrictUtf8.GetString(line);
                foreach (char c in t) if (c > 0x7F) utf8Chars++;
                sb.Append(t);
            }
            else
            {
                invalid = true;
                sb.Append(gb.GetString(line));
            }
        }
        return invalid && utf8Chars >= MixedEvidence ? sb.ToString() : null;
    }

    private static DecodedText Utf8(ReadOnlySpan<byte> bytes, string name)
    {
        try { return Check(StrictUtf8.GetString(bytes), name); }
        catch (DecoderFallbackException) { return Check(System.Text.Encoding.UTF8.GetString(bytes), name + " (invalid bytes replaced)"); }
    }

    private static DecodedText Utf16(ReadOnlySpan<byte> bytes, bool bigEndian, string name)
    {
        if (bytes.Length % 2 == 1) bytes = bytes[..^1];
        var enc = new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: false);
        return Check(enc.GetString(bytes), name);
    }

    private static bool LooksLikeUtf16(ReadOnlySpan<byte> bytes, out bool bigEndian)
    {
        bigEndian = false;
        int n = Math.Min(bytes.Length & ~1, 4096);
        if (n < 8) return false;
        int evenZeros = 0, oddZeros = 0;
        for (int i = 0; i < n; i += 2)
        {
            if (bytes[i] == 0) evenZeros++;
            if (bytes[i + 1] == 0) oddZeros++;
        }
        int pairs = n / 2;
        if (oddZeros > pairs / 4 && evenZeros < pairs / 50) { bigEndian = false; return true; }
        if (evenZeros > pairs / 4 && oddZeros < pairs / 50) { bigEndian = true; return true; }
        return false;
    }

    private static readonly System.Buffers.SearchValues<char> Bad = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(i => (char)i).Where(c => c is not ('\n' or '\r' or '\t' or '\f')), '\uFFFD']);

    /// <summary>Refuses text that is mostly control characters or replacement characters: a binary file.</summary>
    private static DecodedText Check(string text, string encoding)
    {
        int bad = 0, sample = Math.Min(text.Length, 20000);
        // Counted where they are (a vectorised search from one to the next): the control characters (Cc: U+0000–001F
        // and U+007F–009F) other than \n \r \t \f, and U+FFFD.
        var rest = text.AsSpan(0, sample);
        for (int at = rest.IndexOfAny(Bad); at >= 0; at = rest.IndexOfAny(Bad))
        {
            bad++;
            rest = rest[(at + 1)..];
        }
        if (sample > 0 && bad * 10 > sample) return new(null, encoding, $"binary or undecodable content ({bad} of the first {sample} characters are control or invalid)");
        return new(text, encoding, null);
    }
}
