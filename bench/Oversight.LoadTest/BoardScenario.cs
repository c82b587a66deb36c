using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Oversight.Board.Client;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// The live board under load: N connected board clients (the .NET SignalR client, snapshot + deltas) while writers
/// sustain R acknowledged updates per second. Latency is "write acknowledged (HTTP 200 read by the writer)" →
/// "the change applied by a client". Then the same clients polling GET /api/v1/board every 5 s, for comparison.
/// </summary>
public static class BoardScenario
{
    public static async Task RunAsync(int clients, int rate, int seconds, int warmup, bool polling, BoardProtocol protocol)
    {
        var data = WebProcess.NewDataDirectory("board");
        var (web, _) = await WebProcess.StartAsync(data, new Dictionary<string, string>
        {
            ["Seed__SyntheticReports"] = "40",
            ["Seed__SyntheticRecommendationsPerReport"] = "5",
            ["Logging__LogLevel__Microsoft.AspNetCore.SignalR"] = "Warning",
        });
        await using (web)
        {
            Console.WriteLine($"<!-- server pid {web.Pid} -->");
            var executive = await web.TokenAsync("executive");

            var serverBefore = web.CpuTime();
            var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            if (polling)
            {
                await PollAsync(web, executive, clients, seconds + warmup, warmup, rate);
            }
            else
            {
                await PushAsync(web, executive, clients, rate, seconds, warmup, protocol);
            }
            var serverCpu = (web.CpuTime() - serverBefore).TotalSeconds / wall.Elapsed.TotalSeconds * 100;
            var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalSeconds / wall.Elapsed.TotalSeconds * 100;
            var (rss, peak) = web.Memory();
            Console.WriteLine($"| server CPU {serverCpu:F0}% of one core (2 cores = 200%) | load generator CPU {clientCpu:F0}% | server RSS {rss:F0} MB, peak {peak:F0} MB | load generator RSS {Environment.WorkingSet / 1048576} MB |");
        }
        Directory.Delete(data, recursive: true);
    }

