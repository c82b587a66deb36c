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

    protected override LiveKind LiveKind => MonitoringLiveKinds.Contract;

    protected override object LivePayload() => ContractViews.ToView(Aggregate.State!, Aggregate.Version, Aggregate.UpdatedAt, Today);

    protected override Task AfterCommitAsync() => GrainFactory.GetGrain<IMonitoringBoardGrain>(0).EntityChangedAsync(Aggregate.Kind, Key);

    public async Task<CommandResult> RegisterAsync(Actor actor, RegisterContract command)
    {
        await EnsureReadableAsync();
        var units = await GrainFactory.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).ListAsync();
        return await CommitAsync(Aggregate.DecideRegister(actor, command, code => units.Any(u => u.Code == code)));
    }

    public async Task<ContractView?> GetAsync()
    {
        await EnsureReadableAsync();
        return Aggregate.Exists ? ContractViews.ToView(Aggregate.State!, Aggregate.Version, Aggregate.UpdatedAt, Today) : null;
    }

    public async Task<CommandResult> DeliverMilestoneAsync(Actor actor, string milestoneId, DateOnly deliveredOn, string? note, long? expectedVersion)
    {
        await EnsureReadableAsync();
        return await CommitAsync(Aggregate.DecideDeliver(actor, milestoneId, deliveredOn, note, expectedVersion, Today));
    }

    public async Task<CommandResult> ApproveExtensionAsync(Actor actor, string milestoneId, DateOnly newDate, string grounds, string approvedBy, long? expectedVersion)
    {
        await EnsureReadableAsync();
        return await CommitAsync(Aggregate.DecideExtend(actor, milestoneId, newDate, grounds, approvedBy, expectedVersion));
    }

    public async Task<CommandResult> RaiseBlockerAsync(Actor actor, LocalizedText reason, DateOnly since, string owner, long? expectedVersion)
    {
        await EnsureReadableAsync();
        return await CommitAsync(Aggregate.DecideRaiseBlocker(actor, reason, since, owner, expectedVersion, Today));
    }

    public async Task<CommandResult> ClearBlockerAsync(Actor actor, string blockerId, DateOnly clearedOn, string note, long? expectedVersion)
    {
        await EnsureReadableAsync();
        return await CommitAsync(Aggregate.DecideClearBlocker(actor, blockerId, clearedOn, note, expectedVersion, Today));
    }

    public async Task<CommandResult> SetSyntheticValuesAsync(Actor actor, SyntheticContractValues values)
    {
        await EnsureReadableAsync();
        return await CommitAsync(Aggregate.DecideSyntheticValues(actor, values));
    }

    public async Task<bool> CheckFinesAsync(DateOnly today)
    {
        await EnsureReadableAsync();
        var decision = Aggregate.DecideTerminationReview(today);
        return decision.Event is not null && (await CommitAsync(decision)).Ok;
    }
}
