using System.Diagnostics;
using System.Net.Http.Headers;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// Reading the provinces (issue 8): 77 offices × M monthly periods × the 10 province metrics ingested first (through
/// POST /api/v1/metrics), then GET /api/v1/provinces and GET /api/v1/provinces/{code} (every code in turn) as the
/// executive, who reads all of them: warm-up, then N requests per route from C concurrent clients (closed loop).
/// </summary>
public static class ProvincesScenario
{
    public static async Task RunAsync(int months, int requests, int warmup, int concurrency)
    {
        var data = WebProcess.NewDataDirectory("provinces");
        var (web, _) = await WebProcess.StartAsync(data);
        await using (web)
        {
            Console.WriteLine($"<!-- server pid {web.Pid}; load average before {MonitoringBench.LoadAverage()} -->");
            var codes = MonitoringBench.ProvinceCodes();
            var total = codes.Count * months * MonitoringBench.ProvinceMetrics.Length;
            var key = await web.CreateApiKeyAsync("lbda", "metrics:write");
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(concurrency, 1) })
            {
                BaseAddress = web.BaseAddress,
                Timeout = TimeSpan.FromMinutes(5),
            };
            var all = MonitoringBench.Observations("lbda", total);
            var loaded = Stopwatch.StartNew();
            for (var i = 0; i < all.Count; i += 10_000)
            {
                await MonitoringBench.PostMetricsAsync(client, key, MonitoringBench.MetricsBody(all.GetRange(i, Math.Min(10_000, all.Count - i))));
            }
            Console.WriteLine($"<!-- loaded {codes.Count} offices × {months} months × {MonitoringBench.ProvinceMetrics.Length} metrics = {total:N0} observations in {loaded.Elapsed.TotalSeconds:F1} s " +
                $"(plus the demo's labelled synthetic figures: 12 months, hidden where real ones exist) -->");

            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await web.TokenAsync("executive"));
            Console.WriteLine();
            Console.WriteLine("| route | first request after the load | requests | concurrency | p50 | p95 | p99 | max | requests/s | answer size | server CPU | load tool CPU | other processes' CPU | server RSS (peak) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            await MeasureAsync(web, client, "GET /api/v1/provinces", _ => "/api/v1/provinces", requests, warmup, concurrency);
            await MeasureAsync(web, client, "GET /api/v1/provinces/{code}", i => $"/api/v1/provinces/{codes[i % codes.Count]}", requests, warmup, concurrency);
            Console.WriteLine();
            Console.WriteLine($"<!-- load average after {MonitoringBench.LoadAverage()} -->");
        }
        Directory.Delete(data, recursive: true);
    }

    private static async Task MeasureAsync(WebProcess web, HttpClient client, string route, Func<int, string> path, int requests, int warmup, int concurrency)
    {
        async Task<(double Ms, int Bytes)> GetAsync(string url)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)[..Math.Min(400, body.Length)]}");
            }
            return (elapsed, body.Length);
        }

        var first = await GetAsync(path(0));
        for (var i = 0; i < warmup; i++)
        {
            await GetAsync(path(i));
        }
        await MonitoringBench.WaitQuietAsync(web);
        GC.Collect();
        var latencies = new double[requests];
        var sizes = new long[requests];
        var next = -1;
        var meter = new MonitoringBench.Meter(web);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < requests; i = Interlocked.Increment(ref next))
            {
                (latencies[i], var bytes) = await GetAsync(path(i));
                sizes[i] = bytes;
            }
        })));
        var m = meter.Stop();
        var sorted = latencies.Order().ToArray();
        Console.WriteLine($"| {route} | {first.Ms:F0} ms | {requests:N0} | {concurrency} | {Stats.Percentile(sorted, 50):F2} ms | **{Stats.Percentile(sorted, 95):F2} ms** | {Stats.Percentile(sorted, 99):F2} ms | " +
            $"{sorted[^1]:F1} ms | {requests / meter.Elapsed.TotalSeconds:N0} | {sizes.Average() / 1024:F0} KiB | {m.ServerPercent:F0} % | {m.SelfPercent:F0} % | {m.OthersPercent:F0} % | {m.Rss:F0} ({m.Peak:F0}) MB |");
    }
}
