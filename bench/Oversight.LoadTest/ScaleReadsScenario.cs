using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// The read side at scale (issue 10), on the labelled synthetic data set. With <c>events</c> &gt; 0 the generator first
/// loads <c>reports</c> × 5 recommendations with histories of about that many events each straight into the store
/// (<see cref="GenerateScenario"/>); the hosts then start with <c>Seed__SyntheticReports=&lt;reports&gt;</c>, so the seed job
/// registers the reports (and, without the generator, writes the recommendations itself) and the overdue run checks
/// every one. Embedded: one Web host on SQLite. With <c>pg</c>: a new PostgreSQL database, <c>silos</c> silo processes
/// and a Web host as their Orleans client (production mode). Once the jobs are done, one executive client times, one
/// request at a time, the board for all synthetic reports and for one unit, the list filtered by unit, status and
/// overdue (page 1 and its last page) and the plain list's last page; then how long one acknowledged write takes to
/// reach a connected board; then the full audit-trail verify while a second client keeps reading the board and the
/// list. Prints every figure and each process's RSS.
/// </summary>
public static class ScaleReadsScenario
{
    private const string Filter = "dataset=synthetic&unit=ICT&status=not-started,in-progress&overdue=true";

    public static async Task RunAsync(int reports, int requests, int warmup, int events, bool postgres, int silos)
    {
        var data = WebProcess.NewDataDirectory("scale-reads");
        var connection = postgres ? await PostgresServer.CreateDatabaseAsync("scale") : null;
        if (events > 0)
        {
            await GenerateScenario.RunAsync(connection, data, reports, 5, events, 8, verify: false);
        }

        var settings = new Dictionary<string, string> { ["Seed__SyntheticReports"] = reports.ToString(CultureInfo.InvariantCulture) };
        var clock = Stopwatch.StartNew();
        var servers = new List<(string Name, ServerProcess Process)>();
        try
        {
            WebProcess web;
            TimeSpan ready;
            if (connection is null)
            {
                (web, ready) = await WebProcess.StartAsync(data, settings);
                servers.Add(("Web host with its silo (Embedded, SQLite)", web));
            }
            else
            {
                var clusterId = "oversight-scale";
                for (var i = 0; i < silos; i++)
                {
                    servers.Add(($"silo {i + 1} (PostgreSQL)", SiloProcess.Start(connection, clusterId, settings)));
                }
                await Task.WhenAll(servers.Select(s => ((SiloProcess)s.Process).WaitReadyAsync(limit: TimeSpan.FromMinutes(10))));
                (web, ready) = await WebProcess.StartAsync(WebProcess.NewDataDirectory("scale-client"),
                    WebProcess.ClientOf(connection, clusterId, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
                servers.Add(("Web host (Orleans client)", web));
            }

            await web.WaitForJobsAsync(TimeSpan.FromMinutes(90));
            if (connection is not null)
            {
                // The generator's bulk load and the overdue run's updates of most rows, settled as autovacuum would
                // settle them: lists are index-only scans once the visibility map is current.
                var vacuum = Stopwatch.StartNew();
                await using var db = new Npgsql.NpgsqlConnection(connection);
                await db.OpenAsync();
                await using var command = new Npgsql.NpgsqlCommand("VACUUM (ANALYZE) oversight_recommendation_summary, oversight_recommendation_unit, oversight_event, oversight_stream_head;", db)
                    { CommandTimeout = 0 };
                await command.ExecuteNonQueryAsync();
                Console.WriteLine($"VACUUM (ANALYZE) of the read model, events and heads after the jobs: {vacuum.Elapsed.TotalSeconds:F1} s");
            }
            Console.WriteLine($"Synthetic reports: {reports:N0} (5 recommendations each{(events > 0 ? $", histories of {events} events from the generator" : ", registered by the seed job")}); " +
                $"{(connection is null ? "Embedded" : $"{silos} silos on PostgreSQL + a Web client")}; Web ready after {ready.TotalSeconds:F1} s, seed and overdue jobs done after {clock.Elapsed.TotalSeconds:F0} s");
            web.Http.DefaultRequestHeaders.Authorization = new("Bearer", await web.TokenAsync("executive"));

            await ReadsAsync(web, requests, warmup);
            Memory(servers, "after the reads");
            await UpdateToBoardAsync(web, 20);
            await VerifyUnderReadsAsync(web);
            Memory(servers, "at the end");
        }
        finally
        {
            foreach (var (_, process) in servers)
            {
                await process.DisposeAsync();
            }
            if (connection is not null)
            {
                await PostgresServer.DropDatabaseAsync(connection);
            }
        }
        Directory.Delete(data, recursive: true);
    }

    private static async Task ReadsAsync(WebProcess web, int requests, int warmup)
    {
        var filteredTotal = (await Get(web.Http, $"/api/v1/recommendations?{Filter}&limit=50"))["total"]!.GetValue<int>();
        var allTotal = (await Get(web.Http, "/api/v1/recommendations?dataset=synthetic&limit=1"))["total"]!.GetValue<int>();
        var board = await Get(web.Http, "/api/v1/board?dataset=synthetic");
        Console.WriteLine($"synthetic data set: {allTotal:N0} recommendations (board total {board["totals"]!["total"]}, synthetic={board["synthetic"]}); filtered list total {filteredTotal:N0}");
        (string Name, string Path)[] cases =
        [
            ("board, all synthetic reports", "/api/v1/board?dataset=synthetic"),
            ("board, one unit (ICT)", "/api/v1/board?dataset=synthetic&unit=ICT"),
            ("list unit+status+overdue, page 1 (50)", $"/api/v1/recommendations?{Filter}&limit=50"),
            ($"list unit+status+overdue, last page (offset {Math.Max(0, filteredTotal - 50):N0})", $"/api/v1/recommendations?{Filter}&limit=50&offset={Math.Max(0, filteredTotal - 50)}"),
            ($"plain list, last page (offset {Math.Max(0, allTotal - 100):N0})", $"/api/v1/recommendations?dataset=synthetic&limit=100&offset={Math.Max(0, allTotal - 100)}"),
        ];
        Console.WriteLine("| request | n | p50 | p95 | max |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, path) in cases)
        {
            for (var i = 0; i < warmup; i++)
            {
                await Get(web.Http, path);
            }
            var times = new List<double>(requests);
            for (var i = 0; i < requests; i++)
            {
                var one = Stopwatch.StartNew();
                await Get(web.Http, path);
                times.Add(one.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"| {name} | {times.Count} | {Stats.Percentile(times, 50):F1} ms | {Stats.Percentile(times, 95):F1} ms | {times[^1]:F1} ms |");
        }
    }

    /// <summary>
    /// A board connected to the hub as the executive; the ICT officer writes progress on <paramref name="writes"/> of
    /// ICT's synthetic recommendations one after another; each write's delta is timed from the request and from its 2xx.
    /// </summary>
    private static async Task UpdateToBoardAsync(WebProcess web, int writes)
    {
        var arrived = new Dictionary<(string Id, long Version), long>();
        var signal = new SemaphoreSlim(0);
        var token = await web.TokenAsync("executive");
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(web.BaseAddress, "/hubs/board"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        hub.On<JsonElement>("recommendationChanged", changes =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var change in changes.EnumerateArray())
            {
                lock (arrived)
                {
                    arrived.TryAdd((change.GetProperty("id").GetString()!, change.GetProperty("version").GetInt64()), now);
                }
            }
            signal.Release();
        });
        await hub.StartAsync();

        using var officer = new HttpClient { BaseAddress = web.BaseAddress };
        officer.DefaultRequestHeaders.Authorization = new("Bearer", await web.TokenAsync("ict"));
        var targets = (await Get(web.Http, $"/api/v1/recommendations?dataset=synthetic&unit=ICT&status=not-started,in-progress&limit={writes}"))["items"]!.AsArray()
            .Select(i => (Id: i!["id"]!.GetValue<string>(), Version: i["version"]!.GetValue<long>(), Progress: i["progress"]!.GetValue<int>())).ToArray();
        var fromRequest = new List<double>();
        var fromAck = new List<double>();
        foreach (var (id, version, progress) in targets)
        {
            var sent = Stopwatch.GetTimestamp();
            using var response = await officer.PostAsJsonAsync($"/api/v1/recommendations/{Uri.EscapeDataString(id)}/progress",
                new { progress = progress == 50 ? 51 : 50, note = "scale: update → board", expectedVersion = version });
            var acked = Stopwatch.GetTimestamp();
            response.EnsureSuccessStatusCode();
            var written = (await response.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<long>();
            var deadline = Stopwatch.StartNew();
            long at;
            while (true)
            {
                lock (arrived)
                {
                    if (arrived.TryGetValue((id, written), out at))
                    {
                        break;
                    }
                }
                if (deadline.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new TimeoutException($"{id} v{written} did not reach the board within 10 s.");
                }
                await signal.WaitAsync(TimeSpan.FromMilliseconds(100));
            }
            fromRequest.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
            fromAck.Add(Math.Max(0, Stopwatch.GetElapsedTime(acked, at).TotalMilliseconds));
        }
        fromRequest.Sort();
        fromAck.Sort();
        Console.WriteLine($"update → connected board ({writes} writes, one at a time): from the request p50 {Stats.Percentile(fromRequest, 50):F1} ms, max {fromRequest[^1]:F1} ms; " +
            $"from the 2xx p50 {Stats.Percentile(fromAck, 50):F1} ms, max {fromAck[^1]:F1} ms");
    }

    /// <summary>The full audit-trail verify (as the auditor) while another client reads the board and the filtered list every 100 ms.</summary>
    private static async Task VerifyUnderReadsAsync(WebProcess web)
    {
        using var auditor = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
        auditor.DefaultRequestHeaders.Authorization = new("Bearer", await web.TokenAsync("auditor"));
        using var reader = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        reader.DefaultRequestHeaders.Authorization = web.Http.DefaultRequestHeaders.Authorization;
        using var stop = new CancellationTokenSource();
        var boardTimes = new List<double>();
        var listTimes = new List<double>();
        var reads = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var one = Stopwatch.StartNew();
                await Get(reader, "/api/v1/board?dataset=synthetic");
                boardTimes.Add(one.Elapsed.TotalMilliseconds);
                one.Restart();
                await Get(reader, $"/api/v1/recommendations?{Filter}&limit=50");
                listTimes.Add(one.Elapsed.TotalMilliseconds);
                await Task.Delay(100);
            }
        });
        var clock = Stopwatch.StartNew();
        var verify = await Get(auditor, "/api/v1/audit-trail/verify");
        var full = clock.Elapsed;
        var checkpoint = (await Get(auditor, "/api/v1/audit-trail/checkpoint"))["reference"]!.GetValue<string>();
        clock.Restart();
        var against = await Get(auditor, $"/api/v1/audit-trail/verify?checkpoint={checkpoint}");
        var withCheckpoint = clock.Elapsed;
        await stop.CancelAsync();
        await reads;
        boardTimes.Sort();
        listTimes.Sort();
        Console.WriteLine($"audit-trail verify: {full.TotalSeconds:F1} s, {verify["events"]:N0} events in {verify["streams"]} streams, intact {verify["intact"]}, " +
            $"read-model rows checked {verify["readModelChecked"]}, evidence files {verify["evidenceChecked"]}; " +
            $"with ?checkpoint= (verify and that checkpoint): {withCheckpoint.TotalSeconds:F1} s, intact {against["intact"]}, checkpoint {against["checkpoint"]?["intact"]}");
        Console.WriteLine($"meanwhile, another client: board n={boardTimes.Count} p50 {Stats.Percentile(boardTimes, 50):F1} ms p95 {Stats.Percentile(boardTimes, 95):F1} ms max {boardTimes[^1]:F1} ms; " +
            $"filtered list n={listTimes.Count} p50 {Stats.Percentile(listTimes, 50):F1} ms p95 {Stats.Percentile(listTimes, 95):F1} ms max {listTimes[^1]:F1} ms");
    }

    private static void Memory(List<(string Name, ServerProcess Process)> servers, string when) =>
        Console.WriteLine($"RSS {when}: " + string.Join("; ", servers.Select(s =>
        {
            var (rss, peak) = s.Process.Memory();
            return $"{s.Name} {rss:F0} MB (peak {peak:F0} MB)";
        })));

    private static async Task<JsonObject> Get(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
