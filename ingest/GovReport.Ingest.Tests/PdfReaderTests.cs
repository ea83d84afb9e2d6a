using System.Text;
using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;
using GovReport.Ingest.Readers;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Tests;

/// <summary>
/// The PDF reader on the two real text-layer PDFs (every table value against values read by hand from the rendered
/// pages, Fixtures/real/*.expect), on PDFs that cannot be read (no text layer, encrypted, random, truncated), and the
/// layout rules on synthetic pages.
/// </summary>
public class PdfReaderTests
{
    public static TheoryData<string> RealPdfs() => new() { "001_jiangsu-huaian-city-2024", "002_jiangsu-huaian-hongze-2023" };

    private static (SourceDocument Doc, ParseResult Result) ReadReal(string name)
    {
        byte[] bytes = Fixtures.Bytes("real", name + ".pdf");
        var read = new PdfReader().Read(bytes);
        Assert.True(read.Document is not null, read.Failure);
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        return (read.Document!, ReportParser.Parse(read.Document!, new SourceInfo(sha[..16], name + ".pdf", sha, bytes.Length, read.Encoding)));
    }

    // ---- The real PDFs.

    [Theory]
    [MemberData(nameof(RealPdfs))]
    public void Every_table_value_matches_the_page(string name)
    {
        var expect = Expectations.Load(Fixtures.Path_("real", name + ".expect"));
        var (_, result) = ReadReal(name);
        Assert.Equal(expect.Template, result.Report.Template);
        Assert.Equal(int.Parse(expect.Header["year"]), result.Report.Year);
        Assert.Equal(expect.Header["agency"], result.Report.AgencyName);
        Assert.Equal(200, expect.Cells.Count);
        var problems = new List<string>();
        foreach (var e in expect.Cells)
        {
            var f = result.Report.Fact(e.Field);
            if (f is null) { problems.Add($"{e.Field}: no fact"); continue; }
            // The expect files write money as printed; the 2021 收费金额 header fixes 万元.
            decimal? expected = e.Field == "s2_fee_amount" && e.Value is { } v ? v * 10_000m : e.Value;
            if (f.Status != e.Status) problems.Add($"{e.Field}: status {f.Status}, expected {e.Status} (token {e.Token})");
            else if (f.Value != expected) problems.Add($"{e.Field}: value {f.Value}, expected {expected}");
        }
        Assert.True(problems.Count == 0, $"{problems.Count} of {expect.Cells.Count} fields wrong:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(RealPdfs))]
    public void Every_value_points_at_its_cell_in_the_rendered_text(string name)
    {
        var (doc, result) = ReadReal(name);
        var lines = doc.Text.Split('\n');
        var reported = result.Report.Facts.Where(f => f.Status == FactStatus.Reported).ToList();
        Assert.True(reported.Count >= 179, $"only {reported.Count} reported facts");
        foreach (var f in reported)
            Assert.Equal("\t" + f.Raw, lines[f.Line!.Value - 1]);
    }

    [Fact]
    public void Hybrid_single_other_row_is_reported_not_split()
    {
        var (_, result) = ReadReal("002_jiangsu-huaian-hongze-2023");
        Assert.Contains(result.Diagnostics, d => d.Code == "template_hybrid");
    }

    [Fact]
    public void Tables_split_over_pages_stay_one_table_with_page_provenance()
    {
        var (doc, _) = ReadReal("001_jiangsu-huaian-city-2024");
        RowBlock RowWith(string label) => doc.Rows.Single(r => r.Printed.Any(c => c.Text == label));
        // Table 二 runs from page 3 to 4, table 三 from 4 to 5.
        Assert.Equal(3, RowWith("行政许可").Printed[0].Page);
        Assert.Equal(4, RowWith("行政处罚").Printed[0].Page);
        Assert.Equal(RowWith("行政许可").Table, RowWith("行政处罚").Table);
        Assert.Equal(4, RowWith("1.本机关不掌握相关政府信息").Printed[^1].Page);
        Assert.Equal(5, RowWith("3.补正后申请内容仍不明确").Printed[^1].Page);
        Assert.Equal(RowWith("1.本机关不掌握相关政府信息").Table, RowWith("（七）总计").Table);
        Assert.NotEqual(RowWith("（七）总计").Table, RowWith("行政复议").Table);
    }

    [Fact]
    public void Merged_and_wrapped_labels_are_one_cell_of_their_row()
    {
        var (doc, _) = ReadReal("001_jiangsu-huaian-city-2024");
        var printed = doc.Rows.Select(r => r.Printed.Select(c => c.Text).ToList()).ToList();
        // 三、本年度办理结果 is set one character per line; it opens the row of （一）予以公开.
        Assert.Contains(printed, r => r.Take(2).SequenceEqual(["三、本年度办理结果", "（一）予以公开"]));
        Assert.Contains(printed, r => r.SequenceEqual(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]));
        Assert.Contains(printed, r => r.SequenceEqual(["（六）其他处理", "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "67", "3", "0", "0", "1", "0", "71"]));
        // Table 四's header words wrapped in their cells (结果/维持) read whole.
        Assert.Contains(printed, r => r.SequenceEqual(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]));
        // No row is made of stray single characters.
        Assert.DoesNotContain(printed, r => r.Count > 0 && r.All(c => c.Length == 1 && !char.IsAsciiDigit(c[0])));
    }

    [Fact]
    public void Narrative_is_in_reading_order_without_page_numbers()
    {
        var (doc, result) = ReadReal("001_jiangsu-huaian-city-2024");
        // page.Text gives “共计 95 年四个季度 个” here: the digits are in another font.
        Assert.Contains("全市在运维政务新媒体共计95个，在省办2024年四个季度政务新媒体检查抽查中", doc.Text);
        // A sentence broken by the page break (-1-) is one paragraph.
        Assert.Contains("“建设‘四最’一流营商环境高质量推进产业发展”", doc.Text);
        Assert.DoesNotContain(doc.Text.Split('\n'), l => System.Text.RegularExpressions.Regex.IsMatch(l.Trim(), @"^-\s*\d+\s*-$"));
        Assert.Equal("一二三四五六", string.Concat(result.Report.SectionsFound));
    }

    [Fact]
    public void Registry_reads_a_pdf_with_the_pdf_reader()
    {
        var read = ReaderRegistry.Read("report", Fixtures.Bytes("real", "002_jiangsu-huaian-hongze-2023.pdf"));
        Assert.Null(read.Failure);
        Assert.Equal("pdf", read.Document!.SourceForm);
    }

    // ---- PDFs that cannot be read.

    [Fact]
    public void Pdf_without_a_text_layer_fails_as_needing_OCR()
    {
        var read = new PdfReader().Read(TinyPdf.ImageOnly());
        Assert.Null(read.Document);
        Assert.Equal("no text layer (scanned image); needs OCR", read.Failure);
        // The same file with one line of text is read: the failure is the missing text, not the file.
        var control = new PdfReader().Read(TinyPdf.WithText("Annual report 2024"));
        Assert.Null(control.Failure);
        Assert.Contains("Annual report 2024", control.Document!.Text);
    }

    [Fact]
    public void Pdf_that_keeps_the_reader_busy_past_its_limit_is_refused_and_the_reader_comes_back()
    {
        // A mutated real report found by the fuzzer: its embedded TrueType font's composite glyphs keep PdfPig busy
        // for about 20 s of CPU. With a 1 s limit the reader must give up and say why instead of waiting.
        var bytes = Fixtures.Bytes("fuzz", "hang-composite-glyphs.pdf");
        var read = new PdfReader(TimeSpan.FromSeconds(1)).Read(bytes);
        Assert.Null(read.Document);
        Assert.Contains("longer than the 1 s limit", read.Failure);
        // The limit is the reader's, not a broken reader: an ordinary PDF under the same limit is read.
        var control = new PdfReader(TimeSpan.FromSeconds(30)).Read(TinyPdf.WithText("Annual report 2024"));
        Assert.Contains("Annual report 2024", control.Document!.Text);
    }

    [Fact]
    public void The_pdf_limit_counts_the_reading_threads_cpu_not_the_clock()
    {
        // The limit must not depend on how busy the machine is: a thread that waits uses no CPU time however long it
        // waits, and one that works shows its work to the thread that watches it.
        if (!OperatingSystem.IsLinux()) return; // elsewhere the limit is the clock, by design
        var sleeper = new ThreadClock();
        var slept = new ManualResetEventSlim();
        var t = new Thread(() => { sleeper.Start(); slept.Wait(); });
        t.Start();
        Thread.Sleep(400);
        var idle = sleeper.Elapsed;
        var worker = new ThreadClock();
        var busy = new ManualResetEventSlim();
        var u = new Thread(() =>
        {
            worker.Start();
            double x = 0;
            while (!busy.IsSet) x += Math.Sqrt(x + 1);
            GC.KeepAlive(x);
        });
        u.Start();
        TimeSpan? work = null;
        for (int i = 0; i < 400 && work is not { TotalMilliseconds: >= 150 }; i++) { Thread.Sleep(25); work = worker.Elapsed; }
        busy.Set(); slept.Set(); t.Join(); u.Join();
        Assert.NotNull(idle);
        Assert.True(idle < TimeSpan.FromMilliseconds(100), $"a sleeping thread used {idle} of CPU in 400 ms");
        Assert.True(work >= TimeSpan.FromMilliseconds(150), $"a spinning thread's CPU time read from outside: {work}");
    }

    [Fact]
    public void Encrypted_pdf_fails_with_the_reason()
    {
        var read = new PdfReader().Read(TinyPdf.Encrypted());
        Assert.Null(read.Document);
        Assert.StartsWith("encrypted PDF", read.Failure);
    }

    [Fact]
    public void Random_bytes_named_pdf_fail_with_a_reason()
    {
        var bytes = new byte[4096];
        new Random(20240101).NextBytes(bytes);
        bytes[0] = (byte)'x'; // not %PDF by chance
        var read = ReaderRegistry.Read("random.pdf", bytes);
        Assert.Null(read.Document);
        Assert.StartsWith("not a readable PDF", read.Failure);
    }

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.75)]
    [InlineData(0.95)]
    [InlineData(0.999)]
    public void Truncated_pdf_fails_or_parses_without_throwing(double share)
    {
        byte[] full = Fixtures.Bytes("real", "001_jiangsu-huaian-city-2024.pdf");
        byte[] cut = full[..(int)(full.Length * share)];
        var read = new PdfReader().Read(cut);
        Assert.True(read.Document is null != read.Failure is null, "exactly one of document and failure");
        if (read.Failure is not null) Assert.False(string.IsNullOrWhiteSpace(read.Failure));
        else Assert.NotNull(ReportParser.Parse(read.Document!, SourceInfo.ForText(read.Document!.Text)).Report);
    }

    [Fact]
    public void CanRead_by_magic_bytes_then_extension()
    {
        var reader = new PdfReader();
        Assert.True(reader.CanRead("", "%PDF-1.7\n"u8));
        Assert.True(reader.CanRead(".PDF", "garbage"u8));
        Assert.False(reader.CanRead(".txt", "一、总体情况"u8.ToArray()));
    }

    // ---- Layout rules on synthetic pages (PDF user space, y up).

    private static PdfPageContent Page(int number, IEnumerable<PdfWord> words, IEnumerable<PdfRule>? rules = null) =>
        new(number, 595, 842, words.ToList(), (rules ?? []).ToList());

    private static PdfWord W(string text, double x, double baseline, double size = 10) => PdfWord.Of(text, x, baseline, size);

    private static IEnumerable<PdfRule> Box(double left, double bottom, double right, double top) =>
    [
        new(left, top, right, top), new(left, bottom, right, bottom), new(left, bottom, left, top), new(right, bottom, right, top),
    ];

    private static List<List<string>> Printed(PdfLayoutResult r) =>
        r.Items.OfType<PdfTableRow>().Select(row => row.Cells.Where(c => !c.SpanCopy).Select(c => c.Text).ToList()).ToList();

    [Fact]
    public void Words_are_ordered_by_position_not_by_content_order()
    {
        // The digits come last in the content stream, as when they are set in another font.
        var page = Page(1, [W("共计", 100, 700, 16), W("个", 148, 700, 16), W("95", 134, 700, 8)]);
        var r = PdfLayout.Lay([page]);
        Assert.Equal("共计95个", Assert.Single(r.Items.OfType<PdfParagraph>()).Text);
    }

    [Fact]
    public void Page_number_lines_are_dropped()
    {
        var page = Page(1, [W("正文一行。", 72, 700), W("-3-", 290, 40), W("—", 280, 60), W("1", 292, 60), W("—", 300, 60)]);
        var r = PdfLayout.Lay([page]);
        Assert.Equal(["正文一行。"], r.Items.OfType<PdfParagraph>().Select(p => p.Text));
    }

    [Fact]
    public void Ruled_table_merges_a_vertical_label_and_wrapped_labels_into_their_cells()
    {
        // Columns: vertical label (0-20, no inner horizontals), row label (20-120), one value (120-170); three bands.
        var rules = new List<PdfRule>
        {
            new(0, 100, 170, 100), new(0, 40, 170, 40), new(20, 80, 170, 80), new(20, 60, 170, 60),
            new(0, 40, 0, 100), new(20, 40, 20, 100), new(120, 40, 120, 100), new(170, 40, 170, 100),
        };
        var words = new List<PdfWord>
        {
            W("三", 5, 90, 8), W("、", 5, 80, 8), W("本", 5, 70, 8), W("年", 5, 60, 8), W("度", 5, 50, 8),
            W("（一）予以公开", 22, 87), W("5", 140, 87),
            W("（二）部分公开", 22, 72, 8), W("（区分处理）", 22, 63, 8), W("3", 140, 67),
            W("（七）总计", 22, 47), W("8", 140, 47),
        };
        var r = PdfLayout.Lay([Page(1, words, rules)]);
        Assert.Equal(
            [["三、本年度", "（一）予以公开", "5"], ["（二）部分公开（区分处理）", "3"], ["（七）总计", "8"]],
            Printed(r));
        Assert.Empty(r.Items.OfType<PdfParagraph>());
    }

    [Fact]
    public void A_word_running_over_a_ruling_is_cut_into_its_cells()
    {
        // "1" and "2" sit in neighbouring cells with no space between them, so they come as one word "12".
        var word = new PdfWord([new PdfGlyph("1", 44, 49), new PdfGlyph("2", 51, 56)], 699, 709, 700, 10);
        var r = PdfLayout.Lay([Page(1, [W("行", 10, 700), word], [.. Box(0, 690, 100, 720), new(30, 690, 30, 720), new(50, 690, 50, 720)])]);
        Assert.Equal([["行", "1", "2"]], Printed(r));
    }

    [Fact]
    public void Table_cut_by_a_page_break_continues_on_the_next_page()
    {
        var page1 = Page(1, [W("规章", 80, 90), W("1", 200, 90), W("行政规范性文件", 80, 70), W("8", 200, 70)],
            [.. Box(72, 60, 300, 100), new(72, 80, 300, 80), new(150, 60, 150, 100)]);
        // Page 2 opens with the rest of the table; its top row has no ruling above (the verticals close it).
        var page2 = Page(2, [W("行政许可", 80, 790), W("447228", 200, 790), W("行政处罚", 80, 770), W("3985758", 200, 770)],
            [new(72, 760, 300, 760), new(72, 780, 300, 780), new(72, 760, 72, 800), new(150, 760, 150, 800), new(300, 760, 300, 800)]);
        var rows = PdfLayout.Lay([page1, page2]).Items.OfType<PdfTableRow>().ToList();
        Assert.Equal([["规章", "1"], ["行政规范性文件", "8"], ["行政许可", "447228"], ["行政处罚", "3985758"]],
            rows.Select(row => row.Cells.Select(c => c.Text).ToList()));
        Assert.Equal([true, false, false, false], rows.Select(row => row.StartsTable));
        Assert.Equal([1, 1, 2, 2], rows.Select(row => row.Page));
    }

    [Fact]
    public void Unruled_vertical_header_is_read_column_by_column_not_as_rows()
    {
        double[] xs = [100, 140, 180, 220];
        var words = new List<PdfWord>();
        string[] header = ["结结其尚", "果果他未", "维纠结审", "持正果结"];
        for (int line = 0; line < header.Length; line++)
            for (int c = 0; c < 4; c++) words.Add(W(header[line][c].ToString(), xs[c], 700 - 12 * line));
        for (int c = 0; c < 4; c++) words.Add(W(c.ToString(), xs[c] + 2, 640));
        var r = PdfLayout.Lay([Page(1, words)]);
        Assert.Equal([["结果维持", "结果纠正", "其他结果", "尚未审结"], ["0", "1", "2", "3"]], Printed(r));
        Assert.Contains(r.Notes, n => n.Code == "pdf_table_unruled");
    }

    [Fact]
    public void Unruled_stacked_label_is_left_out_and_wrapped_labels_join_their_values()
    {
        var words = new List<PdfWord>
        {
            W("信息内容", 40, 230), W("自然人", 300, 230), W("总计", 360, 230),
            W("三", 10, 214), W("5.要求行政机关确认或重新出", 40, 214),
            W("、", 10, 202), W("1", 300, 202), W("1", 360, 202),
            W("本", 10, 190), W("具已获取信息", 40, 190),
            W("年", 10, 176), W("（六）其他处理", 40, 176), W("0", 300, 176), W("0", 360, 176),
        };
        var r = PdfLayout.Lay([Page(1, words)]);
        Assert.Equal(
            [["信息内容", "自然人", "总计"], ["5.要求行政机关确认或重新出具已获取信息", "1", "1"], ["（六）其他处理", "0", "0"]],
            Printed(r));
        Assert.Contains(r.Notes, n => n.Code == "pdf_vertical_label" && n.Message.Contains("三、本年"));
    }

    [Fact]
    public void Narrative_with_wide_gaps_is_not_taken_for_a_table()
    {
        // One line with values in it, alone between paragraphs: a table needs two or more rows.
        var page = Page(1, [W("第一段。", 72, 700), W("合计", 72, 680), W("95", 200, 680), W("第二段。", 72, 660)]);
        var r = PdfLayout.Lay([page]);
        Assert.Empty(r.Items.OfType<PdfTableRow>());
    }
}

/// <summary>Minimal PDFs written by hand (one page, ASCII objects, exact xref offsets).</summary>
internal static class TinyPdf
{
    public static byte[] ImageOnly()
    {
        string content = "q 200 0 0 200 100 500 cm /Im1 Do Q";
        return Build(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
            Stream("", content),
            Stream("/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8", "\u0000\u00ff\u00ff\u0000"),
        ]);
    }

    public static byte[] WithText(string text) => Build(TextObjects(text));

    /// <summary>A standard-security-handler dictionary whose user password is not empty (the check values are not those of "").</summary>
    public static byte[] Encrypted()
    {
        var objects = TextObjects("secret");
        string o = new('A', 64), u = new('B', 64);
        objects.Add($"<< /Filter /Standard /V 1 /R 2 /O <{o}> /U <{u}> /P -44 >>");
        return Build(objects, $"/Encrypt {objects.Count} 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] ");
    }

    private static List<string> TextObjects(string text) =>
    [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        Stream("", $"BT /F1 12 Tf 72 700 Td ({text}) Tj ET"),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ];

    private static string Stream(string dict, string data) => $"<< {dict} /Length {data.Length} >>\nstream\n{data}\nendstream";

    private static byte[] Build(IReadOnlyList<string> objects, string trailerExtra = "")
    {
        var sb = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Count; i++)
        {
            offsets.Add(sb.Length); // Latin-1: one byte per char
            sb.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        int xref = sb.Length;
        sb.Append($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (int o in offsets) sb.Append($"{o:D10} 00000 n \n");
        sb.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R {trailerExtra}>>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(sb.ToString());
    }
}
