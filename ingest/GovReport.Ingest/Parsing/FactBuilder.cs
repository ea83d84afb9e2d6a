using GovReport.Ingest.Model;
using GovReport.Ingest.Text;

namespace GovReport.Ingest.Parsing;

/// <summary>Collects the facts and diagnostics of one report while the table readers run.</summary>
public sealed class FactBuilder(string template)
{
    private readonly Dictionary<string, Fact> _facts = new(FieldDictionary.For(template).Count, StringComparer.Ordinal);
    public List<Diagnostic> Diagnostics { get; } = [];
    public string Template { get; } = template;

    public void Add(Fact fact)
    {
        if (fact.Value is { } v && Math.Abs(v) >= CellValue.MaxMagnitude)
        {
            Diagnostics.Add(Diagnostic.Warning("unreadable_cell", $"{fact.Field}: {v} 元 is too large to be a real amount; left unreadable", fact.Line, fact.Field));
            fact = fact with { Value = null, Status = FactStatus.Unreadable };
        }
        if (_facts.TryGetValue(fact.Field, out var earlier))
        {
            Diagnostics.Add(Diagnostic.Warning("duplicate_cell",
                $"{fact.Field} appears twice (lines {earlier.Line} and {fact.Line}); kept the first", fact.Line, fact.Field));
            return;
        }
        _facts[fact.Field] = fact;
    }

    /// <summary>A count or delta cell.</summary>
    public void AddCount(string field, SourceCell cell)
    {
        var r = CellValue.Read(cell.Text);
        string raw = cell.Text;
        if (r.Status == FactStatus.Unreadable)
        {
            Diagnostics.Add(Diagnostic.Warning("unreadable_cell", $"{field}: {r.Problem}", cell.Line, field));
            Add(new Fact(field, null, r.Status, raw, null, null, false, cell.Line));
            return;
        }
        decimal? value = r.Number;
        if (value is { } v)
        {
            if (v < 0 && FieldDictionary.Get(field)?.Kind != FieldKind.Delta)
                Diagnostics.Add(Diagnostic.Warning("negative_count", $"{field}: negative value {v} in a count column; kept as printed", cell.Line, field));
            if (v != decimal.Truncate(v))
                Diagnostics.Add(Diagnostic.Warning("fractional_count", $"{field}: {v} is not a whole number; kept as printed", cell.Line, field));
            if (r.Unit is { } u && CellValue.YuanFactor(u) is not null)
                Diagnostics.Add(Diagnostic.Warning("money_unit_in_count", $"{field}: a money unit “{u}” in a count column; value kept without conversion", cell.Line, field));
        }
        Add(new Fact(field, value, r.Status, raw, r.Unit, r.Unit is null ? null : UnitSource.Cell, r.Approximate, cell.Line));
    }

    /// <summary>Every field of the template that no reader filled: unreadable, with one diagnostic per table.</summary>
    public IEnumerable<Fact> Complete()
    {
        var notFound = new List<FieldDef>();
        var fields = FieldDictionary.For(Template);
        var all = new Fact[fields.Count];
        for (int i = 0; i < all.Length; i++)
        {
            var def = fields[i];
            if (!_facts.TryGetValue(def.Id, out var fact))
            {
                _facts[def.Id] = fact = new Fact(def.Id, null, FactStatus.Unreadable, null, null, null, false, null);
                notFound.Add(def);
            }
            all[i] = fact;
        }
        // Every field left unreadable is named in a diagnostic, so no missing value is silent.
        // (A table missing as a whole has its own table_missing diagnostic.)
        foreach (var section in notFound.GroupBy(d => d.Section))
        {
            var ids = section.Select(d => d.Id).ToList();
            if (ids.Count == FieldDictionary.For(Template).Count(d => d.Section == section.Key)) continue;
            Diagnostics.Add(Diagnostic.Warning("cells_not_found", $"table {section.Key}: no cell found for {ids.Count} field(s), left unreadable: {string.Join(", ", ids)}"));
        }
        return all;
    }
}
