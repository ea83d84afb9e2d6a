using System.Runtime.CompilerServices;

namespace GovReport.Ingest.Text;

internal static class Chars
{
    /// <summary><see cref="char.IsWhiteSpace(char)"/>, answered at once for the CJK unified ideographs (none is white
    /// space), which otherwise each take a lookup in the Unicode tables.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWhiteSpace(char c) => (c < '\u4E00' || c > '\u9FFF') && char.IsWhiteSpace(c);
}
