using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Web.Auth;
using Oversight.Web.Hosting;
using Oversight.Web.Infrastructure;
using Orleans.Concurrency;

namespace Oversight.Web.Apis;

/// <summary>The recommendation register: reads, and every write a unit or an auditor makes.</summary>
public static partial class RecommendationsApi
{
    public const long MaxEvidenceBytes = 25L * 1024 * 1024;

    public static RouteGroupBuilder MapRecommendationsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/recommendations")
            .WithTags("Recommendations")
            .RequireAuthorization(Policies.Reader)
            .AddEndpointFilter(AuthExtensions.RequireAntiforgeryForCookies);

        api.MapGet("/", ListAsync).WithName("ListRecommendations")
            .WithSummary("List recommendations, filtered by report, unit, status and overdue. Real reports only unless a synthetic reportId or `dataset=synthetic` (every synthetic report, marked `synthetic: true`) is chosen.");
        api.MapGet("/{id}", GetAsync).WithName("GetRecommendation")
            .WithSummary("A recommendation with its actions, evidence, comments, extensions, verifications and history.");
        api.MapGet("/{id}/history", GetHistoryAsync).WithName("GetRecommendationHistory")
            .WithSummary("The recommendation's hash-chained history.");

        var write = api.MapGroup("/{id}").RequireAuthorization(Policies.Writer);
        write.MapPost("/progress", UpdateProgressAsync).WithName("UpdateProgress")
            .WithSummary("Unit officer: move the status (up to implemented-pending-verification) and/or the percent progress.");
        write.MapPost("/response", RecordResponseAsync).WithName("RecordResponse")
            .WithSummary("Record the auditee's response: agreed, partly-agreed or disagreed.");
        write.MapPost("/actions", AddActionAsync).WithName("AddAction").WithSummary("Unit officer: add an action-plan item.");
        write.MapPut("/actions/{actionId}", UpdateActionAsync).WithName("UpdateAction").WithSummary("Unit officer: update an action-plan item.");
        write.MapPost("/evidence", AddEvidenceAsync).WithName("AddEvidence").DisableAntiforgery().WithMetadata(DocumentedBody.File("description", "expectedVersion"))
            .WithSummary("Upload evidence (multipart/form-data: file, description?, expectedVersion?). At most 25 MB; PDF, images, Office documents or CSV, checked from the content.");
        write.MapPost("/evidence/{evidenceId}/withdrawal", WithdrawEvidenceAsync).WithName("WithdrawEvidence")
            .WithSummary("Withdraw evidence with a reason. Evidence is never deleted.");
        write.MapPost("/comments", AddCommentAsync).WithName("AddComment").WithSummary("Add a comment.");
        write.MapPost("/extensions", RequestExtensionAsync).WithName("RequestExtension").WithSummary("Unit officer: ask for a later due date.");
        write.MapPost("/extensions/{extensionId}/decision", DecideExtensionAsync).WithName("DecideExtension")
            .RequireAuthorization(Policies.Auditor).WithSummary("Auditor: approve or reject an extension request.");
        write.MapPost("/verification", VerifyAsync).WithName("Verify")
            .RequireAuthorization(Policies.Auditor)
            .WithSummary("Auditor: close (implemented, partly-implemented, not-implemented), mark no-longer-applicable, or reopen.");

