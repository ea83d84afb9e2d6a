using System.CommandLine;
using System.Net;
using System.Text;
using DuckDB.NET.Data;
using GovReport.Site;

namespace GovReport.Cli.Commands;

public static class SiteCommand
{
    public const string DefaultOut = "site";

    public static Command Create()
    {
        var db = GovReportCli.DbOption();
        var output = new Option<string>("--out") { Description = $"Folder to write the site into (if it holds an earlier site, only changed agency pages are rendered again; default {DefaultOut})", DefaultValueFactory = _ => DefaultOut, HelpName = "DIR" };
        var noDb = new Option<bool>("--no-database") { Description = "Do not copy the DuckDB file into the downloads (for very large databases)" };
        var full = new Option<bool>("--full") { Description = "Render every page, even those an earlier build in the folder left unchanged" };
        var cmd = new Command("site", "Generate the static website (rankings, agency, region and flag pages, downloads) from the database.") { db, output, noDb, full };
        cmd.SetAction(parse => Run(parse.GetValue(db)!, parse.GetValue(output)!, !parse.GetValue(noDb), Console.Out, parse.GetValue(full)));
        return cmd;
    }

    public static int Run(string dbPath, string outDir, bool copyDatabase, TextWriter plain, bool full = false) => Run(dbPath, outDir, copyDatabase, plain, full, out _);

    public static int Run(string dbPath, string outDir, bool copyDatabase, TextWriter plain, bool full, out SiteResult? result)
    {
        try
        {
            // The notebooks shipped in notebooks/ become pages, run with their defaults on this database.
            var notebooks = Path.Combine(Environment.GetEnvironmentVariable("GOVREPORT_ROOT") ?? ".", "notebooks");
            var r = SiteBuilder.Build(new SiteOptions(dbPath, outDir, copyDatabase, Directory.Exists(notebooks) ? notebooks : null, Full: full));
            result = r;
            foreach (var p in r.Problems) Console.Error.WriteLine($"govreport site: {p}");
            plain.WriteLine($"site: {r.Pages} pages, {r.Files} files, {r.Bytes / 1024.0 / 1024.0:0.0} MB in {r.Elapsed.TotalSeconds:0.0} s; {r.Mode}: " +
                            $"{r.PagesWritten} pages written, {r.AgenciesRendered} of {r.Agencies} agencies rendered" + (r.AgenciesRemoved > 0 ? $", {r.AgenciesRemoved} gone" : "") +
                            $", {r.RegionsRendered} of {r.Regions} regions, {r.FlagsRendered} of {r.Flags} flags, {r.ChartsRendered} of {r.Charts} charts");
            plain.WriteLine($"open {r.IndexPath}  (or: ./govreport serve {outDir})");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (Failure(ex) is { } reason)
        {
            result = null;
            Console.Error.WriteLine($"govreport site: {reason}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// The one-line reason for a failure the user can act on (a full disk, a locked database, a bad folder), or null
    /// for a bug. Pages are written in parallel, so a full disk arrives as an AggregateException of IOExceptions.
    /// </summary>
    public static string? Failure(Exception ex)
    {
        if (ex is AggregateException ag)
        {
            var inner = ag.Flatten().InnerExceptions;
            return inner.Count > 0 && inner.All(e => Failure(e) is not null) ? Failure(inner[0]) : null;
        }
        return ex is DuckDBException or InvalidOperationException or IOException or ArgumentException or UnauthorizedAccessException
            ? ex.Message.Split('\n')[0]
            : null;
    }
}

/// <summary>Serves a generated site on loopback for a preview. Static files only; paths are confined to the folder.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "The site folder", DefaultValueFactory = _ => SiteCommand.DefaultOut };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default 8000)", DefaultValueFactory = _ => 8000 };
        var cmd = new Command("serve", "Preview a generated site at http://127.0.0.1:PORT/ (Ctrl+C stops).") { dir, port };
        cmd.SetAction(async (parse, ct) => await RunAsync(parse.GetValue(dir)!, parse.GetValue(port), ct));
        return cmd;
    }

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8", [".css"] = "text/css; charset=utf-8", [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml", [".png"] = "image/png", [".csv"] = "text/csv; charset=utf-8", [".json"] = "application/json",
        [".parquet"] = "application/vnd.apache.parquet", [".duckdb"] = "application/octet-stream", [".ipynb"] = "application/x-ipynb+json",
    };

    public static async Task<int> RunAsync(string dir, int port, CancellationToken ct)
    {
        var root = Path.GetFullPath(dir);
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            Console.Error.WriteLine($"govreport serve: {dir} has no index.html (run govreport site --out {dir} first)");
            return ExitCodes.Failure;
        }
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        try { listener.Start(); }
        catch (HttpListenerException ex)
        {
            Console.Error.WriteLine($"govreport serve: cannot listen on 127.0.0.1:{port}: {ex.Message}");
            return ExitCodes.Failure;
        }
        Console.WriteLine($"serving {root} at http://127.0.0.1:{port}/ (Ctrl+C stops)");
        using var reg = ct.Register(() => listener.Stop());
        while (!ct.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await listener.GetContextAsync(); }
            catch (Exception) when (ct.IsCancellationRequested) { break; }
            catch (HttpListenerException) { break; }
            Respond(ctx, root);
        }
        return ExitCodes.Ok;
    }

    private static void Respond(HttpListenerContext ctx, string root)
    {
        var res = ctx.Response;
        try
        {
            var rel = Uri.UnescapeDataString(ctx.Request.Url?.AbsolutePath ?? "/").TrimStart('/');
            if (rel.Length == 0 || rel.EndsWith('/')) rel += "index.html";
            var full = Path.GetFullPath(Path.Combine(root, rel));
            if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
            {
                res.StatusCode = 404;
                var body = Encoding.UTF8.GetBytes("404 not found");
                res.OutputStream.Write(body);
                return;
            }
            res.ContentType = Types.GetValueOrDefault(Path.GetExtension(full), "application/octet-stream");
            using var f = File.OpenRead(full);
            res.ContentLength64 = f.Length;
            f.CopyTo(res.OutputStream);
        }
        catch (IOException) { res.StatusCode = 500; }
        finally { try { res.Close(); } catch (ObjectDisposedException) { } }
    }
}
