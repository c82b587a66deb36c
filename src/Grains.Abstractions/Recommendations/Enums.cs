namespace Oversight.Grains.Abstractions.Recommendations;

/// <summary>Implementation status. Wire names are kebab-case (not-started … no-longer-applicable). Overdue is derived, never stored.</summary>
public enum RecommendationStatus
{
    NotStarted,
    InProgress,
    ImplementedPendingVerification,
    ClosedImplemented,
    ClosedPartlyImplemented,
    ClosedNotImplemented,
    NoLongerApplicable,
}

/// <summary>The auditee's response to a recommendation: agreed, partly-agreed or disagreed.</summary>
public enum AuditeeResponse
{
    Agreed,
    PartlyAgreed,
    Disagreed,
}

/// <summary>An auditor's verification decision.</summary>
public enum VerificationDecision
{
    Implemented,
    PartlyImplemented,
    NotImplemented,
    NoLongerApplicable,
    Reopen,
}

public enum ActionStatus
{
    NotStarted,
    InProgress,
    Completed,
    Cancelled,
}

public enum ExtensionStatus
{
    Pending,
    Approved,
    Rejected,
}

public enum ExtensionDecision
{
    Approve,
    Reject,
}

public static class RecommendationStatusExtensions
{
    public static bool IsClosed(this RecommendationStatus status) => status is
        RecommendationStatus.ClosedImplemented or RecommendationStatus.ClosedPartlyImplemented or
        RecommendationStatus.ClosedNotImplemented or RecommendationStatus.NoLongerApplicable;

    /// <summary>Statuses in which the responsible unit still owes work, so a passed due date makes them overdue.</summary>
    public static bool CountsTowardOverdue(this RecommendationStatus status) => status is
        RecommendationStatus.NotStarted or RecommendationStatus.InProgress;

    public static bool IsOverdue(this RecommendationStatus status, DateOnly dueDate, DateOnly today) =>
        status.CountsTowardOverdue() && dueDate < today;
}
