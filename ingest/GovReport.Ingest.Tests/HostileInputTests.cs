using System.IO.Compression;
using System.Text;
using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;

namespace GovReport.Ingest.Tests;

/// <summary>
/// Issue 9: hostile and broken input through the real ingest pipeline into a real DuckDB file. Every file is either
/// loaded or gets a per-file failure with its reason; the run goes on; the database stays consistent (every report
/// has its facts and source text, nothing half loaded, counts add up).
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-hostile-").FullName;
    private string Db => Path.Combine(_dir, "h.duckdb");
    private string Corpus { get; }

    public HostileInputTests()
    {
        Corpus = Path.Combine(_dir, "corpus");
        Directory.CreateDirectory(Corpus);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    private static IngestSummary Ingest(ReportStore store, params string[] paths) =>
        IngestPipeline.RunAsync(paths, store, new IngestOptions { BatchSize = 3, Workers = 2 }).GetAwaiter().GetResult();

    private static long Count(ReportStore s, string sql) => Convert.ToInt64(s.Scalar(sql));

    /// <summary>The invariants every run must leave, whatever it was fed.</summary>
    internal static void AssertConsistent(ReportStore s)
    {
        Assert.Equal(0L, Count(s, "SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_facts f WHERE f.report_id = r.report_id)"));
        Assert.Equal(0L, Count(s, "SELECT count(*) FROM report_facts f WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE f.report_id = r.report_id)"));
        Assert.Equal(0L, Count(s, "SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM source_texts t WHERE t.report_id = r.report_id)"));
        Assert.Equal(0L, Count(s, "SELECT count(*) FROM source_texts t WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE t.report_id = r.report_id)"));
        foreach (var table in new[] { "narrative_facts", "diagnostics" })
            Assert.Equal(0L, Count(s, $"SELECT count(*) FROM {table} x WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE x.report_id = r.report_id)"));
        Assert.Equal(0L, Count(s, "SELECT count(*) - count(DISTINCT report_id) FROM reports"));
        Assert.Equal(0L, Count(s, "SELECT count(*) - count(DISTINCT report_id) FROM report_facts"));
        Assert.Equal(0L, Count(s, "SELECT count(*) - count(DISTINCT source_path) FROM reports"));
        // The stored fact count is the facts stored.
        Assert.Equal(0L, Count(s, "SELECT count(*) FROM reports r JOIN report_facts f USING (report_id) WHERE len(f.field) <> r.fact_count"));
    }

    /// <summary>Runs the pipeline over the corpus and checks what every hostile run must satisfy.</summary>
    private (IngestSummary Summary, ReportStore Store) Run()
    {
        var store = ReportStore.Open(Db);
        var s = Ingest(store, Corpus);
        AssertConsistent(store);
        var c = s.Counts;
        Assert.Equal(c.FilesSeen, c.Loaded + c.Replaced + c.Unchanged + c.Duplicates + c.Failed + c.Skipped);
        Assert.Equal((long)c.Loaded, Count(store, "SELECT count(*) FROM reports"));
        Assert.Equal((long)c.Failed, Count(store, "SELECT count(*) FROM ingest_failures"));
        // Every failure names its file and says why.
        foreach (var (path, reason) in s.Failures)
        {
            Assert.False(string.IsNullOrWhiteSpace(reason), path);
            Assert.True(File.Exists(path), path);
        }
        Assert.Equal(0L, Count(store, "SELECT count(*) FROM ingest_failures WHERE source_path = '' OR trim(reason) = ''"));
        return (s, store);
    }

    private static string Reason(IngestSummary s, string name) =>
        s.Failures.Single(f => Path.GetFileName(f.Path) == name).Reason;

    private static string SeedText(string prefix) => File.ReadAllText(Fixtures.Seed(prefix));

    private string Put(string name, byte[] bytes)
    {
        string path = Path.Combine(Corpus, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Empty_and_random_bytes_under_every_name_fail_per_file_and_the_seed_still_loads()
    {
        File.Copy(Fixtures.Seed("000"), Path.Combine(Corpus, "good.txt"));
        Put("empty.txt", []);
        Put("empty.pdf", []);
        Put("empty.docx", []);
        var random = new Random(9);
        foreach (var ext in new[] { "txt", "docx", "pdf", "html" })
        {
            var b = new byte[64 * 1024];
            random.NextBytes(b);
            Put($"random.{ext}", b);
        }
        var (s, store) = Run();
        using (store)
        {
            Assert.Equal(1, s.Counts.Loaded);
            Assert.Equal(7, s.Counts.Failed);
            Assert.Contains("empty", Reason(s, "empty.txt"));
            Assert.Contains("empty", Reason(s, "empty.pdf"));
            Assert.Contains("empty", Reason(s, "empty.docx"));
            Assert.Contains("binary", Reason(s, "random.txt"));
            Assert.Contains("binary", Reason(s, "random.html"));
            Assert.Contains("docx", Reason(s, "random.docx"));
            Assert.Contains("PDF", Reason(s, "random.pdf"));
            Assert.Equal(7L, Count(store, "SELECT count(DISTINCT source_path) FROM ingest_failures"));
        }
    }

    [Fact]
    public void Invalid_utf8_and_mixed_encodings_are_read_or_refused_but_never_half_loaded()
    {
        var gb = Encoding.GetEncoding("GB18030");
        byte[] utf8 = Encoding.UTF8.GetBytes(SeedText("001"));
        // Invalid UTF-8 sequences scattered in an otherwise UTF-8 report.
        var invalid = new List<byte>(utf8);
        foreach (int at in new[] { 200, 900, 3000 }) invalid.InsertRange(at, new byte[] { 0xC3, 0x28, 0xFF, 0xE2, 0x82 });
        Put("invalid-utf8.txt", [.. invalid]);
        // The same with a BOM: decoded with replacement characters, not refused.
        Put("invalid-utf8-bom.txt", [0xEF, 0xBB, 0xBF, .. invalid]);
        // Half UTF-8, half GB18030 (a file pasted together from two sources).
        string other = SeedText("002");
        Put("mixed.txt", [.. utf8[..(utf8.Length / 2)], .. gb.GetBytes(other[(other.Length / 2)..])]);
        // UTF-16 with a GB18030 tail.
        Put("utf16-mixed.txt", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(SeedText("003")), .. gb.GetBytes(SeedText("004"))]);
        // A GB18030 report alone is read as GB18030 (the control).
        Put("gb.txt", gb.GetBytes(SeedText("000")));
        // One report, its first half of lines in UTF-8 and the rest in GB18030: read line by line, as if all UTF-8.
        var lines = SeedText("003").Split('\n');
        int half = lines.Length / 2;
        Put("same-mixed.txt", [.. Encoding.UTF8.GetBytes(string.Join('\n', lines[..half]) + "\n"), .. gb.GetBytes(string.Join('\n', lines[half..]))]);
        File.Copy(Fixtures.Seed("003"), Path.Combine(Corpus, "same-utf8.txt"));

        var (s, store) = Run();
        using (store)
        {
            Assert.Equal(7, s.Counts.Loaded + s.Counts.Failed);
            Assert.Equal("utf-8+gb18030 (mixed by line)", store.Scalar("SELECT encoding FROM reports WHERE source_path LIKE '%/same-mixed.txt'"));
            Assert.True(Count(store, "SELECT count(*) FROM facts JOIN reports USING (report_id) WHERE source_path LIKE '%/same-utf8.txt' AND status = 'reported'") > 50);
            Assert.Equal(0L, Count(store, """
                SELECT count(*) FROM (
                  (SELECT field, value, status, raw, line FROM facts JOIN reports USING (report_id) WHERE source_path LIKE '%/same-mixed.txt'
                   EXCEPT SELECT field, value, status, raw, line FROM facts JOIN reports USING (report_id) WHERE source_path LIKE '%/same-utf8.txt')
                  UNION ALL
                  (SELECT field, value, status, raw, line FROM facts JOIN reports USING (report_id) WHERE source_path LIKE '%/same-utf8.txt'
                   EXCEPT SELECT field, value, status, raw, line FROM facts JOIN reports USING (report_id) WHERE source_path LIKE '%/same-mixed.txt'))
                """));
            Assert.Equal(store.Scalar("SELECT agency_name FROM reports WHERE source_path LIKE '%/same-utf8.txt'"),
                store.Scalar("SELECT agency_name FROM reports WHERE source_path LIKE '%/same-mixed.txt'"));
            Assert.Equal("gb18030", store.Scalar("SELECT encoding FROM reports WHERE source_path LIKE '%/gb.txt'"));
            Assert.Equal(Fixtures.ParseSeed("000").Report.AgencyName, store.Scalar("SELECT agency_name FROM reports WHERE source_path LIKE '%/gb.txt'"));
            Assert.Equal("utf-8-bom (invalid bytes replaced)", store.Scalar("SELECT encoding FROM reports WHERE source_path LIKE '%/invalid-utf8-bom.txt'"));
            // No stored text holds a lone surrogate or NUL (both break exports).
            Assert.Equal(0L, Count(store, "SELECT count(*) FROM source_texts WHERE contains(text, chr(0))"));
        }
    }

    [Fact]
    public void A_100_MB_text_is_refused_by_size_without_being_read()
    {
        string big = Path.Combine(Corpus, "huge.txt");
        using (var f = File.Create(big))
        {
            byte[] line = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("行政处罚\t12\n", 4096)));
            long target = 100L * 1024 * 1024;
            for (long done = 0; done < target; done += line.Length) f.Write(line);
        }
        File.Copy(Fixtures.Seed("000"), Path.Combine(Corpus, "good.txt"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (s, store) = Run();
        using (store)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), clock.Elapsed.ToString());
            Assert.Equal(1, s.Counts.Loaded);
            Assert.Contains("too large", Reason(s, "huge.txt"));
            Assert.Contains("huge.txt", (string)store.Scalar("SELECT source_path FROM ingest_failures")!);
        }
    }

    [Fact]
    public void A_large_text_under_the_limit_is_read_in_bounded_time()
    {
        // 20 MB: a real report followed by filler lines; read, parsed and stored (or refused) within the time limit.
        string text = SeedText("000");
        var sb = new StringBuilder(text);
        string filler = "这是一段很长的附件说明文字，没有任何数字。\n";
        while (sb.Length < 7_000_000) sb.Append(filler); // ~20 MB in UTF-8
        Put("large.txt", Encoding.UTF8.GetBytes(sb.ToString()));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (s, store) = Run();
        using (store)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), clock.Elapsed.ToString());
            Assert.Equal(1, s.Counts.Loaded + s.Counts.Failed);
        }
    }

    private static string ReportHtml() => File.ReadAllText(Directory.GetFiles(Fixtures.Path_("real"), "007_*.html").Single());

    private static string Nested(int depth)
    {
        // Nested divs around a real report page, with a script, a style and a hidden element at the bottom.
        string page = ReportHtml();
        const string inner = "<p>一、总体情况</p><script>var agency = 'SCRIPT-AGENCY-MARKER';</script><style>.x{content:'STYLE-MARKER'}</style>" +
            "<p hidden>HIDDEN-MARKER</p><noscript>NOSCRIPT-MARKER</noscript>";
        return "<html><body>" + string.Concat(Enumerable.Repeat("<div>", depth)) + inner +
            string.Concat(Enumerable.Repeat("</div>", depth)) + page + "</body></html>";
    }

    [Fact]
    public void Deeply_nested_html_is_refused_quickly_or_read_without_script_text()
    {
        Put("deep-100k.html", Encoding.UTF8.GetBytes(Nested(100_000)));
        // Deep nesting alone, never closed.
        Put("deep-unclosed.html", Encoding.UTF8.GetBytes("<html><body>" + string.Concat(Enumerable.Repeat("<div><span>", 100_000)) + "2020年 行政处罚 12"));
        // Deeper than the walker recurses (400) but within what is parsed: read, the deep part as flat text.
        Put("deep-3000.html", Encoding.UTF8.GetBytes(Nested(3000)));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (s, store) = Run();
        using (store)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), clock.Elapsed.ToString());
            Assert.Contains("levels deep", Reason(s, "deep-100k.html"));
            Assert.Contains("levels deep", Reason(s, "deep-unclosed.html"));
            Assert.Equal(1, s.Counts.Loaded);
            Assert.Equal(1L, Count(store, "SELECT count(*) FROM diagnostics WHERE code = 'html_too_deep'"));
            Assert.Equal(0L, Count(store, "SELECT count(*) FROM source_texts WHERE text LIKE '%MARKER%'"));
            Assert.Equal(0L, Count(store, "SELECT count(*) FROM reports WHERE agency_name LIKE '%MARKER%'"));
            Assert.Equal(1L, Count(store, "SELECT count(*) FROM source_texts WHERE text LIKE '%一、总体情况%'"));
        }
    }

    [Fact]
    public void Nesting_depth_counts_open_elements_not_void_or_implied_ones()
    {
        Assert.Equal(3, Readers.HtmlReader.NestingDepth("<html><body><div><br><img src=x><p>a<p>b<td>c</div></body></html>"));
        Assert.Equal(1, Readers.HtmlReader.NestingDepth("<div/><div></div><span/>"));
        Assert.Equal(10, Readers.HtmlReader.NestingDepth(string.Concat(Enumerable.Repeat("<b>", 10))));
        Assert.Equal(0, Readers.HtmlReader.NestingDepth("a < b and 1<2 </> <"));
    }

    [Fact]
    public void Scripts_and_event_handlers_never_become_agency_or_values()
    {
        string page = ReportHtml();
        int body = page.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        int open = body < 0 ? 0 : page.IndexOf('>', body) + 1;
        const string hostile =
            "<script>document.title='上海市恶意机关2019年政府信息公开工作年度报告'; var 行政处罚 = 987654321;</script>" +
            "<script type=\"text/template\"><table><tr><td>行政处罚</td><td>987654321</td></tr></table></script>" +
            "<noscript>上海市恶意机关 987654321</noscript>" +
            "<img src=x onerror=\"alert('987654321')\"><a href=\"javascript:alert(987654321)\" onclick=\"steal()\"></a>" +
            "<iframe srcdoc=\"&lt;p&gt;987654321&lt;/p&gt;\"></iframe><template><p>987654321</p></template>";
        string html = page[..open] + hostile + page[open..].Replace("<table", "<table onmouseover=\"alert('987654321')\"", StringComparison.OrdinalIgnoreCase);
        Put("hostile.html", Encoding.UTF8.GetBytes(html));
        Put("plain.html", Encoding.UTF8.GetBytes(page)); // the control: the same page without the hostile parts

        var (s, store) = Run();
        using (store)
        {
            Assert.Equal(2, s.Counts.Loaded);
            string agencyHostile = (string)store.Scalar("SELECT agency_name FROM reports WHERE source_path LIKE '%/hostile.html'")!;
            string agencyPlain = (string)store.Scalar("SELECT agency_name FROM reports WHERE source_path LIKE '%/plain.html'")!;
            Assert.Equal(agencyPlain, agencyHostile);
            Assert.DoesNotContain("恶意", agencyHostile);
            Assert.Null(store.Scalar("SELECT string_agg(regexp_extract(text, '.{0,60}(987654321|alert|恶意).{0,60}'), ' | ') FROM source_texts WHERE text LIKE '%987654321%' OR text LIKE '%alert%' OR text LIKE '%恶意%'"));
            Assert.Equal(0L, Count(store, "SELECT count(*) FROM facts WHERE value = 987654321 OR raw LIKE '%9876%'"));
            // The facts of the two are the same: the hostile parts added nothing.
            Assert.Equal(0L, Count(store, """
                SELECT count(*) FROM (
                  (SELECT field, value, status FROM facts JOIN reports USING (report_id) WHERE source_path LIKE '%/hostile.html'
                   EXCEPT SELECT field, value, status FROM facts JOIN reports USING (report_id) WHERE source_path LIKE '%/plain.html')
                  UNION ALL
                  (SELECT field, value, status FROM facts JOIN reports USING (report_id) WHERE source_path LIKE '%/plain.html'
                   EXCEPT SELECT field, value, status FROM facts JOIN reports USING (report_id) WHERE source_path LIKE '%/hostile.html'))
                """));
        }
    }

    /// <summary>A real docx fixture with entries replaced or added.</summary>
    private static byte[] DocxWith(params (string Name, byte[] Data)[] replace)
    {
        byte[] docx = Fixtures.Bytes("docx", "014_fujian-pingtan-2022.report.docx");
        var map = replace.ToDictionary(r => r.Name, r => r.Data);
        var ms = new MemoryStream();
        using (var src = new ZipArchive(new MemoryStream(docx), ZipArchiveMode.Read))
        using (var dst = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in src.Entries)
            {
                using var w = dst.CreateEntry(e.FullName, CompressionLevel.Optimal).Open();
                if (map.Remove(e.FullName, out var data)) w.Write(data);
                else { using var r = e.Open(); r.CopyTo(w); }
            }
            foreach (var (name, data) in map)
            {
                using var w = dst.CreateEntry(name, CompressionLevel.Optimal).Open();
                w.Write(data);
            }
        }
        return ms.ToArray();
    }

    private static string DocumentXml()
    {
        using var zip = new ZipArchive(new MemoryStream(Fixtures.Bytes("docx", "014_fujian-pingtan-2022.report.docx")), ZipArchiveMode.Read);
        using var r = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
        return r.ReadToEnd();
    }

    [Fact]
    public void Zip_bomb_and_xxe_docx_are_refused_and_the_real_docx_loads()
    {
        File.Copy(Fixtures.Path_("docx", "014_fujian-pingtan-2022.report.docx"), Path.Combine(Corpus, "real.docx"));
        // 300 MB of zeros in an extra media entry: small on disk, refused before anything is inflated into memory.
        var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in new ZipArchive(new MemoryStream(Fixtures.Bytes("docx", "014_fujian-pingtan-2022.report.docx"))).Entries)
            {
                using var w = zip.CreateEntry(e.FullName).Open();
                using var r = e.Open();
                r.CopyTo(w);
            }
            using var b = zip.CreateEntry("word/media/image1.bin", CompressionLevel.SmallestSize).Open();
            var chunk = new byte[1 << 20];
            for (int i = 0; i < 300; i++) b.Write(chunk);
        }
        Assert.True(bomb.Length < 2 * 1024 * 1024, bomb.Length.ToString());
        Put("bomb.docx", bomb.ToArray());

        // XXE: an external entity pointing at a local file, and the billion-laughs expansion.
        string xml = DocumentXml();
        int root = xml.IndexOf("<w:document", StringComparison.Ordinal);
        string secret = Path.Combine(Path.GetTempPath(), "govreport-xxe-secret.txt");
        File.WriteAllText(secret, "XXE-SECRET-CONTENT");
        string xxe = xml[..root] + $"<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file://{secret}\">]>" +
            xml[root..].Replace("<w:body>", "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", StringComparison.Ordinal);
        Put("xxe.docx", DocxWith(("word/document.xml", Encoding.UTF8.GetBytes(xxe))));
        string laughs = xml[..root] + "<!DOCTYPE w:document [<!ENTITY a \"LOL\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">" +
            "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>" +
            xml[root..].Replace("<w:body>", "<w:body><w:p><w:r><w:t>&d;&d;&d;&d;&d;&d;&d;&d;</w:t></w:r></w:p>", StringComparison.Ordinal);
        Put("laughs.docx", DocxWith(("word/document.xml", Encoding.UTF8.GetBytes(laughs))));
        // An external relationship (a remote template / linked image): never fetched, the document is read.
        Put("external-rel.docx", DocxWith(("word/_rels/settings.xml.rels", Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            "<Relationship Id=\"rId99\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate\" Target=\"http://127.0.0.1:9/evil.dotm\" TargetMode=\"External\"/></Relationships>"))));

        try
        {
            var (s, store) = Run();
            using (store)
            {
                Assert.Contains("inflate", Reason(s, "bomb.docx"));
                Assert.Contains("DTD", Reason(s, "xxe.docx"));
                Assert.Contains("DTD", Reason(s, "laughs.docx"));
                Assert.DoesNotContain("XXE-SECRET", Reason(s, "xxe.docx"));
                Assert.Equal(0L, Count(store, "SELECT count(*) FROM source_texts WHERE text LIKE '%XXE-SECRET%' OR text LIKE '%LOLLOL%'"));
                // real.docx and external-rel.docx have different bytes and the same content: both are loaded.
                Assert.Equal(2, s.Counts.Loaded);
                Assert.Equal(1L, Count(store, "SELECT count(DISTINCT year) FROM reports WHERE year IS NOT NULL"));
            }
        }
        finally { File.Delete(secret); }
    }

    [Fact]
    public void Encrypted_pdf_and_pdf_without_text_fail_with_their_reason()
    {
        Put("encrypted.pdf", TinyPdf.Encrypted());
        Put("scan.pdf", TinyPdf.ImageOnly());
        Put("truncated.pdf", Fixtures.Bytes("real", "002_jiangsu-huaian-hongze-2023.pdf")[..4000]);
        File.Copy(Fixtures.Path_("real", "002_jiangsu-huaian-hongze-2023.pdf"), Path.Combine(Corpus, "real.pdf"));
        var (s, store) = Run();
        using (store)
        {
            Assert.StartsWith("encrypted PDF", Reason(s, "encrypted.pdf"));
            Assert.Equal(Readers.PdfReader.NoTextLayer, Reason(s, "scan.pdf"));
            Assert.False(string.IsNullOrWhiteSpace(Reason(s, "truncated.pdf")));
            Assert.Equal(1, s.Counts.Loaded);
            Assert.Equal(3, s.Counts.Failed);
        }
    }

    [Fact]
    public void Odd_file_names_are_stored_as_given_and_read()
    {
        string seed = Fixtures.Seed("000");
        string sub = Path.Combine(Corpus, "sub");
        Directory.CreateDirectory(sub);
        string control = "a\u0001b\u001bc\td\u007f\u200e\u202e名称.txt";   // control and bidi characters
        string longName = new string('长', 20) + new string('x', 180) + ".txt"; // 204 characters, 244 bytes (Linux allows 255)
        File.Copy(seed, Path.Combine(Corpus, control));
        File.WriteAllText(Path.Combine(Corpus, longName), SeedText("001"));
        File.WriteAllText(Path.Combine(Corpus, "it's \"quoted\"; DROP TABLE reports;--.txt"), SeedText("002"));
        File.WriteAllText(Path.Combine(sub, "dotdot.txt"), SeedText("003"));

        using var store = ReportStore.Open(Db);
        // A path with ../ in it: the file is read where it is, stored as given, and the same file by its plain path
        // is the same content (a duplicate), never loaded twice.
        string dotted = Path.Combine(Corpus, "sub", "..", "sub", "dotdot.txt");
        var s = Ingest(store, Corpus, dotted);
        AssertConsistent(store);
        Assert.Equal(0, s.Counts.Failed);
        Assert.Equal(4, s.Counts.Loaded);
        Assert.Equal(1, s.Counts.Duplicates);
        Assert.Equal(1L, Count(store, $"SELECT count(*) FROM reports WHERE source_path = '{IngestPipeline.Normalize(Path.Combine(Corpus, control)).Replace("'", "''")}'"));
        Assert.Equal(1L, Count(store, "SELECT count(*) FROM reports WHERE length(source_path) > 200"));
        Assert.Equal(4L, Count(store, "SELECT count(*) FROM reports"));
        Assert.Equal(4L, Count(store, "SELECT count(*) FROM report_facts"));
    }

    [Fact]
    public void The_same_report_twice_and_in_two_formats()
    {
        string html = Directory.GetFiles(Fixtures.Path_("real"), "014_*.html").Single();
        File.Copy(html, Path.Combine(Corpus, "a.html"));
        File.Copy(html, Path.Combine(Corpus, "b-copy.html"));
        File.Copy(Fixtures.Path_("docx", "014_fujian-pingtan-2022.report.docx"), Path.Combine(Corpus, "c.docx"));
        var (s, store) = Run();
        using (store)
        {
            // Byte-identical: loaded once, the copy recorded as a duplicate. Another format: another report of the
            // same agency and year (which one counts is the analysis' choice, report_agencies).
            Assert.Equal(2, s.Counts.Loaded);
            Assert.Equal(1, s.Counts.Duplicates);
            // Which of the two copies is kept depends on which worker finishes first; exactly one is.
            Assert.Equal(1L, Count(store, "SELECT count(*) FROM ingest_duplicates WHERE source_path LIKE '%/b-copy.html' OR source_path LIKE '%/a.html'"));
            Assert.Equal(1L, Count(store, "SELECT count(*) FROM reports WHERE source_path LIKE '%/b-copy.html' OR source_path LIKE '%/a.html'"));
            Assert.Equal(1L, Count(store, "SELECT count(DISTINCT year) FROM reports"));
            Assert.Equal(1L, Count(store, "SELECT count(DISTINCT region_code) FROM reports"));
            Assert.Equal(2L, Count(store, "SELECT count(DISTINCT source_form) FROM reports"));
        }
        // Again: nothing changes, nothing is loaded twice.
        using var again = ReportStore.Open(Db);
        var s2 = Ingest(again, Corpus);
        AssertConsistent(again);
        Assert.Equal(0, s2.Counts.Loaded);
        Assert.Equal(2, s2.Counts.Unchanged);
        Assert.Equal(2L, Count(again, "SELECT count(*) FROM reports"));
    }
}