    private static async Task PushAsync(WebProcess web, string token, int clients, int rate, int seconds, int warmup, BoardProtocol protocol)
    {
        var acks = new ConcurrentDictionary<(string, long), long>();
        var unresolved = new ConcurrentQueue<(string Id, long Version, long At)>();
        var histogram = new Histogram();
        // The same latencies by 10-second window of the run (when the client applied the change): shows whether the
        // system is steady or whether queues grow or drain while it runs.
        var windows = new Histogram[(seconds + warmup) / 10 + 2];
        for (var w = 0; w < windows.Length; w++)
        {
            windows[w] = new Histogram();
        }
        var runStart = 0L;
        void Record(double milliseconds, long at)
        {
            histogram.Add(milliseconds);
            var window = (int)(Stopwatch.GetElapsedTime(Interlocked.Read(ref runStart), at).TotalSeconds / 10);
            windows[Math.Clamp(window, 0, windows.Length - 1)].Add(milliseconds);
        }
        long early = 0, measuring = 0;
        var connected = new BoardClient[clients];
        var connectClock = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(50))
        {
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    var client = new BoardClient(new BoardClientOptions { BaseAddress = web.BaseAddress, AccessToken = () => Task.FromResult<string?>(token), Protocol = protocol });
                    client.Applied += (change, _) =>
                    {
                        if (Interlocked.Read(ref measuring) == 0)
                        {
                            return;
                        }
                        var now = Stopwatch.GetTimestamp();
                        if (acks.TryGetValue((change.Id, change.Version), out var acked))
                        {
                            Record(Stopwatch.GetElapsedTime(acked, now).TotalMilliseconds, now);
                        }
                        else
                        {
                            // The acknowledgement is not here yet: either the change really arrived before the writer read
                            // its 200 (the grain publishes before the HTTP answer goes out), or the writer's report of it
                            // is still queued in this busy process. Settled after the run, against the writer's timestamp.
                            unresolved.Enqueue((change.Id, change.Version, now));
                        }
                    };
                    await client.StartAsync();
                    connected[i] = client;
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        Console.WriteLine($"<!-- {clients} board clients connected and loaded their snapshots in {connectClock.Elapsed.TotalSeconds:F1} s -->");

        // The writers run in a child process so the 1,000 clients' message handling cannot delay their acknowledgements;
        // Stopwatch timestamps are CLOCK_MONOTONIC, comparable across processes on one machine.
        Interlocked.Exchange(ref runStart, Stopwatch.GetTimestamp());
        var writes = await WriterProcess.RunAsync(web.BaseAddress, rate, seconds + warmup, warmup, (id, version, at, elapsed) =>
        {
            acks[(id, version)] = at;
            if (elapsed >= TimeSpan.FromSeconds(warmup))
            {
                Interlocked.Exchange(ref measuring, 1);
            }
        });
        await Task.Delay(2000); // let the last deltas land
        foreach (var (id, version, at) in unresolved)
        {
            if (!acks.TryGetValue((id, version), out var acked))
            {
                continue; // a write the writer never reported (warm-up boundary)
            }
            if (at <= acked)
            {
                early++; // delivered before the writer had read its own 200
            }
            Record(at <= acked ? 0 : Stopwatch.GetElapsedTime(acked, at).TotalMilliseconds, at);
        }
        var expected = writes.Measured * (long)clients;
        Console.WriteLine($"<!-- hub protocol: {protocol} -->");
        Console.WriteLine("| clients | rate (target) | writes measured | write ack p50 / p99 | deliveries | delivered | ack → client p50 | p90 | p99 | max | resyncs | reconnects |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| {clients} | {writes.Rate:F0}/s ({rate}/s) | {writes.Measured} | {writes.AckP50:F1} / {writes.AckP99:F1} ms | {expected:N0} | {histogram.Count:N0} ({early:N0} before the ack) | {histogram.Percentile(50):F1} ms | {histogram.Percentile(90):F1} ms | {histogram.Percentile(99):F1} ms | {histogram.Max:F0} ms | {connected.Sum(c => c.Resyncs)} | {connected.Sum(c => c.Reconnects)} |");
        Console.WriteLine();
        Console.WriteLine("| window (s from the first write) | deliveries | p50 | p99 |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (var w = 0; w < windows.Length; w++)
        {
            if (windows[w].Count > 0)
            {
                Console.WriteLine($"| {w * 10}–{w * 10 + 10} | {windows[w].Count:N0} | {windows[w].Percentile(50):F1} ms | {windows[w].Percentile(99):F1} ms |");
            }
        }
        await Task.WhenAll(connected.Select(c => c.DisposeAsync().AsTask()));
    }

    private static async Task PollAsync(WebProcess web, string token, int clients, int seconds, int warmup, int rate)
    {
        var (targets, unitTokens) = await LoadTargetsAsync(web.BaseAddress);
        var latencies = new Histogram();
        long bytes = 0, polls = 0;
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256 };
        using var http = new HttpClient(handler) { BaseAddress = web.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        var pollers = Enumerable.Range(0, clients).Select(async i =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 5000)));
            while (clock.Elapsed < end)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync("/api/v1/board");
                var body = await response.Content.ReadAsByteArrayAsync();
                if (clock.Elapsed > TimeSpan.FromSeconds(warmup))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Add(ref bytes, body.Length);
                    Interlocked.Increment(ref polls);
                }
                await Task.Delay(TimeSpan.FromSeconds(5));
            }
        }).ToArray();
        var writes = WriteAsync(web.BaseAddress, rate, seconds, warmup, targets, unitTokens, RequestKinds.Write, (_, _, _, _) => { });
        await Task.WhenAll(pollers);
        var w = await writes;
        var measured = seconds - warmup;
        Console.WriteLine("| clients | poll every | polls/s | poll latency p50 | p99 | bytes/s | writes/s meanwhile | change visible after (ack → next poll) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---|");
        Console.WriteLine($"| {clients} | 5 s | {polls / (double)measured:F0} | {latencies.Percentile(50):F1} ms | {latencies.Percentile(99):F1} ms | {bytes / measured / 1024:N0} KiB/s | {w.Rate:F0} | uniform 0–5 s: mean ≈ 2.5 s + poll latency, p99 ≈ 4.95 s |");
    }

    public sealed record WriteStats(long Measured, double Rate, double AckP50, double AckP99, double CpuSeconds = 0);

    /// <summary>
    /// The writer side on its own (the child process): writes at the given rate and prints one line per acknowledgement.
    /// <paramref name="request"/> is what each paced slot sends (<see cref="RequestKinds"/>); only "write" changes anything.
    /// </summary>
    public static async Task RunWriterAsync(Uri baseAddress, int rate, int seconds, int warmup, string request = RequestKinds.Write)
    {
        var (targets, unitTokens) = await LoadTargetsAsync(baseAddress);
        var output = Console.Out;
        var stats = await WriteAsync(baseAddress, rate, seconds, warmup, targets, unitTokens, request, (id, version, at, elapsed) =>
        {
            lock (output)
            {
                output.WriteLine($"ACK {id} {version} {at} {elapsed.Ticks}");
            }
        });
        Console.WriteLine($"STATS {stats.Measured} {stats.Rate} {stats.AckP50} {stats.AckP99} {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds}");
    }

    /// <summary>The synthetic recommendations to write (id, first unit, version) and a token for each demo unit officer.</summary>
    private static async Task<(List<(string Id, string Unit, long Version)> Targets, Dictionary<string, string> UnitTokens)> LoadTargetsAsync(Uri baseAddress)
    {
        var unitTokens = new Dictionary<string, string>();
        foreach (var unit in new[] { "ICT", "ILPO", "SPD", "LED", "JSC", "OPS" })
        {
            unitTokens[unit] = await TokenAsync(baseAddress, unit.ToLowerInvariant());
        }
        using var lookup = new HttpClient { BaseAddress = baseAddress };
        lookup.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(baseAddress, "executive"));
        var targets = new List<(string Id, string Unit, long Version)>();
        for (var r = 1; r <= 40; r++)
        {
            var page = (await lookup.GetFromJsonAsync<JsonObject>($"/api/v1/recommendations?reportId=synthetic-{r:D5}"))!;
            targets.AddRange(page["items"]!.AsArray().Select(i => (i!["id"]!.GetValue<string>(), i["units"]![0]!.GetValue<string>(), i["version"]!.GetValue<long>())));
        }
        return (targets, unitTokens);
    }

    private static async Task<string> TokenAsync(Uri baseAddress, string username)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { username, password = "demo-2569" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    }

    /// <summary>
    /// Paced writers: <paramref name="rate"/> acknowledged progress updates per second, each recommendation written by one task in turn.
    /// With another <paramref name="request"/>, the same slots, connections and tokens send that request instead (or
    /// nothing), and each answer is reported with the recommendation's version unchanged.
    /// </summary>
    private static async Task<WriteStats> WriteAsync(Uri baseAddress, int rate, int seconds, int warmup, List<(string Id, string Unit, long Version)> targets,
        Dictionary<string, string> unitTokens, string request, Action<string, long, long, TimeSpan> acked)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 128 };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress };
        var ackTimes = new Histogram();
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        long measured = 0, sent = 0;
        var warmupEnd = TimeSpan.FromSeconds(warmup);
        const int lanes = 40;
        var perLane = targets.Chunk((targets.Count + lanes - 1) / lanes).ToArray();
        await Task.WhenAll(perLane.Select((lane, l) => Task.Run(async () =>
        {
            var versions = lane.ToDictionary(t => t.Id, t => t.Version);
            var progress = lane.ToDictionary(t => t.Id, _ => 0);
            var interval = TimeSpan.FromSeconds(perLane.Length / (double)rate);
            var next = clock.Elapsed + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)interval.TotalMilliseconds + 1));
            for (var i = 0; clock.Elapsed < end; i++)
            {
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
                next += interval;
                var (id, unit, _) = lane[i % lane.Length];
                if (request == RequestKinds.None)
                {
                    acked(id, versions[id], Stopwatch.GetTimestamp(), clock.Elapsed);
                    if (clock.Elapsed >= warmupEnd)
                    {
                        Interlocked.Increment(ref measured);
                    }
                    continue;
                }
                using var message = request == RequestKinds.Write
                    ? new HttpRequestMessage(HttpMethod.Post, $"/api/v1/recommendations/{id}/progress")
                    {
                        Content = Json.Body(new { progress = progress[id] == 30 ? 31 : 30, note = $"board load {l}/{i}", expectedVersion = versions[id] }),
                    }
                    : new HttpRequestMessage(HttpMethod.Get, RequestKinds.PathOf(request));
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", unitTokens[unit]);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(message);
                var at = Stopwatch.GetTimestamp();
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    // Someone else wrote first (the daily overdue job marks synthetic items at start-up): take the current version.
                    versions[id] = (await response.Content.ReadFromJsonAsync<JsonObject>())!["currentVersion"]!.GetValue<long>();
                    continue;
                }
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                var version = request == RequestKinds.Write ? answer["version"]!.GetValue<long>() : versions[id];
                versions[id] = version;
                progress[id] = progress[id] == 30 ? 31 : 30;
                var elapsed = clock.Elapsed;
                acked(id, version, at, elapsed);
                Interlocked.Increment(ref sent);
                if (elapsed >= warmupEnd)
                {
                    Interlocked.Increment(ref measured);
                    ackTimes.Add(Stopwatch.GetElapsedTime(started, at).TotalMilliseconds);
                }
            }
        })));
        var measuredSeconds = seconds - warmup;
        return new WriteStats(measured, measured / (double)measuredSeconds, ackTimes.Percentile(50), ackTimes.Percentile(99));
    }
}

