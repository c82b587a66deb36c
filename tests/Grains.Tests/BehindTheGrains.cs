using Microsoft.Extensions.DependencyInjection;
using Oversight.Grains.Domain.Recommendations;
using Oversight.Grains.Recommendations;
using Oversight.Storage.Events;
using Oversight.Storage.ReadModel;

namespace Oversight.Grains.Tests;

/// <summary>Another writer of a recommendation's stream: what a second activation of its grain (or another silo) does.</summary>
internal static class BehindTheGrains
{
    /// <summary>Writes a decision straight to the store, events and register row as the grain would, without the grains knowing.</summary>
    public static async Task AppendAsync(IServiceProvider silo, TimeProvider time, string id, Func<RecommendationAggregate, Decision> decide)
    {
        var store = silo.GetRequiredService<IEventStore>();
        var aggregate = RecommendationStream.Replay(id, await store.ReadStreamAsync(id));
        var decision = decide(aggregate);
        var @event = decision.Event ?? throw new InvalidOperationException(decision.Error?.Detail);
        var at = time.GetUtcNow();
        var expected = aggregate.Version;
        aggregate.Apply(expected + 1, at, @event, "", "");
        var result = await store.AppendAsync(id, expected, [new NewEvent(@event.Data.Type, at, @event.Actor.Username, RecommendationEventCodec.Serialize(@event))],
            RecommendationProjection.Project(RecommendationGrain.ToRow(aggregate.ToSummary())));
        Assert.True(result.Success);
    }
}
