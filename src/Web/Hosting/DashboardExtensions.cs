using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Oversight.Silo.Hosting;
using Oversight.Web.Auth;

namespace Oversight.Web.Hosting;

/// <summary>
/// The Orleans Dashboard (grains, silos, reminders, live log), served by the Web host for administrators only, on
/// <see cref="TelemetryOptions.DashboardPort"/> when set. Every silo collects for it (SiloHostingExtensions); in
/// Client mode the Web host reads it through the cluster client (BackendExtensions). See ADR 11.
/// </summary>
public static class DashboardExtensions
{
    public const string Path = "/dashboard";

    public static WebApplication MapOversightDashboard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (!options.Dashboard)
        {
            return app;
        }
        var dashboard = app.MapOrleansDashboard(Path)
            .RequireAuthorization(Policies.Admin)
            .ExcludeFromDescription();
        if (options.DashboardPort is { } port)
        {
            dashboard.WithMetadata(new ManagementPortMetadata(port));
        }
        return app;
    }
}
