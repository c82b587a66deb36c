using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;

namespace Oversight.Grains.Abstractions.Operations;

[GenerateSerializer, Immutable, Alias("oversight.SeedStatus")]
public sealed record SeedStatus(
    [property: Id(0)] bool Seeded,
    [property: Id(1)] IReadOnlyList<string> ReportIds,
    [property: Id(2)] DateTimeOffset? SeededAt,
    [property: Id(3)] string? SeedSha256);

/// <summary>Loads the bundled seed exactly once (singleton key "seed").</summary>
[Alias("oversight.ISeedGrain")]
public interface ISeedGrain : IGrainWithStringKey
{
    [Alias("EnsureSeeded")] Task<SeedStatus> EnsureSeededAsync();
    [Alias("GetStatus"), AlwaysInterleave] Task<SeedStatus> GetStatusAsync();

    /// <summary>
    /// Starts (or resumes) the background job that adds synthetic reports (ids "synthetic-00001"…) up to the given
    /// count; existing ones are kept. Returns at once with the job's progress: the job works one page of reports per
    /// grain turn and persists its cursor after each page, so a restart resumes where it stopped (ADR 8).
    /// </summary>
    [Alias("EnsureSynthetic")] Task<JobProgress> EnsureSyntheticAsync(int reports, int recommendationsPerReport);

    /// <summary>Adds the next page of synthetic reports (at most <c>Jobs:SeedReportsPerPage</c>); the job's timer calls this.</summary>
    [Alias("RunSyntheticPage")] Task<JobProgress> RunSyntheticPageAsync();

    [Alias("GetSyntheticProgress"), AlwaysInterleave] Task<JobProgress> GetSyntheticProgressAsync();
}

/// <summary>
/// Where a background job stands (ADR 8). <see cref="State"/>: "idle" (never ran or nothing due), "waiting" (due, but
/// waiting for another job, e.g. the overdue run waits for the synthetic seed), "running", "done", "failed" (the last
/// page threw; it is tried again at the next tick). <see cref="Done"/> of <see cref="Total"/> items (Total is the items
/// done plus those still ahead of the cursor, so it may grow while data is added). Every page is one grain turn of at
/// most <see cref="PageSize"/> items; <see cref="Resumes"/> counts the times a run was taken up again after a restart.
/// </summary>
[GenerateSerializer, Immutable, Alias("oversight.JobProgress")]
public sealed record JobProgress(
    [property: Id(0)] string Name,
    [property: Id(1)] string State,
    [property: Id(2)] string? Run,
    [property: Id(3)] long Done,
    [property: Id(4)] long? Total,
    [property: Id(5)] int Pages,
    [property: Id(6)] int PageSize,
    [property: Id(7)] int LargestPage,
    [property: Id(8)] string? Cursor,
    [property: Id(9)] DateTimeOffset? StartedAt,
    [property: Id(10)] DateTimeOffset? UpdatedAt,
    [property: Id(11)] DateTimeOffset? FinishedAt,
    [property: Id(12)] IReadOnlyDictionary<string, long> Counters,
    [property: Id(13)] int Resumes,
    [property: Id(14)] string? Error)
{
    public const string Idle = "idle", Waiting = "waiting", Running = "running", Finished = "done", Failed = "failed";

    /// <summary>True while the job has work left (running, waiting, or failed and to be retried).</summary>
    public bool InProgress => State is Running or Waiting or Failed;
}

/// <summary>The background jobs the operations endpoint and /health/ready list.</summary>
public static class BackgroundJobs
{
    public const string SyntheticSeed = "synthetic-seed", Overdue = "overdue";

    public static async Task<IReadOnlyList<JobProgress>> ListAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var seed = grains.GetGrain<ISeedGrain>(Common.GrainKeys.Seed).GetSyntheticProgressAsync();
        var overdue = grains.GetGrain<IOverdueJobGrain>(Common.GrainKeys.OverdueJob).GetProgressAsync();
        return [await seed, await overdue];
    }
}

[GenerateSerializer, Immutable, Alias("oversight.BrokenLinkView")]
public sealed record BrokenLinkView(
    [property: Id(0)] string StreamId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string Reason);

