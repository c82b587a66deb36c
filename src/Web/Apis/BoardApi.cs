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
            .WithSummary("The remediation board: a versioned snapshot of totals by status, overdue with aging, by unit, by finding, and due soon. Real reports only unless a synthetic reportId is chosen; a unit officer gets their own unit's board.");
        return api;
    }

    private static async Task<Results<Ok<BoardSnapshot>, ProblemHttpResult>> GetAsync(IGrainFactory grains, ClaimsPrincipal user, string? reportId, string? unit)
    {
        if ((QueryRules.ReportId(reportId) ?? QueryRules.Unit(unit) ?? QueryRules.Scope(user, unit, out unit, "board")) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await grains.GetGrain<IBoardGrain>(GrainKeys.Board).GetSnapshotAsync(reportId, unit));
    }
}
