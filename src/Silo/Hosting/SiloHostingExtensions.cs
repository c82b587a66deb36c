using Microsoft.AspNetCore.Http.HttpResults;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Oversight.Grains.Abstractions.Settings;
using Oversight.Grains.Live;
using Oversight.Silo.AuditTrail;
using Oversight.Silo.Live;
using Oversight.Grains.Aggregates;
using Oversight.Grains.Notifications;
using Oversight.Grains.Operations;
using Oversight.Storage;
using Oversight.Storage.Orleans;

namespace Oversight.Silo.Hosting;

/// <summary>
/// The one place the silo is configured. The Silo process uses it, and so does Web when it co-hosts the silo
/// (Embedded mode). Which database and clustering are used follows from configuration alone.
/// </summary>
public static class SiloHostingExtensions
{
    public static IHostApplicationBuilder AddOversightSilo(this IHostApplicationBuilder builder)
    {
        var hosting = builder.GetHostingOptions();
        var database = builder.GetDatabaseOptions(hosting);

        builder.Services.AddOptions<FollowUpOptions>().BindConfiguration(FollowUpOptions.SectionName);
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.SectionName);
        builder.Services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName);
        builder.Services.AddOptions<BackgroundJobOptions>().BindConfiguration(BackgroundJobOptions.SectionName);
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName);
        builder.Services.AddOptions<Grains.Domain.Monitoring.EServiceOptions>().BindConfiguration(Grains.Domain.Monitoring.EServiceOptions.SectionName);
        builder.Services.AddSingleton<INotificationSender, SmtpNotificationSender>();
        // Reminders exist where the database can hold them (PostgreSQL); Embedded jobs use state plus timers.
        builder.Services.AddSingleton(new JobScheduling(UseReminders: database.Provider == DatabaseProvider.PostgreSql));
        builder.Services.TryAddTimeProvider();
        builder.Services.AddOversightStorage(database);
        builder.Services.AddOptions<LiveFeedOptions>().BindConfiguration(LiveFeedOptions.SectionName);
        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddSingleton<IChangePublisher>(sp => sp.GetRequiredService<ChangeFeed>());
        builder.Services.AddOversightAggregates();
        builder.Services.AddOptions<AuditTrailOptions>().BindConfiguration(AuditTrailOptions.SectionName);

        // Hosted services start in registration order: the schema is in place before the silo starts.
        builder.Services.AddHostedService(sp => new DatabaseMigrationService(database, sp.GetRequiredService<ILogger<DatabaseMigrationService>>()));

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = hosting.ClusterId;
                o.ServiceId = hosting.ServiceId;
            });
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                // Embedded: one silo on loopback. Reminders are not used here; daily jobs keep their schedule in grain state.
                var siloPort = hosting.SiloPort == 0 ? FreeTcpPort() : hosting.SiloPort;
                silo.Configure<EndpointOptions>(o =>
                {
                    o.AdvertisedIPAddress = IPAddress.Loopback;
                    o.SiloPort = siloPort;
                    o.GatewayPort = hosting.GatewayPort;
                    o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, siloPort);
                    o.GatewayListeningEndpoint = hosting.GatewayPort == 0 ? null : new IPEndPoint(IPAddress.Loopback, hosting.GatewayPort);
                });
                silo.UseDevelopmentClustering(new IPEndPoint(IPAddress.Loopback, siloPort));
            }
            else
            {
                silo.ConfigureEndpoints(
                    hosting.AdvertisedHost ?? Dns.GetHostName(),
                    hosting.SiloPort,
                    hosting.GatewayPort,
                    listenOnAnyHostAddress: true);
                silo.UseOversightClustering(database);
                silo.UseOversightReminders(database);
                var liveness = ClusterLivenessOptions.From(builder.Configuration);
                silo.Configure<ClusterMembershipOptions>(liveness.ApplyTo);
            }
            silo.AddOversightGrainStorage(database);
            silo.AddStartupTask<SeedStartupTask>();
            // Grain calls carry the trace context; every silo collects for the Orleans Dashboard (served by Web, ADR 11).
            silo.AddActivityPropagation();
            if (builder.GetTelemetryOptions().Dashboard)
            {
                silo.AddDashboard();
            }
        });
        // After the silo (hosted services start in order): the feed loop talks to grains.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChangeFeed>());
        builder.Services.AddHostedService<CheckpointTicker>();
        return builder;
    }

    /// <summary>
    /// Defaults of the stand-alone Silo process (production): PostgreSQL, demo off. They sit below every other
    /// configuration source, so environment variables and appsettings override them. (Kept in code rather than in an
    /// appsettings.json that would collide with Web's when Web, which references this project, is published.)
    /// </summary>
    public static IHostApplicationBuilder UseSiloProcessDefaults(this IHostApplicationBuilder builder)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.PostgreSql),
            ["Hosting:GatewayPort"] = "30000",
            ["Demo:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Warning",
            ["Logging:LogLevel:Orleans.Runtime.Silo"] = "Information",
            // Orleans' placement runs through a Polly pipeline that logs every attempt at Information.
            ["Logging:LogLevel:Polly"] = "Warning",
        };
        ((IConfigurationBuilder)builder.Configuration).Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults });
        return builder;
    }

    public static WebApplication MapOversightHealth(this WebApplication app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new LivenessResponse("live")))
            .WithTags("Health").WithName("GetLiveness").WithSummary("Liveness: the process answers.").WithMetadata(NoClusterCall.Instance);
        // Ready = serving: the bundled seed and the accounts are in place (bounded work, awaited at silo start). Jobs that
        // grow with the data run in the background (ADR 8) and do not hold readiness back; "jobs" shows them and
        // "jobsInProgress" says whether any is still working (a deployment script can wait on it, a load balancer need not).
        app.MapGet("/health/ready", async Task<Results<Ok<ReadinessResponse>, JsonHttpResult<StartingResponse>>> (IGrainFactory grains) =>
        {
            var seed = await grains.GetGrain<Grains.Abstractions.Operations.ISeedGrain>(Grains.Abstractions.Common.GrainKeys.Seed).GetStatusAsync();
            if (!seed.Seeded)
            {
                return TypedResults.Json(new StartingResponse("starting"), statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            var jobs = await Grains.Abstractions.Operations.BackgroundJobs.ListAsync(grains);
            return TypedResults.Ok(new ReadinessResponse("ready", seed.SeededAt, jobs.Any(j => j.InProgress),
                jobs.Select(j => new ReadinessJob(j.Name, j.State, j.Run, j.Done, j.Total)).ToArray()));
        }).WithTags("Health").WithName("GetReadiness")
            .Produces<StartingResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Readiness: serving once the bundled seed and accounts are in place (503 while starting); jobsInProgress says whether background jobs still run.");
        return app;
    }

    public static HostingOptions GetHostingOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.SectionName);
        return builder.Configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions();
    }

    public static DatabaseOptions GetDatabaseOptions(this IHostApplicationBuilder builder, HostingOptions hosting)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (options.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(builder.Configuration[$"{DatabaseOptions.SectionName}:ConnectionString"]))
        {
            options.ConnectionString = $"Data Source={Path.Combine(hosting.DataDirectory, "oversight.db")}";
        }
        builder.Services.AddSingleton(Options.Create(options));
        return options;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The answer of <c>/health/live</c>.</summary>
public sealed record LivenessResponse(string Status);

/// <summary>The answer of <c>/health/ready</c> once serving (200).</summary>
public sealed record ReadinessResponse(string Status, DateTimeOffset? SeededAt, bool JobsInProgress, IReadOnlyList<ReadinessJob> Jobs);

/// <summary>A background job as <c>/health/ready</c> shows it.</summary>
public sealed record ReadinessJob(string Name, string State, string? Run, long Done, long? Total);

/// <summary>The answer of <c>/health/ready</c> while starting (503).</summary>
public sealed record StartingResponse(string Status);
