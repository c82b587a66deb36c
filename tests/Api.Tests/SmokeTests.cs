using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Api.Tests;

public sealed class SmokeTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    [Fact]
    public async Task Ready_after_the_seed_and_data_kept_in_the_configured_directory()
    {
        var client = await factory.ClientForAsync(null);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(File.Exists(factory.DatabasePath));
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "jwt-signing.key")));
    }

    [Fact]
    public async Task Todays_overdue_run_is_caught_up_before_the_host_serves_so_no_run_lands_under_a_user_later()
    {
        // The seeded SAO items are long past their default due date: once the host answers, they are already marked.
        var auditor = await factory.ClientForAsync("auditor");
        var id = Http.Rec("F2-R3");
        var history = (await auditor.GetJsonAsync($"/api/v1/recommendations/{id}/history"))["items"]!.AsArray();
        Assert.Equal(["recommendation-registered", "marked-overdue"], history.Select(h => h!["type"]!.GetValue<string>()));
        var version = await auditor.VersionAsync(id);

        // The job's own tick finds today done: running it again marks nothing and the version stays.
        var admin = await factory.ClientForAsync("admin");
        var run = await admin.PostJsonAsync("/api/v1/admin/jobs/overdue", new { });
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal(0, (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("markedOverdue").GetInt32());
        Assert.Equal(version, await auditor.VersionAsync(id));
    }
}