/// <summary>A checkpoint: a commitment to every stream's head at <see cref="At"/> (ADR 7). Printed as "{sequence}:{hash}".</summary>
[GenerateSerializer, Immutable, Alias("oversight.CheckpointView")]
public sealed record CheckpointView(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Hash,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] long Streams,
    [property: Id(4)] long Events)
{
    public string Reference => $"{Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{Hash}";
}

/// <summary>Whether today's log still holds everything a checkpoint committed to.</summary>
[GenerateSerializer, Immutable, Alias("oversight.CheckpointVerification")]
public sealed record CheckpointVerification(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string? Hash,
    [property: Id(2)] DateTimeOffset? At,
    [property: Id(3)] bool Intact,
    /// <summary>null, "unknown-checkpoint", "checkpoint-altered", "missing-since-checkpoint" or "changed-since-checkpoint".</summary>
    [property: Id(4)] string? Reason,
    [property: Id(5)] string? StreamId,
    [property: Id(6)] long? Seq,
    [property: Id(7)] long Streams);

/// <summary>A read-model row that differs from what its events give (or has no events at all).</summary>
[GenerateSerializer, Immutable, Alias("oversight.ReadModelMismatchView")]
public sealed record ReadModelMismatchView(
    [property: Id(0)] string StreamId,
    [property: Id(1)] string Table,
    [property: Id(2)] string Column,
    [property: Id(3)] string? Stored,
    [property: Id(4)] string? Expected);

/// <summary>An evidence file whose stored bytes are missing or no longer have the recorded SHA-256.</summary>
[GenerateSerializer, Immutable, Alias("oversight.EvidenceProblemView")]
public sealed record EvidenceProblemView(
    [property: Id(0)] string StreamId,
    [property: Id(1)] string Sha256,
    /// <summary>"missing" or "content-changed".</summary>
    [property: Id(2)] string Problem);

[GenerateSerializer, Immutable, Alias("oversight.AuditTrailVerification")]
public sealed record AuditTrailVerification(
    [property: Id(0)] bool Intact,
    [property: Id(1)] int Streams,
    [property: Id(2)] long Events,
    [property: Id(3)] BrokenLinkView? FirstBroken,
    [property: Id(4)] DateTimeOffset CheckedAt,
    [property: Id(5)] int BrokenStreams = 0,
    /// <summary>The newest checkpoint, which every stream was checked against.</summary>
    [property: Id(6)] CheckpointView? LatestCheckpoint = null,
    /// <summary>The checkpoint the caller asked about (verify?checkpoint=), when given.</summary>
    [property: Id(7)] CheckpointVerification? Checkpoint = null,
    [property: Id(8)] int ReadModelChecked = 0,
    [property: Id(9)] int ReadModelMismatchCount = 0,
    /// <summary>The first mismatches (at most 20).</summary>
    [property: Id(10)] IReadOnlyList<ReadModelMismatchView>? ReadModelMismatches = null,
    [property: Id(11)] int EvidenceChecked = 0,
    [property: Id(12)] IReadOnlyList<EvidenceProblemView>? EvidenceProblems = null,
    /// <summary>Closed parents with a sub-recommendation reopened since, which is open (the parent should have reopened with it).</summary>
    [property: Id(13)] IReadOnlyList<ParentChildMismatchView>? ParentChildMismatches = null);

/// <summary>A parent closed at <see cref="ParentClosedAt"/> while its sub-recommendation, reopened at <see cref="ChildReopenedAt"/>, is open.</summary>
[GenerateSerializer, Immutable, Alias("oversight.ParentChildMismatchView")]
public sealed record ParentChildMismatchView(
    [property: Id(0)] string ParentId,
    [property: Id(1)] string ChildId,
    [property: Id(2)] DateTimeOffset ParentClosedAt,
    [property: Id(3)] DateTimeOffset ChildReopenedAt);

/// <summary>What a read-model rebuild did.</summary>
[GenerateSerializer, Immutable, Alias("oversight.ReadModelRebuild")]
public sealed record ReadModelRebuild(
    [property: Id(0)] int Streams,
    [property: Id(1)] int Rewritten,
    [property: Id(2)] int RemovedWithoutHistory,
    [property: Id(3)] int SkippedMovedOn,
    [property: Id(4)] IReadOnlyList<BrokenLinkView> Damaged,
    [property: Id(5)] DateTimeOffset At);

