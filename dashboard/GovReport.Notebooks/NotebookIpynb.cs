using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovReport.Notebooks;

/// <summary>
/// A notebook run as a Jupyter notebook (nbformat 4.5) with its outputs embedded, for Jupyter and VS Code readers:
/// prose as markdown cells, each query as a code cell with a text/html table, each chart as a code cell with an
/// image/png and its description as text/plain. Deterministic (cell ids are cell-1, cell-2, …).
/// </summary>
public static class NotebookIpynb
{
    public static string Render(NotebookResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var cells = new JsonArray();
        int id = 0, count = 0;
        var head = "# " + result.Notebook.Title + "\n"
            + (result.Notebook.Description is { } d ? "\n" + d + "\n" : "")
            + (result.Parameters.Count > 0 ? "\n参数：" + string.Join("，", result.Parameters.Select(p => $"`{p.Name} = {Cell.Format(p.Value)}`")) + "\n" : "");
        cells.Add(Markdown(++id, head));
        foreach (var output in result.Outputs)
        {
            switch (output)
            {
                case MarkdownOutput md:
                    cells.Add(Markdown(++id, ((MarkdownCell)md.Cell).Markdown));
                    break;
                case TableOutput t:
                    count++;
                    cells.Add(Code(++id, count, t.Source.Sql, new JsonObject
                    {
                        ["output_type"] = "execute_result",
                        ["execution_count"] = count,
                        ["metadata"] = new JsonObject(),
                        ["data"] = new JsonObject
                        {
                            ["text/html"] = Lines(NotebookHtml.Table(t)),
                            ["text/plain"] = Lines(PlainTable(t)),
                        },
                    }));
                    break;
                case ChartOutput c:
                    count++;
                    cells.Add(Code(++id, count, "-- chart\n" + c.Source.Source, new JsonObject
                    {
                        ["output_type"] = "display_data",
                        ["metadata"] = new JsonObject(),
                        ["data"] = new JsonObject
                        {
                            ["image/png"] = Convert.ToBase64String(c.Png),
                            ["text/plain"] = Lines(c.Description.Summary + "\n"
                                + string.Join("\n", c.Description.Rows.Select(r => string.Join("\t", r))) + "\n"),
                        },
                    }));
                    break;
            }
        }
        var nb = new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject
            {
                ["language_info"] = new JsonObject { ["name"] = "sql" },
                ["govreport"] = new JsonObject
                {
                    ["source"] = result.Notebook.Path.Replace('\\', '/'),
                    ["parameters"] = new JsonObject(result.Parameters.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)JsonValue.Create(Cell.Format(p.Value))))),
                },
            },
            ["cells"] = cells,
        };
        return nb.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonObject Markdown(int id, string source) => new()
    {
        ["cell_type"] = "markdown",
        ["id"] = "cell-" + id,
        ["metadata"] = new JsonObject(),
        ["source"] = Lines(source),
    };

    private static JsonObject Code(int id, int count, string source, JsonObject output) => new()
    {
        ["cell_type"] = "code",
        ["id"] = "cell-" + id,
        ["execution_count"] = count,
        ["metadata"] = new JsonObject(),
        ["source"] = Lines(source),
        ["outputs"] = new JsonArray(output),
    };

    /// <summary>nbformat's multiline strings: a list of lines, each but the last ending in \n.</summary>
    private static JsonArray Lines(string text)
    {
        var array = new JsonArray();
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl + 1;
            array.Add(text[start..end]);
            start = end;
        }
        return array;
    }

    private static string PlainTable(TableOutput t) =>
        string.Join("\t", t.Columns) + "\n" + string.Concat(t.Rows.Select(r => string.Join("\t", r.Select(Cell.Format)) + "\n"))
        + (t.Truncated ? $"（共 {t.TotalRows} 行，显示前 {t.Rows.Count} 行）\n" : "");
}
