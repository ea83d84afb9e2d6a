using System.Collections.Concurrent;
using System.Text;
using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;
using GovReport.Ingest.Readers;

namespace GovReport.Synth.Tests;

/// <summary>Runs the real readers and parser on a generated report, as ingest does on a file.</summary>
internal static class Parsed
{
    private static readonly ConcurrentDictionary<string, ParseResult> Cache = new();

    public static ParseResult Of(SynthReport r) => Cache.GetOrAdd(r.Content.GetHashCode().ToString() + r.FileName + r.Content.Length, _ => Parse(r));

    private static ParseResult Parse(SynthReport r)
    {
        byte[] bytes = new UTF8Encoding(false).GetBytes(r.Content);
        var read = ReaderRegistry.Read(r.FileName, bytes);
        Assert.True(read.Document is not null, $"{r.FileName}: {read.Failure}");
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        return ReportParser.Parse(read.Document!, new SourceInfo(sha[..16], r.FileName, sha, bytes.Length, read.Encoding));
    }

    public static decimal? Value(this ParseResult p, string field) => p.Report.Fact(field)?.Value;
}
