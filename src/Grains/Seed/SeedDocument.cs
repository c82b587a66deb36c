using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Seed;

/// <summary>
/// The project's own seed file (JSON, camelCase). It is an embedded resource of this assembly and is
/// loaded once, on first start. Thai text in it is already cleaned of the PDF extraction damage.
/// </summary>
public sealed record SeedDocument(
    int SchemaVersion,
    SeedReport Report,
    IReadOnlyList<SeedUnit> Units,
    IReadOnlyList<SeedFinding> Findings);

public sealed record SeedReport(
    string Id,
    LocalizedText Title,
    LocalizedText Auditor,
    string AuditeeUnit,
    LocalizedText Auditee,
    LocalizedText Addressee,
    int FiscalYearFromBe,
    int FiscalYearToBe,
    /// <summary>ISO date (C.E.). The source gives none, so <see cref="ReportDateBasis"/> says where it came from.</summary>
    DateOnly ReportDate,
    string ReportDateBasis,
    string SourceFile,
    LocalizedText Summary);

public sealed record SeedUnit(
    string Code,
    LocalizedText Name,
    /// <summary>central | regional | external | group</summary>
    string Kind,
    string? ParentCode);

public sealed record SeedFinding(
    string Code,
    /// <summary>finding | observation</summary>
    string Kind,
    int Ordinal,
    LocalizedText Title,
    LocalizedText Summary,
    IReadOnlyList<SeedRecommendation> Recommendations);

public sealed record SeedRecommendation(
    string Code,
    LocalizedText Title,
    LocalizedText Text,
    IReadOnlyList<string> Units,
    IReadOnlyList<SeedRecommendation>? Children = null);
