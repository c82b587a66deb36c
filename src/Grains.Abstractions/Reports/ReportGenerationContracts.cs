using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Reports;

/// <summary>What was generated: which report file, in which language, as of which date, and its digest.</summary>
[GenerateSerializer, Immutable, Alias("oversight.ReportGeneration")]
public sealed record ReportGeneration(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? Unit,
    [property: Id(2)] string Language,
    [property: Id(3)] DateOnly AsOf,
    [property: Id(4)] string Sha256,
    [property: Id(5)] long Bytes,
    [property: Id(6)] int Pages,
    [property: Id(7)] string GeneratedBy,
    [property: Id(8)] UserRole GeneratedByRole)
{
    /// <summary>The full follow-up report (PDF).</summary>
    public const string FollowUp = "follow-up";
    /// <summary>The executive summary (PDF).</summary>
    public const string ExecutiveSummary = "executive-summary";
    /// <summary>One unit's follow-up report (PDF); <see cref="Unit"/> names the unit.</summary>
    public const string UnitFollowUp = "unit-follow-up";
    /// <summary>The recommendation register (xlsx; <see cref="Pages"/> is the number of sheets).</summary>
    public const string Register = "register";
}

/// <summary>A recorded generation: the "report-generated" event at <see cref="Seq"/> of the stream <c>report-log:{reportId}</c>.</summary>
[GenerateSerializer, Immutable, Alias("oversight.ReportGenerationRecord")]
public sealed record ReportGenerationRecord(
    [property: Id(0)] string ReportId,
    [property: Id(1)] long Seq,
    [property: Id(2)] DateTimeOffset RecordedAt,
    [property: Id(3)] ReportGeneration Generation,
    [property: Id(4)] string Hash);

/// <summary>
/// The log of generated report files of one audit report (key = report id). Each generation is appended as a
/// "report-generated" event to the audit-trail stream <c>report-log:{reportId}</c>, hash-chained like every other
/// stream, and verified with the rest by the audit-trail check.
/// </summary>
[Alias("oversight.IReportGenerationLogGrain")]
public interface IReportGenerationLogGrain : IGrainWithStringKey
{
    /// <summary>Appends the generation durably before returning.</summary>
    [Alias("Record")] Task<ReportGenerationRecord> RecordAsync(ReportGeneration generation);

    /// <summary>Every recorded generation, oldest first.</summary>
    [Alias("List")] Task<IReadOnlyList<ReportGenerationRecord>> ListAsync();
}

public static class ReportGenerationStreams
{
    public const string EventType = "report-generated";

    /// <summary>"report-log:{reportId}" (the colon keeps it apart from recommendation streams, which are "{reportId}.{code}").</summary>
    public static string For(string reportId) => "report-log:" + reportId;
}
