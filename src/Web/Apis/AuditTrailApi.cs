using Microsoft.AspNetCore.Http.HttpResults;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Web.Auth;

namespace Oversight.Web.Apis;

public static class AuditTrailApi
{
    public static RouteGroupBuilder MapAuditTrailApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/audit-trail").WithTags("Audit trail").RequireAuthorization(Policies.Oversight);
        api.MapGet("/verify", VerifyAsync).WithName("VerifyAuditTrail")
            .WithSummary("Recompute every history hash chain from the database and report the first broken link.");
        return api;
    }

    private static async Task<Ok<AuditTrailVerification>> VerifyAsync(IGrainFactory grains, string? prefix) =>
        TypedResults.Ok(await grains.GetGrain<IAuditTrailGrain>(0).VerifyAsync(string.IsNullOrEmpty(prefix) ? null : prefix));
}
