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
/// Each step is idempotent and is tried again while the cluster is briefly unreachable (a silo starting or dying next to
/// this one, a call timing out under load): a start-up task that throws stops the silo process, so only a real failure
/// may do that (<see cref="TransientClusterFailure"/>).
/// </summary>
public sealed class SeedStartupTask(IGrainFactory grains, IOptions<DemoOptions> demo, IOptions<SeedOptions> seed,
    IOptions<BootstrapOptions> bootstrap, ILogger<SeedStartupTask> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        Task<T> Step<T>(string step, Func<Task<T>> call) => TransientClusterFailure.RetryAsync(step, call, logger, cancellationToken);
        var users = grains.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory);

        var status = await Step("seed", () => grains.GetGrain<ISeedGrain>(GrainKeys.Seed).EnsureSeededAsync());
        await Step("monitoring seed", () => grains.GetGrain<Grains.Abstractions.Monitoring.IMonitoringSeedGrain>(GrainKeys.Seed).EnsureSeededAsync(demo.Value.Enabled));
        var changed = await Step("demo accounts", () => users.EnsureDemoAccountsAsync(demo.Value.Enabled));
        if (bootstrap.Value.AdminPassword is { Length: > 0 } password
            && await Step("bootstrap administrator", () => users.EnsureBootstrapAdminAsync(bootstrap.Value.AdminUsername, password)))
        {
            logger.LogWarning("Created the bootstrap administrator '{User}'. Change its password and remove Bootstrap:AdminPassword.", bootstrap.Value.AdminUsername);
        }
        if (seed.Value.SyntheticReports > 0)
        {
            var synthetic = await Step("synthetic data job", () => grains.GetGrain<ISeedGrain>(GrainKeys.Seed)
                .EnsureSyntheticAsync(seed.Value.SyntheticReports, seed.Value.SyntheticRecommendationsPerReport));
            logger.LogInformation("Synthetic data job: {State}, {Done} of {Total} reports", synthetic.State, synthetic.Done, synthetic.Total);
        }
        var overdue = await Step("overdue job", () => grains.GetGrain<IOverdueJobGrain>(GrainKeys.OverdueJob).EnsureScheduledAsync());
        logger.LogInformation("Overdue job: {State} (run {Run})", overdue.State, overdue.Run);
        if (demo.Value is { Enabled: true, Activity: true })
        {
            await Step("demo activity", async () =>
            {
                await grains.GetGrain<IDemoActivityGrain>(GrainKeys.DemoActivity).StartAsync(demo.Value.ActivityInterval, demo.Value.ActivityOnRealReport);
                return true;
            });
            logger.LogWarning("Demo activity is on: synthetic changes every {Interval} on {Report}", demo.Value.ActivityInterval,
                demo.Value.ActivityOnRealReport ? "the real report (as configured)" : "a labelled synthetic copy");
        }
        logger.LogInformation("Seed loaded: {Reports}; demo mode {Demo} ({Changed} account changes)",
            string.Join(", ", status.ReportIds), demo.Value.Enabled ? "on" : "off", changed);
    }
}
