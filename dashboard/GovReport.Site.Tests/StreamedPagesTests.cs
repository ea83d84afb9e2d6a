using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace GovReport.Site.Tests;

/// <summary>
/// Pages whose rows are no longer all held in memory: the quality page takes its lowest scores from DuckDB (ties at
/// the cut included, then ordered by name in C#) and the region pages read the send-back lists in one pass in region
/// order. Each is checked against the whole table read and ordered here, on the synthetic corpus (B) of
/// <see cref="IncrementalFixture"/>.
/// </summary>
public sealed class StreamedPagesTests(IncrementalFixture fx) : IClassFixture<IncrementalFixture>
{
    private List<T> Query<T>(string sql, Func<System.Data.Common.DbDataReader, T> read)
    {
        using var c = new DuckDBConnection($"Data Source={fx.DbB};ACCESS_MODE=READ_ONLY");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(read(r));
        return list;
    }

    [Fact]
    public void Quality_page_lists_the_lowest_scores_in_the_order_of_the_whole_table_ties_at_the_cut_included()
    {
        // Every counted report with its score and shown name, ordered as the page orders them.
        var all = Query("""
            SELECT q.report_id, coalesce(q.score, 0), coalesce(r.agency_short, r.agency_name)
            FROM report_quality q JOIN reports r USING (report_id) WHERE coalesce(q.counts, true)
            """, r => (Id: r.GetString(0), Score: Convert.ToDouble(r.GetValue(1)), Name: r.IsDBNull(2) ? "" : r.GetString(2)))
            .OrderBy(x => x.Score).ThenBy(x => x.Name, StringComparer.Ordinal).ThenBy(x => x.Id, StringComparer.Ordinal).ToList();
        // A cut (2 × MaxRankingRows rows) inside a run of equal scores whose names are not in report-id order, so that
        // picking the rows at the cut by anything but the whole order shows.
        int half = Enumerable.Range(1, all.Count / 2 - 1).FirstOrDefault(k =>
        {
            var tied = all.Where(x => x.Score == all[2 * k - 1].Score).ToList();
            return all[2 * k].Score == all[2 * k - 1].Score && !tied.Select(x => x.Id).SequenceEqual(tied.Select(x => x.Id).Order(StringComparer.Ordinal));
        });
        Assert.True(half > 0, "the corpus should have a run of equal quality scores to cut through");
        var dir = Path.Combine(fx.Dir, "quality-cut");
        SiteBuilder.Build(new SiteOptions(fx.DbB, dir, CopyDatabase: false, MaxRankingRows: half));

        var html = File.ReadAllText(Path.Combine(dir, "quality.html"));
        var listed = Regex.Matches(html, "#r-([0-9a-f]+)-quality\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(all.Take(2 * half).Select(x => x.Id), listed);
        Assert.Contains($"（共 {all.Count} 份）", html);
    }

    [Fact]
    public void Each_region_page_lists_its_send_back_reports_in_order()
    {
        var expected = Query("SELECT region_code, report_id FROM send_back WHERE report_id IN (SELECT report_id FROM reports) ORDER BY region_code, position, report_id",
                r => (Code: r.GetString(0), Id: r.GetString(1)))
            .GroupBy(x => x.Code).ToDictionary(g => g.Key, g => g.Select(x => x.Id).ToList());
        Assert.Contains(expected, kv => kv.Value.Count > 0);
        var dir = Path.Combine(fx.Dir, "send-back");
        SiteBuilder.Build(new SiteOptions(fx.DbB, dir, CopyDatabase: false));

        int withList = 0;
        foreach (var page in Directory.GetFiles(Path.Combine(dir, "region"), "*.html"))
        {
            var html = File.ReadAllText(page);
            var start = html.IndexOf("id=\"send-back\"", StringComparison.Ordinal);
            var section = html[start..html.IndexOf("id=\"agencies\"", StringComparison.Ordinal)];
            var listed = Regex.Matches(section, "#r-([0-9a-f]+)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(expected.GetValueOrDefault(Path.GetFileNameWithoutExtension(page), []), listed);
            if (listed.Count > 0) withList++;
        }
        // (send_back also has codes no report resolved to, which have no page: the pass skips them.)
        Assert.True(withList > 3);
    }
}
