using System.Text.Json.Serialization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Web.Apis;

// Requests are strict: an unknown member is a 400, so a misspelt field never silently does nothing.

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TokenRequest(string? Username, string? Password);

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, string TokenType, MeResponse User);

public sealed record MeResponse(string Username, string DisplayName, UserRole Role, string? Unit);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ProgressRequest(RecommendationStatus? Status, int? Progress, string? Note, long? ExpectedVersion);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ResponseRequest(AuditeeResponse? Response, string? Note, long? ExpectedVersion);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ActionRequest(string? Title, string? OwnerUnit, DateOnly? DueDate, ActionStatus? Status, int? Progress, string? Note, long? ExpectedVersion);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CommentRequest(string? Text, long? ExpectedVersion);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ExtensionRequest(DateOnly? RequestedDueDate, string? Reason, long? ExpectedVersion);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ExtensionDecisionRequest(ExtensionDecision? Decision, string? Note, long? ExpectedVersion);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record VerificationRequest(VerificationDecision? Decision, string? Note, long? ExpectedVersion, string? NoEvidenceReason = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WithdrawEvidenceRequest(string? Reason, long? ExpectedVersion);

/// <summary>The answer to every write: the recommendation's new version (and the id of anything created).</summary>
public sealed record WriteResponse(string Id, long Version, string? CreatedId);

public sealed record RecommendationItem(
    string Id, string Code, string ReportId, string FindingCode, string? ParentId, LocalizedText Title, IReadOnlyList<string> Units,
    AuditeeResponse? Response, RecommendationStatus Status, DateOnly DueDate, bool Overdue, int Progress, long Version, DateTimeOffset UpdatedAt)
{
    public static RecommendationItem From(RecommendationSummary s, DateOnly today) => new(
        s.Id, s.Code, s.ReportId, s.FindingCode, s.ParentId, s.Title, s.Units, s.Response, s.Status, s.DueDate, s.IsOverdue(today),
        s.Progress, s.Version, s.UpdatedAt);
}

/// <summary>A page of the register; <see cref="Synthetic"/> is true when it is synthetic data (never mixed with real rows).</summary>
public sealed record RecommendationList(IReadOnlyList<RecommendationItem> Items, int Total, int Offset, int Limit, DateOnly Today, bool Synthetic = false);

public sealed record RecommendationDetailResponse(
    string Id, string Code, string ReportId, string FindingCode, string? ParentId, IReadOnlyList<string> ChildIds,
    LocalizedText Title, LocalizedText Text, IReadOnlyList<string> Units,
    AuditeeResponse? Response, ResponseView? ResponseDetail, RecommendationStatus Status, int Progress,
    DateOnly DueDate, DateOnly OriginalDueDate, string DueDateBasis, bool Overdue, long Version,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string UpdatedBy, string? LastNote,
    IReadOnlyList<ActionItemView> Actions, IReadOnlyList<EvidenceView> Evidence, IReadOnlyList<CommentView> Comments,
    IReadOnlyList<ExtensionView> Extensions, IReadOnlyList<VerificationView> Verifications, IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<Grains.Abstractions.Monitoring.IndicatorView> Indicators)
{
    /// <param name="indicators">The outcome indicators that measure this recommendation (current value, baseline, target, provenance).</param>
    public static RecommendationDetailResponse From(RecommendationDetail d, DateOnly today, IReadOnlyList<Grains.Abstractions.Monitoring.IndicatorView>? indicators = null)
    {
        var s = d.Summary;
        return new(s.Id, s.Code, s.ReportId, s.FindingCode, s.ParentId, d.ChildIds, s.Title, d.Text, s.Units, s.Response, d.Response,
            s.Status, s.Progress, s.DueDate, d.OriginalDueDate, d.DueDateBasis, s.IsOverdue(today), s.Version, d.CreatedAt, s.UpdatedAt,
            s.UpdatedBy, d.LastNote, d.Actions, d.Evidence, d.Comments, d.Extensions, d.Verifications, d.History,
            indicators?.Where(i => i.Recommendations.Contains(s.Id)).ToArray() ?? []);
    }
}

public sealed record HistoryResponse(string Id, long Version, IReadOnlyList<HistoryEntry> Items);
