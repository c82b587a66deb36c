using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Oversight.Storage.Blobs;
using Oversight.Storage.Events;
using Oversight.Storage.ReadModel;
using Oversight.TestSupport;

namespace Oversight.Storage.Tests;

/// <summary>Fresh real databases (a SQLite file under /tmp or a new PostgreSQL database) for each test.</summary>
public static class TestDatabases
{
    public static async Task<DatabaseOptions> CreateAsync(DatabaseProvider provider, string prefix, bool migrate = true)
    {
        var options = provider switch
        {
            DatabaseProvider.Sqlite => new DatabaseOptions
            {
                Provider = DatabaseProvider.Sqlite,
                ConnectionString = $"Data Source={TempPaths.NewSqliteFile(prefix)}",
            },
            _ => new DatabaseOptions
            {
                Provider = DatabaseProvider.PostgreSql,
                ConnectionString = await PostgresServer.CreateDatabaseAsync(prefix),
            },
        };

        if (migrate)
        {
            await DatabaseMigrator.MigrateAsync(options);
        }

        return options;
    }

    /// <summary>Runs raw SQL outside the stores (to tamper with data, drop triggers, inspect tables).</summary>
    public static async Task<int> ExecAsync(DatabaseOptions options, string sql)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteNonQueryAsync();
        }

        await using var pg = new NpgsqlConnection(options.ConnectionString);
        await pg.OpenAsync();
        await using var pgCommand = new NpgsqlCommand(sql, pg);
        return await pgCommand.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(DatabaseOptions options, string sql)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteScalarAsync();
        }

        await using var pg = new NpgsqlConnection(options.ConnectionString);
        await pg.OpenAsync();
        await using var pgCommand = new NpgsqlCommand(sql, pg);
        return await pgCommand.ExecuteScalarAsync();
    }

    public static async Task<long> CountAsync(DatabaseOptions options, string table) =>
        Convert.ToInt64(await ScalarAsync(options, $"SELECT COUNT(*) FROM {table}"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Removes the append-only triggers (tamper tests only).</summary>
    public static Task DropAppendOnlyTriggersAsync(DatabaseOptions options) =>
        ExecAsync(options, options.Provider == DatabaseProvider.Sqlite
            ? "DROP TRIGGER oversight_event_no_update; DROP TRIGGER oversight_event_no_delete;"
            : "DROP TRIGGER oversight_event_no_update_delete ON oversight_event; DROP TRIGGER oversight_event_no_truncate ON oversight_event;");
}

/// <summary>The stores of one database, built through <c>AddOversightStorage</c>.</summary>
public sealed class StoreSet : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private StoreSet(DatabaseOptions options, ServiceProvider services)
    {
        Options = options;
        _services = services;
    }

    public DatabaseOptions Options { get; }

    public IEventStore Events => _services.GetRequiredService<IEventStore>();

    public IRecommendationReadStore ReadModel => _services.GetRequiredService<IRecommendationReadStore>();

    public IBlobStore Blobs => _services.GetRequiredService<IBlobStore>();

    public ChainVerifier Verifier => _services.GetRequiredService<ChainVerifier>();

    public Oversight.Storage.Checkpoints.ICheckpointStore Checkpoints => _services.GetRequiredService<Oversight.Storage.Checkpoints.ICheckpointStore>();

    public Oversight.Storage.Projections.ProjectionChecker Projections => _services.GetRequiredService<Oversight.Storage.Projections.ProjectionChecker>();

    /// <summary>A second, independent set of stores on the same database (another silo).</summary>
    public StoreSet Another() => new(Options, new ServiceCollection().AddOversightStorage(Options).BuildServiceProvider());

    /// <summary>Stores on a database that already exists (migrated by the caller).</summary>
    public static StoreSet Open(DatabaseOptions options) => new(options, new ServiceCollection().AddOversightStorage(options).BuildServiceProvider());

    public static async Task<StoreSet> CreateAsync(DatabaseProvider provider, string prefix)
    {
        var options = await TestDatabases.CreateAsync(provider, prefix);
        return new StoreSet(options, new ServiceCollection().AddOversightStorage(options).BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();

        // Best-effort cleanup so repeated runs do not fill /tmp (the blob tests store 25 MB each).
        try
        {
            if (Options.Provider == DatabaseProvider.Sqlite)
            {
                SqliteConnection.ClearAllPools();
                var file = new SqliteConnectionStringBuilder(Options.ConnectionString).DataSource;
                var dir = Path.GetDirectoryName(Path.GetFullPath(file));
                if (dir is not null && dir.StartsWith("/tmp/oversight-tests/", StringComparison.Ordinal))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
            else
            {
                await PostgresServer.DropDatabaseAsync(Options.ConnectionString);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NpgsqlException)
        {
            // Leftovers live in /tmp and in the throwaway cluster only.
        }
    }
}

public static class Samples
{
    public static NewEvent Event(string type = "note-added", string payload = "{\"text\":\"hello\"}", DateTimeOffset? at = null, string actor = "auditor@example.org") =>
        new(type, at ?? DateTimeOffset.UtcNow, actor, payload);

    public static RecommendationSummaryRow Summary(
        string id, string reportId = "R-2026-01", string code = "1.1", int sortOrder = 1, string[]? units = null,
        string status = "not-started", DateOnly? due = null, long version = 1, string? parentId = null) =>
        new(id, reportId, code, "F-" + code, parentId, sortOrder, "ข้อเสนอแนะ " + code, "Recommendation " + code,
            units ?? ["ICT"], null, status, 0, due ?? new DateOnly(2026, 6, 30), version,
            new DateTimeOffset(2026, 1, 15, 8, 30, 0, TimeSpan.FromHours(7)).AddTicks(1234567), "auditor@example.org");

    public static double Percentile(List<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
