using System.Text.Json;
using System.Text.Json.Serialization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Domain.Recommendations;

/// <summary>
/// What happened, as stored in a recommendation's history. The JSON of the envelope is the event payload:
/// it is stored and hashed verbatim, so members are only ever added (as optional), never renamed.
/// </summary>
public sealed record RecommendationEvent(
    ActorRef Actor,
    IReadOnlyList<FieldChange> Changes,
    string? Note,
    RecommendationEventData Data);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(RecommendationRegistered), RecommendationRegistered.TypeName)]
[JsonDerivedType(typeof(ResponseRecorded), ResponseRecorded.TypeName)]
[JsonDerivedType(typeof(ProgressUpdated), ProgressUpdated.TypeName)]
[JsonDerivedType(typeof(ActionAdded), ActionAdded.TypeName)]
[JsonDerivedType(typeof(ActionUpdated), ActionUpdated.TypeName)]
[JsonDerivedType(typeof(EvidenceAdded), EvidenceAdded.TypeName)]
[JsonDerivedType(typeof(EvidenceWithdrawn), EvidenceWithdrawn.TypeName)]
[JsonDerivedType(typeof(CommentAdded), CommentAdded.TypeName)]
[JsonDerivedType(typeof(ExtensionRequested), ExtensionRequested.TypeName)]
[JsonDerivedType(typeof(ExtensionDecided), ExtensionDecided.TypeName)]
[JsonDerivedType(typeof(VerificationRecorded), VerificationRecorded.TypeName)]
[JsonDerivedType(typeof(MarkedOverdue), MarkedOverdue.TypeName)]
[JsonDerivedType(typeof(ReopenedWithChild), ReopenedWithChild.TypeName)]
public abstract record RecommendationEventData
{
    private static readonly Dictionary<Type, string> Names = typeof(RecommendationEventData)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
        .Cast<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>The event type: the JSON discriminator, also stored in the event table's event_type column.</summary>
    [JsonIgnore]
    public string Type => Names[GetType()];
}

public sealed record RecommendationRegistered(
    string ReportId, string Code, string FindingCode, string? ParentId, int SortOrder,
    LocalizedText Title, LocalizedText Text, IReadOnlyList<string> Units, IReadOnlyList<string> ChildIds,
    DateOnly DueDate, string DueDateBasis) : RecommendationEventData
{
    public const string TypeName = "recommendation-registered";
}

public sealed record ResponseRecorded(AuditeeResponse Response) : RecommendationEventData
{
    public const string TypeName = "response-recorded";
}

public sealed record ProgressUpdated(RecommendationStatus Status, int Progress) : RecommendationEventData
{
    public const string TypeName = "progress-updated";
}

public sealed record ActionAdded(string ActionId, string Title, string OwnerUnit, DateOnly DueDate, ActionStatus Status, int Progress) : RecommendationEventData
{
    public const string TypeName = "action-added";
}

public sealed record ActionUpdated(string ActionId, string Title, string OwnerUnit, DateOnly DueDate, ActionStatus Status, int Progress) : RecommendationEventData
{
    public const string TypeName = "action-updated";
}

public sealed record EvidenceAdded(string EvidenceId, string FileName, string ContentType, long Size, string Sha256, string? Description) : RecommendationEventData
{
    public const string TypeName = "evidence-added";
}

public sealed record EvidenceWithdrawn(string EvidenceId, string Reason) : RecommendationEventData
{
    public const string TypeName = "evidence-withdrawn";
}

public sealed record CommentAdded(string CommentId, string Text) : RecommendationEventData
{
    public const string TypeName = "comment-added";
}

public sealed record ExtensionRequested(string ExtensionId, DateOnly CurrentDueDate, DateOnly RequestedDueDate, string Reason) : RecommendationEventData
{
    public const string TypeName = "extension-requested";
}

public sealed record ExtensionDecided(string ExtensionId, ExtensionDecision Decision, DateOnly DueDateBefore, DateOnly DueDateAfter) : RecommendationEventData
{
    public const string TypeName = "extension-decided";
}

/// <param name="NoEvidenceReason">Why the auditor closed as (partly) implemented with no evidence item; null otherwise.</param>
public sealed record VerificationRecorded(VerificationDecision Decision, RecommendationStatus StatusBefore, RecommendationStatus StatusAfter, int ProgressAfter,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NoEvidenceReason = null) : RecommendationEventData
{
    public const string TypeName = "verification-recorded";
}

/// <summary>A closed parent opened again because one of its sub-recommendations (<see cref="ChildId"/>) was reopened.</summary>
public sealed record ReopenedWithChild(string ChildId, string ChildCode, RecommendationStatus StatusBefore, RecommendationStatus StatusAfter, int ProgressAfter) : RecommendationEventData
{
    public const string TypeName = "reopened-with-sub-recommendation";
}

/// <summary>
/// Written by the daily job when the recommendation (<see cref="DueDate"/> set) and/or some of its actions
/// (<see cref="ActionIds"/>) first go past their due dates; once per due date each.
/// </summary>
public sealed record MarkedOverdue(DateOnly AsOf, DateOnly? DueDate, IReadOnlyList<string>? ActionIds = null) : RecommendationEventData
{
    public const string TypeName = "marked-overdue";
}

/// <summary>Serialises events to and from their stored payload.</summary>
public static class RecommendationEventCodec
{
    public static string Serialize(RecommendationEvent @event) => JsonSerializer.Serialize(@event, OversightJson.Options);

    public static RecommendationEvent Deserialize(string payload) =>
        JsonSerializer.Deserialize<RecommendationEvent>(payload, OversightJson.Options)
        ?? throw new JsonException("An event payload was empty.");
}
