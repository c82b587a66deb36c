using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
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
    private readonly string _data = WebProcess.NewDataDirectory("kill");

    [Fact]
    public async Task Acknowledged_writes_survive_kill_minus_9()
    {
        var acknowledged = new ConcurrentBag<(string Id, long Version, string Note)>();
        var (first, _) = await WebProcess.StartAsync(_data);
        await using (first)
        {
            var http = first.Http;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await first.TokenAsync("ict"));
            string[] codes = ["F1-R2", "F1-R3", "F1-R4", "F1-R6", "O1-R1", "F1-R1.1", "F1-R1.2", "F1-R1"];
            using var stop = new CancellationTokenSource();
            var writers = codes.Select(code => Task.Run(async () =>
            {
                var id = Http.Rec(code);
                long version;
                try
                {
                    version = await http.VersionAsync(id);
                }
                catch (Exception) when (stop.IsCancellationRequested || first.HasExited)
                {
                    return; // killed before this writer began: it has nothing acknowledged to check
                }
                for (var i = 1; !stop.IsCancellationRequested; i++)
                {
                    var note = $"{code} write {i}";
                    try
                    {
                        var response = await http.PostAsJsonAsync($"/api/v1/recommendations/{id}/progress",
                            new { progress = 40 + i % 2, note, expectedVersion = version }, Http.Json);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            throw new InvalidOperationException($"{code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
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
                if (writers.FirstOrDefault(w => w.IsFaulted) is { } failed)
                {
                    await failed; // a writer was refused: show why instead of waiting forever
                }
            }
            first.KillHard();
            stop.Cancel();
            await Task.WhenAll(writers);
        }
        output.WriteLine($"{acknowledged.Count} writes acknowledged before SIGKILL");

        var (second, _) = await WebProcess.StartAsync(_data);
        await using (second)
        {
            var http = second.Http;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await second.TokenAsync("auditor"));
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
