using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Oversight.TestSupport;
using Xunit.Abstractions;

namespace Oversight.Api.Tests;

/// <summary>
/// A real Web process on a real SQLite file, killed with SIGKILL while writers are busy: every write that was
/// acknowledged (2xx received) is there after a restart, and the history chain is intact.
/// </summary>
public sealed class DurabilityTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "oversight-kill-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task Acknowledged_writes_survive_kill_minus_9()
    {
        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var first = StartWeb(port);
        var acknowledged = new ConcurrentBag<(string Id, long Version, string Note)>();
        try
        {
            await WaitReadyAsync(http, first);
            await SignInAsync(http);
            string[] ids = ["F1-R2", "F1-R3", "F1-R4", "F1-R6", "O1-R1", "F1-R1.1", "F1-R1.2", "F1-R1"];
            using var stop = new CancellationTokenSource();
            var writers = ids.Select(code => Task.Run(async () =>
            {
                var id = Http.Rec(code);
                var version = 1L;
                for (var i = 1; !stop.IsCancellationRequested; i++)
                {
                    var note = $"{code} write {i}";
                    try
                    {
                        var response = await http.PostAsJsonAsync($"/api/v1/recommendations/{id}/progress",
                            new { progress = 40 + i % 2, note, expectedVersion = version }, Http.Json);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            var problem = await response.Content.ReadAsStringAsync();
                            throw new InvalidOperationException($"{code}: {(int)response.StatusCode} {problem}");
                        }
                        version = (await response.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<long>();
                        acknowledged.Add((id, version, note));
                    }
                    catch (Exception) when (stop.IsCancellationRequested || first.HasExited)
                    {
                        return;
                    }
                    catch (HttpRequestException)
                    {
                        return; // the process died under us: this write was never acknowledged
                    }
                }
            })).ToArray();

            while (acknowledged.Count < 300)
            {
                await Task.Delay(10);
                Assert.False(first.HasExited, "the web process exited on its own");
            }
            Kill(first);
            stop.Cancel();
            await Task.WhenAll(writers);
        }
        finally
        {
            Kill(first);
        }
        output.WriteLine($"{acknowledged.Count} writes acknowledged before SIGKILL");

        var second = StartWeb(port);
        try
        {
            await WaitReadyAsync(http, second);
            await SignInAsync(http, "auditor");
            foreach (var group in acknowledged.GroupBy(a => a.Id))
            {
                var history = (await http.GetFromJsonAsync<JsonObject>($"/api/v1/recommendations/{group.Key}/history"))!["items"]!.AsArray();
                var bySeq = history.ToDictionary(h => h!["seq"]!.GetValue<long>(), h => h!["note"]?.GetValue<string>());
                foreach (var (_, version, note) in group)
                {
                    Assert.True(bySeq.TryGetValue(version, out var stored), $"{group.Key} lost acknowledged version {version}");
                    Assert.Equal(note, stored);
                }
            }
            var verify = await http.GetFromJsonAsync<JsonObject>("/api/v1/audit-trail/verify");
            Assert.True(verify!["intact"]!.GetValue<bool>(), verify.ToJsonString());
        }
        finally
        {
            Kill(second);
        }
    }

    private Process StartWeb(int port)
    {
        var dll = WebDll();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Hosting__DataDirectory"] = _data;
        start.Environment["Hosting__SiloPort"] = "0";
        start.Environment["Hosting__GatewayPort"] = "0";
        start.Environment["Demo__Enabled"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient http, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, "the web process exited during start-up");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the web process did not become ready");
    }

    private static async Task SignInAsync(HttpClient http, string username = "ict")
    {
        var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { username, password = "demo-2569" });
        token.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>());
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            // SIGKILL: no shutdown hooks, no flushing.
            Process.Start("kill", ["-9", process.Id.ToString()])!.WaitForExit();
            process.WaitForExit(10_000);
        }
    }

    private static string WebDll()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepoRoot.Find(), "src", "Web", "bin", configuration, "net10.0", "linux-x64", "Oversight.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        return dll;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
