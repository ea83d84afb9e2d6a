namespace GovReport.Ingest.Model;

/// <summary>How a cell was filled in. A blank is "missing", never 0.</summary>
public static class FactStatus
{
    public const string Reported = "reported";
    public const string Blank = "blank";
    public const string Dash = "dash";
    public const string NotApplicable = "not_applicable";
    public const string Unreadable = "unreadable";

    public static readonly IReadOnlyList<string> All = [Reported, Blank, Dash, NotApplicable, Unreadable];
}

/// <summary>Where the unit of a value came from, strongest first.</summary>
public static class UnitSource
{
    public const string Cell = "cell";
    public const string Header = "header";
    public const string Template = "template";
    public const string Assumed = "assumed";
}

/// <summary>One canonical field of one report, with the text it was read from.</summary>
/// <param name="Field">Canonical field id (reference §9), e.g. <c>s3_granted__total</c>.</param>
/// <param name="Value">The number; money normalized to 元. Null unless <see cref="Status"/> is reported.</param>
/// <param name="Raw">The cell text as printed (null when the cell was not found at all).</param>
/// <param name="Unit">The unit as written (元, 万元, 万, 件 …), or the header/template/assumed unit.</param>
/// <param name="Approximate">余 / 约 / 多 / 左右 in the cell.</param>
/// <param name="Line">1-based line of the cell in the source text.</param>
public sealed record Fact(
    string Field,
    decimal? Value,
    string Status,
    string? Raw,
    string? Unit,
    string? UnitSource,
    bool Approximate,
    int? Line);
