using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Abstractions.Telemetry;
using Oversight.Grains.Abstractions.Units;
using Oversight.Reports;
using Oversight.Reports.Excel;
using Oversight.Reports.FollowUp;
using Oversight.Web.Auth;
using Oversight.Web.Infrastructure;
using Oversight.Web.Reports;

namespace Oversight.Web.Apis;

/// <summary>
/// Follow-up reports as files: the full report, the executive summary and a unit's report (PDF, Thai official format)
/// and the recommendation register (xlsx). A report model goes in, a stream comes out; grains only supply the data.
/// Every generated file is recorded in the audit trail (stream <c>report-log:{reportId}</c>) with its SHA-256.
/// </summary>
public static partial class FollowUpReportsApi
{
    private const string PdfType = "application/pdf";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteGroupBuilder MapFollowUpReportsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/reports/{reportId}").WithTags("Follow-up reports").RequireAuthorization(Policies.Reader);
        api.MapGet("/follow-up.pdf", FollowUpAsync).WithName("GetFollowUpReportPdf")
            .WithSummary("Auditor, executive: the full follow-up report as PDF (lang=th|en, asOf=yyyy-MM-dd, default today).")
            .Produces(StatusCodes.Status200OK, contentType: PdfType);
        api.MapGet("/executive-summary.pdf", ExecutiveSummaryAsync).WithName("GetExecutiveSummaryPdf")
            .WithSummary("Auditor, executive: a one- or two-page executive summary with charts, as PDF.")
            .Produces(StatusCodes.Status200OK, contentType: PdfType);
        api.MapGet("/units/{unitCode}/follow-up.pdf", UnitFollowUpAsync).WithName("GetUnitFollowUpReportPdf")
            .WithSummary("The follow-up report of one responsible unit, as PDF. A unit officer gets their own unit's; auditors and executives any unit's.")
            .Produces(StatusCodes.Status200OK, contentType: PdfType);
        api.MapGet("/register.xlsx", RegisterAsync).WithName("GetRecommendationRegisterXlsx")
            .WithSummary("Auditor, executive: the recommendation register as an Excel workbook (register, actions, evidence).")
            .Produces(StatusCodes.Status200OK, contentType: XlsxType);
        api.MapGet("/generations", GenerationsAsync).WithName("ListReportGenerations")
            .WithSummary("Auditor, executive: the report files generated for this report, with their SHA-256 (from the audit trail).");
        return api;
    }

    private static Task<Results<FileContentHttpResult, ProblemHttpResult>> FollowUpAsync(
        string reportId, string? lang, string? asOf, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, HttpContext http) =>
        PdfAsync(reportId, null, lang, asOf, user, grains, time, ReportGeneration.FollowUp,
            (report, language) => FollowUpComposer.Compose(report, language), http);

    private static Task<Results<FileContentHttpResult, ProblemHttpResult>> ExecutiveSummaryAsync(
        string reportId, string? lang, string? asOf, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, HttpContext http) =>
        PdfAsync(reportId, null, lang, asOf, user, grains, time, ReportGeneration.ExecutiveSummary,
            (report, language) => ExecutiveSummaryComposer.Compose(report, language), http);

    private static Task<Results<FileContentHttpResult, ProblemHttpResult>> UnitFollowUpAsync(
        string reportId, string unitCode, string? lang, string? asOf, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, HttpContext http) =>
        PdfAsync(reportId, unitCode, lang, asOf, user, grains, time, ReportGeneration.UnitFollowUp,
            (report, language) => FollowUpComposer.ComposeForUnit(report, unitCode, language), http);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(
        string reportId, string? unit, string? lang, string? asOf, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time,
        string kind, Func<FollowUpReport, ReportLanguage, Oversight.Reports.Model.Document> compose, HttpContext http)
    {
        // A malformed unit code is a 400, as in every query (QueryRules); a well-formed one that names no unit is a 404,
        // as an unknown report or recommendation in a path is.
        if (QueryRules.Unit(unit) is { } malformed)
        {
            return malformed;
        }
        if (Check(user, unit) is { } denied)
        {
            return denied;
        }
        if (!TryParse(lang, asOf, time, out var language, out var date, out var invalid))
        {
            return invalid;
        }
        if (unit is not null && await grains.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).GetAsync(unit) is null)
        {
            return Problems.NotFound($"Unit '{Clip(unit)}' does not exist.");
        }
        if (!RecommendationsApi.IsValidReportId(reportId) || await FollowUpReportLoader.LoadAsync(grains, reportId, date, unit: unit) is not { } report)
        {
            return Problems.NotFound($"Report '{Clip(reportId)}' does not exist.");
        }

        var started = time.GetTimestamp();
        var document = compose(report, language);
        byte[] pdf;
        int pages;
        using (var buffer = new MemoryStream())
        {
            pages = PdfRenderer.Render(document, buffer, null);
            pdf = buffer.ToArray();
        }
        OversightTelemetry.ReportRendered("pdf", kind, Code(language), time.GetElapsedTime(started));
        var name = unit is null ? $"{kind}-{reportId}-{Iso(date)}-{Code(language)}.pdf" : $"{kind}-{reportId}-{unit}-{Iso(date)}-{Code(language)}.pdf";
        return await RecordAndReturnAsync(grains, user, reportId, new ReportGeneration(kind, unit, Code(language), date, Sha256(pdf), pdf.LongLength, pages,
            "", default), pdf, PdfType, name, report.Checkpoint, http);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> RegisterAsync(
        string reportId, string? lang, string? asOf, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        if (Check(user, null) is { } denied)
        {
            return denied;
        }
        if (!TryParse(lang, asOf, time, out var language, out var date, out var invalid))
        {
            return invalid;
        }
        if (!RecommendationsApi.IsValidReportId(reportId) || await FollowUpReportLoader.LoadAsync(grains, reportId, date, verifyHistory: false, programme: false) is not { } report)
        {
            return Problems.NotFound($"Report '{Clip(reportId)}' does not exist.");
        }
        var started = time.GetTimestamp();
        var xlsx = RegisterExporter.ToBytes(report, language);
        OversightTelemetry.ReportRendered("xlsx", ReportGeneration.Register, Code(language), time.GetElapsedTime(started));
        var name = $"register-{reportId}-{Iso(date)}-{Code(language)}.xlsx";
        return await RecordAndReturnAsync(grains, user, reportId, new ReportGeneration(ReportGeneration.Register, null, Code(language), date,
            Sha256(xlsx), xlsx.LongLength, 4, "", default), xlsx, XlsxType, name, report.Checkpoint, http);
    }

    private static async Task<Results<Ok<IReadOnlyList<ReportGenerationItem>>, ProblemHttpResult>> GenerationsAsync(
        string reportId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (Check(user, null) is { } denied)
        {
            return denied;
        }
        if (!RecommendationsApi.IsValidReportId(reportId) || await grains.GetGrain<IAuditReportGrain>(reportId).GetAsync() is null)
        {
            return Problems.NotFound($"Report '{Clip(reportId)}' does not exist.");
        }
        var records = await grains.GetGrain<IReportGenerationLogGrain>(reportId).ListAsync();
        return TypedResults.Ok<IReadOnlyList<ReportGenerationItem>>(records.Select(ReportGenerationItem.From).ToArray());
    }

    /// <summary>The response header that names the checkpoint a file prints ("{sequence}:{hash}").</summary>
    public const string CheckpointHeader = "X-Audit-Checkpoint";

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> RecordAndReturnAsync(IGrainFactory grains, ClaimsPrincipal user,
        string reportId, ReportGeneration generation, byte[] content, string contentType, string fileName, AuditCheckpoint? checkpoint, HttpContext http)
    {
        if (checkpoint is not null)
        {
            http.Response.Headers[CheckpointHeader] = $"{checkpoint.Sequence.ToString(CultureInfo.InvariantCulture)}:{checkpoint.Hash}";
        }
        var actor = user.ToActor();
        var record = await grains.GetGrain<IReportGenerationLogGrain>(reportId)
            .RecordAsync(generation with { GeneratedBy = actor.Username, GeneratedByRole = actor.Role });
        return TypedResults.File(content, contentType, fileName, lastModified: null,
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{record.Generation.Sha256}\""));
    }

    /// <summary>Auditors and executives get every report; a unit officer only their own unit's report; admins none.</summary>
    private static ProblemHttpResult? Check(ClaimsPrincipal user, string? unit) => user.GetRole() switch
    {
        UserRole.Auditor or UserRole.Executive => null,
        UserRole.UnitOfficer when unit is not null && unit == user.GetUnit() => null,
        UserRole.UnitOfficer when unit is not null => Problems.Forbidden($"A unit officer gets only their own unit's report ({user.GetUnit()})."),
        UserRole.UnitOfficer => Problems.Forbidden("Follow-up reports are for auditors and executives; a unit officer can get their own unit's report."),
        _ => Problems.Forbidden("Follow-up reports are for auditors and executives."),
    };

    /// <summary>lang: th (default) or en; asOf: yyyy-MM-dd, not after today (Thai), default today.</summary>
    private static bool TryParse(string? lang, string? asOf, TimeProvider time, out ReportLanguage language, out DateOnly date,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        language = lang == "en" ? ReportLanguage.English : ReportLanguage.Thai;
        var today = ThaiClock.Today(time);
        date = today;
        problem = null;
        if (lang is not (null or "" or "th" or "en"))
        {
            problem = Problems.BadRequest("invalid-lang", "'lang' is th (default) or en.", "lang");
            return false;
        }
        if (string.IsNullOrEmpty(asOf))
        {
            return true;
        }
        if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) || date.Year < 2000)
        {
            problem = Problems.BadRequest("invalid-as-of", "'asOf' is a date written yyyy-MM-dd (Common Era), e.g. 2026-11-24.", "asOf");
            return false;
        }
        if (date > today)
        {
            problem = Problems.BadRequest("as-of-in-future", $"'asOf' cannot be later than today ({Iso(today)}, Thai time).", "asOf");
            return false;
        }
        return true;
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Code(ReportLanguage language) => language == ReportLanguage.English ? "en" : "th";

    private static string Clip(string value) => value.Length > 64 ? value[..64] + "…" : value;
}

/// <summary>One generated report file, as listed by <c>GET /api/v1/reports/{reportId}/generations</c>.</summary>
public sealed record ReportGenerationItem(
    long Seq, DateTimeOffset RecordedAt, string Kind, string? Unit, string Lang, DateOnly AsOf, string Sha256, long Bytes, int Pages,
    string GeneratedBy, UserRole GeneratedByRole, string Hash)
{
    public static ReportGenerationItem From(ReportGenerationRecord r) => new(r.Seq, r.RecordedAt, r.Generation.Kind, r.Generation.Unit,
        r.Generation.Language, r.Generation.AsOf, r.Generation.Sha256, r.Generation.Bytes, r.Generation.Pages, r.Generation.GeneratedBy,
        r.Generation.GeneratedByRole, r.Hash);
}
