using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Units;
using Oversight.Grains.Domain.Monitoring;
using Oversight.Grains.Live;
using Oversight.Storage.Events;

namespace Oversight.Grains.Monitoring;

public sealed class ProvincialOfficeGrain(IEventStore events, IChangePublisher changes, TimeProvider time, ILogger<ProvincialOfficeGrain> logger)
    : EntityGrain<OfficeAggregate, OfficeState>(events, changes, time, logger), IProvincialOfficeGrain
{
    protected override OfficeAggregate Create(string id) => new(id);

    // The monitoring board announces this entity's view, with its figures, once it has taken the change in.
    protected override object? LivePayload() => null;

    public async Task<CommandResult> RegisterAsync(Actor actor, LocalizedText name, string region, string unit)
    {
        await EnsureReadableAsync();
        return await CommitAsync(Aggregate.DecideRegister(actor, name, region, unit));
    }

    public async Task<OfficeInfo?> GetAsync()
    {
        await EnsureReadableAsync();
        return Aggregate.Exists ? Aggregate.Info() : null;
    }

    public async Task<CommandResult> MarkVisitedAsync(Actor actor, bool visited, string source)
    {
        await EnsureReadableAsync();
        return await CommitAsync(Aggregate.DecideVisit(actor, visited, source));
    }
}

public sealed class EServiceGrain(IEventStore events, IChangePublisher changes, TimeProvider time, ILogger<EServiceGrain> logger)
    : EntityGrain<EServiceAggregate, EServiceState>(events, changes, time, logger), IEServiceGrain
{
    protected override EServiceAggregate Create(string id) => new(id);

    // The monitoring board announces this entity's view, with its figures, once it has taken the change in.
    protected override object? LivePayload() => null;

    public async Task<CommandResult> RegisterAsync(Actor actor, LocalizedText name, EServiceAudience audience, string unit, string source, bool synthetic)
    {
        await EnsureReadableAsync();
        var units = await GrainFactory.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).ListAsync();
        return await CommitAsync(Aggregate.DecideRegister(actor, name, audience, unit, source, synthetic, code => units.Any(u => u.Code == code)));
    }

    public async Task<EServiceInfo?> GetAsync()
    {
        await EnsureReadableAsync();
        return Aggregate.Exists ? Aggregate.Info() : null;
    }
}

public sealed class AgencyGrain(IEventStore events, IChangePublisher changes, TimeProvider time, ILogger<AgencyGrain> logger)
    : EntityGrain<AgencyAggregate, AgencyState>(events, changes, time, logger), IAgencyGrain
{
    protected override AgencyAggregate Create(string id) => new(id);

    // The monitoring board announces this entity's view, with its figures, once it has taken the change in.
    protected override object? LivePayload() => null;

    public async Task<CommandResult> RegisterAsync(Actor actor, LocalizedText name, LinkageMode? mode, LinkageStatus? status, string source, bool synthetic)
    {
        await EnsureReadableAsync();
        return await CommitAsync(Aggregate.DecideRegister(actor, name, mode, status, source, synthetic));
    }

    public async Task<AgencyInfo?> GetAsync()
    {
        await EnsureReadableAsync();
        return Aggregate.Exists ? Aggregate.Info() : null;
    }

    public async Task<CommandResult> ChangeLinkageAsync(Actor actor, LinkageMode? mode, LinkageStatus? status, long? expectedVersion)
    {
        await EnsureReadableAsync();
        return await CommitAsync(Aggregate.DecideLinkage(actor, mode, status, expectedVersion));
    }

    public async Task<CommandResult> AddDatasetAsync(Actor actor, NewDataset dataset)
    {
        await EnsureReadableAsync();
        return await CommitAsync(Aggregate.DecideDataset(actor, dataset));
    }

    public async Task<CommandResult> ScoreDatasetAsync(Actor actor, string datasetId, IReadOnlyDictionary<string, int> scores, DateOnly scoredOn, long? expectedVersion)
    {
        await EnsureReadableAsync();
        return await CommitAsync(Aggregate.DecideScore(actor, datasetId, scores, scoredOn, expectedVersion, Today));
    }
}

public sealed class IndicatorGrain(IEventStore events, IChangePublisher changes, TimeProvider time, ILogger<IndicatorGrain> logger)
    : EntityGrain<IndicatorAggregate, IndicatorState>(events, changes, time, logger), IIndicatorGrain
{
    protected override IndicatorAggregate Create(string id) => new(id);

    // The monitoring board announces this entity's view, with its figures, once it has taken the change in.
    protected override object? LivePayload() => null;

    public async Task<CommandResult> RegisterAsync(Actor actor, LocalizedText name, LocalizedText unit, IReadOnlyList<string> recommendations, Figure? baseline)
    {
        await EnsureReadableAsync();
        var owners = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var id in recommendations)
        {
            if (await GrainFactory.Recommendation(id).GetSummaryAsync() is { } summary)
            {
                owners.UnionWith(summary.Units);
            }
        }
        return await CommitAsync(Aggregate.DecideRegister(actor, name, unit, recommendations, baseline, [.. owners]));
    }

    public async Task<IndicatorInfo?> GetAsync()
    {
        await EnsureReadableAsync();
        return Aggregate.Exists ? Aggregate.Info() : null;
    }

    public async Task<CommandResult> SetTargetAsync(Actor actor, double? baseline, string? baselinePeriod, double target, DateOnly targetDate, long? expectedVersion)
    {
        await EnsureReadableAsync();
        return await CommitAsync(Aggregate.DecideTarget(actor, baseline, baselinePeriod, target, targetDate, expectedVersion, Today));
    }
}
