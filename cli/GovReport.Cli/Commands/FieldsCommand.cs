using System.CommandLine;
using GovReport.Ingest.Model;
using GovReport.Ingest.Store;
using Spectre.Console;

namespace GovReport.Cli.Commands;

public static class FieldsCommand
{
    public static Command Create()
    {
        var template = new Option<string?>("--template") { Description = "Only the fields of one template", HelpName = "2019|2021" };
        template.AcceptOnlyFromAmong(TemplateVersion.V2019, TemplateVersion.V2021);
        var format = GovReportCli.FormatOption();
        var cmd = new Command("fields", "The field dictionary: canonical field ids, Chinese labels, templates and units.") { template, format };
        cmd.SetAction(parse => Run(parse.GetValue(template), parse.GetValue(format)!, AnsiConsole.Console, Console.Out));
        return cmd;
    }

    public static QueryResult Dictionary(string? template)
    {
        var rows = FieldDictionary.All.Where(f => template is null || f.In(template))
            .Select(f => new object?[] { f.Id, f.Label, string.Join(",", f.Templates), f.Section, f.Kind, f.Unit, f.TemplateUnit })
            .ToList();
        return new QueryResult(["field", "label", "templates", "section", "kind", "unit", "template_unit"], rows);
    }

    public static int Run(string? template, string format, IAnsiConsole console, TextWriter plain)
    {
        Output.Write(Dictionary(template), format, console, plain);
        return ExitCodes.Ok;
    }
}
