using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GovReport.Ingest.Model;

namespace GovReport.Ingest.Parsing;

/// <summary>A cell read as a value: status, number, unit as written and approximation marker.</summary>
public sealed record CellReading(string Status, decimal? Number, string? Unit, bool Approximate, string? Problem = null);

/// <summary>Reads one table cell (reference §8.2, §8.3): numbers, signed deltas, placeholders, units, 余/约/多/左右.</summary>
public static partial class CellValue
{
    // [约]  [+-]number  [余|多]  [万|亿]  [余|多]  [元|件|个|项|条|次]  [余|左右]
    [GeneratedRegex(@"^(?<pre>约|大约|近)?(?<sign>[+\-])?(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?<a1>余|多)?(?<mag>万|亿)?(?<a2>余|多)?(?<unit>元|件|个|项|条|次|宗|起)?(?<post>左右|余)?$")]
    private static partial Regex NumberPattern();

    private static bool IsDash(string s) => s is "-" or "--" or "—" or "——" or "–" or "―" or "一" or "无" or "－";
    private static bool IsSlash(string s) => s is "/" or "\\" or "／" or "//";

    /// <summary>Numbers from 10^14 up are not counts or amounts (and would not fit the database's DECIMAL(18,4)).</summary>
    public const decimal MaxMagnitude = 100_000_000_000_000m;

    public static string Clean(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return "";
        bool clean = true;
        foreach (char c in raw)
            if (!GovReport.Ingest.Text.Nfkc.IsStable(c) || GovReport.Ingest.Text.Chars.IsWhiteSpace(c)) { clean = false; break; }
        if (clean) return raw; // nothing to normalize or strip: no copy
        string s = GovReport.Ingest.Text.Nfkc.Normalize(raw);
        var sb = new GovReport.Ingest.Text.CharBuffer(stackalloc char[256], s.Length);
        foreach (char c in s)
            if (!(GovReport.Ingest.Text.Chars.IsWhiteSpace(c) || c is '\u00A0' or '\u3000' or '\u200B' or '\uFEFF')) sb.Append(c);
        string result = sb.ToString();
        sb.Dispose();
        return result;
    }

    public static bool LooksLikeValue(string? raw)
    {
        string s = Clean(raw);
        if (NotANumber(s) is not null) return true;
        return Scan(s, out _) switch
        {
            Scanned.Number => true,
            Scanned.NoMatch => false,
            _ => NumberPattern().IsMatch(s),
        };
    }

    /// <summary>Blank, dash and not-applicable cells, shared by every reading (no allocation).</summary>
    private static readonly CellReading BlankReading = new(FactStatus.Blank, null, null, false),
        DashReading = new(FactStatus.Dash, null, null, false), NotApplicableReading = new(FactStatus.NotApplicable, null, null, false);

    /// <summary>The reading of a blank, dash or not-applicable cell (cleaned), or null for any other.</summary>
    private static CellReading? NotANumber(string s) =>
        s.Length == 0 ? BlankReading : IsDash(s) ? DashReading : IsSlash(s) ? NotApplicableReading : null;

    public static CellReading Read(string? raw)
    {
        string s = Clean(raw);
        if (NotANumber(s) is { } special) return special;
        switch (Scan(s, out var n))
        {
            case Scanned.NoMatch: return new(FactStatus.Unreadable, null, null, false, $"not a number: “{raw?.Trim()}”");
            case Scanned.Number: return FromParts(s, raw, n);
        }
        return ReadByPattern(s, raw);
    }

    /// <summary>The reading by <see cref="NumberPattern"/> itself: what <see cref="Read"/> gives for every cell. Read takes it
    /// only for the cells <see cref="Scan"/> leaves to the pattern (digits other than ASCII ones); kept public as the
    /// reference the scanner is tested against.</summary>
    public static CellReading ReadByPattern(string? raw)
    {
        string s = Clean(raw);
        return NotANumber(s) ?? ReadByPattern(s, raw);
    }

