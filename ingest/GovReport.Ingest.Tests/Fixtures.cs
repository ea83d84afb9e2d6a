using System.Globalization;
using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Tests;

/// <summary>Access to the fixture files copied beside the test assembly.</summary>
public static class Fixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Path_(params string[] parts) => Path.Combine([Dir, .. parts]);

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(Path_(parts));

    public static string Seed(string prefix) =>
        Directory.GetFiles(Path_("seeds"), prefix + "_*.txt").Single();

    /// <summary>Reads and parses a fixture as the ingest does: bytes → decoder → parser.</summary>
    public static ParseResult Parse(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        var decoded = TextDecoder.Decode(bytes);
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        return ReportParser.ParseText(decoded.Text!, new SourceInfo(sha[..16], Path.GetFileName(file), sha, bytes.Length, decoded.Encoding));
    }

    public static ParseResult ParseSeed(string prefix) => Parse(Seed(prefix));

    /// <summary>Reads a real report of Fixtures/real through the reader registry, as ingest does, and parses it.</summary>
    public static ParseResult ReadReal(string prefix, string expectedForm)
    {
        string file = Directory.GetFiles(Path_("real"), prefix + "_*").Single();
        byte[] bytes = File.ReadAllBytes(file);
        var read = GovReport.Ingest.Readers.ReaderRegistry.Read(file, bytes);
        Assert.Null(read.Failure);
        Assert.Equal(expectedForm, read.Document!.SourceForm);
        return ReportParser.Parse(read.Document, new SourceInfo("t", file, "t", bytes.Length, read.Encoding));
    }
}

/// <summary>One expected cell of a hand-written <c>.expect</c> file.</summary>
public sealed record ExpectedCell(string Field, string Status, decimal? Value, int? Line, string Token);

/// <summary>
/// Reads the <c>.expect</c> files: values read by hand from the report text (not from this program), one entry per
/// field or per table row. Tokens: a number as printed, <c>-</c> dash, <c>_</c> blank, <c>/</c> not applicable,
/// <c>?</c> not printed at all (unreadable).
/// </summary>
public static class Expectations
{
    public sealed record File_(string FileName, string Template, Dictionary<string, string> Header, List<ExpectedCell> Cells);

    public static File_ Load(string path)
    {
        var header = new Dictionary<string, string>();
        var cells = new List<ExpectedCell>();
        foreach (var raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int eq = line.IndexOf(" = ", StringComparison.Ordinal);
            if (eq < 0)
            {
                int colon = line.IndexOf(':');
                header[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                continue;
            }
            string key = line[..eq].Trim();
            var tokens = line[(eq + 3)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            int? rowLine = null;
            if (tokens[^1].StartsWith('@')) { rowLine = int.Parse(tokens[^1][1..], CultureInfo.InvariantCulture); tokens.RemoveAt(tokens.Count - 1); }
            var fields = FieldsOf(key, tokens.Count);
            for (int i = 0; i < tokens.Count; i++)
            {
                string tok = tokens[i];
                int? cellLine = rowLine + i;
                int at = tok.IndexOf('@');
                if (at > 0) { cellLine = int.Parse(tok[(at + 1)..], CultureInfo.InvariantCulture); tok = tok[..at]; }
                cells.Add(tok switch
                {
                    "-" => new ExpectedCell(fields[i], FactStatus.Dash, null, cellLine, tok),
                    "_" => new ExpectedCell(fields[i], FactStatus.Blank, null, cellLine, tok),
                    "/" => new ExpectedCell(fields[i], FactStatus.NotApplicable, null, cellLine, tok),
                    "?" => new ExpectedCell(fields[i], FactStatus.Unreadable, null, null, tok),
                    _ => new ExpectedCell(fields[i], FactStatus.Reported, decimal.Parse(tok, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), cellLine, tok),
                });
            }
        }
        return new File_(header["file"], header["template"], header, cells);
    }

    private static string[] FieldsOf(string key, int count)
    {
        if (key == "s4") return [.. FieldDictionary.ReviewLitigationCells.Select(c => c.Id)];
        if (key.StartsWith("s3_", StringComparison.Ordinal) && count == 7)
            return [.. FieldDictionary.ApplicantColumns.Select(c => FieldDictionary.S3(key[3..], c.Key))];
        return [key];
    }
}
