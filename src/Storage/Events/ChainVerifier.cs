using Oversight.Storage.Checkpoints;

namespace Oversight.Storage.Events;

/// <summary>Where the log first breaks.</summary>
/// <param name="StreamId">The stream (for a broken checkpoint chain: "checkpoint").</param>
/// <param name="Seq">The seq at which the problem shows (for "sequence-gap" the first missing seq; for "head-mismatch"
/// the larger of the head's last seq and the last stored event's seq; for the checkpoint reasons the seq the checkpoint
/// committed to; for a checkpoint chain problem the checkpoint's sequence).</param>
/// <param name="Reason">"hash-mismatch", "prev-hash-mismatch", "sequence-gap", "head-mismatch", "unreadable-row",
/// "missing-since-checkpoint", "changed-since-checkpoint" or "checkpoint-chain-broken".</param>
public sealed record BrokenLink(string StreamId, long Seq, string Reason);

public sealed record ChainVerificationResult(bool Intact, int Streams, long Events, BrokenLink? FirstBroken, int BrokenStreams = 0, Checkpoint? LatestCheckpoint = null);

/// <summary>Called with each stream whose chain is intact, with all its events in seq order (for projection checks).</summary>
public delegate Task StreamInspector(string streamId, IReadOnlyList<StoredEvent> events, CancellationToken ct);

/// <summary>
/// Re-reads every event from the database (never a cache), stream by stream, and checks that seqs run 1, 2, 3… without
/// gaps, that each PrevHash is the previous event's Hash (64 zeros for seq 1), that each Hash is the SHA-256 of the
/// event's fields (<see cref="EventHash.Compute(StoredEvent)"/>), that every row can be read, and that the stream
/// head row matches the last event. Then, against the newest checkpoint (ADR 7), that every stream it committed to is
/// still there, at least as long, with the same event at the seq it committed to — so a deleted or rewound stream is
/// found even though its own chain cannot show it — and that the checkpoints themselves still form an intact chain.
/// </summary>
public sealed class ChainVerifier(IEventStore store, ICheckpointStore? checkpoints = null)
{
    public const string HashMismatch = "hash-mismatch";
    public const string PrevHashMismatch = "prev-hash-mismatch";
    public const string SequenceGap = "sequence-gap";
    public const string HeadMismatch = "head-mismatch";
    public const string UnreadableRow = "unreadable-row";
    public const string MissingSinceCheckpoint = "missing-since-checkpoint";
    public const string ChangedSinceCheckpoint = "changed-since-checkpoint";
    public const string CheckpointChainBroken = "checkpoint-chain-broken";

    private readonly IEventStore _store = store ?? throw new ArgumentNullException(nameof(store));

    public async Task<ChainVerificationResult> VerifyAsync(string? streamPrefix = null, CancellationToken ct = default) =>
        await VerifyAsync(streamPrefix, null, ct).ConfigureAwait(false);

    public async Task<ChainVerificationResult> VerifyAsync(string? streamPrefix, StreamInspector? inspect, CancellationToken ct = default)
    {
        var broken = new List<BrokenLink>();
        var heads = new Dictionary<string, StreamHead>(StringComparer.Ordinal);
        if (_store is IStreamHeadReader headReader)
        {
            await foreach (var head in headReader.ReadHeadsAsync(streamPrefix, ct).ConfigureAwait(false))
            {
                heads[head.StreamId] = head;
            }
        }

        Checkpoint? latest = null;
        var committed = new Dictionary<string, (long Seq, string Hash)>(StringComparer.Ordinal);
        if (checkpoints is not null && await checkpoints.LatestAsync(ct).ConfigureAwait(false) is { } newest)
        {
            latest = newest;
            foreach (var leaf in await checkpoints.CommittedLeavesAsync(newest.Sequence, ct).ConfigureAwait(false))
            {
                if (streamPrefix is null || leaf.Key.StartsWith(streamPrefix, StringComparison.Ordinal))
                {
                    committed[leaf.Key] = leaf.Value;
                }
            }
        }

        var streams = 0;
        long events = 0;
        var current = new List<StoredEvent>();
        async Task EndStreamAsync()
        {
            if (current.Count == 0)
            {
                return;
            }

            streams++;
            var problem = CheckStream(current, heads, _store is IStreamHeadReader, committed);
            if (problem is not null)
            {
                broken.Add(problem);
            }
            else if (inspect is not null)
            {
                await inspect(current[0].StreamId, current.ToArray(), ct).ConfigureAwait(false);
            }

            current.Clear();
        }

        await foreach (var e in _store.ReadByStreamAsync(streamPrefix, ct).ConfigureAwait(false))
        {
            events++;
            if (current.Count > 0 && !string.Equals(current[0].StreamId, e.StreamId, StringComparison.Ordinal))
            {
                await EndStreamAsync().ConfigureAwait(false);
            }

            current.Add(e);
        }

        await EndStreamAsync().ConfigureAwait(false);

        // Heads without any event, and streams a checkpoint committed to that have no event at all any more.
        foreach (var head in heads.Values.OrderBy(h => h.StreamId, StringComparer.Ordinal))
        {
            streams++;
            broken.Add(new BrokenLink(head.StreamId, head.LastSeq, HeadMismatch));
        }

        foreach (var (stream, leaf) in committed.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!heads.ContainsKey(stream))
            {
                streams++;
            }

            broken.Add(new BrokenLink(stream, leaf.Seq, MissingSinceCheckpoint));
        }

