using System.Net;
using System.Text;
using GovReport.Charts;

namespace GovReport.Notebooks;

/// <summary>
/// A notebook run as HTML: <see cref="Render"/> gives the body fragment (for a site page), <see cref="RenderPage"/>
/// a complete page. Every value from the database and every label is HTML-escaped; charts are inline SVG with their
/// data table beside them.
/// </summary>
public static class NotebookHtml
{
    public const string Css = """
        body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.6}
        .nb-params{color:#555;font-size:.9rem}
        .nb-params code{background:#f3f3f3;padding:0 .25rem}
        details.nb-sql summary{cursor:pointer;color:#666;font-size:.85rem}
        pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;font-size:.85rem}
        .nb-table{overflow-x:auto;margin:.5rem 0 1.5rem}
        .nb-table table{border-collapse:collapse;font-size:.9rem}
        .nb-table th,.nb-table td{border:1px solid #ddd;padding:.2rem .5rem;vertical-align:top}
        .nb-table th{background:#f3f3f3;white-space:nowrap}
        .nb-table td{min-width:4.5em}
        .nb-table td.num{text-align:right;font-variant-numeric:tabular-nums}
        .nb-table .nb-meta{color:#666;font-size:.8rem}
        figure.nb-chart{margin:1rem 0 2rem}
        figure.nb-chart svg{max-width:100%;height:auto}
        figure.nb-chart figcaption{color:#444;font-size:.9rem}
        """;

    /// <summary>The body fragment: <c>&lt;article class="notebook"&gt;</c> with the title, then <see cref="RenderContent"/>.</summary>
    public static string Render(NotebookResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return "<article class=\"notebook\">\n<h1>" + E(result.Notebook.Title) + "</h1>\n" + RenderContent(result) + "</article>\n";
    }

    /// <summary>
    /// What is inside the article, for a host page that writes its own title and wrapper (the site's
    /// <c>ExtraPage.BodyHtml</c>): description, parameters, then every cell's output in place. Style it with
    /// <see cref="Css"/> (the <c>nb-</c> classes).
    /// </summary>
    public static string RenderContent(NotebookResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        if (result.Notebook.Description is { } d) sb.Append("<p>").Append(E(d)).Append("</p>\n");
        if (result.Parameters.Count > 0)
        {
            sb.Append("<p class=\"nb-params\">参数：");
            sb.Append(string.Join("，", result.Parameters.Select(p => $"<code>{E(p.Name)} = {E(Cell.Format(p.Value))}</code>")));
            sb.Append("</p>\n");
        }
        int n = 0;
        foreach (var output in result.Outputs)
        {
            switch (output)
            {
                case MarkdownOutput md: sb.Append(md.Html); break;
                case TableOutput t: AppendTable(sb, t, ++n); break;
                case ChartOutput c: AppendChart(sb, c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A complete HTML page (UTF-8, zh-CN) around <see cref="Render"/>.</summary>
    public static string RenderPage(NotebookResult result) =>
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + E(result.Notebook.Title) + "</title>\n<style>\n" + Css + "\n</style>\n</head>\n<body>\n"
        + Render(result) + "</body>\n</html>\n";

    /// <summary>A query result as an HTML table (also used in the .ipynb outputs).</summary>
    public static string Table(TableOutput t)
    {
        var sb = new StringBuilder();
        sb.Append("<table>\n<thead><tr>");
        foreach (var c in t.Columns) sb.Append("<th>").Append(E(c)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in t.Rows)
        {
            sb.Append("<tr>");
            foreach (var v in row)
                sb.Append(Cell.IsNumeric(v) ? "<td class=\"num\">" : "<td>").Append(E(Cell.Format(v))).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");
        sb.Append("<p class=\"nb-meta\">").Append(t.TotalRows == 0 ? "（无结果）" : t.Truncated
            ? $"共 {t.TotalRows} 行，显示前 {t.Rows.Count} 行" : $"共 {t.TotalRows} 行").Append("</p>\n");
        return sb.ToString();
    }

    private static void AppendTable(StringBuilder sb, TableOutput t, int n)
    {
        sb.Append("<details class=\"nb-sql\"><summary>查询 ").Append(n).Append("（SQL，第 ").Append(t.Source.Line).Append(" 行）</summary>\n<pre><code class=\"language-sql\">")
          .Append(E(t.Source.Sql)).Append("</code></pre></details>\n");
        sb.Append("<div class=\"nb-table\">\n").Append(Table(t)).Append("</div>\n");
    }

    private static void AppendChart(StringBuilder sb, ChartOutput c)
    {
        sb.Append("<figure class=\"nb-chart\">\n");
        sb.Append(InlineSvg(c.Svg, c.Description.Summary));
        sb.Append("<figcaption>").Append(E(c.Description.Summary)).Append("</figcaption>\n");
        sb.Append("<details><summary>图表数据</summary>\n<div class=\"nb-table\"><table>\n<thead><tr>");
        foreach (var col in c.Description.Columns) sb.Append("<th>").Append(E(col)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in c.Description.Rows)
            sb.Append("<tr>").Append(string.Concat(row.Select(v => "<td>" + E(v) + "</td>"))).Append("</tr>\n");
        sb.Append("</tbody></table></div></details>\n</figure>\n");
    }

    /// <summary>The SVG without its XML declaration, labelled for screen readers.</summary>
    internal static string InlineSvg(string svg, string label)
    {
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        string body = start >= 0 ? svg[start..] : svg;
        return body.Insert(4, $" role=\"img\" aria-label=\"{E(label)}\"") + "\n";
    }

    internal static string E(string s) => WebUtility.HtmlEncode(s);
}
