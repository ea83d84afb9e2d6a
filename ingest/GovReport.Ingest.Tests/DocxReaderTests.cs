using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;
using GovReport.Ingest.Readers;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Tests;

/// <summary>
/// The docx reader: real reports converted from their HTML pages (Fixtures/docx, values read by hand from the
/// pages), small documents built here with OpenXml for spans and text boxes, and hostile packages.
/// </summary>
public class DocxReaderTests
{
    // ---------------------------------------------------------------- real reports (converted from HTML)

    public static TheoryData<string> ExpectFiles() => new(
        Directory.GetFiles(Fixtures.Path_("docx"), "*.expect").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    private static (Expectations.File_ Expect, ParseResult Result, SourceDocument Doc) LoadFixture(string expectFile)
    {
        var expect = Expectations.Load(Fixtures.Path_("docx", expectFile));
        byte[] bytes = Fixtures.Bytes("docx", expect.FileName);
        var read = new DocxReader().Read(bytes);
        Assert.True(read.Document is not null, read.Failure);
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var result = ReportParser.Parse(read.Document!, new SourceInfo(sha[..16], expect.FileName, sha, bytes.Length, read.Encoding));
        return (expect, result, read.Document!);
    }

    /// <summary>Mismatches between the hand-read values and the facts; money as printed, scaled by its unit.</summary>
    private static List<string> Mismatches(Expectations.File_ expect, Report report)
    {
        var problems = new List<string>();
        foreach (var e in expect.Cells)
        {
            var f = report.Fact(e.Field);
            if (f is null) { problems.Add($"{e.Field}: no fact"); continue; }
            decimal? expected = e.Value;
            // The 2021 收费金额 header fixes 万元; the 2019 procurement amount of 007 carries 元 in its cell.
            if (e.Field == "s2_fee_amount" && expected is { } v) expected = v * 10_000m;
            if (f.Status != e.Status) problems.Add($"{e.Field}: status {f.Status} (raw “{f.Raw}”), expected {e.Status} (token {e.Token})");
            else if (f.Value != expected) problems.Add($"{e.Field}: value {f.Value} (raw “{f.Raw}”), expected {expected}");
        }
        return problems;
    }

    [Theory]
    [MemberData(nameof(ExpectFiles))]
    public void Every_table_field_matches_the_value_read_by_hand_from_the_page(string expectFile)
    {
        var (expect, result, _) = LoadFixture(expectFile);
        Assert.Equal(expect.Template, result.Report.Template);
        Assert.Equal("docx", result.Report.SourceForm);
        // Every field of the template is hand-checked: 198 (2019) or 200 (2021).
        Assert.Equal(FieldDictionary.For(expect.Template).Count(), expect.Cells.Count);
        var problems = Mismatches(expect, result.Report);
        Assert.True(problems.Count == 0, $"{problems.Count} of {expect.Cells.Count} fields wrong:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Shanghai_2019_reads_year_unit_in_cell_and_blanks()
    {
        var (_, r, _) = LoadFixture("007_shanghai-szfbgt-2019.expect");
        Assert.Equal(2019, r.Report.Year);
        var amount = r.Report.Fact("s2_procurement_amount")!;
        Assert.Equal(251000m, amount.Value);
        Assert.Equal("元", amount.Unit);
        Assert.Equal(UnitSource.Cell, amount.UnitSource);
        // &nbsp; cells are blank (missing), never 0.
        var blank = r.Report.Fact(FieldDictionary.S3("granted", "total"))!;
        Assert.Equal(FactStatus.Blank, blank.Status);
        Assert.Null(blank.Value);
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity == Severity.Error);
    }

    [Fact]
    public void Pingtan_2022_reads_year_and_fee_in_wan_yuan()
    {
        var (_, r, _) = LoadFixture("014_fujian-pingtan-2022.report.expect");
        Assert.Equal(2022, r.Report.Year);
        var fee = r.Report.Fact("s2_fee_amount")!;
        Assert.Equal(91_163_600m, fee.Value);
        Assert.Equal(UnitSource.Header, fee.UnitSource);
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity == Severity.Error);
    }

    [Fact]
    public void Converted_spans_become_span_copies_in_the_fixture()
    {
        var (_, _, doc) = LoadFixture("007_shanghai-szfbgt-2019.expect");
        var rows = doc.Rows.ToList();
        // 一、本年新收… is colspan=3 on the page (gridSpan 3 in the docx): label, 2 copies, 7 values.
        var newRow = rows.Single(r => r.Cells[0].Text.StartsWith("一、本年新收", StringComparison.Ordinal));
        Assert.Equal(10, newRow.Cells.Count);
        Assert.Equal([false, true, true], newRow.Cells.Take(3).Select(c => c.SpanCopy));
        Assert.Equal(8, newRow.Printed.Count);
        // 三、本年度办理结果 is rowspan=20 (vMerge): the （二） row starts with a copy of it.
        var partial = rows.Single(r => r.Printed.Count > 0 && r.Printed[0].Text.StartsWith("（二）部分公开", StringComparison.Ordinal));
        Assert.True(partial.Cells[0].SpanCopy);
        Assert.Equal("三、本年度办理结果", partial.Cells[0].Text);
        // Tables: one per table of the page.
        Assert.Equal([0, 1, 2], rows.Select(r => r.Table).Distinct());
    }

    // ---------------------------------------------------------------- documents built here

    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// <summary>A .docx whose body is the given WordprocessingML (w: and the drawing namespaces are declared).</summary>
    private static byte[] Docx(string bodyXml)
    {
        var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(
                $"""<w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body>{bodyXml}</w:body></w:document>""");
        }
        return ms.ToArray();
    }

