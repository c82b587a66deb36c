using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;

namespace Oversight.Grains.Live;

/// <summary>
/// Hands durable changes to the live feed. Implementations queue and return at once: a grain never waits for the
/// fan-out (the silo flushes batches to each Web host's observer; the host sends them to SignalR groups).
/// </summary>
public interface IChangePublisher
{
    void Publish(LiveEnvelope envelope);
}

/// <summary>The envelopes of the built-in kinds, each with the groups the one scoping rule gives it.</summary>
public static class ChangePublisherExtensions
{
    public static void PublishRecommendation(this IChangePublisher publisher, RecommendationChangedMessage change, ActivityEntry activity)
    {
        var groups = LiveGroups.For(change.ReportId, change.Units);
        publisher.Publish(new LiveEnvelope(LiveKinds.Recommendation.Name, change.Id, change.Version, groups, change));
        publisher.Publish(new LiveEnvelope(LiveKinds.Activity.Name, activity.Id, activity.Version, groups, activity));
    }

    /// <summary>A board snapshot: the whole system's to <see cref="LiveGroups.All"/>, a unit's to that unit's group.</summary>
    public static void PublishBoard(this IChangePublisher publisher, BoardSnapshot snapshot)
    {
        IReadOnlyList<string> groups = snapshot.Unit is { } unit ? [LiveGroups.Unit(unit)] : [LiveGroups.All];
        publisher.Publish(new LiveEnvelope(LiveKinds.Board.Name, snapshot.Unit ?? "", snapshot.Version, groups, snapshot));
    }

    public static void PublishAccessChanged(this IChangePublisher publisher, string username, string reason) =>
        publisher.Publish(new LiveEnvelope(LiveKinds.Access.Name, username, 0, [], new AccessChanged(username, reason)));
}
