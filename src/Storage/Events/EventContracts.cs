using Oversight.Storage.Projections;

namespace Oversight.Storage.Events;

/// <summary>An event to append. <paramref name="Payload"/> is a JSON string, stored and hashed verbatim.</summary>
public sealed record NewEvent(string EventType, DateTimeOffset RecordedAt, string Actor, string Payload);

/// <summary>
/// An event as stored. <see cref="RecordedAt"/> comes back in UTC (offset zero) with the exact 100 ns tick value that
/// was appended; <see cref="Position"/> is the global order across streams.
/// </summary>
public sealed record StoredEvent(long Position, string StreamId, long Seq, string EventType, DateTimeOffset RecordedAt, string Actor, string Payload, string PrevHash, string Hash)
{
    /// <summary>
    /// Why the row could not be read as stored (for example a <c>recorded_at</c> that does not parse), or null. A damaged
    /// row is still returned, so the verifier can report it at its stream and seq instead of failing the whole read.
    /// </summary>
    public string? Damage { get; init; }
}

/// <summary>
/// The outcome of an append. <see cref="Success"/> = false is an optimistic-concurrency conflict (nothing was written);
/// <see cref="CurrentSeq"/> is then the stream's actual last seq, and after a success the new last seq.
/// </summary>
public sealed record AppendResult(bool Success, long CurrentSeq, IReadOnlyList<StoredEvent> Appended);

/// <summary>The append-only, hash-chained event store (the audit trail).</summary>
public interface IEventStore
{
    /// <summary>The stream's last seq from its head row (0 for a stream with no events), without reading its events.</summary>
    Task<long> GetLastSeqAsync(string streamId, CancellationToken ct = default);

    /// <summary>All events of one stream, in seq order (empty for an unknown stream).</summary>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, CancellationToken ct = default);

    /// <summary>
    /// Appends <paramref name="events"/> (at least one) to the stream if its last seq is still <paramref name="expectedSeq"/>
    /// (0 for a new stream). All events, the stream head and the aggregate's <paramref name="projection"/> (its read-model
    /// rows, in order) commit in one transaction, durably, before the task completes. A conflict returns
    /// <c>Success = false</c>, never throws.
    /// </summary>
    Task<AppendResult> AppendAsync(string streamId, long expectedSeq, IReadOnlyList<NewEvent> events, IReadOnlyList<RowOp>? projection = null, CancellationToken ct = default);

    /// <summary>
    /// Runs <paramref name="projection"/> in one transaction if the stream's last seq is still <paramref name="atSeq"/>
    /// (0: the stream has no events), so a rebuild never overwrites the rows of a newer append. False when it moved.
    /// </summary>
    Task<bool> ProjectAsync(string streamId, long atSeq, IReadOnlyList<RowOp> projection, CancellationToken ct = default);

    /// <summary>Events after <paramref name="afterPosition"/> in global order, optionally only streams whose id starts with <paramref name="streamPrefix"/>.</summary>
    IAsyncEnumerable<StoredEvent> ReadAllAsync(long afterPosition = 0, string? streamPrefix = null, CancellationToken ct = default);

    /// <summary>
    /// Every event stream by stream (ordered by stream id, then seq), one page at a time, optionally only streams whose id
    /// starts with <paramref name="streamPrefix"/>: what verification and rebuilds read, with one stream in memory at a time.
    /// </summary>
    IAsyncEnumerable<StoredEvent> ReadByStreamAsync(string? streamPrefix = null, CancellationToken ct = default);

    /// <summary>The newest <paramref name="count"/> events, newest first.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadLatestAsync(int count, string? streamPrefix = null, CancellationToken ct = default);
}

/// <summary>The head row of a stream: what the store last wrote for it (<c>oversight_stream_head</c>).</summary>
public sealed record StreamHead(string StreamId, long LastSeq, string LastHash);

/// <summary>
/// Implemented by the event stores next to <see cref="IEventStore"/>: reads the stream head rows from the database,
/// so <see cref="ChainVerifier"/> can detect a deleted tail or events written outside the store.
/// </summary>
public interface IStreamHeadReader
{
    IAsyncEnumerable<StreamHead> ReadHeadsAsync(string? streamPrefix = null, CancellationToken ct = default);
}
