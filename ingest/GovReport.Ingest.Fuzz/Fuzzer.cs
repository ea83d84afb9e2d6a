using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;
using GovReport.Ingest.Readers;

namespace GovReport.Ingest.Fuzz;

/// <summary>What one campaign does: how many inputs at most, for how long at most, from which seed.</summary>
public sealed record FuzzOptions
{
    public long Inputs { get; init; } = 20_000;
    public double Seconds { get; init; } = 60;
    public int Seed { get; init; } = 1;
    public TimeSpan PerInputLimit { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Where crashers and hangs are written (input bytes and a .txt with the reason); none when null.</summary>
    public string? CrashDir { get; init; }
    /// <summary>The fixture folder (Fixtures of the ingest tests); found from the repository root when null.</summary>
    public string? FixtureDir { get; init; }
}

public enum Target { Txt, Html, Docx, Pdf, Table }

public sealed record Finding(Target Target, string Kind, string Signature, string Detail, byte[] Input);

public sealed class FuzzResult
{
    public long Inputs { get; set; }
    public Dictionary<Target, long> PerTarget { get; } = Enum.GetValues<Target>().ToDictionary(t => t, _ => 0L);
    public long Documents { get; set; }
    public long Failures { get; set; }
    public long Reports { get; set; }
    public List<Finding> Crashes { get; } = [];
    public List<Finding> Hangs { get; } = [];
    public TimeSpan Elapsed { get; set; }
    public double SlowestMs { get; set; }
    public Target SlowestTarget { get; set; }

    public string Summary() =>
        $"fuzz: {Inputs} inputs in {Elapsed.TotalSeconds:F1} s ({string.Join(", ", PerTarget.Select(p => $"{p.Key.ToString().ToLowerInvariant()} {p.Value}"))}); " +
        $"{Documents} read, {Failures} refused with a reason, {Reports} parsed as reports; slowest input {SlowestMs:F0} ms ({SlowestTarget}); " +
        $"{Crashes.Count} crashes, {Hangs.Count} hangs" +
        string.Concat(Crashes.Concat(Hangs).Select(f => $"\n  {f.Kind} {f.Target}: {f.Signature}"));
}

/// <summary>
/// A coverage-free mutation fuzzer over the real report fixtures: bit flips, byte sets, truncations, deletions,
/// duplications, splices between fixtures and insertions of table, heading and number fragments; docx also
/// structure-aware (word/document.xml mutated, then zipped again). Each input goes through the reader registry as
/// ingest does and, when read, through the parser; the table interpreter is also fed mutated cell text directly.
/// A crash is any exception escaping, or a reader exception the registry had to catch; a hang is an input over the
/// per-input limit. Deterministic for a seed.
/// </summary>
public static class Fuzzer
{
    public static FuzzResult Run(FuzzOptions o, Action<string>? log = null)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var corpus = Corpus.Load(o.FixtureDir ?? FindFixtures());
        var random = new Random(o.Seed);
        var result = new FuzzResult();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var lastLog = TimeSpan.Zero;
        // PDFs are the slowest to read: fewer of them, most of them small.
        (Target T, int Weight)[] mix = [(Target.Txt, 30), (Target.Html, 20), (Target.Docx, 15), (Target.Pdf, 10), (Target.Table, 25)];
        int total = mix.Sum(m => m.Weight);
        while (result.Inputs < o.Inputs && clock.Elapsed.TotalSeconds < o.Seconds && result.Hangs.Count < 3)
        {
            int pick = random.Next(total);
            var target = mix.First(m => (pick -= m.Weight) < 0).T;
            byte[] input = Mutator.Make(target, corpus, random);
            result.Inputs++;
            result.PerTarget[target]++;
            var run = Task.Run(() => Execute(target, input));
            var watch = Stopwatch.StartNew();
            if (!run.Wait(o.PerInputLimit))
            {
                Record(result.Hangs, new Finding(target, "hang", $"over {o.PerInputLimit.TotalMilliseconds:F0} ms", "", input), o, seen, log);
                continue;
            }
            double ms = watch.Elapsed.TotalMilliseconds;
            if (ms > result.SlowestMs) { result.SlowestMs = ms; result.SlowestTarget = target; }
            var outcome = run.Result;
            if (outcome.Crash is { } crash) Record(result.Crashes, new Finding(target, "crash", crash.Signature, crash.Detail, input), o, seen, log);
            if (outcome.Read) result.Documents++; else result.Failures++;
            if (outcome.Report) result.Reports++;
            if (log is not null && clock.Elapsed - lastLog > TimeSpan.FromSeconds(30))
            {
                lastLog = clock.Elapsed;
                log($"  {result.Inputs} inputs, {clock.Elapsed.TotalSeconds:F0} s, {result.Crashes.Count} crashes, {result.Hangs.Count} hangs");
            }
        }
        result.Elapsed = clock.Elapsed;
        return result;
    }

