using System.Text.Json;
using System.Text.Json.Serialization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Domain.Monitoring;

/// <summary>
/// What happened to a monitoring entity, as stored in its hash-chained history (the payload is hashed verbatim, so
/// members are only ever added as optional, never renamed). One envelope for every kind of monitoring entity.
/// </summary>
public sealed record EntityEvent(ActorRef Actor, IReadOnlyList<FieldChange> Changes, string? Note, EntityEventData Data);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ContractRegistered), ContractRegistered.TypeName)]
[JsonDerivedType(typeof(MilestoneDelivered), MilestoneDelivered.TypeName)]
[JsonDerivedType(typeof(MilestoneExtended), MilestoneExtended.TypeName)]
[JsonDerivedType(typeof(BlockerRaised), BlockerRaised.TypeName)]
[JsonDerivedType(typeof(BlockerCleared), BlockerCleared.TypeName)]
[JsonDerivedType(typeof(ContractSyntheticValuesSet), ContractSyntheticValuesSet.TypeName)]
[JsonDerivedType(typeof(TerminationReviewFlagged), TerminationReviewFlagged.TypeName)]
[JsonDerivedType(typeof(OfficeRegistered), OfficeRegistered.TypeName)]
[JsonDerivedType(typeof(OfficeVisitMarked), OfficeVisitMarked.TypeName)]
[JsonDerivedType(typeof(EServiceRegistered), EServiceRegistered.TypeName)]
[JsonDerivedType(typeof(AgencyRegistered), AgencyRegistered.TypeName)]
[JsonDerivedType(typeof(AgencyLinkageChanged), AgencyLinkageChanged.TypeName)]
[JsonDerivedType(typeof(DatasetRegistered), DatasetRegistered.TypeName)]
[JsonDerivedType(typeof(DatasetScored), DatasetScored.TypeName)]
[JsonDerivedType(typeof(IndicatorRegistered), IndicatorRegistered.TypeName)]
[JsonDerivedType(typeof(IndicatorTargetSet), IndicatorTargetSet.TypeName)]
[JsonDerivedType(typeof(ObservationsIngested), ObservationsIngested.TypeName)]
[JsonDerivedType(typeof(ApiKeyCreated), ApiKeyCreated.TypeName)]
[JsonDerivedType(typeof(ApiKeyRevoked), ApiKeyRevoked.TypeName)]
public abstract record EntityEventData
{
    private static readonly Dictionary<Type, string> Names = typeof(EntityEventData)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
        .Cast<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    [JsonIgnore]
    public string Type => Names[GetType()];
}

// ---------------------------------------------------------------- contracts

public sealed record ContractRegistered(RegisterContract Contract) : EntityEventData
{
    public const string TypeName = "contract-registered";
}

public sealed record MilestoneDelivered(string MilestoneId, DateOnly DeliveredOn) : EntityEventData
{
    public const string TypeName = "milestone-delivered";
}

public sealed record MilestoneExtended(string ExtensionId, string MilestoneId, DateOnly? PreviousDate, DateOnly NewDate, string Grounds, string ApprovedBy) : EntityEventData
{
    public const string TypeName = "milestone-extended";
}

public sealed record BlockerRaised(string BlockerId, LocalizedText Reason, DateOnly? Since, string Owner, string Source) : EntityEventData
{
    public const string TypeName = "blocker-raised";
}

public sealed record BlockerCleared(string BlockerId, DateOnly ClearedOn, string? Note = null) : EntityEventData
{
    public const string TypeName = "blocker-cleared";
}

public sealed record ContractSyntheticValuesSet(decimal Value, DateOnly SignedOn, IReadOnlyList<SyntheticMilestoneValues> Milestones) : EntityEventData
{
    public const string TypeName = "contract-synthetic-values-set";
}

public sealed record SyntheticMilestoneValues(string MilestoneId, decimal Instalment, DateOnly Planned, DateOnly? Delivered);

public sealed record TerminationReviewFlagged(DateOnly On, decimal FinesAccrued, decimal ContractValue, bool Synthetic) : EntityEventData
{
    public const string TypeName = "termination-review-flagged";
}

// ---------------------------------------------------------------- provincial offices, e-services, agencies, indicators

public sealed record OfficeRegistered(string Code, LocalizedText Name, string Region, string Unit) : EntityEventData
{
    public const string TypeName = "office-registered";
}

public sealed record OfficeVisitMarked(bool Visited, string Source) : EntityEventData
{
    public const string TypeName = "office-visit-marked";
}

public sealed record EServiceRegistered(string Id, LocalizedText Name, EServiceAudience Audience, string Unit, string Source, bool Synthetic) : EntityEventData
{
    public const string TypeName = "eservice-registered";
}

public sealed record AgencyRegistered(string Id, LocalizedText Name, LinkageMode? Mode, LinkageStatus? Status, string Source, bool Synthetic) : EntityEventData
{
    public const string TypeName = "agency-registered";
}

public sealed record AgencyLinkageChanged(LinkageMode? Mode, LinkageStatus? Status) : EntityEventData
{
    public const string TypeName = "agency-linkage-changed";
}

public sealed record DatasetRegistered(string Id, LocalizedText Name, bool RecordLevel, string FrequencyUnit, int FrequencyInterval, string Source, bool Synthetic) : EntityEventData
{
    public const string TypeName = "dataset-registered";
}

public sealed record DatasetScored(string DatasetId, IReadOnlyDictionary<string, int> Scores, string ScoredBy, DateOnly ScoredOn) : EntityEventData
{
    public const string TypeName = "dataset-scored";
}

public sealed record IndicatorRegistered(string Code, LocalizedText Name, LocalizedText Unit, IReadOnlyList<string> Recommendations, Figure? Baseline,
    IReadOnlyList<string>? Units = null) : EntityEventData
{
    public const string TypeName = "indicator-registered";
}

public sealed record IndicatorTargetSet(double? Baseline, string? BaselinePeriod, double Target, DateOnly TargetDate) : EntityEventData
{
    public const string TypeName = "indicator-target-set";
}

// ---------------------------------------------------------------- ingestion, API keys

/// <summary>A batch of observations accepted: its SHA-256 (the accepted items are kept as a blob under that key), who sent it and the counts.</summary>
public sealed record ObservationsIngested(string BatchSha256, string? KeyId, string SubmittedBy, int Received, int Inserted, int Replaced, int Unchanged) : EntityEventData
{
    public const string TypeName = "observations-ingested";
}

public sealed record ApiKeyCreated(string KeyId, string Source, string Name, IReadOnlyList<string> Scopes, string KeySha256) : EntityEventData
{
    public const string TypeName = "api-key-created";
}

public sealed record ApiKeyRevoked(string KeyId) : EntityEventData
{
    public const string TypeName = "api-key-revoked";
}

public static class EntityEventCodec
{
    public static string Serialize(EntityEvent e) => JsonSerializer.Serialize(e, OversightJson.Options);

    public static EntityEvent Deserialize(string payload) =>
        JsonSerializer.Deserialize<EntityEvent>(payload, OversightJson.Options) ?? throw new JsonException("An event payload was empty.");
}
