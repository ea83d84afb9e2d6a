using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using GovReport.Ingest.Parsing;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Readers;

/// <summary>
/// HTML pages and fragments (AngleSharp): <c>colspan</c>/<c>rowspan</c> resolved into a full grid (span copies
/// marked), <c>&amp;nbsp;</c> kept as the blank it is, and page chrome (navigation, 字体/打印/分享 bars, footers,
/// scripts) left out: only the element that holds the report's tables and headings is read.
/// </summary>
public sealed class HtmlReader : IReportReader
{
    public string Form => "html";

    private static readonly HashSet<string> Skip = new(StringComparer.OrdinalIgnoreCase)
        { "script", "style", "noscript", "iframe", "template", "button", "select", "input", "textarea", "svg", "object", "embed", "head", "nav", "form" };

    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
        { "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "center", "tr", "caption", "main", "aside" };

    private const int MaxSpan = 64, MaxRowSpan = 1000, MaxDepth = 400;

    /// <summary>Nesting beyond which a page is refused before parsing: the HTML tree builder's scope checks are
    /// linear in the depth of open elements, so 100,000 nested divs take minutes. Real pages stay under ~100.</summary>
    public const int MaxParseDepth = 5000;

    private static readonly HashSet<string> VoidTags = new(StringComparer.OrdinalIgnoreCase)
        { "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p", "li", "td", "tr", "th", "option" };

    /// <summary>
    /// A cheap upper bound of the element nesting, from the tags alone: an opening tag goes one deeper, a closing
    /// tag one up; void elements and those whose end tag is implied (p, li, td, tr…) do not count.
    /// </summary>
    public static int NestingDepth(string html)
    {
        int depth = 0, max = 0;
        for (int i = html.IndexOf('<'); i >= 0 && i < html.Length - 1; i = html.IndexOf('<', i + 1))
        {
            char c = html[i + 1];
            bool closing = c == '/';
            int start = closing ? i + 2 : i + 1;
            int end = start;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end])) end++;
            if (end == start || !char.IsAsciiLetter(html[start])) continue;
            if (VoidTags.Contains(html.AsSpan(start, end - start).ToString())) continue;
            if (closing) { if (depth > 0) depth--; continue; }
            int gt = html.IndexOf('>', end);
            if (gt > 0 && html[gt - 1] == '/') continue;
            if (++depth > max) max = depth;
        }
        return max;
    }

    /// <summary>By content first: a .txt holding a page is HTML, and a .html holding plain text is not.</summary>
    public bool CanRead(string extension, ReadOnlySpan<byte> head)
    {
        // The head as ASCII, lower case: what Encoding.ASCII.GetString(head).ToLowerInvariant() gives (a byte above 0x7F
        // reads as '?'), without making that string.
        var raw = head[..Math.Min(head.Length, 4096)];
        if (raw.IndexOf((byte)'<') < 0) return false; // every sign below starts with '<'
        Span<byte> h = stackalloc byte[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = raw[i];
            h[i] = b > 0x7F ? (byte)'?' : b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;
        }
        if (h.IndexOf("<html"u8) >= 0 || h.IndexOf("<!doctype html"u8) >= 0 || h.IndexOf("<table"u8) >= 0 || h.IndexOf("<body"u8) >= 0) return true;
        bool htmlName = extension.ToLowerInvariant() is ".html" or ".htm" or ".shtml" or ".xhtml";
        return htmlName && (h.IndexOf("<p"u8) >= 0 || h.IndexOf("<div"u8) >= 0 || h.IndexOf("<span"u8) >= 0 || h.IndexOf("<meta"u8) >= 0 || h.IndexOf("<br"u8) >= 0);
    }

    public ReadResult Read(byte[] bytes)
    {
        var decoded = TextDecoder.Decode(bytes);
        if (decoded.Text is null) return ReadResult.Fail(decoded.Failure!, decoded.Encoding);
        if (NestingDepth(decoded.Text) is var nesting && nesting > MaxParseDepth)
            return ReadResult.Fail($"HTML nests elements {nesting} levels deep (more than {MaxParseDepth}); refused as malformed or hostile", decoded.Encoding);
        // Parsed as a browser with scripting on parses: <noscript> is raw text (left out with the scripts), never
        // content. Nothing is executed: AngleSharp has no script engine here.
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = true });
        using var document = parser.ParseDocument(decoded.Text);
        var builder = new DocumentBuilder(Form);

        var root = ContentRoot(document);
        if (root is null) return ReadResult.Fail("HTML page without a body", decoded.Encoding);

        // CMS pages state the publication date in a meta tag (PubDate) rather than in the article.
        var pub = document.QuerySelectorAll("meta").FirstOrDefault(m => m.GetAttribute("name")?.ToLowerInvariant() is "pubdate" or "publishdate" or "firstpublishedtime");
        if (pub?.GetAttribute("content") is { Length: >= 10 } date)
            builder.Paragraph("发布日期：" + date.Trim()[..10]);

        // The page title often carries the agency and the year when the article body does not.
        string title = DocumentBuilder.Flatten(document.Title ?? "");
        string body = DocumentBuilder.Flatten(root.TextContent);
        if (title.Contains("年度报告") && !body.Contains(Clip(title)))
            builder.Paragraph(title);

        var walker = new Walker(builder);
        walker.Walk(root, 0);
        walker.Flush();
        if (walker.TooDeep)
            builder.Diagnostic(Model.Diagnostic.Warning("html_too_deep", $"elements nested deeper than {MaxDepth} levels were read as plain text"));
        return new ReadResult(builder.Build(), decoded.Encoding, null);
    }

    private static string Clip(string title)
    {
        int i = title.IndexOf("年度报告", StringComparison.Ordinal);
        return title[..(i + 4)];
    }

    /// <summary>
    /// The element holding the report: the nearest common ancestor of the tables that carry template labels,
    /// widened to take in the 一、总体情况 heading; without such tables, the body.
    /// </summary>
    private static IElement? ContentRoot(IHtmlDocument document)
    {
        var body = document.Body ?? document.DocumentElement;
        if (body is null) return null;
        var tables = document.QuerySelectorAll("table").Where(t =>
        {
            string f = Label.Fold(t.TextContent);
            return f.Contains("第二十条") || f.Contains("申请人情况") || f.Contains("本年新收") || f.Contains("行政复议") || f.Contains("信息内容");
        }).ToList();
        if (tables.Count == 0) return body;
        IElement? lca = tables[0].ParentElement;
        foreach (var t in tables.Skip(1))
            while (lca is not null && !lca.Contains(t)) lca = lca.ParentElement;
        if (lca is null) return body;
        for (var e = lca; e is not null; e = e.ParentElement)
        {
            if (e.TextContent.Contains("总体情况", StringComparison.Ordinal)) return e;
            if (e == body) break;
        }
        return lca;
    }

    private sealed class Walker(DocumentBuilder builder)
    {
        private readonly StringBuilder _buffer = new();
        public bool TooDeep { get; private set; }

        public void Flush()
        {
            string t = _buffer.ToString();
            _buffer.Clear();
            if (t.Trim().Length > 0) builder.Paragraph(t);
        }

        /// <summary>
        /// The text under a node too deep to walk recursively, without what the walk leaves out (scripts, styles,
        /// hidden elements): an explicit stack, so any depth is safe. Node.TextContent would carry script text.
        /// </summary>
        private static void AppendVisibleText(INode node, StringBuilder sb)
        {
            var stack = new Stack<INode>();
            for (int i = node.ChildNodes.Length - 1; i >= 0; i--) stack.Push(node.ChildNodes[i]);
            while (stack.Count > 0)
            {
                var n = stack.Pop();
                if (n is IText t) { sb.Append(t.Data); continue; }
                if (n is not IElement e || Skip.Contains(e.LocalName) || Hidden(e)) continue;
                if (e.LocalName == "br" || BlockTags.Contains(e.LocalName)) sb.Append('\n');
                for (int i = e.ChildNodes.Length - 1; i >= 0; i--) stack.Push(e.ChildNodes[i]);
            }
        }

        public void Walk(INode node, int depth)
        {
            if (depth > MaxDepth) { TooDeep = true; AppendVisibleText(node, _buffer); return; }
            foreach (var child in node.ChildNodes)
            {
                if (child is IText text) { _buffer.Append(text.Data); continue; }
                if (child is not IElement e || Skip.Contains(e.LocalName) || Hidden(e)) continue;
                switch (e.LocalName)
                {
                    case "table":
                        Flush();
                        Table(e);
                        continue;
                    case "br":
                        Flush();
                        continue;
                }
                bool block = BlockTags.Contains(e.LocalName);
                if (block) Flush();
                Walk(e, depth + 1);
                if (block) Flush();
            }
        }

        private void Table(IElement table)
        {
            builder.BeginTable();
            var carry = new Dictionary<int, (string Text, int Left)>(); // rowspans reaching into later rows
            foreach (var tr in Rows(table))
            {
                var row = new List<(string, bool)>();
                int col = 0;
                void Carried()
                {
                    while (carry.TryGetValue(col, out var c) && c.Left > 0)
                    {
                        row.Add((c.Text, true));
                        carry[col] = (c.Text, c.Left - 1);
                        col++;
                    }
                }
                foreach (var cell in tr.Children.Where(c => c.LocalName is "td" or "th"))
                {
                    Carried();
                    string text = CellText(cell);
                    int cs = Math.Clamp(Int(cell.GetAttribute("colspan")), 1, MaxSpan);
                    int rs = Math.Clamp(Int(cell.GetAttribute("rowspan")), 1, MaxRowSpan);
                    for (int k = 0; k < cs; k++)
                    {
                        row.Add((text, k > 0));
                        if (rs > 1) carry[col + k] = (text, rs - 1);
                    }
                    col += cs;
                }
                int last = carry.Count == 0 ? -1 : carry.Where(c => c.Value.Left > 0).Select(c => c.Key).DefaultIfEmpty(-1).Max();
                while (col <= last)
                {
                    if (carry.TryGetValue(col, out var c) && c.Left > 0) { row.Add((c.Text, true)); carry[col] = (c.Text, c.Left - 1); }
                    else row.Add(("", true));
                    col++;
                }
                if (row.Count > 0) builder.Row(row);
            }
            builder.EndTable();
        }

        /// <summary>Rows of this table only (not of tables nested in its cells).</summary>
        private static IEnumerable<IElement> Rows(IElement table)
        {
            foreach (var child in table.Children)
            {
                if (child.LocalName == "tr") yield return child;
                else if (child.LocalName is "thead" or "tbody" or "tfoot")
                    foreach (var tr in child.Children.Where(c => c.LocalName == "tr")) yield return tr;
            }
        }

        private static string CellText(IElement cell)
        {
            var sb = new StringBuilder();
            void Walk(INode n, int depth)
            {
                foreach (var c in n.ChildNodes)
                {
                    if (c is IText t) { sb.Append(t.Data); continue; }
                    if (c is not IElement e || Skip.Contains(e.LocalName) || depth > MaxDepth) continue;
                    if (e.LocalName == "br" || BlockTags.Contains(e.LocalName)) sb.Append('\n');
                    Walk(e, depth + 1);
                }
            }
            Walk(cell, 0);
            // Header words split over <p>s or <br>s (本年新<br/>制作数量) belong together; spaces only pad.
            return JoinLines(sb.ToString());
        }

        private static bool Hidden(IElement e)
        {
            string? style = e.GetAttribute("style");
            return style is not null && Label.Fold(style).Contains("display:none", StringComparison.OrdinalIgnoreCase) || e.HasAttribute("hidden");
        }
    }

    /// <summary>Joins the lines of a cell; keeps a space only between two Latin letters or digits.</summary>
    internal static string JoinLines(string s)
    {
        var parts = s.Split('\n').Select(p => p.Trim(' ', '\t', '\r')).Where(p => p.Length > 0 && p.Any(c => c != '\u00A0' && c != '\u3000')).ToList();
        if (parts.Count == 0) return s.Contains('\u00A0') ? "\u00A0" : "";
        var sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.Count; i++)
        {
            if (char.IsAsciiLetterOrDigit(sb[^1]) && char.IsAsciiLetterOrDigit(parts[i][0])) sb.Append(' ');
            sb.Append(parts[i]);
        }
        return sb.ToString();
    }

    private static int Int(string? s) => int.TryParse(s?.Trim(), out int v) ? v : 1;
}
