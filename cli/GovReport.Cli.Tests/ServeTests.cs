using System.Net;
using System.Net.Sockets;
using GovReport.Cli.Commands;

namespace GovReport.Cli.Tests;

/// <summary>`govreport serve`: serves the folder's files on loopback, and nothing outside it.</summary>
public sealed class ServeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govreport-serve-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A loopback port no one listens on (the OS picks it).</summary>
    internal static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [Fact]
    public async Task Serves_the_site_and_refuses_paths_outside_it()
    {
        var site = Path.Combine(_dir, "site");
        Directory.CreateDirectory(Path.Combine(site, "agency"));
        File.WriteAllText(Path.Combine(site, "index.html"), "<!DOCTYPE html><title>首页</title>");
        File.WriteAllText(Path.Combine(site, "agency", "a.html"), "剑南街道");
        File.WriteAllText(Path.Combine(_dir, "secret.txt"), "not for the web");
        int port = FreePort();
        using var cts = new CancellationTokenSource();
        var server = ServeCommand.RunAsync(site, port, cts.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        HttpResponseMessage? index = null;
        for (int i = 0; i < 50 && index is null; i++)
        {
            try { index = await http.GetAsync(""); }
            catch (HttpRequestException) { await Task.Delay(100); }
        }
        Assert.NotNull(index);
        Assert.Equal(HttpStatusCode.OK, index!.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("首页", await index.Content.ReadAsStringAsync());
        Assert.Equal("剑南街道", await http.GetStringAsync("agency/a.html"));
        foreach (var bad in new[] { "../secret.txt", "%2e%2e/secret.txt", "agency/%2e%2e/%2e%2e/secret.txt", "missing.html" })
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(bad)).StatusCode);
        cts.Cancel();
        Assert.Equal(ExitCodes.Ok, await server.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
