using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Operations;
using Oversight.Storage;
using Oversight.Storage.Checkpoints;
using Oversight.Storage.Events;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// The audit trail's cost (ADR 7): verification with and without a checkpoint over N streams of M events, at the
/// storage layer on each provider and through GET /api/v1/audit-trail/verify on a real Embedded host; and what the
/// cross-stream structure adds to an append (appenders with no checkpointer, with one every 2 s as in production, and
/// with one running back to back).
/// </summary>
public static class AuditTrailScenario
{
    public static async Task RunAsync(string? postgres, int streams, int events, int appenders, int seconds, bool appendsOnly)
    {
        if (!appendsOnly)
        {
            await VerifyAsync(postgres, streams, events);
        }
        Console.WriteLine();
        Console.WriteLine($"### What the checkpoints add to an append ({appenders} appenders for {seconds} s each run, one event per append, {streams:N0} other streams in the log)");
        Console.WriteLine();
        Console.WriteLine("| provider | checkpointer | appends/s | p50 | p99 | max | checkpoints made |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var mode in new[] { "none", "every 2 s", "back to back" })
        {
            await AppendsAsync("SQLite", Sqlite("audit-append"), mode, appenders, seconds, streams);
            if (postgres is not null)
            {
                await AppendsAsync("PostgreSQL", Postgres(postgres, "audit_append"), mode, appenders, seconds, streams);
            }
        }
    }

    private static async Task VerifyAsync(string? postgres, int streams, int events)
    {
        Console.WriteLine($"### Verify over {streams:N0} streams × {events} events");
        Console.WriteLine();
        Console.WriteLine("| where | events | verify (chains, heads, newest checkpoint) | verify?checkpoint= (that checkpoint only) | checkpoint made |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        await StorageVerifyAsync("SQLite", Sqlite("audit-verify"), streams, events);
        if (postgres is not null)
        {
            await StorageVerifyAsync("PostgreSQL", Postgres(postgres, "audit_verify"), streams, events);
        }
        await EndpointVerifyAsync(streams, events);
    }

    private static DatabaseOptions Sqlite(string name) =>
        new() { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(WebProcess.NewDataDirectory(name), "bench.db")}" };

    private static DatabaseOptions Postgres(string connection, string prefix)
    {
        Environment.SetEnvironmentVariable(PostgresServer.EnvironmentVariable, connection);
        return new() { Provider = DatabaseProvider.PostgreSql, ConnectionString = PostgresServer.CreateDatabaseAsync(prefix).GetAwaiter().GetResult() };
    }

    private static async Task<ServiceProvider> StoresAsync(DatabaseOptions options)
    {
        await DatabaseMigrator.MigrateAsync(options);
        return new ServiceCollection().AddOversightStorage(options).BuildServiceProvider();
    }

    private static async Task StorageVerifyAsync(string name, DatabaseOptions options, int streams, int events)
    {
        await using var services = await StoresAsync(options);
        var store = services.GetRequiredService<IEventStore>();
        await Parallel.ForEachAsync(Enumerable.Range(0, streams), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, ct) =>
        {
            var batch = Enumerable.Range(0, events).Select(i => new NewEvent("bench", DateTimeOffset.UtcNow, "bench", $"{{\"stream\":{s},\"n\":{i}}}")).ToArray();
            if (!(await store.AppendAsync($"bench.S{s:D5}", 0, batch, ct: ct)).Success)
            {
                throw new InvalidOperationException("append conflicted");
            }
        });
        var checkpoints = services.GetRequiredService<ICheckpointStore>();
        var made = Stopwatch.StartNew();
        var checkpoint = (await checkpoints.CreateAsync(DateTimeOffset.UtcNow))!;
        made.Stop();
        var verifier = services.GetRequiredService<ChainVerifier>();
        var full = await TimeAsync(async () =>
        {
            var result = await verifier.VerifyAsync();
            if (!result.Intact || result.Events != (long)streams * events)
            {
                throw new InvalidOperationException($"verify: {result}");
            }
        });
        var against = await TimeAsync(async () =>
        {
            if (!(await verifier.VerifyCheckpointAsync(checkpoint.Sequence, checkpoint.Hash)).Intact)
            {
                throw new InvalidOperationException("checkpoint not intact");
            }
        });
        Console.WriteLine($"| {name} store | {(long)streams * events:N0} | {full} | {against} | {made.Elapsed.TotalMilliseconds:F0} ms |");
    }

    /// <summary>The real endpoint: recommendation streams with real events (replayed, projections compared), evidence blobs checked.</summary>
    private static async Task EndpointVerifyAsync(int streams, int events)
    {
        var data = WebProcess.NewDataDirectory("audit-endpoint");
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(data, "oversight.db")}" };
        await using (var services = await StoresAsync(options))
        {
            // The generator's loader (GenerateScenario): its synthetic reports, with the seed job's per-report dates.
            const int perReport = 5;
            var counts = new GenerateScenario.LoadCounts();
            await GenerateScenario.LoadHistoriesAsync(services, streams / perReport, perReport, events, parallel: 8, counts);
            if (counts.Present > 0)
            {
                throw new InvalidOperationException("append conflicted");
            }
        }
        var (web, _) = await WebProcess.StartAsync(data);
        await using (web)
        {
            // With the seed job's dates most reports are past due: the host's overdue run marks them (one event each)
            // at start. Measure after it, so verify does not race it.
            await web.WaitForJobsAsync();
            var client = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await web.TokenAsync("auditor"));
            JsonNode? checkpoint = null;
            for (var i = 0; i < 50 && (checkpoint is null || checkpoint["events"]!.GetValue<long>() < (long)streams * events); i++)
            {
                checkpoint = await client.GetFromJsonAsync<JsonNode>("/api/v1/audit-trail/checkpoint");
                await Task.Delay(200);
            }
            var reference = checkpoint!["reference"]!.GetValue<string>();
            long checkedEvents = 0;
            var full = await TimeAsync(async () =>
            {
                var result = (await client.GetFromJsonAsync<JsonNode>("/api/v1/audit-trail/verify"))!;
                if (!result["intact"]!.GetValue<bool>())
                {
                    throw new InvalidOperationException($"verify: {result}");
                }
                checkedEvents = result["events"]!.GetValue<long>();
            });
            var against = await TimeAsync(async () =>
            {
                var result = (await client.GetFromJsonAsync<JsonNode>($"/api/v1/audit-trail/verify?checkpoint={reference}"))!;
                if (!result["checkpoint"]!["intact"]!.GetValue<bool>())
                {
                    throw new InvalidOperationException($"checkpoint: {result}");
                }
            });
            Console.WriteLine($"| GET /api/v1/audit-trail/verify (Embedded, SQLite; replays every recommendation, compares its read-model rows, checks evidence) | {checkedEvents:N0} | {full} | {against} (includes the full verify) | – |");
        }
    }

    private static async Task AppendsAsync(string name, DatabaseOptions options, string mode, int appenders, int seconds, int existingStreams)
    {
        await using var services = await StoresAsync(options);
        var store = services.GetRequiredService<IEventStore>();
        var checkpoints = services.GetRequiredService<ICheckpointStore>();
        // A realistic number of streams for the checkpointer to read.
        await Parallel.ForEachAsync(Enumerable.Range(0, existingStreams), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, ct) =>
            await store.AppendAsync($"base.S{s:D5}", 0, [new NewEvent("bench", DateTimeOffset.UtcNow, "bench", "{}")], ct: ct));
        await checkpoints.CreateAsync(DateTimeOffset.UtcNow);
        using var stop = new CancellationTokenSource();
        var made = 0;
        var checkpointer = mode == "none" ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var before = (await checkpoints.LatestAsync())?.Sequence;
                var after = (await checkpoints.CreateAsync(DateTimeOffset.UtcNow))?.Sequence;
                made += after != before ? 1 : 0;
                if (mode == "every 2 s")
                {
                    try
                    {
                        await Task.Delay(2000, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }
        });
        var latencies = new List<double>[appenders];
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        long appended = 0;
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
        {
            latencies[a] = [];
            for (var seq = 0; clock.Elapsed < deadline; seq++)
            {
                Interlocked.Increment(ref appended);
                var started = Stopwatch.GetTimestamp();
                if (!(await store.AppendAsync($"app.A{a:D3}", seq, [new NewEvent("bench", DateTimeOffset.UtcNow, "bench", $"{{\"n\":{seq}}}")])).Success)
                {
                    throw new InvalidOperationException("append conflicted");
                }
                if (seq >= 10)
                {
                    latencies[a].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        })));
        clock.Stop();
        stop.Cancel();
        await checkpointer;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        Console.WriteLine($"| {name} | {mode} | {appended / clock.Elapsed.TotalSeconds:F0} | {Stats.Percentile(all, 50):F2} ms | {Stats.Percentile(all, 99):F2} ms | {all[^1]:F1} ms | {made} |");
    }

    /// <summary>Median and spread of three runs.</summary>
    private static async Task<string> TimeAsync(Func<Task> action)
    {
        var times = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return $"{times[1]:F0} ms (min {times[0]:F0}, max {times[2]:F0})";
    }
}
