using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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

    /// <summary>The run in progress (null when none): its cursor and counts, written after every page.</summary>
    public OverdueRunProgress? Current { get; set; }

    /// <summary>The last finished run's progress (pages, largest page, resumes), shown until the next run starts.</summary>
    public OverdueRunProgress? Finished { get; set; }
}

public sealed class OverdueRunProgress
{
    public DateOnly Date { get; set; }

    /// <summary>"recommendations" (paging by id after <see cref="Cursor"/>), then "contracts".</summary>
    public string Phase { get; set; } = OverdueJobGrain.RecommendationsPhase;

    /// <summary>The id of the last recommendation checked ("" before the first page).</summary>
    public string Cursor { get; set; } = "";

    public int Checked { get; set; }
    public int Marked { get; set; }
    public int Notified { get; set; }
    public int Contracts { get; set; }
    public int Pages { get; set; }
    public int LargestPage { get; set; }
    public int? Total { get; set; }
    public int Resumes { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// The daily overdue job. It ticks hourly (a durable reminder in production; a timer re-armed on activation in
/// Embedded mode, with the last run date in grain state) and runs once per Thai day, at the first tick after midnight;
/// a day missed while the system was down is caught up after the next start. A run is a background job (ADR 8): one
/// page of open recommendations (keyset by id) per grain turn, its cursor and counts persisted after each page, so a
/// restart resumes the run and progress reads are answered between pages. It waits while the synthetic seed runs.
/// </summary>
[KeepAlive]
public sealed class OverdueJobGrain : Grain, IOverdueJobGrain, IRemindable
{
    public const string ReminderName = "overdue-daily";
    public const string RecommendationsPhase = "recommendations", ContractsPhase = "contracts";
    private static readonly TimeSpan Tick = TimeSpan.FromHours(1);
    private static readonly string[] Open = [.. new[] { RecommendationStatus.NotStarted, RecommendationStatus.InProgress, RecommendationStatus.ImplementedPendingVerification }
        .Select(OversightJson.EnumValue)];

    private readonly IPersistentState<OverdueJobState> _state;
    private readonly IRecommendationReadStore _readModel;
    private readonly JobScheduling _scheduling;
    private readonly TimeProvider _time;
    private readonly ILogger<OverdueJobGrain> _logger;
    private readonly BackgroundJobOptions _options;
    private readonly JobPump _pump;
    private bool _timerArmed;
    private bool _waiting;
    private bool _resumeCounted;
    private long _seedCheckedAt;

    public OverdueJobGrain(
        [PersistentState("overdue-job", "Default")] IPersistentState<OverdueJobState> state,
        IRecommendationReadStore readModel,
        JobScheduling scheduling,
        TimeProvider time,
        IOptions<BackgroundJobOptions> options,
        ILogger<OverdueJobGrain> logger)
    {
        _state = state;
        _readModel = readModel;
        _scheduling = scheduling;
        _time = time;
        _logger = logger;
        _options = options.Value;
        _pump = new JobPump(this, _options, async () => (await RunPageAsync()).State is JobProgress.Running or JobProgress.Waiting);
    }

    private OverdueJobState State => _state.State;

    public async Task<JobProgress> EnsureScheduledAsync()
    {
        if (_scheduling.UseReminders)
        {
            await this.RegisterOrUpdateReminder(ReminderName, Tick, Tick);
        }
        else if (!_timerArmed)
        {
            _timerArmed = true;
            this.RegisterGrainTimer(RunIfDueAsync, new GrainTimerCreationOptions(Tick, Tick) { Interleave = false });
        }
        await RunIfDueAsync();
        return Progress();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName == ReminderName ? RunIfDueAsync() : Task.CompletedTask;

    public Task<OverdueJobRun?> GetLastRunAsync() => Task.FromResult(State.LastRun);

    public Task<JobProgress> GetProgressAsync() => Task.FromResult(Progress());

    public async Task<JobProgress> StartAsync()
    {
        if (State.Current is null)
        {
            await BeginAsync(ThaiClock.Today(_time), "started by an administrator");
        }
        _pump.Start();
        return Progress();
    }

    /// <summary>Starts today's run when it is due, or takes up a run a restart interrupted; then lets the pump work it.</summary>
    private async Task RunIfDueAsync()
    {
        var today = ThaiClock.Today(_time);
        if (State.Current is { } current)
        {
            if (!_resumeCounted && !_pump.Running && current.Pages > 0)
            {
                // The activation that started this run is gone (a restart): take it up from its cursor.
                _resumeCounted = true;
                current.Resumes++;
                await _state.WriteStateAsync();
                _logger.LogInformation("Overdue job for {Date}: resuming after {Checked} checked (page {Pages}, cursor {Cursor})",
                    current.Date, current.Checked, current.Pages, current.Cursor);
            }
            _resumeCounted = true;
        }
        else if (State.LastRun?.Date >= today)
        {
            return;
        }
        else
        {
            await BeginAsync(today, State.LastRun is null ? "first run" : $"last run {State.LastRun.Date:yyyy-MM-dd}");
        }
        _pump.Start();
    }

    private async Task BeginAsync(DateOnly today, string why)
    {
        State.Finished = null;
        State.Current = new OverdueRunProgress { Date = today, StartedAt = _time.GetUtcNow(), UpdatedAt = _time.GetUtcNow() };
        _resumeCounted = true;
        await _state.WriteStateAsync();
        _logger.LogInformation("Overdue job for {Date}: starting in the background ({Why}), {PageSize} recommendations per page", today, why, _options.OverduePageSize);
    }

    public async Task<JobProgress> RunPageAsync()
    {
        if (State.Current is not { } run)
        {
            return Progress();
        }
        // The synthetic seed appends rows behind the cursor: run once it has finished, as the start-up order did
        // (asked at most once a second while waiting).
        if (_waiting && Environment.TickCount64 - _seedCheckedAt < 1000)
        {
            return Progress();
        }
        _seedCheckedAt = Environment.TickCount64;
        if ((await GrainFactory.GetGrain<ISeedGrain>(GrainKeys.Seed).GetSyntheticProgressAsync()).State is JobProgress.Running or JobProgress.Waiting)
        {
            if (!_waiting)
            {
                _logger.LogInformation("Overdue job for {Date}: waiting for the synthetic seed to finish", run.Date);
            }
            _waiting = true;
            return Progress();
        }
        _waiting = false;
        try
        {
            if (run.Phase == RecommendationsPhase)
            {
                await RecommendationsPageAsync(run);
            }
            else
            {
                await ContractsAsync(run);
                return await FinishAsync(run);
            }
            run.Error = null;
        }
        catch (Exception e)
        {
            run.Error = e.Message;
            _logger.LogError(e, "The overdue job for {Date} failed at cursor {Cursor}; it will try again at the next tick", run.Date, run.Cursor);
            run.UpdatedAt = _time.GetUtcNow();
            await _state.WriteStateAsync();
            _pump.Stop();
            return Progress();
        }
        run.UpdatedAt = _time.GetUtcNow();
        await _state.WriteStateAsync();
        if (run.Pages % 20 == 0)
        {
            _logger.LogInformation("Overdue job for {Date}: {Checked} of {Total} checked, {Marked} newly overdue, {Notified} notifications ({Pages} pages)",
                run.Date, run.Checked, run.Total, run.Marked, run.Notified, run.Pages);
        }
        return Progress();
    }

    private async Task RecommendationsPageAsync(OverdueRunProgress run)
    {
        var today = run.Date;
        var page = await _readModel.QueryAsync(new RecommendationQuery(Statuses: Open, AfterId: run.Cursor, Limit: _options.OverduePageSize));
        var results = await Task.WhenAll(page.Items.Select(async row =>
        {
            int marked = 0, notified = 0;
            var check = await GrainFactory.Recommendation(row.Id).CheckOverdueAsync(today);
            var summary = check.Summary ?? RecommendationGrain.FromRow(row);
            marked += check.RecommendationNewlyOverdue ? 1 : 0;
            if (SyntheticData.IsSynthetic(summary.ReportId))
            {
                return (marked, notified); // synthetic reports never reach a unit's real inbox
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
            return (marked, notified);
        }));
        // A page redone after a crash is harmless: marks and notifications are idempotent, so only new ones count.
        run.Checked += page.Items.Count;
        run.Marked += results.Sum(r => r.marked);
        run.Notified += results.Sum(r => r.notified);
        run.Pages++;
        run.LargestPage = Math.Max(run.LargestPage, page.Items.Count);
        run.Total = run.Checked + Math.Max(0, page.Total - page.Items.Count);
        if (page.Items.Count > 0)
        {
            run.Cursor = page.Items[^1].Id;
        }
        if (page.Items.Count < _options.OverduePageSize)
        {
            run.Phase = ContractsPhase;
        }
    }

    /// <summary>Contracts: flag for termination review once the fines pass 10 % of the value (clause 183). A handful, in one page.</summary>
    private async Task ContractsAsync(OverdueRunProgress run)
    {
        var contracts = await GrainFactory.GetGrain<Abstractions.Monitoring.IMonitoringBoardGrain>(0).GetContractsAsync();
        await Task.WhenAll(contracts.Select(c => GrainFactory.GetGrain<Abstractions.Monitoring.IContractGrain>(c.Id).CheckFinesAsync(run.Date)));
        run.Contracts = contracts.Count;
        run.Pages++;
    }

    private async Task<JobProgress> FinishAsync(OverdueRunProgress run)
    {
        var finished = _time.GetUtcNow();
        State.LastRun = new OverdueJobRun(run.Date, run.Checked, run.Marked, run.Notified, run.StartedAt, finished);
        run.UpdatedAt = finished;
        State.Finished = run;
        State.Current = null;
        await _state.WriteStateAsync();
        _logger.LogInformation("Overdue job for {Date}: {Checked} checked, {Marked} newly overdue, {Notified} notifications, {Contracts} contracts checked, in {Pages} pages and {Elapsed:0.0} s ({Resumes} resumes)",
            run.Date, run.Checked, run.Marked, run.Notified, run.Contracts, run.Pages, (finished - run.StartedAt).TotalSeconds, run.Resumes);
        // Finished: a later page call (or the pump) sees no run. If the clock crossed midnight meanwhile, start today's.
        _pump.Stop();
        if (ThaiClock.Today(_time) > run.Date)
        {
            await RunIfDueAsync();
        }
        return Progress();
    }

    private JobProgress Progress()
    {
        if (State.Current is { } run)
        {
            var state = run.Error is not null ? JobProgress.Failed : _waiting ? JobProgress.Waiting : JobProgress.Running;
            return new JobProgress(BackgroundJobs.Overdue, state, run.Date.ToString("yyyy-MM-dd"), run.Checked, run.Total, run.Pages,
                _options.OverduePageSize, run.LargestPage, run.Cursor, run.StartedAt, run.UpdatedAt, null, Counters(run.Marked, run.Notified, run.Contracts),
                run.Resumes, run.Error);
        }
        if (State.LastRun is { } last)
        {
            var done = State.Finished is { } f && f.Date == last.Date ? f : null;
            return new JobProgress(BackgroundJobs.Overdue, JobProgress.Finished, last.Date.ToString("yyyy-MM-dd"), last.Checked, last.Checked,
                done?.Pages ?? 0, _options.OverduePageSize, done?.LargestPage ?? 0, null, last.StartedAt, last.FinishedAt, last.FinishedAt,
                Counters(last.MarkedOverdue, last.Notifications, done?.Contracts ?? 0), done?.Resumes ?? 0, null);
        }
        return new JobProgress(BackgroundJobs.Overdue, JobProgress.Idle, null, 0, null, 0, _options.OverduePageSize, 0, null, null, null, null,
            Counters(0, 0, 0), 0, null);
    }

    private static Dictionary<string, long> Counters(int marked, int notified, int contracts) =>
        new() { ["markedOverdue"] = marked, ["notifications"] = notified, ["contracts"] = contracts };
}
