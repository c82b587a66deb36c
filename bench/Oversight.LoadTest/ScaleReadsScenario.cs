using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// The read side at scale (issue 10), on the labelled synthetic data set: a Web host started with
/// <c>Seed__SyntheticReports=&lt;reports&gt;</c> (5 recommendations each) seeds in the background; once its jobs are done,
/// one executive client times, one request at a time, GET /api/v1/board?dataset=synthetic for all reports and for one
/// unit, and the list filtered by unit, status and overdue (page 1 and its last page), plus the plain list's last
/// page: <c>requests</c> timed requests each after <c>warmup</c> untimed ones. Prints p50/p95/max and the host's RSS.
/// </summary>
public static class ScaleReadsScenario
{
    public static async Task RunAsync(int reports, int requests, int warmup)
    {
        var data = WebProcess.NewDataDirectory("scale-reads");
        var settings = new Dictionary<string, string> { ["Seed__SyntheticReports"] = reports.ToString(CultureInfo.InvariantCulture) };
        var clock = Stopwatch.StartNew();
        var (web, ready) = await WebProcess.StartAsync(data, settings);
        await using (web)
        {
            await web.WaitForJobsAsync(TimeSpan.FromMinutes(40));
            Console.WriteLine($"Synthetic reports: {reports} (5 recommendations each); ready after {ready.TotalSeconds:F1} s, seed and overdue jobs done after {clock.Elapsed.TotalSeconds:F0} s");
            web.Http.DefaultRequestHeaders.Authorization = new("Bearer", await web.TokenAsync("executive"));

            const string Filter = "dataset=synthetic&unit=ICT&status=not-started,in-progress&overdue=true";
            var filteredTotal = (await Get(web, $"/api/v1/recommendations?{Filter}&limit=50"))["total"]!.GetValue<int>();
            var allTotal = (await Get(web, "/api/v1/recommendations?dataset=synthetic&limit=1"))["total"]!.GetValue<int>();
            var board = await Get(web, "/api/v1/board?dataset=synthetic");
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
                    await Get(web, path);
                }
                var times = new List<double>(requests);
                for (var i = 0; i < requests; i++)
                {
                    var one = Stopwatch.StartNew();
                    await Get(web, path);
                    times.Add(one.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine($"| {name} | {times.Count} | {Stats.Percentile(times, 50):F1} ms | {Stats.Percentile(times, 95):F1} ms | {times[^1]:F1} ms |");
            }
            var (rss, peak) = web.Memory();
            Console.WriteLine($"RSS after the reads: {rss:F0} MB (peak {peak:F0} MB)");
        }
        Directory.Delete(data, recursive: true);
    }

    private static async Task<JsonObject> Get(WebProcess web, string path)
    {
        using var response = await web.Http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
