using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Oversight.TestSupport;

namespace Oversight.Api.Tests;

/// <summary>
/// A first start with a few thousand synthetic recommendations (ADR 8): the host is ready and serves while the seed and
/// the overdue catch-up work page by page; a kill -9 in the middle of the seed is resumed from the persisted cursor at
/// the next start; both jobs finish with the right counts.
/// </summary>
public sealed class StartupJobsTests : IDisposable
{
    private const int Reports = 400, PerReport = 5, SeedPage = 5;
    private readonly string _data = WebProcess.NewDataDirectory("startup-jobs");
    private readonly Dictionary<string, string> _settings = new()
    {
        ["Seed__SyntheticReports"] = Reports.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Jobs__SeedReportsPerPage"] = SeedPage.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Jobs__PageInterval"] = "00:00:00.100", // 80 pages: at least 8 s of seeding, so the kill lands in the middle
    };

    private static async Task<JsonObject> JobAsync(WebProcess web, string name) =>
        (await web.Http.GetFromJsonAsync<JsonObject>($"/api/v1/operations/jobs/{name}"))!;

    [Fact]
    public async Task Ready_and_serving_while_the_jobs_run_a_kill_mid_seed_resumes_and_the_counts_come_out_right()
    {
        long doneBeforeKill;
        var (first, _) = await WebProcess.StartAsync(_data, _settings);
        await using (first)
        {
            // Ready while the seed has most of its pages ahead of it: start-up did not wait for it.
            var ready = await first.ReadyAsync();
            Assert.Equal("ready", ready["status"]!.GetValue<string>());
            Assert.True(ready["jobsInProgress"]!.GetValue<bool>(), ready.ToJsonString());
            first.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await first.TokenAsync("admin"));
            var seed = await JobAsync(first, "synthetic-seed");
            Assert.Equal("running", seed["state"]!.GetValue<string>());

            // Requests are answered meanwhile: the board, a filtered list, a write.
            Assert.Equal(HttpStatusCode.OK, (await first.Http.GetAsync("/api/v1/board")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await first.Http.GetAsync("/api/v1/recommendations?status=not-started&limit=20")).StatusCode);
            using (var ict = new HttpClient { BaseAddress = first.BaseAddress })
            {
                ict.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await first.TokenAsync("ict"));
                var version = (await ict.GetFromJsonAsync<JsonObject>($"/api/v1/recommendations/{Http.Rec("F1-R2")}"))!["version"]!.GetValue<long>();
                var write = await ict.PostAsJsonAsync($"/api/v1/recommendations/{Http.Rec("F1-R2")}/progress",
                    new { status = "in-progress", progress = 5, note = "ระหว่างนำเข้าข้อมูล", expectedVersion = version });
                Assert.Equal(HttpStatusCode.OK, write.StatusCode);
            }

            // Kill it hard in the middle of the seed, as soon as a page is persisted (the requests above may have taken
            // a while on a loaded machine; the seed must still be running when it is killed, or nothing is resumed).
            while ((seed = await JobAsync(first, "synthetic-seed"))["done"]!.GetValue<long>() < SeedPage)
            {
                await Task.Delay(20);
            }
            Assert.Equal("running", seed["state"]!.GetValue<string>());
            Assert.True(seed["done"]!.GetValue<long>() < Reports);
            Assert.True(seed["largestPage"]!.GetValue<int>() <= SeedPage);
            doneBeforeKill = seed["done"]!.GetValue<long>();
            first.KillHard();
        }

        var (second, _) = await WebProcess.StartAsync(_data, _settings);
        await using (second)
        {
            second.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await second.TokenAsync("auditor"));
            var resumed = await JobAsync(second, "synthetic-seed");
            Assert.Equal(1, resumed["resumes"]!.GetValue<int>());
            Assert.True(resumed["done"]!.GetValue<long>() >= doneBeforeKill, $"the seed restarted below where it was killed: {resumed.ToJsonString()}");

            await second.WaitForJobsAsync();
            var seed = await JobAsync(second, "synthetic-seed");
            Assert.Equal(("done", (long)Reports, (long)Reports * PerReport), (seed["state"]!.GetValue<string>(), seed["done"]!.GetValue<long>(),
                seed["counters"]!["recommendations"]!.GetValue<long>()));
            Assert.True(seed["largestPage"]!.GetValue<int>() <= SeedPage);
            Assert.True(seed["pages"]!.GetValue<int>() >= (Reports - doneBeforeKill) / SeedPage);

            // The overdue catch-up ran after the seed and checked every open recommendation once (one was put in
            // progress above, which is open too); each page stayed within its bound.
            var overdue = await JobAsync(second, "overdue");
            Assert.Equal("done", overdue["state"]!.GetValue<string>());
            Assert.Equal(Reports * PerReport + 15L, overdue["done"]!.GetValue<long>());
            Assert.True(overdue["largestPage"]!.GetValue<int>() <= overdue["pageSize"]!.GetValue<int>());
            var reports = (await second.Http.GetFromJsonAsync<JsonNode>("/api/v1/reports"))!;
            Assert.NotNull(reports);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
