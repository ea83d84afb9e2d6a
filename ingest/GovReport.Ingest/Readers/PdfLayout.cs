using System.Text;
using System.Text.RegularExpressions;
using GovReport.Ingest.Model;
using GovReport.Ingest.Parsing;

namespace GovReport.Ingest.Readers;

/// <summary>One glyph (or ligature) of a word with its horizontal extent, in PDF user space.</summary>
public sealed record PdfGlyph(string Text, double Left, double Right);

/// <summary>
/// A word as the PDF placed it (PDF user space: y grows upwards). Glyph positions are kept so that a word that
/// runs over a table ruling can be cut there.
/// </summary>
public sealed record PdfWord(IReadOnlyList<PdfGlyph> Glyphs, double Bottom, double Top, double Baseline, double FontSize, bool Horizontal = true)
{
    public string Text => string.Concat(Glyphs.Select(g => g.Text));
    public double Left => Glyphs.Count == 0 ? 0 : Glyphs.Min(g => g.Left);
    public double Right => Glyphs.Count == 0 ? 0 : Glyphs.Max(g => g.Right);

    /// <summary>A word with evenly spaced glyphs (CJK one em wide, others half): for tests and synthetic layouts.</summary>
    public static PdfWord Of(string text, double left, double baseline, double fontSize = 10)
    {
        var glyphs = new List<PdfGlyph>();
        double x = left;
        foreach (char c in text)
        {
            double w = PdfLayout.IsCjk(c) ? fontSize : fontSize / 2;
            glyphs.Add(new PdfGlyph(c.ToString(), x, x + w));
            x += w;
        }
        return new PdfWord(glyphs, baseline - 0.12 * fontSize, baseline + 0.88 * fontSize, baseline, fontSize);
    }
}

/// <summary>An axis-parallel ruling segment (a stroked line, a rectangle edge or a thin filled bar), normalized so X1 ≤ X2, Y1 ≤ Y2.</summary>
public sealed record PdfRule(double X1, double Y1, double X2, double Y2)
{
    public bool IsHorizontal => Y2 - Y1 <= PdfLayout.RuleThickness && X2 - X1 > Y2 - Y1;
    public bool IsVertical => X2 - X1 <= PdfLayout.RuleThickness && Y2 - Y1 > X2 - X1;
    public double Y => (Y1 + Y2) / 2;
    public double X => (X1 + X2) / 2;

    /// <summary>The segment between two points when it is horizontal or vertical and long enough to separate cells; else null.</summary>
    public static PdfRule? Between(double x1, double y1, double x2, double y2)
    {
        var r = new PdfRule(Math.Min(x1, x2), Math.Min(y1, y2), Math.Max(x1, x2), Math.Max(y1, y2));
        return (r.IsHorizontal || r.IsVertical) && Math.Max(r.X2 - r.X1, r.Y2 - r.Y1) >= 3 ? r : null;
    }
}

/// <summary>What a reader took from one page: its words and its rulings.</summary>
public sealed record PdfPageContent(int Number, double Width, double Height, IReadOnlyList<PdfWord> Words, IReadOnlyList<PdfRule> Rules);

/// <summary>A table cell as laid out; <see cref="SpanCopy"/> marks a grid position covered by a merged cell.</summary>
public sealed record PdfCell(string Text, bool SpanCopy = false);

public abstract record PdfItem(int Page);

/// <summary>A paragraph of narrative, its wrapped lines joined.</summary>
public sealed record PdfParagraph(string Text, int Page) : PdfItem(Page);

/// <summary>One table row; <see cref="StartsTable"/> is false on the rows of a table that continues from the page before.</summary>
public sealed record PdfTableRow(IReadOnlyList<PdfCell> Cells, int Page, bool StartsTable) : PdfItem(Page);

public sealed record PdfLayoutResult(IReadOnlyList<PdfItem> Items, IReadOnlyList<Diagnostic> Notes);

