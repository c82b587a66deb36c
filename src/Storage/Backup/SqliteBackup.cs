using System.Globalization;
using Microsoft.Data.Sqlite;
using Oversight.Storage.Internal;

namespace Oversight.Storage.Backup;

/// <summary>What a backup holds, read from the copy itself after it was written and checked.</summary>
public sealed record SqliteBackupResult(string Path, long Bytes, int SchemaVersion, long Events, long Streams, long Blobs, string IntegrityCheck);

/// <summary>
/// Embedded mode's backup: SQLite's online backup API copies a consistent snapshot of the live database while the
/// server keeps writing (in WAL mode a reader never blocks the writer). The copy is then opened on its own and checked
/// (<c>PRAGMA integrity_check</c>) before it is reported. PostgreSQL deployments use <c>pg_dump</c> instead.
/// </summary>
public static class SqliteBackup
{
    public static async Task<SqliteBackupResult> BackupAsync(string connectionString, string destinationFile, CancellationToken ct = default)
    {
        var source = SqliteConnections.Normalize(connectionString);
        var sourcePath = SqliteConnections.FilePath(source) ?? throw new ArgumentException("An in-memory database cannot be backed up.", nameof(connectionString));
        if (!File.Exists(sourcePath))
        {
            throw new FileNotFoundException("No database to back up.", sourcePath);
        }
        var destination = Path.GetFullPath(destinationFile);
        if (File.Exists(destination))
        {
            throw new IOException($"{destination} already exists; a backup never overwrites a file.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);

        var partial = destination + ".partial";
        File.Delete(partial);
        await using (var from = await SqliteConnections.OpenAsync(source, ct).ConfigureAwait(false))
        await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
        {
            await to.OpenAsync(ct).ConfigureAwait(false);
            from.BackupDatabase(to);
            // A backup is one file: fold the copy's journal back in, so nothing beside it is needed to restore.
            await using var mode = to.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode = DELETE;";
            await mode.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        File.Move(partial, destination);

        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await copy.OpenAsync(ct).ConfigureAwait(false);
        var integrity = Convert.ToString(await ScalarAsync(copy, "PRAGMA integrity_check;", ct).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? "";
        if (!string.Equals(integrity, "ok", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The backup at {destination} failed SQLite's integrity check: {integrity}");
        }
        return new SqliteBackupResult(destination, new FileInfo(destination).Length,
            Convert.ToInt32(await ScalarAsync(copy, "SELECT COALESCE(MAX(version), 0) FROM oversight_schema_version;", ct).ConfigureAwait(false), CultureInfo.InvariantCulture),
            Convert.ToInt64(await ScalarAsync(copy, "SELECT COUNT(*) FROM oversight_event;", ct).ConfigureAwait(false), CultureInfo.InvariantCulture),
            Convert.ToInt64(await ScalarAsync(copy, "SELECT COUNT(*) FROM oversight_stream_head;", ct).ConfigureAwait(false), CultureInfo.InvariantCulture),
            Convert.ToInt64(await ScalarAsync(copy, "SELECT COUNT(*) FROM oversight_blob;", ct).ConfigureAwait(false), CultureInfo.InvariantCulture),
            integrity);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }
}
