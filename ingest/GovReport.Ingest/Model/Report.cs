using System.Collections.Immutable;

namespace GovReport.Ingest.Model;

public static class TemplateVersion
{
    /// <summary>国办公开办函〔2019〕60号, used for the 2019 and 2020 reports.</summary>
    public const string V2019 = "2019";
    /// <summary>国办公开办函〔2021〕30号, used from the 2021 reports on.</summary>
    public const string V2021 = "2021";
    public const string Unknown = "unknown";
}

public static class AgencyLevel
{
    public const string Subdistrict = "街道";
    public const string Township = "乡镇";
    public const string County = "县级政府";
    public const string Department = "部门";
    public const string Other = "其他";
}

/// <summary>A value read from the narrative, with its line (e.g. the stated total of proactively published items).</summary>
public sealed record NarrativeFact(string Name, decimal Value, bool Approximate, string Raw, int Line);

/// <summary>One annual report, as read from one file.</summary>
public sealed record Report
{
    /// <summary>First 16 hex characters of the SHA-256 of the file's bytes.</summary>
    public required string ReportId { get; init; }
    public required string SourcePath { get; init; }
    public required string Sha256 { get; init; }
    public long FileSize { get; init; }
    /// <summary>The form the text came in (e.g. <c>txt-cells</c>: one table cell per line).</summary>
    public string SourceForm { get; init; } = "txt-cells";
    public string? Encoding { get; init; }

    public string? AgencyName { get; init; }
    /// <summary>The agency name without the issuing government prefix and 办事处 suffix (桂溪街道).</summary>
    public string? AgencyShort { get; init; }
    public string AgencyLevel { get; init; } = Model.AgencyLevel.Other;
    /// <summary>title | body | guide | signature: where the agency name was found.</summary>
    public string? AgencySource { get; init; }
    public int? AgencyLine { get; init; }

    /// <summary>The year the report covers (统计期限 or title), not the publication year.</summary>
    public int? Year { get; init; }
    /// <summary>period | title | body.</summary>
    public string? YearSource { get; init; }
    public DateOnly? PublishedOn { get; init; }

    public string Template { get; init; } = TemplateVersion.Unknown;
    /// <summary>The signals that decided the template, e.g. <c>2019:header:上一年项目数量</c>.</summary>
    public ImmutableArray<string> TemplateSignals { get; init; } = [];
    /// <summary>Section numbers (一 … 六) whose heading was found.</summary>
    public ImmutableArray<string> SectionsFound { get; init; } = [];

    /// <summary>The agency's region in the national gazetteer, with evidence, confidence and candidates.</summary>
    public Regions.RegionMatch? Region { get; init; }

    public ImmutableArray<Fact> Facts { get; init; } = [];
    public ImmutableArray<NarrativeFact> NarrativeFacts { get; init; } = [];

    public Fact? Fact(string field) => Facts.FirstOrDefault(f => f.Field == field);
}

/// <summary>What a parser returns: the report it could read, and everything it noticed.</summary>
public sealed record ParseResult(Report Report, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>False when the text does not look like an annual report at all (no title, headings or tables).</summary>
    public bool IsReport { get; init; } = true;
}