        api.MapGet("/{id}/evidence/{evidenceId}", DownloadEvidenceAsync).WithName("DownloadEvidence")
            .WithSummary("Download an evidence file (Content-Disposition: attachment).");
        return api;
    }

    public static bool IsValidId(string? id) => id is { Length: > 3 and <= 120 } && IdPattern().IsMatch(id);

    public static bool IsValidUnit(string? code) => QueryRules.IsUnit(code);

    public static bool IsValidReportId(string? id) => QueryRules.IsReportId(id);

    // ------------------------------------------------------------------ reads

    private static async Task<Results<Ok<RecommendationList>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, IGrainFactory grains,
        string? reportId, string? unit, string? status, string? overdue, string? offset, string? limit, string? dataset)
    {
        var statuses = new List<RecommendationStatus>();
        foreach (var value in (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!OversightJson.TryParseEnum<RecommendationStatus>(value, out var parsed))
            {
                return Problems.BadRequest("unknown-status", $"'{Clip(value)}' is not a status. Use: {string.Join(", ", Enum.GetValues<RecommendationStatus>().Select(OversightJson.EnumValue))}.", "status");
            }
            statuses.Add(parsed);
        }
        if (QueryRules.First(QueryRules.Flag(overdue, "overdue", out var overdueFilter), QueryRules.Offset(offset, out var skip),
                QueryRules.Limit(limit, 100, RecommendationQueryGrainLimits.MaxPageSize, out var take)) is { } badPage)
        {
            return badPage;
        }
        if ((QueryRules.DataSet(dataset, reportId, out var dataSet) ?? QueryRules.Unit(unit) ?? QueryRules.ReportId(reportId)
                ?? QueryRules.Scope(user, unit, out unit, "recommendations")) is { } problem)
        {
            return problem;
        }
        var page = await grains.GetGrain<IRecommendationQueryGrain>(0).ListAsync(
            new RecommendationFilter(reportId, unit, statuses.Count == 0 ? null : statuses, overdueFilter, skip, take, dataSet));
        return TypedResults.Ok(new RecommendationList(page.Items.Select(i => RecommendationItem.From(i, page.Today)).ToArray(),
            page.Total, skip, take, page.Today, page.Synthetic));
    }

    private static async Task<Results<Ok<RecommendationDetailResponse>, ProblemHttpResult>> GetAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        if (!IsValidId(id) || await grains.Recommendation(id).GetDetailAsync() is not { } detail)
        {
            return Problems.NotFound($"Recommendation '{Clip(id)}' does not exist.");
        }
        if (!CanRead(user, detail.Summary))
        {
            return Problems.Forbidden("A unit officer sees only their own unit's recommendations.");
        }
        var board = grains.GetGrain<Grains.Abstractions.Monitoring.IMonitoringBoardGrain>(0);
        var (scope, units) = (user.Scope(), await board.GetRecommendationUnitsAsync());
        var indicators = (await board.GetIndicatorsAsync()).Select(i => Grains.Abstractions.Monitoring.MonitoringScope.For(i, scope, units)).ToArray();
        return TypedResults.Ok(RecommendationDetailResponse.From(detail, ThaiClock.Today(time), indicators));
    }

    private static async Task<Results<Ok<HistoryResponse>, ProblemHttpResult>> GetHistoryAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var grain = grains.Recommendation(id);
        if (!IsValidId(id) || await grain.GetSummaryAsync() is not { } summary)
        {
            return Problems.NotFound($"Recommendation '{Clip(id)}' does not exist.");
        }
        if (!CanRead(user, summary))
        {
            return Problems.Forbidden("A unit officer sees only their own unit's recommendations.");
        }
        var history = await grain.GetHistoryAsync();
        return TypedResults.Ok(new HistoryResponse(id, history.Count == 0 ? 0 : history[^1].Seq, history));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadEvidenceAsync(
        string id, string evidenceId, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        var grain = grains.Recommendation(id);
        if (!IsValidId(id) || await grain.GetSummaryAsync() is not { } summary)
        {
            return Problems.NotFound($"Recommendation '{Clip(id)}' does not exist.");
        }
        if (!CanRead(user, summary))
        {
            return Problems.Forbidden("A unit officer sees only their own unit's evidence.");
        }
        if (evidenceId.Length > 40 || await grain.GetEvidenceAsync(evidenceId) is not { } file)
        {
            return Problems.NotFound($"Evidence '{Clip(evidenceId)}' does not exist on {summary.Code}.");
        }
        if (file.Damaged)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Stored evidence is damaged",
                detail: $"The stored bytes of {file.Evidence.FileName} on {summary.Code} no longer have the recorded SHA-256 {file.Evidence.Sha256}; they are not served.",
                extensions: new Dictionary<string, object?> { ["code"] = "evidence-damaged", ["sha256"] = file.Evidence.Sha256 });
        }
        http.Response.Headers["X-Evidence-Sha256"] = file.Evidence.Sha256;
        return TypedResults.File(file.Content, file.Evidence.ContentType, file.Evidence.FileName);
    }

    // ------------------------------------------------------------------ writes

    private static Task<Results<Ok<WriteResponse>, ProblemHttpResult>> UpdateProgressAsync(
        string id, [FromBody] ProgressRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.ExpectedVersion is not { } expected)
        {
            return Bad("expectedVersion-required", "'expectedVersion' is required: the version you last read.", "expectedVersion");
        }
        return Ok(id, grains, g => g.UpdateProgressAsync(user.ToActor(), new UpdateProgress(body.Status, body.Progress, body.Note ?? "", expected)));
    }

    private static Task<Results<Ok<WriteResponse>, ProblemHttpResult>> RecordResponseAsync(
        string id, [FromBody] ResponseRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.Response is not { } response)
        {
            return Bad("response-required", "'response' is required: agreed, partly-agreed or disagreed.", "response");
        }
        return Ok(id, grains, g => g.RecordResponseAsync(user.ToActor(), new RecordResponse(response, body.Note ?? "", body.ExpectedVersion)));
    }

    private static async Task<Results<Created<WriteResponse>, ProblemHttpResult>> AddActionAsync(
        string id, [FromBody] ActionRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.Title is null || body.OwnerUnit is null || body.DueDate is null)
        {
            return Problems.BadRequest("required", "'title', 'ownerUnit' and 'dueDate' are required.");
        }
        return await Created(id, grains, "actions", g => g.AddActionAsync(user.ToActor(), new AddAction(
            body.Title, body.OwnerUnit, body.DueDate.Value, body.Status ?? ActionStatus.NotStarted, body.Progress ?? 0, body.Note, body.ExpectedVersion)));
    }

    private static Task<Results<Ok<WriteResponse>, ProblemHttpResult>> UpdateActionAsync(
        string id, string actionId, [FromBody] ActionRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
        Ok(id, grains, g => g.UpdateActionAsync(user.ToActor(), new UpdateAction(
            actionId, body.Title, body.OwnerUnit, body.DueDate, body.Status, body.Progress, body.Note, body.ExpectedVersion)));

    private static async Task<Results<Created<WriteResponse>, ProblemHttpResult>> AddEvidenceAsync(
        string id, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (form, file, problem) = await UploadForm.ReadAsync(http, MaxEvidenceBytes, 8192, $"Evidence files may be at most {MaxEvidenceBytes / (1024 * 1024)} MB.");
        if (problem is not null)
        {
            return problem;
        }
        long? expected = null;
        if (form!.TryGetValue("expectedVersion", out var versionText) && versionText.Count > 0 && versionText[0] is { Length: > 0 } text)
        {
            if (!QueryRules.TryWholeNumber(text, long.MaxValue, out var parsed))
            {
                return Problems.BadRequest("invalid-expectedVersion", "'expectedVersion' is a whole number.", "expectedVersion");
            }
            expected = parsed;
        }
        var content = await UploadForm.BytesAsync(file!, http.RequestAborted);
        string? description = form!.TryGetValue("description", out var d) ? d.ToString() : null;
        return await Created(id, grains, "evidence", g => g.AddEvidenceAsync(user.ToActor(),
            new AddEvidence(file!.FileName, description, expected), new Immutable<byte[]>(content)));
    }

    private static Task<Results<Ok<WriteResponse>, ProblemHttpResult>> WithdrawEvidenceAsync(
        string id, string evidenceId, [FromBody] WithdrawEvidenceRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
        Ok(id, grains, g => g.WithdrawEvidenceAsync(user.ToActor(), new WithdrawEvidence(evidenceId, body.Reason ?? "", body.ExpectedVersion)));

    private static Task<Results<Created<WriteResponse>, ProblemHttpResult>> AddCommentAsync(
        string id, [FromBody] CommentRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
        Created(id, grains, "comments", g => g.AddCommentAsync(user.ToActor(), new AddComment(body.Text ?? "", body.ExpectedVersion)));

    private static async Task<Results<Created<WriteResponse>, ProblemHttpResult>> RequestExtensionAsync(
        string id, [FromBody] ExtensionRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.RequestedDueDate is not { } requested)
        {
            return Problems.BadRequest("requestedDueDate-required", "'requestedDueDate' (yyyy-MM-dd) is required.", "requestedDueDate");
        }
        return await Created(id, grains, "extensions", g => g.RequestExtensionAsync(user.ToActor(), new RequestExtension(requested, body.Reason ?? "", body.ExpectedVersion)));
    }

    private static Task<Results<Ok<WriteResponse>, ProblemHttpResult>> DecideExtensionAsync(
        string id, string extensionId, [FromBody] ExtensionDecisionRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.Decision is not { } decision)
        {
            return Bad("decision-required", "'decision' is required: approve or reject.", "decision");
        }
        return Ok(id, grains, g => g.DecideExtensionAsync(user.ToActor(), new DecideExtension(extensionId, decision, body.Note ?? "", body.ExpectedVersion)));
    }

    private static Task<Results<Ok<WriteResponse>, ProblemHttpResult>> VerifyAsync(
        string id, [FromBody] VerificationRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.Decision is not { } decision)
        {
            return Bad("decision-required", "'decision' is required: implemented, partly-implemented, not-implemented, no-longer-applicable or reopen.", "decision");
        }
        if (body.ExpectedVersion is not { } expected)
        {
            return Bad("expectedVersion-required", "'expectedVersion' is required: the version you last read.", "expectedVersion");
        }
        return Ok(id, grains, g => g.VerifyAsync(user.ToActor(), new Verify(decision, body.Note ?? "", expected, body.NoEvidenceReason)));
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>The one scoping rule: executives, auditors and admins read everything; a unit officer their unit's recommendations.</summary>
    public static bool CanRead(ClaimsPrincipal user, RecommendationSummary summary) => user.Scope().Allows(summary.Units);

    private static async Task<Results<Ok<WriteResponse>, ProblemHttpResult>> Ok(string id, IGrainFactory grains, Func<IRecommendationGrain, Task<CommandResult>> write)
    {
        if (!IsValidId(id))
        {
            return Problems.NotFound($"Recommendation '{Clip(id)}' does not exist.");
        }
        var result = await write(grains.Recommendation(id));
        return result.Ok ? TypedResults.Ok(new WriteResponse(id, result.Version, result.CreatedId)) : Problems.From(result.Error!);
    }

    private static async Task<Results<Created<WriteResponse>, ProblemHttpResult>> Created(
        string id, IGrainFactory grains, string collection, Func<IRecommendationGrain, Task<CommandResult>> write)
    {
        if (!IsValidId(id))
        {
            return Problems.NotFound($"Recommendation '{Clip(id)}' does not exist.");
        }
        var result = await write(grains.Recommendation(id));
        return result.Ok
            ? TypedResults.Created($"/api/v1/recommendations/{Uri.EscapeDataString(id)}/{collection}/{result.CreatedId}", new WriteResponse(id, result.Version, result.CreatedId))
            : Problems.From(result.Error!);
    }

    private static Task<Results<Ok<WriteResponse>, ProblemHttpResult>> Bad(string code, string detail, string field) =>
        Task.FromResult<Results<Ok<WriteResponse>, ProblemHttpResult>>(Problems.BadRequest(code, detail, field));

    private static string Clip(string? value) => value is null ? "" : value.Length > 60 ? value[..60] + "…" : value;

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}\.[A-Z0-9][A-Z0-9.-]{0,40}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

}

internal static class RecommendationQueryGrainLimits
{
    public const int MaxPageSize = 500;
}
