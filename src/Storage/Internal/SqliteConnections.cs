using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Oversight.Storage.Internal;

/// <summary>
/// How this project opens SQLite connections.
/// </summary>
/// <remarks>
/// Durability: the migrator sets <c>journal_mode=WAL</c> (persistent, stored in the file). Every connection is opened
/// with <c>synchronous=NORMAL</c>: in WAL mode a commit has written its frames to the WAL with write(2) before it
/// returns, so an acknowledged commit survives the process being killed (kill -9); only an OS crash or power loss can
/// lose the last commits (they are fsynced at the next checkpoint). That is the durability the system asks for, and it
/// avoids an fsync per commit. No connection checkpoints the WAL itself (<c>wal_autocheckpoint = 0</c>): the event
/// store's <see cref="SqliteCheckpointer"/> does, on a thread of its own. <c>busy_timeout</c> lets SQLite itself wait
/// for the write lock (with short sleeps) instead of Microsoft.Data.Sqlite's coarser retry loop.
/// </remarks>
internal static class SqliteConnections
{
    public const int BusyTimeoutMs = 30_000;

    /// <summary>
    /// Bytes of the database file each connection reads through a memory map instead of read(2). A pooled reader's page
    /// cache starts over whenever the writer has committed, so without the map every lookup re-read its B-tree pages with
    /// one system call each (measured: most of the CPU of looking up an ingestion batch's 10,000 keys). The map is the OS
    /// page cache, shared by every connection; it costs address space, not memory.
    /// </summary>
    public const long MmapBytes = 1L << 30;

    private static readonly string OpenPragmas = $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA mmap_size = {MmapBytes}; PRAGMA wal_autocheckpoint = 0;";

    public static string Normalize(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ArgumentException("The SQLite connection string has no Data Source.", nameof(connectionString));
        }

        builder.Pooling = true;
        if (builder.DefaultTimeout <= 0)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }

    /// <summary>Full path of the database file, or null for an in-memory database.</summary>
    public static string? FilePath(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource == ":memory:" || builder.DataSource.Length == 0)
        {
            return null;
        }

        return Path.GetFullPath(builder.DataSource);
    }

    public static void EnsureDirectory(string connectionString)
    {
        var path = FilePath(connectionString);
        var dir = path is null ? null : Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
    }

    public static SqliteConnection Open(string normalizedConnectionString)
    {
        var connection = new SqliteConnection(normalizedConnectionString);
        try
        {
            connection.Open();
            ApplyPragmas(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static async Task<SqliteConnection> OpenAsync(string normalizedConnectionString, CancellationToken ct)
    {
        var connection = new SqliteConnection(normalizedConnectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            ApplyPragmas(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Page cache of the one writer connection, in KiB (SQLite's default is 2 MiB per connection).</summary>
    public const int WriterCacheKib = 64 * 1024;

    /// <summary>
    /// Gives the event store's single writer connection a 64 MiB page cache. With the default 2 MiB, a large projection
    /// (an ingestion batch writes 10,000 observation rows and 10,000 change rows, with their indexes) keeps evicting
    /// and re-reading B-tree pages: measured on a 10,000-observation batch, about 30 % of the storage steps' CPU
    /// (read(2)/write(2) of pages) went away with the larger cache. Only the writer gets it: one connection, bounded.
    /// </summary>
    public static void UseWriterCache(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA cache_size = -{WriterCacheKib};";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The pages this connection has written to the WAL since the last call (SQLite's <c>SQLITE_DBSTATUS_CACHE_WRITE</c>,
    /// read and reset): what a commit adds to the WAL, for <see cref="SqliteCheckpointer"/>.
    /// </summary>
    public static int TakePagesWritten(SqliteConnection connection)
    {
        var rc = SQLitePCL.raw.sqlite3_db_status(connection.Handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_WRITE, out var pages, out _, 1);
        return rc == SQLitePCL.raw.SQLITE_OK ? pages : 0;
    }

    private static void ApplyPragmas(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = OpenPragmas;
        command.ExecuteNonQuery();
    }

    public static SqliteCommand Command(this SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}

/// <summary>
/// A <see cref="DbDataSource"/> over Microsoft.Data.Sqlite that opens connections with this project's pragmas
/// (<see cref="SqliteConnections"/>). Used as Orleans' ADO.NET grain-storage data source.
/// </summary>
internal sealed class SqliteDbDataSource(string connectionString) : DbDataSource
{
    private readonly string _connectionString = SqliteConnections.Normalize(connectionString);

    public override string ConnectionString => _connectionString;

    protected override DbConnection CreateDbConnection() => new SqliteConnection(_connectionString);

    protected override DbConnection OpenDbConnection() => SqliteConnections.Open(_connectionString);

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
        => await SqliteConnections.OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);
}
