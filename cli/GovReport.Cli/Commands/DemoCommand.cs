using System.CommandLine;
using GovReport.Ingest.Store;
using Spectre.Console;

namespace GovReport.Cli.Commands;

public static class DemoCommand
{
    public const string DemoDb = "data/demo.duckdb";
    public const string SampleDir = "data/sample";
    public const string SiteDir = "data/demo-site";

    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = $"Database to (re)create (default {DemoDb})", DefaultValueFactory = _ => DemoDb, HelpName = "FILE" };
        var sample = new Option<string>("--sample") { Description = $"Sample corpus (default {SampleDir})", DefaultValueFactory = _ => SampleDir, HelpName = "DIR" };
        var site = new Option<string>("--out") { Description = $"Folder for the website (default {SiteDir})", DefaultValueFactory = _ => SiteDir, HelpName = "DIR" };
        var cmd = new Command("demo", "The main job on the bundled sample corpus: ingest data/sample into a fresh database, compare the agencies and write the website.") { db, sample, site };
        cmd.SetAction(async (parse, ct) => await RunAsync(parse.GetValue(sample)!, parse.GetValue(db)!, parse.GetValue(site)!, AnsiConsole.Console, Console.Out, ct));
        return cmd;
    }

    public static async Task<int> RunAsync(string sampleDir, string dbPath, string siteDir, IAnsiConsole console, TextWriter plain, CancellationToken ct)
    {
        if (!Directory.Exists(sampleDir))
        {
            Console.Error.WriteLine($"govreport demo: sample corpus {sampleDir} not found (run from the repository root)");
            return ExitCodes.Failure;
        }
        foreach (var f in new[] { dbPath, dbPath + ".wal" }) if (File.Exists(f)) File.Delete(f);
        int code = await IngestCommand.RunAsync([sampleDir], dbPath, 1000, console, plain, ct);
        if (code != ExitCodes.Ok) return code;

        code = AnalyzeCommand.Run(dbPath, console, plain);
        if (code != ExitCodes.Ok) return code;

        using var store = ReportStore.Open(dbPath, readOnly: true);
        var table = store.Query("""
            SELECT coalesce(r.agency_short, r.agency_name, '（未识别：' || regexp_extract(r.source_path, '[^/]+$') || '）') AS 机关,
                   coalesce(r.county, r.city, r.province, '（未定）') AS 区划, r.region_code AS 区划代码,
                   r.year AS 年度, r.template AS 模板, r.source_form AS 格式,
                   max(f.value) FILTER (WHERE f.field = 's2_license_decisions') AS 行政许可,
                   max(f.value) FILTER (WHERE f.field = 's2_penalty_decisions') AS 行政处罚,
                   max(f.value) FILTER (WHERE f.field = 's2_procurement_projects') AS 采购项目,
                   max(f.value) FILTER (WHERE f.field = 's2_procurement_amount') AS 采购金额_元,
                   max(f.value) FILTER (WHERE f.field = 's2_fee_amount') AS 收费金额_元,
                   max(f.value) FILTER (WHERE f.field = 's3_new_received__total') AS 新收申请,
                   r.warnings AS 警告
            FROM reports r JOIN facts f USING (report_id)
            GROUP BY ALL
            ORDER BY r.template, r.year, 机关
            """);
        console.WriteLine();
        Output.Write(table, "table", console, plain);
        console.WriteLine("Blank: the field is not in that template (采购 is 2019-only, 收费金额 2021-only) or was not reported (see `govreport show`).");
        console.WriteLine();
        console.WriteLine("Top flags (govreport flags --db " + dbPath + " lists all; govreport review FLAG_ID --status confirmed|dismissed records a decision):");
        // One flag per paragraph: the explanations are sentences, too long for a table column.
        foreach (var row in FlagsCommand.Query(store, null, 12).Rows)
            console.Write(new Text($"[{row[3]}] {row[1]} {row[2]} · {row[4]} · flag {row[0]}\n    {row[6]}\n    source lines {Output.Format(row[7])}\n"));
        console.WriteLine($"Database: {dbPath}. Try: ./govreport query --db {dbPath} \"select * from report_fields_2019\"");
        store.Dispose();
        console.WriteLine();
        return SiteCommand.Run(dbPath, siteDir, copyDatabase: true, plain);
    }
}
