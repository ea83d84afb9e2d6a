using GovReport.Ingest.Text;

namespace GovReport.Ingest.Readers;

/// <summary>What a reader made of a file: a document, or the reason there is none.</summary>
public sealed record ReadResult(SourceDocument? Document, string? Encoding, string? Failure)
{
    public static ReadResult Fail(string reason, string? encoding = null) => new(null, encoding, reason);
}

/// <summary>
/// Turns one container format into the common <see cref="SourceDocument"/> (paragraphs and table rows with
/// provenance). Readers never throw on bad input: they return a failure reason or a document with diagnostics.
/// </summary>
public interface IReportReader
{
    /// <summary>The source form it produces, e.g. <c>html</c>.</summary>
    string Form { get; }

    /// <summary>Whether the file is this reader's, by its magic bytes first and its extension second.</summary>
    bool CanRead(string extension, ReadOnlySpan<byte> head);

    ReadResult Read(byte[] bytes);
}