/// <summary>Verification of the whole audit trail, read straight from the database.</summary>
[Alias("oversight.IAuditTrailGrain")]
public interface IAuditTrailGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Every hash chain, every stream head, the newest checkpoint and the checkpoint chain, every read-model row against
    /// the state replayed from its events, every evidence file against its recorded SHA-256, and that no closed parent
    /// has a sub-recommendation reopened since (<see cref="AuditTrailVerification.ParentChildMismatches"/>); with
    /// <paramref name="checkpoint"/> ("{sequence}:{hash}") also that the log still holds everything it committed to.
    /// </summary>
    [Alias("Verify"), ResponseTimeout("00:30:00")] Task<AuditTrailVerification> VerifyAsync(string? streamPrefix = null, string? checkpoint = null);

    /// <summary>Rewrites every read-model row from the events (admin). Streams that moved on meanwhile keep their newer rows.</summary>
    [Alias("RebuildReadModel"), ResponseTimeout("00:30:00")] Task<ReadModelRebuild> RebuildReadModelAsync();
}

/// <summary>Creates checkpoints every few seconds while the log moves (singleton key 0), and answers the newest.</summary>
[Alias("oversight.ICheckpointGrain")]
public interface ICheckpointGrain : IGrainWithIntegerKey
{
    /// <summary>Makes a checkpoint now if any stream moved since the newest one; returns the newest.</summary>
    [Alias("Tick")] Task<CheckpointView?> TickAsync();

    /// <summary>The newest checkpoint (made now when there is none yet).</summary>
    [Alias("GetLatest"), AlwaysInterleave] Task<CheckpointView?> GetLatestAsync();

    /// <summary>
    /// The checkpoint a report as of <paramref name="at"/> prints: the newest made at or before then (a report about a
    /// past day always names the same one; about today, the newest, at most a few seconds old).
    /// </summary>
    [Alias("GetAtOrBefore"), AlwaysInterleave] Task<CheckpointView?> GetAtOrBeforeAsync(DateTimeOffset at);
}

[GenerateSerializer, Immutable, Alias("oversight.RecommendationFilter")]
public sealed record RecommendationFilter(
    [property: Id(0)] string? ReportId = null,
    [property: Id(1)] string? Unit = null,
    [property: Id(2)] IReadOnlyList<RecommendationStatus>? Statuses = null,
    [property: Id(3)] bool? Overdue = null,
    [property: Id(4)] int Offset = 0,
    [property: Id(5)] int Limit = 100,
    /// <summary>Without a report id, the real reports (default) or the synthetic ones; with one, the report decides (<see cref="SyntheticReports.Of"/>).</summary>
    [property: Id(7)] DataSet DataSet = DataSet.Real);

[GenerateSerializer, Immutable, Alias("oversight.RecommendationPage")]
public sealed record RecommendationPage(
    [property: Id(0)] IReadOnlyList<RecommendationSummary> Items,
    [property: Id(1)] int Total,
    [property: Id(2)] DateOnly Today,
    /// <summary>True when the page is synthetic data (a synthetic report, or the synthetic data set); never mixed with real rows.</summary>
    [property: Id(3)] bool Synthetic = false);

/// <summary>Reads of the recommendation register, served from the SQL read model.</summary>
[Alias("oversight.IRecommendationQueryGrain")]
public interface IRecommendationQueryGrain : IGrainWithIntegerKey
{
    [Alias("List")] Task<RecommendationPage> ListAsync(RecommendationFilter filter);
    /// <summary>The report with its findings and recommendations; with <paramref name="unit"/> only that unit's recommendations.</summary>
    [Alias("GetReportTree")] Task<ReportTree?> GetReportTreeAsync(string reportId, string? unit = null);
    [Alias("ListReports")] Task<IReadOnlyList<ReportListItem>> ListReportsAsync();

    /// <summary>The real reports with recommendations of <paramref name="unit"/>: all of them, however many recommendations it has.</summary>
    [Alias("ListUnitReportIds")] Task<IReadOnlyList<string>> ListUnitReportIdsAsync(string unit);

    /// <summary>The newest activity, newest first, optionally for one unit or report.</summary>
    [Alias("GetActivity")] Task<IReadOnlyList<Live.ActivityEntry>> GetActivityAsync(Live.ActivityQuery query);

