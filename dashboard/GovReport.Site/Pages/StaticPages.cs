using System.Text;
using GovReport.Notebooks;
using Markdig;

namespace GovReport.Site;

public sealed partial class SiteBuilder
{
    /// <summary>Prose pages: CommonMark plus tables; raw HTML in the Markdown is escaped, not passed through.</summary>
    internal static readonly MarkdownPipeline Prose = new MarkdownPipelineBuilder().UsePipeTables().UseAutoIdentifiers().DisableHtml().Build();

    private void MethodologyPage()
    {
        var sb = new StringBuilder();
        sb.Append(Markdown.ToHtml(Resource("pages/methodology-intro.md"), Prose));
        sb.Append(Markdown.ToHtml(Resource("pages/methodology.md"), Prose));
        sb.Append("<h2 id=\"rules\">规则一览</h2>\n");
        sb.Append(Layout.Table("rules", "一致性规则（rule_dictionary）", ["规则", "说明", "Description", "严重程度"],
            _rules.Select(r => $"<tr id=\"rule-{Html.Slug(r.RuleId)}\"><td>{Html.E(r.RuleId)}</td><td>{Html.E(r.Description)}</td><td lang=\"en\">{Html.E(r.DescriptionEn)}</td><td>{Html.Severity(r.Severity)}</td></tr>"),
            DataHref("", "rule_dictionary")));
        sb.Append("<h2 id=\"metrics\">指标一览</h2>\n");
        sb.Append(Layout.Table("metric-defs", "可比指标（metric_dictionary）", ["指标", "名称", "Name", "单位", "适用模板", "说明"],
            _metricDefs.Select(m => $"<tr><td><a href=\"ranking/{Html.Slug(m.Metric)}.html\">{Html.E(m.Metric)}</a></td><td>{Html.E(m.Label)}</td><td lang=\"en\">{Html.E(m.LabelEn)}</td><td>{Html.E(m.Unit)}</td><td>{Html.E(m.Templates)}</td><td>{Html.E(m.Note ?? "")}</td></tr>"),
            DataHref("", "metric_dictionary")));
        Page("methodology.html", "方法说明", sb.ToString(), "规则、检测方法及其实测的精确率和召回率，数据注意事项");
    }

    /// <summary>
    /// Runs every notebook in <see cref="SiteOptions.NotebookDir"/> with its default parameters against this database
    /// and makes each a page (with its .ipynb). A notebook that fails is listed with its error; the site still builds.
    /// </summary>
    private void NotebookPages(SiteData db)
    {
        var sb = new StringBuilder(Markdown.ToHtml(Resource("pages/notebooks.md"), Prose));
        var files = _o.NotebookDir is { } dir && Directory.Exists(dir)
            ? Directory.GetFiles(dir, "*.md").Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0) sb.Append("<p>本次生成没有包含分析笔记。</p>\n");
        else
        {
            _w.Text("assets/notebook.css", string.Join("\n", NotebookHtml.Css.Split('\n').Where(l => !l.TrimStart().StartsWith("body", StringComparison.Ordinal))) + "\n");
            sb.Append("<ul class=\"notebooks\">\n");
            foreach (var file in files)
            {
                string slug = Html.Slug(Path.GetFileNameWithoutExtension(file));
                string path = $"notebook/{slug}.html";
                try
                {
                    var result = NotebookRunner.Run(file, new Dictionary<string, string>(), db.Connection);
                    _w.Text($"notebook/{slug}.ipynb", NotebookIpynb.Render(result));
                    var nb = result.Notebook;
                    sb.Append($"<li><a href=\"{path}\">{Html.E(nb.Title)}</a>{(nb.Description is null ? "" : $"<p>{Html.E(nb.Description)}</p>")}</li>\n");
                    Page(path, nb.Title,
                        $"<nav class=\"crumbs\"><a href=\"../notebooks.html\">分析笔记</a></nav>\n<article class=\"notebook\">\n<h1>{Html.E(nb.Title)}</h1>\n" +
                        $"<p class=\"muted\">笔记源文件 <code>notebooks/{Html.E(Path.GetFileName(file))}</code> · <a href=\"{slug}.ipynb\" download>下载 .ipynb</a></p>\n" +
                        NotebookHtml.RenderContent(result) + "</article>\n",
                        nb.Description, "<link rel=\"stylesheet\" href=\"../assets/notebook.css\">\n");
                }
                catch (NotebookException ex)
                {
                    lock (_problems) _problems.Add($"notebook {ex.Message}");
                    sb.Append($"<li>{Html.E(Path.GetFileName(file))}：<span class=\"bad\">运行失败</span> {Html.E(ex.Message)}</li>\n");
                }
            }
            sb.Append("</ul>\n");
        }
        Page("notebooks.html", "分析笔记", sb.ToString());
    }

    private void SearchPage()
    {
        // The index is a script that sets a global, not JSON fetched at run time: fetch() does not work from file://.
        var entries = new List<string>();
        foreach (var a in _agencies)
            entries.Add(JsString(a.Name) + "," + JsString(a.Latest.RegionPath + " · " + a.Level) + "," + JsString(a.Url));
        foreach (var r in _regions.Values.OrderBy(r => r.Code, StringComparer.Ordinal))
            entries.Add(JsString(r.Name) + "," + JsString(r.FullName + " · " + r.LevelLabel + "地区") + "," + JsString(r.Url));
        foreach (var m in _metricDefs)
            entries.Add(JsString(m.Label + "排行榜") + "," + JsString("指标") + "," + JsString($"ranking/{Html.Slug(m.Metric)}.html"));
        _w.Text("assets/search-index.js", "window.GR_SEARCH=[\n" + string.Join(",\n", entries.Select(e => "[" + e + "]")) + "\n];\n");

        var sb = new StringBuilder("<h1>搜索</h1>\n");
        sb.Append("<form class=\"search big\" action=\"search.html\" method=\"get\" role=\"search\"><input id=\"q\" name=\"q\" type=\"search\" placeholder=\"机关或地区名称，如 剑南街道、丰城市\" aria-label=\"机关或地区名称\"><button type=\"submit\">搜索</button></form>\n");
        sb.Append("<p id=\"search-status\" class=\"muted\" aria-live=\"polite\"></p>\n<ol id=\"search-results\"></ol>\n");
        sb.Append("<noscript><p>搜索需要 JavaScript。也可以从<a href=\"regions.html\">地区</a>页按省、市、县查找机关。</p></noscript>\n");
        sb.Append("<h2>按地区浏览</h2>\n<p><a href=\"regions.html\">全部地区</a></p>\n");
        Page("search.html", "搜索", sb.ToString(), extraHead: "<script src=\"assets/search-index.js\" defer></script>\n");
    }

    /// <summary>A JavaScript string literal that is also safe inside HTML (no &lt;/script&gt;).</summary>
    internal static string JsString(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var ch in s)
            sb.Append(ch switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '<' => "\\u003c", '>' => "\\u003e", '&' => "\\u0026",
                '\u2028' => "\\u2028", '\u2029' => "\\u2029",
                < ' ' => $"\\u{(int)ch:x4}",
                _ => ch.ToString(),
            });
        return sb.Append('"').ToString();
    }
}
