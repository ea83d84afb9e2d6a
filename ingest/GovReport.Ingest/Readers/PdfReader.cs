using GovReport.Ingest.Model;
using GovReport.Ingest.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace GovReport.Ingest.Readers;

/// <summary>
/// Text-layer PDFs (PdfPig). Reading order is rebuilt from positions, never taken from the content stream: digits set
/// in another font come out of order in <c>page.Text</c>. Tables come from their rulings (<see cref="PdfLayout"/>);
/// a PDF without a text layer, an encrypted one or a broken one is a failure with its reason.
/// </summary>
public sealed class PdfReader : IReportReader
{
    public const string NoTextLayer = "no text layer (scanned image); needs OCR";

    private static readonly ParsingOptions Strict = new() { UseLenientParsing = true };
    private static readonly ParsingOptions SkippingFonts = new() { UseLenientParsing = true, SkipMissingFonts = true };

    public string Form => "pdf";

    /// <summary>The header <c>%PDF</c> may follow a few junk bytes (the format allows it within the first 1024).</summary>
    public bool CanRead(string extension, ReadOnlySpan<byte> head) =>
        head[..Math.Min(head.Length, 1024)].IndexOf("%PDF"u8) >= 0 || extension.Equals(".pdf", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// How much CPU time one PDF may take. PdfPig cannot be cancelled, and a damaged embedded font can keep it busy for
    /// tens of seconds (the fuzzer found a mutated report whose composite TrueType glyphs took 21 s of CPU in
    /// <c>GlyphDataTable.ReadCompositeGlyph</c>); the real 6-page 淮安 report in the fixtures ingests in 1.0 s, process start included.
    /// The limit is on the reading thread's CPU time, not the clock, so that a loaded machine does not turn a slow but
    /// good PDF into a failure (the same corpus gives the same database); where a thread's CPU time cannot be read
    /// (not Linux) it is the clock. Either way the clock may run to <see cref="WallFactor"/> times the limit.
    /// </summary>
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(5);

    /// <summary>The wall-clock backstop, as a multiple of the CPU limit: a reader starved of CPU still ends. Real
    /// reports take about 1 s of CPU, so a good PDF is refused only when the reading thread gets less than a fifth of a
    /// core for the whole read.</summary>
    public const int WallFactor = 4;

    /// <summary>The longest a <see cref="Read"/> with the default limit can take on the clock (then it is refused).</summary>
    public static readonly TimeSpan DefaultWallLimit = DefaultTimeLimit * WallFactor;

    private readonly TimeSpan _timeLimit;

    public PdfReader() : this(DefaultTimeLimit) { }

    public PdfReader(TimeSpan timeLimit) => _timeLimit = timeLimit;

    public ReadResult Read(byte[] bytes)
    {
        // On a thread of its own (with a large stack: font parsing recurses) so that the run can go on when PdfPig
        // does not come back in time. The abandoned thread finishes its work in the background and is discarded.
        ReadResult? result = null;
        var clock = new ThreadClock();
        var thread = new Thread(() => { clock.Start(); result = ReadGuarded(bytes); }, 64 * 1024 * 1024) { IsBackground = true, Name = "pdf-read" };
        var wall = System.Diagnostics.Stopwatch.StartNew();
        thread.Start();
        while (!thread.Join(clock.Available ? TimeSpan.FromMilliseconds(50) : _timeLimit))
        {
            bool over = clock.Elapsed is { } cpu ? cpu > _timeLimit : wall.Elapsed > _timeLimit;
            // Join(0): a thread that ended just now has no clock left to read, and its result stands.
            if ((over || wall.Elapsed > _timeLimit * WallFactor) && !thread.Join(0))
                return ReadResult.Fail($"PDF not read: reading took longer than the {_timeLimit.TotalSeconds:0.#} s limit " +
                                       "(PdfPig was still working, most likely on a damaged or deliberately expensive embedded font)");
        }
        return result!;
    }

    private static ReadResult ReadGuarded(byte[] bytes)
    {
        try { return ReadCore(bytes); }
        catch (PdfDocumentEncryptedException ex) { return ReadResult.Fail($"encrypted PDF: it cannot be opened without its password ({ex.Message})"); }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ReadResult.Fail($"not a readable PDF ({ex.GetType().Name}: {ex.Message})");
        }
    }

