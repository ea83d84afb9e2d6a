using GovReport.Ingest.Text;

namespace GovReport.Ingest.Readers;

/// <summary>
/// Text files in every flattened form: one cell per line with TABs (<c>txt-cells</c>), pipe rows
/// (<c>| a | b |</c>, runs of <c>||||</c> for spans, a leading <c>|</c>: <c>txt-pipe</c>), and anything else read
/// line by line. Decoding (UTF-8, UTF-16, GB18030) is <see cref="TextDecoder"/>'s.
/// </summary>
public sealed class PlainTextReader : IReportReader
{
    public string Form => "txt";

    public bool CanRead(string extension, ReadOnlySpan<byte> head) => true; // the fallback: binary is refused by the decoder

    public ReadResult Read(byte[] bytes)
    {
        var decoded = TextDecoder.Decode(bytes);
        if (decoded.Text is null) return ReadResult.Fail(decoded.Failure!, decoded.Encoding);
        return new ReadResult(ReadText(decoded.Text), decoded.Encoding, null);
    }

    /// <summary>Chooses the flattened form by what the lines look like.</summary>
    public static SourceDocument ReadText(string text)
    {
        if (!text.Contains('|')) return CellLineReader.Read(text); // no line can count as piped
        int tabbed = 0, piped = 0;
        foreach (var (start, length) in CellLineReader.Lines(text))
        {
            var t = text.AsSpan(start, length).TrimStart(' ');
            if (t.StartsWith('\t')) tabbed++;
            else if (t.StartsWith('|') || t.Count('|') >= 2) piped++;
        }
        return piped > tabbed ? PipeTableReader.Read(text) : CellLineReader.Read(text);
    }
}