        if (streamPrefix is null && checkpoints is not null && await CheckCheckpointChainAsync(ct).ConfigureAwait(false) is { } chain)
        {
            broken.Add(chain);
        }

        var distinct = broken.Select(b => b.StreamId).Distinct(StringComparer.Ordinal).Count();
        return new ChainVerificationResult(broken.Count == 0, streams, events, broken.FirstOrDefault(), distinct, latest);
    }

    /// <summary>
    /// Whether today's log still holds everything checkpoint <paramref name="sequence"/> committed to: the checkpoint
    /// exists with exactly <paramref name="hash"/>, its stored leaves still give its root, and every stream it covered
    /// still has, at the seq it covered, the event it committed to.
    /// </summary>
    public async Task<CheckpointCheck> VerifyCheckpointAsync(long sequence, string hash, CancellationToken ct = default)
    {
        if (checkpoints is null || await checkpoints.GetAsync(sequence, ct).ConfigureAwait(false) is not { } checkpoint)
        {
            return new CheckpointCheck(sequence, hash, null, false, "unknown-checkpoint", null, null, 0);
        }

        if (!string.Equals(checkpoint.Hash, hash, StringComparison.OrdinalIgnoreCase) || !checkpoint.HashIsConsistent
            || await checkpoints.CommittedRootAsync(sequence, ct).ConfigureAwait(false) != checkpoint.Root)
        {
            return new CheckpointCheck(sequence, hash, checkpoint.CreatedAt, false, "checkpoint-altered", null, null, checkpoint.Streams);
        }

        var committed = await checkpoints.CommittedLeavesAsync(sequence, ct).ConfigureAwait(false);
        var today = (await checkpoints.LeavesAsync(sequence, ct).ConfigureAwait(false)).ToDictionary(l => l.StreamId, StringComparer.Ordinal);
        foreach (var (stream, leaf) in committed.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!today.TryGetValue(stream, out var now) || now.HashToday is null)
            {
                return new CheckpointCheck(sequence, checkpoint.Hash, checkpoint.CreatedAt, false, MissingSinceCheckpoint, stream, leaf.Seq, checkpoint.Streams);
            }

            if (!string.Equals(now.HashToday, leaf.Hash, StringComparison.Ordinal))
            {
                return new CheckpointCheck(sequence, checkpoint.Hash, checkpoint.CreatedAt, false, ChangedSinceCheckpoint, stream, leaf.Seq, checkpoint.Streams);
            }
        }

        return new CheckpointCheck(sequence, checkpoint.Hash, checkpoint.CreatedAt, true, null, null, null, checkpoint.Streams);
    }

    private static BrokenLink? CheckStream(List<StoredEvent> stream, Dictionary<string, StreamHead> heads, bool checkHeads, Dictionary<string, (long Seq, string Hash)> committed)
    {
        var id = stream[0].StreamId;
        BrokenLink? first = null;
        var lastSeq = 0L;
        var lastHash = EventHash.Genesis;
        foreach (var e in stream)
        {
            if (first is not null)
            {
                break;
            }

            if (e.Damage is not null)
            {
                first = new BrokenLink(id, e.Seq, UnreadableRow);
            }
            else if (e.Seq != lastSeq + 1)
            {
                first = new BrokenLink(id, lastSeq + 1, SequenceGap);
            }
            else if (!string.Equals(e.PrevHash, lastHash, StringComparison.Ordinal))
            {
                first = new BrokenLink(id, e.Seq, PrevHashMismatch);
            }
            else if (!string.Equals(EventHash.Compute(e), e.Hash, StringComparison.Ordinal))
            {
                first = new BrokenLink(id, e.Seq, HashMismatch);
            }

            lastSeq = e.Seq;
            lastHash = e.Hash;
        }

        var tail = stream[^1];
        if (heads.Remove(id, out var head))
        {
            if (first is null && (tail.Seq != head.LastSeq || !string.Equals(tail.Hash, head.LastHash, StringComparison.Ordinal)))
            {
                first = new BrokenLink(id, Math.Max(tail.Seq, head.LastSeq), HeadMismatch);
            }
        }
        else if (first is null && checkHeads)
        {
            first = new BrokenLink(id, tail.Seq, HeadMismatch);
        }

        if (committed.Remove(id, out var leaf) && first is null)
        {
            var at = stream.Find(e => e.Seq == leaf.Seq);
            if (at is null)
            {
                first = new BrokenLink(id, leaf.Seq, MissingSinceCheckpoint);
            }
            else if (!string.Equals(at.Hash, leaf.Hash, StringComparison.Ordinal))
            {
                first = new BrokenLink(id, leaf.Seq, ChangedSinceCheckpoint);
            }
        }

        return first;
    }

    private async Task<BrokenLink?> CheckCheckpointChainAsync(CancellationToken ct)
    {
        var previous = EventHash.Genesis;
        var expected = 1L;
        Checkpoint? last = null;
        await foreach (var checkpoint in checkpoints!.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (checkpoint.Sequence != expected || !string.Equals(checkpoint.PrevHash, previous, StringComparison.Ordinal) || !checkpoint.HashIsConsistent)
            {
                return new BrokenLink("checkpoint", expected, CheckpointChainBroken);
            }

            previous = checkpoint.Hash;
            expected++;
            last = checkpoint;
        }

        if (last is not null && await checkpoints.CommittedRootAsync(last.Sequence, ct).ConfigureAwait(false) != last.Root)
        {
            return new BrokenLink("checkpoint", last.Sequence, CheckpointChainBroken);
        }

        return null;
    }
}
