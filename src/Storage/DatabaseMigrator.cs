using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using Oversight.Storage.Internal;

namespace Oversight.Storage;

/// <summary>
/// Applies the embedded schema scripts (<c>Schema/&lt;Provider&gt;/NNNN_name.sql</c>) in version order, each in its own
/// transaction together with its row in <c>oversight_schema_version(version, name, checksum, applied_at)</c>.
/// </summary>
/// <remarks>
/// Safe to run repeatedly and from several processes at once: on PostgreSQL the whole run holds a session advisory
/// lock (<c>pg_advisory_lock</c>); on SQLite each script runs under <c>BEGIN IMMEDIATE</c> (the database write lock)
/// and re-checks whether another process applied it first. A script already applied whose text has since changed
/// (different checksum) stops the run with <see cref="SchemaChecksumMismatchException"/>: applied scripts are never
/// edited, new changes go into a new script. SQLite: the database file's directory is created when missing and the
/// journal mode is set to WAL (persistent).
/// </remarks>
public static class DatabaseMigrator
{
    /// <summary>Advisory lock key for schema migrations ("OVSCHEMA").</summary>
    internal const long PostgresAdvisoryLockKey = 0x4F56_5343_4845_4D41;

    public static Task<SchemaStatus> MigrateAsync(DatabaseOptions options, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return MigrateAsync(options, SchemaScripts.For(options.Provider), logger, ct);
    }

    /// <summary>
    /// Applies the scripts up to and including <paramref name="version"/> only: a database as an earlier release left it,
    /// to rehearse an upgrade (docs/operations.md, "Migrations and upgrades") or to test one.
    /// </summary>
    public static Task<SchemaStatus> MigrateToAsync(DatabaseOptions options, int version, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return MigrateAsync(options, [.. SchemaScripts.For(options.Provider).Where(s => s.Version <= version)], logger, ct);
    }

    /// <summary>The schema scripts this build carries for a provider, in version order.</summary>
    public static IReadOnlyList<SchemaScriptInfo> Scripts(DatabaseProvider provider) => [.. SchemaScripts.For(provider).Select(s => s.Info)];

