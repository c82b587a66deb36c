using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Oversight.Storage.Events;
using Oversight.Storage.Internal;

namespace Oversight.Storage.Checkpoints;

/// <summary>
/// Checkpoints on either provider. Appends never touch these tables, so writers on many streams (and several silos)
/// never queue behind one row: a checkpoint reads the stream heads afterwards, in its own snapshot, and stores only the
/// streams that moved since the previous one (its delta leaves), so the heads it committed to can be rebuilt later.
/// </summary>
public sealed class CheckpointStore : ICheckpointStore
{
    private const int InsertChunk = 400;
    private const string CheckpointColumns = "sequence, created_at, streams, events, root, prev_hash, hash";

    private readonly DbDataSource _source;
    private readonly DatabaseProvider _provider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // The heads the latest checkpoint committed to, kept between runs so each run reads the heads once.
    private long _cachedSequence = -1;

    // The log's newest position when the heads were last read, for that checkpoint sequence, and when: a tick with
    // nothing appended since skips reading every head (100,000 at the SAO's scale, every 2 s). A full read still
    // happens at least every FullReadEvery, which bounds the one case the mark can miss (on PostgreSQL a transaction
    // holding a lower position may commit after a higher one was read) and keeps logging heads that moved back.
    private static readonly TimeSpan FullReadEvery = TimeSpan.FromMinutes(1);
    private long _readMark = -1;
    private long _readAtSequence = -1;
    private DateTimeOffset _readAt;
    private Dictionary<string, (long Seq, string Hash)> _cached = new(StringComparer.Ordinal);

    internal CheckpointStore(DbDataSource source, DatabaseProvider provider, ILogger<CheckpointStore>? logger = null)
    {
        _source = source;
        _provider = provider;
        _logger = logger ?? NullLogger<CheckpointStore>.Instance;
    }

    public async Task<Checkpoint?> LatestAsync(CancellationToken ct = default)
    {
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        return await LatestAsync(connection, null, ct).ConfigureAwait(false);
    }