    private static ReadResult ReadCore(byte[] bytes)
    {
        using var document = PdfDocument.Open(bytes, Strict);
        PdfDocument? tolerant = null; // opened only when a page fails: it skips fonts that cannot be read
        try
        {
            return Read(document, () => tolerant ??= PdfDocument.Open(bytes, SkippingFonts));
        }
        finally { tolerant?.Dispose(); }
    }

    private static ReadResult Read(PdfDocument document, Func<PdfDocument> tolerant)
    {
        var notes = new List<Diagnostic>();
        if (document.IsEncrypted)
            notes.Add(Diagnostic.Info("pdf_encrypted", "the PDF is encrypted with an empty user password (permissions only); read as usual"));

        var pages = new List<PdfPageContent>();
        var failures = new List<string>();
        int letters = 0, unmapped = 0, pageCount = document.NumberOfPages;
        for (int n = 1; n <= pageCount; n++)
        {
            Page page;
            try { page = document.GetPage(n); }
            catch (Exception ex) when (ex is not (OutOfMemoryException or PdfDocumentEncryptedException))
            {
                try
                {
                    page = tolerant().GetPage(n);
                    notes.Add(Diagnostic.Warning("pdf_font_unreadable",
                        $"page {n} could only be read by skipping fonts that cannot be loaded ({ex.GetType().Name}: {ex.Message}); text set in them is missing from this page"));
                }
                catch (Exception again) when (again is not (OutOfMemoryException or PdfDocumentEncryptedException))
                {
                    failures.Add($"page {n}: {again.GetType().Name}: {again.Message}");
                    notes.Add(Diagnostic.Warning("pdf_page_unreadable", $"page {n} could not be read ({again.GetType().Name}: {again.Message}); its content is missing"));
                    continue;
                }
            }
            PdfPageContent content;
            try { content = Content(page); }
            catch (Exception ex) when (ex is not (OutOfMemoryException or PdfDocumentEncryptedException))
            {
                failures.Add($"page {n}: {ex.GetType().Name}: {ex.Message}");
                notes.Add(Diagnostic.Warning("pdf_page_unreadable", $"page {n}: its words or rulings could not be read ({ex.GetType().Name}: {ex.Message}); its content is missing"));
                continue;
            }
            int pageLetters = page.Letters.Count(l => !string.IsNullOrWhiteSpace(l.Value));
            letters += pageLetters;
            unmapped += page.Letters.Count(l => IsUnmapped(l.Value));
            if (content.Words.Count(w => !w.Horizontal) * 2 > content.Words.Count)
                notes.Add(Diagnostic.Warning("pdf_rotated_text", $"page {n}: most of its text is rotated or vertical; its reading order may be wrong"));
            if (pageLetters == 0)
                notes.Add(Diagnostic.Warning("pdf_page_without_text", $"page {n} has no text layer{(page.NumberOfImages > 0 ? " (an image only)" : "")}; its content was not read"));
            pages.Add(content);
        }

        if (pageCount == 0) return ReadResult.Fail("not a readable PDF: it has no pages");
        if (pages.Count == 0) return ReadResult.Fail($"not a readable PDF: no page could be read ({failures[0]})");
        if (letters == 0) return ReadResult.Fail(failures.Count == 0 ? NoTextLayer : $"{NoTextLayer}; unreadable pages: {string.Join("; ", failures)}");
        if (unmapped * 2 >= letters)
            return ReadResult.Fail($"text layer without Unicode mapping ({unmapped} of {letters} glyphs have no character); needs OCR");
        if (unmapped * 50 > letters)
            notes.Add(Diagnostic.Warning("pdf_unmapped_glyphs", $"{unmapped} of {letters} glyphs have no Unicode character; text near them may be incomplete"));

        var layout = PdfLayout.Lay(pages);
        var builder = new DocumentBuilder("pdf");
        foreach (var d in notes.Concat(layout.Notes)) builder.Diagnostic(d);
        foreach (var item in layout.Items)
        {
            switch (item)
            {
                case PdfParagraph p:
                    builder.Paragraph(p.Text, p.Page);
                    break;
                case PdfTableRow r:
                    if (r.StartsTable) builder.BeginTable();
                    builder.Row(r.Cells.Select(c => (c.Text, c.SpanCopy)), r.Page);
                    break;
            }
        }
        return new ReadResult(builder.Build(), null, null);
    }

