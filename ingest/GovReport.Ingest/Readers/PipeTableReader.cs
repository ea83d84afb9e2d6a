using GovReport.Ingest.Text;

namespace GovReport.Ingest.Readers;

/// <summary>
/// Pipe rows as converters write them: <c>| 规章 | 0 | 0 | 0 |</c>, markdown separator rows <c>|---|---|</c>,
/// runs of <c>||||</c> for spanned cells, a leading <c>|</c> or none. Every pipe line is a row; other lines are text.
/// Line numbers are the file's own.
/// </summary>
public static partial class PipeTableReader
{
    public const string Form = "txt-pipe";

    public static SourceDocument Read(string text)
    {
        var blocks = new List<Block>();
        var lines = CellLineReader.SplitLines(text);
        int table = -1;
        bool inTable = false;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            int no = i + 1;
            if (line.Length == 0) continue; // blank lines inside markdown tables are layout, not structure
            if (IsPipeRow(line))
            {
                if (IsSeparator(line)) continue;
                if (!inTable) { table++; inTable = true; }
                blocks.Add(new RowBlock(Cells(line, no), no) { Table = table });
                continue;
            }
            if (WhitespaceRow().Match(line) is { Success: true } ws)
            {
                // "行政许可 0": a row written with spaces instead of pipes.
                if (!inTable) { table++; inTable = true; }
                var cells = new List<SourceCell> { new(ws.Groups["label"].Value.Trim(), no) };
                cells.AddRange(ws.Groups["values"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => new SourceCell(v, no)));
                blocks.Add(new RowBlock(cells, no) { Table = table });
                continue;
            }
            inTable = false;
            string t = line.TrimStart('#', ' ');
            if (t.Length > 0) blocks.Add(new TextBlock(t, no));
        }
        return new SourceDocument(text, blocks, Form);
    }

    // A label of words (no digits) then one or more numbers or placeholders separated by spaces.
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<label>[^\d\s|][^\d|]{1,40}?)\s+(?<values>(?:[+\-]?\d+(?:\.\d+)?(?:万元|元)?|-|/)(?:\s+(?:[+\-]?\d+(?:\.\d+)?(?:万元|元)?|-|/))*)$")]
    private static partial System.Text.RegularExpressions.Regex WhitespaceRow();

    private static bool IsPipeRow(string line) => line.Contains('|');

    private static bool IsSeparator(string line) => line.All(c => c is '|' or '-' or ':' or ' ');

    /// <summary>Splits on <c>|</c>; empty cells between consecutive pipes are span positions, kept as empty cells.</summary>
    private static List<SourceCell> Cells(string line, int no)
    {
        string s = line;
        if (s.StartsWith('|')) s = s[1..];
        if (s.EndsWith('|')) s = s[..^1];
        return s.Split('|').Select(c => new SourceCell(c.Trim(), no)).ToList();
    }
}
