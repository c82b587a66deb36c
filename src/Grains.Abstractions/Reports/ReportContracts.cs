using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Abstractions.Reports;

public enum FindingKind
{
    Finding,
    Observation,
}

[GenerateSerializer, Immutable, Alias("oversight.FindingView")]
public sealed record FindingView(
    [property: Id(0)] string Code,
    [property: Id(1)] FindingKind Kind,
    [property: Id(2)] int Ordinal,
    [property: Id(3)] LocalizedText Title,
    [property: Id(4)] LocalizedText Summary,
    [property: Id(5)] IReadOnlyList<string> RecommendationIds);

/// <summary>An audit report's fixed content: metadata and findings. Statuses live on the recommendations.</summary>
[GenerateSerializer, Immutable, Alias("oversight.AuditReportView")]
public sealed record AuditReportView(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Title,
    [property: Id(2)] LocalizedText Auditor,
    [property: Id(3)] string AuditeeUnit,
    [property: Id(4)] LocalizedText Auditee,
    [property: Id(5)] LocalizedText Addressee,
    [property: Id(6)] int FiscalYearFromBe,
    [property: Id(7)] int FiscalYearToBe,
    [property: Id(8)] DateOnly ReportDate,
    [property: Id(9)] string ReportDateBasis,
    [property: Id(10)] string SourceFile,
    [property: Id(11)] LocalizedText Summary,
    [property: Id(12)] IReadOnlyList<FindingView> Findings,
    [property: Id(13)] DateTimeOffset RegisteredAt);

/// <summary>A recommendation node of the report tree: its summary and its sub-recommendations.</summary>
[GenerateSerializer, Immutable, Alias("oversight.RecommendationNode")]
public sealed record RecommendationNode(
    [property: Id(0)] RecommendationSummary Recommendation,
    [property: Id(1)] bool Overdue,
    [property: Id(2)] IReadOnlyList<RecommendationNode> Children);

[GenerateSerializer, Immutable, Alias("oversight.FindingNode")]
public sealed record FindingNode(
    [property: Id(0)] FindingView Finding,
    [property: Id(1)] IReadOnlyList<RecommendationNode> Recommendations);

[GenerateSerializer, Immutable, Alias("oversight.ReportTree")]
public sealed record ReportTree(
    [property: Id(0)] AuditReportView Report,
    [property: Id(1)] IReadOnlyList<FindingNode> Findings,
    [property: Id(2)] DateOnly Today);

[GenerateSerializer, Immutable, Alias("oversight.ReportListItem")]
public sealed record ReportListItem(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Title,
    [property: Id(2)] string AuditeeUnit,
    [property: Id(3)] DateOnly ReportDate,
    [property: Id(4)] int FiscalYearFromBe,
    [property: Id(5)] int FiscalYearToBe,
    [property: Id(6)] int RecommendationCount);

[Alias("oversight.IAuditReportGrain")]
public interface IAuditReportGrain : IGrainWithStringKey
{
    /// <summary>Registers the report's fixed content once; later calls with the same id change nothing.</summary>
    [Alias("Register")] Task<bool> RegisterAsync(AuditReportView report);
    [Alias("Get")] Task<AuditReportView?> GetAsync();
}

/// <summary>The list of registered reports (singleton key "catalog").</summary>
[Alias("oversight.IReportCatalogGrain")]
public interface IReportCatalogGrain : IGrainWithStringKey
{
    [Alias("Add")] Task AddAsync(ReportListItem item);
    [Alias("AddRange")] Task AddRangeAsync(IReadOnlyList<ReportListItem> items);
    [Alias("List")] Task<IReadOnlyList<ReportListItem>> ListAsync();
}
