using System.Text;

namespace GovReport.Ingest.Parsing;

/// <summary>
/// Folds a label for tolerant matching (reference §8.5): NFKC (full-width brackets and digits to half-width),
/// no whitespace, NBSP or U+3000, <c>1、</c> read as <c>1.</c>, and the Traditional-Chinese mirror forms of the words
/// the template uses. The raw label is kept elsewhere; this is only for comparing.
/// </summary>
public static class Label
{
    private static readonly (string From, string To)[] Traditional =
    [
        ("規範性檔案", "规范性文件"), ("規範性文件", "规范性文件"), ("檔案", "文件"), ("規章", "规章"), ("許可", "许可"),
        ("處罰", "处罚"), ("強制", "强制"), ("收費", "收费"), ("採購", "采购"), ("數量", "数量"), ("項", "项"),
        ("條", "条"), ("總計", "总计"), ("結轉", "结转"), ("申請", "申请"), ("處理", "处理"), ("公開", "公开"),
        ("資訊", "信息"), ("內容", "内容"), ("對外", "对外"), ("決定", "决定"), ("號", "号"), ("與", "与"),
    ];

    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (AlreadyFolded(text)) return text;
        return FoldOnFastPath(text) ?? FoldNormalized(text);
    }

    /// <summary><see cref="FoldNormalized"/> in one pass for text that NFKC maps character by character (see
    /// <see cref="GovReport.Ingest.Text.Nfkc"/>): each character mapped and filtered at once, without the normalised copy.
    /// Null when some character is not on that path.</summary>
    private static string? FoldOnFastPath(string text)
    {
        var sb = new GovReport.Ingest.Text.CharBuffer(stackalloc char[256], text.Length);
        bool traditional = false;
        foreach (char raw in text)
        {
            if (!GovReport.Ingest.Text.Nfkc.IsStable(raw) && !GovReport.Ingest.Text.Nfkc.MapsToAscii(raw))
            {
                sb.Dispose();
                return null;
            }
            traditional |= IsTraditional(Append(ref sb, GovReport.Ingest.Text.Nfkc.Map(raw)));
        }
        string s = sb.ToString();
        sb.Dispose();
        if (traditional)
            foreach (var (from, to) in Traditional) s = s.Replace(from, to, StringComparison.Ordinal);
        return s;
    }

    /// <summary>One normalised character of a fold: spaces dropped, 、 after a digit read as a point ("1、属于国家秘密" →
    /// "1.属于国家秘密"), quotes made one; the character appended, or '\0' when dropped.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static char Append(ref GovReport.Ingest.Text.CharBuffer sb, char c)
    {
        if (GovReport.Ingest.Text.Chars.IsWhiteSpace(c) || c is '\u00A0' or '\u3000' or '\u200B' or '\uFEFF') return '\0';
        if (c == '、' && sb.Length > 0 && char.IsAsciiDigit(sb.Last)) c = '.';
        if (c is '“' or '”' or '"' or '「' or '」') c = '"';
        sb.Append(c);
        return c;
    }

    private static string FoldNormalized(string text)
    {
        string s = GovReport.Ingest.Text.Nfkc.Normalize(text);
        var sb = new GovReport.Ingest.Text.CharBuffer(stackalloc char[256], s.Length);
        foreach (char c in s) Append(ref sb, c);
        s = sb.ToString();
        sb.Dispose();
        if (s.Length > 0 && NeedsTraditional(s))
            foreach (var (from, to) in Traditional) s = s.Replace(from, to, StringComparison.Ordinal);
        return s;
    }

    /// <summary>True when folding would return the text unchanged (the common case: digits and simplified labels),
    /// so no copy is made.</summary>
    private static bool AlreadyFolded(string s)
    {
        char previous = '\0';
        foreach (char c in s)
        {
            if (!GovReport.Ingest.Text.Nfkc.IsStable(c) || GovReport.Ingest.Text.Chars.IsWhiteSpace(c) || c is '“' or '”' or '"' or '「' or '」'
                || c == '、' && char.IsAsciiDigit(previous) || IsTraditional(c)) return false;
            previous = c;
        }
        return true;
    }

    private const string TraditionalChars = "規範檔許處罰強費採購數項條總結轉請開資訊內對決號與";

    /// <summary>One bit per UTF-16 code unit: set for the characters of <see cref="TraditionalChars"/>.</summary>
    private static readonly ulong[] TraditionalBits = MakeBits(TraditionalChars);

    private static ulong[] MakeBits(string chars)
    {
        var bits = new ulong[1024];
        foreach (char c in chars) bits[c >> 6] |= 1UL << (c & 63);
        return bits;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsTraditional(char c) => (TraditionalBits[c >> 6] & (1UL << (c & 63))) != 0;

    private static bool NeedsTraditional(string s)
    {
        foreach (char c in s)
            if (c is '規' or '範' or '檔' or '許' or '處' or '罰' or '強' or '費' or '採' or '購' or '數' or '項' or '條' or '總' or '結' or '轉' or '請' or '開' or '資' or '訊' or '內' or '對' or '決' or '號' or '與')
                return true;
        return false;
    }

    /// <summary>True when the cell holds some letter-like text (a label), not just a number, sign or placeholder.</summary>
    public static bool IsTextual(string folded)
    {
        foreach (char c in folded)
            if (c >= '\u4E00' && c <= '\u9FFF' || char.IsLetter(c) && c is not ('万' or '元')) return !CellValue.LooksLikeValue(folded);
        return false;
    }
}
