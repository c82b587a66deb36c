using Oversight.TestSupport;
using System.Diagnostics;
using Oversight.Storage;
using Oversight.Storage.Events;

namespace Oversight.LoadTest;

/// <summary>The event store alone: N appenders on N different streams, one event per append, for both providers.</summary>
public static class AppendScenario
{
    public static async Task RunAsync(string? postgres, int appenders, int rounds)
    {
        Console.WriteLine("| provider | appenders | appends | throughput | p50 | p90 | p99 | max |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var sqlite = Path.Combine(WebProcess.NewDataDirectory("appends"), "bench.db");
        await RunOneAsync("SQLite (WAL, group commit)", new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={sqlite}" }, appenders, rounds);
        if (postgres is not null)
        {
            await RunOneAsync("PostgreSQL", new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = postgres }, appenders, rounds);
        }
    }

    private static async Task RunOneAsync(string name, DatabaseOptions options, int appenders, int rounds)
    {
        await DatabaseMigrator.MigrateAsync(options);
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddOversightStorage(options);
        await using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var store = (IEventStore)provider.GetService(typeof(IEventStore))!;
        var run = Guid.NewGuid().ToString("N")[..8];
        var latencies = new List<double>[appenders];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
        {
            latencies[a] = [];
            var stream = $"bench-{run}.A-{a}";
            for (var seq = 0; seq < rounds; seq++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await store.AppendAsync(stream, seq, [new NewEvent("bench", DateTimeOffset.UtcNow, "bench", $"{{\"n\":{seq}}}")]);
                if (!result.Success)
                {
                    throw new InvalidOperationException($"conflict on {stream}");
                }
                if (seq >= 10)
                {
                    latencies[a].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        })));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        Console.WriteLine($"| {name} | {appenders} | {appenders * rounds} | {appenders * rounds / clock.Elapsed.TotalSeconds:F0}/s | {Stats.Percentile(all, 50):F2} ms | {Stats.Percentile(all, 90):F2} ms | {Stats.Percentile(all, 99):F2} ms | {all[^1]:F1} ms |");
    }
}
