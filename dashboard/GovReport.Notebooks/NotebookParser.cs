using System.Globalization;
using Markdig;
using Markdig.Syntax;

namespace GovReport.Notebooks;

/// <summary>
/// Reads notebook text (pure: no I/O). The front matter is a small subset of YAML: <c>title:</c>,
/// <c>description:</c> and <c>parameters:</c> followed by indented <c>name: value</c> lines. Markdig finds the
/// fenced blocks, so a ``` inside a longer fence or an indented block is left alone.
/// </summary>
public static class NotebookParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    public static Notebook Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Replace("\r\n", "\n");
        var lines = text.Split('\n');
        var (title, description, parameters, bodyStart) = ReadFrontMatter(lines, path);

        var document = Markdown.Parse(text, Pipeline);
        var cells = new List<NotebookCell>();
        int proseFrom = bodyStart; // 0-based line where the current run of prose starts
        bool sawSql = false;
        foreach (var block in document)
        {
            if (block is Markdig.Extensions.Yaml.YamlFrontMatterBlock) continue;
            if (block is not FencedCodeBlock fence) continue;
            string info = (fence.Info ?? "").Trim();
            if (info is not ("sql" or "chart")) continue;
            AddProse(cells, lines, proseFrom, fence.Line);
            // The next run of prose starts after the closing fence (Markdig: fence.Line is the opening line, 0-based).
            int endLine = LastLine(fence, lines);
            proseFrom = endLine + 1;
            string body = fence.Lines.ToString().Replace("\r\n", "\n");
            int line = fence.Line + 1; // 1-based line of the opening fence
            if (info == "sql")
            {
                if (string.IsNullOrWhiteSpace(body)) throw new NotebookException(path, line, "empty ```sql block");
                cells.Add(new SqlCell(line, body.Trim()));
                sawSql = true;
            }
            else
            {
                if (!sawSql) throw new NotebookException(path, line, "a ```chart block charts the query before it, and there is none");
                cells.Add(new ChartCell(line, body.Trim(), ReadChart(body, path, line)));
            }
        }
        AddProse(cells, lines, proseFrom, lines.Length);
        return new Notebook(path, title, description, parameters, cells);
    }

    private static int LastLine(FencedCodeBlock fence, string[] lines)
    {
        // The closing fence follows the last content line; an unclosed fence runs to the end of the file.
        int last = fence.Line + fence.Lines.Count; // 0-based line of the last content line (or the opening one)
        if (last + 1 < lines.Length && lines[last + 1].TrimStart().StartsWith(fence.FencedChar.ToString() + fence.FencedChar + fence.FencedChar, StringComparison.Ordinal))
            return last + 1;
        return last;
    }

    private static void AddProse(List<NotebookCell> cells, string[] lines, int from, int to)
    {
        if (to <= from) return;
        string prose = string.Join('\n', lines[from..Math.Min(to, lines.Length)]).Trim('\n');
        if (prose.Trim().Length == 0) return;
        int first = from;
        while (first < to && lines[first].Trim().Length == 0) first++;
        cells.Add(new MarkdownCell(first + 1, prose));
    }

    private static (string Title, string? Description, List<NotebookParameter> Parameters, int BodyStart) ReadFrontMatter(string[] lines, string path)
    {
        var parameters = new List<NotebookParameter>();
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
            return (System.IO.Path.GetFileNameWithoutExtension(path), null, parameters, 0);
        string? title = null, description = null;
        bool inParameters = false;
        for (int i = 1; i < lines.Length; i++)
        {
            string raw = lines[i].TrimEnd();
            if (raw is "---" or "...") return (title ?? System.IO.Path.GetFileNameWithoutExtension(path), description, parameters, i + 1);
            if (raw.Trim().Length == 0 || raw.TrimStart().StartsWith('#')) continue;
            bool indented = raw[0] is ' ' or '\t';
            int colon = raw.IndexOf(':');
            if (colon < 0) throw new NotebookException(path, i + 1, $"front matter: expected `key: value`, found “{raw.Trim()}”");
            string key = raw[..colon].Trim();
            string value = StripComment(raw[(colon + 1)..]).Trim();
            if (indented && inParameters)
            {
                if (!IsIdentifier(key)) throw new NotebookException(path, i + 1, $"parameter name “{key}”: letters, digits and _ only");
                if (parameters.Any(p => p.Name == key)) throw new NotebookException(path, i + 1, $"parameter {key} is defined twice");
                if (value.Length == 0) throw new NotebookException(path, i + 1, $"parameter {key} needs a default value");
                parameters.Add(new NotebookParameter(key, Scalar(value)));
                continue;
            }
            if (indented) throw new NotebookException(path, i + 1, $"front matter: unexpected indented line “{raw.Trim()}”");
            inParameters = false;
            switch (key)
            {
                case "title": title = Unquote(value); break;
                case "description": description = Unquote(value); break;
                case "parameters":
                    if (value.Length > 0) throw new NotebookException(path, i + 1, "parameters: list them on the lines below, indented, as `name: default`");
                    inParameters = true;
                    break;
                default: throw new NotebookException(path, i + 1, $"front matter: unknown key “{key}” (title, description, parameters)");
            }
        }
        throw new NotebookException(path, 1, "front matter: no closing `---`");
    }

    private static string StripComment(string s)
    {
        // A `#` after whitespace starts a comment unless it is inside quotes.
        bool quoted = false; char q = '\0';
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (quoted) { if (c == q) quoted = false; }
            else if (c is '"' or '\'') { quoted = true; q = c; }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(s[i - 1]))) return s[..i];
        }
        return s;
    }

    internal static bool IsIdentifier(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string Unquote(string v) =>
        v.Length >= 2 && (v[0] == '"' && v[^1] == '"' || v[0] == '\'' && v[^1] == '\'') ? v[1..^1] : v;

    /// <summary>A YAML-ish scalar: quoted → text; integer → long; decimal → double; true/false → bool; else text.</summary>
    internal static object Scalar(string v)
    {
        if (v.Length >= 2 && (v[0] == '"' && v[^1] == '"' || v[0] == '\'' && v[^1] == '\'')) return v[1..^1];
        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return d;
        if (v is "true" or "false") return v == "true";
        return v;
    }

    private static readonly string[] ChartKeys = ["kind", "x", "y", "title", "series", "label", "highlight", "horizontal", "xlabel", "ylabel"];

    private static ChartBlock ReadChart(string body, string path, int fenceLine)
    {
        var values = new Dictionary<string, string>();
        var bodyLines = body.Split('\n');
        for (int i = 0; i < bodyLines.Length; i++)
        {
            string l = bodyLines[i].Trim();
            if (l.Length == 0 || l.StartsWith('#')) continue;
            int line = fenceLine + 1 + i;
            int colon = l.IndexOf(':');
            if (colon < 0) throw new NotebookException(path, line, $"chart: expected `key: value`, found “{l}”");
            string key = l[..colon].Trim();
            if (!ChartKeys.Contains(key)) throw new NotebookException(path, line, $"chart: unknown key “{key}” ({string.Join(", ", ChartKeys)})");
            values[key] = Unquote(l[(colon + 1)..].Trim());
        }
        string Need(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v
            : throw new NotebookException(path, fenceLine, $"chart: `{key}:` is required");
        string kind = Need("kind");
        if (kind is not ("bar" or "line" or "scatter")) throw new NotebookException(path, fenceLine, $"chart: kind “{kind}” (bar, line or scatter)");
        string? Opt(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        return new ChartBlock(kind, Need("x"), Need("y"), Opt("title") ?? "", Opt("series"), Opt("label"), Opt("highlight"),
            Opt("horizontal") is "true" or "yes", Opt("xlabel"), Opt("ylabel"));
    }
}
