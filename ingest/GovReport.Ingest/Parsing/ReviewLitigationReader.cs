using GovReport.Ingest.Model;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Parsing;

/// <summary>Table 四 (复议诉讼): header rows, then one unlabelled row of 15 counts (reference §6).</summary>
public static class ReviewLitigationReader
{
    private static int Cells => FieldDictionary.ReviewLitigationCells.Count;

    public static void Read(IReadOnlyList<RowBlock> rows, FactBuilder facts)
    {
        RowBlock? dataRow = null;
        foreach (var row in rows)
        {
            bool textual = row.Printed.Any(c => Label.IsTextual(Label.Fold(c.Text)));
            if (textual) continue;
            if (row.Printed.Count(c => CellValue.Clean(c.Text).Length > 0 || c.Text.Length > 0) == 0) continue;
            dataRow = row;
            break;
        }
        if (dataRow is null)
        {
            facts.Diagnostics.Add(Diagnostic.Warning("table_missing", "table 四 (复议诉讼): no row of values found", rows.Count > 0 ? rows[0].Line : null));
            return;
        }
        var v = dataRow.Printed.ToList();
        while (v.Count > Cells && v[^1].Text.Length == 0) v.RemoveAt(v.Count - 1);
        while (v.Count > Cells && v[0].Text.Length == 0) v.RemoveAt(0);
        if (v.Count > Cells)
            facts.Diagnostics.Add(Diagnostic.Warning("extra_cells",
                $"table 四: {v.Count} value cells for {Cells} columns; took the first {Cells}, ignored {string.Join(" ", v.Skip(Cells).Select(c => c.Text.Trim()))}", v[Cells].Line));
        else if (v.Count < Cells)
            facts.Diagnostics.Add(Diagnostic.Warning("cells_missing",
                $"table 四: {v.Count} value cells for {Cells} columns; mapped from the left (assumed), the rest left unreadable", dataRow.Line));
        for (int i = 0; i < Cells; i++)
        {
            string field = FieldDictionary.ReviewLitigationCells[i].Id;
            if (i < v.Count) facts.AddCount(field, v[i]);
            else facts.Add(new Fact(field, null, FactStatus.Unreadable, null, null, null, false, dataRow.Line));
        }
    }
}
