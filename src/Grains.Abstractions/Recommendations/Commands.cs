using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Recommendations;

/// <summary>Creates a recommendation's stream from the seed (or an import). Idempotent: a second call changes nothing.</summary>
[GenerateSerializer, Immutable, Alias("oversight.RegisterRecommendation")]
public sealed record RegisterRecommendation(
    [property: Id(0)] string ReportId,
    [property: Id(1)] string Code,
    [property: Id(2)] string FindingCode,
    [property: Id(3)] string? ParentId,
    [property: Id(4)] int SortOrder,
    [property: Id(5)] LocalizedText Title,
    [property: Id(6)] LocalizedText Text,
    [property: Id(7)] IReadOnlyList<string> Units,
    [property: Id(8)] DateOnly DueDate,
    [property: Id(9)] string DueDateBasis,
    [property: Id(10)] IReadOnlyList<string> ChildIds);

[GenerateSerializer, Immutable, Alias("oversight.UpdateProgress")]
public sealed record UpdateProgress(
    [property: Id(0)] RecommendationStatus? Status,
    [property: Id(1)] int? Progress,
    [property: Id(2)] string Note,
    [property: Id(3)] long ExpectedVersion);

[GenerateSerializer, Immutable, Alias("oversight.RecordResponse")]
public sealed record RecordResponse(
    [property: Id(0)] AuditeeResponse Response,
    [property: Id(1)] string Note,
    [property: Id(2)] long? ExpectedVersion);

[GenerateSerializer, Immutable, Alias("oversight.AddAction")]
public sealed record AddAction(
    [property: Id(0)] string Title,
    [property: Id(1)] string OwnerUnit,
    [property: Id(2)] DateOnly DueDate,
    [property: Id(3)] ActionStatus Status,
    [property: Id(4)] int Progress,
    [property: Id(5)] string? Note,
    [property: Id(6)] long? ExpectedVersion);

[GenerateSerializer, Immutable, Alias("oversight.UpdateAction")]
public sealed record UpdateAction(
    [property: Id(0)] string ActionId,
    [property: Id(1)] string? Title,
    [property: Id(2)] string? OwnerUnit,
    [property: Id(3)] DateOnly? DueDate,
    [property: Id(4)] ActionStatus? Status,
    [property: Id(5)] int? Progress,
    [property: Id(6)] string? Note,
    [property: Id(7)] long? ExpectedVersion);

/// <summary>Evidence metadata. The content travels beside it; the grain hashes and inspects the bytes itself.</summary>
[GenerateSerializer, Immutable, Alias("oversight.AddEvidence")]
public sealed record AddEvidence(
    [property: Id(0)] string FileName,
    [property: Id(1)] string? Description,
    [property: Id(2)] long? ExpectedVersion);

[GenerateSerializer, Immutable, Alias("oversight.WithdrawEvidence")]
public sealed record WithdrawEvidence(
    [property: Id(0)] string EvidenceId,
    [property: Id(1)] string Reason,
    [property: Id(2)] long? ExpectedVersion);

[GenerateSerializer, Immutable, Alias("oversight.AddComment")]
public sealed record AddComment(
    [property: Id(0)] string Text,
    [property: Id(1)] long? ExpectedVersion);

[GenerateSerializer, Immutable, Alias("oversight.RequestExtension")]
public sealed record RequestExtension(
    [property: Id(0)] DateOnly RequestedDueDate,
    [property: Id(1)] string Reason,
    [property: Id(2)] long? ExpectedVersion);

[GenerateSerializer, Immutable, Alias("oversight.DecideExtension")]
public sealed record DecideExtension(
    [property: Id(0)] string ExtensionId,
    [property: Id(1)] ExtensionDecision Decision,
    [property: Id(2)] string Note,
    [property: Id(3)] long? ExpectedVersion);

[GenerateSerializer, Immutable, Alias("oversight.Verify")]
public sealed record Verify(
    [property: Id(0)] VerificationDecision Decision,
    [property: Id(1)] string Note,
    [property: Id(2)] long ExpectedVersion,
    /// <summary>Closing as (partly) implemented with no evidence item that is not withdrawn needs the auditor's reason.</summary>
    [property: Id(3)] string? NoEvidenceReason = null);
