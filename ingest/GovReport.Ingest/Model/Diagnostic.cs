namespace GovReport.Ingest.Model;

public static class Severity
{
    public const string Error = "error";
    public const string Warning = "warning";
    public const string Info = "info";
}

/// <summary>Something the parser noticed, assumed or could not read. Parsers report, they never throw.</summary>
public sealed record Diagnostic(string Severity, string Code, string Message, int? Line = null, string? Field = null)
{
    public static Diagnostic Error(string code, string message, int? line = null, string? field = null) =>
        new(Model.Severity.Error, code, message, line, field);

    public static Diagnostic Warning(string code, string message, int? line = null, string? field = null) =>
        new(Model.Severity.Warning, code, message, line, field);

    public static Diagnostic Info(string code, string message, int? line = null, string? field = null) =>
        new(Model.Severity.Info, code, message, line, field);

    public override string ToString() =>
        $"{Severity} {Code}{(Line is { } l ? $" (line {l})" : "")}{(Field is null ? "" : $" [{Field}]")}: {Message}";
}
