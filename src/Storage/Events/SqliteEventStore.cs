using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Oversight.Storage.Internal;
using Oversight.Storage.Projections;
using SQLitePCL;
using static Oversight.Storage.Events.EventRows;

namespace Oversight.Storage.Events;

/// <summary>
/// SQLite event store. All appends go through ONE writer connection: a dedicated writer thread, fed by a channel, takes
/// every append that is waiting and runs them in one transaction (group commit), each inside its own SAVEPOINT so that a
/// conflicting or failing append is undone alone, then commits once and completes all their tasks. When the writer is
/// idle and nothing is queued, an append runs the same one-append batch on its caller's thread instead: no wake of the
/// writer thread and no hop back, which were a third of the CPU of a lone write; under load the queue and its group
/// commit take over. Either way the commit is durable against a process kill before any task completes (WAL +
/// synchronous=NORMAL, see <see cref="SqliteConnections"/>). Reads use separate pooled connections and never wait for
/// the writer (WAL).
/// </summary>
public sealed class SqliteEventStore : IEventStore, IStreamHeadReader, IAsyncDisposable, IDisposable
{
    private const int MaxBatch = 256;
    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly Channel<AppendRequest> _queue = Channel.CreateUnbounded<AppendRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly WakeSignal _wake = new(); // never disposed: an append racing Dispose may still raise it
    private readonly SqliteCheckpointer _checkpointer;
    /// <summary>Held by whoever runs a batch on the writer connection: the writer thread, or an append on its caller's thread.</summary>
    private readonly Lock _gate = new();
    private SqliteConnection? _connection;
    private Writer? _statements;
    private bool _closed;
    /// <summary>Appends in the channel not yet taken by the writer thread: a caller may write itself only when this is 0.</summary>
    private int _queued;
    private int _disposed;

    public SqliteEventStore(DatabaseOptions options, ILogger<SqliteEventStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != DatabaseProvider.Sqlite)
        {
            throw new ArgumentException("SqliteEventStore needs a SQLite configuration.", nameof(options));
        }

        _connectionString = SqliteConnections.Normalize(options.ConnectionString);
        SqliteConnections.EnsureDirectory(_connectionString);
        _logger = logger ?? NullLogger<SqliteEventStore>.Instance;
        _checkpointer = new SqliteCheckpointer(_connectionString, _logger);
        _writer = Task.Factory.StartNew(WriterLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    // ------------------------------------------------------------------ append

    public Task<AppendResult> AppendAsync(string streamId, long expectedSeq, IReadOnlyList<NewEvent> events, IReadOnlyList<RowOp>? projection = null, CancellationToken ct = default)
    {
        EventStoreValidation.ValidateAppend(streamId, expectedSeq, events);
        return Enqueue(new AppendRequest(streamId, expectedSeq, [.. events], projection is null ? [] : [.. projection], ct));
    }

    public async Task<bool> ProjectAsync(string streamId, long atSeq, IReadOnlyList<RowOp> projection, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentOutOfRangeException.ThrowIfNegative(atSeq);
        ArgumentNullException.ThrowIfNull(projection);
        return (await Enqueue(new AppendRequest(streamId, atSeq, [], [.. projection], ct)).ConfigureAwait(false)).Success;
    }

    private Task<AppendResult> Enqueue(AppendRequest request)
    {
        if (request.Cancellation.IsCancellationRequested)
        {
            return Task.FromCanceled<AppendResult>(request.Cancellation);
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(SqliteEventStore));
        }

        // Nobody writing and nothing waiting: commit here (the order of queued appends is kept, as none is queued).
        if (Volatile.Read(ref _queued) == 0 && _gate.TryEnter())
        {
            try
            {
                if (Volatile.Read(ref _queued) == 0 && !_closed)
                {
                    RunBatch([request]);
                    return request.Completion.Task;
                }
            }
            finally
            {
                _gate.Exit();
            }
        }

        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(request))
        {
            Interlocked.Decrement(ref _queued);
            throw new ObjectDisposedException(nameof(SqliteEventStore));
        }

