using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Settings;

/// <summary>The default follow-up deadlines in force (administrators change them; new reports use them).</summary>
[GenerateSerializer, Immutable, Alias("oversight.FollowUpSettings")]
public sealed record FollowUpSettings(
    [property: Id(0)] int DefaultPeriodDays,
    [property: Id(1)] int StartWithinDays,
    [property: Id(2)] int ReportEveryDays,
    [property: Id(3)] DateTimeOffset? UpdatedAt = null,
    [property: Id(4)] string? UpdatedBy = null);

/// <summary>Singleton key "settings".</summary>
[Alias("oversight.IFollowUpSettingsGrain")]
public interface IFollowUpSettingsGrain : IGrainWithStringKey
{
    [Alias("Get"), AlwaysInterleave] Task<FollowUpSettings> GetAsync();
    [Alias("Update")] Task<CommandResult> UpdateAsync(Actor actor, FollowUpSettings settings);
}