    private static string P(string text) => $"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>";

    private static string Tc(string text, string props = "") => $"<w:tc>{(props.Length > 0 ? $"<w:tcPr>{props}</w:tcPr>" : "")}{P(text)}</w:tc>";

    private static SourceDocument ReadOk(byte[] bytes)
    {
        var r = new DocxReader().Read(bytes);
        Assert.True(r.Document is not null, r.Failure);
        return r.Document!;
    }

    private static (string, bool)[] Grid(RowBlock row) => row.Cells.Select(c => (c.Text, c.SpanCopy)).ToArray();

    [Fact]
    public void GridSpan_gives_the_cell_then_span_copies()
    {
        var doc = ReadOk(Docx(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>" +
            $"<w:tr>{Tc("第二十条第（五）项", "<w:gridSpan w:val=\"3\"/>")}</w:tr>" +
            $"<w:tr>{Tc("行政许可")}{Tc("10690", "<w:gridSpan w:val=\"2\"/>")}</w:tr></w:tbl>"));
        var rows = doc.Rows.ToList();
        Assert.Equal([("第二十条第（五）项", false), ("第二十条第（五）项", true), ("第二十条第（五）项", true)], Grid(rows[0]));
        Assert.Equal([("行政许可", false), ("10690", false), ("10690", true)], Grid(rows[1]));
        Assert.Equal(["行政许可", "10690"], rows[1].Printed.Select(c => c.Text));
        // A copy keeps the line of the cell it copies.
        Assert.Equal(rows[1].Cells[1].Line, rows[1].Cells[2].Line);
    }

    [Fact]
    public void VMerge_continuation_copies_the_cells_above()
    {
        var doc = ReadOk(Docx(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>" +
            $"<w:tr>{Tc("三、本年度办理结果", "<w:vMerge w:val=\"restart\"/>")}{Tc("勾稽", "<w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/>")}{Tc("21")}</w:tr>" +
            $"<w:tr>{Tc("", "<w:vMerge/>")}{Tc("", "<w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"continue\"/>")}{Tc("9")}</w:tr>" +
            $"<w:tr>{Tc("", "<w:vMerge w:val=\"continue\"/>")}{Tc("x")}{Tc("y")}{Tc("2")}</w:tr></w:tbl>"));
        var rows = doc.Rows.ToList();
        Assert.Equal([("三、本年度办理结果", true), ("勾稽", true), ("勾稽", true), ("9", false)], Grid(rows[1]));
        Assert.Equal([("三、本年度办理结果", true), ("x", false), ("y", false), ("2", false)], Grid(rows[2]));
        Assert.Equal(["9"], rows[1].Printed.Select(c => c.Text));
    }

    [Fact]
    public void Positions_no_cell_covers_are_empty_span_copies()
    {
        var doc = ReadOk(Docx(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>" +
            $"<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{Tc("a")}{Tc("b")}</w:tr></w:tbl>"));
        var row = doc.Rows.Single();
        Assert.Equal([("", true), ("a", false), ("b", false)], Grid(row));
        Assert.Equal(["a", "b"], row.Printed.Select(c => c.Text));
    }

    [Fact]
    public void Paragraphs_of_a_cell_are_joined_and_nbsp_is_kept_for_the_interpreter()
    {
        var doc = ReadOk(Docx(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>" +
            $"<w:tr><w:tc>{P("商业\u00A0")}{P("企业\u00A0")}</w:tc><w:tc>{P("\u00A0")}</w:tc></w:tr></w:tbl>"));
        var row = doc.Rows.Single();
        Assert.Equal("商业\u00A0 企业\u00A0", row.Cells[0].Text);
        Assert.Equal("商业企业", Label.Fold(row.Cells[0].Text));
        Assert.Equal(FactStatus.Blank, CellValue.Read(row.Cells[1].Text).Status);
    }

    [Fact]
    public void Text_box_text_is_kept_once_as_a_paragraph()
    {
        // Word writes a text box twice: a DrawingML choice and a VML fallback. Both hold the same w:txbxContent.
        string box = P("文本框里的说明");
        var doc = ReadOk(Docx(
            "<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent>" +
            "<mc:Choice Requires=\"wps\"><w:drawing><wp:inline><wp:extent cx=\"1\" cy=\"1\"/><wp:docPr id=\"1\" name=\"box\"/>" +
            "<a:graphic><a:graphicData uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"><wps:wsp>" +
            $"<wps:txbx><w:txbxContent>{box}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>" +
            $"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{box}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>" +
            "</mc:AlternateContent></w:r></w:p>" + P("下一段")));
        var texts = doc.Blocks.OfType<TextBlock>().Select(t => t.Text).ToList();
        Assert.Equal(["正文", "文本框里的说明", "下一段"], texts);
    }

    [Fact]
    public void Text_box_without_a_fallback_and_in_a_cell_is_kept()
    {
        var doc = ReadOk(Docx(
            $"<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>{P("VML框")}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>" +
            "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>" +
            $"<w:p><w:r><w:t>标签</w:t></w:r><w:r><w:pict><v:shape><v:textbox><w:txbxContent>{P("12")}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>" +
            "</w:tc></w:tr></w:tbl>"));
        Assert.Equal(["VML框"], doc.Blocks.OfType<TextBlock>().Select(t => t.Text));
        Assert.Equal("标签 12", doc.Rows.Single().Cells[0].Text);
    }

    [Fact]
    public void Field_codes_bookmarks_deleted_and_hidden_text_are_not_read()
    {
        var doc = ReadOk(Docx(
            "<w:p><w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"0\"/>" +
            "<w:r><w:t xml:space=\"preserve\">第</w:t></w:r>" +
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>" +
            "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>" +
            "<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>旧</w:delText></w:r></w:del>" +
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>" +
            "<w:r><w:t>页</w:t></w:r></w:p>"));
        Assert.Equal("第3页", Assert.Single(doc.Blocks.OfType<TextBlock>()).Text);
        Assert.Contains(doc.ReaderDiagnostics, d => d.Code == "docx_hidden_text");
    }

    [Fact]
    public void Body_order_is_kept_and_tables_are_numbered()
    {
        string table = $"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr>{Tc("x")}</w:tr></w:tbl>";
        var doc = ReadOk(Docx(P("一") + table + P("二") + table + "<w:p/>" + table));
        Assert.Equal(["T:一", "R:0", "T:二", "R:1", "R:2"],
            doc.Blocks.Select(b => b is TextBlock t ? "T:" + t.Text : "R:" + ((RowBlock)b).Table));
        Assert.Equal("docx", doc.SourceForm);
    }

    [Fact]
    public void Can_read_by_magic_and_entry_or_by_extension()
    {
        var reader = new DocxReader();
        byte[] docx = Docx(P("x"));
        Assert.True(reader.CanRead("", docx.AsSpan(0, Math.Min(4096, docx.Length))));
        Assert.True(reader.CanRead(".DOCX", "plain text"u8));
        Assert.False(reader.CanRead(".zip", ZipOf(("data/a.txt", "hello"u8.ToArray()))));
        Assert.False(reader.CanRead(".txt", "PK but not a zip"u8));
    }

    [Fact]
    public void Registry_tries_docx_before_plain_text()
    {
        var forms = ReaderRegistry.Default.Select(r => r.Form).ToList();
        Assert.True(forms.IndexOf("docx") >= 0 && forms.IndexOf("docx") < forms.IndexOf("txt"));
        var read = ReaderRegistry.Read("report.docx", Docx(P("2022年度政府信息公开工作年度报告")));
        Assert.Equal("docx", read.Document?.SourceForm);
    }

    // ---------------------------------------------------------------- hostile and broken packages

    private static byte[] ZipOf(params (string Name, byte[] Data)[] entries)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, data) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                s.Write(data);
            }
        return ms.ToArray();
    }

    /// <summary>
    /// A zip whose first entry, word/document.xml, is <paramref name="prefix"/> then <paramref name="size"/> spaces;
    /// with <paramref name="contentTypes"/> the zip also has the [Content_Types].xml every Office package has.
    /// </summary>
    private static byte[] Bomb(long size, bool contentTypes = false, string prefix = "")
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var s = zip.CreateEntry("word/document.xml", CompressionLevel.Optimal).Open())
            {
                s.Write(Encoding.UTF8.GetBytes(prefix));
                var chunk = new byte[1 << 20];
                Array.Fill(chunk, (byte)' ');
                for (long done = 0; done < size; done += chunk.Length) s.Write(chunk, 0, (int)Math.Min(chunk.Length, size - done));
            }
            if (contentTypes)
            {
                using var t = zip.CreateEntry("[Content_Types].xml").Open();
                t.Write("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"u8);
            }
        }
        return ms.ToArray();
    }

    private static string Refusal(byte[] bytes, string path = "x.docx")
    {
        ReadResult r = default!;
        var ex = Record.Exception(() => r = ReaderRegistry.Read(path, bytes));
        Assert.Null(ex);
        Assert.Null(r.Document);
        return r.Failure!;
    }

    [Fact]
    public void Zip_bomb_over_the_size_limit_is_refused()
    {
        byte[] bomb = Bomb(256L * 1024 * 1024);
        Assert.True(bomb.Length < 1024 * 1024, $"test package should stay small, is {bomb.Length} bytes");
        string why = Refusal(bomb);
        Assert.Contains("200 MB", why);
    }

    [Fact]
    public void Zip_bomb_by_compression_ratio_is_refused()
    {
        string why = Refusal(Bomb(20L * 1024 * 1024));
        Assert.Contains("zip bomb", why);
        Assert.Contains("word/document.xml", why);
    }

    [Fact]
    public void Entry_whose_declared_size_lies_is_refused()
    {
        // 2 MB of XML declared as 1000 bytes in both headers. The runtime's zip reader stops at the declared size,
        // so the part arrives cut short and is refused as malformed instead of being inflated in full.
        byte[] zip = Bomb(2L * 1024 * 1024, contentTypes: true,
            prefix: $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{W}\"><w:body>");
        PatchUncompressedSize(zip, "word/document.xml", 1000);
        string why = Refusal(zip);
        Assert.Contains("word/document.xml", why);
        Assert.True(why.Contains("not well-formed") || why.Contains("declared"), why);
    }

    /// <summary>Rewrites an entry's declared uncompressed size in its local header (the first) and its central header.</summary>
    private static void PatchUncompressedSize(byte[] zip, string name, uint size)
    {
        Assert.Equal(0x04034b50u, BitConverter.ToUInt32(zip, 0));
        Assert.Equal(name, Encoding.ASCII.GetString(zip, 30, BitConverter.ToUInt16(zip, 26)));
        BitConverter.TryWriteBytes(zip.AsSpan(22, 4), size);
        for (int at = zip.AsSpan().IndexOf("PK\u0001\u0002"u8); at >= 0;)
        {
            if (Encoding.ASCII.GetString(zip, at + 46, BitConverter.ToUInt16(zip, at + 28)) == name)
            {
                BitConverter.TryWriteBytes(zip.AsSpan(at + 24, 4), size);
                return;
            }
            int next = zip.AsSpan(at + 4).IndexOf("PK\u0001\u0002"u8);
            at = next < 0 ? -1 : at + 4 + next;
        }
        Assert.Fail($"no central header for {name}");
    }

    [Fact]
    public void Too_many_entries_are_refused()
    {
        var entries = Enumerable.Range(0, 2001).Select(i => ($"word/media/{i}.xml", "<a/>"u8.ToArray())).ToArray();
        Assert.Contains("entries", Refusal(ZipOf(entries)));
    }

    [Fact]
    public void Corrupt_docx_is_refused_without_throwing()
    {
        var random = new Random(20240611);
        byte[] junk = new byte[4096];
        random.NextBytes(junk);
        "PK\u0003\u0004"u8.CopyTo(junk);
        Assert.Contains("corrupt", Refusal(junk));

        byte[] docx = Docx(P("报告"));
        Assert.Contains("corrupt", Refusal(docx[..(docx.Length / 2)]));
    }

    [Fact]
    public void Damaged_docx_never_throws()
    {
        byte[] original = Fixtures.Bytes("docx", "014_fujian-pingtan-2022.report.docx");
        var random = new Random(7);
        var reader = new DocxReader();
        for (int i = 0; i < 60; i++)
        {
            byte[] b = (byte[])original.Clone();
            for (int k = 0; k < 8; k++) b[random.Next(b.Length)] = (byte)random.Next(256);
            ReadResult r = default!;
            Assert.Null(Record.Exception(() => r = reader.Read(b)));
            Assert.True(r.Document is not null ^ r.Failure is not null);
        }
    }

    [Fact]
    public void Encrypted_docx_is_refused_with_a_reason()
    {
        byte[] cfb = new byte[1024];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(cfb, 0);
        Assert.Contains("encrypted", Refusal(cfb));
    }

    /// <summary>The docx of <see cref="Docx"/> with word/document.xml replaced.</summary>
    private static byte[] WithDocumentXml(string xml)
    {
        byte[] docx = Docx(P("x"));
        var entries = new List<(string, byte[])>();
        using (var zip = new ZipArchive(new MemoryStream(docx), ZipArchiveMode.Read))
            foreach (var e in zip.Entries)
            {
                using var s = e.Open();
                var ms = new MemoryStream();
                s.CopyTo(ms);
                entries.Add((e.FullName, e.FullName == "word/document.xml" ? Encoding.UTF8.GetBytes(xml) : ms.ToArray()));
            }
        return ZipOf([.. entries]);
    }

    private const string DtdDocument =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<!-- a comment first -->\n" +
        "<!DOCTYPE w:document [<!ENTITY inner \"EXPANDED-ENTITY\"><!ENTITY outer SYSTEM \"file:///etc/hostname\">]>" +
        $"<w:document xmlns:w=\"{W}\"><w:body><w:p><w:r><w:t>&inner;&outer;</w:t></w:r></w:p></w:body></w:document>";

    [Fact]
    public void Doctype_and_entities_are_refused_and_never_expanded()
    {
        string why = Refusal(WithDocumentXml(DtdDocument));
        Assert.Contains("DTD", why);
        Assert.DoesNotContain("EXPANDED", why);
    }

    [Fact]
    public void OpenXml_itself_does_not_expand_a_dtd()
    {
        // The reader refuses before OpenXml sees the part; this pins that OpenXml would not expand it either.
        string? text = null;
        try
        {
            using var doc = WordprocessingDocument.Open(new MemoryStream(WithDocumentXml(DtdDocument)), false);
            text = doc.MainDocumentPart?.Document?.Body?.InnerText;
        }
        catch (System.Xml.XmlException) { }
        Assert.True(text is null || !text.Contains("EXPANDED"), text);
    }

    [Fact]
    public void Absurdly_deep_xml_is_refused()
    {
        string deep = string.Concat(Enumerable.Repeat("<w:sdt><w:sdtContent>", 200)) + P("x") + string.Concat(Enumerable.Repeat("</w:sdtContent></w:sdt>", 200));
        string xml = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{W}\"><w:body>{deep}</w:body></w:document>";
        Assert.Contains("deeper", Refusal(WithDocumentXml(xml)));
    }

    [Fact]
    public void Strict_namespace_and_elements_the_sdk_does_not_know_are_read()
    {
        const string strict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
        byte[] docx = ZipOf(
            ("[Content_Types].xml", Encoding.UTF8.GetBytes(
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
                "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>")),
            ("_rels/.rels", Encoding.UTF8.GetBytes(
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                "<Relationship Id=\"rId1\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>")),
            ("word/document.xml", Encoding.UTF8.GetBytes(
                $"<w:document xmlns:w=\"{strict}\" w:conformance=\"strict\"><w:body>" +
                "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>申请人情况</w:t></w:r></w:p></w:tc></w:tr></w:tbl>" +
                "<w:p><w:notInTheSchema xmlns:x=\"urn:x\"><x:wrap><w:r><w:t>包在未知元素里</w:t></w:r></x:wrap></w:notInTheSchema></w:p>" +
                "</w:body></w:document>")));
        var doc = ReadOk(docx);
        Assert.Equal([("申请人情况", false), ("申请人情况", true)], Grid(doc.Rows.Single()));
        Assert.Equal("包在未知元素里", Assert.Single(doc.Blocks.OfType<TextBlock>()).Text);
    }

    [Fact]
    public void Content_in_block_content_controls_is_read()
    {
        var doc = ReadOk(Docx($"<w:sdt><w:sdtContent>{P("控件里的段落")}</w:sdtContent></w:sdt>"));
        Assert.Equal("控件里的段落", Assert.Single(doc.Blocks.OfType<TextBlock>()).Text);
    }
}
