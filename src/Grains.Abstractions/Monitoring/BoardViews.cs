using Orleans.Concurrency;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Monitoring;

/// <summary>One figure of a series: a period and its figure.</summary>
[GenerateSerializer, Immutable, Alias("oversight.MetricSeries")]
public sealed record MetricSeries(
    [property: Id(0)] string Metric,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] LocalizedText Unit,
    /// <summary>The newest period's figure.</summary>
    [property: Id(3)] Figure Latest,
    /// <summary>Every period, oldest first.</summary>
    [property: Id(4)] IReadOnlyList<Figure> Series);

/// <summary>A provincial office with its latest figures and the rates drawn from them.</summary>
[GenerateSerializer, Immutable, Alias("oversight.ProvinceSummary")]
public sealed record ProvinceSummary(
    [property: Id(0)] string Code,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] string Region,
    [property: Id(3)] string Unit,
    [property: Id(4)] bool? VisitedByAudit,
    /// <summary>The latest figure of each metric, keyed by metric id.</summary>
    [property: Id(5)] IReadOnlyDictionary<string, Figure> Metrics,
    /// <summary>Registered ÷ needing access (%), from the newest period both have.</summary>
    [property: Id(6)] Figure LbdaRegistrationRate,
    /// <summary>Registered informal workers ÷ this province's share of the NSO regional baseline (%).</summary>
    [property: Id(7)] Figure InformalCoverage,
    /// <summary>Registry records updated in the last 12 months ÷ registered (%), from the newest period both have.</summary>
    [property: Id(8)] Figure RecordFreshness,
    /// <summary>This province's share of the NSO regional informal-employment baseline, with the split method in its note.</summary>
    [property: Id(9)] Figure InformalBaseline,
    /// <summary>Registry records re-surveyed ÷ registered (%).</summary>
    [property: Id(10)] Figure RecordsResurveyed);

[GenerateSerializer, Immutable, Alias("oversight.ProvinceList")]
public sealed record ProvinceList(
    [property: Id(0)] IReadOnlyList<ProvinceSummary> Items,
    /// <summary>Figures the report gives about the offices as a whole (e.g. the six visited offices never registered).</summary>
    [property: Id(1)] IReadOnlyDictionary<string, Figure> ReportFigures,
    [property: Id(2)] DateOnly Today,
    [property: Id(3)] long Version);

[GenerateSerializer, Immutable, Alias("oversight.ObservationChange")]
public sealed record ObservationChange(
    [property: Id(0)] string Metric,
    [property: Id(1)] string Period,
    [property: Id(2)] string Source,
    [property: Id(3)] double Value,
    [property: Id(4)] double? Previous,
    [property: Id(5)] DateOnly AsOf,
    [property: Id(6)] long BatchSeq);

[GenerateSerializer, Immutable, Alias("oversight.ProvinceDetail")]
public sealed record ProvinceDetail(
    [property: Id(0)] ProvinceSummary Summary,
    [property: Id(1)] IReadOnlyDictionary<string, MetricSeries> Metrics,
    [property: Id(2)] IReadOnlyList<ObservationChange> Changes,
    [property: Id(3)] IReadOnlyList<Recommendations.HistoryEntry> History,
    [property: Id(4)] DateOnly Today);

[GenerateSerializer, Immutable, Alias("oversight.EServiceSummary")]
public sealed record EServiceSummary(
    [property: Id(0)] EServiceInfo Service,
    [property: Id(1)] MetricSeries Uses,
    [property: Id(2)] MetricSeries SsoLogins,
    /// <summary>"zero-use", "low-use", "none" or "no-data" for the latest period.</summary>
    [property: Id(3)] string Flag);

[GenerateSerializer, Immutable, Alias("oversight.EServiceList")]
public sealed record EServiceList(
    [property: Id(0)] IReadOnlyList<EServiceSummary> Items,
    [property: Id(1)] IReadOnlyDictionary<string, Figure> ReportFigures,
    [property: Id(2)] int LowUseAtMost,
    [property: Id(3)] DateOnly Today);

[GenerateSerializer, Immutable, Alias("oversight.DatasetSummary")]
public sealed record DatasetSummary(
    [property: Id(0)] DatasetInfo Dataset,
    [property: Id(1)] LocalizedText Frequency,
    [property: Id(2)] string FrequencyDcat,
    [property: Id(3)] Figure LastUpdate,
    [property: Id(4)] Freshness Freshness);

[GenerateSerializer, Immutable, Alias("oversight.AgencySummary")]
public sealed record AgencySummary(
    [property: Id(0)] AgencyInfo Agency,
    [property: Id(1)] IReadOnlyList<DatasetSummary> Datasets);

[GenerateSerializer, Immutable, Alias("oversight.DataExchange")]
public sealed record DataExchange(
    [property: Id(0)] IReadOnlyList<AgencySummary> Agencies,
    [property: Id(1)] IReadOnlyDictionary<string, Figure> ReportFigures,
    [property: Id(2)] DateOnly Today);

[GenerateSerializer, Immutable, Alias("oversight.IndicatorView")]
public sealed record IndicatorView(
    [property: Id(0)] string Code,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] LocalizedText Unit,
    [property: Id(3)] Figure Current,
    [property: Id(4)] Figure? Baseline,
    [property: Id(5)] double? Target,
    [property: Id(6)] DateOnly? TargetDate,
    [property: Id(7)] IReadOnlyList<Figure> Series,
    [property: Id(8)] IReadOnlyList<string> Recommendations,
    /// <summary>How the value is computed, in Thai and English.</summary>
    [property: Id(9)] LocalizedText Method,
    [property: Id(10)] IReadOnlyList<string> Units,
    /// <summary>The indicator's own version (its target and baseline; the expectedVersion of a write).</summary>
    [property: Id(11)] long Version,
    /// <summary>The monitoring board's version the value was computed at (live messages with a higher one replace it).</summary>
    [property: Id(12)] long BoardVersion = 0);

