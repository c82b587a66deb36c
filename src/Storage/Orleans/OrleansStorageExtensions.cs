using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Oversight.Storage.Internal;

namespace Oversight.Storage.Orleans;

/// <summary>Wires Orleans' ADO.NET providers to the Oversight database (schema from <see cref="DatabaseMigrator"/>).</summary>
public static class OrleansStorageExtensions
{
    /// <summary>ADO.NET invariant for SQLite; Orleans maps it to Microsoft.Data.Sqlite.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>ADO.NET invariant for PostgreSQL (Npgsql).</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// ADO.NET grain storage registered as the default storage, whose name is "Default"
    /// (<see cref="ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME"/>), so <c>[PersistentState("x")]</c> and
    /// <c>[PersistentState("x", "Default")]</c> both use it. State is serialised by
    /// <see cref="SystemTextJsonGrainStorageSerializer"/>. SQLite connections are opened with synchronous=NORMAL and a
    /// busy timeout; PostgreSQL uses the shared <c>NpgsqlDataSource</c>.
    /// </summary>
    public static ISiloBuilder AddOversightGrainStorage(this ISiloBuilder silo, DatabaseOptions db)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(db);
        silo.Services.TryAddSingleton<OversightDataSources>();
        var invariant = Invariant(db);
        return silo.AddAdoNetGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, ob => ob.Configure<OversightDataSources>((o, sources) =>
        {
            o.Invariant = invariant;
            o.ConnectionString = null;
            o.DataSource = sources.Get(db);
            o.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer();
        }));
    }

    /// <summary>ADO.NET clustering on PostgreSQL. SQLite has no clustering: use localhost clustering for one silo.</summary>
    public static ISiloBuilder UseOversightClustering(this ISiloBuilder silo, DatabaseOptions db)
    {
        ArgumentNullException.ThrowIfNull(silo);
        RequirePostgres(db, "clustering");
        silo.Services.TryAddSingleton<OversightDataSources>();
        return silo.UseAdoNetClustering(ob => ob.Configure<OversightDataSources>((o, sources) =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = null;
            o.DataSource = sources.Get(db);
        }));
    }

    /// <summary>ADO.NET reminders on PostgreSQL. SQLite has no reminder table.</summary>
    public static ISiloBuilder UseOversightReminders(this ISiloBuilder silo, DatabaseOptions db)
    {
        ArgumentNullException.ThrowIfNull(silo);
        RequirePostgres(db, "reminders");
        silo.Services.TryAddSingleton<OversightDataSources>();
        return silo.UseAdoNetReminderService(ob => ob.Configure<OversightDataSources>((o, sources) =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = null;
            o.DataSource = sources.Get(db);
        }));
    }

    /// <summary>A client that finds the silos' gateways in the PostgreSQL membership table.</summary>
    public static IClientBuilder UseOversightClustering(this IClientBuilder client, DatabaseOptions db)
    {
        ArgumentNullException.ThrowIfNull(client);
        RequirePostgres(db, "client clustering");
        client.Services.TryAddSingleton<OversightDataSources>();
        return client.UseAdoNetClustering(ob => ob.Configure<OversightDataSources>((o, sources) =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = null;
            o.DataSource = sources.Get(db);
        }));
    }

    private static string Invariant(DatabaseOptions db) => db.Provider switch
    {
        DatabaseProvider.Sqlite => SqliteInvariant,
        DatabaseProvider.PostgreSql => PostgresInvariant,
        _ => throw new ArgumentOutOfRangeException(nameof(db), db.Provider, "Unknown database provider."),
    };

    private static void RequirePostgres(DatabaseOptions db, string feature)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Provider != DatabaseProvider.PostgreSql)
        {
            throw new NotSupportedException(
                $"Orleans {feature} needs PostgreSQL (Database:Provider = PostgreSql); the {db.Provider} provider only " +
                "supports grain persistence. Use UseLocalhostClustering() for a single SQLite silo.");
        }
    }
}
