using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Web.Auth;
using Oversight.Web.Infrastructure;

namespace Oversight.Web.Apis;

public static class BoardApi
{
    public static RouteGroupBuilder MapBoardApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/board").WithTags("Board").RequireAuthorization(Policies.Reader);
        api.MapGet("/", GetAsync).WithName("GetBoard")
            .WithSummary("The remediation board: a versioned snapshot of totals by status, overdue with aging, by unit, by finding, and due soon. Real reports only unless a synthetic reportId or `dataset=synthetic` (every synthetic report, marked `synthetic: true`) is chosen; a unit officer gets their own unit's board.");
        api.MapGet("/trend", TrendAsync).WithName("GetBoardTrend")
            .WithSummary("Open recommendations over time: counts by status at the end of each of the last `weeks` weeks (1–104, default 26), rebuilt from the history. Same scope as the board.");
        return api;
    }

    private static async Task<Results<Ok<StatusTrend>, ProblemHttpResult>> TrendAsync(IGrainFactory grains, ClaimsPrincipal user, string? reportId, string? unit, string? weeks, string? dataset)
    {
        if ((QueryRules.DataSet(dataset, reportId, out var dataSet) ?? QueryRules.ReportId(reportId) ?? QueryRules.Unit(unit)
                ?? QueryRules.Scope(user, unit, out unit, "board")) is { } problem)
        {
            return problem;
        }
        if (QueryRules.Limit(weeks, 26, 104, out var count, "weeks") is { } badWeeks)
        {
            return badWeeks;
        }
        return TypedResults.Ok(await grains.GetGrain<ITrendGrain>(0).GetAsync(reportId, unit, count, dataSet));
    }

    private static async Task<Results<Ok<BoardSnapshot>, ProblemHttpResult>> GetAsync(IGrainFactory grains, ClaimsPrincipal user, string? reportId, string? unit, string? dataset)
    {
        if ((QueryRules.DataSet(dataset, reportId, out var dataSet) ?? QueryRules.ReportId(reportId) ?? QueryRules.Unit(unit)
                ?? QueryRules.Scope(user, unit, out unit, "board")) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await grains.GetGrain<IBoardGrain>(GrainKeys.Board).GetSnapshotAsync(reportId, unit, dataSet));
    }
}
