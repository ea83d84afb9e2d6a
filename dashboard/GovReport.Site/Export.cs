using System.Collections;
using System.Globalization;
using System.Text;

namespace GovReport.Site;

/// <summary>CSV cells and files (UTF-8 with BOM, formula-safe) for the tables the site writes itself; DuckDB writes the large ones (CopyExport).</summary>
public static class Export
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Format(object? v) => v switch
    {
        null or DBNull => "",
        decimal d => d.ToString("0.############", Inv),
        double d => d.ToString("R", Inv),
        float f => f.ToString("R", Inv),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", Inv) : t.ToString("yyyy-MM-dd HH:mm:ss", Inv),
        DateOnly d => d.ToString("yyyy-MM-dd", Inv),
        bool b => b ? "true" : "false",
        string s => s,
        // A STRUCT or MAP (DuckDB.NET gives a dictionary) as DuckDB prints it, not as its key-value pairs.
        IDictionary m => "{" + string.Join(", ", Entries(m).Select(x => $"{Format(x.Key)}: {Format(x.Value)}")) + "}",
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, Inv),
        _ => v.ToString() ?? "",
    };

    /// <summary>A dictionary's entries through IDictionary's own enumerator (a generic one boxes key-value pairs instead).</summary>
    private static IEnumerable<DictionaryEntry> Entries(IDictionary m)
    {
        foreach (DictionaryEntry x in m) yield return x;
    }

    /// <summary>
    /// One CSV cell. Text a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading
    /// apostrophe, also inside lists; numbers stay numbers.
    /// </summary>
    public static string CsvCell(object? v)
    {
        string s = Format(v);
        if (v is not (null or DBNull) && v is not IFormattable && s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r') s = "'" + s;
        if (s.IndexOfAny([',', '"', '\n', '\r']) >= 0) s = "\"" + s.Replace("\"", "\"\"") + "\"";
        return s;
    }

    /// <summary>A text cell (already a string) made safe the same way.</summary>
    public static string CsvText(string? s) => CsvCell((object?)s ?? DBNull.Value);

    public static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Writes CSV with a BOM so Excel reads UTF-8; rows end with CRLF as RFC 4180 says.</summary>
    public static void Csv(Stream output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows) => Csv(output, header, rows, 1 << 16);

    private static void Csv(Stream output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows, int bufferSize)
    {
        output.Write(Bom);
        using var w = new StreamWriter(output, new UTF8Encoding(false), bufferSize, leaveOpen: true) { NewLine = "\r\n" };
        w.WriteLine(string.Join(",", header.Select(CsvText)));
        foreach (var row in rows) w.WriteLine(string.Join(",", row.Select(CsvCell)));
    }

    public static byte[] Csv(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        // A small writer buffer: tens of thousands of agency CSVs of a few KB each; 64 KB buffers each time were
        // large-object-heap allocations.
        using var ms = new MemoryStream();
        Csv(ms, header, rows, 1024);
        return ms.ToArray();
    }
}
