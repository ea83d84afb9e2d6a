using System.Collections;
using System.Text;
using System.Text.Json;
using GovReport.Ingest.Store;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace GovReport.Cli;

/// <summary>Renders query results as a terminal table, CSV (formula-safe) or JSON.</summary>
public static class Output
{
    /// <summary>A value as text (invariant culture); the site's exports use the same rule.</summary>
    public static string Format(object? v) => GovReport.Site.Export.Format(v);

    /// <summary>
    /// A CSV cell. Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading
    /// apostrophe, lists and other values printed as text included; numbers and dates stay as they are. One rule for
    /// the CLI and the site: <see cref="GovReport.Site.Export.CsvCell"/>.
    /// </summary>
    public static string CsvCell(object? v) => GovReport.Site.Export.CsvCell(v);

    public static void Write(QueryResult result, string format, IAnsiConsole console, TextWriter plain)
    {
        switch (format)
        {
            case "csv":
                plain.WriteLine(string.Join(",", result.Columns.Select(c => CsvCell(c))));
                foreach (var row in result.Rows) plain.WriteLine(string.Join(",", row.Select(CsvCell)));
                break;
            case "json":
                plain.WriteLine(Json(result));
                break;
            default:
                // Piped or redirected output has no terminal width; 80 columns would wrap Chinese names cell by cell.
                if (Console.IsOutputRedirected && console.Profile.Width < 160) console.Profile.Width = 160;
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var c in result.Columns) table.AddColumn(new TableColumn(new Text(c)));
                foreach (var row in result.Rows) table.AddRow(row.Select(v => (IRenderable)new Text(Format(v))).ToArray());
                console.Write(table);
                console.WriteLine($"{result.Rows.Count} row(s)");
                break;
        }
    }

    public static string Json(QueryResult result)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var row in result.Rows)
            {
                w.WriteStartObject();
                for (int i = 0; i < result.Columns.Count; i++)
                {
                    w.WritePropertyName(result.Columns[i]);
                    WriteJsonValue(w, row[i]);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteJsonValue(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null: w.WriteNullValue(); break;
            case decimal d: w.WriteRawValue(Format(d)); break;
            case int or long or short or byte or sbyte or uint or ulong or ushort or System.Numerics.BigInteger: w.WriteRawValue(Format(v)); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case bool b: w.WriteBooleanValue(b); break;
            case string s: w.WriteStringValue(s); break;
            case IDictionary m: // a STRUCT or MAP
                w.WriteStartObject();
                foreach (DictionaryEntry x in m)
                {
                    w.WritePropertyName(Format(x.Key));
                    WriteJsonValue(w, x.Value);
                }
                w.WriteEndObject();
                break;
            case IEnumerable e:
                w.WriteStartArray();
                foreach (var x in e) WriteJsonValue(w, x);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Format(v)); break;
        }
    }
}
