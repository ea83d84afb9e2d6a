using GovReport.Ingest.Model;

namespace GovReport.Ingest.Parsing;

/// <summary>The splits of one run into cells; <see cref="Truncated"/> when there were more than the cap.</summary>
public sealed record SplitSet(IReadOnlyList<string[]> Candidates, bool Truncated);

/// <summary>
/// Enumerates the ways a run-together digit run (<c>3960181</c>) can be cut into a row's cells under the hard rules of
/// how numbers are printed (issue 13): no leading zero except a lone <c>0</c>; a sign begins a cell (and only a delta
/// column takes one); a decimal amount and its unit (元, 万元) end a cell (only a money column has them); a space that
/// is present is a boundary. Dynamic programming over (position, column), so only feasible branches are walked.
/// </summary>
public static class RunSplitter
{
    public const int DefaultCap = 20_000;

    /// <param name="run">The digits after a row label, as printed (spaces kept).</param>
    /// <param name="kinds">The <see cref="FieldKind"/> of each column, in template order.</param>
    public static SplitSet Splits(string run, IReadOnlyList<string> kinds, int cap = DefaultCap)
    {
        string s = Normalize(run);
        int n = kinds.Count;
        // feasible[p, c]: s[p..] can be cut into columns c..n-1.
        var feasible = new bool?[s.Length + 1, n + 1];
        bool Feasible(int p, int c)
        {
            p = SkipSpaces(s, p);
            if (feasible[p, c] is { } known) return known;
            bool ok = c == n ? p == s.Length : p < s.Length && CellEnds(s, p, kinds[c]).Any(e => Feasible(e, c + 1));
            feasible[p, c] = ok;
            return ok;
        }
        var result = new List<string[]>();
        bool truncated = false;
        var cells = new string[n];
        void Walk(int p, int c)
        {
            if (truncated) return;
            p = SkipSpaces(s, p);
            if (c == n)
            {
                if (result.Count >= cap) { truncated = true; return; }
                result.Add((string[])cells.Clone());
                return;
            }
            foreach (int e in CellEnds(s, p, kinds[c]))
                if (Feasible(e, c + 1))
                {
                    cells[c] = s[p..e];
                    Walk(e, c + 1);
                }
        }
        if (n > 0 && Feasible(0, 0)) Walk(0, 0);
        return new SplitSet(result, truncated);
    }

    /// <summary>Full-width digits, signs and the decimal point folded to ASCII; runs of blanks to one space.</summary>
    public static string Normalize(string run)
    {
        var sb = new System.Text.StringBuilder(run.Length);
        foreach (char ch in run)
        {
            char c = ch switch
            {
                >= '０' and <= '９' => (char)('0' + (ch - '０')),
                '－' or '−' or '–' => '-',
                '＋' => '+',
                '．' => '.',
                _ when char.IsWhiteSpace(ch) || ch == '\u3000' => ' ',
                _ => ch,
            };
            if (c == ' ' && (sb.Length == 0 || sb[^1] == ' ')) continue;
            sb.Append(c);
        }
        return sb.ToString().TrimEnd();
    }

    private static int SkipSpaces(string s, int p)
    {
        while (p < s.Length && s[p] == ' ') p++;
        return p;
    }

    /// <summary>Every end position of a cell of the given kind starting at p, such that what follows can begin a cell.</summary>
    private static IEnumerable<int> CellEnds(string s, int p, string kind)
    {
        int i = p;
        if (i < s.Length && s[i] is '+' or '-')
        {
            if (kind != FieldKind.Delta) yield break;
            i++;
        }
        if (i >= s.Length || !char.IsAsciiDigit(s[i])) yield break;
        // Integer part: a lone 0, or a non-zero digit followed by any digits.
        int intEnd = s[i] == '0' ? i + 1 : Digits(s, i);
        int shortest = i + 1;
        for (int e = s[i] == '0' ? intEnd : shortest; e <= intEnd; e++)
        {
            if (Magnitude(s, i, e) >= CellValue.MaxMagnitude) yield break;
            if (kind == FieldKind.Money)
                foreach (int m in MoneyTail(s, e)) { if (CanFollow(s, m)) yield return m; }
            else if (CanFollow(s, e)) yield return e;
        }
    }

    /// <summary>After a money cell's integer part: optional decimals, then an optional unit that ends the cell.</summary>
    private static IEnumerable<int> MoneyTail(string s, int e)
    {
        var ends = new List<int> { e };
        if (e < s.Length && s[e] == '.' && e + 1 < s.Length && char.IsAsciiDigit(s[e + 1]))
            for (int d = e + 2; d <= Digits(s, e + 1); d++) ends.Add(d);
        foreach (int x in ends)
        {
            if (x < s.Length && s[x] == '元') yield return x + 1;
            else if (x + 1 < s.Length && s[x] == '万' && s[x + 1] == '元') yield return x + 2;
            else yield return x;
        }
    }

    private static int Digits(string s, int i)
    {
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i;
    }

    // A cell ends where the run ends, at a space, or where a digit or a sign can begin the next cell: never before
    // a decimal point or a unit, which belong to the cell they follow.
    private static bool CanFollow(string s, int e) => e >= s.Length || s[e] is ' ' or '+' or '-' || char.IsAsciiDigit(s[e]);

    private static decimal Magnitude(string s, int from, int to) =>
        to - from > 15 ? decimal.MaxValue : decimal.Parse(s.AsSpan(from, to - from), System.Globalization.CultureInfo.InvariantCulture);
}
