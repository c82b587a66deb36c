using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Settings;
using Oversight.Grains.Abstractions.Users;

namespace Oversight.Silo.Hosting;

/// <summary>
/// On every silo start: load the seed if it is not loaded yet, and bring the demo accounts in line with demo mode. Only
/// bounded work is awaited here (the bundled report, the monitoring reference data, the accounts); whatever grows with
/// the data (synthetic reports, the overdue catch-up) is started as a background job and runs while the host serves
/// (ADR 8). Their progress: GET /api/v1/operations/jobs, and the "jobs" field of /health/ready.
/// </summary>
public sealed class SeedStartupTask(IGrainFactory grains, IOptions<DemoOptions> demo, IOptions<SeedOptions> seed,
    IOptions<BootstrapOptions> bootstrap, ILogger<SeedStartupTask> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        var status = await grains.GetGrain<ISeedGrain>(GrainKeys.Seed).EnsureSeededAsync();
        await grains.GetGrain<Grains.Abstractions.Monitoring.IMonitoringSeedGrain>(GrainKeys.Seed).EnsureSeededAsync(demo.Value.Enabled);
        var changed = await grains.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory).EnsureDemoAccountsAsync(demo.Value.Enabled);
        if (bootstrap.Value.AdminPassword is { Length: > 0 } password
            && await grains.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory).EnsureBootstrapAdminAsync(bootstrap.Value.AdminUsername, password))
        {
            logger.LogWarning("Created the bootstrap administrator '{User}'. Change its password and remove Bootstrap:AdminPassword.", bootstrap.Value.AdminUsername);
        }
        if (seed.Value.SyntheticReports > 0)
        {
            var synthetic = await grains.GetGrain<ISeedGrain>(GrainKeys.Seed).EnsureSyntheticAsync(seed.Value.SyntheticReports, seed.Value.SyntheticRecommendationsPerReport);
            logger.LogInformation("Synthetic data job: {State}, {Done} of {Total} reports", synthetic.State, synthetic.Done, synthetic.Total);
        }
        var overdue = await grains.GetGrain<IOverdueJobGrain>(GrainKeys.OverdueJob).EnsureScheduledAsync();
        logger.LogInformation("Overdue job: {State} (run {Run})", overdue.State, overdue.Run);
        if (demo.Value is { Enabled: true, Activity: true })
        {
            await grains.GetGrain<IDemoActivityGrain>(GrainKeys.DemoActivity).StartAsync(demo.Value.ActivityInterval, demo.Value.ActivityOnRealReport);
            logger.LogWarning("Demo activity is on: synthetic changes every {Interval} on {Report}", demo.Value.ActivityInterval,
                demo.Value.ActivityOnRealReport ? "the real report (as configured)" : "a labelled synthetic copy");
        }
        logger.LogInformation("Seed loaded: {Reports}; demo mode {Demo} ({Changed} account changes)",
            string.Join(", ", status.ReportIds), demo.Value.Enabled ? "on" : "off", changed);
    }
}
