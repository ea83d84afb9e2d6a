using System.Text;

namespace GovReport.Ingest.Text;

/// <summary>
/// Reads the cell-per-line text form: each table cell on its own line starting with a TAB (possibly after spaces),
/// rows separated by blank lines, narrative lines without a TAB. A line without a TAB that directly follows a cell
/// line continues that cell (header words broken over lines: <c>商业</c> / <c>企业</c>) unless it is a section heading.
/// </summary>
public static class CellLineReader
{
    public const string Form = "txt-cells";

    public static SourceDocument Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blocks = new List<Block>();
        var cells = new List<SourceCell>();
        bool previousWasCell = false;

        void FlushRow()
        {
            if (cells.Count > 0) blocks.Add(new RowBlock(cells.ToArray(), cells[0].Line));
            cells.Clear();
        }

        // The lines of SplitLines, as spans: a string is made only for what is kept.
        int lineNo = 0;
        foreach (var (start, length) in Lines(text))
        {
            lineNo++;
            var span = text.AsSpan(start, length);
            var lead = span.TrimStart(' ');
            if (lead.Length > 0 && lead[0] == '\t')
            {
                cells.Add(new SourceCell(lead[1..].TrimEnd('\r').ToString(), lineNo));
                previousWasCell = true;
                continue;
            }
            if (IsBlank(span))
            {
                FlushRow();
                previousWasCell = false;
                continue;
            }
            string line = span.ToString();
            if (previousWasCell && cells.Count > 0 && !Headings.LooksLikeHeading(line))
            {
                // A header word broken over two lines: the second part has no TAB.
                var last = cells[^1];
                cells[^1] = last with { Text = last.Text + line.Trim() };
                continue;
            }
            FlushRow();
            blocks.Add(new TextBlock(line, lineNo));
            previousWasCell = false;
        }
        FlushRow();
        return new SourceDocument(text, blocks, Form);
    }

    /// <summary>Splits on \n (dropping a trailing \r), so line numbers match what editors and <c>sed -n</c> show.</summary>
    public static List<string> SplitLines(string text)
    {
        var result = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            int end = i > start && text[i - 1] == '\r' ? i - 1 : i;
            result.Add(text[start..end]);
            start = i + 1;
        }
        result.Add(text[start..]);
        return result;
    }

    /// <summary>The lines <see cref="SplitLines"/> gives, as (start, length) in the text, without making them.</summary>
    public static LineRanges Lines(string text) => new(text);

    /// <summary>Enumerates the lines of a text as <see cref="SplitLines"/> splits them.</summary>
    public readonly struct LineRanges(string text)
    {
        public Enumerator GetEnumerator() => new(text);

        public struct Enumerator(string text)
        {
            private int _next;      // where the next line starts; -1 after the last
            public (int Start, int Length) Current { get; private set; }

            public bool MoveNext()
            {
                if (_next < 0) return false;
                int start = _next;
                int nl = text.IndexOf('\n', start);
                if (nl < 0)
                {
                    Current = (start, text.Length - start);
                    _next = -1;
                    return true;
                }
                int end = nl > start && text[nl - 1] == '\r' ? nl - 1 : nl;
                Current = (start, end - start);
                _next = nl + 1;
                return true;
            }
        }
    }

    /// <summary>Empty or only ASCII whitespace. An NBSP-only line without a TAB is text, not a row break.</summary>
    private static bool IsBlank(ReadOnlySpan<char> line)
    {
        foreach (char c in line)
            if (c is not (' ' or '\r' or '\t')) return false;
        return true;
    }
}

/// <summary>Recognises the six section headings and their variants (reference §2).</summary>
public static class Headings
{
    /// <summary>Section number (一 … 六) of a heading line, or null.</summary>
    public static string? SectionOf(string line)
    {
        string t = Normalize(line);
        if (t.Length == 0 || t.Length > 45) return null;
        // Numbered sub-headings such as （一）主动公开情况 are not section headings.
        if (t.StartsWith('(')) return null;
        string body = StripNumber(t);
        bool numbered = body.Length < t.Length;
        if (body.Length > 40) return null;
        // Numbered headings (四、…) may word it freely; an unnumbered line must start like a heading, or a preamble
        // broken into short lines (…诉讼情况、政府信息公开工作存在的主要问题及改进情况，以及) would pass for one.
        bool Has(string phrase) => numbered ? body.Contains(phrase) : body.StartsWith(phrase, StringComparison.Ordinal);
        if (body.StartsWith("总体情况", StringComparison.Ordinal) && (numbered || body.Length <= 8) || body == "概述") return "一";
        if (body.StartsWith("主动公开政府信息", StringComparison.Ordinal)) return body.Length <= 14 ? "二" : null;
        if (Has("收到和处理政府信息公开申请")) return "三";
        if ((body.Contains("行政复议") || body.Contains("复议")) && body.Contains("行政诉讼") && body.EndsWith("情况", StringComparison.Ordinal)
            && (numbered || body.StartsWith("政府信息公开行政", StringComparison.Ordinal) || body.StartsWith("因政府信息公开", StringComparison.Ordinal))) return "四";
        if ((Has("存在的主要问题") || Has("政府信息公开工作存在的主要问题")) && body.Contains("改进")) return "五";
        if (body.StartsWith("其他需要报告的事项", StringComparison.Ordinal) && (numbered || body.Length <= 12)) return "六";
        return null;
    }

    public static bool LooksLikeHeading(string line) => SectionOf(line) is not null;

    private static string StripNumber(string t)
    {
        // 一、 / 一. / 一 and the full-width variants, already folded by Normalize.
        if (t.Length >= 2 && "一二三四五六".Contains(t[0]) && (t[1] is '、' or '.' or ',' or ' '))
            return t[2..];
        return t;
    }

    private static string Normalize(string line)
    {
        string n = Nfkc.Normalize(line);
        var sb = new CharBuffer(stackalloc char[256], n.Length);
        foreach (char c in n)
        {
            if (Chars.IsWhiteSpace(c) || c == '\u00A0' || c == '\u3000') continue;
            sb.Append(c);
        }
        string result = new(sb.Written.TrimEnd("。:："));
        sb.Dispose();
        return result;
    }
}
