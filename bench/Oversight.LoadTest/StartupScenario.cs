using System.Net.Http.Json;
using Oversight.TestSupport;
namespace Oversight.LoadTest;

/// <summary>Cold start to /health/ready (first start: schema + seed; restart: existing data) and resident memory.</summary>
public static class StartupScenario
{
    public static async Task RunAsync(int runs)
    {
        Console.WriteLine("| run | kind | start → /health/ready | RSS after ready | peak RSS |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        for (var run = 1; run <= runs; run++)
        {
            var data = WebProcess.NewDataDirectory("startup");
            foreach (var kind in new[] { "first start (empty ./data)", "restart (seeded ./data)" })
            {
                var (web, elapsed) = await WebProcess.StartAsync(data);
                await using (web)
                {
                    // Exercise the API once so the figure includes a warmed request path.
                    var token = await web.TokenAsync("executive");
                    web.Http.DefaultRequestHeaders.Authorization = new("Bearer", token);
                    (await web.Http.GetAsync("/api/v1/board")).EnsureSuccessStatusCode();
                    (await web.Http.GetAsync("/api/v1/recommendations")).EnsureSuccessStatusCode();
                    await Task.Delay(500);
                    var (rss, peak) = web.Memory();
                    Console.WriteLine($"| {run} | {kind} | {elapsed.TotalSeconds:F2} s | {rss:F0} MB | {peak:F0} MB |");
                }
            }
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// First start with <paramref name="reports"/> synthetic reports (5 recommendations each): time to /health/ready,
    /// requests answered while the background jobs run (board, a filtered list, the jobs endpoint: worst latency), and
    /// the time until the synthetic seed and the overdue catch-up have finished; then a restart on the same data.
    /// </summary>
    public static async Task RunSyntheticAsync(int reports, int runs)
    {
        Console.WriteLine($"Synthetic reports: {reports} (5 recommendations each); {Environment.ProcessorCount} cores");
        Console.WriteLine("| run | kind | start → ready | requests while jobs ran (worst) | seed done | overdue done | checked / marked | RSS at end | peak RSS |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (var run = 1; run <= runs; run++)
        {
            var data = WebProcess.NewDataDirectory("startup-synthetic");
            var settings = new Dictionary<string, string> { ["Seed__SyntheticReports"] = reports.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            foreach (var kind in new[] { "first start (empty ./data)", "restart (same ./data)" })
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var (web, elapsed) = await WebProcess.StartAsync(data, settings);
                await using (web)
                {
                    var token = await web.TokenAsync("admin");
                    web.Http.DefaultRequestHeaders.Authorization = new("Bearer", token);
                    TimeSpan? seedDone = null, overdueDone = null;
                    var requests = 0;
                    var worst = TimeSpan.Zero;
                    System.Text.Json.Nodes.JsonObject? overdue = null;
                    while (seedDone is null || overdueDone is null)
                    {
                        foreach (var path in new[] { "/api/v1/operations/jobs", "/api/v1/board", "/api/v1/recommendations?status=not-started&overdue=true&limit=50" })
                        {
                            var one = System.Diagnostics.Stopwatch.StartNew();
                            (await web.Http.GetAsync(path)).EnsureSuccessStatusCode();
                            worst = one.Elapsed > worst ? one.Elapsed : worst;
                            requests++;
                        }
                        var jobs = (await web.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/v1/operations/jobs"))!["items"]!.AsArray();
                        var seed = jobs.First(j => j!["name"]!.GetValue<string>() == "synthetic-seed")!;
                        overdue = jobs.First(j => j!["name"]!.GetValue<string>() == "overdue")!.AsObject();
                        if (seedDone is null && seed["state"]!.GetValue<string>() == "done")
                        {
                            seedDone = clock.Elapsed;
                        }
                        if (overdueDone is null && seedDone is not null && overdue["state"]!.GetValue<string>() == "done")
                        {
                            overdueDone = clock.Elapsed;
                        }
                        await Task.Delay(250);
                    }
                    var (rss, peak) = web.Memory();
                    Console.WriteLine($"| {run} | {kind} | {elapsed.TotalSeconds:F1} s | {requests}, worst {worst.TotalMilliseconds:F0} ms | {seedDone!.Value.TotalSeconds:F1} s | {overdueDone!.Value.TotalSeconds:F1} s | " +
                        $"{overdue!["done"]} / {overdue["counters"]!["markedOverdue"]} | {rss:F0} MB | {peak:F0} MB |");
                }
            }
            Directory.Delete(data, recursive: true);
        }
    }
}
