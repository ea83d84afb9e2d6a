using System.Text;

namespace GovReport.Ingest.Text;

/// <summary>
/// Builds a <see cref="SourceDocument"/> for readers of containers (HTML, docx, PDF): it renders paragraphs and
/// table rows as cell-per-line text (a paragraph per line; a row as TAB-prefixed cell lines, rows separated by a
/// blank line) and gives every block and cell the line it has in that rendering, which is stored as the report's
/// source text. Span copies are not rendered; they keep the line of the cell they copy.
/// </summary>
public sealed class DocumentBuilder(string sourceForm)
{
    private readonly StringBuilder _text = new();
    private readonly List<Block> _blocks = [];
    private readonly List<Model.Diagnostic> _diagnostics = [];
    private int _line = 1;
    private bool _inTable;
    private int _table = -1;

    public string SourceForm { get; } = sourceForm;

    /// <summary>One paragraph of narrative; inner line breaks become spaces. Empty text is skipped.</summary>
    public void Paragraph(string text, int? page = null)
    {
        string t = Flatten(text);
        if (t.Length == 0) return;
        EndTable();
        _blocks.Add(new TextBlock(t, _line, page));
        AppendLine(t);
    }

    public void BeginTable()
    {
        EndTable();
        _table++;
        _inTable = true;
    }

    /// <summary>One row of a table: (text, spanCopy) per grid position. Opens a table if none is open.</summary>
    public void Row(IEnumerable<(string Text, bool SpanCopy)> cells, int? page = null)
    {
        if (!_inTable) BeginTable();
        else if (_blocks.Count > 0 && _blocks[^1] is RowBlock) AppendLine(""); // blank line between rows
        var list = new List<SourceCell>();
        int rowLine = _line, lastLine = _line;
        foreach (var (text, copy) in cells)
        {
            if (copy) { list.Add(new SourceCell(text, lastLine, page, SpanCopy: true)); continue; }
            string t = Flatten(text);
            list.Add(new SourceCell(t, _line, page));
            lastLine = _line;
            AppendLine("\t" + t);
        }
        if (list.Count == 0) return;
        _blocks.Add(new RowBlock(list, rowLine) { Table = _table });
    }

    public void EndTable()
    {
        if (!_inTable) return;
        _inTable = false;
        AppendLine("");
    }

    public void Diagnostic(Model.Diagnostic d) => _diagnostics.Add(d);

    public SourceDocument Build()
    {
        EndTable();
        return new SourceDocument(_text.ToString(), _blocks, SourceForm) { ReaderDiagnostics = _diagnostics };
    }

    private void AppendLine(string s)
    {
        _text.Append(s).Append('\n');
        _line++;
    }

    /// <summary>Collapses line breaks and runs of spaces (cells and paragraphs are one line each in the rendering).</summary>
    public static string Flatten(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool space = false;
        foreach (char c in s)
        {
            if (c is '\n' or '\r' or '\t' or ' ' or '\f' or '\v')
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
