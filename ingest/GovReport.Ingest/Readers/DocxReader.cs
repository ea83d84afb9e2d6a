using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Readers;

/// <summary>
/// Word .docx files (Office Open XML), read with DocumentFormat.OpenXml after <see cref="ZipPackageCheck"/> has
/// passed the package. The body is walked in document order: paragraphs become paragraphs; each table row becomes
/// one full grid row in which <c>w:gridSpan</c> and <c>w:vMerge</c> are resolved into span copies. Text in text boxes
/// is kept; field codes, deleted text, bookmarks and hidden text are not.
/// </summary>
public sealed class DocxReader(ZipLimits? limits = null) : IReportReader
{
    /// <summary>Grid columns a row may have; Word itself stops at 63, so more is malformed or hostile.</summary>
    public const int MaxGridColumns = 256;

    private readonly ZipLimits _limits = limits ?? ZipLimits.Default;

    public string Form => "docx";

    public bool CanRead(string extension, ReadOnlySpan<byte> head) =>
        extension.Equals(".docx", StringComparison.OrdinalIgnoreCase) ||
        // Entry names sit in plain ASCII in the local headers; Word and the SDK write word/document.xml early.
        head.StartsWith("PK\u0003\u0004"u8) && head.IndexOf("word/document.xml"u8) >= 0;