    private static void Record(List<Finding> list, Finding f, FuzzOptions o, HashSet<string> seen, Action<string>? log)
    {
        if (!seen.Add(f.Target + f.Kind + f.Signature)) return; // one input per distinct crash
        list.Add(f);
        log?.Invoke($"  {f.Kind} {f.Target}: {f.Signature}");
        if (o.CrashDir is null) return;
        Directory.CreateDirectory(o.CrashDir);
        string name = $"{f.Kind}-{f.Target.ToString().ToLowerInvariant()}-{Convert.ToHexStringLower(SHA256.HashData(f.Input))[..12]}";
        File.WriteAllBytes(Path.Combine(o.CrashDir, name + Extension(f.Target)), f.Input);
        File.WriteAllText(Path.Combine(o.CrashDir, name + ".reason.txt"), f.Signature + "\n" + f.Detail);
    }

    public static string Extension(Target t) => t switch
    {
        Target.Html => ".html", Target.Docx => ".docx", Target.Pdf => ".pdf", Target.Table => ".cells.txt", _ => ".txt",
    };

    public sealed record Outcome(bool Read, bool Report, (string Signature, string Detail)? Crash);

    /// <summary>One input as ingest treats it: the registry picks and runs the reader, the parser reads the document.</summary>
    public static Outcome Execute(Target target, byte[] input)
    {
        try
        {
            if (target == Target.Table)
            {
                var parsed = ReportParser.ParseText(Encoding.UTF8.GetString(input));
                return new Outcome(true, parsed.IsReport, Check(parsed, Encoding.UTF8.GetString(input)));
            }
            var read = ReaderRegistry.Read("input" + Extension(target), input);
            if ((read.Document is null) == (read.Failure is null))
                return new Outcome(false, false, ("contract", "exactly one of document and failure must be set"));
            if (read.Failure is not null)
            {
                // The registry's own catch: the reader threw instead of returning a reason.
                if (read.Failure.Contains(" reader failed: ", StringComparison.Ordinal))
                    return new Outcome(false, false, ("reader threw: " + Signature(read.Failure), read.Failure));
                if (string.IsNullOrWhiteSpace(read.Failure)) return new Outcome(false, false, ("contract", "empty failure reason"));
                return new Outcome(false, false, null);
            }
            var result = ReportParser.Parse(read.Document!, SourceInfo.ForText(read.Document!.Text));
            return new Outcome(true, result.IsReport, Check(result, read.Document.Text));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var frame = new StackTrace(ex).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("GovReport", StringComparison.Ordinal) == true);
            string where = frame?.GetMethod() is { } m ? $"{m.DeclaringType?.Name}.{m.Name}" : "?";
            return new Outcome(false, false, ($"{ex.GetType().Name} in {where}", ex.ToString()));
        }
    }

    /// <summary>What a parse must satisfy: every fact's line is a line of the text.</summary>
    private static (string, string)? Check(ParseResult r, string text)
    {
        int lines = text.Count(c => c == '\n') + 1;
        foreach (var f in r.Report.Facts)
            if (f.Line is { } l && (l < 1 || l > lines + 1))
                return ("fact line out of range", $"{f.Field} line {l} of {lines}");
        return null;
    }

    private static string Signature(string failure)
    {
        int colon = failure.IndexOf(": ", failure.IndexOf(" reader failed: ", StringComparison.Ordinal) + 16, StringComparison.Ordinal);
        return colon < 0 ? failure : failure[..colon];
    }

    /// <summary>The ingest test fixtures, found from the repository root above the current or the program's folder.</summary>
    public static string FindFixtures()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (string? d = start; d is not null; d = Path.GetDirectoryName(d))
            {
                string f = Path.Combine(d, "ingest", "GovReport.Ingest.Tests", "Fixtures");
                if (Directory.Exists(f)) return f;
            }
        throw new DirectoryNotFoundException("ingest/GovReport.Ingest.Tests/Fixtures not found above the current folder; pass --fixtures");
    }
}

