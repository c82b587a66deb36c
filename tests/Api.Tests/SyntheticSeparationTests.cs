using System.Net;
using System.Text.Json.Nodes;
using Oversight.Grains.Abstractions.Reports;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Oversight.Api.Tests;

/// <summary>The real host with demo activity on (a labelled synthetic copy of the report, changing every 200 ms).</summary>
public sealed class DemoActivityFactory : WebApplicationFactory<Oversight.Web.WebEntryPoint>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "oversight-demo-" + Guid.NewGuid().ToString("N")[..10]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Hosting:DataDirectory", DataDirectory);
        builder.UseSetting("Hosting:SiloPort", "0");
        builder.UseSetting("Hosting:GatewayPort", "0");
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:Activity", "true");
        builder.UseSetting("Demo:ActivityInterval", "00:00:00.200");
        // Two generated reports beside the demo copy: the synthetic data set spans several synthetic reports.
        builder.UseSetting("Seed:SyntheticReports", "2");
    }

    public async Task<HttpClient> ClientForAsync(string username)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await client.PostJsonAsync("/api/v1/auth/token", new { username, password = "demo-2569" });
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await token.JsonAsync())["accessToken"]!.GetValue<string>());
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Synthetic data stays out of real figures: with demo activity running, every default view, total, queue, feed and
/// export shows the real report only; the synthetic copy appears only when chosen, and then says so.
/// </summary>
public sealed class SyntheticSeparationTests(DemoActivityFactory factory) : IClassFixture<DemoActivityFactory>
{
    private const string Demo = "demo-mol-digital-2565";