    private static CellReading ReadByPattern(string s, string? raw)
    {
        var m = NumberPattern().Match(s);
        if (!m.Success) return new(FactStatus.Unreadable, null, null, false, $"not a number: “{raw?.Trim()}”");
        if (!decimal.TryParse(m.Groups["num"].Value.Replace(",", ""), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            return new(FactStatus.Unreadable, null, null, false, $"number out of range: “{raw?.Trim()}”");
        if (n >= MaxMagnitude)
            return new(FactStatus.Unreadable, null, null, false, $"number too large to be a count or an amount: “{raw?.Trim()}”");
        if (m.Groups["sign"].Value == "-") n = -n;
        bool approx = m.Groups["pre"].Success || m.Groups["a1"].Success || m.Groups["a2"].Success || m.Groups["post"].Success;
        string mag = m.Groups["mag"].Value, unit = m.Groups["unit"].Value;
        string? writtenUnit = (mag + unit) is { Length: > 0 } u ? u : null;
        return new(FactStatus.Reported, n, writtenUnit, approx);
    }

    private enum Scanned { NoMatch, Number, AskPattern }

    /// <summary>Where <see cref="NumberPattern"/> would put the parts of a cell: the number's span, its sign, the magnitude
    /// and unit as written, and whether a marker of approximation (约, 余, 多, 左右) is there.</summary>
    private readonly record struct NumberParts(int NumStart, int NumEnd, bool Negative, bool Approximate, string? Mag, string? Unit, bool HasComma, bool HasPoint);

    /// <summary>
    /// <see cref="NumberPattern"/> as a scan, without a Match: whole-cell, so every optional part is taken when its
    /// character is there and given up only where giving it up cannot help (the parts after the number are characters
    /// the number cannot hold, and 余 or 多 taken early leaves every later part still possible), which makes the scan's
    /// answer the pattern's. Any digit other than 0–9 (the pattern's <c>\d</c> takes every Unicode decimal digit) is
    /// left to the pattern.
    /// </summary>
    private static Scanned Scan(string s, out NumberParts parts)
    {
        parts = default;
        foreach (char c in s)
            if (c > '\u007F' && char.IsDigit(c)) return Scanned.AskPattern;
        int i = 0, n = s.Length;
        bool approx = false, negative = false;
        if (s.StartsWith("大约", StringComparison.Ordinal)) { i = 2; approx = true; }
        else if (n > 0 && s[0] is '约' or '近') { i = 1; approx = true; }
        if (i < n && s[i] is '+' or '-') { negative = s[i] == '-'; i++; }
        int numStart = i;
        int digits = Digits(s, i);
        bool comma = false, point = false;
        if (digits == 0)
        {
            // \.\d+
            if (i >= n || s[i] != '.' || Digits(s, i + 1) == 0) return Scanned.NoMatch;
            point = true;
            i += 1 + Digits(s, i + 1);
        }
        else
        {
            i += digits;
            // \d{1,3}(?:,\d{3})+ : every group of three, as many as there are (a comma left over matches nothing later)
            if (digits <= 3)
                while (i + 3 < n && s[i] == ',' && Digits(s, i + 1) >= 3) { i += 4; comma = true; }
            // (?:\.\d+)?
            if (i < n && s[i] == '.' && Digits(s, i + 1) > 0) { point = true; i += 1 + Digits(s, i + 1); }
        }
        int numEnd = i;
        string? mag = null, unit = null;
        if (i < n && s[i] is '余' or '多') { approx = true; i++; }
        if (i < n && s[i] is '万' or '亿') { mag = s[i] == '万' ? "万" : "亿"; i++; }
        if (i < n && s[i] is '余' or '多') { approx = true; i++; }
        if (i < n && UnitOf(s[i]) is { } u) { unit = u; i++; }
        if (i + 1 < n && s[i] == '左' && s[i + 1] == '右') { approx = true; i += 2; }
        else if (i < n && s[i] == '余') { approx = true; i++; }
        if (i != n) return Scanned.NoMatch;
        parts = new NumberParts(numStart, numEnd, negative, approx, mag, unit, comma, point);
        return Scanned.Number;
    }

    private static int Digits(string s, int from)
    {
        int i = from;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i - from;
    }

    private static string? UnitOf(char c) => c switch
    {
        '元' => "元", '件' => "件", '个' => "个", '项' => "项", '条' => "条", '次' => "次", '宗' => "宗", '起' => "起",
        _ => null,
    };

    private static CellReading FromParts(string s, string? raw, NumberParts p)
    {
        var num = s.AsSpan(p.NumStart, p.NumEnd - p.NumStart);
        decimal n;
        if (!p.HasComma && !p.HasPoint && num.Length <= 18)
        {
            long v = 0;
            foreach (char c in num) v = v * 10 + (c - '0');
            n = v;
        }
        else if (!decimal.TryParse(p.HasComma ? num.ToString().Replace(",", "") : num, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out n))
            return new(FactStatus.Unreadable, null, null, false, $"number out of range: “{raw?.Trim()}”");
        if (n >= MaxMagnitude)
            return new(FactStatus.Unreadable, null, null, false, $"number too large to be a count or an amount: “{raw?.Trim()}”");
        if (p.Negative) n = -n;
        string? writtenUnit = p.Mag is null ? p.Unit : p.Unit is null ? p.Mag : p.Mag + p.Unit;
        return new(FactStatus.Reported, n, writtenUnit, p.Approximate);
    }

    /// <summary>The factor that takes a written money unit to 元, or null when the unit is not a money unit.</summary>
    public static decimal? YuanFactor(string? unit) => unit switch
    {
        "元" => 1m,
        "万" or "万元" => 10_000m,
        "亿" or "亿元" => 100_000_000m,
        _ => null,
    };
}
