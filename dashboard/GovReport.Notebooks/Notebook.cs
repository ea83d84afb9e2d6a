namespace GovReport.Notebooks;

/// <summary>
/// A parsed notebook: front matter (title, description, parameters with defaults) and its cells in order. Lines are
/// 1-based lines of the notebook file.
/// </summary>
public sealed record Notebook(
    string Path,
    string Title,
    string? Description,
    IReadOnlyList<NotebookParameter> Parameters,
    IReadOnlyList<NotebookCell> Cells);

/// <summary>A parameter and its default: a quoted YAML scalar is text, an unquoted integer a BIGINT, a decimal a DOUBLE, true/false a BOOLEAN.</summary>
public sealed record NotebookParameter(string Name, object Default);

public abstract record NotebookCell(int Line);

/// <summary>Prose between the code blocks, as written.</summary>
public sealed record MarkdownCell(int Line, string Markdown) : NotebookCell(Line);

/// <summary>A ```sql block: one statement, parameters as <c>$name</c>.</summary>
public sealed record SqlCell(int Line, string Sql) : NotebookCell(Line);

/// <summary>A ```chart block: charts the result of the SQL block before it.</summary>
public sealed record ChartCell(int Line, string Source, ChartBlock Spec) : NotebookCell(Line);

/// <summary>
/// What a ```chart block says, one <c>key: value</c> a line: <c>kind</c> bar|line|scatter, <c>x</c> and <c>y</c>
/// (column names), <c>title</c>, and optionally <c>series</c> (line: the column naming each line), <c>label</c>
/// (scatter: the column naming each point), <c>highlight</c> (the label drawn in the accent colour),
/// <c>horizontal</c> (bar: true for rankings), <c>xlabel</c>/<c>ylabel</c> (axis titles; default the column names).
/// </summary>
public sealed record ChartBlock(
    string Kind, string X, string Y, string Title,
    string? Series = null, string? Label = null, string? Highlight = null, bool Horizontal = false,
    string? XLabel = null, string? YLabel = null);

/// <summary>A notebook that cannot be parsed or run: the file, the 1-based line and what went wrong.</summary>
public sealed class NotebookException(string file, int line, string problem, Exception? inner = null)
    : Exception($"{file}:{line}: {problem}", inner)
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Problem { get; } = problem;
}
