using System.Collections;
using System.Globalization;

namespace GovReport.Notebooks;

/// <summary>How a database value is written in a table: invariant culture, no thousands separators, trailing zeros dropped.</summary>
public static class Cell
{
    public static string Format(object? v) => v switch
    {
        null => "",
        decimal d => d.ToString("0.############", CultureInfo.InvariantCulture),
        double d => double.IsFinite(d) ? d.ToString("0.######", CultureInfo.InvariantCulture) : d.ToString(CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("0.######", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => s,
        IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object?>().Select(k => Format(k) + ": " + Format(map[k!]))) + "}",
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    /// <summary>Numbers are right-aligned in tables.</summary>
    public static bool IsNumeric(object? v) => NotebookRunner.ToDouble(v) is not null;
}
