using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Oversight.Storage.Blobs;
using Oversight.Storage.Checkpoints;
using Oversight.Storage.Events;
using Oversight.Storage.Internal;
using Oversight.Storage.KeyRing;
using Oversight.Storage.Projections;
using Oversight.Storage.ReadModel;

namespace Oversight.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEventStore"/>, <see cref="IRecommendationReadStore"/>, <see cref="IBlobStore"/>,
    /// <see cref="ICheckpointStore"/>, <see cref="ProjectionChecker"/> and <see cref="ChainVerifier"/> as singletons for the configured provider. The SQLite event store owns its writer
    /// connection and is disposed (queue drained, connection closed) with the service provider; PostgreSQL stores share
    /// one <c>NpgsqlDataSource</c>, also disposed with the provider. The schema is not migrated here: call
    /// <see cref="DatabaseMigrator.MigrateAsync"/> at start-up.
    /// </summary>
    public static IServiceCollection AddOversightStorage(this IServiceCollection services, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton<OversightDataSources>();

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddSingleton(sp => new SqliteEventStore(options, sp.GetService<ILogger<SqliteEventStore>>()));
                services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<SqliteEventStore>());
                services.AddSingleton<IRecommendationReadStore>(_ => new SqliteRecommendationReadStore(options));
                services.AddSingleton<IBlobStore>(_ => new SqliteBlobStore(options));
                break;
            case DatabaseProvider.PostgreSql:
                services.AddSingleton<IEventStore>(sp => new PostgresEventStore(sp.GetRequiredService<OversightDataSources>().GetNpgsql(options)));
                services.AddSingleton<IRecommendationReadStore>(sp => new PostgresRecommendationReadStore(sp.GetRequiredService<OversightDataSources>().GetNpgsql(options)));
                services.AddSingleton<IBlobStore>(sp => new PostgresBlobStore(sp.GetRequiredService<OversightDataSources>().GetNpgsql(options)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown database provider.");
        }

        services.AddSingleton<ICheckpointStore>(sp => new CheckpointStore(sp.GetRequiredService<OversightDataSources>().Get(options), options.Provider,
            sp.GetService<ILogger<CheckpointStore>>()));
        services.AddSingleton(sp => new ProjectionChecker(sp.GetRequiredService<OversightDataSources>().Get(options),
            options.Provider == DatabaseProvider.Sqlite ? SqliteValues.Convert : value => value ?? DBNull.Value));
        services.AddSingleton(sp => new Monitoring.MonitoringStore(sp.GetRequiredService<OversightDataSources>().Get(options), options.Provider));
        services.AddSingleton(sp => new ChainVerifier(sp.GetRequiredService<IEventStore>(), sp.GetRequiredService<ICheckpointStore>()));
        return services;
    }

    /// <summary>
    /// Registers <see cref="KeyRingStore"/> over the configured database (<c>IOptions&lt;DatabaseOptions&gt;</c>), for hosts
    /// that do not run the silo's storage (a Web host in client mode) as well as those that do.
    /// </summary>
    public static IServiceCollection AddOversightKeyRing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<OversightDataSources>();
        services.TryAddSingleton(sp => new KeyRingStore(
            sp.GetRequiredService<OversightDataSources>().Get(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value)));
        return services;
    }
}
