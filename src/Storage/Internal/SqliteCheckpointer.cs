using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Oversight.Storage.Internal;

/// <summary>
/// Runs the database's WAL checkpoints on a thread of its own, so that no committing connection runs them.
/// </summary>
/// <remarks>
/// SQLite's automatic checkpoint runs inside the COMMIT of whichever connection pushed the WAL past 1,000 pages: it
/// copies the WAL into the database file and syncs both. An ingestion batch writes several MB, so nearly every batch
/// paid for a checkpoint inside the event store writer's commit (measured: COMMIT 35–120 ms of a 10,000-observation
/// batch, 10–20 ms without it), and the single writer is what bounds ingestion (issue 8). Every connection is therefore
/// opened with <c>wal_autocheckpoint = 0</c> (<see cref="SqliteConnections"/>), and this runs a PASSIVE checkpoint
/// (never blocks writers or readers) once the event store has committed <see cref="PagesPerCheckpoint"/> pages to the
/// WAL since the last one (SQLite's own threshold), at most every <see cref="MinInterval"/>, and at least every
/// <see cref="MaxInterval"/> for small writes and the writes of other connections. A checkpoint after every commit cost
/// a steady stream of small writes two fsyncs and a rewrite of the same hot pages ten times a second (its thread was 6 %
/// of the host's CPU samples at 200 progress updates a second); counted in pages, each hot page is copied once per
/// checkpoint. Durability is unchanged: with <c>synchronous = NORMAL</c> a commit is in the WAL before it returns;
/// checkpoints only move it into the database file, as before. The WAL is reused from its start once a checkpoint has
/// copied all of it, as with the automatic one.
/// </remarks>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>SQLite's <c>wal_autocheckpoint</c> default: a checkpoint for every 1,000 pages (4 MB) in the WAL.</summary>
    public const int PagesPerCheckpoint = 1000;
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(1);

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly WakeSignal _signal = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly TimeSpan _maxInterval;
    private long _pendingPages;
    private long _checkpoints;

    public SqliteCheckpointer(string normalizedConnectionString, ILogger logger, TimeSpan? maxInterval = null)
    {
        _connectionString = normalizedConnectionString;
        _logger = logger;
        _maxInterval = maxInterval ?? MaxInterval;
        _loop = Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// A commit wrote <paramref name="pages"/> pages to the WAL (<see cref="SqliteConnections.TakePagesWritten"/>):
    /// once <see cref="PagesPerCheckpoint"/> have gathered, checkpoint soon. True when this call asked for a checkpoint.
    /// </summary>
    public bool Committed(int pages)
    {
        var pending = Interlocked.Add(ref _pendingPages, pages);
        if (pending < PagesPerCheckpoint || pending - pages >= PagesPerCheckpoint)
        {
            return false; // below the threshold, or it was already crossed (and asked for) by an earlier commit
        }
        _signal.Set();
        return true;
    }

    /// <summary>Pages committed since the last checkpoint began.</summary>
    public long PendingPages => Volatile.Read(ref _pendingPages);

    /// <summary>Checkpoints run so far.</summary>
    public long Checkpoints => Volatile.Read(ref _checkpoints);

    private void Loop()
    {
        SqliteConnection? connection = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    _signal.Wait(_maxInterval, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                try
                {
                    connection ??= SqliteConnections.Open(_connectionString);
                    Interlocked.Exchange(ref _pendingPages, 0);
                    using var command = connection.Command("PRAGMA wal_checkpoint(PASSIVE);");
                    command.ExecuteNonQuery();
                    Interlocked.Increment(ref _checkpoints);
                }
                catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
                {
                    _logger.LogWarning(ex, "WAL checkpoint failed; retrying");
                    connection?.Dispose();
                    connection = null;
                }
                if (_stop.Token.WaitHandle.WaitOne(MinInterval))
                {
                    break;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        _stop.Dispose();
        _signal.Dispose();
    }
}
