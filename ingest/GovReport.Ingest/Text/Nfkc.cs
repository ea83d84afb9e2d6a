using System.Text;

namespace GovReport.Ingest.Text;

/// <summary>
/// Unicode NFKC with a fast path: text made only of characters NFKC leaves as they are (ASCII, the CJK unified
/// ideographs, the common CJK punctuation) or maps one to one (the full-width forms of ASCII, U+FF01–FF5E, and the
/// ideographic space) is converted here without a call into ICU, which was the largest single cost of parsing a
/// report. The result is always the same as <see cref="string.Normalize(NormalizationForm)"/> (tested over every
/// character the fast path takes).
/// </summary>
public static class Nfkc
{
    public static string Normalize(string s)
    {
        bool mapped = false;
        foreach (char c in s)
        {
            if (IsStable(c)) continue;
            if (MapsToAscii(c)) { mapped = true; continue; }
            return s.Normalize(NormalizationForm.FormKC);
        }
        if (!mapped) return s;
        return string.Create(s.Length, s, static (span, src) =>
        {
            for (int i = 0; i < src.Length; i++) span[i] = Map(src[i]);
        });
    }

    /// <summary>True for a character that NFKC maps to itself and that never composes with a neighbour.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool IsStable(char c) => c < '\u0080' || c is >= '\u4E00' and <= '\u9FFF' || IsStablePunctuation(c);

    private static bool IsStablePunctuation(char c) =>
        c is '、' or '。' or '“' or '”' or '‘' or '’' or '《' or '》' or '「' or '」' or '『' or '』' or '【' or '】' or '〔' or '〕' or '—' or '·'
            or '〈' or '〉' or '〇';

    /// <summary>True for a character NFKC maps to a single ASCII character: full-width ASCII and U+3000.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool MapsToAscii(char c) => c is >= '\uFF01' and <= '\uFF5E' or '\u3000';

    /// <summary>What NFKC makes of a character of the fast path (<see cref="IsStable"/> or <see cref="MapsToAscii"/>).</summary>
    internal static char Map(char c) => c == '\u3000' ? ' ' : MapsToAscii(c) ? (char)(c - 0xFEE0) : c;
}