/// <summary>
/// The programme's figures in one place (singleton key 0): the entities' rows and every current observation, held in
/// memory, refreshed when an entity changes or a batch is ingested, and turned into views (with provenance on every
/// figure) as of today. Reads never touch the database on the hot path.
/// </summary>
[Alias("oversight.IMonitoringBoardGrain")]
public interface IMonitoringBoardGrain : IGrainWithIntegerKey
{
    [Alias("Provinces"), AlwaysInterleave] Task<ProvinceList> GetProvincesAsync();
    [Alias("Province"), AlwaysInterleave] Task<ProvinceDetail?> GetProvinceAsync(string code);
    [Alias("EServices"), AlwaysInterleave] Task<EServiceList> GetEServicesAsync();
    [Alias("DataExchange"), AlwaysInterleave] Task<DataExchange> GetDataExchangeAsync();
    [Alias("Indicators"), AlwaysInterleave] Task<IReadOnlyList<IndicatorView>> GetIndicatorsAsync();
    [Alias("Contracts"), AlwaysInterleave] Task<IReadOnlyList<ContractView>> GetContractsAsync();

    /// <summary>Every view at one board version (the board page's snapshot; live messages with a newer version replace its parts).</summary>
    [Alias("Snapshot"), AlwaysInterleave] Task<MonitoringSnapshot> GetSnapshotAsync();

    /// <summary>The board's version now (a snapshot's <see cref="MonitoringSnapshot.Version"/>; it moves with every change it publishes).</summary>
    [Alias("Version"), AlwaysInterleave] Task<long> GetVersionAsync();

    /// <summary>Known subject ids, for validating observations ("province:10", "eservice:x", …).</summary>
    [Alias("Subjects"), AlwaysInterleave] Task<IReadOnlyList<string>> GetSubjectsAsync();

    /// <summary>Each recommendation's units, for narrowing a view's links to what its reader may read (<see cref="MonitoringScope"/>).</summary>
    [Alias("RecommendationUnits"), AlwaysInterleave] Task<IReadOnlyDictionary<string, string[]>> GetRecommendationUnitsAsync();

    [Alias("EntityChanged")] Task EntityChangedAsync(string kind, string id);

    /// <summary>Told after an ingestion batch is durable: the rows it wrote.</summary>
    [Alias("ObservationsChanged")] Task ObservationsChangedAsync(Immutable<IReadOnlyList<ObservationRowView>> rows);

    [Alias("Refresh")] Task RefreshAsync();
}

/// <summary>An observation row as it travels to the board.</summary>
[GenerateSerializer, Immutable, Alias("oversight.ObservationRowView")]
public sealed record ObservationRowView(
    [property: Id(0)] string Source,
    [property: Id(1)] string Metric,
    [property: Id(2)] string Subject,
    [property: Id(3)] string Period,
    [property: Id(4)] double Value,
    [property: Id(5)] DateOnly AsOf,
    [property: Id(6)] bool Synthetic,
    [property: Id(7)] long BatchSeq,
    [property: Id(8)] DateTimeOffset RecordedAt);

/// <summary>Every monitoring view at one version of the board.</summary>
[GenerateSerializer, Immutable, Alias("oversight.MonitoringSnapshot")]
public sealed record MonitoringSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] DateOnly Today,
    [property: Id(2)] ProvinceList Provinces,
    [property: Id(3)] IReadOnlyList<ContractView> Contracts,
    [property: Id(4)] EServiceList EServices,
    [property: Id(5)] DataExchange DataExchange,
    [property: Id(6)] IReadOnlyList<IndicatorView> Indicators);

/// <summary>The live message <c>officeChanged</c>: an office with its latest figures and rates, at a board version.</summary>
[GenerateSerializer, Immutable, Alias("oversight.ProvinceChanged")]
public sealed record ProvinceChanged([property: Id(0)] string Code, [property: Id(1)] long Version, [property: Id(2)] ProvinceSummary Province);

/// <summary>The live message <c>eserviceChanged</c>: a service with its use series and flag, at a board version.</summary>
[GenerateSerializer, Immutable, Alias("oversight.EServiceChanged")]
public sealed record EServiceChanged([property: Id(0)] string Id, [property: Id(1)] long Version, [property: Id(2)] EServiceSummary Service);

/// <summary>The live message <c>agencyChanged</c>: an agency with its datasets' freshness and scores, at a board version.</summary>
[GenerateSerializer, Immutable, Alias("oversight.AgencyChanged")]
public sealed record AgencyChanged([property: Id(0)] string Id, [property: Id(1)] long Version, [property: Id(2)] AgencySummary Agency);

/// <summary>The live message <c>metricsChanged</c> (sent as arrays): a figure that changed, with its subject and version.</summary>
[GenerateSerializer, Immutable, Alias("oversight.MetricChanged")]
public sealed record MetricChanged(
    [property: Id(0)] string Subject,
    [property: Id(1)] string Metric,
    [property: Id(2)] Figure Figure,
    /// <summary>The board's version after the change (monotonic).</summary>
    [property: Id(3)] long Version);
