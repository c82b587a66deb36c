using Microsoft.AspNetCore.Http.HttpResults;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Web.Auth;
using Oversight.Web.Infrastructure;

namespace Oversight.Web.Apis;

public sealed record JobList(IReadOnlyList<JobProgress> Items, bool InProgress);

/// <summary>
/// The background jobs (ADR 8): the synthetic seed and the daily overdue run, each working page by page while the host
/// serves. Auditors and administrators read their progress; an administrator can start today's overdue run again.
/// </summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/api/v1/operations/jobs").WithTags("Operations").RequireAuthorization(Policies.Operations);
        jobs.MapGet("/", ListAsync).WithName("ListJobs")
            .WithSummary("Every background job's progress: state (idle, waiting, running, done, failed), done of total, pages, the page size bound, resumes after a restart.");
        jobs.MapGet("/{name}", GetAsync).WithName("GetJob")
            .WithSummary("One background job's progress ('synthetic-seed' or 'overdue').");

        routes.MapPost("/api/v1/admin/jobs/overdue", StartOverdueAsync)
            .WithTags("Admin").RequireAuthorization(Policies.Admin).AddEndpointFilter(AuthExtensions.RequireAntiforgeryForCookies)
            .WithName("RunOverdueJob")
            .WithSummary("Starts today's overdue run now, in the background (202 with its progress; follow it at /api/v1/operations/jobs/overdue). It also runs by itself once every Thai day, and after start-up when today's run is missing.");
        return routes;
    }

    private static async Task<Ok<JobList>> ListAsync(IGrainFactory grains)
    {
        var items = await BackgroundJobs.ListAsync(grains);
        return TypedResults.Ok(new JobList(items, items.Any(j => j.InProgress)));
    }

    private static async Task<Results<Ok<JobProgress>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains) =>
        (await BackgroundJobs.ListAsync(grains)).FirstOrDefault(j => j.Name == name) is { } job
            ? TypedResults.Ok(job)
            : Problems.NotFound($"There is no job '{(name.Length > 40 ? name[..40] : name)}'; the jobs are '{BackgroundJobs.SyntheticSeed}' and '{BackgroundJobs.Overdue}'.");

    private static async Task<Accepted<JobProgress>> StartOverdueAsync(IGrainFactory grains) =>
        TypedResults.Accepted("/api/v1/operations/jobs/overdue", await grains.GetGrain<IOverdueJobGrain>(GrainKeys.OverdueJob).StartAsync());
}