/// <summary>A lock-free latency histogram with 0.1 ms buckets up to 30 s.</summary>
public sealed class Histogram
{
    private const double Resolution = 0.1;
    private readonly long[] _buckets = new long[300_000];
    private long _count;
    private long _maxTicks;

    public long Count => Interlocked.Read(ref _count);
    public double Max => Interlocked.Read(ref _maxTicks) * Resolution;

    public void Add(double milliseconds)
    {
        var bucket = (long)Math.Clamp(milliseconds / Resolution, 0, _buckets.Length - 1);
        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Increment(ref _count);
        long seen;
        while (bucket > (seen = Interlocked.Read(ref _maxTicks)) && Interlocked.CompareExchange(ref _maxTicks, bucket, seen) != seen)
        {
        }
    }

    public double Percentile(double p)
    {
        var target = (long)Math.Ceiling(Count * p / 100.0);
        long running = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            running += Interlocked.Read(ref _buckets[i]);
            if (running >= target && target > 0)
            {
                return i * Resolution;
            }
        }
        return double.NaN;
    }
}

/// <summary>What the paced writer sends in each slot (<c>request-cost</c>, <see cref="RequestCostScenario"/>).</summary>
public static class RequestKinds
{
    /// <summary>A progress update: the write the live board is timed with.</summary>
    public const string Write = "write";

    /// <summary>GET /api/v1/settings/follow-up: <see cref="Me"/> and one small grain call.</summary>
    public const string Read = "read";

    /// <summary>GET /api/v1/auth/me with the same bearer token: Kestrel, the middleware, the token and a small JSON answer, and nothing else.</summary>
    public const string Me = "me";

    /// <summary>GET /health/live (the token is sent and not needed): the same pipeline without authorization.</summary>
    public const string Health = "health";

    /// <summary>No request: the host's own background work, counted per slot.</summary>
    public const string None = "none";

    public static readonly string[] All = [Write, Read, Me, Health, None];

    /// <summary>The path a GET kind asks for.</summary>
    public static string PathOf(string kind) => kind switch
    {
        Read => "/api/v1/settings/follow-up",
        Me => "/api/v1/auth/me",
        Health => "/health/live",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a GET kind."),
    };
}