    public async Task<Checkpoint?> LatestAtOrBeforeAsync(DateTimeOffset at, CancellationToken ct = default)
    {
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        // created_at is the fixed-width UTC text of EventHash, so text order is time order.
        await using var command = Command(connection, null,
            $"SELECT {CheckpointColumns} FROM oversight_checkpoint WHERE created_at <= @p0 ORDER BY sequence DESC LIMIT 1;", EventHash.FormatTimestamp(at));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<Checkpoint?> GetAsync(long sequence, CancellationToken ct = default)
    {
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {CheckpointColumns} FROM oversight_checkpoint WHERE sequence = @p0;", sequence);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async IAsyncEnumerable<Checkpoint> ReadAllAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {CheckpointColumns} FROM oversight_checkpoint ORDER BY sequence;");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    public async Task<IReadOnlyList<CheckpointLeaf>> LeavesAsync(long sequence, CancellationToken ct = default)
    {
        var leaves = new List<CheckpointLeaf>();
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            SELECT l.stream_id, l.last_seq, e.hash
            FROM ({LeafSetSql}) l
            LEFT JOIN oversight_event e ON e.stream_id = l.stream_id AND e.seq = l.last_seq;
            """, sequence);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            leaves.Add(new CheckpointLeaf(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return leaves;
    }

    public async Task<IReadOnlyDictionary<string, (long Seq, string Hash)>> CommittedLeavesAsync(long sequence, CancellationToken ct = default)
    {
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        return await CommittedLeavesAsync(connection, sequence, ct).ConfigureAwait(false);
    }

    /// <summary>The stored leaves (stream, seq, hash as committed) of a checkpoint, rebuilt from the deltas up to it.</summary>
    private async Task<Dictionary<string, (long Seq, string Hash)>> CommittedLeavesAsync(DbConnection connection, long sequence, CancellationToken ct)
    {
        var leaves = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        await using var command = Command(connection, null, $"SELECT stream_id, last_seq, last_hash FROM ({LeafSetSql}) l;", sequence);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            leaves[reader.GetString(0)] = (reader.GetInt64(1), reader.GetString(2));
        }

        return leaves;
    }

    /// <summary>The stored root of a checkpoint recomputed from its stored leaves (detects edits to the leaf table).</summary>
    public async Task<string> CommittedRootAsync(long sequence, CancellationToken ct = default)
    {
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        var leaves = await CommittedLeavesAsync(connection, sequence, ct).ConfigureAwait(false);
        return MerkleTree.Root(leaves.Select(l => (l.Key, l.Value.Seq, l.Value.Hash)));
    }

    public async Task<Checkpoint?> CreateAsync(DateTimeOffset now, bool force = false, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
            var latest = await LatestAsync(connection, null, ct).ConfigureAwait(false);
            var latestSequence = latest?.Sequence ?? 0;
            if (_cachedSequence != latestSequence)
            {
                _cached = latest is null ? new(StringComparer.Ordinal) : await CommittedLeavesAsync(connection, latestSequence, ct).ConfigureAwait(false);
                _cachedSequence = latestSequence;
            }

            long mark;
            await using (var max = Command(connection, null, "SELECT COALESCE(MAX(position), 0) FROM oversight_event;"))
            {
                mark = Convert.ToInt64(await max.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }

            if (!force && latest is not null && mark == _readMark && latestSequence == _readAtSequence && now - _readAt < FullReadEvery)
            {
                return latest;
            }

            _readMark = mark;
            _readAt = now;
            _readAtSequence = -1;

            // The heads now, in one snapshot. Writers are not held up: this is a plain read.
            var heads = new Dictionary<string, (long Seq, string Hash)>(_cached.Count + 64, StringComparer.Ordinal);
            await using (var read = Command(connection, null, EventRows.SelectHeads + ";"))
            await using (var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    heads[reader.GetString(0)] = (reader.GetInt64(1), reader.GetString(2));
                }
            }

            var delta = new List<(string StreamId, long Seq, string Hash)>();
            foreach (var (stream, head) in heads)
            {
                if (_cached.TryGetValue(stream, out var known))
                {
                    if (head.Seq < known.Seq)
                    {
                        _logger.LogError("Stream {Stream} went back from seq {Known} (checkpoint {Checkpoint}) to {Head}; the next checkpoint keeps seq {Known}",
                            stream, known.Seq, latestSequence, head.Seq, known.Seq);
                        continue;
                    }

                    if (head.Seq == known.Seq && head.Hash == known.Hash)
                    {
                        continue;
                    }
                }

                delta.Add((stream, head.Seq, head.Hash));
            }

            foreach (var missing in _cached.Keys.Where(k => !heads.ContainsKey(k)).Take(5))
            {
                _logger.LogError("Stream {Stream} committed to by checkpoint {Checkpoint} has no head row any more", missing, latestSequence);
            }

            if (delta.Count == 0 && !force && latest is not null)
            {
                _readAtSequence = latestSequence;
                return latest;
            }

            var leaves = new Dictionary<string, (long Seq, string Hash)>(_cached, StringComparer.Ordinal);
            foreach (var (stream, seq, hash) in delta)
            {
                leaves[stream] = (seq, hash);
            }

            var root = MerkleTree.Root(leaves.Select(l => (l.Key, l.Value.Seq, l.Value.Hash)));
            var sequence = latestSequence + 1;
            var createdAt = EventHash.ParseTimestamp(EventHash.FormatTimestamp(now));
            if (latest is not null && createdAt < latest.CreatedAt)
            {
                createdAt = latest.CreatedAt;
            }

            var events = leaves.Values.Sum(l => l.Seq);
            var prevHash = latest?.Hash ?? EventHash.Genesis;
            var checkpoint = new Checkpoint(sequence, createdAt, leaves.Count, events, root, prevHash,
                Checkpoint.ComputeHash(sequence, createdAt, leaves.Count, events, root, prevHash));
            try
            {
                await InsertAsync(connection, checkpoint, delta, ct).ConfigureAwait(false);
            }
            catch (DbException e) when (IsDuplicate(e))
            {
                // Another process wrote this sequence first: theirs stands; the cache is reloaded next time.
                _cachedSequence = -1;
                return await LatestAsync(connection, null, ct).ConfigureAwait(false);
            }

            _cached = leaves;
            _cachedSequence = sequence;
            _readAtSequence = sequence;
            return checkpoint;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task InsertAsync(DbConnection connection, Checkpoint checkpoint, List<(string StreamId, long Seq, string Hash)> delta, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var insert = Command(connection, tx,
            $"INSERT INTO oversight_checkpoint ({CheckpointColumns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6);",
            checkpoint.Sequence, EventHash.FormatTimestamp(checkpoint.CreatedAt), checkpoint.Streams, checkpoint.Events, checkpoint.Root,
            checkpoint.PrevHash, checkpoint.Hash))
        {
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        foreach (var chunk in delta.Chunk(InsertChunk))
        {
            var sql = new StringBuilder("INSERT INTO oversight_checkpoint_leaf (checkpoint_seq, stream_id, last_seq, last_hash) VALUES ");
            var values = new List<object?>(chunk.Length * 3 + 1) { checkpoint.Sequence };
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@p0, @p{values.Count}, @p{values.Count + 1}, @p{values.Count + 2})");
                values.Add(chunk[i].StreamId);
                values.Add(chunk[i].Seq);
                values.Add(chunk[i].Hash);
            }

            await using var leaves = Command(connection, tx, sql.Append(';').ToString(), [.. values]);
            await leaves.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    private static bool IsDuplicate(DbException e) =>
        e.SqlState == "23505" || e.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal) || e.Message.Contains("PRIMARY KEY", StringComparison.Ordinal);

    /// <summary>The latest (stream_id, last_seq, last_hash) of every stream in checkpoints 1..@p0.</summary>
    private string LeafSetSql => _provider == DatabaseProvider.PostgreSql
        ? "SELECT DISTINCT ON (stream_id) stream_id, last_seq, last_hash FROM oversight_checkpoint_leaf WHERE checkpoint_seq <= @p0 ORDER BY stream_id, checkpoint_seq DESC"
        // SQLite: with MAX() the bare columns come from the row that has the maximum.
        : "SELECT stream_id, last_seq, last_hash, MAX(checkpoint_seq) AS checkpoint_seq FROM oversight_checkpoint_leaf WHERE checkpoint_seq <= @p0 GROUP BY stream_id";

    private static async Task<Checkpoint?> LatestAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        await using var command = Command(connection, tx, $"SELECT {CheckpointColumns} FROM oversight_checkpoint ORDER BY sequence DESC LIMIT 1;");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static Checkpoint Read(DbDataReader r) => new(
        r.GetInt64(0), EventHash.ParseTimestamp(r.GetString(1)), r.GetInt64(2), r.GetInt64(3), r.GetString(4), r.GetString(5), r.GetString(6));

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params object?[] values) =>
        DbCommands.Create(connection, tx, sql, values);
}
