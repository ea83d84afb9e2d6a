using GovReport.Ingest.Model;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Parsing;

/// <summary>Table 四 (复议诉讼): header rows, then one unlabelled row of 15 counts (reference §6).</summary>
public static class ReviewLitigationReader
{
    private static int Cells => FieldDictionary.ReviewLitigationCells.Count;

    public static void Read(IReadOnlyList<RowBlock> rows, FactBuilder facts)
    {
        var valueRows = rows.Where(row => !row.Printed.Any(c => Label.IsTextual(Label.Fold(c.Text)))
                                          && row.Printed.Any(c => c.Text.Length > 0)).ToList();
        if (valueRows.Count == 0)
        {
            facts.Diagnostics.Add(Diagnostic.Warning("table_missing", "table 四 (复议诉讼): no row of values found", rows.Count > 0 ? rows[0].Line : null));
            return;
        }
        var dataRow = valueRows[0];
        var v = dataRow.Printed.ToList();
        // Some converters print the table as three tables of five (复议, 直接起诉, 复议后起诉): join them in that order.
        if (v.Count < Cells && valueRows.Count >= 3 && valueRows.Take(3).All(r => r.Printed.Count == Cells / 3))
        {
            v = valueRows.Take(3).SelectMany(r => r.Printed).ToList();
            facts.Diagnostics.Add(Diagnostic.Info("table_joined",
                $"table 四 printed as three rows of five (lines {string.Join(", ", valueRows.Take(3).Select(r => r.Line))}); joined in template order: 行政复议, 未经复议直接起诉, 复议后起诉", dataRow.Line));
        }
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
