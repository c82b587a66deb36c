using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Live;

/// <summary>A durable change, announced after the commit. Publishing never blocks the grain turn.</summary>
public sealed record RecommendationChange(
    RecommendationSummary Summary,
    bool Overdue,
    ActorRef ChangedBy,
    string EventType,
    string? Note,
    DateTimeOffset ChangedAt);

/// <summary>Hands changes to the live feed. Implementations queue and return at once.</summary>
public interface IChangePublisher
{
    void Publish(RecommendationChange change);
}
