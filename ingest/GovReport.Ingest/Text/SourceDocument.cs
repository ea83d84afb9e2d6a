namespace GovReport.Ingest.Text;

/// <summary>One table cell with where it came from (1-based line of the rendered text).</summary>
public sealed record SourceCell(string Text, int Line);

/// <summary>A block of a report: narrative text or one table row.</summary>
public abstract record Block(int Line);

/// <summary>A line of narrative (a heading or a paragraph).</summary>
public sealed record TextBlock(string Text, int Line) : Block(Line);

/// <summary>One table row as a list of cells. Spans are already resolved by the reader.</summary>
public sealed record RowBlock(IReadOnlyList<SourceCell> Cells, int Line) : Block(Line);

/// <summary>
/// The common intermediate every reader produces and the one table interpreter consumes:
/// paragraphs and table rows in document order, each with its provenance.
/// </summary>
/// <param name="Text">The decoded text the line numbers refer to.</param>
/// <param name="SourceForm">How the tables were written (e.g. <c>txt-cells</c>).</param>
public sealed record SourceDocument(string Text, IReadOnlyList<Block> Blocks, string SourceForm)
{
    public IEnumerable<RowBlock> Rows => Blocks.OfType<RowBlock>();
}
