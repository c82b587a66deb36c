using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Web.Auth;
using Oversight.Web.Infrastructure;

namespace Oversight.Web.Apis;

public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/reports").WithTags("Reports").RequireAuthorization(Policies.Reader);
        api.MapGet("/", ListAsync).WithName("ListReports").WithSummary("The audit reports under follow-up.");
        api.MapGet("/{reportId}", GetAsync).WithName("GetReport")
            .WithSummary("An audit report with its findings and their recommendations, as a tree.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ReportListItem>>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IRecommendationQueryGrain>(0).ListReportsAsync());

    private static async Task<Results<Ok<ReportTree>, ProblemHttpResult>> GetAsync(string reportId, IGrainFactory grains, ClaimsPrincipal user)
    {
        // The one scoping rule: a unit officer sees the report with only their own unit's recommendations.
        user.Scope().TryNarrow(null, out var unit);
        if (!RecommendationsApi.IsValidReportId(reportId) || await grains.GetGrain<IRecommendationQueryGrain>(0).GetReportTreeAsync(reportId, unit) is not { } tree)
        {
            return Problems.NotFound($"Report '{(reportId.Length > 64 ? reportId[..64] + "…" : reportId)}' does not exist.");
        }
        return TypedResults.Ok(tree);
    }
}
