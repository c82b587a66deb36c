using System.Text.Json;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Domain.Recommendations;
using Oversight.Storage.Events;

namespace Oversight.Grains.Recommendations;

/// <summary>
/// Rebuilds a recommendation from its stored events: the one place a stream is read back, for the grain, for a report
/// as of a date, for the verifier and for a read-model rebuild. A row that cannot be read, a payload that is not a
/// valid event, or events that do not follow each other raise <see cref="HistoryDamagedException"/> naming the stream
/// and seq, never a partial history and never a client error.
/// </summary>
public static class RecommendationStream
{
    public static RecommendationAggregate Replay(string id, IReadOnlyList<StoredEvent> events, DateTimeOffset? before = null)
    {
        var aggregate = new RecommendationAggregate(id);
        foreach (var stored in events)
        {
            if (stored.Damage is null && before is { } cutoff && stored.RecordedAt >= cutoff)
            {
                break;
            }
            aggregate.Fold(stored.Seq, stored.RecordedAt, Decode(id, stored), stored.PrevHash, stored.Hash);
        }
        return aggregate;
    }

    private static RecommendationEvent Decode(string id, StoredEvent stored)
    {
        if (stored.Damage is { } damage)
        {
            throw new HistoryDamagedException(id, stored.Seq, damage);
        }
        RecommendationEvent decoded;
        try
        {
            decoded = RecommendationEventCodec.Deserialize(stored.Payload);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new HistoryDamagedException(id, stored.Seq, "the payload is not a valid event");
        }
        if (decoded.Data is null || decoded.Actor is null || decoded.Changes is null || decoded.Data.Type != stored.EventType)
        {
            throw new HistoryDamagedException(id, stored.Seq, "the payload does not match the stored event type");
        }
        return decoded;
    }

    /// <summary>Folds with the aggregate's own checks turned into damage reports.</summary>
    private static void Fold(this RecommendationAggregate aggregate, long seq, DateTimeOffset at, RecommendationEvent @event, string prevHash, string hash)
    {
        try
        {
            aggregate.Apply(seq, at, @event, prevHash, hash);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NullReferenceException or KeyNotFoundException)
        {
            throw new HistoryDamagedException(aggregate.Id, seq, "the events do not follow each other");
        }
    }
}
