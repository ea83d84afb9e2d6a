using GovReport.Ingest.Text;

namespace GovReport.Ingest.Readers;

/// <summary>
/// Pipe rows as converters write them: <c>| 规章 | 0 | 0 | 0 |</c>, markdown separator rows <c>|---|---|</c>,
/// runs of <c>||||</c> for spanned cells, a leading <c>|</c> or none. Every pipe line is a row; other lines are text.
/// Line numbers are the file's own.
/// </summary>
public static class PipeTableReader
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
            inTable = false;
            string t = line.TrimStart('#', ' ');
            if (t.Length > 0) blocks.Add(new TextBlock(t, no));
        }
        return new SourceDocument(text, blocks, Form);
    }

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
