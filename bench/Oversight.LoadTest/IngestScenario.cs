using System.Diagnostics;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// Batch ingestion in Embedded mode (issue 8): POST /api/v1/metrics with an X-Api-Key (metrics:write), 10,000
/// observations a request, each answered once durable. Three passes over the same keys: new keys (inserts), the same
/// keys with other values (replacements), the same again (unchanged). Bodies are serialised before the clock starts;
/// a few connections send them back to back (closed loop).
/// </summary>
public static class IngestScenario
{
    public static async Task RunAsync(int batches, int perBatch, int connections, int warmupBatches)
    {
        var data = WebProcess.NewDataDirectory("ingest");
        var (web, _) = await WebProcess.StartAsync(data);
        await using (web)
        {
            Console.WriteLine($"<!-- server pid {web.Pid}; load average before {MonitoringBench.LoadAverage()} -->");
            var key = await MonitoringBench.CreateKeyAsync(web, "bench-lbda", "metrics:write");
            var warmupKey = await MonitoringBench.CreateKeyAsync(web, "bench-warmup", "metrics:write");
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromHours(1) };
            using var client = new HttpClient(handler) { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };

            // Warm-up: the same shape under another source (its own keys), so JIT and pools are warm before measuring.
            var warmup = Bodies("bench-warmup", warmupBatches, perBatch, 0);
            foreach (var body in warmup)
            {
                await MonitoringBench.PostMetricsAsync(client, warmupKey, body);
            }
            Console.WriteLine($"<!-- warm-up: {warmupBatches} × {perBatch:N0} observations under source bench-warmup -->");
            Console.WriteLine();
            Console.WriteLine("| pass | requests × observations | connections | wall | observations/s | p50 / request | p99 / request | max | inserted / replaced / unchanged | server CPU | load tool CPU | server RSS (peak) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|");
            var totalObservations = 0L;
            var totalWall = TimeSpan.Zero;
            double totalCpu = 0;
            foreach (var (pass, bump) in new[] { ("inserts (new keys)", 0), ("resend, other values (replacements)", 1), ("resend, same values (unchanged)", 1) })
            {
                var bodies = Bodies("bench-lbda", batches, perBatch, bump);
                GC.Collect();
                var latencies = new double[batches];
                var counts = new (int Inserted, int Replaced, int Unchanged)[batches];
                var next = -1;
                var meter = new MonitoringBench.Meter(web);
                await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
                {
                    for (var i = Interlocked.Increment(ref next); i < batches; i = Interlocked.Increment(ref next))
                    {
                        var started = Stopwatch.GetTimestamp();
                        counts[i] = await MonitoringBench.PostMetricsAsync(client, key, bodies[i]);
                        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }
                })));
                var m = meter.Stop();
                var sorted = latencies.Order().ToArray();
                var observations = (long)batches * perBatch;
                totalObservations += observations;
                totalWall += meter.Elapsed;
                totalCpu += m.ServerCpuSeconds;
                Console.WriteLine($"| {pass} | {batches} × {perBatch:N0} | {connections} | {meter.Elapsed.TotalSeconds:F2} s | **{observations / meter.Elapsed.TotalSeconds:N0}** | " +
                    $"{Stats.Percentile(sorted, 50):F0} ms | {Stats.Percentile(sorted, 99):F0} ms | {sorted[^1]:F0} ms | " +
                    $"{counts.Sum(c => c.Inserted):N0} / {counts.Sum(c => c.Replaced):N0} / {counts.Sum(c => c.Unchanged):N0} | " +
                    $"{m.ServerCpuSeconds:F1} s ({m.ServerPercent:F0} % of one core) | {m.SelfPercent:F0} % | {m.Rss:F0} ({m.Peak:F0}) MB |");
            }
            var (rss, peak) = web.Memory();
            Console.WriteLine($"| all three | {totalObservations:N0} observations | {connections} | {totalWall.TotalSeconds:F2} s | **{totalObservations / totalWall.TotalSeconds:N0}** | | | | | " +
                $"{totalCpu:F1} s ({totalCpu / totalWall.TotalSeconds * 100:F0} %) | | {rss:F0} ({peak:F0}) MB |");
            Console.WriteLine();
            Console.WriteLine($"<!-- load average after {MonitoringBench.LoadAverage()}; data directory {Size(data):F0} MB -->");
        }
        Directory.Delete(data, recursive: true);
    }

    private static byte[][] Bodies(string source, int batches, int perBatch, int bump) =>
        Enumerable.Range(0, batches).Select(b => MonitoringBench.MetricsBody(MonitoringBench.Observations(source, perBatch, bump, b * perBatch))).ToArray();

    private static double Size(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1048576.0;
}