/// <summary>The fixtures each target starts from.</summary>
public sealed class Corpus
{
    public Dictionary<Target, List<byte[]>> Files { get; } = Enum.GetValues<Target>().ToDictionary(t => t, _ => new List<byte[]>());
    /// <summary>The entries of each docx fixture, for structure-aware mutation.</summary>
    public List<List<(string Name, byte[] Data)>> Docx { get; } = [];

    public static Corpus Load(string dir)
    {
        var c = new Corpus();
        IEnumerable<string> Glob(string sub, string pattern) =>
            Directory.Exists(Path.Combine(dir, sub)) ? Directory.GetFiles(Path.Combine(dir, sub), pattern).Order(StringComparer.Ordinal) : [];
        foreach (var f in Glob("seeds", "*.txt").Concat(Glob("real", "*.txt")).Concat(Glob("real", "*.md")).Concat(Glob("t2021", "*.txt")))
        {
            c.Files[Target.Txt].Add(File.ReadAllBytes(f));
            c.Files[Target.Table].Add(File.ReadAllBytes(f));
        }
        // The HTML pages under 150 KB (the larger ones only cost time per input).
        foreach (var f in Glob("real", "*.html").Where(f => new FileInfo(f).Length < 150_000)) c.Files[Target.Html].Add(File.ReadAllBytes(f));
        foreach (var f in Glob("docx", "*.docx"))
        {
            byte[] b = File.ReadAllBytes(f);
            c.Files[Target.Docx].Add(b);
            using var zip = new ZipArchive(new MemoryStream(b), ZipArchiveMode.Read);
            c.Docx.Add(zip.Entries.Select(e => { using var s = e.Open(); var ms = new MemoryStream(); s.CopyTo(ms); return (e.FullName, ms.ToArray()); }).ToList());
        }
        foreach (var f in Glob("real", "*.pdf")) c.Files[Target.Pdf].Add(File.ReadAllBytes(f));
        foreach (var text in new[] { "2019年度政府信息公开工作年度报告", "一、总体情况 行政处罚 12 万元", "(x) Tj ET" }) c.Files[Target.Pdf].Add(TinyPdf.WithText(text));
        foreach (var (t, list) in c.Files)
            if (list.Count == 0) throw new InvalidOperationException($"no fixtures for {t} under {dir}");
        return c;
    }
}

/// <summary>The mutations.</summary>
public static class Mutator
{
    private static readonly string[] TextFragments =
    [
        "\t行政处罚\t12\n", "\t\t\t\n", "\t\n", "| 本年新收政府信息公开申请数量 | 1 | 2 | 3 | 4 | 5 | 6 | 7 |\n", "||||||||\n", "|\n",
        "一、总体情况\n", "二、主动公开政府信息情况\n", "三、收到和处理政府信息公开申请情况\n", "四、政府信息公开行政复议、行政诉讼情况\n",
        "五、存在的主要问题及改进情况\n", "（七）总计\n", "第二十条第（一）项\n", "第二十条第（八）项\n", "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n",
        "本年新收政府信息公开申请数量\n", "上年结转政府信息公开申请数量\n", "自然人\n", "商业企业\n", "行政复议\n", "维持\n", "纠正\n", "总计\n",
        "99999999999999999999999999999", "-1", "1e308", "１２３", "万元", "元", "—", "-", "/", "（", "）", "\u00A0", "\u3000", "\uFEFF",
        "\u0000", "\r", "\r\n", "2019年", "2021年度", "2147483648", "0.000000000001", "十二万", "%", "NaN", "∞", "１，２３４．５", "1,234.5万元",
        "\uD800", "\u202E", "发布日期：2020-02-30\n", "XX街道办事处\n", "（一）", "1.", "（二十）", "\t", "\n\n\n",
    ];

