using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Aggregates;
using Oversight.Grains.Domain.Monitoring;

namespace Oversight.Grains.Monitoring;

/// <summary>
/// One monitoring entity kind, registered once: its stream and read-model kind (the aggregate's <c>Kind</c>), the live
/// message it is announced as, how the verifier and the rebuild replay it, and whether the monitoring board holds it.
/// Contracts announce their own view; offices, services, agencies and indicators are announced by the monitoring board,
/// whose views carry their figures (an observation changes them as much as a command does).
/// Its scoping rule is its aggregate's <c>Units</c>, read by <see cref="Abstractions.Common.ReadScope"/>.
/// </summary>
public sealed record EntityRegistration(string Kind, LiveKind Live, IAggregateKind Replay, bool OnBoard);

/// <summary>
/// Every monitoring entity kind: the one place a kind is added (see docs/adding-a-feature.md). The silo's aggregate
/// catalog, the grains' live messages and the monitoring board all read this list.
/// </summary>
public static class MonitoringEntities
{
    public static readonly EntityRegistration Contract = Register<ContractAggregate, ContractState>(id => new(id), LiveKinds.Contract);
    public static readonly EntityRegistration Office = Register<OfficeAggregate, OfficeState>(id => new(id), LiveKinds.Office);
    public static readonly EntityRegistration EService = Register<EServiceAggregate, EServiceState>(id => new(id), LiveKinds.EService);
    public static readonly EntityRegistration Agency = Register<AgencyAggregate, AgencyState>(id => new(id), LiveKinds.Agency);
    public static readonly EntityRegistration Indicator = Register<IndicatorAggregate, IndicatorState>(id => new(id), LiveKinds.Indicator);

    /// <summary>API keys: hash-chained like the rest, announced only to the hosts (never to clients), not on the board.</summary>
    public static readonly EntityRegistration ApiKeys = Register<ApiKeyAggregate, ApiKeyDirectoryState>(id => new(id), LiveKinds.Access, onBoard: false);

    public static IReadOnlyList<EntityRegistration> All { get; } = [Contract, Office, EService, Agency, Indicator, ApiKeys];

    public static EntityRegistration For(string kind) =>
        All.FirstOrDefault(r => r.Kind == kind) ?? throw new InvalidOperationException($"Monitoring kind '{kind}' is not registered in MonitoringEntities.");

    private static EntityRegistration Register<TAggregate, TState>(Func<string, TAggregate> create, LiveKind live, bool onBoard = true)
        where TAggregate : EntityAggregate<TState>
        where TState : class
    {
        var kind = create("_").Kind;
        return new EntityRegistration(kind, live, new EntityKind<TAggregate, TState>(kind, create), onBoard);
    }
}
