using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Operations;
using Oversight.Grains.Recommendations;
using Oversight.Storage;
using Oversight.TestSupport;

namespace Oversight.Grains.Tests;

/// <summary>Works a background job to its end one page (one grain call) at a time, checking every page stays within its bound.</summary>
public static class JobDriver
{
    public static async Task<JobProgress> RunToEndAsync(Func<Task<JobProgress>> page, JobProgress progress, List<long>? pageSizes = null)
    {
        var calls = 0;
        while (progress.State != JobProgress.Finished)
        {
            Assert.NotEqual(JobProgress.Failed, progress.State);
            Assert.NotEqual(JobProgress.Idle, progress.State);
            var before = progress.Done;
            progress = await page();
            pageSizes?.Add(progress.Done - before);
            Assert.True(progress.Done - before <= progress.PageSize, $"one call did {progress.Done - before} items; the page bound is {progress.PageSize}");
            Assert.True(++calls < 100_000, "the job never finished");
        }
        return progress;
    }

    public static async Task<OverdueJobRun> RunOverdueAsync(IOverdueJobGrain job)
    {
        await RunToEndAsync(job.RunPageAsync, await job.StartAsync());
        return (await job.GetLastRunAsync())!;
    }
}

/// <summary>
/// The synthetic seed and the overdue catch-up as background jobs (ADR 8) on a few thousand recommendations: each call
/// does one bounded page, a restart in the middle resumes from the persisted cursor, and the counts come out right.
/// </summary>
public sealed class BackgroundJobTests : IAsyncLifetime
{
    private const int Reports = 400, PerReport = 5; // 2,000 synthetic recommendations, plus the 15 of the bundled report
    private readonly FakeTimeProvider _time = new(ClusterFixtureBase.Start);
    private readonly RecordingNotificationSender _emails = new();
    private readonly BackgroundJobOptions _jobs = new() { AutoRun = false, OverduePageSize = 50, SeedReportsPerPage = 15 };
    private readonly string _serviceId = "jobs-" + Guid.NewGuid().ToString("N")[..8];
    private DatabaseOptions _database = null!;
    private InProcessTestCluster _cluster = null!;

    private IClusterClient Client => _cluster.Client;