/// <summary>
/// Rebuilds reading order from positions: text lines from word baselines, tables from their rulings (cells are the
/// regions the rulings enclose, so merged cells and text wrapped inside a cell stay one cell), and, for tables drawn
/// without rulings, rows from the horizontal gaps between words. Pure: positions in, paragraphs and rows out.
/// </summary>
public static partial class PdfLayout
{
    /// <summary>Thicker than this is a filled area, not a ruling.</summary>
    public const double RuleThickness = 2.5;

    private const double Snap = 2.0;          // points within which rulings meet or coincide
    private const double MinCell = 4.0;       // narrower gaps between rulings are double-drawn lines, not cells
    private const double GapEm = 1.5;         // a gap of this many ems between words separates cells of an unruled table
    private const int MaxRules = 4000;

    // ---- Geometry shared by every stage.

    /// <summary>A piece of a word after cutting at rulings: what lines and cells are built from.</summary>
    private sealed record Piece(string Text, double Left, double Right, double Bottom, double Top, double Baseline, double FontSize, bool Horizontal)
    {
        public double MidY => (Bottom + Top) / 2;
    }

    private sealed record TextLine(IReadOnlyList<Piece> Pieces, double Baseline, double FontSize)
    {
        public double Left => Pieces.Min(p => p.Left);
        public double Right => Pieces.Max(p => p.Right);
        public double Top => Pieces.Max(p => p.Top);
        public double Bottom => Pieces.Min(p => p.Bottom);
        public string Text => JoinPieces(Pieces);
    }

    private sealed record Grid(double[] Ys, double[] Xs, int[,] Region)
    {
        public double Left => Xs[0];
        public double Right => Xs[^1];
        public double Top => Ys[0];
        public double Bottom => Ys[^1];
        public int Bands => Ys.Length - 1;
        public int Columns => Xs.Length - 1;
    }

