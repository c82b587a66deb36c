using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Monitoring;

/// <summary>A contract's delay-fine rule: the daily rate (% of the value not yet delivered) and the daily floor (baht).</summary>
[GenerateSerializer, Immutable, Alias("oversight.FineRuleView")]
public sealed record FineRuleView([property: Id(0)] decimal DailyRatePercent, [property: Id(1)] decimal DailyFloorBaht);

public enum MilestoneState
{
    /// <summary>Not delivered, not yet due.</summary>
    Pending,
    /// <summary>Not delivered and past its current planned date.</summary>
    Late,
    Delivered,
    /// <summary>Delivered after its current planned date.</summary>
    DeliveredLate,
    /// <summary>No planned date is known (not given in the source).</summary>
    Undated,
}

[GenerateSerializer, Immutable, Alias("oversight.MilestoneView")]
public sealed record MilestoneView(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Deliverable,
    [property: Id(2)] Figure InstalmentValue,
    [property: Id(3)] DateOnly? PlannedDate,
    /// <summary>The planned date after approved extensions (null while no date is known).</summary>
    [property: Id(4)] DateOnly? CurrentPlannedDate,
    [property: Id(5)] DateOnly? DeliveredOn,
    [property: Id(6)] MilestoneState State,
    [property: Id(7)] Figure DaysLate,
    [property: Id(8)] Figure FineAccrued,
    /// <summary>Where the dates come from (the report, an import, demo values), with "not given" when so.</summary>
    [property: Id(9)] Figure Dates);

[GenerateSerializer, Immutable, Alias("oversight.ContractExtensionView")]
public sealed record ContractExtensionView(
    [property: Id(0)] string Id,
    [property: Id(1)] string MilestoneId,
    [property: Id(2)] DateOnly? OriginalDate,
    [property: Id(3)] DateOnly? PreviousDate,
    [property: Id(4)] DateOnly NewDate,
    [property: Id(5)] string Grounds,
    [property: Id(6)] string ApprovedBy,
    [property: Id(7)] DateTimeOffset RecordedAt,
    [property: Id(8)] string RecordedBy);

[GenerateSerializer, Immutable, Alias("oversight.BlockerView")]
public sealed record BlockerView(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Reason,
    [property: Id(2)] DateOnly? Since,
    [property: Id(3)] string Owner,
    [property: Id(4)] DateOnly? ClearedOn,
    [property: Id(5)] string? ClearedNote,
    [property: Id(6)] string Source)
{
    public bool Open => ClearedOn is null;
}

/// <summary>A project contract with its milestones, fines, extensions and blockers, as of a day.</summary>
[GenerateSerializer, Immutable, Alias("oversight.ContractView")]
public sealed record ContractView(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Title,
    [property: Id(2)] string Unit,
    [property: Id(3)] string? Contractor,
    [property: Id(4)] Figure Value,
    [property: Id(5)] DateOnly? SignedOn,
    [property: Id(6)] IReadOnlyList<string> LinkedRecommendations,
    [property: Id(7)] FineRuleView FineRule,
    [property: Id(8)] IReadOnlyList<MilestoneView> Milestones,
    [property: Id(9)] IReadOnlyList<ContractExtensionView> Extensions,
    [property: Id(10)] IReadOnlyList<BlockerView> Blockers,
    [property: Id(11)] Figure FinesAccrued,
    /// <summary>Fines accrued as a share of the contract value (%), against the 10 % termination-review line.</summary>
    [property: Id(12)] Figure FinesShareOfValue,
    [property: Id(13)] Figure MaxDaysLate,
    /// <summary>When the fines passed 10 % of the value and the contract was flagged for termination review (clause 183), or null.</summary>
    [property: Id(14)] DateOnly? TerminationReviewFlaggedOn,
    [property: Id(15)] string Source,
    [property: Id(16)] LocalizedText? Status,
    [property: Id(17)] long Version,
    [property: Id(18)] DateTimeOffset UpdatedAt,
    [property: Id(19)] DateOnly Today)
{
    public IReadOnlyList<string> Units => [Unit];
}

