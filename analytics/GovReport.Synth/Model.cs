using GovReport.Ingest.Regions;

namespace GovReport.Synth;

/// <summary>Options of one synthetic corpus.</summary>
/// <param name="Reports">Number of report files to write (duplicates included).</param>
/// <param name="Seed">Seed of the one <see cref="System.Random"/> every choice is drawn from.</param>
/// <param name="DefectRate">Share of reports that get one injected defect.</param>
/// <param name="HtmlShare">Share of reports written as HTML pages (the rest are cell-per-line text).</param>
public sealed record SynthOptions(int Reports, int Seed, double DefectRate = 0.10, double HtmlShare = 0.25);

/// <summary>Kinds of agencies; the level the parser should see is <see cref="SynthAgency.Level"/>.</summary>
public enum AgencyKind { Subdistrict, Township, County, Department }

/// <summary>One synthetic agency, drawn from the gazetteer.</summary>
/// <param name="Id">File-name-safe id: township code (9 digits), county code + <c>-00</c>, or county code + <c>-NN</c> (department).</param>
/// <param name="Name">The name printed in the title (丰城市剑光街道, 丰城市人民政府, 丰城市市场监督管理局).</param>
/// <param name="Level">The <see cref="GovReport.Ingest.Model.AgencyLevel"/> value.</param>
public sealed record SynthAgency(string Id, string Name, string Level, AgencyKind Kind, Region County, Region? Township, DepartmentType? Department)
{
    /// <summary>Province, city (when not a placeholder) and county, written out: 江西省宜春市丰城市.</summary>
    public string Place => County.Province.Name + (County.City?.Name ?? "") + County.Name;

    /// <summary>The region code the agency stands for (township code, else county code).</summary>
    public string RegionCode => Township?.Code ?? County.Code;
}

/// <summary>A department kind and its typical workload (medians of yearly counts).</summary>
public sealed record DepartmentType(string Name, double Penalty, double License, double Procurement, double Applications);

/// <summary>One row of DIR/truth.csv.</summary>
public sealed record TruthRow(string File, int ReportYear, string Agency, string Defect, string Field, string Detail);

/// <summary>Defect type names, as written in truth.csv.</summary>
public static class DefectType
{
    public const string UnitConfusion = "unit_confusion";
    public const string ColumnShift = "column_shift";
    public const string BrokenIdentity = "broken_identity";
    public const string NarrativeMismatch = "narrative_mismatch";
    public const string ExtremeMagnitude = "extreme_magnitude";
    public const string DuplicatedReport = "duplicated_report";
    public const string SwappedDigits = "swapped_digits";

    public static readonly IReadOnlyList<string> All =
        [UnitConfusion, ColumnShift, BrokenIdentity, NarrativeMismatch, ExtremeMagnitude, DuplicatedReport, SwappedDigits];
}

/// <summary>
/// The numbers of one report: every canonical field of its template (money in 元), the narrative's figures, and the
/// text of every table cell as it will be printed.
/// </summary>
public sealed class ReportNumbers
{
    public required string Template { get; init; }
    /// <summary>Field id → value (money in 元).</summary>
    public Dictionary<string, decimal> Values { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Field id → the cell text printed.</summary>
    public Dictionary<string, string> Cells { get; init; } = new(StringComparer.Ordinal);
    /// <summary>The narrative's 主动公开政府信息N条 and its breakdown (网站, 新媒体, 其他).</summary>
    public int ProactiveStated { get; set; }
    public int[] ProactiveBreakdown { get; set; } = [];
    /// <summary>The narrative's 收到政府信息公开申请N件 (= s3_new_received__total in a clean report).</summary>
    public int ApplicationsStated { get; set; }

    public ReportNumbers Clone() => new()
    {
        Template = Template,
        Values = new(Values, StringComparer.Ordinal),
        Cells = new(Cells, StringComparer.Ordinal),
        ProactiveStated = ProactiveStated,
        ProactiveBreakdown = [.. ProactiveBreakdown],
        ApplicationsStated = ApplicationsStated,
    };
}

/// <summary>One generated report file.</summary>
public sealed class SynthReport
{
    public required int Index { get; init; }
    public required string FileName { get; init; }
    public required SynthAgency Agency { get; init; }
    public required int Year { get; init; }
    public required DateOnly PublishedOn { get; init; }
    /// <summary>"txt" (one cell per line) or "html".</summary>
    public required string Format { get; init; }
    /// <summary>The agency's true numbers for the year (what a clean report prints).</summary>
    public required ReportNumbers Truth { get; init; }
    /// <summary>What the file prints (differs from <see cref="Truth"/> only in a defective report).</summary>
    public required ReportNumbers Printed { get; init; }
    public required string Content { get; init; }
    public IReadOnlyList<TruthRow> Defects { get; init; } = [];
    public bool IsClean => Defects.Count == 0;
    public string Template => Truth.Template;
}
