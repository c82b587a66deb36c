using System.Collections.Concurrent;
using System.Data.Common;
using Npgsql;

namespace Oversight.Storage.Internal;

/// <summary>
/// One shared data source per connection string (a singleton in DI), so the event store, read model, blob store and
/// Orleans providers share one Npgsql pool. Disposed with the service provider.
/// </summary>
internal sealed class OversightDataSources : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<(DatabaseProvider, string), Lazy<DbDataSource>> _sources = new();

    public DbDataSource Get(DatabaseOptions options) =>
        _sources.GetOrAdd((options.Provider, options.ConnectionString), key => new Lazy<DbDataSource>(() => Create(key.Item1, key.Item2))).Value;

    public NpgsqlDataSource GetNpgsql(DatabaseOptions options) =>
        options.Provider == DatabaseProvider.PostgreSql
            ? (NpgsqlDataSource)Get(options)
            : throw new InvalidOperationException("Not a PostgreSQL configuration.");

    private static DbDataSource Create(DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.PostgreSql:
                return NpgsqlDataSource.Create(connectionString);
            case DatabaseProvider.Sqlite:
                SqliteConnections.EnsureDirectory(connectionString);
                return new SqliteDbDataSource(connectionString);
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values.Where(s => s.IsValueCreated))
        {
            await source.Value.DisposeAsync().ConfigureAwait(false);
        }

        _sources.Clear();
    }

    public void Dispose()
    {
        foreach (var source in _sources.Values.Where(s => s.IsValueCreated))
        {
            source.Value.Dispose();
        }

        _sources.Clear();
    }
}