    public static bool IsCjk(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF' or >= '\u3000' and <= '\u303F'
            or '“' or '”' or '‘' or '’' or '…' or '—';

    /// <summary>Chinese has no spaces between words: a gap or line break next to a CJK character is layout, elsewhere it is a space.</summary>
    private static string Join(string a, string b, double gap, double fontSize)
    {
        if (a.Length == 0) return b;
        if (b.Length == 0) return a;
        bool space = !IsCjk(a[^1]) && !IsCjk(b[0]) && gap > 0.15 * fontSize;
        return space ? a + " " + b : a + b;
    }

    private static string JoinPieces(IEnumerable<Piece> pieces)
    {
        string s = "";
        Piece? prev = null;
        foreach (var p in pieces.OrderBy(p => p.Left))
        {
            s = prev is null ? p.Text : Join(s, p.Text, p.Left - prev.Right, Math.Max(p.FontSize, prev.FontSize));
            prev = p;
        }
        return s;
    }

    /// <summary>Groups pieces into lines by baseline (tolerance a third of the font size), top to bottom, each left to right.</summary>
    private static List<TextLine> Lines(IEnumerable<Piece> pieces)
    {
        var lines = new List<List<Piece>>();
        foreach (var p in pieces.Where(p => p.Horizontal).OrderByDescending(p => p.Baseline).ThenBy(p => p.Left))
        {
            var current = lines.Count > 0 ? lines[^1] : null;
            double tol = 0.35 * Math.Max(p.FontSize, current?.Max(q => q.FontSize) ?? 0);
            if (current is not null && Math.Abs(current[0].Baseline - p.Baseline) <= Math.Max(tol, 1.0)) current.Add(p);
            else lines.Add([p]);
        }
        var result = lines.Select(l => new TextLine(l.OrderBy(p => p.Left).ToList(), l[0].Baseline, Median(l.Select(p => p.FontSize)))).ToList();
        // Rotated text (vertical writing) reads top to bottom: one line per word, in its own order.
        foreach (var p in pieces.Where(p => !p.Horizontal))
            result.Add(new TextLine([p], p.Top, p.FontSize));
        return result.OrderByDescending(l => l.Top).ToList();
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? 0 : v[v.Length / 2];
    }

    // ---- Page numbers.

    [GeneratedRegex(@"^[-—–－‐─~·•]+\d{1,4}[-—–－‐─~·•]+$|^第\d{1,4}页(共\d{1,4}页)?$")]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"^\d{1,4}(/\d{1,4})?$")]
    private static partial Regex BareNumber();

    /// <summary>-3-, — 1 —, 第 2 页 anywhere; a bare 3 only in the top or bottom margin of the page.</summary>
    private static bool IsPageNumber(TextLine line, PdfPageContent page)
    {
        string t = Regex.Replace(line.Text, @"\s+", "");
        if (PageNumber().IsMatch(t)) return true;
        bool margin = line.Top < page.Height * 0.1 || line.Bottom > page.Height * 0.9;
        return margin && BareNumber().IsMatch(t);
    }

    // ---- Entry point.

    public static PdfLayoutResult Lay(IReadOnlyList<PdfPageContent> pages)
    {
        var items = new List<PdfItem>();
        var notes = new List<Diagnostic>();
        var para = new ParagraphState();
        bool lastWasTable = false;
        Grid? lastGrid = null;

        foreach (var page in pages)
        {
            // Thousands of segments are a drawing (a chart, outlined text), and pairing them all would be slow.
            var grids = page.Rules.Count <= MaxRules ? FindGrids(page.Rules) : [];
            if (page.Rules.Count > MaxRules)
                notes.Add(Diagnostic.Info("pdf_drawing_skipped", $"page {page.Number}: {page.Rules.Count} drawn segments; not searched for table rulings"));
            var pieces = Cut(page.Words, page.Rules);
            var inGrid = new Dictionary<Grid, List<Piece>>();
            var free = new List<Piece>();
            foreach (var p in pieces)
            {
                var g = grids.FirstOrDefault(grid => Inside(grid, (p.Left + p.Right) / 2, p.MidY));
                if (g is null) free.Add(p);
                else (inGrid.TryGetValue(g, out var l) ? l : inGrid[g] = []).Add(p);
            }

            var lines = Lines(free).Where(l => !IsPageNumber(l, page)).ToList();
            var margins = Margins(lines);
            var entries = lines.Select(l => (Top: l.Top, Line: (TextLine?)l, Grid: (Grid?)null))
                .Concat(grids.Select(g => (Top: g.Top, Line: (TextLine?)null, Grid: (Grid?)g)))
                .OrderByDescending(e => e.Top).ToList();

            bool firstOnPage = true;
            for (int i = 0; i < entries.Count; i++)
            {
                if (entries[i].Grid is { } grid)
                {
                    para.Flush(items);
                    bool continues = firstOnPage && lastWasTable && lastGrid is not null && Overlap(lastGrid, grid);
                    var rows = GridRows(grid, inGrid.GetValueOrDefault(grid) ?? [], page.Number, continues);
                    items.AddRange(rows);
                    lastWasTable = true;
                    lastGrid = grid;
                    firstOnPage = false;
                    continue;
                }
                // A run of consecutive free lines that looks like an unruled table.
                int end = i;
                while (end + 1 < entries.Count && entries[end + 1].Line is not null) end++;
                var run = entries.Skip(i).Take(end - i + 1).Select(e => e.Line!).ToList();
                foreach (var segment in GapSegments(run))
                {
                    if (segment.IsTable)
                    {
                        para.Flush(items);
                        bool continues = firstOnPage && lastWasTable && lastGrid is null;
                        var rows = GapRows(segment.Lines, page.Number, continues, notes);
                        items.AddRange(rows);
                        lastWasTable = true;
                        lastGrid = null;
                    }
                    else
                        foreach (var line in segment.Lines)
                        {
                            para.Add(line, margins, page.Number, firstOnPage, items);
                            lastWasTable = false;
                            lastGrid = null;
                            firstOnPage = false;
                        }
                    firstOnPage = false;
                }
                i = end;
            }
        }
        para.Flush(items);
        return new PdfLayoutResult(items, notes);
    }

    private static bool Inside(Grid g, double x, double y) =>
        x >= g.Left - 1 && x <= g.Right + 1 && y <= g.Top + 1 && y >= g.Bottom - 1;

    private static bool Overlap(Grid a, Grid b)
    {
        double common = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        return common > 0.5 * Math.Min(a.Right - a.Left, b.Right - b.Left);
    }

    // ---- Cutting words at rulings.

    /// <summary>Turns words into pieces, cutting a word where a vertical ruling crosses it (text of two cells set without a space).</summary>
    private static List<Piece> Cut(IReadOnlyList<PdfWord> words, IReadOnlyList<PdfRule> rules)
    {
        var verticals = rules.Where(r => r.IsVertical).ToList();
        var pieces = new List<Piece>();
        foreach (var w in words)
        {
            if (w.Glyphs.Count == 0 || w.Text.Trim().Length == 0) continue;
            double mid = (w.Bottom + w.Top) / 2;
            var cuts = verticals.Where(v => v.Y1 <= mid && v.Y2 >= mid && v.X > w.Left + 0.5 && v.X < w.Right - 0.5).Select(v => v.X).ToList();
            if (cuts.Count == 0 || !w.Horizontal)
            {
                pieces.Add(new Piece(w.Text.Trim(), w.Left, w.Right, w.Bottom, w.Top, w.Baseline, w.FontSize, w.Horizontal));
                continue;
            }
            var part = new List<PdfGlyph>();
            void Emit()
            {
                string t = string.Concat(part.Select(g => g.Text)).Trim();
                if (t.Length > 0) pieces.Add(new Piece(t, part.Min(g => g.Left), part.Max(g => g.Right), w.Bottom, w.Top, w.Baseline, w.FontSize, true));
                part.Clear();
            }
            for (int k = 0; k < w.Glyphs.Count; k++)
            {
                if (k > 0)
                {
                    double a = (w.Glyphs[k - 1].Left + w.Glyphs[k - 1].Right) / 2, b = (w.Glyphs[k].Left + w.Glyphs[k].Right) / 2;
                    if (cuts.Any(x => x > a && x < b)) Emit();
                }
                part.Add(w.Glyphs[k]);
            }
            Emit();
        }
        return pieces;
    }

    // ---- Ruled tables.

    /// <summary>Ruled tables: connected sets of horizontal and vertical rulings that enclose at least two cells.</summary>
    private static List<Grid> FindGrids(IReadOnlyList<PdfRule> rules)
    {
        var hs = MergeCollinear(rules.Where(r => r.IsHorizontal).ToList(), horizontal: true);
        var vs = MergeCollinear(rules.Where(r => r.IsVertical).ToList(), horizontal: false);
        var all = hs.Concat(vs).ToList();
        var parent = Enumerable.Range(0, all.Count).ToArray();
        int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        for (int i = 0; i < all.Count; i++)
            for (int j = i + 1; j < all.Count; j++)
                if (Touch(all[i], all[j])) parent[Find(i)] = Find(j);

        var grids = new List<Grid>();
        foreach (var group in Enumerable.Range(0, all.Count).GroupBy(Find))
        {
            var h = group.Select(i => all[i]).Where(r => r.IsHorizontal).ToList();
            var v = group.Select(i => all[i]).Where(r => r.IsVertical).ToList();
            if (h.Count < 2 || v.Count < 2) continue;
            // A table cut by a page break has no closing ruling: where the verticals run on past the last horizontal
            // (or the horizontals past the last vertical), their ends close the grid.
            var yEnds = h.Select(r => r.Y).Append(v.Min(r => r.Y1)).Append(v.Max(r => r.Y2));
            var xEnds = v.Select(r => r.X).Append(h.Min(r => r.X1)).Append(h.Max(r => r.X2));
            var ys = Cluster(yEnds, MinCell).OrderDescending().ToArray();
            var xs = Cluster(xEnds, MinCell).Order().ToArray();
            if (ys.Length < 2 || xs.Length < 2 || (ys.Length - 1) * (xs.Length - 1) < 2) continue;
            grids.Add(new Grid(ys, xs, Regions(ys, xs, h, v)));
        }
        return grids;
    }

    private static bool Touch(PdfRule a, PdfRule b)
    {
        if (a.IsHorizontal && b.IsVertical) (a, b) = (b, a);
        if (a.IsVertical && b.IsHorizontal)
            return a.X >= b.X1 - Snap && a.X <= b.X2 + Snap && b.Y >= a.Y1 - Snap && b.Y <= a.Y2 + Snap;
        if (a.IsHorizontal && b.IsHorizontal)
            return Math.Abs(a.Y - b.Y) <= Snap && a.X1 <= b.X2 + Snap && b.X1 <= a.X2 + Snap;
        return Math.Abs(a.X - b.X) <= Snap && a.Y1 <= b.Y2 + Snap && b.Y1 <= a.Y2 + Snap;
    }

    /// <summary>Joins pieces of one ruling drawn cell by cell, so a border counts as present across the whole cell.</summary>
    private static List<PdfRule> MergeCollinear(List<PdfRule> rules, bool horizontal)
    {
        var result = new List<PdfRule>();
        var sorted = horizontal ? rules.OrderBy(r => r.Y).ThenBy(r => r.X1) : rules.OrderBy(r => r.X).ThenBy(r => r.Y1);
        foreach (var r in sorted)
        {
            int k = result.FindLastIndex(m => horizontal
                ? Math.Abs(m.Y - r.Y) <= 1 && r.X1 <= m.X2 + Snap && r.X2 >= m.X1 - Snap
                : Math.Abs(m.X - r.X) <= 1 && r.Y1 <= m.Y2 + Snap && r.Y2 >= m.Y1 - Snap);
            if (k < 0) { result.Add(r); continue; }
            var m = result[k];
            result[k] = new PdfRule(Math.Min(m.X1, r.X1), Math.Min(m.Y1, r.Y1), Math.Max(m.X2, r.X2), Math.Max(m.Y2, r.Y2));
        }
        return result;
    }

    private static List<double> Cluster(IEnumerable<double> values, double within)
    {
        var result = new List<double>();
        foreach (var v in values.Order())
            if (result.Count == 0 || v - result[^1] > within) result.Add(v);
        return result;
    }

    /// <summary>
    /// Labels the cells between consecutive rulings with the merged cell (region) they belong to: neighbours with no
    /// ruling between them are one cell. Regions are numbered in reading order of their top-left grid cell.
    /// </summary>
    private static int[,] Regions(double[] ys, double[] xs, List<PdfRule> hs, List<PdfRule> vs)
    {
        int bands = ys.Length - 1, cols = xs.Length - 1;
        var parent = Enumerable.Range(0, bands * cols).ToArray();
        int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        void Union(int a, int b) { a = Find(a); b = Find(b); if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b); }

        bool VerticalAt(double x, double top, double bottom)
        {
            double mid = (top + bottom) / 2, q = (top - bottom) / 4;
            return vs.Any(v => Math.Abs(v.X - x) <= Snap && v.Y1 <= mid - q && v.Y2 >= mid + q);
        }
        bool HorizontalAt(double y, double left, double right)
        {
            double mid = (left + right) / 2, q = (right - left) / 4;
            return hs.Any(h => Math.Abs(h.Y - y) <= Snap && h.X1 <= mid - q && h.X2 >= mid + q);
        }

        for (int i = 0; i < bands; i++)
            for (int j = 0; j < cols; j++)
            {
                if (j + 1 < cols && !VerticalAt(xs[j + 1], ys[i], ys[i + 1])) Union(i * cols + j, i * cols + j + 1);
                if (i + 1 < bands && !HorizontalAt(ys[i + 1], xs[j], xs[j + 1])) Union(i * cols + j, (i + 1) * cols + j);
            }
        var region = new int[bands, cols];
        for (int i = 0; i < bands; i++)
            for (int j = 0; j < cols; j++) region[i, j] = Find(i * cols + j);
        return region;
    }

    /// <summary>The grid's rows, top to bottom: a merged cell is printed in its top-left position and copied into the others.</summary>
    private static List<PdfTableRow> GridRows(Grid g, List<Piece> pieces, int page, bool continues)
    {
        var byRegion = new Dictionary<int, List<Piece>>();
        foreach (var p in pieces)
        {
            int i = Band(g.Ys, p.MidY), j = Column(g.Xs, (p.Left + p.Right) / 2);
            if (i < 0 || j < 0) continue;
            int r = g.Region[i, j];
            (byRegion.TryGetValue(r, out var l) ? l : byRegion[r] = []).Add(p);
        }
        string TextOf(int r) => byRegion.TryGetValue(r, out var l) ? CellText(l) : "";

        var rows = new List<PdfTableRow>();
        var printed = new HashSet<int>();
        for (int i = 0; i < g.Bands; i++)
        {
            var cells = new List<PdfCell>();
            for (int j = 0; j < g.Columns; j++)
            {
                int r = g.Region[i, j];
                cells.Add(new PdfCell(TextOf(r), SpanCopy: !printed.Add(r)));
            }
            if (cells.All(c => c.SpanCopy)) continue; // a band wholly inside cells of the bands above prints nothing
            rows.Add(new PdfTableRow(cells, page, StartsTable: rows.Count == 0 && !continues));
        }
        return rows;
    }

    private static int Band(double[] ys, double y)
    {
        for (int i = 0; i + 1 < ys.Length; i++)
            if (y <= ys[i] && y >= ys[i + 1]) return i;
        return -1;
    }

    private static int Column(double[] xs, double x)
    {
        for (int j = 0; j + 1 < xs.Length; j++)
            if (x >= xs[j] && x <= xs[j + 1]) return j;
        return -1;
    }

    /// <summary>The text of one cell: its lines top to bottom joined, so labels wrapped inside the cell (even one character per line) read as one.</summary>
    private static string CellText(List<Piece> pieces)
    {
        string s = "";
        TextLine? prev = null;
        foreach (var line in Lines(pieces))
        {
            string t = line.Text;
            s = prev is null ? t : Join(s, t, line.FontSize, line.FontSize);
            prev = line;
        }
        return s;
    }

    // ---- Paragraphs.

    private sealed record PageMargins(double Left, double Right);

    /// <summary>The body's left edge (the commonest start of long lines) and right edge (where long lines end).</summary>
    private static PageMargins Margins(List<TextLine> lines)
    {
        var body = lines.Where(l => l.Text.Length >= 10).ToList();
        if (body.Count == 0) body = lines;
        if (body.Count == 0) return new PageMargins(0, double.MaxValue);
        double left = body.GroupBy(l => Math.Round(l.Left)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        double right = body.Select(l => l.Right).Max();
        return new PageMargins(left, right);
    }

    /// <summary>Collects wrapped lines into paragraphs: a line continues the paragraph when the one before ran to the right edge and it starts at the left edge.</summary>
    private sealed class ParagraphState
    {
        private readonly StringBuilder _text = new();
        private TextLine? _last;
        private int _page;
        private bool _lastFull;

        public void Add(TextLine line, PageMargins m, int page, bool pageStart, List<PdfItem> items)
        {
            double em = Math.Max(line.FontSize, 1);
            bool atLeft = line.Left <= m.Left + 0.5 * em;
            bool continues = _last is not null && _lastFull && atLeft && Math.Abs(_last.FontSize - line.FontSize) <= 1.0
                && (pageStart || _last.Baseline - line.Baseline <= 2.5 * em);
            if (!continues) Flush(items);
            string t = line.Text;
            if (_text.Length == 0) { _text.Append(t); _page = page; }
            else
            {
                string joined = Join(_text.ToString(), t, em, em);
                _text.Clear().Append(joined);
            }
            _last = line;
            _lastFull = line.Right >= m.Right - 1.5 * em;
        }

        public void Flush(List<PdfItem> items)
        {
            if (_text.Length > 0) items.Add(new PdfParagraph(_text.ToString(), _page));
            _text.Clear();
            _last = null;
            _lastFull = false;
        }
    }

    // ---- Unruled tables.

    private sealed record Segment(List<TextLine> Lines, bool IsTable);

    /// <summary>The cells of a line: its pieces split where the gap between them is wider than <see cref="GapEm"/> ems.</summary>
    private static List<List<Piece>> GapCells(TextLine line)
    {
        var cells = new List<List<Piece>>();
        Piece? prev = null;
        foreach (var p in line.Pieces)
        {
            if (prev is null || p.Left - prev.Right > GapEm * Math.Max(Math.Min(p.FontSize, prev.FontSize), 1)) cells.Add([]);
            cells[^1].Add(p);
            prev = p;
        }
        return cells;
    }

    private static bool IsValue(string text) => text.Length > 0 && CellValue.LooksLikeValue(text);

    /// <summary>
    /// Splits a run of free lines into narrative and unruled tables. A table is at least two consecutive lines that
    /// split into several cells, at least one of them with values and one with a label or header; single labels
    /// between them belong to it.
    /// </summary>
    private static List<Segment> GapSegments(List<TextLine> run)
    {
        var cellsOf = run.Select(l => GapCells(l).Select(JoinPieces).ToList()).ToList();
        var kind = cellsOf.Select(cells =>
        {
            if (cells.Count >= 2 && cells.Any(IsValue)) return 'v';   // values
            if (cells.Count >= 2) return 'h';                          // several text cells: a header, or vertical header characters
            return 't';
        }).ToArray();

        var segments = new List<Segment>();
        int i = 0;
        while (i < run.Count)
        {
            int j = i;
            // A table runs on over value and header lines, and over single labels shortly followed by more values
            // (wrapped labels, stacked characters of a vertical label).
            if (kind[i] != 't')
                while (j + 1 < run.Count && (kind[j + 1] != 't' || NextValue(kind, j + 1) is { } n && n - j <= 3)) j++;
            // Rows of numbers with no label or header anywhere are not a table: they are what is left of narrative
            // text whose font could not be read.
            var span = kind[i..(j + 1)];
            bool labelled = cellsOf[i..(j + 1)].Any(cells => cells.Count >= 2 && cells.Any(c => !IsValue(c)));
            if (span.Count(k => k != 't') >= 2 && span.Contains('v') && labelled)
            {
                segments.Add(new Segment(run[i..(j + 1)], true));
                i = j + 1;
                continue;
            }
            if (segments.Count > 0 && !segments[^1].IsTable) segments[^1].Lines.Add(run[i]);
            else segments.Add(new Segment([run[i]], false));
            i++;
        }
        return segments;
    }

    private static int? NextValue(char[] kind, int from)
    {
        for (int k = from; k < kind.Length; k++) if (kind[k] == 'v') return k;
        return null;
    }

    private sealed record GapLine(TextLine Line, List<(string Text, double Left, double Right)> Cells);

    /// <summary>
    /// Rows of an unruled table, one per line of values. Characters stacked one per line in one column (a vertical
    /// label or header) are taken out and reported; vertical header lines are read column by column; label lines with no
    /// values join the nearest line of values (a label wrapped around its values). Everything here is inferred from
    /// gaps, so the table is reported as such.
    /// </summary>
    private static List<PdfTableRow> GapRows(List<TextLine> lines, int page, bool continues, List<Diagnostic> notes)
    {
        var gl = lines.Select(l => new GapLine(l, GapCells(l).Select(c => (JoinPieces(c), c.Min(p => p.Left), c.Max(p => p.Right))).ToList())).ToList();
        notes.Add(Diagnostic.Warning("pdf_table_unruled",
            $"page {page}: a table drawn without rulings ({lines.Count} lines); its cells were separated by the gaps between words (assumed)"));

        // Stacked single characters in one column over three or more lines: a vertical label, not part of any row.
        var stacked = new List<(GapLine Line, int Cell)>();
        for (int i = 0; i < gl.Count; i++)
            for (int c = 0; c < gl[i].Cells.Count; c++)
            {
                var cell = gl[i].Cells[c];
                if (!IsStackedChar(cell.Text)) continue;
                int same = gl.Count(o => o.Cells.Any(k => IsStackedChar(k.Text) && k.Left < cell.Right && k.Right > cell.Left));
                bool onlyChars = gl[i].Cells.All(k => IsStackedChar(k.Text));
                if (same >= 3 && !(onlyChars && gl[i].Cells.Count >= 2)) stacked.Add((gl[i], c));
            }
        if (stacked.Count > 0)
        {
            string text = string.Concat(stacked.OrderByDescending(s => s.Line.Line.Baseline).Select(s => s.Line.Cells[s.Cell].Text));
            notes.Add(Diagnostic.Info("pdf_vertical_label", $"page {page}: vertical label “{text}” (one character per line) left out of the rows"));
            foreach (var group in stacked.GroupBy(s => s.Line))
                foreach (int c in group.Select(s => s.Cell).OrderDescending()) group.Key.Cells.RemoveAt(c);
            gl = gl.Where(l => l.Cells.Count > 0).ToList();
        }

        var rows = new List<(double Baseline, double FontSize, List<string> Cells)>();
        int k0 = 0;
        while (k0 < gl.Count)
        {
            // Vertical header: consecutive lines of single characters, read column by column.
            int k1 = k0;
            while (k1 < gl.Count && gl[k1].Cells.Count >= 2 && gl[k1].Cells.All(c => IsStackedChar(c.Text))) k1++;
            if (k1 - k0 >= 2)
            {
                var columns = new List<(double Left, double Right, StringBuilder Text)>();
                for (int k = k0; k < k1; k++)
                    foreach (var c in gl[k].Cells)
                    {
                        int at = columns.FindIndex(col => c.Left < col.Right + 2 && c.Right > col.Left - 2);
                        if (at < 0) columns.Add((c.Left, c.Right, new StringBuilder(c.Text)));
                        else columns[at].Text.Append(c.Text);
                    }
                rows.Add((gl[k0].Line.Baseline, gl[k0].Line.FontSize, columns.OrderBy(c => c.Left).Select(c => c.Text.ToString()).ToList()));
                k0 = k1;
                continue;
            }
            rows.Add((gl[k0].Line.Baseline, gl[k0].Line.FontSize, gl[k0].Cells.Select(c => c.Text).ToList()));
            k0++;
        }

        // A single label with no values below the header joins the nearest line of values when it is within a line
        // of it: above, it opens that row's label, below, it closes it (a label wrapped around its values).
        int firstValue = rows.FindIndex(r => r.Cells.Any(IsValue));
        double headerBaseline = rows.Take(Math.Max(firstValue, 0)).Where(r => r.Cells.Count >= 2).Select(r => r.Baseline).DefaultIfEmpty(double.MaxValue).Min();
        var valueRows = rows.Where(r => r.Cells.Any(IsValue)).ToList();
        var joined = new HashSet<int>();
        // Above a row, the nearest fragment goes in first; below it, the nearest goes last.
        for (int r = rows.Count - 1; r >= 0; r--) Join(r, above: true);
        for (int r = 0; r < rows.Count; r++) Join(r, above: false);
        return rows.Where((_, r) => !joined.Contains(r)).OrderByDescending(r => r.Baseline)
            .Select((r, n) => new PdfTableRow(r.Cells.Select(c => new PdfCell(c)).ToList(), page, StartsTable: n == 0 && !continues)).ToList();

        void Join(int r, bool above)
        {
            var f = rows[r];
            if (f.Cells.Count != 1 || IsValue(f.Cells[0]) || f.Baseline >= headerBaseline || valueRows.Count == 0) return;
            var target = valueRows.MinBy(v => Math.Abs(v.Baseline - f.Baseline));
            if (f.Baseline > target.Baseline != above || Math.Abs(target.Baseline - f.Baseline) > 1.6 * Math.Max(f.FontSize, 1)) return;
            int firstVal = target.Cells.FindIndex(IsValue);
            if (firstVal == 0) target.Cells.Insert(0, f.Cells[0]);
            else if (above) target.Cells[firstVal - 1] = f.Cells[0] + target.Cells[firstVal - 1];
            else target.Cells[firstVal - 1] += f.Cells[0];
            joined.Add(r);
        }
    }

    private static bool IsStackedChar(string text)
    {
        string t = text.Trim();
        return t.Length is 1 or 2 && t.All(c => IsCjk(c)) && !(t.Length == 2 && t[1] != '、') && !IsValue(t);
    }
}
