using SkiaSharp;

namespace GovReport.Charts;

/// <summary>The one font every chart uses, checked once: without it Chinese labels render as empty boxes (tofu).</summary>
public static class ChartFont
{
    /// <summary>Noto Sans CJK SC from Debian's fonts-noto-cjk (scripts/setup.sh installs it).</summary>
    public const string Family = "Noto Sans CJK SC";

    private static readonly Lazy<string?> Problem = new(() => FindProblem(Family));

    /// <summary>Throws a clear <see cref="InvalidOperationException"/> when the font is missing.</summary>
    public static void EnsureInstalled()
    {
        if (Problem.Value is { } problem) throw new InvalidOperationException(problem);
    }

    /// <summary>
    /// Radicals (U+2E80–U+2FDF) and compatibility ideographs (U+F900–U+FAFF) whose glyph in this font is also the
    /// glyph of a unified ideograph (U+4E00–U+9FFF, then U+3400–U+4DBF), mapped to that ideograph.
    /// </summary>
    internal static IReadOnlyDictionary<char, char> SharedGlyphIdeographs => SharedGlyphs.Value;

    private static readonly Lazy<IReadOnlyDictionary<char, char>> SharedGlyphs = new(BuildSharedGlyphs);

    internal static bool IsRadicalOrCompatibility(char c) => c is >= '\u2E80' and <= '\u2FDF' or >= '\uF900' and <= '\uFAFF';

    private static IReadOnlyDictionary<char, char> BuildSharedGlyphs()
    {
        EnsureInstalled();
        using var typeface = SKFontManager.Default.MatchFamily(Family)!;
        var byGlyph = new Dictionary<ushort, char>();
        foreach (var (from, to) in new[] { ('\u4E00', '\u9FFF'), ('\u3400', '\u4DBF') })
        {
            string block = string.Concat(Enumerable.Range(from, to - from + 1).Select(i => (char)i));
            ushort[] glyphs = typeface.GetGlyphs(block);
            for (int i = 0; i < glyphs.Length; i++)
                if (glyphs[i] != 0) byGlyph.TryAdd(glyphs[i], block[i]);
        }
        var map = new Dictionary<char, char>();
        foreach (var (from, to) in new[] { ('\u2E80', '\u2FDF'), ('\uF900', '\uFAFF') })
        {
            string block = string.Concat(Enumerable.Range(from, to - from + 1).Select(i => (char)i));
            ushort[] glyphs = typeface.GetGlyphs(block);
            for (int i = 0; i < glyphs.Length; i++)
                if (glyphs[i] != 0 && byGlyph.TryGetValue(glyphs[i], out char ideograph)) map[block[i]] = ideograph;
        }
        return map;
    }

    /// <summary>Why <paramref name="family"/> cannot draw the charts' Chinese text, or null when it can.</summary>
    internal static string? FindProblem(string family)
    {
        using var typeface = SKFontManager.Default.MatchFamily(family);
        if (typeface is null || !string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase))
            return $"The chart font \"{family}\" is not installed (found \"{typeface?.FamilyName ?? "none"}\"), so Chinese text "
                 + "would render as boxes. Run scripts/setup.sh (as root; it installs Debian's fonts-noto-cjk).";
        if (!typeface.ContainsGlyphs("街道办事处"))
            return $"The font \"{family}\" has no glyphs for Chinese text. Run scripts/setup.sh to install fonts-noto-cjk.";
        return null;
    }
}
