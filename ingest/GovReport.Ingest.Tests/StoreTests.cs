using System.Collections.Immutable;
using GovReport.Ingest.Model;
using GovReport.Ingest.Pipeline;
using GovReport.Ingest.Store;

namespace GovReport.Ingest.Tests;

/// <summary>Ingest into a real DuckDB file: loading, re-ingest, replacement, duplicates, bad input, views.</summary>
public sealed class StoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-test-").FullName;
    private string Db => Path.Combine(_dir, "t.duckdb");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Spill files an interrupted run left in &lt;db&gt;.tmp go at the next writable open, and nothing else there.</summary>
    [Fact]
    public void A_writable_open_removes_spill_files_left_by_an_interrupted_run()
    {
        using (ReportStore.Open(Db)) { }
        string tmp = Db + ".tmp", spill = Path.Combine(tmp, "duckdb_temp_storage_S32K-0.tmp"), other = Path.Combine(tmp, "notes.txt");
        Directory.CreateDirectory(tmp);
        File.WriteAllBytes(spill, new byte[300]);
        File.WriteAllText(other, "not DuckDB's");

        // A reader leaves them: other readers of the same file may be spilling there.
        using (var reader = ReportStore.Open(Db, readOnly: true)) Assert.Equal(0, reader.StaleTempBytesRemoved);
        Assert.True(File.Exists(spill));

        using (var writer = ReportStore.Open(Db)) Assert.Equal(300, writer.StaleTempBytesRemoved);
        Assert.False(File.Exists(spill));
        Assert.True(File.Exists(other)); // not DuckDB's name: kept, and so the folder

        File.Delete(other);
        File.WriteAllBytes(spill, new byte[10]);
        using (var writer = ReportStore.Open(Db)) Assert.Equal(10, writer.StaleTempBytesRemoved);
        Assert.False(Directory.Exists(tmp));
    }

    private string CopySeeds()
    {
        string corpus = Path.Combine(_dir, "corpus");
        Directory.CreateDirectory(corpus);
        foreach (var f in Directory.GetFiles(Fixtures.Path_("seeds"))) File.Copy(f, Path.Combine(corpus, Path.GetFileName(f)));
        return corpus;
    }

    private static IngestSummary Ingest(ReportStore store, params string[] paths) =>
        IngestPipeline.RunAsync(paths, store, new IngestOptions { BatchSize = 2 }).GetAwaiter().GetResult();

    private static object? Scalar(ReportStore s, string sql) => s.Scalar(sql);

    [Fact]
    public void Loads_the_seeds_with_their_facts()
    {
        string corpus = CopySeeds();
        using var store = ReportStore.Open(Db);
        var s = Ingest(store, corpus);
        Assert.Equal(5, s.Counts.Loaded);
        Assert.Equal(0, s.Counts.Failed);
        Assert.Equal(5L, Scalar(store, "SELECT count(*) FROM reports"));
        Assert.Equal(5L * 198, Scalar(store, "SELECT count(*) FROM facts"));
        Assert.Equal(560000m, Scalar(store, "SELECT f.value FROM facts f JOIN reports r USING (report_id) WHERE r.agency_name = '剑南街道' AND f.field = 's2_procurement_amount'"));
        Assert.Equal("dash", Scalar(store, "SELECT f.status FROM facts f JOIN reports r USING (report_id) WHERE r.agency_name = '长庆街道' AND f.field = 's2_penalty_decisions'"));
        // The wide view has one column per field.
        Assert.Equal(17630000m, Scalar(store, "SELECT s2_procurement_amount FROM report_fields_2019 WHERE agency_name = '长庆街道'"));
        Assert.Equal(5L, Scalar(store, "SELECT count(*) FROM report_fields_2019"));
        Assert.Equal(162m, Scalar(store, "SELECT n.value FROM narrative_facts n JOIN reports r USING (report_id) WHERE r.agency_short = '剑光街道'"));
        // Line numbers point into the stored source text.
        Assert.Equal("\t1072991.52", Scalar(store, """
            SELECT string_split(t.text, chr(10))[f.line] FROM facts f JOIN source_texts t USING (report_id)
            JOIN reports r USING (report_id) WHERE r.agency_short = '剑光街道' AND f.field = 's2_procurement_amount'
            """));
    }

    /// <summary>Every fact as the parser made it comes back from the facts view unchanged (value, status, raw text with
    /// null kept apart from empty, unit, unit source, approximate, line), also when a cell holds a control character
    /// (U+001F).</summary>
    [Fact]
    public void Stored_facts_equal_the_parsed_facts()
    {
        string corpus = Path.Combine(_dir, "corpus");
        Directory.CreateDirectory(corpus);
        var files = Directory.GetFiles(Fixtures.Path_("seeds")).Concat(Directory.GetFiles(Fixtures.Path_("real"), "*.html")).Order(StringComparer.Ordinal).ToList();
        foreach (var f in files) File.Copy(f, Path.Combine(corpus, Path.GetFileName(f)));
        // A seed with U+001F inside a value cell ("\t1072991.52" → "\t1072991.52\u001F").
        string seed = Directory.GetFiles(corpus, "*.txt").Order(StringComparer.Ordinal).First(f => File.ReadAllText(f).Contains("\t1072991.52"));
        File.WriteAllText(Path.Combine(corpus, "zz_separator.txt"), File.ReadAllText(seed).Replace("\t1072991.52", "\t1072991.52\u001F"));

        using var store = ReportStore.Open(Db);
        var summary = Ingest(store, corpus);
        Assert.Equal(0, summary.Counts.Failed);
        int checkedFacts = 0;
        bool sawNullRaw = false, sawEmptyRaw = false, sawUnit = false, sawSeparator = false;
        foreach (var file in Directory.GetFiles(corpus).Order(StringComparer.Ordinal))
        {
            byte[] bytes = File.ReadAllBytes(file);
            var read = Readers.ReaderRegistry.Read(file, bytes);
            string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            var parsed = Parsing.ReportParser.Parse(read.Document!, new Parsing.SourceInfo(sha[..16], file, sha, bytes.Length, read.Encoding));
            var rows = store.Query("SELECT field, value, status, raw, unit, unit_source, approximate, line FROM facts WHERE report_id = $1", sha[..16]).Rows;
            Assert.Equal(parsed.Report.Facts.Length, rows.Count);
            var byField = rows.ToDictionary(r => (string)r[0]!);
            foreach (var fact in parsed.Report.Facts)
            {
                var r = byField[fact.Field];
                Assert.Equal(fact.Value, (decimal?)r[1]);
                Assert.Equal(fact.Status, r[2]);
                Assert.Equal(fact.Raw, r[3]);
                Assert.Equal(fact.Unit, r[4]);
                Assert.Equal(fact.UnitSource, r[5]);
                Assert.Equal(fact.Approximate, r[6]);
                Assert.Equal(fact.Line, (int?)r[7]);
                sawNullRaw |= fact.Raw is null; sawEmptyRaw |= fact.Raw == ""; sawUnit |= fact.Unit is not null;
                sawSeparator |= fact.Raw?.Contains('\u001F') == true;
                checkedFacts++;
            }
        }
        Assert.True(checkedFacts > 1000, $"{checkedFacts} facts checked");
        Assert.True(sawNullRaw && sawEmptyRaw && sawUnit && sawSeparator, $"null raw {sawNullRaw}, empty raw {sawEmptyRaw}, unit {sawUnit}, separator {sawSeparator}");
    }

    /// <summary>The lists of <c>report_facts</c> (a view over <c>fact_store</c>, which spells out only the facts that are
    /// not plain numbers) hold each report's facts in the parser's order, and the wide view the same values; a count
    /// printed with a leading zero keeps its text as printed.</summary>
    [Fact]
    public void Report_facts_lists_hold_the_parsed_facts_in_order()
    {
        string corpus = CopySeeds();
        File.WriteAllText(Path.Combine(corpus, "zz_leading_zero.txt"), File.ReadAllText(Fixtures.Seed("000")).Replace("\t568\n", "\t0568\n"));
        using var store = ReportStore.Open(Db);
        Assert.Equal(0, Ingest(store, corpus).Counts.Failed);
        // From the report text: the 规范性文件 对外公开总数量 cell reads "0568" (568 in the original seed).
        var zero = store.Query("""
            SELECT f.raw, f.value, f.status FROM facts f JOIN reports r USING (report_id)
            WHERE r.source_path LIKE '%zz_leading_zero.txt' AND f.field = 's2_normdocs_total_published'
            """).Rows.Single();
        Assert.Equal(["0568", 568m, "reported"], zero);
        Assert.Equal(0L, Scalar(store, "SELECT count(*) FROM reports r LEFT JOIN report_facts f USING (report_id) WHERE f.report_id IS NULL OR len(f.field) <> r.fact_count"));
        foreach (var file in Directory.GetFiles(corpus).Order(StringComparer.Ordinal))
        {
            var facts = Fixtures.Parse(file).Report.Facts;
            // Element by element (a list with nulls cannot be read whole into a .NET list of a value type).
            var rows = store.Query("""
                SELECT rf.field[i], rf.value[i], rf.status[i], rf.raw[i], rf.unit[i], rf.unit_source[i], rf.approximate[i], rf.line[i],
                       len(rf.value), len(rf.status), len(rf.raw), len(rf.unit), len(rf.unit_source), len(rf.approximate), len(rf.line)
                FROM (SELECT *, unnest(range(1, len(field) + 1)) AS i FROM report_facts) rf JOIN reports r USING (report_id)
                WHERE r.source_path = $1 ORDER BY i
                """, IngestPipeline.Normalize(file)).Rows;
            Assert.Equal(facts.Length, rows.Count);
            for (int i = 0; i < facts.Length; i++)
            {
                var f = facts[i];
                Assert.Equal([f.Field, f.Value, f.Status, f.Raw, f.Unit, f.UnitSource, f.Approximate, f.Line], rows[i][..8]);
                Assert.All(rows[i][8..], n => Assert.Equal((long)facts.Length, Convert.ToInt64(n)));
            }
            string template = (string)Scalar(store, $"SELECT template FROM reports WHERE source_path = '{IngestPipeline.Normalize(file).Replace("'", "''")}'")!;
            var wide = store.Query($"SELECT * FROM report_fields_{template} w JOIN reports r USING (report_id) WHERE r.source_path = $1", IngestPipeline.Normalize(file));
            var values = wide.Rows.Single();
            foreach (var f in facts) Assert.Equal(f.Value, (decimal?)values[wide.Columns.ToList().IndexOf(f.Field)]);
        }
    }

    /// <summary>A database written by another schema version (4 stored report_facts as a table) is refused, for
    /// writing and for reading, with a message that says to re-ingest.</summary>
    [Fact]
    public void A_database_of_another_schema_version_is_refused()
    {
        using (var store = ReportStore.Open(Db)) store.Execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'");
        var write = Assert.Throws<InvalidOperationException>(() => ReportStore.Open(Db));
        Assert.Contains("schema version 4", write.Message);
        Assert.Contains("Re-ingest", write.Message);
        var read = Assert.Throws<InvalidOperationException>(() => ReportStore.Open(Db, readOnly: true));
        Assert.Contains("schema version 4", read.Message);
    }

    [Fact]
    public void Reingesting_unchanged_files_is_a_no_op()
    {
        string corpus = CopySeeds();
        using var store = ReportStore.Open(Db);
        Ingest(store, corpus);
        var again = Ingest(store, corpus);
        Assert.Equal(5, again.Counts.Unchanged);
        Assert.Equal(0, again.Counts.Loaded);
        Assert.Equal(5L, Scalar(store, "SELECT count(*) FROM reports"));
        Assert.Equal(2L, Scalar(store, "SELECT count(*) FROM ingest_runs"));
        Assert.Equal(1, Convert.ToInt32(Scalar(store, "SELECT min(ingest_run_id) FROM reports")));
    }

    [Fact]
    public void A_changed_file_replaces_its_earlier_version()
    {
        string corpus = CopySeeds();
        using var store = ReportStore.Open(Db);
        Ingest(store, corpus);
        string file = Directory.GetFiles(corpus, "001_*.txt").Single();
        string oldId = (string)Scalar(store, "SELECT report_id FROM reports WHERE agency_name = '剑南街道'")!;
        File.WriteAllText(file, File.ReadAllText(file).Replace("\t56万\n", "\t57万\n"));
        var s = Ingest(store, corpus);
        Assert.Equal(1, s.Counts.Replaced);
        Assert.Equal(4, s.Counts.Unchanged);
        Assert.Equal(5L, Scalar(store, "SELECT count(*) FROM reports"));
        Assert.Equal(570000m, Scalar(store, "SELECT f.value FROM facts f JOIN reports r USING (report_id) WHERE r.agency_name = '剑南街道' AND f.field = 's2_procurement_amount'"));
        foreach (var table in new[] { "reports", "report_facts", "diagnostics", "source_texts", "narrative_facts" })
            Assert.Equal(0L, Scalar(store, $"SELECT count(*) FROM {table} WHERE report_id = '{oldId}'"));
    }

    [Fact]
    public void Of_many_identical_files_the_first_in_file_order_is_loaded_whichever_parses_first()
    {
        // Parsers run in parallel and finish in any order; the loaded copy must not depend on that.
        string corpus = CopySeeds();
        var original = Directory.GetFiles(corpus, "003_*.txt").Single();
        for (int i = 0; i < 30; i++) File.Copy(original, Path.Combine(corpus, $"z{i:00}-copy.txt"));
        File.Copy(original, Path.Combine(corpus, "002a_copy.txt")); // sorts between 002_ and 003_: this one is first
        using var store = ReportStore.Open(Db);
        var s = Ingest(store, corpus);
        Assert.Equal(5, s.Counts.Loaded);
        Assert.Equal(31, s.Counts.Duplicates);
        Assert.Equal(1L, Scalar(store, "SELECT count(*) FROM reports WHERE source_path LIKE '%/002a_copy.txt'"));
        Assert.Equal(0L, Scalar(store, "SELECT count(*) FROM ingest_duplicates WHERE source_path LIKE '%/002a_copy.txt'"));
    }

    [Fact]
    public void The_same_content_twice_is_loaded_once()
    {
        string corpus = CopySeeds();
        File.Copy(Directory.GetFiles(corpus, "003_*.txt").Single(), Path.Combine(corpus, "copy-of-003.txt"));
        using var store = ReportStore.Open(Db);
        var s = Ingest(store, corpus);
        Assert.Equal(5, s.Counts.Loaded);
        Assert.Equal(1, s.Counts.Duplicates);
        Assert.Equal(5L, Scalar(store, "SELECT count(*) FROM reports"));
        Assert.Equal(1L, Scalar(store, "SELECT count(*) FROM ingest_duplicates WHERE source_path LIKE '%copy-of-003.txt'"));

        // Again, with a second copy that arrives only now: both are duplicates of the stored report, nothing is loaded.
        File.Copy(Directory.GetFiles(corpus, "003_*.txt").Single(), Path.Combine(corpus, "second-copy-of-003.txt"));
        var again = Ingest(store, corpus);
        Assert.Equal(0, again.Counts.Loaded);
        Assert.Equal(5, again.Counts.Unchanged);
        Assert.Equal(2, again.Counts.Duplicates);
        Assert.Equal(5L, Scalar(store, "SELECT count(*) FROM reports"));
        string stored = (string)Scalar(store, "SELECT report_id FROM reports WHERE source_path LIKE '%/003_%'")!;
        Assert.Equal(2L, Scalar(store, $"SELECT count(*) FROM ingest_duplicates WHERE run_id = {again.RunId} AND report_id = '{stored}'"));
    }

    [Fact]
    public void Bad_input_gets_a_reason_and_the_run_goes_on()
    {
        string corpus = CopySeeds();
        File.WriteAllBytes(Path.Combine(corpus, "empty.txt"), []);
        File.WriteAllBytes(Path.Combine(corpus, "binary.txt"), [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 9, 9]);
        File.WriteAllText(Path.Combine(corpus, "recipe.txt"), "番茄炒蛋\n鸡蛋两个，番茄一个。\n先炒蛋，再炒番茄。\n");
        var seedLines = File.ReadAllLines(Fixtures.Seed("000"));
        File.WriteAllText(Path.Combine(corpus, "truncated.txt"), string.Join("\n", seedLines.Take(60)));
        File.WriteAllBytes(Path.Combine(corpus, "old.doc"), [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        File.WriteAllText(Path.Combine(corpus, "notes.json"), "{}");
        using var store = ReportStore.Open(Db);
        var s = Ingest(store, corpus, Path.Combine(_dir, "does-not-exist"));

        Assert.Equal(6, s.Counts.Loaded); // five seeds + the truncated one
        Assert.Equal(1, s.Counts.Skipped); // notes.json
        string Reason(string name) => s.Failures.Single(f => f.Path.EndsWith(name)).Reason;
        Assert.Contains("empty", Reason("empty.txt"));
        Assert.Contains("binary", Reason("binary.txt"));
        Assert.Contains("not an annual report", Reason("recipe.txt"));
        Assert.Contains("legacy binary Word", Reason("old.doc"));
        Assert.Contains("no such file", Reason("does-not-exist"));
        Assert.Equal(5, s.Counts.Failed);
        Assert.Equal(4L, Scalar(store, "SELECT count(*) FROM ingest_failures"));

        // The truncated report keeps its metadata and what it had of table 二; the missing tables are diagnosed.
        string id = (string)Scalar(store, "SELECT report_id FROM reports WHERE source_path LIKE '%truncated.txt'")!;
        Assert.Equal("剑光街道办事处", Scalar(store, $"SELECT agency_name FROM reports WHERE report_id = '{id}'"));
        Assert.Equal(162m, Scalar(store, $"SELECT value FROM facts WHERE report_id = '{id}' AND field = 's2_normdocs_new_made'"));
        Assert.Equal("unreadable", Scalar(store, $"SELECT status FROM facts WHERE report_id = '{id}' AND field = 's4_review_total'"));
        Assert.True((long)Scalar(store, $"SELECT count(*) FROM diagnostics WHERE report_id = '{id}' AND code = 'table_missing'")! >= 2);
    }

    [Fact]
    public void A_report_that_cannot_be_written_does_not_take_the_batch_down()
    {
        var r1 = Fixtures.ParseSeed("000");
        var r2 = Fixtures.ParseSeed("001");
        var r3 = Fixtures.ParseSeed("002");
        // A value the database cannot hold (the parser never produces one; this stands for any write failure):
        // the batch fails, then each report is retried in a transaction of its own.
        var bad = r2 with { Report = r2.Report with { Facts = [r2.Report.Facts[0] with { Value = 1e20m }, .. r2.Report.Facts.Skip(1)] } };
        using var store = ReportStore.Open(Db);
        int run = store.BeginRun(["test"], "test");
        var failed = store.WriteBatch([new StoredReport(r1, "a", null), new StoredReport(bad, "b", null), new StoredReport(r3, "c", null)], run);
        var f = Assert.Single(failed);
        Assert.Equal(r2.Report.ReportId, f.Report.Result.Report.ReportId);
        Assert.Contains("database write failed", f.Reason);
        // The other two are complete; nothing of the failed one is visible.
        Assert.Equal(2L, Scalar(store, "SELECT count(*) FROM reports"));
        Assert.Equal(2L * 198, Scalar(store, "SELECT count(*) FROM facts"));
        foreach (var table in new[] { "reports", "report_facts", "diagnostics", "source_texts", "narrative_facts" })
            Assert.Equal(0L, Scalar(store, $"SELECT count(*) FROM {table} WHERE report_id = '{r2.Report.ReportId}'"));
    }

    [Fact]
    public void Numbers_too_large_for_an_amount_are_unreadable_not_stored()
    {
        var r = Parsing.ReportParser.ParseText(File.ReadAllText(Fixtures.Seed("001")).Replace("\t56万\n", "\t99999999999万\n"));
        var f = r.Report.Fact("s2_procurement_amount")!;
        Assert.Equal(FactStatus.Unreadable, f.Status);
        Assert.Contains(r.Diagnostics, d => d.Field == "s2_procurement_amount" && d.Code == "unreadable_cell");
    }

    [Fact]
    public void Views_for_both_templates()
    {
        using var store = ReportStore.Open(Db);
        Ingest(store, Fixtures.Path_("t2021"));
        Assert.Equal(2L, Scalar(store, "SELECT count(*) FROM report_fields_2021"));
        Assert.Equal(91_163_600m, Scalar(store, "SELECT s2_fee_amount FROM report_fields_2021 WHERE year = 2022"));
        Assert.Equal(81m, Scalar(store, "SELECT s3_new_received__total FROM report_fields_2021 WHERE year = 2023"));
        Assert.Equal(200L, Scalar(store, "SELECT count(*) FROM field_dictionary WHERE templates LIKE '%2021%'"));
    }

    [Fact]
    public void Every_table_and_column_is_documented_in_docs_schema_md()
    {
        string? root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "GovReportAnalytics.sln"))) root = Path.GetDirectoryName(root);
        Assert.NotNull(root);
        string doc = File.ReadAllText(Path.Combine(root, "docs", "schema.md"));
        using var store = ReportStore.Open(Db);
        var columns = store.Query("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'main' AND table_name NOT LIKE 'report_fields_%' ORDER BY ALL
            """);
        var missing = new List<string>();
        foreach (var row in columns.Rows)
        {
            string table = (string)row[0]!, column = (string)row[1]!;
            int at = doc.IndexOf($"## `{table}`", StringComparison.Ordinal);
            if (at < 0) { missing.Add(table); continue; }
            int next = doc.IndexOf("\n## ", at + 3, StringComparison.Ordinal);
            string section = next < 0 ? doc[at..] : doc[at..next];
            if (!section.Contains($"`{column}`", StringComparison.Ordinal)) missing.Add($"{table}.{column}");
        }
        Assert.True(missing.Count == 0, "undocumented: " + string.Join(", ", missing.Distinct()));
    }

    [Fact]
    public void Formats_are_told_by_content_not_by_name()
    {
        string corpus = Path.Combine(_dir, "misnamed");
        Directory.CreateDirectory(corpus);
        File.Copy(Directory.GetFiles(Fixtures.Path_("real"), "013_*.html").Single(), Path.Combine(corpus, "page-saved-as.txt"));
        File.Copy(Fixtures.Seed("001"), Path.Combine(corpus, "cells-saved-as.html"));
        File.WriteAllText(Path.Combine(corpus, "news.html"), "<html><body><h1>街道召开会议</h1><p>会议强调，要做好工作。</p></body></html>");
        using var store = ReportStore.Open(Db);
        var s = Ingest(store, corpus);
        Assert.Equal(2, s.Counts.Loaded);
        Assert.Equal("html", Scalar(store, "SELECT source_form FROM reports WHERE source_path LIKE '%page-saved-as.txt'"));
        Assert.Equal("txt-cells", Scalar(store, "SELECT source_form FROM reports WHERE source_path LIKE '%cells-saved-as.html'"));
        Assert.Contains("not an annual report", s.Failures.Single(f => f.Path.EndsWith("news.html")).Reason);
    }

    [Fact]
    public async Task Files_over_the_size_limit_are_refused_with_a_reason()
    {
        string corpus = CopySeeds();
        using var store = ReportStore.Open(Db);
        var s = await IngestPipeline.RunAsync([corpus], store, new IngestOptions { MaxFileBytes = 9000 });
        Assert.Contains(s.Failures, f => f.Reason.Contains("file too large"));
        Assert.True(s.Counts.Loaded > 0); // the smaller seeds still load
    }
}

public sealed class ParserBuildTests
{
    /// <summary>
    /// The parser build (stored per report; a different one makes ingest re-read the file) is the ingest assembly's
    /// MVID, derived from its code and attributes: with the commit stamped into the informational version, every
    /// commit would re-read a whole corpus (at 1M reports, ten minutes) for a change to a README.
    /// </summary>
    [Fact]
    public void The_ingest_assembly_carries_no_commit_in_its_version()
    {
        var version = typeof(GovReport.Ingest.Store.ReportStore).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        Assert.DoesNotContain("+", version);
        Assert.Equal(12, GovReport.Ingest.Store.ReportStore.ParserBuild.Length);
    }
}
