using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Settings;
using Oversight.Grains.Settings;

namespace Oversight.Api.Tests;

/// <summary>
/// While silos join or leave, a grain can briefly be active on two silos. The one whose write loses (the stored row's
/// ETag moved under it) gets InconsistentStateException, and the runtime deactivates it. That is the cluster settling,
/// not a fault: the API answers 503 with Retry-After and changes nothing, and the next try reaches the stored state and
/// succeeds. (The CI once lost a silo at start-up to this: two silos seeding a fresh database at once.)
/// </summary>
public sealed class SecondActivationTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    [Fact]
    public async Task A_write_that_loses_to_another_activation_answers_503_then_succeeds_on_the_next_try()
    {
        var admin = await factory.ClientForAsync("admin");
        var before = await admin.GetJsonAsync("/api/v1/settings/follow-up"); // activates the grain, which reads its row
        var days = before["defaultPeriodDays"]!.GetValue<int>();
        var changed = new { defaultPeriodDays = days + 1, startWithinDays = before["startWithinDays"]!.GetValue<int>(), reportEveryDays = before["reportEveryDays"]!.GetValue<int>() };

        // Another activation of the same grain writes its row: the ETag the active one holds is now stale.
        var storage = factory.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var grainId = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IFollowUpSettingsGrain>(GrainKeys.Settings).GetGrainId();
        var other = new GrainState<FollowUpSettingsState>();
        await storage.ReadStateAsync("settings", grainId, other);
        other.State ??= new FollowUpSettingsState();
        other.State.Settings = new FollowUpSettings(days, changed.startWithinDays, changed.reportEveryDays) { UpdatedBy = "other-activation" };
        await storage.WriteStateAsync("settings", grainId, other);

        var lost = await admin.PutJsonAsync("/api/v1/admin/settings/follow-up", changed);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
        Assert.Equal("cluster-unavailable", (await lost.JsonAsync())["code"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(2), lost.Headers.RetryAfter?.Delta);
        var stored = new GrainState<FollowUpSettingsState>();
        await storage.ReadStateAsync("settings", grainId, stored);
        Assert.Equal(("other-activation", days), (stored.State?.Settings?.UpdatedBy, stored.State?.Settings?.DefaultPeriodDays)); // nothing changed

        var retried = await admin.PutJsonAsync("/api/v1/admin/settings/follow-up", changed);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(days + 1, (await admin.GetJsonAsync("/api/v1/settings/follow-up"))["defaultPeriodDays"]!.GetValue<int>());
    }
}
