using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Units;
using Oversight.Grains.Domain.Monitoring;
using Oversight.Grains.Live;
using Oversight.Storage.Events;

namespace Oversight.Grains.Monitoring;

public sealed class ContractGrain(IEventStore events, IChangePublisher changes, TimeProvider time, ILogger<ContractGrain> logger)
    : EntityGrain<ContractAggregate, ContractState>(events, changes, time, logger), IContractGrain
{
    protected override ContractAggregate Create(string id) => new(id);

    protected override object LivePayload() => ContractViews.ToView(Aggregate.State!, Aggregate.Version, Aggregate.UpdatedAt, Today);

    protected override async Task<IEnumerable<LiveEnvelope>> LiveEnvelopesAsync(object payload, IReadOnlyList<string> groups)
    {
        var units = await GrainFactory.GetGrain<IMonitoringBoardGrain>(0).GetRecommendationUnitsAsync();
        return MonitoringScope.PerGroup(LiveKind.Name, Key, Aggregate.Version, groups, (ContractView)payload, (view, scope) => view.For(scope, units));
    }

    public async Task<CommandResult> RegisterAsync(Actor actor, RegisterContract command)
    {
        await EnsureReadableAsync();
        var units = await GrainFactory.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).ListAsync();
        return await CommitThenCheckAsync(Aggregate.DecideRegister(actor, command, code => units.Any(u => u.Code == code)));
    }

    public async Task<ContractView?> GetAsync()
    {
        await EnsureReadableAsync();
        return Aggregate.Exists ? ContractViews.ToView(Aggregate.State!, Aggregate.Version, Aggregate.UpdatedAt, Today) : null;
    }

    public async Task<CommandResult> DeliverMilestoneAsync(Actor actor, string milestoneId, DateOnly deliveredOn, string? note, long? expectedVersion)
    {
        await EnsureReadableAsync();
        return await CommitThenCheckAsync(Aggregate.DecideDeliver(actor, milestoneId, deliveredOn, note, expectedVersion, Today));
    }

    public async Task<CommandResult> ApproveExtensionAsync(Actor actor, string milestoneId, DateOnly newDate, string grounds, string approvedBy, long? expectedVersion)
    {
        await EnsureReadableAsync();
        return await CommitThenCheckAsync(Aggregate.DecideExtend(actor, milestoneId, newDate, grounds, approvedBy, expectedVersion));
    }

    public async Task<CommandResult> RaiseBlockerAsync(Actor actor, LocalizedText reason, DateOnly since, string owner, long? expectedVersion)
    {
        await EnsureReadableAsync();
        return await CommitThenCheckAsync(Aggregate.DecideRaiseBlocker(actor, reason, since, owner, expectedVersion, Today));
    }

    public async Task<CommandResult> ClearBlockerAsync(Actor actor, string blockerId, DateOnly clearedOn, string note, long? expectedVersion)
    {
        await EnsureReadableAsync();
        return await CommitThenCheckAsync(Aggregate.DecideClearBlocker(actor, blockerId, clearedOn, note, expectedVersion, Today));
    }

    public async Task<CommandResult> SetSyntheticValuesAsync(Actor actor, SyntheticContractValues values)
    {
        await EnsureReadableAsync();
        return await CommitThenCheckAsync(Aggregate.DecideSyntheticValues(actor, values));
    }

    /// <summary>
    /// Commits a change, then flags the contract for termination review at once if its fines now pass 10 % of its value
    /// (a contract registered or imported already past the line does not wait for the daily check).
    /// </summary>
    private async Task<CommandResult> CommitThenCheckAsync(EntityDecision decision)
    {
        var result = await CommitAsync(decision);
        if (result.Ok && Aggregate.DecideTerminationReview(Today) is { Event: not null } flag)
        {
            var flagged = await CommitAsync(flag);
            return flagged.Ok ? result with { Version = flagged.Version } : result;
        }
        return result;
    }

    public async Task<bool> CheckFinesAsync(DateOnly today)
    {
        await EnsureReadableAsync();
        var decision = Aggregate.DecideTerminationReview(today);
        return decision.Event is not null && (await CommitAsync(decision)).Ok;
    }
}
