using System.Diagnostics;
using DuckDB.NET.Data;
using GovReport.Cli.Commands;
using Spectre.Console;

namespace GovReport.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-cli-").FullName;
    private string Db => Path.Combine(_dir, "s.duckdb");
    private static string Seeds => Path.Combine(AppContext.BaseDirectory, "Fixtures", "seeds");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (IAnsiConsole Console, StringWriter Out) Capture()
    {
        var w = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(w), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        return (console, w);
    }

    private int Ingest(out string output, params string[] paths)
    {
        var (console, w) = Capture();
        int code = IngestCommand.RunAsync(paths, Db, 1000, console, w, CancellationToken.None).GetAwaiter().GetResult();
        output = w.ToString();
        return code;
    }

    private string Query(string sql, string format = "csv")
    {
        var (console, w) = Capture();
        Assert.Equal(ExitCodes.Ok, QueryCommand.Run(sql, Db, format, console, w));
        return w.ToString();
    }

    [Fact]
    public void Ingest_then_query_as_in_the_issue()
    {
        Assert.Equal(ExitCodes.Ok, Ingest(out string summary, Seeds));
        Assert.Contains("reports loaded: 5", summary);
        Assert.Contains("failed: 0", summary);
        string csv = Query("select r.agency_name, f.value from facts f join reports r using (report_id) where f.field = 's2_procurement_amount' order by 1");
        Assert.Contains("剑南街道,560000\n", csv.Replace("\r\n", "\n"));
        string status = Query("select f.status from facts f join reports r using (report_id) where r.agency_name = '长庆街道' and f.field = 's2_penalty_decisions'");
        Assert.Equal("status\ndash\n", status.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Ingest_summary_counts_unchanged_files_on_the_second_run()
    {
        Ingest(out _, Seeds);
        Assert.Equal(ExitCodes.Ok, Ingest(out string again, Seeds));
        Assert.Contains("unchanged, skipped: 5", again);
        Assert.Contains("reports loaded: 0", again);
    }

    [Fact]
    public void Ingest_lists_a_duplicate_once_then_counts_it()
    {
        string corpus = Path.Combine(_dir, "corpus");
        Directory.CreateDirectory(corpus);
        var files = Directory.GetFiles(Seeds).Order(StringComparer.Ordinal).ToList();
        foreach (var f in files) File.Copy(f, Path.Combine(corpus, Path.GetFileName(f)));
        string copy = Path.Combine(corpus, "zz-copy.txt");
        File.Copy(files[0], copy);
        // Dated an hour back, as files on disk are: a file modified within 2 s of a run is hashed again at the next.
        foreach (var f in Directory.GetFiles(corpus)) File.SetLastWriteTimeUtc(f, DateTime.UtcNow.AddHours(-1));

        Ingest(out string first, corpus);
        Assert.Contains($"duplicate {copy}: same content as report", first);
        Assert.Contains("duplicates (same content as a loaded report): 1\n", first.Replace("\r\n", "\n"));

        Ingest(out string again, corpus);
        Assert.DoesNotContain("duplicate " + copy, again);
        Assert.Contains("duplicates (same content as a loaded report): 1 (all already duplicates at an earlier ingest, not listed; every one is in ingest_duplicates)", again);
    }

    [Fact]
    public void Ingest_exits_non_zero_only_when_nothing_could_be_processed()
    {
        string junk = Path.Combine(_dir, "junk");
        Directory.CreateDirectory(junk);
        File.WriteAllBytes(Path.Combine(junk, "a.txt"), []);
        Assert.Equal(ExitCodes.Failure, Ingest(out string output, junk));
        Assert.Contains("a.txt: empty file", output);
        // One good file among bad ones: success, with the bad one named.
        File.Copy(Directory.GetFiles(Seeds)[0], Path.Combine(junk, "good.txt"));
        Assert.Equal(ExitCodes.Ok, Ingest(out output, junk));
        Assert.Contains("failed: 1", output);
    }

    [Fact]
    public void Json_and_table_formats()
    {
        Ingest(out _, Seeds);
        string json = Query("select agency_short, year from reports order by agency_short limit 1", "json");
        Assert.Contains("\"agency_short\": \"剑光街道\"", json);
        Assert.Contains("\"year\": 2020", json);
        string table = Query("select agency_short from reports order by 1", "table");
        Assert.Contains("浮山街道", table);
        Assert.Contains("5 row(s)", table);
    }

    [Fact]
    public void Lists_with_nulls_are_printed_not_thrown()
    {
        Ingest(out _, Seeds);
        // 长庆街道 prints "—" for 行政处罚: a NULL inside fact_store's value list, which DuckDB.NET refused to read.
        string csv = Query("select value from fact_store join reports using (report_id) where agency_short = '长庆街道'");
        Assert.Matches(@"\[[^\]]*, , [^\]]*\]", csv);
        string json = Query("select [1, NULL]::INT[] as l, [[NULL, 2]]::INT[][] as ll, [NULL::DECIMAL(18,4), 1.5] as d", "json");
        string flat = string.Concat(json.Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains("\"l\":[1,null]", flat);
        Assert.Contains("\"ll\":[[null,2]]", flat);
        Assert.Contains("\"d\":[null,1.5]", flat);
    }

    [Fact]
    public void Structs_and_maps_print_as_keys_and_values()
    {
        Ingest(out _, Seeds);
        const string sql = "select {'a': 1, 'b': NULL, 'c': [1, 2]} as s, map {'k': 2.5} as m, [{'x': '=y'}] as l";
        Assert.Equal("s,m,l\n\"{a: 1, b: , c: [1, 2]}\",{k: 2.5},[{x: =y}]\n", Query(sql).Replace("\r\n", "\n"));
        string flat = string.Concat(Query(sql, "json").Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains("\"s\":{\"a\":1,\"b\":null,\"c\":[1,2]}", flat);
        Assert.Contains("\"m\":{\"k\":2.5}", flat);
        Assert.Contains("\"l\":[{\"x\":\"=y\"}]", flat);
    }

    [Fact]
    public void Show_lists_every_field_with_raw_text_and_line()
    {
        Ingest(out _, Seeds);
        string file = Directory.GetFiles(Seeds, "001_*.txt").Single();
        var (console, w) = Capture();
        Assert.Equal(ExitCodes.Ok, ShowCommand.Run(file, Db, "csv", console, w));
        var lines = w.ToString().Replace("\r\n", "\n").Trim().Split('\n');
        Assert.Equal(1 + 198, lines.Length);
        Assert.Contains(lines, l => l.Contains(",s2_procurement_amount,") && l.Contains(",560000,reported,56万,万,cell,false,90"));
        (console, w) = Capture();
        Assert.Equal(ExitCodes.Failure, ShowCommand.Run("ffffffffffffffff", Db, "table", console, w));
    }

    [Fact]
    public void Csv_neutralises_formulas_in_text_but_not_numbers()
    {
        Assert.Equal("'=HYPERLINK(\"x\")".Replace("\"", "\"\""), Output.CsvCell("=HYPERLINK(\"x\")").Trim('"'));
        Assert.Equal("'+1", Output.CsvCell("+1"));
        Assert.Equal("'@SUM(A1)", Output.CsvCell("@SUM(A1)"));
        Assert.Equal("'-2", Output.CsvCell("-2"));
        Assert.Equal("-2", Output.CsvCell(-2m));
        Assert.Equal("\"a,b\"", Output.CsvCell("a,b"));
    }

    [Fact]
    public void Bad_arguments_are_parse_errors()
    {
        var root = GovReportCli.Build();
        Assert.NotEmpty(root.Parse(["query", "--format", "xml", "select 1"]).Errors);
        Assert.NotEmpty(root.Parse(["ingest"]).Errors);
        Assert.NotEmpty(root.Parse(["fields", "--template", "2020"]).Errors);
        Assert.Empty(root.Parse(["ingest", "a", "b", "--db", "x.duckdb"]).Errors);
        Assert.Empty(root.Parse(["ingest", "a", "--rehash"]).Errors);
        Assert.True(root.Parse(["ingest", "a", "--rehash"]).GetValue<bool>("--rehash"));
    }

    /// <summary>The summary says how many files were read; --rehash reads the ones a rerun would take as unchanged.</summary>
    [Fact]
    public async Task Ingest_rehash_reads_the_files_a_rerun_skips()
    {
        string corpus = Path.Combine(_dir, "corpus");
        Directory.CreateDirectory(corpus);
        foreach (var f in Directory.GetFiles(Seeds))
        {
            File.Copy(f, Path.Combine(corpus, Path.GetFileName(f)));
            File.SetLastWriteTimeUtc(Path.Combine(corpus, Path.GetFileName(f)), DateTime.UtcNow.AddHours(-1));
        }
        Assert.Equal(ExitCodes.Ok, Ingest(out _, corpus));
        Assert.Contains("read from disk: 0 (5 not hashed", Ingest(out string again, corpus) == ExitCodes.Ok ? again : "");
        var (console, w) = Capture();
        Assert.Equal(ExitCodes.Ok, await IngestCommand.RunAsync([corpus], Db, 1000, console, w, CancellationToken.None, rehash: true));
        Assert.Contains("unchanged, skipped: 5", w.ToString());
        Assert.Contains("read from disk: 5\n", w.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void Notebook_run_writes_html_and_ipynb_and_binds_params()
    {
        Ingest(out _, Seeds);
        string nb = Path.Combine(_dir, "采购.md");
        File.WriteAllText(nb, "---\ntitle: 采购\nparameters:\n  name: \"x\"\n---\n```sql\nSELECT r.agency_name, f.value FROM facts f JOIN reports r USING (report_id)\nWHERE f.field = 's2_procurement_amount' AND r.agency_name = $name\n```\n");
        var (o, e) = (new StringWriter(), new StringWriter());
        string outDir = Path.Combine(_dir, "out");
        Assert.Equal(ExitCodes.Ok, NotebookCommand.Run([nb], ["name=剑南街道"], Db, outDir, o, e));
        string html = File.ReadAllText(Path.Combine(outDir, "采购.html"));
        Assert.Contains("<td>剑南街道</td><td class=\"num\">560000</td>", html);
        Assert.Contains("\"nbformat\": 4", File.ReadAllText(Path.Combine(outDir, "采购.ipynb")));
        Assert.Empty(e.ToString());
        Assert.Empty(root().Parse(["notebook", "run", nb, "--param", "a=1", "--param", "b=2", "--out", outDir]).Errors);
        Assert.NotEmpty(root().Parse(["notebook", "run", nb]).Errors); // --out is required
        static System.CommandLine.RootCommand root() => GovReportCli.Build();
    }

    [Fact]
    public void Notebook_run_fails_with_the_file_line_and_sql_message()
    {
        Ingest(out _, Seeds);
        string nb = Path.Combine(_dir, "bad.md");
        File.WriteAllText(nb, "# 坏的\n\n```sql\nSELECT no_such_column FROM reports\n```\n");
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(ExitCodes.Failure, NotebookCommand.Run([nb], [], Db, Path.Combine(_dir, "out"), o, e));
        Assert.Contains($"{nb}:3: SQL error", e.ToString());
        Assert.Contains("no_such_column", e.ToString());
        Assert.Equal(ExitCodes.Usage, NotebookCommand.Run([nb], ["novalue"], Db, Path.Combine(_dir, "out"), o, e));
    }

    [Fact]
    public void Field_dictionary_file_matches_the_code()
    {
        // data/fields.csv is the published field dictionary; it must be what `govreport fields --format csv` prints.
        string? root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "GovReportAnalytics.sln"))) root = Path.GetDirectoryName(root);
        Assert.NotNull(root);
        var (console, w) = Capture();
        FieldsCommand.Run(null, "csv", console, w);
        Assert.Equal(File.ReadAllText(Path.Combine(root, "data", "fields.csv")).Replace("\r\n", "\n"), w.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void A_query_while_another_process_writes_says_the_database_is_in_use()
    {
        Ingest(out _, Seeds);
        using var writer = new DuckDBConnection($"DataSource={Db}");
        writer.Open(); // this process now holds DuckDB's file lock
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "govreport.dll"), "query", "--db", Db, "select 1"])
        { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(ExitCodes.Failure, p.ExitCode);
        Assert.Contains("is in use by another process", err);
    }
}

public sealed class SiteFailureTests
{
    [Fact]
    public void A_full_disk_during_parallel_page_writing_is_a_one_line_reason()
    {
        var full = new AggregateException(new IOException("No space left on device : '/tmp/site/agency/a.html'"),
            new AggregateException(new IOException("No space left on device : '/tmp/site/agency/b.html'")));
        Assert.Equal("No space left on device : '/tmp/site/agency/a.html'", SiteCommand.Failure(full));
        Assert.Equal("database x is locked", SiteCommand.Failure(new InvalidOperationException("database x is locked\nmore")));
        // A bug is not dressed up as a user's problem: it surfaces with its stack.
        Assert.Null(SiteCommand.Failure(new AggregateException(new IOException("disk"), new NullReferenceException())));
        Assert.Null(SiteCommand.Failure(new NullReferenceException()));
    }
}
