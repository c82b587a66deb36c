using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Web.Auth;
using Oversight.Web.Infrastructure;

namespace Oversight.Web.Apis;

/// <summary>The activity feed and the auditor's work queue.</summary>
public static class ActivityApi
{
    public static IEndpointRouteBuilder MapActivityApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v1/activity").WithTags("Activity").RequireAuthorization(Policies.Reader)
            .MapGet("/", GetActivityAsync).WithName("GetActivity")
            .WithSummary("The newest changes, newest first (a unit officer sees their unit's). The live feed continues it over SignalR.");
        routes.MapGroup("/api/v1/auditor").WithTags("Auditor").RequireAuthorization(Policies.Auditor)
            .MapGet("/queue", GetQueueAsync).WithName("GetAuditorQueue")
            .WithSummary("Recommendations awaiting verification, extension requests to decide, and recently reopened items.");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<ActivityEntry>>, ProblemHttpResult>> GetActivityAsync(
        ClaimsPrincipal user, IGrainFactory grains, int? limit, string? unit, string? reportId)
    {
        if (limit is < 1 or > 200)
        {
            return Problems.BadRequest("invalid-limit", "'limit' is a whole number from 1 to 200.", "limit");
        }
        if (reportId is not null && !RecommendationsApi.IsValidReportId(reportId))
        {
            return Problems.BadRequest("invalid-report", "'reportId' is a report id such as mol-digital-2565.", "reportId");
        }
        if (unit is not null && !RecommendationsApi.IsValidUnit(unit))
        {
            return Problems.BadRequest("invalid-unit", "'unit' is a unit code such as ICT.", "unit");
        }
        if (user.GetRole() == UserRole.UnitOfficer)
        {
            if (unit is not null && unit != user.GetUnit())
            {
                return Problems.Forbidden("A unit officer sees only their own unit's activity.");
            }
            unit = user.GetUnit();
        }
        return TypedResults.Ok(await grains.GetGrain<IRecommendationQueryGrain>(0).GetActivityAsync(new ActivityQuery(limit ?? 50, unit, reportId)));
    }

    private static async Task<Ok<AuditorQueue>> GetQueueAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IRecommendationQueryGrain>(0).GetAuditorQueueAsync());
}
