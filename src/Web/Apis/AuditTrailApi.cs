using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Web.Auth;
using Oversight.Web.Infrastructure;

namespace Oversight.Web.Apis;

public static partial class AuditTrailApi
{
    public static RouteGroupBuilder MapAuditTrailApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/audit-trail").WithTags("Audit trail").RequireAuthorization(Policies.Oversight);
        api.MapGet("/verify", VerifyAsync).WithName("VerifyAuditTrail")
            .WithSummary("Recompute every hash chain, stream head and checkpoint from the database, compare every read-model row with its events and every evidence file with its SHA-256; with checkpoint={sequence}:{hash}, prove the log still holds everything that checkpoint committed to.");
        api.MapGet("/checkpoint", CheckpointAsync).WithName("GetAuditTrailCheckpoint")
            .WithSummary("The newest checkpoint {sequence, hash, at}: a commitment to every stream's head, at most a few seconds old.");

        routes.MapGroup("/api/v1/admin/read-model").WithTags("Admin").RequireAuthorization(Policies.Admin)
            .AddEndpointFilter(AuthExtensions.RequireAntiforgeryForCookies)
            .MapPost("/rebuild", RebuildAsync).WithName("RebuildReadModel")
            .WithSummary("Admin: rewrite every read-model row from the events (lists and the board follow).");
        return api;
    }

    private static async Task<Results<Ok<AuditTrailVerification>, ProblemHttpResult>> VerifyAsync(IGrainFactory grains, string? prefix, string? checkpoint)
    {
        if (prefix is { Length: > 120 } || (prefix is { Length: > 0 } && !PrefixPattern().IsMatch(prefix)))
        {
            return Problems.BadRequest("invalid-prefix", "'prefix' is the start of a stream id (letters, digits, '.', ':', '-', '_'; at most 120).", "prefix");
        }
        if (checkpoint is not null && !CheckpointPattern().IsMatch(checkpoint))
        {
            return Problems.BadRequest("invalid-checkpoint", "'checkpoint' is {sequence}:{hash} as printed on a report, e.g. 12:9f2c…(64 hex characters).", "checkpoint");
        }
        return TypedResults.Ok(await grains.GetGrain<IAuditTrailGrain>(0).VerifyAsync(string.IsNullOrEmpty(prefix) ? null : prefix, checkpoint));
    }

    private static async Task<Results<Ok<CheckpointResponse>, ProblemHttpResult>> CheckpointAsync(IGrainFactory grains) =>
        await grains.GetGrain<ICheckpointGrain>(0).GetLatestAsync() is { } latest
            ? TypedResults.Ok(new CheckpointResponse(latest.Sequence, latest.Hash, latest.At, latest.Streams, latest.Events, latest.Reference))
            : Problems.NotFound("No checkpoint has been made yet.");

    private static async Task<Ok<ReadModelRebuild>> RebuildAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IAuditTrailGrain>(0).RebuildReadModelAsync());

    [GeneratedRegex(@"^[A-Za-z0-9._:-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();

    [GeneratedRegex(@"^[0-9]{1,18}:[0-9a-fA-F]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CheckpointPattern();
}

/// <summary>The newest checkpoint; <see cref="Reference"/> is the "{sequence}:{hash}" form reports print and verify accepts.</summary>
public sealed record CheckpointResponse(long Sequence, string Hash, DateTimeOffset At, long Streams, long Events, string Reference);
