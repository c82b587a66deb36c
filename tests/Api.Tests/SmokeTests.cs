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
    public async Task Todays_overdue_run_catches_up_in_the_background_and_a_form_loaded_before_it_still_saves()
    {
        // The host served before the run finished (ADR 8); the jobs endpoint shows today's run done, with its counts.
        var auditor = await factory.ClientForAsync("auditor");
        var jobs = await auditor.GetJsonAsync("/api/v1/operations/jobs");
        Assert.False(jobs["inProgress"]!.GetValue<bool>());
        var overdue = jobs["items"]!.AsArray().Single(j => j!["name"]!.GetValue<string>() == "overdue")!;
        Assert.Equal(("done", ThaiClock.Today(TimeProvider.System).ToString("yyyy-MM-dd")), (overdue["state"]!.GetValue<string>(), overdue["run"]!.GetValue<string>()));
        Assert.True(overdue["done"]!.GetValue<long>() >= 15);
        Assert.True(overdue["counters"]!["markedOverdue"]!.GetValue<long>() >= 15);
        Assert.True(overdue["largestPage"]!.GetValue<int>() <= overdue["pageSize"]!.GetValue<int>());

        // The seeded SAO items are long past their default due date: the run marked them.
        var id = Http.Rec("F1-R6");
        var history = (await auditor.GetJsonAsync($"/api/v1/recommendations/{id}/history"))["items"]!.AsArray();
        Assert.Equal(["recommendation-registered", "marked-overdue"], history.Select(h => h!["type"]!.GetValue<string>()));
        Assert.Equal(2, await auditor.VersionAsync(id));

        // An officer who opened the form before the run (version 1) still saves: the mark changed nothing the form edits.
        var ict = await factory.ClientForAsync("ict");
        var save = await ict.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
            new { status = "in-progress", progress = 10, note = "เริ่มดำเนินการ", expectedVersion = 1 });
        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        Assert.Equal(3, await ict.VersionAsync(id));
        // A form older than a person's change still conflicts.
        var stale = await ict.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
            new { status = "in-progress", progress = 20, note = "ซ้ำ", expectedVersion = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        // An administrator starts the run again: it runs in the background, finds today done and marks nothing.
        var admin = await factory.ClientForAsync("admin");
        var run = await admin.PostJsonAsync("/api/v1/admin/jobs/overdue", new { });
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        Assert.Equal("/api/v1/operations/jobs/overdue", run.Headers.Location?.OriginalString);
        var startedAt = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("startedAt").GetDateTimeOffset();
        JsonElement progress;
        while (true)
        {
            progress = await (await admin.GetAsync("/api/v1/operations/jobs/overdue")).Content.ReadFromJsonAsync<JsonElement>();
            if (progress.GetProperty("state").GetString() == "done" && progress.GetProperty("startedAt").GetDateTimeOffset() == startedAt)
            {
                break;
            }
            await Task.Delay(50);
        }
        Assert.Equal(0, progress.GetProperty("counters").GetProperty("markedOverdue").GetInt32());
        Assert.Equal(3, await ict.VersionAsync(id));

        // Officers and executives do not see the jobs; an unknown job is a ProblemDetails 404.
        Assert.Equal(HttpStatusCode.Forbidden, (await ict.GetAsync("/api/v1/operations/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.ClientForAsync("executive")).GetAsync("/api/v1/operations/jobs")).StatusCode);
        var missing = await auditor.GetAsync("/api/v1/operations/jobs/nope");
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (missing.StatusCode, missing.Content.Headers.ContentType?.MediaType));
    }
}
