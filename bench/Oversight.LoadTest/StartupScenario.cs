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
}