    /// <summary>A glyph whose font gives no Unicode character: empty, U+FFFD, a control or a private-use code.</summary>
    private static bool IsUnmapped(string? value) =>
        string.IsNullOrEmpty(value) || value.All(c => c == '\uFFFD' || char.IsControl(c) && !char.IsWhiteSpace(c) || c is >= '\uE000' and <= '\uF8FF');

    /// <summary>Words with glyph positions, and the rulings drawn on the page (stroked segments and thin filled bars).</summary>
    private static PdfPageContent Content(Page page)
    {
        var words = new List<PdfWord>();
        foreach (var w in page.GetWords())
        {
            if (w.Letters.Count == 0) continue;
            var glyphs = w.Letters.Select(l =>
            {
                double left = l.BoundingBox.Left, right = l.BoundingBox.Right;
                if (right - left <= 0.01) // some CID fonts give empty glyph boxes: the advance along the baseline still holds
                {
                    left = Math.Min(l.StartBaseLine.X, l.EndBaseLine.X);
                    right = Math.Max(l.StartBaseLine.X, l.EndBaseLine.X);
                }
                return new PdfGlyph(l.Value, left, right);
            }).ToList();
            var box = w.BoundingBox;
            words.Add(new PdfWord(glyphs, box.Bottom, box.Top, w.Letters[0].StartBaseLine.Y, w.Letters[0].PointSize,
                w.TextOrientation == TextOrientation.Horizontal));
        }

        var rules = new List<PdfRule>();
        foreach (var path in page.Paths)
        {
            if (path.IsClipping || !path.IsStroked && !path.IsFilled) continue;
            foreach (var sub in path)
            {
                if (!path.IsStroked)
                {
                    // Filled areas: only thin bars are rulings; cell and highlight backgrounds are not.
                    if (sub.GetBoundingRectangle() is not { } b) continue;
                    if (b.Width <= PdfLayout.RuleThickness && b.Height > b.Width)
                        Add(PdfRule.Between((b.Left + b.Right) / 2, b.Bottom, (b.Left + b.Right) / 2, b.Top));
                    else if (b.Height <= PdfLayout.RuleThickness && b.Width > b.Height)
                        Add(PdfRule.Between(b.Left, (b.Bottom + b.Top) / 2, b.Right, (b.Bottom + b.Top) / 2));
                    continue;
                }
                PdfPoint? start = null, current = null;
                foreach (var command in sub.Commands)
                {
                    switch (command)
                    {
                        case PdfSubpath.Move m:
                            start = current = m.Location;
                            break;
                        case PdfSubpath.Line l:
                            Add(PdfRule.Between(l.From.X, l.From.Y, l.To.X, l.To.Y));
                            current = l.To;
                            break;
                        case PdfSubpath.BezierCurve c:
                            current = c.EndPoint;
                            break;
                        case PdfSubpath.Close:
                            if (start is { } s && current is { } e) Add(PdfRule.Between(e.X, e.Y, s.X, s.Y));
                            current = start;
                            break;
                    }
                }
            }
        }
        return new PdfPageContent(page.Number, page.Width, page.Height, words, rules);

        void Add(PdfRule? r)
        {
            if (r is not null) rules.Add(r);
        }
    }
}
