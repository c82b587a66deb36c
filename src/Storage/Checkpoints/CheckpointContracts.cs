using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Oversight.Storage.Events;

namespace Oversight.Storage.Checkpoints;

/// <summary>
/// A signed-tree-head-like commitment to every event stream at one moment: <see cref="Root"/> is the Merkle root
/// (<see cref="MerkleTree"/>) over all stream heads; checkpoints form their own hash chain through
/// <see cref="PrevHash"/>. An auditor who keeps (<see cref="Sequence"/>, <see cref="Hash"/>), for example from a
/// printed report, can later prove that the log still holds everything it committed to.
/// </summary>
public sealed record Checkpoint(long Sequence, DateTimeOffset CreatedAt, long Streams, long Events, string Root, string PrevHash, string Hash)
{
    /// <summary>Lowercase hex SHA-256 of "checkpoint\n{sequence}\n{createdAt}\n{streams}\n{events}\n{root}\n{prevHash}".</summary>
    public static string ComputeHash(long sequence, DateTimeOffset createdAt, long streams, long events, string root, string prevHash)
    {
        var text = string.Join('\n', "checkpoint", sequence.ToString(CultureInfo.InvariantCulture), EventHash.FormatTimestamp(createdAt),
            streams.ToString(CultureInfo.InvariantCulture), events.ToString(CultureInfo.InvariantCulture), root, prevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public bool HashIsConsistent => string.Equals(Hash, ComputeHash(Sequence, CreatedAt, Streams, Events, Root, PrevHash), StringComparison.Ordinal);

    /// <summary>The form printed on reports and accepted by verify: "{sequence}:{hash}".</summary>
    public string Reference => $"{Sequence.ToString(CultureInfo.InvariantCulture)}:{Hash}";
}

/// <summary>A stream as a checkpoint committed to it, with the hash the log holds today at that seq (null when gone).</summary>
public sealed record CheckpointLeaf(string StreamId, long Seq, string? HashToday);

/// <summary>The outcome of checking a checkpoint against today's log.</summary>
/// <param name="Reason">null when intact; else "unknown-checkpoint", "checkpoint-altered", "missing-since-checkpoint"
/// (a stream, or events up to the seq it had, are gone) or "changed-since-checkpoint" (an event it covered changed).</param>
public sealed record CheckpointCheck(long Sequence, string? Hash, DateTimeOffset? CreatedAt, bool Intact, string? Reason, string? StreamId, long? Seq, long Streams);

/// <summary>The checkpoints (tables <c>oversight_checkpoint</c> and <c>oversight_checkpoint_leaf</c>, append-only).</summary>
public interface ICheckpointStore
{
    Task<Checkpoint?> LatestAsync(CancellationToken ct = default);

    /// <summary>The newest checkpoint made at or before <paramref name="at"/>, or null.</summary>
    Task<Checkpoint?> LatestAtOrBeforeAsync(DateTimeOffset at, CancellationToken ct = default);

    Task<Checkpoint?> GetAsync(long sequence, CancellationToken ct = default);

    /// <summary>Every checkpoint in sequence order.</summary>
    IAsyncEnumerable<Checkpoint> ReadAllAsync(CancellationToken ct = default);

    /// <summary>
    /// Commits to the current stream heads as a new checkpoint when any stream moved since the latest one (or
    /// <paramref name="force"/>); otherwise returns the latest. A stream that has disappeared or gone backwards since
    /// the latest checkpoint keeps the head that checkpoint committed to, so a deletion is never laundered into a new
    /// checkpoint. Safe from several processes at once (the sequence is the primary key; the loser re-reads).
    /// </summary>
    Task<Checkpoint?> CreateAsync(DateTimeOffset now, bool force = false, CancellationToken ct = default);

    /// <summary>Every stream checkpoint <paramref name="sequence"/> committed to, with today's hash at that seq.</summary>
    Task<IReadOnlyList<CheckpointLeaf>> LeavesAsync(long sequence, CancellationToken ct = default);

    /// <summary>The heads checkpoint <paramref name="sequence"/> committed to, as stored (stream → seq and hash).</summary>
    Task<IReadOnlyDictionary<string, (long Seq, string Hash)>> CommittedLeavesAsync(long sequence, CancellationToken ct = default);

    /// <summary>The Merkle root recomputed from the stored leaves of checkpoint <paramref name="sequence"/>.</summary>
    Task<string> CommittedRootAsync(long sequence, CancellationToken ct = default);
}
