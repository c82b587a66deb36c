using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Notifications;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Notifications;
using Oversight.Grains.Recommendations;
using Oversight.Storage.ReadModel;

namespace Oversight.Grains.Operations;

/// <summary>How scheduled jobs keep their schedule: reminders (production, PostgreSQL) or state plus timers (Embedded).</summary>
public sealed record JobScheduling(bool UseReminders);

public sealed class OverdueJobState
{
    public OverdueJobRun? LastRun { get; set; }
}

/// <summary>
/// The daily overdue job. It ticks hourly (a durable reminder in production; a timer re-armed on activation in
/// Embedded mode, with the last run date in grain state) and runs once per Thai day, at the first tick after
/// midnight; a day missed while the system was down is caught up at silo start, before the host serves requests.
/// </summary>
[KeepAlive]
public sealed class OverdueJobGrain(
    [PersistentState("overdue-job", "Default")] IPersistentState<OverdueJobState> state,
    IRecommendationReadStore readModel,
    JobScheduling scheduling,
    TimeProvider time,
    ILogger<OverdueJobGrain> logger) : Grain, IOverdueJobGrain, IRemindable
{
    public const string ReminderName = "overdue-daily";
    private static readonly TimeSpan Tick = TimeSpan.FromHours(1);
    private bool _timerArmed;

    /// <summary>
    /// Catches up today's run if it is due (a day missed while the system was down), then arms the hourly tick. Silo
    /// start awaits this, so by the time the host serves requests the overdue marks are current and no run lands a few
    /// seconds later under users who have just loaded a page (it would bump the versions their forms carry).
    /// </summary>
    public async Task EnsureScheduledAsync()
    {
        await RunIfDueAsync();
        if (scheduling.UseReminders)
        {
            await this.RegisterOrUpdateReminder(ReminderName, Tick, Tick);
        }
        else if (!_timerArmed)
        {
            _timerArmed = true;
            this.RegisterGrainTimer(RunIfDueAsync, new GrainTimerCreationOptions(Tick, Tick) { Interleave = false });
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName == ReminderName ? RunIfDueAsync() : Task.CompletedTask;

    public Task<OverdueJobRun?> GetLastRunAsync() => Task.FromResult(state.State.LastRun);

    public async Task<OverdueJobRun> RunAsync()
    {
        var started = time.GetUtcNow();
        var today = ThaiClock.Today(time);
        int checkedCount = 0, marked = 0, notified = 0;
        string[] open = [.. new[] { RecommendationStatus.NotStarted, RecommendationStatus.InProgress, RecommendationStatus.ImplementedPendingVerification }
            .Select(OversightJson.EnumValue)];
        for (var offset = 0; ; offset += 500)
        {
            var page = await readModel.QueryAsync(new RecommendationQuery(Statuses: open, Offset: offset, Limit: 500));
            foreach (var row in page.Items)
            {
                checkedCount++;
                var check = await GrainFactory.GetGrain<IRecommendationGrain>(row.Id).CheckOverdueAsync(today);
                var summary = check.Summary ?? RecommendationGrain.FromRow(row);
                marked += check.RecommendationNewlyOverdue ? 1 : 0;
                if (SyntheticData.IsSynthetic(summary.ReportId))
                {
                    continue; // synthetic reports never reach a unit's real inbox
                }
                foreach (var notification in NotificationPlanner.For(summary, today))
                {
                    foreach (var unit in summary.Units)
                    {
                        notified += await GrainFactory.GetGrain<INotificationInboxGrain>(unit).AddAsync(notification) ? 1 : 0;
                    }
                }
                foreach (var action in check.NewlyOverdueActions)
                {
                    notified += await GrainFactory.GetGrain<INotificationInboxGrain>(action.OwnerUnit)
                        .AddAsync(NotificationPlanner.ForAction(summary, action, today)) ? 1 : 0;
                }
            }
            if (page.Items.Count == 0 || offset + page.Items.Count >= page.Total)
            {
                break;
            }
        }
        // Contracts: flag for termination review once the fines pass 10 % of the value (clause 183).
        foreach (var contract in await GrainFactory.GetGrain<Abstractions.Monitoring.IMonitoringBoardGrain>(0).GetContractsAsync())
        {
            await GrainFactory.GetGrain<Abstractions.Monitoring.IContractGrain>(contract.Id).CheckFinesAsync(today);
        }
        var run = new OverdueJobRun(today, checkedCount, marked, notified, started, time.GetUtcNow());
        state.State.LastRun = run;
        await state.WriteStateAsync();
        logger.LogInformation("Overdue job for {Date}: {Checked} checked, {Marked} newly overdue, {Notified} notifications",
            today, checkedCount, marked, notified);
        return run;
    }

    private async Task RunIfDueAsync()
    {
        if (state.State.LastRun?.Date >= ThaiClock.Today(time))
        {
            return;
        }
        try
        {
            await RunAsync();
        }
        catch (Exception e)
        {
            logger.LogError(e, "The overdue job failed; it will try again at the next tick");
        }
    }
}