        _wake.Set();
        return request.Completion.Task;
    }

    private void WriterLoop()
    {
        var batch = new List<AppendRequest>(MaxBatch);
        var reader = _queue.Reader;
        try
        {
            while (true)
            {
                batch.Clear();
                var taken = 0;
                while (batch.Count < MaxBatch && reader.TryRead(out var request))
                {
                    taken++;
                    if (request.Cancellation.IsCancellationRequested)
                    {
                        request.Completion.TrySetCanceled(request.Cancellation);
                    }
                    else
                    {
                        batch.Add(request);
                    }
                }

                if (batch.Count == 0)
                {
                    Interlocked.Add(ref _queued, -taken); // all of them cancelled
                    if (reader.Completion.IsCompleted)
                    {
                        break;
                    }
                    _wake.Wait(Timeout.InfiniteTimeSpan);
                    continue;
                }

                lock (_gate)
                {
                    RunBatch(batch);
                    // Counted down only now: until this batch has run, no caller may commit ahead of it.
                    Interlocked.Add(ref _queued, -taken);
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _closed = true;
                _statements?.Dispose();
                _statements = null;
                _connection?.Dispose();
                _connection = null;
            }
            while (reader.TryRead(out var request))
            {
                request.Completion.TrySetException(new ObjectDisposedException(nameof(SqliteEventStore)));
            }
        }
    }

    /// <summary>
    /// Runs one group commit on the writer connection (opened on first use, and again after a failure) and completes its
    /// appends' tasks; the caller holds <see cref="_gate"/>.
    /// </summary>
    private void RunBatch(List<AppendRequest> batch)
    {
        try
        {
            if (_connection is null)
            {
                _connection = SqliteConnections.Open(_connectionString);
                SqliteConnections.UseWriterCache(_connection);
                _statements = new Writer(_connection);
            }

            _statements!.Run(batch);
            _checkpointer.Committed(SqliteConnections.TakePagesWritten(_connection));
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Event store batch of {Count} appends failed", batch.Count);
            foreach (var request in batch)
            {
                request.Completion.TrySetException(ex);
            }

            _statements?.Dispose();
            _statements = null;
            _connection?.Dispose();
            _connection = null;
        }
    }

    /// <summary>An append (events and projection), or with no events a projection alone (<see cref="ProjectAsync"/>).</summary>
    private sealed record AppendRequest(string StreamId, long ExpectedSeq, NewEvent[] Events, RowOp[] Projection, CancellationToken Cancellation)
    {
        public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The writer connection's prepared statements.</summary>
    private sealed class Writer : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _begin, _commit, _rollback, _savepoint, _release, _rollbackTo;
        private readonly SqliteBulkStatement _selectHead, _insertEvent, _upsertHead;
        private readonly Dictionary<string, SqliteBulkStatement> _bulk = new(StringComparer.Ordinal);

        public Writer(SqliteConnection connection)
        {
            _connection = connection;
            _begin = connection.Command("BEGIN IMMEDIATE;");
            _commit = connection.Command("COMMIT;");
            _rollback = connection.Command("ROLLBACK;");
            _savepoint = connection.Command("SAVEPOINT append;");
            _release = connection.Command("RELEASE append;");
            _rollbackTo = connection.Command("ROLLBACK TO append;");
            // Bound by position (@p0…): an append's own rows are written like its projection's.
            _selectHead = new SqliteBulkStatement(connection, "SELECT last_seq, last_hash FROM oversight_stream_head WHERE stream_id = @p0;", 1);
            _insertEvent = new SqliteBulkStatement(connection, """
                INSERT INTO oversight_event (stream_id, seq, event_type, recorded_at, actor, payload, prev_hash, hash)
                VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)
                RETURNING position;
                """, 8);
            _upsertHead = new SqliteBulkStatement(connection, """
                INSERT INTO oversight_stream_head (stream_id, last_seq, last_hash) VALUES (@p0, @p1, @p2)
                ON CONFLICT (stream_id) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash;
                """, 3);
        }

        public void Run(List<AppendRequest> batch)
        {
            var outcomes = new (AppendResult? Result, Exception? Error)[batch.Count];
            _begin.ExecuteNonQuery();
            try
            {
                if (batch.Count == 1)
                {
                    // Alone in its transaction, an append needs no savepoint (two statements fewer for a lone write): if
                    // it fails, the whole transaction goes, and the connection stays as with a savepoint.
                    try
                    {
                        outcomes[0] = (Apply(batch[0]), null);
                    }
                    catch (Exception ex)
                    {
                        _rollback.ExecuteNonQuery();
                        batch[0].Completion.TrySetException(ex);
                        return;
                    }

                    _commit.ExecuteNonQuery();
                    Complete(batch, outcomes);
                    return;
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    _savepoint.ExecuteNonQuery();
                    try
                    {
                        outcomes[i] = (Apply(batch[i]), null);
                        _release.ExecuteNonQuery();
                    }
                    catch (Exception ex)
                    {
                        _rollbackTo.ExecuteNonQuery();
                        _release.ExecuteNonQuery();
                        outcomes[i] = (null, ex);
                    }
                }

                _commit.ExecuteNonQuery();
            }
            catch
            {
                try
                {
                    _rollback.ExecuteNonQuery();
                }
                catch (SqliteException)
                {
                    // The transaction already ended.
                }

                throw;
            }

            Complete(batch, outcomes);
        }

        private static void Complete(List<AppendRequest> batch, (AppendResult? Result, Exception? Error)[] outcomes)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (outcomes[i].Error is { } error)
                {
                    batch[i].Completion.TrySetException(error);
                }
                else
                {
                    batch[i].Completion.TrySetResult(outcomes[i].Result!);
                }
            }
        }

        private AppendResult Apply(AppendRequest request)
        {
            var (current, prevHash) = _selectHead.TryReadFirst([request.StreamId],
                static head => (raw.sqlite3_column_int64(head, 0), raw.sqlite3_column_text(head, 1).utf8_to_string()), out var found)
                ? found
                : (0L, EventHash.Genesis);

            if (current != request.ExpectedSeq)
            {
                return new AppendResult(false, current, []);
            }

            if (request.Events.Length == 0)
            {
                Project(request.Projection);
                return new AppendResult(true, current, []);
            }

            var appended = new StoredEvent[request.Events.Length];
            for (var i = 0; i < request.Events.Length; i++)
            {
                var e = request.Events[i];
                var seq = current + i + 1;
                var stamp = EventHash.FormatTimestamp(e.RecordedAt); // stored as text, to the tick: parsed back, it formats the same
                var recordedAt = EventHash.ParseTimestamp(stamp);
                var hash = EventHash.Compute(prevHash, request.StreamId, seq, e.EventType, recordedAt, e.Actor, e.Payload);
                _insertEvent.TryReadFirst([request.StreamId, seq, e.EventType, stamp, e.Actor, e.Payload, prevHash, hash],
                    static row => raw.sqlite3_column_int64(row, 0), out var position);
                appended[i] = new StoredEvent(position, request.StreamId, seq, e.EventType, recordedAt, e.Actor, e.Payload, prevHash, hash);
                prevHash = hash;
            }

            var last = current + request.Events.Length;
            _upsertHead.Execute([request.StreamId, last, prevHash]);

            Project(request.Projection);
            return new AppendResult(true, last, appended);
        }

        /// <summary>Runs the projection's statements, each prepared once per distinct SQL text on this connection.</summary>
        private void Project(RowOp[] projection)
        {
            foreach (var op in projection)
            {
                switch (op)
                {
                    case UpsertMany many:
                        ExecuteRows(many.Table, many.Key, many.Columns, many.Rows);
                        break;
                    case TableContents contents:
                        using (var clear = _connection.Command($"DELETE FROM {RowOpSql.Name(contents.Table)};"))
                        {
                            clear.ExecuteNonQuery();
                        }

                        ExecuteRows(contents.Table, contents.Key, contents.Columns, contents.Rows);
                        break;
                    default:
                        var values = RowOpSql.Parameters(op).ToArray();
                        Statement(RowOpSql.Sql(op), values.Length).Execute(values);
                        break;
                }
            }
        }

        /// <summary>One prepared upsert, executed once per row with its values bound by position (<see cref="SqliteBulkStatement"/>).</summary>
        private void ExecuteRows(string table, IReadOnlyList<string> key, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows)
        {
            if (rows.Count == 0)
            {
                return;
            }

            var statement = Statement(RowOpSql.Sql(new UpsertRow(table, key, columns.Select((c, i) => new ColumnValue(c, rows[0][i])).ToArray())), columns.Count);
            foreach (var row in rows)
            {
                statement.Execute(row);
            }
        }

        /// <summary>A row statement prepared once per distinct SQL text on this connection, bound by position (<see cref="SqliteBulkStatement"/>).</summary>
        private SqliteBulkStatement Statement(string sql, int parameters)
        {
            if (!_bulk.TryGetValue(sql, out var statement))
            {
                statement = new SqliteBulkStatement(_connection, sql, parameters);
                _bulk[sql] = statement;
            }

            return statement;
        }

        public void Dispose()
        {
            foreach (var statement in _bulk.Values)
            {
                statement.Dispose();
            }

            foreach (var statement in new[] { _selectHead, _insertEvent, _upsertHead })
            {
                statement.Dispose();
            }

            foreach (var command in new[] { _begin, _commit, _rollback, _savepoint, _release, _rollbackTo })
            {
                command.Dispose();
            }
        }
    }

    // ------------------------------------------------------------------ reads

    public async Task<long> GetLastSeqAsync(string streamId, CancellationToken ct = default)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, ct).ConfigureAwait(false);
        await using var command = connection.Command("SELECT last_seq FROM oversight_stream_head WHERE stream_id = @stream_id;").With("@stream_id", streamId);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, ct).ConfigureAwait(false);
        await using var command = connection.Command(SelectColumns + " WHERE stream_id = @stream_id ORDER BY seq;").With("@stream_id", streamId);
        return await ReadEventsAsync(command, ct).ConfigureAwait(false);
    }

    public IAsyncEnumerable<StoredEvent> ReadAllAsync(long afterPosition = 0, string? streamPrefix = null, CancellationToken ct = default) =>
        EventRows.PagedAsync(afterPosition, async after =>
        {
            await using var connection = await SqliteConnections.OpenAsync(_connectionString, ct).ConfigureAwait(false);
            var sql = SelectColumns + " WHERE position > @after"
                + (streamPrefix is null ? string.Empty : " AND substr(stream_id, 1, length(@prefix)) = @prefix")
                + " ORDER BY position LIMIT @limit;";
            await using var command = connection.Command(sql).With("@after", after).With("@limit", PageSize);
            if (streamPrefix is not null)
            {
                command.With("@prefix", streamPrefix);
            }

            return await ReadEventsAsync(command, ct).ConfigureAwait(false);
        }, ct);

    public IAsyncEnumerable<StoredEvent> ReadByStreamAsync(string? streamPrefix = null, CancellationToken ct = default) =>
        EventRows.PagedByStreamAsync(async after =>
        {
            await using var connection = await SqliteConnections.OpenAsync(_connectionString, ct).ConfigureAwait(false);
            var clauses = new List<string>();
            if (after is not null)
            {
                clauses.Add("(stream_id, seq) > (@after_stream, @after_seq)");
            }

            if (streamPrefix is not null)
            {
                clauses.Add("substr(stream_id, 1, length(@prefix)) = @prefix");
            }

            var sql = SelectColumns + (clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses)) + " ORDER BY stream_id, seq LIMIT @limit;";
            await using var command = connection.Command(sql).With("@limit", PageSize);
            if (after is { } key)
            {
                command.With("@after_stream", key.StreamId).With("@after_seq", key.Seq);
            }

            if (streamPrefix is not null)
            {
                command.With("@prefix", streamPrefix);
            }

            return await ReadEventsAsync(command, ct).ConfigureAwait(false);
        }, ct);

    public async Task<IReadOnlyList<StoredEvent>> ReadLatestAsync(int count, string? streamPrefix = null, CancellationToken ct = default)
    {
        if (count <= 0)
        {
            return [];
        }

        await using var connection = await SqliteConnections.OpenAsync(_connectionString, ct).ConfigureAwait(false);
        var sql = SelectColumns
            + (streamPrefix is null ? string.Empty : " WHERE substr(stream_id, 1, length(@prefix)) = @prefix")
            + " ORDER BY position DESC LIMIT @limit;";
        await using var command = connection.Command(sql).With("@limit", count);
        if (streamPrefix is not null)
        {
            command.With("@prefix", streamPrefix);
        }

        return await ReadEventsAsync(command, ct).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<StreamHead> ReadHeadsAsync(string? streamPrefix = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await SqliteConnections.OpenAsync(_connectionString, ct).ConfigureAwait(false);
        var sql = SelectHeads
            + (streamPrefix is null ? string.Empty : " WHERE substr(stream_id, 1, length(@prefix)) = @prefix")
            + " ORDER BY stream_id;";
        await using var command = connection.Command(sql);
        if (streamPrefix is not null)
        {
            command.With("@prefix", streamPrefix);
        }

        await foreach (var head in EventRows.ReadHeadsAsync(command, ct).ConfigureAwait(false))
        {
            yield return head;
        }
    }

    // ------------------------------------------------------------------ lifetime

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _wake.Set();
        await _writer.ConfigureAwait(false);
        _checkpointer.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _wake.Set();
        _writer.GetAwaiter().GetResult();
        _checkpointer.Dispose();
    }
}

internal static class EventStoreValidation
{
    public static void ValidateAppend(string streamId, long expectedSeq, IReadOnlyList<NewEvent> events)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedSeq);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("Append at least one event.", nameof(events));
        }

        foreach (var e in events)
        {
            if (e is null)
            {
                throw new ArgumentException("Events must not contain null.", nameof(events));
            }

            if (string.IsNullOrEmpty(e.EventType) || e.Actor is null || e.Payload is null)
            {
                throw new ArgumentException("Every event needs an EventType, an Actor and a Payload.", nameof(events));
            }
        }
    }
}

/// <summary>How projection values are stored in SQLite: dates as 'yyyy-MM-dd' text, booleans as 0/1, null as NULL.</summary>
internal static class SqliteValues
{
    public static object Convert(object? value) => value switch
    {
        null => DBNull.Value,
        DateOnly date => SqliteDates.Format(date),
        bool b => b ? 1L : 0L,
        _ => value,
    };
}

internal static class SqliteDates
{
    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Parse(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
