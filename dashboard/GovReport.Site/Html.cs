using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GovReport.Site;

/// <summary>Escaping and formatting. Everything that came from a report goes through <see cref="E"/>.</summary>
public static class Html
{
    /// <summary>What a character becomes in HTML text and quoted attribute values, or null when it stays as it is.</summary>
    private static string? Escape(char c) => c switch
    {
        '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\'' => "&#39;",
        // Control characters other than tab and newline cannot appear in HTML text.
        < ' ' and not '\t' and not '\n' => "\uFFFD",
        _ => null,
    };

    /// <summary>HTML-escapes text for element content and quoted attribute values.</summary>
    public static string E(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        for (int i = 0; i < s.Length; i++)
            if (Escape(s[i]) is not null)
            {
                // Only text that needs escaping is copied.
                var sb = new StringBuilder(s.Length + 16);
                AppendE(sb, s);
                return sb.ToString();
            }
        return s;
    }

    /// <summary><see cref="E"/> appended straight to a builder (source pages: tens of millions of lines).</summary>
    public static void AppendE(StringBuilder sb, ReadOnlySpan<char> s)
    {
        int from = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (Escape(s[i]) is not { } rep) continue;
            sb.Append(s[from..i]).Append(rep);
            from = i + 1;
        }
        sb.Append(s[from..]);
    }

    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly System.Buffers.SearchValues<char> SlugChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>A number as a person reads it: thousands separators, decimals only when there are any.</summary>
    public static string Num(double v)
    {
        if (double.IsNaN(v) || double.IsInfinity(v)) return "—";
        if (Math.Abs(v - Math.Round(v)) < 1e-9) return Math.Round(v).ToString("#,0", Inv);
        return v.ToString("#,0.##", Inv);
    }

    public static string Num(decimal v) => v == decimal.Truncate(v) ? v.ToString("#,0", Inv) : v.ToString("#,0.####", Inv);

    public static string Pct(double v) => (v * 100).ToString("0.#", Inv) + "%";

    /// <summary>Plain number for data-v sort keys and CSV (no separators).</summary>
    public static string Raw(double v) => v.ToString("R", Inv);

    /// <summary>A short stable id from text: file names never contain report text itself.</summary>
    public static string Hash(string s, int hexChars = 10)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..hexChars];

    /// <summary>Keeps [A-Za-z0-9_-] only: for ids that should be ASCII already (metric ids, region codes, report ids).</summary>
    public static string Slug(string s)
    {
        // Ids are nearly always clean already: return them as they are.
        if (s.Length is > 0 and <= 80 && s.AsSpan().IndexOfAnyExcept(SlugChars) < 0) return s;
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s) if (char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_') sb.Append(ch);
        if (sb.Length == 0 || sb.Length > 80) return "x" + Hash(s);
        return sb.ToString();
    }

    public static string Severity(string? s) => s switch
    {
        "error" => "错误",
        "warning" => "警告",
        "info" => "提示",
        _ => E(s),
    };

    public static string ReviewState(string? s) => s switch
    {
        "open" or null => "待审核",
        "confirmed" => "已确认",
        "dismissed" => "已排除",
        _ => E(s),
    };

    public static string CheckStatus(string? s) => s switch
    {
        "passed" => "通过",
        "failed" => "未通过",
        "not_applicable" => "不适用",
        _ => E(s),
    };

    public static string FactStatus(string? s) => s switch
    {
        "blank" => "（空）",
        "dash" => "－",
        "not_applicable" => "不适用",
        "unreadable" => "无法读取",
        _ => E(s),
    };
}