    public ReadResult Read(byte[] bytes)
    {
        try
        {
            if (ZipPackageCheck.Check(bytes, _limits) is { } refused) return ReadResult.Fail($"docx refused: {refused}");
            var settings = new OpenSettings { AutoSave = false, MaxCharactersInPart = _limits.MaxUncompressedBytes };
            using var doc = WordprocessingDocument.Open(new MemoryStream(bytes, writable: false), false, settings);
            var body = doc.MainDocumentPart?.Document?.Body;
            if (body is null) return ReadResult.Fail("docx has no main document body (word/document.xml)");
            var walk = new Walk(new DocumentBuilder(Form));
            walk.Blocks(body);
            walk.Finish();
            return new ReadResult(walk.Builder.Build(), null, null); // XML parts carry their own encoding; there is no text encoding to report
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // OpenXml reports bad packages with several exception types; the reason is what matters to the user.
            return ReadResult.Fail($"docx could not be read: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// One walk over a body: the builder it fills and what it noticed on the way. Elements are matched by namespace
    /// and local name, not by SDK type, so content under an element the SDK does not know (read as an unknown
    /// element) and Strict-namespace documents are read the same way.
    /// </summary>
    private sealed class Walk(DocumentBuilder builder)
    {
        private const string WMain = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        private const string WStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
        private const string Mc = "http://schemas.openxmlformats.org/markup-compatibility/2006";

        public DocumentBuilder Builder { get; } = builder;
        private int _hiddenRuns, _numbered, _altChunks, _clamped;

        private static bool Is(OpenXmlElement e, string name) => e.LocalName == name && e.NamespaceUri is WMain or WStrict;

        private static bool IsAny(OpenXmlElement e, params ReadOnlySpan<string> names) =>
            e.NamespaceUri is WMain or WStrict && names.Contains(e.LocalName);

        private static OpenXmlElement? Child(OpenXmlElement? e, string name) =>
            e?.ChildElements.FirstOrDefault(c => Is(c, name));

        /// <summary>The w:val attribute, or null when absent.</summary>
        private static string? Val(OpenXmlElement? e) =>
            e?.GetAttributes().Where(a => a.LocalName == "val" && a.NamespaceUri is WMain or WStrict).Select(a => a.Value).FirstOrDefault();

        private static int IntVal(OpenXmlElement? e, int absent) =>
            int.TryParse(Val(e), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : absent;

        /// <summary>On/off properties: present without w:val, or with a true value, means on.</summary>
        private static bool IsOn(OpenXmlElement? e) => e is not null && Val(e) is null or "1" or "true" or "on";

        /// <summary>Wrappers whose children are read as if they stood in their place (content controls, custom XML).</summary>
        private static bool IsWrapper(OpenXmlElement e) => IsAny(e, "sdt", "sdtContent", "customXml");

        /// <summary>Block-level content in order: paragraphs, tables, and the containers that wrap them.</summary>
        public void Blocks(OpenXmlElement container)
        {
            foreach (var child in container.ChildElements)
            {
                if (Is(child, "p"))
                {
                    if (Child(Child(child, "pPr"), "numPr") is not null) _numbered++;
                    Builder.Paragraph(ParagraphText(child));
                    // Text boxes anchored in the paragraph follow it as paragraphs of their own.
                    foreach (var box in TextBoxes(child)) Blocks(box);
                }
                else if (Is(child, "tbl")) Table(child);
                else if (Is(child, "altChunk")) _altChunks++;
                else if (IsWrapper(child)) Blocks(child);
                else if (IsAlternate(child)) Blocks(Preferred(child));
            }
        }

        public void Finish()
        {
            if (_numbered > 0)
                Builder.Diagnostic(Model.Diagnostic.Info("docx_list_numbering",
                    $"{_numbered} paragraphs use Word list numbering; the numbers Word would print (一、, 1. …) are not rendered, only the text"));
            if (_hiddenRuns > 0)
                Builder.Diagnostic(Model.Diagnostic.Info("docx_hidden_text", $"{_hiddenRuns} runs of hidden text (w:vanish) were not read"));
            if (_altChunks > 0)
                Builder.Diagnostic(Model.Diagnostic.Warning("docx_altchunk",
                    $"{_altChunks} embedded documents (w:altChunk) were not read; their content is missing from this report"));
            if (_clamped > 0)
                Builder.Diagnostic(Model.Diagnostic.Warning("docx_grid_clamped",
                    $"{_clamped} table rows were wider than {MaxGridColumns} grid columns and were cut there"));
        }

        /// <summary>
        /// One table as full grid rows. A cell spanning n grid columns is printed once, then n-1 span copies; a
        /// vMerge continuation copies the grid positions above it. Positions no cell covers (w:gridBefore,
        /// w:gridAfter) are empty span copies, so the printed cells stay exactly the cells the table has.
        /// </summary>
        private void Table(OpenXmlElement table)
        {
            Builder.BeginTable();
            IReadOnlyList<string> above = [];
            foreach (var row in Descendants(table, "tr"))
            {
                var grid = new List<(string Text, bool SpanCopy)>();
                var trPr = Child(row, "trPr");
                Pad(grid, IntVal(Child(trPr, "gridBefore"), 0));
                foreach (var cell in Descendants(row, "tc"))
                {
                    if (grid.Count >= MaxGridColumns) { _clamped++; break; }
                    var tcPr = Child(cell, "tcPr");
                    int span = Math.Clamp(IntVal(Child(tcPr, "gridSpan"), 1), 1, MaxGridColumns - grid.Count);
                    var vMerge = Child(tcPr, "vMerge");
                    var hMerge = Child(tcPr, "hMerge");
                    if (hMerge is not null && Val(hMerge) is null or "continue" && grid.Count > 0)
                    {
                        // Legacy horizontal merge: the cell belongs to the one on its left.
                        for (int k = 0; k < span; k++) grid.Add((grid[^1].Text, true));
                        continue;
                    }
                    if (vMerge is not null && Val(vMerge) is null or "continue" && grid.Count + span <= above.Count)
                    {
                        for (int k = 0; k < span; k++) grid.Add((above[grid.Count], true));
                        continue;
                    }
                    // A vMerge continuation with nothing above it has nothing to continue: read as the cell it is.
                    string text = DocumentBuilder.Flatten(CellText(cell));
                    grid.Add((text, false));
                    for (int k = 1; k < span; k++) grid.Add((text, true));
                }
                Pad(grid, IntVal(Child(trPr, "gridAfter"), 0));
                Builder.Row(grid);
                above = grid.Select(g => g.Text).ToArray();
            }
            Builder.EndTable();
        }

        private void Pad(List<(string Text, bool SpanCopy)> grid, int count)
        {
            int n = Math.Clamp(count, 0, MaxGridColumns - grid.Count);
            if (n < count) _clamped++;
            for (int k = 0; k < n; k++) grid.Add(("", true));
        }

        /// <summary>Rows of a table or cells of a row, looking through content controls and custom XML.</summary>
        private static IEnumerable<OpenXmlElement> Descendants(OpenXmlElement container, string name)
        {
            foreach (var child in container.ChildElements)
            {
                if (Is(child, name)) yield return child;
                else if (IsWrapper(child))
                    foreach (var inner in Descendants(child, name)) yield return inner;
            }
        }

        /// <summary>All text of a cell: its paragraphs (and nested tables and text boxes) one per line.</summary>
        private string CellText(OpenXmlElement cell)
        {
            var lines = new List<string>();
            CollectLines(cell, lines);
            return string.Join("\n", lines.Where(l => l.Length > 0));
        }

        private void CollectLines(OpenXmlElement container, List<string> lines)
        {
            foreach (var child in container.ChildElements)
            {
                if (Is(child, "p"))
                {
                    lines.Add(ParagraphText(child));
                    foreach (var box in TextBoxes(child)) CollectLines(box, lines);
                }
                else if (IsAny(child, "tbl", "tr", "tc") || IsWrapper(child)) CollectLines(child, lines);
                else if (Is(child, "altChunk")) _altChunks++;
                else if (IsAlternate(child)) CollectLines(Preferred(child), lines);
            }
        }

        /// <summary>
        /// The text a paragraph prints, text boxes excluded (they are read as blocks of their own). Only w:t counts,
        /// so field codes (w:instrText), deleted text (w:delText), ruby annotations and bookmarks add nothing.
        /// </summary>
        private string ParagraphText(OpenXmlElement p)
        {
            var sb = new StringBuilder();
            AppendText(p, sb);
            return sb.ToString();
        }

        private void AppendText(OpenXmlElement e, StringBuilder sb)
        {
            foreach (var child in e.ChildElements)
            {
                if (IsAlternate(child)) { AppendText(Preferred(child), sb); continue; }
                if (child.NamespaceUri is not (WMain or WStrict)) { AppendText(child, sb); continue; }
                switch (child.LocalName)
                {
                    case "t": sb.Append(child.InnerText); break;
                    case "tab" or "ptab": sb.Append('\t'); break;
                    case "br" or "cr": sb.Append('\n'); break;
                    case "noBreakHyphen": sb.Append('-'); break;
                    case "txbxContent" or "del" or "moveFrom" or "rt" or "instrText" or "delText" or "pPr" or "rPr": break;
                    case "r" when IsOn(Child(Child(child, "rPr"), "vanish")): _hiddenRuns++; break;
                    default: AppendText(child, sb); break;
                }
            }
        }

        /// <summary>Text boxes inside a paragraph, in order; of an mc:AlternateContent only the preferred branch.</summary>
        private static IEnumerable<OpenXmlElement> TextBoxes(OpenXmlElement e)
        {
            foreach (var child in e.ChildElements)
            {
                if (Is(child, "txbxContent")) { yield return child; continue; }
                var next = IsAlternate(child) ? Preferred(child) : child;
                foreach (var inner in TextBoxes(next)) yield return inner;
            }
        }

        /// <summary>
        /// mc:AlternateContent holds the same content twice (a DrawingML choice and a VML fallback): reading both
        /// would print every text box twice, so only the first choice is read, or the fallback when there is none.
        /// </summary>
        private static OpenXmlElement Preferred(OpenXmlElement ac) =>
            ac.ChildElements.FirstOrDefault(c => c.NamespaceUri == Mc && c.LocalName == "Choice")
            ?? ac.ChildElements.FirstOrDefault(c => c.NamespaceUri == Mc && c.LocalName == "Fallback")
            ?? ac;

        private static bool IsAlternate(OpenXmlElement e) => e.NamespaceUri == Mc && e.LocalName == "AlternateContent";
    }
}
