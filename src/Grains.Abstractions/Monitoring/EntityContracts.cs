using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Abstractions.Monitoring;

// ---------------------------------------------------------------- provincial offices

/// <summary>A provincial labour office as registered (its figures are served by the monitoring board).</summary>
[GenerateSerializer, Immutable, Alias("oversight.OfficeInfo")]
public sealed record OfficeInfo(
    [property: Id(0)] string Code,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] string Region,
    [property: Id(3)] string Unit,
    /// <summary>Whether the audit visited this office; null while no source says (the report does not name the six).</summary>
    [property: Id(4)] bool? VisitedByAudit,
    [property: Id(5)] string? VisitSource,
    [property: Id(6)] long Version,
    [property: Id(7)] DateTimeOffset UpdatedAt);

/// <summary>A provincial labour office (key: its DOPA province code, e.g. "50").</summary>
[Alias("oversight.IProvincialOfficeGrain")]
public interface IProvincialOfficeGrain : IGrainWithStringKey
{
    [Alias("Register")] Task<CommandResult> RegisterAsync(Actor actor, LocalizedText name, string region, string unit);
    [Alias("Get")] Task<OfficeInfo?> GetAsync();
    [Alias("GetHistory")] Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();
    [Alias("MarkVisited")] Task<CommandResult> MarkVisitedAsync(Actor actor, bool visited, string source);
}

// ---------------------------------------------------------------- e-services

[GenerateSerializer, Immutable, Alias("oversight.EServiceInfo")]
public sealed record EServiceInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] EServiceAudience Audience,
    [property: Id(3)] string Unit,
    [property: Id(4)] string Source,
    [property: Id(5)] bool Synthetic,
    [property: Id(6)] long Version,
    [property: Id(7)] DateTimeOffset UpdatedAt);

/// <summary>An e-service on the MOL Service Center System (key: its id).</summary>
[Alias("oversight.IEServiceGrain")]
public interface IEServiceGrain : IGrainWithStringKey
{
    [Alias("Register")] Task<CommandResult> RegisterAsync(Actor actor, LocalizedText name, EServiceAudience audience, string unit, string source, bool synthetic);
    [Alias("Get")] Task<EServiceInfo?> GetAsync();
    [Alias("GetHistory")] Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();
}

// ---------------------------------------------------------------- agencies and datasets

[GenerateSerializer, Immutable, Alias("oversight.QualityScore")]
public sealed record QualityScore(
    [property: Id(0)] string Dimension,
    [property: Id(1)] int Score,
    [property: Id(2)] string ScoredBy,
    [property: Id(3)] DateOnly ScoredOn);

[GenerateSerializer, Immutable, Alias("oversight.DatasetInfo")]
public sealed record DatasetInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string AgencyId,
    [property: Id(2)] LocalizedText Name,
    /// <summary>Record-level (รายทะเบียน) or aggregate; record-level data itself never enters Oversight, only its metadata.</summary>
    [property: Id(3)] bool RecordLevel,
    [property: Id(4)] string FrequencyUnit,
    [property: Id(5)] int FrequencyInterval,
    [property: Id(6)] string Source,
    [property: Id(7)] bool Synthetic,
    [property: Id(8)] IReadOnlyList<QualityScore> Scores);

[GenerateSerializer, Immutable, Alias("oversight.AgencyInfo")]
public sealed record AgencyInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] LinkageMode? Mode,
    [property: Id(3)] LinkageStatus? Status,
    [property: Id(4)] string Source,
    [property: Id(5)] bool Synthetic,
    [property: Id(6)] IReadOnlyList<DatasetInfo> Datasets,
    [property: Id(7)] long Version,
    [property: Id(8)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("oversight.NewDataset")]
public sealed record NewDataset(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] bool RecordLevel,
    [property: Id(3)] string FrequencyUnit,
    [property: Id(4)] int FrequencyInterval,
    [property: Id(5)] string Source,
    [property: Id(6)] bool Synthetic = false);

/// <summary>A partner agency LBDA exchanges data with (key: its id), with its datasets.</summary>
[Alias("oversight.IAgencyGrain")]
public interface IAgencyGrain : IGrainWithStringKey
{
    [Alias("Register")] Task<CommandResult> RegisterAsync(Actor actor, LocalizedText name, LinkageMode? mode, LinkageStatus? status, string source, bool synthetic);
    [Alias("Get")] Task<AgencyInfo?> GetAsync();
    [Alias("GetHistory")] Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();
    [Alias("ChangeLinkage")] Task<CommandResult> ChangeLinkageAsync(Actor actor, LinkageMode? mode, LinkageStatus? status, long? expectedVersion);
    [Alias("AddDataset")] Task<CommandResult> AddDatasetAsync(Actor actor, NewDataset dataset);
    [Alias("ScoreDataset")] Task<CommandResult> ScoreDatasetAsync(Actor actor, string datasetId, IReadOnlyDictionary<string, int> scores, DateOnly scoredOn, long? expectedVersion);
}

// ---------------------------------------------------------------- indicators

[GenerateSerializer, Immutable, Alias("oversight.IndicatorInfo")]
public sealed record IndicatorInfo(
    [property: Id(0)] string Code,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] LocalizedText Unit,
    [property: Id(3)] IReadOnlyList<string> Recommendations,
    [property: Id(4)] Figure? Baseline,
    [property: Id(5)] double? Target,
    [property: Id(6)] DateOnly? TargetDate,
    [property: Id(7)] string? TargetSetBy,
    [property: Id(8)] long Version,
    [property: Id(9)] DateTimeOffset UpdatedAt);

/// <summary>An outcome indicator (key: its code). Its current value is computed by the monitoring board from the figures it rests on.</summary>
[Alias("oversight.IIndicatorGrain")]
public interface IIndicatorGrain : IGrainWithStringKey
{
    [Alias("Register")] Task<CommandResult> RegisterAsync(Actor actor, LocalizedText name, LocalizedText unit, IReadOnlyList<string> recommendations, Figure? baseline);
    [Alias("Get")] Task<IndicatorInfo?> GetAsync();
    [Alias("GetHistory")] Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();
    [Alias("SetTarget")] Task<CommandResult> SetTargetAsync(Actor actor, double? baseline, string? baselinePeriod, double target, DateOnly targetDate, long? expectedVersion);
}

/// <summary>Data exchange is LBDA's, run by the ICT Centre: the agencies and their datasets belong to this unit.</summary>
public static class DataExchangeOwner
{
    public const string Unit = "ICT";
}

/// <summary>
/// Who may make the monitoring writes that are not a unit's own: the one rule. The grains refuse everyone else; the API
/// and the pages only ask it to choose what to offer (a form, a button), never to let a write through.
/// </summary>
public static class MonitoringWriters
{
    /// <summary>Scoring a dataset's data quality: an auditor, an officer of the data-exchange owner (ICT) or an administrator.</summary>
    public static bool MayScoreDatasets(Actor actor) =>
        actor.Role is UserRole.Admin or UserRole.Auditor || (actor.IsUnitOfficer && actor.Unit == DataExchangeOwner.Unit);

    /// <summary>Setting an indicator's baseline and target: an auditor or an administrator.</summary>
    public static bool MaySetIndicatorTargets(Actor actor) => actor.Role is UserRole.Admin or UserRole.Auditor;
}
