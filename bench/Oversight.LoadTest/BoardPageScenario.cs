using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// The board page in Chromium (issue 9), every view on it: first contentful paint and the time until it is live (the
/// versioned snapshot applied and the hub joined, the page's own <c>data-live-since</c> mark), for a first visit (a new
/// browser context, nothing cached) and for a reload; then an ingested batch → the board's figure changed: batches of
/// province figures posted one at a time through <c>POST /api/v1/metrics</c>, each timed from its acknowledgement to the
/// moment the open page shows the new number in the tile (a MutationObserver in the page stamps it).
/// </summary>
public static class BoardPageScenario
{
    private const string Password = "demo-2569";

    public static async Task RunAsync(int visits, int batches, int perBatch, int intervalMs)
    {
        var data = WebProcess.NewDataDirectory("boardpage");
        var (web, _) = await WebProcess.StartAsync(data, new Dictionary<string, string>
        {
            ["ASPNETCORE_WEBROOT"] = Path.Combine(RepoRoot.Find(), "src", "Web", "wwwroot"),
        });
        await using (web)
        {
            Console.WriteLine($"<!-- server pid {web.Pid}; load average before {MonitoringBench.LoadAverage()} -->");
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true });
            var state = await SignInStateAsync(browser, web);

            // Warm-up: the server's first board, JIT and caches (not counted).
            for (var i = 0; i < 3; i++)
            {
                await using var warm = await SignedInContextAsync(browser, web, state);
                await MeasureVisitAsync(await warm.NewPageAsync());
            }

