namespace Oversight.Storage.Events;

/// <summary>Where the chain first breaks.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Seq">The seq at which the problem shows (for "sequence-gap" the first missing seq; for "head-mismatch"
/// the larger of the head's last seq and the last stored event's seq).</param>
/// <param name="Reason">"hash-mismatch", "prev-hash-mismatch", "sequence-gap" or "head-mismatch".</param>
public sealed record BrokenLink(string StreamId, long Seq, string Reason);

public sealed record ChainVerificationResult(bool Intact, int Streams, long Events, BrokenLink? FirstBroken);

/// <summary>
/// Re-reads every event from the database (never a cache) in global order and checks, per stream, that seqs run
/// 1, 2, 3… without gaps, that each PrevHash is the previous event's Hash (64 zeros for seq 1), that each Hash is the
/// SHA-256 of the event's fields (<see cref="EventHash.Compute(StoredEvent)"/>), and — when the store implements
/// <see cref="IStreamHeadReader"/> (both built-in stores do) — that the stream head row matches the last event.
/// </summary>
public sealed class ChainVerifier(IEventStore store)
{
    public const string HashMismatch = "hash-mismatch";
    public const string PrevHashMismatch = "prev-hash-mismatch";
    public const string SequenceGap = "sequence-gap";
    public const string HeadMismatch = "head-mismatch";

    private readonly IEventStore _store = store ?? throw new ArgumentNullException(nameof(store));

    public async Task<ChainVerificationResult> VerifyAsync(string? streamPrefix = null, CancellationToken ct = default)
    {
        var last = new Dictionary<string, (long Seq, string Hash)>(StringComparer.Ordinal);
        BrokenLink? first = null;
        long events = 0;

        await foreach (var e in _store.ReadAllAsync(0, streamPrefix, ct).ConfigureAwait(false))
        {
            events++;
            var (lastSeq, lastHash) = last.TryGetValue(e.StreamId, out var s) ? s : (0L, EventHash.Genesis);
            if (first is null)
            {
                if (e.Seq != lastSeq + 1)
                {
                    first = new BrokenLink(e.StreamId, lastSeq + 1, SequenceGap);
                }
                else if (!string.Equals(e.PrevHash, lastHash, StringComparison.Ordinal))
                {
                    first = new BrokenLink(e.StreamId, e.Seq, PrevHashMismatch);
                }
                else if (!string.Equals(EventHash.Compute(e), e.Hash, StringComparison.Ordinal))
                {
                    first = new BrokenLink(e.StreamId, e.Seq, HashMismatch);
                }
            }

            last[e.StreamId] = (e.Seq, e.Hash);
        }

        var streams = last.Count;
        if (_store is IStreamHeadReader heads)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var head in heads.ReadHeadsAsync(streamPrefix, ct).ConfigureAwait(false))
            {
                seen.Add(head.StreamId);
                if (!last.TryGetValue(head.StreamId, out var tail))
                {
                    streams++;
                    first ??= new BrokenLink(head.StreamId, head.LastSeq, HeadMismatch);
                }
                else if (tail.Seq != head.LastSeq || !string.Equals(tail.Hash, head.LastHash, StringComparison.Ordinal))
                {
                    first ??= new BrokenLink(head.StreamId, Math.Max(tail.Seq, head.LastSeq), HeadMismatch);
                }
            }

            if (first is null)
            {
                foreach (var (streamId, tail) in last)
                {
                    if (!seen.Contains(streamId))
                    {
                        first = new BrokenLink(streamId, tail.Seq, HeadMismatch);
                        break;
                    }
                }
            }
        }

        return new ChainVerificationResult(first is null, streams, events, first);
    }
}