    internal static Task<SchemaStatus> MigrateAsync(DatabaseOptions options, IReadOnlyList<SchemaScript> scripts, ILogger? logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider switch
        {
            DatabaseProvider.Sqlite => MigrateSqliteAsync(options.ConnectionString, scripts, logger, ct),
            DatabaseProvider.PostgreSql => MigratePostgresAsync(options.ConnectionString, scripts, logger, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown database provider."),
        };
    }

    private static void Verify(SchemaScript script, string appliedName, string appliedChecksum)
    {
        if (!string.Equals(appliedChecksum, script.Checksum, StringComparison.Ordinal))
        {
            throw new SchemaChecksumMismatchException(
                $"Schema script {script.Name} (version {script.Version}) has changed since it was applied to this database: " +
                $"recorded checksum {appliedChecksum}, current script checksum {script.Checksum}. " +
                "Applied scripts must never be edited; put the change in a new script.");
        }

        if (!string.Equals(appliedName, script.Name, StringComparison.Ordinal))
        {
            throw new SchemaChecksumMismatchException(
                $"Schema version {script.Version} was applied as '{appliedName}' but the current script is '{script.Name}'.");
        }
    }

    private static void WarnIfNewer(int currentVersion, IReadOnlyList<SchemaScript> scripts, ILogger? logger)
    {
        var known = scripts.Count == 0 ? 0 : scripts[^1].Version;
        if (currentVersion > known)
        {
            logger?.LogWarning("Database schema version {DatabaseVersion} is newer than this build knows ({KnownVersion}).", currentVersion, known);
        }
    }

    // ---------------------------------------------------------------- SQLite

    private static async Task<SchemaStatus> MigrateSqliteAsync(string connectionString, IReadOnlyList<SchemaScript> scripts, ILogger? logger, CancellationToken ct)
    {
        var cs = SqliteConnections.Normalize(connectionString);
        SqliteConnections.EnsureDirectory(cs);
        await using var connection = await SqliteConnections.OpenAsync(cs, ct).ConfigureAwait(false);

        if (SqliteConnections.FilePath(cs) is not null)
        {
            await using var wal = connection.Command("PRAGMA journal_mode = WAL;");
            var mode = Convert.ToString(await wal.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Could not switch the SQLite database to WAL mode (journal_mode is '{mode}').");
            }
        }

        await ExecAsync(connection, "BEGIN IMMEDIATE;", ct).ConfigureAwait(false);
        try
        {
            await ExecAsync(connection, """
                CREATE TABLE IF NOT EXISTS oversight_schema_version
                (
                    version    INTEGER NOT NULL PRIMARY KEY,
                    name       TEXT    NOT NULL,
                    checksum   TEXT    NOT NULL,
                    applied_at TEXT    NOT NULL
                );
                """, ct).ConfigureAwait(false);
            await ExecAsync(connection, "COMMIT;", ct).ConfigureAwait(false);
        }
        catch
        {
            await TryExecAsync(connection, "ROLLBACK;").ConfigureAwait(false);
            throw;
        }

        var appliedNow = new List<SchemaScriptInfo>();
        foreach (var script in scripts)
        {
            ct.ThrowIfCancellationRequested();
            await ExecAsync(connection, "BEGIN IMMEDIATE;", ct).ConfigureAwait(false);
            try
            {
                string? name = null, checksum = null;
                await using (var select = connection.Command("SELECT name, checksum FROM oversight_schema_version WHERE version = @v;").With("@v", script.Version))
                await using (var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        name = reader.GetString(0);
                        checksum = reader.GetString(1);
                    }
                }

                if (checksum is not null)
                {
                    Verify(script, name!, checksum);
                    await ExecAsync(connection, "COMMIT;", ct).ConfigureAwait(false);
                    continue;
                }

                logger?.LogInformation("Applying SQLite schema script {Script}", script.Name);
                await ExecAsync(connection, script.Sql, ct).ConfigureAwait(false);
                await using (var insert = connection.Command(
                    "INSERT INTO oversight_schema_version (version, name, checksum, applied_at) VALUES (@v, @n, @c, @a);")
                    .With("@v", script.Version).With("@n", script.Name).With("@c", script.Checksum)
                    .With("@a", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)))
                {
                    await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                await ExecAsync(connection, "COMMIT;", ct).ConfigureAwait(false);
                appliedNow.Add(script.Info);
            }
            catch
            {
                await TryExecAsync(connection, "ROLLBACK;").ConfigureAwait(false);
                throw;
            }
        }

        await using var max = connection.Command("SELECT COALESCE(MAX(version), 0) FROM oversight_schema_version;");
        var current = Convert.ToInt32(await max.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
        WarnIfNewer(current, scripts, logger);
        return new SchemaStatus(DatabaseProvider.Sqlite, current, appliedNow);
    }

    private static async Task ExecAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.Command(sql);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task TryExecAsync(SqliteConnection connection, string sql)
    {
        try
        {
            await ExecAsync(connection, sql, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            // No transaction open (it already ended); nothing to undo.
        }
    }

    // ---------------------------------------------------------------- PostgreSQL

    private static async Task<SchemaStatus> MigratePostgresAsync(string connectionString, IReadOnlyList<SchemaScript> scripts, ILogger? logger, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@k);", connection))
        {
            lockCommand.Parameters.AddWithValue("k", PostgresAdvisoryLockKey);
            lockCommand.CommandTimeout = 0;
            await lockCommand.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        try
        {
            await using (var create = new NpgsqlCommand("""
                CREATE TABLE IF NOT EXISTS oversight_schema_version
                (
                    version    integer     NOT NULL PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                """, connection))
            {
                await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            var applied = new Dictionary<int, (string Name, string Checksum)>();
            await using (var select = new NpgsqlCommand("SELECT version, name, checksum FROM oversight_schema_version;", connection))
            await using (var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
                }
            }

            var appliedNow = new List<SchemaScriptInfo>();
            foreach (var script in scripts)
            {
                ct.ThrowIfCancellationRequested();
                if (applied.TryGetValue(script.Version, out var row))
                {
                    Verify(script, row.Name, row.Checksum);
                    continue;
                }

                logger?.LogInformation("Applying PostgreSQL schema script {Script}", script.Name);
                await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (var run = new NpgsqlCommand(script.Sql, connection, tx))
                {
                    run.CommandTimeout = 0;
                    await run.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                await using (var insert = new NpgsqlCommand(
                    "INSERT INTO oversight_schema_version (version, name, checksum) VALUES (@v, @n, @c);", connection, tx))
                {
                    insert.Parameters.AddWithValue("v", script.Version);
                    insert.Parameters.AddWithValue("n", script.Name);
                    insert.Parameters.AddWithValue("c", script.Checksum);
                    await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                await tx.CommitAsync(ct).ConfigureAwait(false);
                appliedNow.Add(script.Info);
            }

            await using var max = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM oversight_schema_version;", connection);
            var current = Convert.ToInt32(await max.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
            WarnIfNewer(current, scripts, logger);
            return new SchemaStatus(DatabaseProvider.PostgreSql, current, appliedNow);
        }
        finally
        {
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@k);", connection);
                unlock.Parameters.AddWithValue("k", PostgresAdvisoryLockKey);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The session lock ends with the connection anyway.
            }
        }
    }
}
