using System.CommandLine;
using System.Globalization;
using GovReport.Synth;

namespace GovReport.Cli.Commands;

public static class SynthCommand
{
    public static Command Create()
    {
        var reports = new Option<int>("--reports") { Description = "Number of report files to write", Required = true, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same N and seed give byte-identical files", DefaultValueFactory = _ => 1, HelpName = "S" };
        var output = new Option<string>("--out") { Description = "Output folder (report files, truth.csv, manifest.csv)", Required = true, HelpName = "DIR" };
        var rate = new Option<double>("--defect-rate") { Description = "Share of reports with one injected defect (default 0.1)", DefaultValueFactory = _ => 0.10, HelpName = "R" };
        var html = new Option<double>("--html-share") { Description = "Share of reports written as HTML (default 0.25)", DefaultValueFactory = _ => 0.25, HelpName = "R" };
        var crossYear = new Option<double>("--cross-year-rate") { Description = "Share of reports that follow the same agency's previous year and get one cross-year break (carry-over, stock-flow, duplicated or missing year; default 0)", DefaultValueFactory = _ => 0, HelpName = "R" };
        var cmd = new Command("synth", "Write a synthetic corpus of annual reports with injected defects and their ground truth (DIR/truth.csv).")
            { reports, seed, output, rate, html, crossYear };
        cmd.SetAction(parse => Run(parse.GetValue(reports), parse.GetValue(seed), parse.GetValue(output)!, parse.GetValue(rate), parse.GetValue(html), Console.Out, parse.GetValue(crossYear)));
        return cmd;
    }

    public static int Run(int reports, int seed, string outDir, double defectRate, double htmlShare, TextWriter plain, double crossYearRate = 0)
    {
        if (reports < 0 || defectRate is < 0 or > 1 || htmlShare is < 0 or > 1 || crossYearRate is < 0 or > 1)
        {
            Console.Error.WriteLine("govreport synth: --reports must be ≥ 0, --defect-rate, --html-share and --cross-year-rate within 0..1");
            return ExitCodes.Usage;
        }
        Action<int> progress = n => { if (n % 10_000 == 0) plain.WriteLine($"  {n.ToString("N0", CultureInfo.InvariantCulture)} reports"); };
        var options = new SynthOptions(reports, seed, defectRate, htmlShare);
        SynthGenerator.Summary s;
        try
        {
            s = crossYearRate > 0 ? MultiYear.Write(options, crossYearRate, outDir, progress) : SynthGenerator.Write(options, outDir, progress);
        }
        catch (InvalidOperationException ex)
        {
            // Each agency appears once per corpus (with its several years): the gazetteer runs out near 250,000 reports.
            Console.Error.WriteLine($"govreport synth: {ex.Message} ({reports.ToString("N0", CultureInfo.InvariantCulture)} reports asked for; " +
                                    "one corpus holds about 250,000 at most: write larger ones as several corpora with different seeds into separate folders)");
            return ExitCodes.Failure;
        }
        plain.WriteLine($"wrote {s.Reports.ToString(CultureInfo.InvariantCulture)} reports ({s.Html.ToString(CultureInfo.InvariantCulture)} HTML, " +
                        $"{(s.Bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture)} MB) to {outDir} in {s.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s (seed {seed.ToString(CultureInfo.InvariantCulture)})");
        plain.WriteLine($"{s.Defective.ToString(CultureInfo.InvariantCulture)} with an injected defect (truth.csv): " +
                        string.Join(", ", s.ByDefect.Select(kv => $"{kv.Key} {kv.Value.ToString(CultureInfo.InvariantCulture)}")));
        return ExitCodes.Ok;
    }
}