    public async Task InitializeAsync()
    {
        _database = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={TempPaths.NewSqliteFile("jobs")}" };
        await DatabaseMigrator.MigrateAsync(_database);
        _cluster = await ClusterFixtureBase.DeployAsync(_database, _time, _emails, _jobs, _serviceId);
        await Client.GetGrain<ISeedGrain>(GrainKeys.Seed).EnsureSeededAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>A restart: the silo goes away with everything in memory, and a new one starts on the same database.</summary>
    private async Task RestartAsync()
    {
        await _cluster.DisposeAsync();
        _cluster = await ClusterFixtureBase.DeployAsync(_database, _time, _emails, _jobs, _serviceId);
    }

    [Fact]
    public async Task The_seed_and_the_overdue_catch_up_work_in_bounded_pages_and_resume_after_a_restart()
    {
        // Start-up asks for the synthetic data: the call returns at once with the job running, nothing added yet.
        var seed = Client.GetGrain<ISeedGrain>(GrainKeys.Seed);
        var started = await seed.EnsureSyntheticAsync(Reports, PerReport);
        Assert.Equal((JobProgress.Running, 0L, (long?)Reports), (started.State, started.Done, started.Total));

        // The overdue catch-up is due too, but waits while the seed appends rows behind its cursor.
        var overdue = Client.GetGrain<IOverdueJobGrain>(GrainKeys.OverdueJob);
        Assert.Equal(JobProgress.Running, (await overdue.EnsureScheduledAsync()).State);
        var waiting = await overdue.RunPageAsync();
        Assert.Equal((JobProgress.Waiting, 0L), (waiting.State, waiting.Done));

        // Five pages, then the silo goes away.
        var progress = started;
        for (var i = 0; i < 5; i++)
        {
            progress = await seed.RunSyntheticPageAsync();
        }
        Assert.Equal(5 * _jobs.SeedReportsPerPage, progress.Done);
        Assert.Equal(5L * _jobs.SeedReportsPerPage * PerReport, progress.Counters["recommendationsAdded"]);
        await RestartAsync();

        // After the restart the job carries on from its cursor (nothing redone, nothing lost).
        seed = Client.GetGrain<ISeedGrain>(GrainKeys.Seed);
        var resumed = await seed.EnsureSyntheticAsync(Reports, PerReport);
        Assert.Equal((JobProgress.Running, 5L * _jobs.SeedReportsPerPage, 1), (resumed.State, resumed.Done, resumed.Resumes));
        var seedPages = new List<long>();
        var done = await JobDriver.RunToEndAsync(seed.RunSyntheticPageAsync, resumed, seedPages);
        Assert.Equal((long)Reports, done.Done);
        Assert.Equal((long)Reports * PerReport, done.Counters["recommendationsAdded"]);
        Assert.Equal((long)Reports * PerReport, done.Counters["recommendations"]);
        Assert.Equal((Reports + _jobs.SeedReportsPerPage - 1) / _jobs.SeedReportsPerPage, done.Pages);
        Assert.Equal(_jobs.SeedReportsPerPage, done.LargestPage);
        var query = Client.GetGrain<IRecommendationQueryGrain>(0);
        Assert.Equal(Reports * PerReport + 15, (await query.ListAsync(new RecommendationFilter(Limit: 1, DataSet: DataSet.All))).Total);
        Assert.Equal(Reports + 1, (await query.ListReportsAsync()).Count(r => r.Id.StartsWith("synthetic-", StringComparison.Ordinal) || r.Id == "mol-digital-2565"));

        // Asking again (the next start) changes nothing.
        Assert.Equal(JobProgress.Finished, (await seed.EnsureSyntheticAsync(Reports, PerReport)).State);

        // The overdue catch-up: what should be marked is known from the read model before it runs.
        var today = ThaiClock.Today(_time);
        var dueBefore = (await query.ListAsync(new RecommendationFilter(Overdue: true, Limit: 1, DataSet: DataSet.All))).Total;
        Assert.InRange(dueBefore, 16, Reports * PerReport);
        overdue = Client.GetGrain<IOverdueJobGrain>(GrainKeys.OverdueJob);
        var run = await overdue.EnsureScheduledAsync();
        Assert.Equal(today.ToString("yyyy-MM-dd"), run.Run);
        for (var i = 0; i < 8; i++)
        {
            run = await overdue.RunPageAsync();
            Assert.True(run.Done <= (i + 1) * _jobs.OverduePageSize);
        }
        Assert.Equal(JobProgress.Running, run.State);
        Assert.Equal(8L * _jobs.OverduePageSize, run.Done);
        var markedBeforeRestart = run.Counters["markedOverdue"];
        await RestartAsync();

        overdue = Client.GetGrain<IOverdueJobGrain>(GrainKeys.OverdueJob);
        var again = await overdue.EnsureScheduledAsync();
        Assert.Equal((8L * _jobs.OverduePageSize, 1, markedBeforeRestart), (again.Done, again.Resumes, again.Counters["markedOverdue"]));
        var overduePages = new List<long>();
        var finished = await JobDriver.RunToEndAsync(overdue.RunPageAsync, again, overduePages);
        Assert.Equal(Reports * PerReport + 15, finished.Done); // every open recommendation checked once
        Assert.Equal(dueBefore, finished.Counters["markedOverdue"]); // each overdue one marked exactly once, across the restart
        Assert.Equal(_jobs.OverduePageSize, finished.LargestPage);
        Assert.True(finished.Pages >= (Reports * PerReport + 15) / _jobs.OverduePageSize);
        var last = await overdue.GetLastRunAsync();
        Assert.Equal((today, Reports * PerReport + 15, dueBefore), (last!.Date, last.Checked, last.MarkedOverdue));
        Assert.Equal(2, (await Client.GetGrain<IRecommendationGrain>("mol-digital-2565.F2-R3").GetHistoryAsync()).Count);

        // Once a day: today's run is done, so the next tick or start finds nothing to do.
        Assert.Equal(JobProgress.Finished, (await overdue.EnsureScheduledAsync()).State);
    }

    /// <summary>
    /// The daily run checks every open recommendation (100,000 at the SAO's scale); one it woke only for the check leaves
    /// memory at once instead of staying until idle collection, and one that someone is using stays.
    /// </summary>
    [Fact]
    public async Task The_overdue_run_does_not_keep_the_recommendations_it_woke()
    {
        var seed = Client.GetGrain<ISeedGrain>(GrainKeys.Seed);
        await JobDriver.RunToEndAsync(seed.RunSyntheticPageAsync, await seed.EnsureSyntheticAsync(40, PerReport));
        var management = Client.GetGrain<IManagementGrain>(0);
        async Task<int> RecommendationActivationsAsync() =>
            (await management.GetSimpleGrainStatistics())!.Where(s => s.GrainType.StartsWith(typeof(RecommendationGrain).FullName + ",", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await RecommendationActivationsAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the seed's recommendation grains were never collected");
            await management.ForceActivationCollection(TimeSpan.Zero);
            await Task.Delay(100);
        }

        // An officer has one open.
        var used = Client.GetGrain<IRecommendationGrain>("mol-digital-2565.F2-R3");
        Assert.NotNull(await used.GetDetailAsync());

        var run = await JobDriver.RunOverdueAsync(Client.GetGrain<IOverdueJobGrain>(GrainKeys.OverdueJob));
        Assert.Equal(40 * PerReport + 15, run.Checked);
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (await RecommendationActivationsAsync() > 1)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{await RecommendationActivationsAsync()} recommendation grains stayed after the run");
            await Task.Delay(50);
        }
        Assert.NotNull(await management.GetActivationAddress(used));
    }

    [Fact]
    public async Task A_form_loaded_before_the_overdue_mark_still_saves_but_one_older_than_a_users_change_conflicts()
    {
        var reportId = "test-" + Guid.NewGuid().ToString("N")[..10];
        var id = GrainKeys.Recommendation(reportId, "F1-R1");
        var grain = Client.GetGrain<IRecommendationGrain>(id);
        var today = ThaiClock.Today(_time);
        Assert.True((await grain.RegisterAsync(new RegisterRecommendation(reportId, "F1-R1", "F1", null, 1, new("ทดสอบ", "Test"), new("ข้อความ", "Text"),
            ["ICT"], today.AddDays(-3), "test", []))).Ok);

        // The officer opens the form at version 1; the daily job then marks the item overdue (version 2).
        var check = await grain.CheckOverdueAsync(today);
        Assert.True(check.RecommendationNewlyOverdue);
        Assert.Equal(2, check.Summary!.Version);

        // Saving the form with version 1 works: the mark changed nothing the form edits.
        var save = await grain.UpdateProgressAsync(Actors.Ict, new UpdateProgress(RecommendationStatus.InProgress, 10, "เริ่มดำเนินการ", ExpectedVersion: 1));
        Assert.True(save.Ok, save.Error?.Detail);
        Assert.Equal(3, save.Version);

        // A form older than a person's change is still a conflict, whichever version it holds.
        foreach (var stale in new long[] { 1, 2 })
        {
            var conflict = await grain.UpdateProgressAsync(Actors.Ict, new UpdateProgress(RecommendationStatus.InProgress, 20, "ซ้ำ", ExpectedVersion: stale));
            Assert.Equal((ErrorKind.Conflict, 3L), (conflict.Error!.Kind, conflict.Error.CurrentVersion));
        }
        Assert.True((await grain.UpdateProgressAsync(Actors.Ict, new UpdateProgress(RecommendationStatus.InProgress, 20, "ต่อ", ExpectedVersion: 3))).Ok);
    }
}
