using System.Globalization;
using GovReport.Ingest.Model;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Parsing;

/// <summary>
/// Money cells (2019 采购总金额, 2021 收费金额), normalized to 元. The unit comes from the cell, else the header,
/// else the template; a bare 2019 amount gets the more plausible unit, stored as <c>assumed</c> with a diagnostic
/// (reference §8.3).
/// </summary>
public static class MoneyReader
{
    /// <summary>Below this many 元 per project, a bare procurement amount reads more plausibly as 万元.</summary>
    public const decimal MinPlausibleYuanPerProject = 5_000m;

    public static void Add(string field, SourceCell cell, SourceCell? headerCell, FactBuilder facts,
        IReadOnlyList<SourceCell> rowValues, int[] positions, IReadOnlyList<string> columns)
    {
        var r = CellValue.Read(cell.Text);
        if (r.Status != FactStatus.Reported)
        {
            if (r.Status == FactStatus.Unreadable)
                facts.Diagnostics.Add(Diagnostic.Warning("unreadable_cell", $"{field}: {r.Problem}", cell.Line, field));
            facts.Add(new Fact(field, null, r.Status, cell.Text, null, null, false, cell.Line));
            return;
        }
        decimal number = r.Number!.Value;

        if (r.Unit is { } written)
        {
            if (CellValue.YuanFactor(written) is { } f)
            {
                string? headerUnit = HeaderUnit(headerCell);
                if (headerUnit is not null && headerUnit != Canonical(written))
                    facts.Diagnostics.Add(Diagnostic.Warning("unit_conflict",
                        $"{field}: the cell says {written} but the header says {headerUnit}; the cell's unit was used", cell.Line, field));
                facts.Add(new Fact(field, number * f, FactStatus.Reported, cell.Text, written, UnitSource.Cell, r.Approximate, cell.Line));
                return;
            }
            facts.Diagnostics.Add(Diagnostic.Warning("unit_unexpected", $"{field}: “{written}” is not a money unit; treated as unstated", cell.Line, field));
        }

        if (HeaderUnit(headerCell) is { } hu)
        {
            facts.Add(new Fact(field, number * CellValue.YuanFactor(hu)!.Value, FactStatus.Reported, cell.Text, hu, UnitSource.Header, r.Approximate, cell.Line));
            return;
        }

        if (FieldDictionary.Get(field)?.TemplateUnit is { } tu)
        {
            facts.Diagnostics.Add(Diagnostic.Info("unit_from_template",
                $"{field}: the header states no unit; the template's {tu} was used", cell.Line, field));
            facts.Add(new Fact(field, number * CellValue.YuanFactor(tu)!.Value, FactStatus.Reported, cell.Text, tu, UnitSource.Template, r.Approximate, cell.Line));
            return;
        }

        // 2019 采购总金额 with no unit anywhere: choose by the amount per project.
        decimal? projects = null;
        int pi = columns.ToList().IndexOf("projects");
        if (pi >= 0 && positions[pi] < rowValues.Count && CellValue.Read(rowValues[positions[pi]].Text) is { Status: FactStatus.Reported, Number: { } p } && p > 0)
            projects = p;
        decimal perProject = number / (projects ?? 1m);
        bool yuan = projects is null ? number >= 10_000m : perProject >= MinPlausibleYuanPerProject;
        string unit = yuan ? "元" : "万元";
        string why = projects is null
            ? $"{Fmt(number)} {(yuan ? "≥" : "<")} 10000 with no project count"
            : $"{Fmt(number)} over {Fmt(projects.Value)} projects is {Fmt(Math.Round(perProject, 2))} per project if in 元";
        facts.Diagnostics.Add(Diagnostic.Warning("unit_assumed",
            $"{field}: no unit in the cell or header (“{cell.Text.Trim()}”); assumed {unit} ({why}); the other reading would be {(yuan ? "万元" : "元")}", cell.Line, field));
        facts.Add(new Fact(field, number * CellValue.YuanFactor(unit)!.Value, FactStatus.Reported, cell.Text, unit, UnitSource.Assumed, r.Approximate, cell.Line));
    }

    /// <summary>万元 or 元 when the header states a unit: <c>采购总金额(万元)</c>, <c>本年收费金额（单位：万元）</c>.</summary>
    public static string? HeaderUnit(SourceCell? header)
    {
        if (header is null) return null;
        string h = Label.Fold(header.Text);
        if (h.Contains("万元", StringComparison.Ordinal)) return "万元";
        if (h.Contains("亿元", StringComparison.Ordinal)) return "亿元";
        if (h.Contains("(元)", StringComparison.Ordinal) || h.Contains(":元", StringComparison.Ordinal) || h.EndsWith("元", StringComparison.Ordinal)) return "元";
        return null;
    }

    private static string Canonical(string unit) => unit switch { "万" => "万元", "亿" => "亿元", _ => unit };

    private static string Fmt(decimal d) => d.ToString("0.####", CultureInfo.InvariantCulture);
}
