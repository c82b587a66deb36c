using Orleans.Configuration;
using Orleans.Dashboard;
using Oversight.Silo.Hosting;
using Oversight.Storage.Orleans;

namespace Oversight.Web.Hosting;

public static class BackendExtensions
{
    /// <summary>
    /// Embedded (default): this process co-hosts the silo through the Silo project's hosting extension.
    /// Client: this process is an Orleans client of the silo cluster found through the database.
    /// </summary>
    public static IHostApplicationBuilder AddOversightBackend(this IHostApplicationBuilder builder)
    {
        var hosting = builder.GetHostingOptions();
        if (hosting.Mode == HostingMode.Embedded)
        {
            builder.AddOversightSilo();
            return builder;
        }

        var database = builder.GetDatabaseOptions(hosting);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = hosting.ClusterId;
                o.ServiceId = hosting.ServiceId;
            });
            client.UseOversightClustering(database);
            var liveness = ClusterLivenessOptions.From(builder.Configuration);
            client.Configure<GatewayOptions>(liveness.ApplyTo);
            client.Configure<ClientMessagingOptions>(liveness.ApplyTo);
            client.AddActivityPropagation();
            if (builder.GetTelemetryOptions().Dashboard)
            {
                client.AddDashboard();
            }
        });
        return builder;
    }
}
