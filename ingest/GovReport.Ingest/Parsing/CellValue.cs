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

    private static readonly string[] DashForms = ["-", "--", "—", "——", "–", "―", "一", "无", "－"];
    private static readonly string[] SlashForms = ["/", "\\", "／", "//"];

    /// <summary>Numbers from 10^14 up are not counts or amounts (and would not fit the database's DECIMAL(18,4)).</summary>
    public const decimal MaxMagnitude = 100_000_000_000_000m;

    public static string Clean(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return "";
        bool clean = true;
        foreach (char c in raw)
            if (!GovReport.Ingest.Text.Nfkc.IsStable(c) || char.IsWhiteSpace(c)) { clean = false; break; }
        if (clean) return raw; // nothing to normalize or strip: no copy
        string s = GovReport.Ingest.Text.Nfkc.Normalize(raw);
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
            if (!(char.IsWhiteSpace(c) || c is '\u00A0' or '\u3000' or '\u200B' or '\uFEFF')) sb.Append(c);
        return sb.ToString();
    }

    public static bool LooksLikeValue(string? raw)
    {
        string s = Clean(raw);
        return s.Length == 0 || DashForms.Contains(s) || SlashForms.Contains(s) || NumberPattern().IsMatch(s);
    }

    public static CellReading Read(string? raw)
    {
        string s = Clean(raw);
        if (s.Length == 0) return new(FactStatus.Blank, null, null, false);
        if (DashForms.Contains(s)) return new(FactStatus.Dash, null, null, false);
        if (SlashForms.Contains(s)) return new(FactStatus.NotApplicable, null, null, false);
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

    /// <summary>The factor that takes a written money unit to 元, or null when the unit is not a money unit.</summary>
    public static decimal? YuanFactor(string? unit) => unit switch
    {
        "元" => 1m,
        "万" or "万元" => 10_000m,
        "亿" or "亿元" => 100_000_000m,
        _ => null,
    };
}
