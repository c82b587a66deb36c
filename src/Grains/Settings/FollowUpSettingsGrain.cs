using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Settings;

namespace Oversight.Grains.Settings;

public sealed class FollowUpSettingsState
{
    public FollowUpSettings? Settings { get; set; }
}

/// <summary>The follow-up deadlines in force: from configuration until an administrator changes them.</summary>
public sealed class FollowUpSettingsGrain(
    [PersistentState("settings", "Default")] IPersistentState<FollowUpSettingsState> state,
    IOptions<FollowUpOptions> defaults,
    TimeProvider time) : Grain, IFollowUpSettingsGrain
{
    public Task<FollowUpSettings> GetAsync() => Task.FromResult(state.State.Settings
        ?? new FollowUpSettings(defaults.Value.DefaultPeriodDays, defaults.Value.StartWithinDays, defaults.Value.ReportEveryDays));

    public async Task<CommandResult> UpdateAsync(Actor actor, FollowUpSettings settings)
    {
        if (actor.Role != UserRole.Admin)
        {
            return CommandResult.Failure(CommandError.Forbidden("Only an administrator changes the follow-up deadlines."));
        }
        if (settings.DefaultPeriodDays is < 1 or > 3650 || settings.StartWithinDays is < 1 or > 3650 || settings.ReportEveryDays is < 1 or > 3650)
        {
            return CommandResult.Failure(CommandError.Invalid("invalid-days", "Each period is a whole number of days from 1 to 3650."));
        }
        if (settings.StartWithinDays > settings.DefaultPeriodDays)
        {
            return CommandResult.Failure(CommandError.Invalid("inconsistent-days", "Follow-up must start before it is due to finish.", "startWithinDays"));
        }
        state.State.Settings = settings with { UpdatedAt = time.GetUtcNow(), UpdatedBy = actor.Username };
        await state.WriteStateAsync();
        return CommandResult.Success(0);
    }
}
