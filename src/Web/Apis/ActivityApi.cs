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
            .WithSummary("The newest changes, newest first (a unit officer sees their unit's); real reports unless a synthetic reportId or `dataset=synthetic` is chosen. The live feed continues it over SignalR.");
        routes.MapGroup("/api/v1/auditor").WithTags("Auditor").RequireAuthorization(Policies.Auditor)
            .MapGet("/queue", GetQueueAsync).WithName("GetAuditorQueue")
            .WithSummary("Recommendations awaiting verification and extension requests to decide (longest waiting first), and recently reopened items (newest first): at most `limit` (1 … 500, default 500) of each, cut after sorting, with each list's total (`awaitingVerificationTotal`, `pendingExtensionsTotal`, `recentlyReopenedTotal`).");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<ActivityEntry>>, ProblemHttpResult>> GetActivityAsync(
        ClaimsPrincipal user, IGrainFactory grains, string? limit, string? unit, string? reportId, string? dataset)
    {
        if ((QueryRules.Limit(limit, 50, 200, out var take) ?? QueryRules.ReportId(reportId) ?? QueryRules.Unit(unit)
            ?? QueryRules.Scope(user, unit, out unit, "activity")) is { } problem)
        {
            return problem;
        }
        if (QueryRules.DataSet(dataset, reportId, out var dataSet) is { } badDataSet)
        {
            return badDataSet;
        }
        return TypedResults.Ok(await grains.GetGrain<IRecommendationQueryGrain>(0).GetActivityAsync(new ActivityQuery(take, unit, reportId, dataSet)));
    }

    private static async Task<Results<Ok<AuditorQueue>, ProblemHttpResult>> GetQueueAsync(IGrainFactory grains, string? limit)
    {
        if (QueryRules.Limit(limit, RecommendationQueryGrainLimits.MaxPageSize, RecommendationQueryGrainLimits.MaxPageSize, out var take) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await grains.GetGrain<IRecommendationQueryGrain>(0).GetAuditorQueueAsync(limit: take));
    }
}