    private static readonly string[] HtmlFragments =
    [
        "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<td colspan=99999>", "<td rowspan=2147483647>", "<td rowspan=-5 colspan=0>", "<th>",
        "<table><tr><td>本年新收政府信息公开申请数量</td><td>1</td></tr></table>", "<div style='display:none'>", "<script>", "<!--", "<![CDATA[",
        "<br>", "&nbsp;", "&#0;", "&#xD800;", "&#x110000;", "<meta name=pubdate content='2019-13-45xx'>", "<meta name=pubdate content='x'>",
        "<title>2020年度报告</title>", "<p>一、总体情况</p>", "<svg><table>", "<math>", "<template>", "<frameset>", "<plaintext>", "<noscript>",
        "<table><table><table>", "<tbody><tr><td>第二十条第（一）项</td><td>3</td><td>4</td><td>5</td></tr></tbody>", "<p hidden>", "</body>", "<body>",
    ];

    private static readonly string[] XmlFragments =
    [
        "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>", "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        "<w:tcPr><w:gridSpan w:val=\"999999\"/></w:tcPr>", "<w:tcPr><w:gridSpan w:val=\"-3\"/><w:vMerge/></w:tcPr>", "<w:vMerge w:val=\"continue\"/>",
        "<w:trPr><w:gridBefore w:val=\"2147483647\"/><w:gridAfter w:val=\"-1\"/></w:trPr>", "<w:hMerge/>", "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>",
        "<w:altChunk r:id=\"rId999\"/>", "<w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent>", "&amp;", "<w:t>9999999999999999999999</w:t>",
        "<w:tab/>", "<w:br/>", "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>", "<w:tc>", "</w:tc>", "<w:tr>", "</w:tr>", "<w:t xml:space=\"preserve\">  </w:t>",
    ];

    private static readonly string[] PdfFragments =
    [
        "BT /F1 12 Tf 72 700 Td (x) Tj ET", "/Length 999999999", "endstream", "endobj", "xref", "trailer", "<< /Type /Page >>", "%%EOF", "/Encrypt 1 0 R",
        "startxref\n0\n", "/Count -1", "/Kids [3 0 R 3 0 R]", "0 0 100 100 re f", "1 0 0 1 0 0 cm", "/FlateDecode", "(\\", "<<", ">>", "[", "]", " 0 R",
        "/MediaBox [0 0 0 0]", "/Rotate 90", "1e38", "-1e38",
    ];

    public static byte[] Make(Target target, Corpus corpus, Random r)
    {
        if (target == Target.Docx && r.Next(2) == 0) return StructuredDocx(corpus, r);
        var pool = corpus.Files[target];
        var bytes = new List<byte>(pool[r.Next(pool.Count)]);
        // Real PDFs are large: mostly the tiny ones, so PDF inputs stay cheap.
        if (target == Target.Pdf && bytes.Count > 100_000 && r.Next(4) != 0)
        {
            var tiny = pool.Where(p => p.Length < 100_000).ToList();
            bytes = new List<byte>(tiny[r.Next(tiny.Count)]);
        }
        string[] fragments = target switch
        {
            Target.Html => HtmlFragments, Target.Pdf => PdfFragments, _ => TextFragments,
        };
        int n = 1 + r.Next(4);
        for (int i = 0; i < n; i++) Mutate(bytes, fragments, pool, r, target);
        return [.. bytes];
    }

