using Oversight.TestSupport;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Oversight.LoadTest;

/// <summary>
/// Embedded status updates: N writers, each on its own recommendation (synthetic report data), posting
/// progress updates with expectedVersion as fast as acknowledgements come back. Latency is request → 2xx.
/// </summary>
public static class WritesScenario
{
    public static async Task RunAsync(int writers, int seconds, int warmupSeconds)
    {
        var data = WebProcess.NewDataDirectory("writes");
        var perReport = 5;
        var reports = (writers + perReport - 1) / perReport;
        var (web, _) = await WebProcess.StartAsync(data, new Dictionary<string, string>
        {
            ["Seed__SyntheticReports"] = reports.ToString(),
            ["Seed__SyntheticRecommendationsPerReport"] = perReport.ToString(),
        });
        await using (web)
        {
            var tokens = new Dictionary<string, string>();
            foreach (var unit in new[] { "ict", "ilpo", "spd", "led", "jsc", "ops" })
            {
                tokens[unit.ToUpperInvariant()] = await web.TokenAsync(unit);
            }
            var targets = new List<(string Id, string Unit, long Version)>();
            var lookup = new HttpClient { BaseAddress = web.BaseAddress };
            lookup.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await web.TokenAsync("auditor"));
            for (var r = 1; r <= reports; r++)
            {
                var page = (await lookup.GetFromJsonAsync<JsonObject>($"/api/v1/recommendations?reportId=synthetic-{r:D5}"))!;
                foreach (var item in page["items"]!.AsArray())
                {
                    targets.Add((item!["id"]!.GetValue<string>(), item["units"]![0]!.GetValue<string>(), item["version"]!.GetValue<long>()));
                }
            }
            targets = targets.Take(writers).ToList();
            if (targets.Count < writers)
            {
                throw new InvalidOperationException($"only {targets.Count} synthetic recommendations");
            }

            var latencies = new List<double>[writers];
            var errors = 0;
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = writers * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var client = new HttpClient(handler) { BaseAddress = web.BaseAddress };
            var cpuBefore = web.CpuTime();
            var clock = Stopwatch.StartNew();
            var measureFrom = TimeSpan.FromSeconds(warmupSeconds);
            var end = measureFrom + TimeSpan.FromSeconds(seconds);
            await Task.WhenAll(targets.Select((target, w) => Task.Run(async () =>
            {
                latencies[w] = [];
                var version = target.Version;
                var token = new AuthenticationHeaderValue("Bearer", tokens[target.Unit]);
                for (var i = 1; clock.Elapsed < end; i++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/recommendations/{target.Id}/progress")
                    {
                        Content = Json.Body(new { progress = 40 + i % 2, note = $"load {w}/{i}", expectedVersion = version }),
                    };
                    request.Headers.Authorization = token;
                    var started = clock.Elapsed;
                    using var response = await client.SendAsync(request);
                    var elapsed = (clock.Elapsed - started).TotalMilliseconds;
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref errors);
                        Console.Error.WriteLine($"{target.Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        version = (await lookup.GetFromJsonAsync<JsonObject>($"/api/v1/recommendations/{target.Id}"))!["version"]!.GetValue<long>();
                        continue;
                    }
                    version = (await response.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<long>();
                    if (started >= measureFrom)
                    {
                        latencies[w].Add(elapsed);
                    }
                }
            })));
            var cpu = web.CpuTime() - cpuBefore;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            var (rss, peak) = web.Memory();
            Console.WriteLine($"| writers | measured | writes | throughput | p50 | p90 | p99 | max | errors | server CPU | RSS / peak |");
            Console.WriteLine($"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine($"| {writers} | {seconds} s | {all.Length} | {all.Length / (double)seconds:F0}/s | {Stats.Percentile(all, 50):F2} ms | {Stats.Percentile(all, 90):F2} ms | {Stats.Percentile(all, 99):F2} ms | {all.Last():F1} ms | {errors} | {cpu.TotalSeconds / clock.Elapsed.TotalSeconds * 100:F0}% of one core | {rss:F0} / {peak:F0} MB |");
        }
        Directory.Delete(data, recursive: true);
    }
}
