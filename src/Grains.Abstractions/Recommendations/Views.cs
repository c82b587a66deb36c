using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Recommendations;

/// <summary>One row of the recommendation register (lists, filters, board).</summary>
[GenerateSerializer, Immutable, Alias("oversight.RecommendationSummary")]
public sealed record RecommendationSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Code,
    [property: Id(2)] string ReportId,
    [property: Id(3)] string FindingCode,
    [property: Id(4)] string? ParentId,
    [property: Id(5)] int SortOrder,
    [property: Id(6)] LocalizedText Title,
    [property: Id(7)] IReadOnlyList<string> Units,
    [property: Id(8)] AuditeeResponse? Response,
    [property: Id(9)] RecommendationStatus Status,
    [property: Id(10)] int Progress,
    [property: Id(11)] DateOnly DueDate,
    [property: Id(12)] long Version,
    [property: Id(13)] DateTimeOffset UpdatedAt,
    [property: Id(14)] string UpdatedBy,
    [property: Id(15)] string? PendingExtensionId = null,
    [property: Id(16)] DateOnly? PendingExtensionDueDate = null,
    [property: Id(17)] DateTimeOffset? ReopenedAt = null)
{
    public bool IsOverdue(DateOnly today) => Status.IsOverdue(DueDate, today);
}

[GenerateSerializer, Immutable, Alias("oversight.FieldChange")]
public sealed record FieldChange(
    [property: Id(0)] string Field,
    [property: Id(1)] string? Before,
    [property: Id(2)] string? After);

[GenerateSerializer, Immutable, Alias("oversight.ActorRef")]
public sealed record ActorRef(
    [property: Id(0)] string Username,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] UserRole Role,
    [property: Id(3)] string? Unit)
{
    public static ActorRef From(Actor actor) => new(actor.Username, actor.DisplayName, actor.Role, actor.Unit);
}

/// <summary>One link of a recommendation's hash-chained history.</summary>
[GenerateSerializer, Immutable, Alias("oversight.HistoryEntry")]
public sealed record HistoryEntry(
    [property: Id(0)] long Seq,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] ActorRef Actor,
    [property: Id(3)] string Type,
    [property: Id(4)] IReadOnlyList<FieldChange> Changes,
    [property: Id(5)] string? Note,
    [property: Id(6)] string PrevHash,
    [property: Id(7)] string Hash);

[GenerateSerializer, Immutable, Alias("oversight.ActionItemView")]
public sealed record ActionItemView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string OwnerUnit,
    [property: Id(3)] DateOnly DueDate,
    [property: Id(4)] ActionStatus Status,
    [property: Id(5)] int Progress,
    [property: Id(6)] bool Overdue,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] string CreatedBy,
    [property: Id(9)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("oversight.EvidenceView")]
public sealed record EvidenceView(
    [property: Id(0)] string Id,
    [property: Id(1)] string FileName,
    [property: Id(2)] string ContentType,
    [property: Id(3)] long Size,
    [property: Id(4)] string Sha256,
    [property: Id(5)] string? Description,
    [property: Id(6)] DateTimeOffset UploadedAt,
    [property: Id(7)] string UploadedBy,
    [property: Id(8)] bool Withdrawn,
    [property: Id(9)] string? WithdrawnReason,
    [property: Id(10)] DateTimeOffset? WithdrawnAt,
    [property: Id(11)] string? WithdrawnBy);

[GenerateSerializer, Immutable, Alias("oversight.CommentView")]
public sealed record CommentView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] ActorRef Author);

[GenerateSerializer, Immutable, Alias("oversight.ExtensionView")]
public sealed record ExtensionView(
    [property: Id(0)] string Id,
    [property: Id(1)] DateOnly OriginalDueDate,
    [property: Id(2)] DateOnly DueDateAtRequest,
    [property: Id(3)] DateOnly RequestedDueDate,
    [property: Id(4)] string Reason,
    [property: Id(5)] DateTimeOffset RequestedAt,
    [property: Id(6)] string RequestedBy,
    [property: Id(7)] ExtensionStatus Status,
    [property: Id(8)] string? DecisionNote,
    [property: Id(9)] DateTimeOffset? DecidedAt,
    [property: Id(10)] string? DecidedBy);

[GenerateSerializer, Immutable, Alias("oversight.VerificationView")]
public sealed record VerificationView(
    [property: Id(0)] VerificationDecision Decision,
    [property: Id(1)] string Note,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string By,
    [property: Id(4)] RecommendationStatus StatusBefore,
    [property: Id(5)] RecommendationStatus StatusAfter,
    /// <summary>Why the auditor closed as (partly) implemented with no evidence item, when so.</summary>
    [property: Id(6)] string? NoEvidenceReason = null,
    /// <summary>For a reopen caused by a sub-recommendation being reopened: that sub-recommendation's id.</summary>
    [property: Id(7)] string? CausedBy = null);

[GenerateSerializer, Immutable, Alias("oversight.ResponseView")]
public sealed record ResponseView(
    [property: Id(0)] AuditeeResponse Response,
    [property: Id(1)] string Note,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string By);

/// <summary>Everything about one recommendation, as of <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("oversight.RecommendationDetail")]
public sealed record RecommendationDetail(
    [property: Id(0)] RecommendationSummary Summary,
    [property: Id(1)] LocalizedText Text,
    [property: Id(2)] IReadOnlyList<string> ChildIds,
    [property: Id(3)] DateOnly OriginalDueDate,
    [property: Id(4)] string DueDateBasis,
    [property: Id(5)] ResponseView? Response,
    [property: Id(6)] IReadOnlyList<ActionItemView> Actions,
    [property: Id(7)] IReadOnlyList<EvidenceView> Evidence,
    [property: Id(8)] IReadOnlyList<CommentView> Comments,
    [property: Id(9)] IReadOnlyList<ExtensionView> Extensions,
    [property: Id(10)] IReadOnlyList<VerificationView> Verifications,
    [property: Id(11)] IReadOnlyList<HistoryEntry> History,
    [property: Id(12)] string? LastNote,
    [property: Id(13)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("oversight.EvidenceContent")]
public sealed record EvidenceContent(
    [property: Id(0)] EvidenceView Evidence,
    [property: Id(1)] byte[] Content,
    /// <summary>The stored bytes no longer have the recorded SHA-256 (Content is then empty): never served.</summary>
    [property: Id(2)] bool Damaged = false);

/// <summary>What the daily check found on one recommendation.</summary>
[GenerateSerializer, Immutable, Alias("oversight.OverdueCheck")]
public sealed record OverdueCheck(
    [property: Id(0)] RecommendationSummary? Summary,
    [property: Id(1)] bool RecommendationNewlyOverdue,
    [property: Id(2)] IReadOnlyList<ActionItemView> NewlyOverdueActions);
