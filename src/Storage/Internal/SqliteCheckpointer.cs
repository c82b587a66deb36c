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
/// (never blocks writers or readers) soon after the event store commits, at most every <see cref="MinInterval"/>, and
/// at least every <see cref="MaxInterval"/> for the writes of other connections. Durability is unchanged: with
/// <c>synchronous = NORMAL</c> a commit is in the WAL before it returns; checkpoints only move it into the database
/// file, as before. The WAL is reused from its start once a checkpoint has copied all of it, as with the automatic one.
/// </remarks>
internal sealed class SqliteCheckpointer : IDisposable
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(1);

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly WakeSignal _signal = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SqliteCheckpointer(string normalizedConnectionString, ILogger logger)
    {
        _connectionString = normalizedConnectionString;
        _logger = logger;
        _loop = Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Frames were committed: checkpoint soon.</summary>
    public void Committed() => _signal.Set();

    private void Loop()
    {
        SqliteConnection? connection = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    _signal.Wait(MaxInterval, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                try
                {
                    connection ??= SqliteConnections.Open(_connectionString);
                    using var command = connection.Command("PRAGMA wal_checkpoint(PASSIVE);");
                    command.ExecuteNonQuery();
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
