using Oversight.Grains.Aggregates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Settings;
using Oversight.Grains.Abstractions.Users;
using Oversight.Grains.Live;
using Oversight.Grains.Notifications;
using Oversight.Grains.Operations;
using Oversight.Storage;
using Oversight.Storage.Orleans;
using Oversight.TestSupport;

namespace Oversight.Grains.Tests;

/// <summary>
/// An in-process cluster on a real database (a fresh SQLite file, or a fresh PostgreSQL database), configured the
/// way the silo is: the project's schema, ADO.NET grain storage with System.Text.Json, the event store and read model.
/// The clock is fake so tests can move the Thai date.
/// </summary>
public abstract class ClusterFixtureBase : IAsyncLifetime
{
    /// <summary>2026-11-24 10:00 in Bangkok.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);
    public RecordingNotificationSender Emails { get; } = new();
    public DatabaseOptions Database { get; private set; } = null!;
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IClusterClient Client => Cluster.Client;
    public IServiceProvider SiloServices => Cluster.Silos[0].ServiceProvider;

    protected abstract Task<DatabaseOptions> CreateDatabaseAsync();

    /// <summary>Background jobs do not pump themselves here: tests work their pages one call at a time (a small page, so paging is exercised).</summary>
    public static readonly BackgroundJobOptions Jobs = new() { AutoRun = false, OverduePageSize = 4, SeedReportsPerPage = 7 };

    /// <summary>A one-silo cluster configured the way the silo is, on the given database (used again to restart on the same data).</summary>
    public static async Task<InProcessTestCluster> DeployAsync(DatabaseOptions database, TimeProvider time, INotificationSender emails, BackgroundJobOptions jobs,
        string? serviceId = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId; // grain state is keyed by service id: the same one finds it again after a restart
        }
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddOversightGrainStorage(database);
            silo.Services.AddOversightStorage(database);
            silo.Services.AddOversightAggregates();
            silo.Services.AddSingleton(time);
            silo.Services.AddSingleton<IChangePublisher, NullChangePublisher>();
            silo.Services.AddSingleton(new JobScheduling(UseReminders: false));
            silo.Services.AddSingleton(emails);
            silo.Services.AddSingleton(Options.Create(new FollowUpOptions()));
            silo.Services.AddSingleton(Options.Create(new Oversight.Grains.Domain.Monitoring.EServiceOptions()));
            silo.Services.AddSingleton(Options.Create(new DemoOptions { Enabled = true }));
            silo.Services.AddSingleton(Options.Create(jobs));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        await DatabaseMigrator.MigrateAsync(Database);
        Cluster = await DeployAsync(Database, Time, Emails, Jobs);
        await Client.GetGrain<ISeedGrain>(GrainKeys.Seed).EnsureSeededAsync();
        await Client.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory).EnsureDemoAccountsAsync(true);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

public sealed class SqliteClusterFixture : ClusterFixtureBase
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync() => Task.FromResult(new DatabaseOptions
    {
        Provider = DatabaseProvider.Sqlite,
        ConnectionString = $"Data Source={TempPaths.NewSqliteFile("grains")}",
    });
}

public sealed class PostgresClusterFixture : ClusterFixtureBase
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync() => new()
    {
        Provider = DatabaseProvider.PostgreSql,
        ConnectionString = await PostgresServer.CreateDatabaseAsync("grains"),
    };
}

[CollectionDefinition(Name)]
public sealed class SqliteCluster : ICollectionFixture<SqliteClusterFixture>
{
    public const string Name = "sqlite cluster";
}

[CollectionDefinition(Name)]
public sealed class PostgresCluster : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "postgres cluster";
}

/// <summary>Keeps what would have been e-mailed (the SMTP path itself is tested against a real SMTP peer elsewhere).</summary>
public sealed class RecordingNotificationSender : INotificationSender
{
    public System.Collections.Concurrent.ConcurrentQueue<(string Unit, Oversight.Grains.Abstractions.Notifications.NotificationRequest Notification)> Sent { get; } = new();

    public void Enqueue(string unit, Oversight.Grains.Abstractions.Notifications.NotificationRequest notification) => Sent.Enqueue((unit, notification));
}