    private static void Mutate(List<byte> b, string[] fragments, List<byte[]> pool, Random r, Target target)
    {
        int Pos() => b.Count == 0 ? 0 : r.Next(b.Count + 1);
        switch (r.Next(9))
        {
            case 0: // bit flips
                for (int k = 0, m = 1 + r.Next(8); k < m && b.Count > 0; k++) { int p = r.Next(b.Count); b[p] ^= (byte)(1 << r.Next(8)); }
                break;
            case 1: // interesting bytes
                byte[] interesting = [0, 0xFF, (byte)'<', (byte)'>', (byte)'|', (byte)'\t', (byte)'\n', (byte)'"', 0x7F, 0x80, 0xC3, 0xE4];
                for (int k = 0, m = 1 + r.Next(4); k < m && b.Count > 0; k++) b[r.Next(b.Count)] = interesting[r.Next(interesting.Length)];
                break;
            case 2: // truncation
                if (b.Count > 1) { int cut = r.Next(b.Count); b.RemoveRange(cut, b.Count - cut); }
                break;
            case 3: // delete a range
                if (b.Count > 2) { int s = r.Next(b.Count); b.RemoveRange(s, Math.Min(b.Count - s, 1 + r.Next(Math.Min(4096, b.Count)))); }
                break;
            case 4: // duplicate a range
                if (b.Count > 2)
                {
                    int s = r.Next(b.Count), len = Math.Min(b.Count - s, 1 + r.Next(Math.Min(8192, b.Count)));
                    var chunk = b.GetRange(s, len);
                    for (int k = 0, m = 1 + r.Next(r.Next(20) == 0 ? 200 : 3); k < m; k++) b.InsertRange(Pos(), chunk);
                }
                break;
            case 5: // splice from another fixture of the same kind
            {
                var other = pool[r.Next(pool.Count)];
                if (other.Length == 0) break;
                int s = r.Next(other.Length), len = Math.Min(other.Length - s, 1 + r.Next(Math.Min(16384, other.Length)));
                b.InsertRange(Pos(), other.AsSpan(s, len).ToArray());
                break;
            }
            case 6 or 7: // a fragment, sometimes many times, sometimes in GB18030
            {
                string f = fragments[r.Next(fragments.Length)];
                int times = r.Next(10) == 0 ? 1 + r.Next(500) : 1;
                var enc = target is Target.Txt && r.Next(5) == 0 ? Encoding.GetEncoding("GB18030") : Encoding.UTF8;
                byte[] data = enc.GetBytes(string.Concat(Enumerable.Repeat(f, times)));
                b.InsertRange(TextPos(b, r), data);
                break;
            }
            case 8: // line-level: swap, repeat or drop lines
                LineMutation(b, r);
                break;
        }
    }

    /// <summary>A position at a line start half the time (where table rows and headings go), anywhere otherwise.</summary>
    private static int TextPos(List<byte> b, Random r)
    {
        if (b.Count == 0) return 0;
        int p = r.Next(b.Count);
        if (r.Next(2) == 0) return p;
        while (p > 0 && b[p - 1] != (byte)'\n') p--;
        return p;
    }

    private static void LineMutation(List<byte> b, Random r)
    {
        string text = Encoding.UTF8.GetString([.. b]);
        var lines = text.Split('\n').ToList();
        if (lines.Count < 2) return;
        int i = r.Next(lines.Count), j = r.Next(lines.Count);
        switch (r.Next(3))
        {
            case 0: (lines[i], lines[j]) = (lines[j], lines[i]); break;
            case 1: lines.Insert(j, lines[i]); break;
            default: lines.RemoveAt(i); break;
        }
        b.Clear();
        b.AddRange(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
    }

    /// <summary>A docx fixture with word/document.xml mutated as text and the package zipped again.</summary>
    private static byte[] StructuredDocx(Corpus corpus, Random r)
    {
        var entries = corpus.Docx[r.Next(corpus.Docx.Count)];
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, data) in entries)
            {
                byte[] content = data;
                if (name == "word/document.xml")
                {
                    var b = new List<byte>(data);
                    for (int k = 0, n = 1 + r.Next(3); k < n; k++)
                    {
                        if (r.Next(3) == 0) Mutate(b, XmlFragments, [data], r, Target.Docx);
                        else
                        {
                            // Insert a fragment right after a tag, where it stays well-formed more often.
                            int p = r.Next(b.Count);
                            while (p < b.Count && b[p] != (byte)'>') p++;
                            b.InsertRange(Math.Min(b.Count, p + 1), Encoding.UTF8.GetBytes(XmlFragments[r.Next(XmlFragments.Length)]));
                        }
                    }
                    content = [.. b];
                }
                using var s = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                s.Write(content);
            }
        return ms.ToArray();
    }
}

/// <summary>Minimal one-page PDFs with one line of text (ASCII objects, exact xref offsets).</summary>
internal static class TinyPdf
{
    public static byte[] WithText(string text)
    {
        string content = $"BT /F1 12 Tf 72 700 Td ({text}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            $"<< /Length {Encoding.UTF8.GetByteCount(content)} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var sb = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.UTF8.GetByteCount(sb.ToString()));
            sb.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        int xref = Encoding.UTF8.GetByteCount(sb.ToString());
        sb.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (int o in offsets) sb.Append($"{o:D10} 00000 n \n");
        sb.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
