using GovReport.Cli.Commands;
using GovReport.Ingest.Store;
using Spectre.Console;

namespace GovReport.Cli.Tests;

/// <summary>Issue 9, output safety: CSV from every CLI export path is formula-safe (tab and CR too), and writers stay in their folder.</summary>
public sealed class OutputSafetyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-out-").FullName;
    private string Db => Path.Combine(_dir, "o.duckdb");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (IAnsiConsole Console, StringWriter Out) Capture()
    {
        var w = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(w), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        return (console, w);
    }

    [Theory]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("@SUM(1)", "'@SUM(1)")]
    [InlineData("a\tb", "a\tb")] // only a leading tab starts a formula
    [InlineData("剑南街道", "剑南街道")]
    public void Text_cells_are_neutralised(string text, string expected) => Assert.Equal(expected, Output.CsvCell(text));

    [Fact]
    public void Lists_of_text_are_text_and_numbers_stay_numbers()
    {
        Assert.Equal("-1.5", Output.CsvCell(-1.5m));
        Assert.Equal("-3", Output.CsvCell(-3L));
        Assert.Equal("\"[=1, b]\"", Output.CsvCell(new List<string> { "=1", "b" }));
    }

    [Fact]
    public void Query_csv_neutralises_tab_cr_and_headers_end_to_end()
    {
        using (var store = ReportStore.Open(Db)) { }
        var (console, w) = Capture();
        int code = QueryCommand.Run("select chr(9) || '=1+1' as a, chr(13) || '+2' as b, -1 as n, '@x' as \"=h\", '-' || 'x' as d", Db, "csv", console, w);
        Assert.Equal(ExitCodes.Ok, code);
        var lines = w.ToString().Split('\n');
        Assert.Equal("a,b,n,'=h,d", lines[0].TrimEnd('\r'));
        Assert.StartsWith("'\t=1+1,\"'\r+2\",-1,'@x,'-x", w.ToString()[(lines[0].Length + 1)..]);
    }

    [Fact]
    public async Task File_names_that_look_like_console_markup_are_printed_as_text()
    {
        string corpus = Path.Combine(_dir, "corpus");
        Directory.CreateDirectory(corpus);
        string seeds = Path.Combine(AppContext.BaseDirectory, "Fixtures", "seeds");
        File.Copy(Directory.GetFiles(seeds, "000_*.txt").Single(), Path.Combine(corpus, "[red]报告[bold].txt"));
        File.WriteAllBytes(Path.Combine(corpus, "a]b[[c[link=file:etc]x.txt"), []); // fails: empty, and its name is unbalanced markup
        var (console, w) = Capture();
        int code = await IngestCommand.RunAsync([corpus], Db, 10, console, w, CancellationToken.None);
        string output = w.ToString();
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("a]b[[c[link=file:etc]x.txt", output);
        using var store = ReportStore.Open(Db, readOnly: true);
        Assert.Equal(1L, Convert.ToInt64(store.Scalar("SELECT count(*) FROM reports WHERE source_path LIKE '%[red]报告[bold].txt'")));
    }

    [Fact]
    public void Notebook_outputs_stay_in_the_out_folder_whatever_the_notebook_path()
    {
        using (var store = ReportStore.Open(Db)) { }
        string nbDir = Path.Combine(_dir, "nb", "sub");
        Directory.CreateDirectory(nbDir);
        string nb = Path.Combine(nbDir, "..", "sub", "..", "..", "nb", "sub", "a\u0001 b.md");
        File.WriteAllText(Path.Combine(nbDir, "a\u0001 b.md"), "# t\n\n```sql\nSELECT 1 AS x\n```\n");
        string outDir = Path.Combine(_dir, "out");
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(ExitCodes.Ok, NotebookCommand.Run([nb], [], Db, outDir, o, e));
        var written = Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".html") || f.EndsWith(".ipynb")).ToList();
        Assert.Equal(2, written.Count);
        Assert.All(written, f => Assert.Equal(Path.GetFullPath(outDir), Path.GetDirectoryName(Path.GetFullPath(f))));
    }
}

/// <summary>`govreport serve` answers only with files inside its folder, whatever the request path says.</summary>
public sealed class ServeConfinementTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<string> Raw(int port, string target)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        using var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Requests_outside_the_folder_get_404()
    {
        string site = Path.Combine(_dir, "site");
        Directory.CreateDirectory(Path.Combine(site, "sub"));
        File.WriteAllText(Path.Combine(site, "index.html"), "INDEX-PAGE");
        File.WriteAllText(Path.Combine(site, "sub", "page.html"), "SUB-PAGE");
        File.WriteAllText(Path.Combine(_dir, "secret.txt"), "SECRET-OUTSIDE");
        File.WriteAllText(Path.Combine(_dir, "site-evil.txt"), "SECRET-SIBLING"); // shares the folder's name as a prefix
        int port = ServeTests.FreePort();
        using var cts = new CancellationTokenSource();
        var server = ServeCommand.RunAsync(site, port, cts.Token);
        try
        {
            string index = "";
            for (int i = 0; i < 50 && !index.Contains("INDEX-PAGE"); i++)
            {
                try { index = await Raw(port, "/"); } catch (System.Net.Sockets.SocketException) { await Task.Delay(100); }
            }
            Assert.Contains("INDEX-PAGE", index); // the control: the server answers
            Assert.Contains("SUB-PAGE", await Raw(port, "/sub/page.html"));
            foreach (var target in new[] { "/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt", "/sub/..%2f..%2fsecret.txt",
                         "/..%5csecret.txt", "/%2fetc%2fpasswd", "//etc/passwd", "/../site-evil.txt", "/..%2fsite-evil.txt" })
            {
                string response = await Raw(port, target);
                Assert.DoesNotContain("SECRET", response);
                Assert.DoesNotContain("root:", response);
                Assert.True(response.StartsWith("HTTP/1.1 404", StringComparison.Ordinal) || response.StartsWith("HTTP/1.1 400", StringComparison.Ordinal), target + ": " + response.Split('\n')[0]);
            }
        }
        finally
        {
            await cts.CancelAsync();
            await server;
        }
    }
}
