using System.Text;

namespace GovReport.Site;

/// <summary>The page shell: head, navigation, search form, footer. Links are relative so the site works from file://.</summary>
public static class Layout
{
    public const string SiteName = "政府信息公开年报比较";

    /// <summary>"../" once per folder level of <paramref name="path"/> (a path relative to the site root).</summary>
    public static string Root(string path)
    {
        int depth = path.AsSpan().Count('/');
        return depth < Roots.Length ? Roots[depth] : string.Concat(Enumerable.Repeat("../", depth));
    }

    private static readonly string[] Roots = ["", "../", "../../", "../../../"];

    public static readonly (string Href, string Label)[] Nav =
    [
        ("index.html", "首页"),
        ("rankings.html", "排行榜"),
        ("regions.html", "地区"),
        ("flags.html", "异常"),
        ("quality.html", "报告质量"),
        ("notebooks.html", "分析笔记"),
        ("methodology.html", "方法说明"),
        ("downloads.html", "数据下载"),
    ];

    public static string Page(string path, string title, string body, string footerNote, string? description = null, string? extraHead = null)
        => Head(path, title, description, extraHead) + body + Tail(path, footerNote);

    /// <summary>Everything before the page's own content (through <c>&lt;main&gt;</c>): large pages are written as
    /// head, content and tail without joining them into one string.</summary>
    public static string Head(string path, string title, string? description = null, string? extraHead = null)
    {
        string root = Root(path);
        var sb = new StringBuilder(2048);
        sb.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>").Append(Html.E(title)).Append(title == SiteName ? "" : " · " + SiteName).Append("</title>\n");
        if (description is not null) sb.Append("<meta name=\"description\" content=\"").Append(Html.E(description)).Append("\">\n");
        sb.Append("<link rel=\"stylesheet\" href=\"").Append(root).Append("assets/site.css\">\n");
        sb.Append("<link rel=\"icon\" href=\"").Append(root).Append("assets/favicon.svg\" type=\"image/svg+xml\">\n");
        if (extraHead is not null) sb.Append(extraHead);
        sb.Append("</head>\n<body>\n<a class=\"skip\" href=\"#main\">跳到正文</a>\n<header class=\"top\">\n");
        sb.Append("<a class=\"brand\" href=\"").Append(root).Append("index.html\">").Append(SiteName).Append("</a>\n<nav aria-label=\"主导航\">");
        foreach (var (href, label) in Nav)
        {
            bool current = href == path;
            sb.Append("<a href=\"").Append(root).Append(href).Append('"').Append(current ? " aria-current=\"page\"" : "").Append('>').Append(label).Append("</a>");
        }
        sb.Append("</nav>\n<form class=\"search\" action=\"").Append(root).Append("search.html\" method=\"get\" role=\"search\">");
        sb.Append("<input name=\"q\" type=\"search\" placeholder=\"搜索机关或地区\" aria-label=\"搜索机关或地区\"><button type=\"submit\">搜索</button></form>\n</header>\n");
        sb.Append("<main id=\"main\">\n");
        return sb.ToString();
    }

    /// <summary>Everything after the page's own content.</summary>
    public static string Tail(string path, string footerNote)
    {
        string root = Root(path);
        var sb = new StringBuilder(512);
        sb.Append("\n</main>\n");
        sb.Append("<footer>").Append(footerNote).Append(" · <a href=\"").Append(root).Append("methodology.html\">方法说明</a> · <a href=\"")
          .Append(root).Append("downloads.html\">数据下载</a></footer>\n");
        sb.Append("<script src=\"").Append(root).Append("assets/site.js\" defer></script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>A table with a caption, wrapped so it scrolls sideways on a phone instead of breaking the page.</summary>
    public static string Table(string? id, string caption, IReadOnlyList<string> headers, IEnumerable<string> rowsHtml, string? csvHref = null, bool sortable = true, string? cssClass = null)
    {
        var sb = new StringBuilder();
        sb.Append("<div class=\"table-wrap\"><table");
        if (id is not null) sb.Append(" id=\"").Append(id).Append('"');
        var classes = new List<string>();
        if (sortable) classes.Add("sortable");
        if (cssClass is not null) classes.Add(cssClass);
        if (classes.Count > 0) sb.Append(" class=\"").Append(string.Join(' ', classes)).Append('"');
        sb.Append("><caption>").Append(caption);
        if (csvHref is not null)
            sb.Append(" <a class=\"csv\" href=\"").Append(csvHref).Append("\" download>").Append(csvHref.EndsWith(".parquet", StringComparison.Ordinal) ? "Parquet" : "CSV").Append("</a>");
        sb.Append("</caption>\n<thead><tr>");
        foreach (var h in headers) sb.Append("<th scope=\"col\">").Append(h).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var r in rowsHtml) sb.Append(r).Append('\n');
        sb.Append("</tbody></table></div>\n");
        return sb.ToString();
    }

    /// <summary>A numeric cell with its sort key.</summary>
    public static string NumCell(double? v, string? unit = null, string? href = null)
    {
        if (v is null) return "<td class=\"num\" data-v=\"\">—</td>";
        string text = Html.Num(v.Value) + (string.IsNullOrEmpty(unit) || unit == "比例" ? "" : " " + Html.E(unit));
        if (unit == "比例") text = Html.Pct(v.Value);
        if (href is not null) text = $"<a href=\"{href}\">{text}</a>";
        return $"<td class=\"num\" data-v=\"{Html.Raw(v.Value)}\">{text}</td>";
    }
}