    /// <summary>
    /// The auditor's workspace: awaiting verification and extension requests to decide (longest waiting first), recently
    /// reopened (newest first); at most <paramref name="limit"/> of each (1 … 500), cut after sorting, with their totals.
    /// </summary>
    [Alias("GetAuditorQueue")] Task<AuditorQueue> GetAuditorQueueAsync(int reopenedWithinDays = 30, int limit = 500);

    /// <summary>One of the auditor's lists in whole, a page at a time (<paramref name="limit"/> 1 … 500), in the queue's order.</summary>
    [Alias("GetAuditorList")] Task<RecommendationPage> GetAuditorListAsync(AuditorList list, int offset, int limit, int reopenedWithinDays = 30);
}

/// <summary>The auditor's three lists (wire names: awaiting, extensions, reopened).</summary>
public enum AuditorList
{
    Awaiting,
    Extensions,
    Reopened,
}

/// <summary>
/// The auditor's queue. Each list holds at most the asked number of items; its total counts every item in it, so a page
/// that shows a list cut short says "n of total" (the rest: <see cref="IRecommendationQueryGrain.GetAuditorListAsync"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("oversight.AuditorQueue")]
public sealed record AuditorQueue(
    [property: Id(0)] IReadOnlyList<RecommendationSummary> AwaitingVerification,
    [property: Id(1)] IReadOnlyList<RecommendationSummary> PendingExtensions,
    [property: Id(2)] IReadOnlyList<RecommendationSummary> RecentlyReopened,
    [property: Id(3)] DateOnly Today,
    [property: Id(4)] int AwaitingVerificationTotal = 0,
    [property: Id(5)] int PendingExtensionsTotal = 0,
    [property: Id(6)] int RecentlyReopenedTotal = 0);

[GenerateSerializer, Immutable, Alias("oversight.OverdueJobRun")]
public sealed record OverdueJobRun(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] int Checked,
    [property: Id(2)] int MarkedOverdue,
    [property: Id(3)] int Notifications,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset FinishedAt);

/// <summary>
/// The daily overdue job (singleton key "overdue"): marks recommendations and actions overdue, and sends the
/// 30/7/0-day and weekly overdue notifications. Its schedule is durable: a reminder in production, state plus a
/// re-armed timer in Embedded mode; a missed day is caught up in the background after the next start.
/// </summary>
[Alias("oversight.IOverdueJobGrain")]
public interface IOverdueJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Arms the hourly tick and, when today's run is missing (a day missed while the system was down), starts it in
    /// the background. Returns at once: the run works one page per grain turn (ADR 8) and never holds up silo start.
    /// </summary>
    [Alias("EnsureScheduled")] Task<JobProgress> EnsureScheduledAsync();

    /// <summary>Starts a run for today now, even if today's already ran (admin); a run in progress is left to finish.</summary>
    [Alias("Start")] Task<JobProgress> StartAsync();

    /// <summary>Works the next page of the current run (at most <c>Jobs:OverduePageSize</c> recommendations); the job's timer calls this.</summary>
    [Alias("RunPage")] Task<JobProgress> RunPageAsync();

    [Alias("GetProgress"), AlwaysInterleave] Task<JobProgress> GetProgressAsync();
    [Alias("GetLastRun"), AlwaysInterleave] Task<OverdueJobRun?> GetLastRunAsync();
}

[GenerateSerializer, Immutable, Alias("oversight.DemoStatus")]
public sealed record DemoStatus(
    [property: Id(0)] bool Running,
    [property: Id(1)] string ReportId,
    [property: Id(2)] long Steps,
    [property: Id(3)] DateTimeOffset? LastStepAt);

/// <summary>Synthetic activity for demos (singleton key "demo"), on a labelled copy of the report unless told otherwise.</summary>
[Alias("oversight.IDemoActivityGrain")]
public interface IDemoActivityGrain : IGrainWithStringKey
{
    [Alias("Start")] Task<DemoStatus> StartAsync(TimeSpan interval, bool onRealReport);
    [Alias("Step")] Task<string?> StepAsync();
    [Alias("GetStatus"), AlwaysInterleave] Task<DemoStatus> GetStatusAsync();
}
