using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Storage;
using Oversight.Storage.Orleans;
using Oversight.TestSupport;

namespace Oversight.Api.Tests;

/// <summary>
/// The production topology as real processes on a fresh PostgreSQL database: silos (src/Silo, started together) and
/// Web hosts as Orleans clients, all with demo accounts. An Orleans client of the test's own (started on demand) says
/// which silo holds a grain. Disposing stops every process and drops the database.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private IHost? _observer;

    private PostgresCluster(string connectionString, string clusterId)
    {
        ConnectionString = connectionString;
        ClusterId = clusterId;
    }

    public string ConnectionString { get; }
    public string ClusterId { get; }
    public List<SiloProcess> Silos { get; } = [];
    public List<WebProcess> WebHosts { get; } = [];

    /// <summary>A new database; <paramref name="silos"/> silos started at the same moment, then ready with their start-up jobs done.</summary>
    public static async Task<PostgresCluster> StartAsync(string name, int silos)
    {
        var cluster = new PostgresCluster(await PostgresServer.CreateDatabaseAsync(name), $"oversight-{name}");
        try
        {
            cluster.Silos.AddRange(Enumerable.Range(0, silos).Select(_ => SiloProcess.Start(cluster.ConnectionString, cluster.ClusterId)));
            await Task.WhenAll(cluster.Silos.Select(s => s.WaitReadyAsync(jobsDone: true)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Replaces a (killed) silo with a new process on the same ports, as a supervisor restarting it would; waits until it is ready.</summary>
    public async Task<SiloProcess> RestartAsync(SiloProcess silo)
    {
        await silo.DisposeAsync();
        var restarted = SiloProcess.Start(ConnectionString, ClusterId, ports: silo.Ports);
        Silos[Silos.IndexOf(silo)] = restarted;
        await restarted.WaitReadyAsync();
        return restarted;
    }

    /// <summary>Starts a Web host (a real process) as an Orleans client of this cluster; every host shares the signing key.</summary>
    public async Task<WebProcess> StartWebHostAsync()
    {
        var (web, _) = await WebProcess.StartAsync(WebProcess.NewDataDirectory("client"), WebProcess.ClientOf(ConnectionString, ClusterId, _signingKey));
        WebHosts.Add(web);
        return web;
    }

    /// <summary>An HTTP client of a Web host signed in as a demo account.</summary>
    public static async Task<HttpClient> SignInAsync(WebProcess web, string username) => Http.Client(web.BaseAddress, await web.TokenAsync(username));

    /// <summary>The silo port of the silo that holds the recommendation's activation now (null when it is not active).</summary>
    public async Task<int?> SiloPortOfAsync(string recommendationId)
    {
        var grains = (await ObserverAsync()).Services.GetRequiredService<IGrainFactory>();
        var address = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetGrain<IRecommendationGrain>(recommendationId));
        return address?.Endpoint.Port;
    }

    private async Task<IHost> ObserverAsync()
    {
        if (_observer is null)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, "oversight"));
                client.UseOversightClustering(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = ConnectionString });
            });
            _observer = builder.Build();
            await _observer.StartAsync();
        }
        return _observer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_observer is not null)
        {
            try
            {
                await _observer.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The cluster may already be gone; the client only observed it.
            }
            _observer.Dispose();
        }
        foreach (var web in WebHosts)
        {
            await web.DisposeAsync();
        }
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }
        await PostgresServer.DropDatabaseAsync(ConnectionString);
    }
}
