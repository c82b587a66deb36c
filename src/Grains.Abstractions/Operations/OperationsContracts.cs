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

    /// <summary>Adds synthetic reports (ids "synthetic-00001"…) up to the given count; existing ones are kept. Returns how many recommendations were added.</summary>
    [Alias("EnsureSynthetic")] Task<int> EnsureSyntheticAsync(int reports, int recommendationsPerReport);
}

[GenerateSerializer, Immutable, Alias("oversight.BrokenLinkView")]
public sealed record BrokenLinkView(
    [property: Id(0)] string StreamId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string Reason);

[GenerateSerializer, Immutable, Alias("oversight.AuditTrailVerification")]
public sealed record AuditTrailVerification(
    [property: Id(0)] bool Intact,
    [property: Id(1)] int Streams,
    [property: Id(2)] long Events,
    [property: Id(3)] BrokenLinkView? FirstBroken,
    [property: Id(4)] DateTimeOffset CheckedAt);

/// <summary>Recomputes the hash chains from the database.</summary>
[Alias("oversight.IAuditTrailGrain")]
public interface IAuditTrailGrain : IGrainWithIntegerKey
{
    [Alias("Verify")] Task<AuditTrailVerification> VerifyAsync(string? streamPrefix = null);
}

[GenerateSerializer, Immutable, Alias("oversight.RecommendationFilter")]
public sealed record RecommendationFilter(
    [property: Id(0)] string? ReportId = null,
    [property: Id(1)] string? Unit = null,
    [property: Id(2)] IReadOnlyList<RecommendationStatus>? Statuses = null,
    [property: Id(3)] bool? Overdue = null,
    [property: Id(4)] int Offset = 0,
    [property: Id(5)] int Limit = 100);

[GenerateSerializer, Immutable, Alias("oversight.RecommendationPage")]
public sealed record RecommendationPage(
    [property: Id(0)] IReadOnlyList<RecommendationSummary> Items,
    [property: Id(1)] int Total,
    [property: Id(2)] DateOnly Today);

/// <summary>Reads of the recommendation register, served from the SQL read model.</summary>
[Alias("oversight.IRecommendationQueryGrain")]
public interface IRecommendationQueryGrain : IGrainWithIntegerKey
{
    [Alias("List")] Task<RecommendationPage> ListAsync(RecommendationFilter filter);
    [Alias("GetReportTree")] Task<ReportTree?> GetReportTreeAsync(string reportId);
    [Alias("ListReports")] Task<IReadOnlyList<ReportListItem>> ListReportsAsync();

    /// <summary>The newest activity, newest first, optionally for one unit or report.</summary>
    [Alias("GetActivity")] Task<IReadOnlyList<Live.ActivityEntry>> GetActivityAsync(Live.ActivityQuery query);

    /// <summary>The auditor's workspace: awaiting verification, extension requests to decide, recently reopened.</summary>
    [Alias("GetAuditorQueue")] Task<AuditorQueue> GetAuditorQueueAsync(int reopenedWithinDays = 30);
}

[GenerateSerializer, Immutable, Alias("oversight.AuditorQueue")]
public sealed record AuditorQueue(
    [property: Id(0)] IReadOnlyList<RecommendationSummary> AwaitingVerification,
    [property: Id(1)] IReadOnlyList<RecommendationSummary> PendingExtensions,
    [property: Id(2)] IReadOnlyList<RecommendationSummary> RecentlyReopened,
    [property: Id(3)] DateOnly Today);

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
/// re-armed timer in Embedded mode; a missed day is caught up at the next start.
/// </summary>
[Alias("oversight.IOverdueJobGrain")]
public interface IOverdueJobGrain : IGrainWithStringKey
{
    [Alias("EnsureScheduled")] Task EnsureScheduledAsync();
    [Alias("Run")] Task<OverdueJobRun> RunAsync();
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