/// <summary>A milestone as registered (from the seed or an import); dates and values may be unknown.</summary>
[GenerateSerializer, Immutable, Alias("oversight.NewMilestone")]
public sealed record NewMilestone(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Deliverable,
    [property: Id(2)] decimal? InstalmentValue,
    [property: Id(3)] DateOnly? PlannedDate,
    [property: Id(4)] DateOnly? DeliveredOn = null,
    /// <summary>The source says it was delivered late but gives no dates (so days late and fines are "not given").</summary>
    [property: Id(5)] bool ReportedDeliveredLate = false);

[GenerateSerializer, Immutable, Alias("oversight.RegisterContract")]
public sealed record RegisterContract(
    [property: Id(0)] LocalizedText Title,
    [property: Id(1)] string Unit,
    [property: Id(2)] string? Contractor,
    [property: Id(3)] decimal? Value,
    [property: Id(4)] DateOnly? SignedOn,
    [property: Id(5)] IReadOnlyList<string> LinkedRecommendations,
    [property: Id(6)] FineRuleView FineRule,
    [property: Id(7)] IReadOnlyList<NewMilestone> Milestones,
    /// <summary>Where the contract's facts come from ("report:…", "import:…").</summary>
    [property: Id(8)] string Source,
    [property: Id(9)] LocalizedText? Status = null,
    [property: Id(10)] IReadOnlyList<NewBlocker>? Blockers = null,
    [property: Id(11)] bool Synthetic = false);

[GenerateSerializer, Immutable, Alias("oversight.NewBlocker")]
public sealed record NewBlocker(
    [property: Id(0)] LocalizedText Reason,
    [property: Id(1)] DateOnly? Since,
    [property: Id(2)] string Owner);

/// <summary>Labelled synthetic values for what the source does not give (demo mode only; never mixed into real totals).</summary>
[GenerateSerializer, Immutable, Alias("oversight.SyntheticContractValues")]
public sealed record SyntheticContractValues(
    [property: Id(0)] decimal Value,
    [property: Id(1)] DateOnly SignedOn,
    [property: Id(2)] IReadOnlyList<(string MilestoneId, decimal Instalment, DateOnly Planned, DateOnly? Delivered)> Milestones);

/// <summary>A project contract (key: the contract id, e.g. "fy2565-informal-labour-system"). Every change is in its hash-chained history.</summary>
[Alias("oversight.IContractGrain")]
public interface IContractGrain : IGrainWithStringKey
{
    [Alias("Register")] Task<CommandResult> RegisterAsync(Actor actor, RegisterContract command);
    [Alias("Get")] Task<ContractView?> GetAsync();
    [Alias("GetHistory")] Task<IReadOnlyList<Recommendations.HistoryEntry>> GetHistoryAsync();
    [Alias("DeliverMilestone")] Task<CommandResult> DeliverMilestoneAsync(Actor actor, string milestoneId, DateOnly deliveredOn, string? note, long? expectedVersion);
    [Alias("ApproveExtension")] Task<CommandResult> ApproveExtensionAsync(Actor actor, string milestoneId, DateOnly newDate, string grounds, string approvedBy, long? expectedVersion);
    [Alias("RaiseBlocker")] Task<CommandResult> RaiseBlockerAsync(Actor actor, LocalizedText reason, DateOnly since, string owner, long? expectedVersion);
    [Alias("ClearBlocker")] Task<CommandResult> ClearBlockerAsync(Actor actor, string blockerId, DateOnly clearedOn, string note, long? expectedVersion);
    [Alias("SetSyntheticValues")] Task<CommandResult> SetSyntheticValuesAsync(Actor actor, SyntheticContractValues values);

    /// <summary>The daily check: flags the contract for termination review once its fines pass 10 % of its value.</summary>
    [Alias("CheckFines")] Task<bool> CheckFinesAsync(DateOnly today);
}