    /// <summary>Polls until <paramref name="condition"/> holds (at most 60 s), failing with <paramref name="what"/>.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(200);
        }
    }

    private static Task WaitForDemoActivityAsync(HttpClient client) => WaitUntilAsync(
        async () => (await client.GetJsonAsync($"/api/v1/activity?reportId={Demo}&limit=5")).AsArray().Count >= 3, "demo activity never started");

    [Fact]
    public async Task Default_views_show_the_real_report_only_and_the_synthetic_copy_only_when_chosen()
    {
        var executive = await factory.ClientForAsync("executive");
        await WaitForDemoActivityAsync(executive);

        var board = await executive.GetJsonAsync("/api/v1/board");
        Assert.Equal(15, board["totals"]!["total"]!.GetValue<int>());
        Assert.False(board["synthetic"]!.GetValue<bool>());
        Assert.All(board["dueSoon"]!["items"]!.AsArray(), i => Assert.StartsWith(Http.Report + ".", i!["id"]!.GetValue<string>()));

        var chosen = await executive.GetJsonAsync($"/api/v1/board?reportId={Demo}");
        Assert.True(chosen["synthetic"]!.GetValue<bool>());
        Assert.Equal(15, chosen["totals"]!["total"]!.GetValue<int>());

        var list = await executive.GetJsonAsync("/api/v1/recommendations?limit=500");
        Assert.Equal(15, list["total"]!.GetValue<int>());
        Assert.All(list["items"]!.AsArray(), i => Assert.Equal(Http.Report, i!["reportId"]!.GetValue<string>()));
        Assert.Equal(15, (await executive.GetJsonAsync($"/api/v1/recommendations?reportId={Demo}&limit=500"))["total"]!.GetValue<int>());

        var feed = await executive.GetJsonAsync("/api/v1/activity?limit=50");
        Assert.All(feed.AsArray(), e => Assert.False(e!["synthetic"]!.GetValue<bool>()));
        var demoFeed = await executive.GetJsonAsync($"/api/v1/activity?reportId={Demo}&limit=10");
        Assert.NotEmpty(demoFeed.AsArray());
        Assert.All(demoFeed.AsArray(), e => Assert.True(e!["synthetic"]!.GetValue<bool>()));

        var ict = await factory.ClientForAsync("ict");
        var unitList = await ict.GetJsonAsync("/api/v1/recommendations?limit=500");
        Assert.All(unitList["items"]!.AsArray(), i => Assert.Equal(Http.Report, i!["reportId"]!.GetValue<string>()));
        var unitPage = await (await ict.GetAsync("/unit")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(Demo, unitPage);
        var unitBoard = await ict.GetJsonAsync("/api/v1/board");
        Assert.Equal(11, unitBoard["totals"]!["total"]!.GetValue<int>());
    }

    /// <summary>The demo copy (15) and two generated reports (5 each): the whole synthetic data set.</summary>
    private const int SyntheticTotal = 25;

    private static Task WaitForSyntheticSeedAsync(HttpClient client) => WaitUntilAsync(
        async () => (await client.GetJsonAsync("/api/v1/recommendations?dataset=synthetic&limit=1"))["total"]!.GetValue<int>() >= SyntheticTotal,
        "the synthetic reports were never seeded");

    [Fact]
    public async Task The_synthetic_data_set_covers_every_synthetic_report_only_and_says_so()
    {
        var executive = await factory.ClientForAsync("executive");
        await WaitForSyntheticSeedAsync(executive);

        var board = await executive.GetJsonAsync("/api/v1/board?dataset=synthetic");
        Assert.True(board["synthetic"]!.GetValue<bool>());
        Assert.Equal(SyntheticTotal, board["totals"]!["total"]!.GetValue<int>());
        Assert.All(board["dueSoon"]!["items"]!.AsArray(), i => Assert.True(SyntheticReports.IsSynthetic(i!["id"]!.GetValue<string>())));

        var list = await executive.GetJsonAsync("/api/v1/recommendations?dataset=synthetic&limit=500");
        Assert.True(list["synthetic"]!.GetValue<bool>());
        Assert.Equal(SyntheticTotal, list["total"]!.GetValue<int>());
        var reports = list["items"]!.AsArray().Select(i => i!["reportId"]!.GetValue<string>()).Distinct().Order().ToArray();
        Assert.Equal([Demo, "synthetic-00001", "synthetic-00002"], reports);

        // The default stays the real report only, and says it is not synthetic; naming it explicitly is the same.
        foreach (var real in new[] { "", "dataset=real&" })
        {
            var defaultList = await executive.GetJsonAsync($"/api/v1/recommendations?{real}limit=500");
            Assert.False(defaultList["synthetic"]!.GetValue<bool>());
            Assert.Equal(15, defaultList["total"]!.GetValue<int>());
            Assert.All(defaultList["items"]!.AsArray(), i => Assert.Equal(Http.Report, i!["reportId"]!.GetValue<string>()));
            var defaultBoard = await executive.GetJsonAsync($"/api/v1/board?{real}unit=ICT");
            Assert.False(defaultBoard["synthetic"]!.GetValue<bool>());
            Assert.Equal(11, defaultBoard["totals"]!["total"]!.GetValue<int>());
        }

        // A filtered page in the synthetic scope: page 1 and a later page, both synthetic only.
        var filtered = "/api/v1/recommendations?dataset=synthetic&unit=ICT&status=not-started,in-progress&overdue=false&limit=2";
        var first = await executive.GetJsonAsync(filtered);
        var second = await executive.GetJsonAsync(filtered + "&offset=2");
        Assert.Equal(first["total"]!.GetValue<int>(), second["total"]!.GetValue<int>());
        Assert.All(first["items"]!.AsArray().Concat(second["items"]!.AsArray()), i =>
        {
            Assert.True(SyntheticReports.IsSynthetic(i!["reportId"]!.GetValue<string>()));
            Assert.Contains("ICT", i["units"]!.AsArray().Select(u => u!.GetValue<string>()));
        });
        Assert.True(second["synthetic"]!.GetValue<bool>());

        var trend = await executive.GetJsonAsync("/api/v1/board/trend?dataset=synthetic&weeks=2");
        Assert.True(trend["synthetic"]!.GetValue<bool>());
        Assert.False((await executive.GetJsonAsync("/api/v1/board/trend?weeks=2"))["synthetic"]!.GetValue<bool>());
        await WaitForDemoActivityAsync(executive);
        var feed = await executive.GetJsonAsync("/api/v1/activity?dataset=synthetic&limit=20");
        Assert.NotEmpty(feed.AsArray());
        Assert.All(feed.AsArray(), e => Assert.True(e!["synthetic"]!.GetValue<bool>()));

        // The board page in the synthetic scope carries its visible mark.
        var page = await (await executive.GetAsync("/board?dataset=synthetic")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"board-synthetic\"", page);
        Assert.DoesNotContain("data-testid=\"board-synthetic\"", await (await executive.GetAsync("/board")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_unit_officer_sees_only_their_unit_in_the_synthetic_data_set()
    {
        var executive = await factory.ClientForAsync("executive");
        await WaitForSyntheticSeedAsync(executive);
        var ictTotal = (await executive.GetJsonAsync("/api/v1/recommendations?dataset=synthetic&unit=ICT&limit=1"))["total"]!.GetValue<int>();
        Assert.InRange(ictTotal, 1, SyntheticTotal - 1);

        var ict = await factory.ClientForAsync("ict");
        var list = await ict.GetJsonAsync("/api/v1/recommendations?dataset=synthetic&limit=500");
        Assert.True(list["synthetic"]!.GetValue<bool>());
        Assert.Equal(ictTotal, list["total"]!.GetValue<int>());
        Assert.All(list["items"]!.AsArray(), i =>
        {
            Assert.True(SyntheticReports.IsSynthetic(i!["reportId"]!.GetValue<string>()));
            Assert.Contains("ICT", i["units"]!.AsArray().Select(u => u!.GetValue<string>()));
        });

        var board = await ict.GetJsonAsync("/api/v1/board?dataset=synthetic");
        Assert.True(board["synthetic"]!.GetValue<bool>());
        Assert.Equal("ICT", board["unit"]!.GetValue<string>());
        Assert.Equal(ictTotal, board["totals"]!["total"]!.GetValue<int>());
        Assert.All(board["byUnit"]!.AsArray(), g => Assert.Equal("ICT", g!["key"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.Forbidden, (await ict.GetAsync("/api/v1/recommendations?dataset=synthetic&unit=SPD")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ict.GetAsync("/api/v1/board?dataset=synthetic&unit=SPD")).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/board?dataset=bogus", "unknown-dataset")]
    [InlineData("/api/v1/board?dataset=all", "unknown-dataset")]
    [InlineData("/api/v1/board?dataset=Synthetic", "unknown-dataset")]
    [InlineData("/api/v1/recommendations?dataset=bogus", "unknown-dataset")]
    [InlineData("/api/v1/board/trend?dataset=bogus", "unknown-dataset")]
    [InlineData("/api/v1/activity?dataset=bogus", "unknown-dataset")]
    [InlineData("/api/v1/board?dataset=synthetic&reportId=" + Http.Report, "dataset-mismatch")]
    [InlineData("/api/v1/recommendations?dataset=real&reportId=" + Demo, "dataset-mismatch")]
    public async Task An_unknown_or_contradictory_data_set_is_a_400_problem(string url, string code)
    {
        var executive = await factory.ClientForAsync("executive");
        var response = await executive.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(code, problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_auditors_queue_never_offers_a_synthetic_item_for_verification()
    {
        var ict = await factory.ClientForAsync("ict");
        await WaitForDemoActivityAsync(ict);
        // A synthetic item reported as implemented: it must not reach the auditor's queue.
        var id = $"{Demo}.F1-R6";
        for (var attempt = 0; ; attempt++)
        {
            var detail = await ict.GetJsonAsync($"/api/v1/recommendations/{id}");
            var status = detail["status"]!.GetValue<string>();
            if (status == "implemented-pending-verification")
            {
                break;
            }
            var body = status == "not-started"
                ? (object)new { status = "in-progress", progress = 10, note = "x", expectedVersion = detail["version"]!.GetValue<long>() }
                : new { status = "implemented-pending-verification", note = "x", expectedVersion = detail["version"]!.GetValue<long>() };
            var response = await ict.PostJsonAsync($"/api/v1/recommendations/{id}/progress", body);
            Assert.True(attempt < 20, $"could not move {id}: {(int)response.StatusCode}");
        }
        var auditor = await factory.ClientForAsync("auditor");
        var queue = await auditor.GetJsonAsync("/api/v1/auditor/queue");
        foreach (var list in new[] { "awaitingVerification", "pendingExtensions", "recentlyReopened" })
        {
            Assert.All(queue[list]!.AsArray(), i => Assert.Equal(Http.Report, i!["reportId"]!.GetValue<string>()));
        }
        var page = await (await auditor.GetAsync("/auditor")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(id, page);
    }
}
