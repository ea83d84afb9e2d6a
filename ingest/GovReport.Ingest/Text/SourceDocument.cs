namespace GovReport.Ingest.Text;

/// <summary>
/// One table cell with where it came from: the 1-based line of the document's rendered text, and for PDFs the page.
/// <paramref name="SpanCopy"/> marks a grid position covered by a colspan/rowspan of another cell: readers resolve
/// spans into a full grid, and the interpreter reads the printed cells only.
/// </summary>
public sealed record SourceCell(string Text, int Line, int? Page = null, bool SpanCopy = false);

/// <summary>A block of a report: narrative text or one table row.</summary>
public abstract record Block(int Line);

/// <summary>A line of narrative (a heading or a paragraph).</summary>
public sealed record TextBlock(string Text, int Line, int? Page = null) : Block(Line);

/// <summary>One table row as a full grid row; <see cref="Printed"/> is what the report printed (no span copies).</summary>
public sealed record RowBlock(IReadOnlyList<SourceCell> Cells, int Line) : Block(Line)
{
    public IReadOnlyList<SourceCell> Printed { get; } = PrintedOf(Cells);

    private static IReadOnlyList<SourceCell> PrintedOf(IReadOnlyList<SourceCell> cells)
    {
        for (int i = 0; i < cells.Count; i++)
            if (cells[i].SpanCopy) return cells.Where(c => !c.SpanCopy).ToArray();
        return cells;
    }

    /// <summary>Index of the table the row belongs to in its document (0, 1, …); -1 when the form has no table boundaries.</summary>
    public int Table { get; init; } = -1;
}

/// <summary>
/// The common intermediate every reader produces and the one table interpreter consumes:
/// paragraphs and table rows in document order, each with its provenance.
/// </summary>
/// <param name="Text">The text the line numbers refer to (for HTML, docx and PDF: a rendering in cell-per-line form).</param>
/// <param name="SourceForm">How the report came: <c>txt-cells</c>, <c>txt-pipe</c>, <c>html</c>, <c>docx</c>, <c>pdf</c> …</param>
public sealed record SourceDocument(string Text, IReadOnlyList<Block> Blocks, string SourceForm)
{
    public IEnumerable<RowBlock> Rows => Blocks.OfType<RowBlock>();

    /// <summary>Problems the reader met (e.g. a PDF without a text layer); the parser passes them on.</summary>
    public IReadOnlyList<Model.Diagnostic> ReaderDiagnostics { get; init; } = [];
}
