using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Live;

namespace Oversight.Grains.Live;

/// <summary>
/// Hands durable changes to the live feed. Implementations queue and return at once: a grain never waits for the
/// fan-out (the silo flushes batches to each Web host's observer; the host sends them to SignalR groups).
/// </summary>
public interface IChangePublisher
{
    void Publish(RecommendationChangedMessage change, ActivityEntry activity);

    void PublishBoard(BoardSnapshot snapshot);
}
