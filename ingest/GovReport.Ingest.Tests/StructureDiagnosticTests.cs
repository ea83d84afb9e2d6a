using GovReport.Ingest.Model;

namespace GovReport.Ingest.Tests;

/// <summary>Deviations of reference §8.5 that the parser must map, or report without guessing.</summary>
public class StructureDiagnosticTests
{
    [Fact]
    public void Unlabelled_sub_rows_are_mapped_by_position_with_a_diagnostic()
    {
        var r = Fixtures.ParseSeed("003");
        var byPosition = r.Diagnostics.Where(d => d.Code == "row_by_position").ToList();
        // 8 rows of （三）, 3 of （四）, 5 of （五） are printed without labels.
        Assert.Equal(16, byPosition.Count);
        Assert.Contains(byPosition, d => d.Line == 148 && d.Message.Contains("denied_state_secret"));
        Assert.Contains(byPosition, d => d.Line == 236 && d.Message.Contains("unable_not_held"));
        Assert.Contains(byPosition, d => d.Line == 313 && d.Message.Contains("rejected_reconfirm"));
        Assert.Equal(16, r.Diagnostics.Count(d => d.Code == "extra_cells"));
    }

    [Fact]
    public void Lost_rows_are_reported_and_never_guessed()
    {
        var r = Fixtures.ParseSeed("004");
        foreach (var row in new[] { "new_received", "carried_over", "granted" })
            foreach (var (col, _) in FieldDictionary.ApplicantColumns)
            {
                var f = r.Report.Fact(FieldDictionary.S3(row, col))!;
                Assert.Equal(FactStatus.Unreadable, f.Status);
                Assert.Null(f.Value);
            }
        var missing = Assert.Single(r.Diagnostics, d => d.Code == "rows_missing");
        Assert.Contains("new_received", missing.Message);
        Assert.Contains("granted", missing.Message);
        var stray = Assert.Single(r.Diagnostics, d => d.Code == "values_without_row");
        Assert.Equal(126, stray.Line);
        Assert.Contains("line 127", stray.Message);
    }

    [Fact]
    public void Caption_typo_is_read_and_noted()
    {
        var r = Fixtures.ParseSeed("000");
        Assert.Contains(r.Diagnostics, d => d.Code == "label_typo" && d.Line == 58);
        Assert.Equal(0m, r.Report.Fact("s2_penalty_decisions")!.Value);
    }

    [Fact]
    public void Clean_seed_parts_raise_no_warnings()
    {
        // 剑南街道's tables are complete and labelled (its arithmetic is for analytics, not the parser).
        var r = Fixtures.ParseSeed("001");
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity != Severity.Info);
    }
}

public class MissingCellDiagnosticTests
{
    [Fact]
    public void A_field_with_no_cell_is_named_in_a_diagnostic()
    {
        // Seed 001 without its 行政许可 row (lines 42–45): the three fields are unreadable, and a diagnostic names them.
        var lines = File.ReadAllLines(Fixtures.Seed("001")).ToList();
        Assert.Equal("\t行政许可", lines[41]);
        lines.RemoveRange(41, 5);
        var r = GovReport.Ingest.Parsing.ReportParser.ParseText(string.Join("\n", lines));
        Assert.Equal(FactStatus.Unreadable, r.Report.Fact("s2_license_decisions")!.Status);
        var d = Assert.Single(r.Diagnostics, d => d.Code == "cells_not_found");
        Assert.Contains("s2_license_prev_items", d.Message);
        Assert.Contains("s2_license_decisions", d.Message);
    }
}