            var first = new List<(double Fcp, double Live)>();
            var reload = new List<(double Fcp, double Live)>();
            await using (var context = await SignedInContextAsync(browser, web, state))
            {
                var page = await context.NewPageAsync();
                for (var i = 0; i < visits; i++)
                {
                    reload.Add(await MeasureVisitAsync(page));
                }
            }
            for (var i = 0; i < visits; i++)
            {
                await using var context = await SignedInContextAsync(browser, web, state);
                first.Add(await MeasureVisitAsync(await context.NewPageAsync()));
            }
            Console.WriteLine();
            Console.WriteLine("| visit | n | FCP p50 | FCP p95 | FCP max | live p50 | live p95 | live max |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (name, runs) in new[] { ("first visit (new context, empty cache)", first), ("reload (cached scripts and styles)", reload) })
            {
                var fcp = runs.Select(r => r.Fcp).Order().ToArray();
                var live = runs.Select(r => r.Live).Order().ToArray();
                Console.WriteLine($"| {name} | {runs.Count} | {Stats.Percentile(fcp, 50):F0} ms | {Stats.Percentile(fcp, 95):F0} ms | {fcp[^1]:F0} ms | {Stats.Percentile(live, 50):F0} ms | {Stats.Percentile(live, 95):F0} ms | {live[^1]:F0} ms |");
            }

            await IngestToBoardAsync(browser, web, state, batches, perBatch, intervalMs);
        }
    }

    /// <summary>A new browser context (its own cache) signed in as the executive, at a laptop's viewport.</summary>
    private static Task<IBrowserContext> SignedInContextAsync(IBrowser browser, WebProcess web, string state) =>
        browser.NewContextAsync(new() { BaseURL = web.BaseAddress.ToString(), StorageState = state, ViewportSize = new() { Width = 1366, Height = 900 } });

    private static async Task<string> SignInStateAsync(IBrowser browser, WebProcess web)
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = web.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.Locator("input[name=Username]").FillAsync("executive");
        await page.Locator("input[name=Password]").FillAsync(Password);
        await page.Locator("form button[type=submit]").First.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        return await context.StorageStateAsync();
    }

    /// <summary>
    /// Opens the board; returns its first contentful paint and the moment it was live, both from navigation start (the
    /// page's own marks, so how often they are read changes nothing). Read by polling a plain expression: waiting with
    /// WaitForFunctionAsync would inject Playwright's selector engine into the page while it loads, a few hundred ms of
    /// the page's main thread (seen in Chromium's trace) that no real visitor spends.
    /// </summary>
    private static async Task<(double Fcp, double Live)> MeasureVisitAsync(IPage page)
    {
        await page.GotoAsync("/board", new() { WaitUntil = WaitUntilState.Commit });
        var waited = Stopwatch.StartNew();
        while (string.IsNullOrEmpty(await page.EvaluateAsync<string>("document.getElementById('board')?.dataset.liveSince ?? ''")))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The board did not become live within 30 s.");
            }
            await Task.Delay(50);
        }
        var result = await page.EvaluateAsync<JsonElement>(@"() => ({
            fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
            live: Number(document.getElementById('board').dataset.liveSince),
        })");
        return (result.GetProperty("fcp").GetDouble(), result.GetProperty("live").GetDouble());
    }

    private static async Task IngestToBoardAsync(IBrowser browser, WebProcess web, string state, int batches, int perBatch, int intervalMs)
    {
        var key = await web.CreateApiKeyAsync("bench-board", "metrics:write");
        await using var context = await SignedInContextAsync(browser, web, state);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/board");
        await page.WaitForFunctionAsync("() => !!document.getElementById('board')?.dataset.liveSince");
        await page.Locator("[data-testid=province-figure]").SelectOptionAsync("activeUsers");
        // Every number the Bangkok tile shows, stamped (epoch ms) the first time it appears.
        await page.EvaluateAsync(@"() => {
            window.__seen = {};
            const stamp = () => {
                const tile = document.querySelector('[data-testid=""province-10-value""]');
                const n = tile ? Number((tile.firstChild?.textContent ?? '').replace(/[^0-9]/g, '')) : NaN;
                if (Number.isFinite(n) && !(n in window.__seen)) window.__seen[n] = Date.now();
            };
            new MutationObserver(stamp).observe(document.getElementById('board'), { subtree: true, childList: true, characterData: true });
        }");

        var today = Oversight.Grains.Abstractions.Common.ThaiClock.Today(TimeProvider.System);
        var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var asOf = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var provinces = MonitoringBench.ProvinceCodes();
        var months = MonitoringBench.MonthsBack(Math.Max(1, (perBatch + provinces.Count * MonitoringBench.ProvinceMetrics.Length - 1) / (provinces.Count * MonitoringBench.ProvinceMetrics.Length)));
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromHours(1) };
        using var client = new HttpClient(handler) { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        var latencies = new List<double>();
        var posts = new List<double>();
        var meter = new MonitoringBench.Meter(web);
        for (var i = 0; i < batches; i++)
        {
            var value = 20_000 + i;
            var body = Body(value, i, perBatch, month, asOf, provinces, months);
            var sent = Stopwatch.StartNew();
            await MonitoringBench.PostMetricsAsync(client, key, body);
            var acknowledged = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            posts.Add(sent.Elapsed.TotalMilliseconds);
            await page.WaitForFunctionAsync($"() => window.__seen[{value}] !== undefined", null, new() { Timeout = 30_000, PollingInterval = 5 });
            var shown = await page.EvaluateAsync<long>($"() => window.__seen[{value}]");
            latencies.Add(Math.Max(0, shown - acknowledged));
            await Task.Delay(intervalMs);
        }
        var (cpu, percent, self, others, rss, peak) = meter.Stop();
        var sorted = latencies.Order().ToArray();
        var postSorted = posts.Order().ToArray();
        Console.WriteLine();
        Console.WriteLine("| batches × observations | POST p50 / p99 | ack → tile p50 | p95 | p99 | max | server CPU | others' CPU | server RSS (peak) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| {batches} × {perBatch:N0} | {Stats.Percentile(postSorted, 50):F0} / {Stats.Percentile(postSorted, 99):F0} ms | {Stats.Percentile(sorted, 50):F0} ms | {Stats.Percentile(sorted, 95):F0} ms | {Stats.Percentile(sorted, 99):F0} ms | {sorted[^1]:F0} ms | {percent:F0} % of a core | {others:F0} % | {rss:F0} MB ({peak:F0} MB) |");
        Console.WriteLine($"<!-- load average after {MonitoringBench.LoadAverage()} -->");
    }

    /// <summary>A batch: Bangkok's active users this month set to <paramref name="value"/>, and the other provinces' figures (and earlier months) to fill it to its size.</summary>
    private static byte[] Body(int value, int round, int perBatch, string month, string asOf, IReadOnlyList<string> provinces, string[] months)
    {
        var text = new StringBuilder("{\"observations\":[");
        var n = 0;
        void Add(string metric, string province, string period, int v)
        {
            if (n++ > 0)
            {
                text.Append(',');
            }
            text.Append(CultureInfo.InvariantCulture, $"{{\"source\":\"bench-board\",\"metric\":\"{metric}\",\"subject\":\"province:{province}\",\"period\":\"{period}\",\"value\":{v},\"asOf\":\"{asOf}\"}}");
        }
        Add("lbda.active-users", "10", month, value);
        foreach (var period in months)
        {
            foreach (var metric in MonitoringBench.ProvinceMetrics)
            {
                foreach (var province in provinces)
                {
                    if (n >= perBatch)
                    {
                        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
                    }
                    if (!(province == "10" && metric == "lbda.active-users" && period == month))
                    {
                        Add(metric, province, period, 100 + (round * 7 + n) % 900);
                    }
                }
            }
        }
        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
    }
}
