using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using Oversight.Storage.Projections;
using static Oversight.Storage.Events.EventRows;

namespace Oversight.Storage.Events;

/// <summary>
/// PostgreSQL event store: one transaction per append on an <see cref="NpgsqlDataSource"/>.
/// </summary>
/// <remarks>
/// The stream head row is read FOR UPDATE, so appends to one stream queue behind each other and a stale expectedSeq is
/// seen as a conflict. Appends to different streams commit in parallel, so the identity <c>position</c> of concurrent
/// commits may become visible out of order: <see cref="ReadAllAsync"/> is a scan (verification, rebuilds), not a tail
/// to follow live; live changes reach the board from the grains, not from this log. A conflict (head moved, or
/// UNIQUE(stream_id, seq) fires for a new stream created twice at once) rolls back and returns <c>Success = false</c>
/// with the stream's actual last seq; it never throws.
/// </remarks>
public sealed class PostgresEventStore(NpgsqlDataSource dataSource) : IEventStore, IStreamHeadReader
{
    private readonly NpgsqlDataSource _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    public async Task<AppendResult> AppendAsync(string streamId, long expectedSeq, IReadOnlyList<NewEvent> events, IReadOnlyList<RowOp>? projection = null, CancellationToken ct = default)
    {
        EventStoreValidation.ValidateAppend(streamId, expectedSeq, events);
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            return await AppendCoreAsync(connection, streamId, expectedSeq, events, projection ?? [], ct).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.TableName == "oversight_event")
        {
            return new AppendResult(false, await ReadLastSeqAsync(connection, streamId, ct).ConfigureAwait(false), []);
        }
    }

    // Two round trips per append: (1) BEGIN + read the stream head FOR UPDATE (a concurrent append to the same stream
    // waits here and then sees the new last_seq -> conflict); (2) one pipelined batch: insert the events, move the head,
    // upsert the summary, COMMIT. The transaction is driven with plain
    // BEGIN/COMMIT text so that the commit travels in the same batch. Two appends that both create the same new stream
    // (no head row to lock) collide on UNIQUE(stream_id, seq) and the loser gets Success = false.
    public async Task<bool> ProjectAsync(string streamId, long atSeq, IReadOnlyList<RowOp> projection, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentOutOfRangeException.ThrowIfNegative(atSeq);
        ArgumentNullException.ThrowIfNull(projection);
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        return (await AppendCoreAsync(connection, streamId, atSeq, [], projection, ct).ConfigureAwait(false)).Success;
    }

    /// <summary>Adds the projection's statements to a batch (inside the caller's transaction).</summary>
    internal static void AddProjection(NpgsqlBatch batch, IReadOnlyList<RowOp> projection)
    {
        foreach (var op in projection)
        {
            switch (op)
            {
                case UpsertMany many:
                    AddRows(batch, many.Table, many.Key, many.Columns, many.Rows);
                    continue;
                case TableContents contents:
                    batch.BatchCommands.Add(new NpgsqlBatchCommand($"DELETE FROM {RowOpSql.Name(contents.Table)};"));
                    AddRows(batch, contents.Table, contents.Key, contents.Columns, contents.Rows);
                    continue;
            }

            var command = new NpgsqlBatchCommand(RowOpSql.Sql(op));
            var i = 0;
            foreach (var value in RowOpSql.Parameters(op))
            {
                command.Parameters.AddWithValue("p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), value ?? DBNull.Value);
                i++;
            }

            batch.BatchCommands.Add(command);
        }
    }

    /// <summary>Rows as multi-row upserts (chunks that stay under PostgreSQL's parameter limit).</summary>
    private static void AddRows(NpgsqlBatch batch, string table, IReadOnlyList<string> key, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows)
    {
        var perChunk = Math.Max(1, 30_000 / Math.Max(1, columns.Count));
        for (var start = 0; start < rows.Count; start += perChunk)
        {
            var chunk = rows.Skip(start).Take(perChunk).ToArray();
            var sql = new System.Text.StringBuilder("INSERT INTO ").Append(RowOpSql.Name(table)).Append(" (")
                .Append(string.Join(", ", columns.Select(RowOpSql.Name))).Append(") VALUES ");
            var command = new NpgsqlBatchCommand();
            var p = 0;
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var name = "p" + p.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    sql.Append(c == 0 ? "@" : ", @").Append(name);
                    command.Parameters.AddWithValue(name, chunk[r][c] ?? DBNull.Value);
                    p++;
                }

                sql.Append(')');
            }

            var updates = columns.Where(c => !key.Contains(c)).Select(c => $"{RowOpSql.Name(c)} = excluded.{RowOpSql.Name(c)}").ToArray();
            sql.Append(" ON CONFLICT (").Append(string.Join(", ", key.Select(RowOpSql.Name))).Append(") DO ")
                .Append(updates.Length == 0 ? "NOTHING" : "UPDATE SET " + string.Join(", ", updates)).Append(';');
            command.CommandText = sql.ToString();
            batch.BatchCommands.Add(command);
        }
    }

    /// <summary>An append; with no events, the projection alone when the head is still at <paramref name="expectedSeq"/>.</summary>
    private static async Task<AppendResult> AppendCoreAsync(NpgsqlConnection connection, string streamId, long expectedSeq, IReadOnlyList<NewEvent> events, IReadOnlyList<RowOp> projection, CancellationToken ct)
    {
        var committed = false;
        try
        {
            long current = 0;
            var prevHash = EventHash.Genesis;
            await using (var head = new NpgsqlCommand(
                "BEGIN; SELECT last_seq, last_hash FROM oversight_stream_head WHERE stream_id = @stream_id FOR UPDATE;",
                connection))
            {
                head.Parameters.AddWithValue("stream_id", streamId);
                await using var reader = await head.ExecuteReaderAsync(ct).ConfigureAwait(false);
                if (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    current = reader.GetInt64(0);
                    prevHash = reader.GetString(1);
                }
            }

            if (current != expectedSeq)
            {
                return new AppendResult(false, current, []);
            }

            if (events.Count == 0)
            {
                await using var only = new NpgsqlBatch(connection);
                AddProjection(only, projection);
                only.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT;"));
                await only.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                committed = true;
                return new AppendResult(true, current, []);
            }

            var n = events.Count;
            var seqs = new long[n];
            var types = new string[n];
            var recorded = new string[n];
            var actors = new string[n];
            var payloads = new string[n];
            var prevs = new string[n];
            var hashes = new string[n];
            var appended = new StoredEvent[n];
            for (var i = 0; i < n; i++)
            {
                var e = events[i];
                var seq = current + i + 1;
                var recordedAt = EventHash.ParseTimestamp(EventHash.FormatTimestamp(e.RecordedAt));
                var hash = EventHash.Compute(prevHash, streamId, seq, e.EventType, recordedAt, e.Actor, e.Payload);
                seqs[i] = seq;
                types[i] = e.EventType;
                recorded[i] = EventHash.FormatTimestamp(recordedAt);
                actors[i] = e.Actor;
                payloads[i] = e.Payload;
                prevs[i] = prevHash;
                hashes[i] = hash;
                appended[i] = new StoredEvent(0, streamId, seq, e.EventType, recordedAt, e.Actor, e.Payload, prevHash, hash);
                prevHash = hash;
            }

            var last = current + n;
            await using var batch = new NpgsqlBatch(connection);

            var insert = new NpgsqlBatchCommand("""
                INSERT INTO oversight_event (stream_id, seq, event_type, recorded_at, actor, payload, prev_hash, hash)
                SELECT @stream_id, t.seq, t.event_type, t.recorded_at, t.actor, t.payload, t.prev_hash, t.hash
                FROM unnest(@seqs, @types, @recorded, @actors, @payloads, @prevs, @hashes)
                     WITH ORDINALITY AS t(seq, event_type, recorded_at, actor, payload, prev_hash, hash, ord)
                ORDER BY t.ord
                RETURNING seq, position;
                """);
            insert.Parameters.AddWithValue("stream_id", streamId);
            insert.Parameters.AddWithValue("seqs", seqs);
            insert.Parameters.AddWithValue("types", NpgsqlDbType.Array | NpgsqlDbType.Text, types);
            insert.Parameters.AddWithValue("recorded", NpgsqlDbType.Array | NpgsqlDbType.Text, recorded);
            insert.Parameters.AddWithValue("actors", NpgsqlDbType.Array | NpgsqlDbType.Text, actors);
            insert.Parameters.AddWithValue("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text, payloads);
            insert.Parameters.AddWithValue("prevs", NpgsqlDbType.Array | NpgsqlDbType.Text, prevs);
            insert.Parameters.AddWithValue("hashes", NpgsqlDbType.Array | NpgsqlDbType.Text, hashes);
            batch.BatchCommands.Add(insert);

            var upsertHead = new NpgsqlBatchCommand("""
                INSERT INTO oversight_stream_head (stream_id, last_seq, last_hash) VALUES (@stream_id, @last_seq, @last_hash)
                ON CONFLICT (stream_id) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash;
                """);
            upsertHead.Parameters.AddWithValue("stream_id", streamId);
            upsertHead.Parameters.AddWithValue("last_seq", last);
            upsertHead.Parameters.AddWithValue("last_hash", prevHash);
            batch.BatchCommands.Add(upsertHead);

            AddProjection(batch, projection);

            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT;"));

            await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var index = (int)(reader.GetInt64(0) - current - 1);
                    appended[index] = appended[index] with { Position = reader.GetInt64(1) };
                }

                while (await reader.NextResultAsync(ct).ConfigureAwait(false))
                {
                }
            }

            committed = true;
            return new AppendResult(true, last, appended);
        }
        finally
        {
            if (!committed && connection.State == System.Data.ConnectionState.Open)
            {
                await RollbackAsync(connection).ConfigureAwait(false);
            }
        }
    }

    private static async Task RollbackAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK;", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The connection is broken; the server rolls the transaction back when the session ends.
        }
    }

    private static async Task<long> ReadLastSeqAsync(NpgsqlConnection connection, string streamId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT GREATEST((SELECT last_seq FROM oversight_stream_head WHERE stream_id = @s), (SELECT MAX(seq) FROM oversight_event WHERE stream_id = @s), 0);",
            connection);
        command.Parameters.AddWithValue("s", streamId);
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public async Task<long> GetLastSeqAsync(string streamId, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT last_seq FROM oversight_stream_head WHERE stream_id = @stream_id;");
        command.Parameters.AddWithValue("stream_id", streamId);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is long value ? value : 0;
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        await using var command = _dataSource.CreateCommand(SelectColumns + " WHERE stream_id = @stream_id ORDER BY seq;");
        command.Parameters.AddWithValue("stream_id", streamId);
        return await ReadEventsAsync(command, ct).ConfigureAwait(false);
    }

    public IAsyncEnumerable<StoredEvent> ReadAllAsync(long afterPosition = 0, string? streamPrefix = null, CancellationToken ct = default) =>
        EventRows.PagedAsync(afterPosition, async after =>
        {
            var sql = SelectColumns + " WHERE position > @after"
                + (streamPrefix is null ? string.Empty : " AND starts_with(stream_id, @prefix)")
                + " ORDER BY position LIMIT @limit;";
            await using var command = _dataSource.CreateCommand(sql);
            command.Parameters.AddWithValue("after", after);
            command.Parameters.AddWithValue("limit", PageSize);
            if (streamPrefix is not null)
            {
                command.Parameters.AddWithValue("prefix", streamPrefix);
            }

            return await ReadEventsAsync(command, ct).ConfigureAwait(false);
        }, ct);

    public IAsyncEnumerable<StoredEvent> ReadByStreamAsync(string? streamPrefix = null, CancellationToken ct = default) =>
        EventRows.PagedByStreamAsync(async after =>
        {
            var clauses = new List<string>();
            if (after is not null)
            {
                clauses.Add("(stream_id, seq) > (@after_stream, @after_seq)");
            }

            if (streamPrefix is not null)
            {
                clauses.Add("starts_with(stream_id, @prefix)");
            }

            var sql = SelectColumns + (clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses)) + " ORDER BY stream_id, seq LIMIT @limit;";
            await using var command = _dataSource.CreateCommand(sql);
            command.Parameters.AddWithValue("limit", PageSize);
            if (after is { } key)
            {
                command.Parameters.AddWithValue("after_stream", key.StreamId);
                command.Parameters.AddWithValue("after_seq", key.Seq);
            }

            if (streamPrefix is not null)
            {
                command.Parameters.AddWithValue("prefix", streamPrefix);
            }

            return await ReadEventsAsync(command, ct).ConfigureAwait(false);
        }, ct);

    public async Task<IReadOnlyList<StoredEvent>> ReadLatestAsync(int count, string? streamPrefix = null, CancellationToken ct = default)
    {
        if (count <= 0)
        {
            return [];
        }

        var sql = SelectColumns
            + (streamPrefix is null ? string.Empty : " WHERE starts_with(stream_id, @prefix)")
            + " ORDER BY position DESC LIMIT @limit;";
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("limit", count);
        if (streamPrefix is not null)
        {
            command.Parameters.AddWithValue("prefix", streamPrefix);
        }

        return await ReadEventsAsync(command, ct).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<StreamHead> ReadHeadsAsync(string? streamPrefix = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var sql = SelectHeads
            + (streamPrefix is null ? string.Empty : " WHERE starts_with(stream_id, @prefix)")
            + " ORDER BY stream_id;";
        await using var command = _dataSource.CreateCommand(sql);
        if (streamPrefix is not null)
        {
            command.Parameters.AddWithValue("prefix", streamPrefix);
        }

        await foreach (var head in EventRows.ReadHeadsAsync(command, ct).ConfigureAwait(false))
        {
            yield return head;
        }
    }
}
