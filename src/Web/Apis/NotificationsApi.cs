using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Notifications;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Settings;
using Oversight.Web.Auth;
using Oversight.Web.Infrastructure;

namespace Oversight.Web.Apis;

public sealed record FollowUpSettingsRequest(int? DefaultPeriodDays, int? StartWithinDays, int? ReportEveryDays);

public sealed record DemoInfo(bool Enabled, bool Activity, string? DemoReportId, long Steps);

/// <summary>In-app notifications, the follow-up settings and demo-mode information.</summary>
public static class NotificationsApi
{
    /// <summary>A page of notifications without <c>limit</c>: the newest 100.</summary>
    public const int DefaultLimit = 100;

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var notifications = routes.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireAuthorization(Policies.Reader)
            .AddEndpointFilter(AuthExtensions.RequireAntiforgeryForCookies);
        notifications.MapGet("/", ListAsync).WithName("ListNotifications")
            .WithSummary("A unit's notifications, newest first, a page at a time (offset, limit): due in 30/7/0 days, weekly while overdue, overdue actions; with the total and the unread count. Unit officers get their unit's; others pass ?unit=.");
        notifications.MapPost("/{id}/read", MarkReadAsync).WithName("MarkNotificationRead")
            .WithSummary("Unit officer: marks one of the unit's notifications read (`unit`, if given, is the officer's own).");

        routes.MapGroup("/api/v1/settings").WithTags("Settings").RequireAuthorization(Policies.Reader)
            .MapGet("/follow-up", async (IGrainFactory grains) => TypedResults.Ok(await grains.GetGrain<IFollowUpSettingsGrain>(GrainKeys.Settings).GetAsync()))
            .WithName("GetFollowUpSettings").WithSummary("The default follow-up deadlines in force.");
        routes.MapGroup("/api/v1/admin/settings").WithTags("Admin").RequireAuthorization(Policies.Admin)
            .AddEndpointFilter(AuthExtensions.RequireAntiforgeryForCookies)
            .MapPut("/follow-up", UpdateSettingsAsync).WithName("UpdateFollowUpSettings")
            .WithSummary("Administrator: changes the default follow-up deadlines (from the report date, in days).");

        routes.MapGet("/api/v1/demo", GetDemoAsync).WithTags("Demo").RequireAuthorization(Policies.Reader).WithName("GetDemo")
            .WithSummary("Whether demo mode and its synthetic activity are on, and which report the activity works on.");

        return routes;
    }

    private static async Task<Results<Ok<NotificationList>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, IGrainFactory grains, string? unit, string? unreadOnly, string? offset, string? limit)
    {
        if ((QueryRules.First(QueryRules.Limit(limit, DefaultLimit, NotificationLimits.Capacity, out var take), QueryRules.Offset(offset, out var skip),
                QueryRules.Flag(unreadOnly, "unreadOnly", out var unread)) ?? QueryRules.Unit(unit)
                ?? QueryRules.Scope(user, unit, out unit, "notifications")) is { } problem)
        {
            return problem;
        }
        if (unit is null)
        {
            return Problems.BadRequest("unit-required", "'unit' is a unit code such as ICT.", "unit");
        }
        return TypedResults.Ok(await grains.GetGrain<INotificationInboxGrain>(unit).ListPageAsync(unread ?? false, skip, take));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(string id, ClaimsPrincipal user, IGrainFactory grains, string? unit)
    {
        if ((QueryRules.Unit(unit) ?? QueryRules.Scope(user, unit, out unit, "notifications")) is { } problem)
        {
            return problem;
        }
        if (user.GetRole() != UserRole.UnitOfficer || unit is null)
        {
            return Problems.Forbidden("Notifications are read by the unit they are for.");
        }
        var inbox = grains.GetGrain<INotificationInboxGrain>(unit);
        return id.Length <= 20 && await inbox.MarkReadAsync(id) ? TypedResults.NoContent() : Problems.NotFound($"Notification '{(id.Length > 20 ? id[..20] : id)}' does not exist.");
    }

    private static async Task<Results<Ok<FollowUpSettings>, ProblemHttpResult>> UpdateSettingsAsync(
        [FromBody] FollowUpSettingsRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.DefaultPeriodDays is null || body.StartWithinDays is null || body.ReportEveryDays is null)
        {
            return Problems.BadRequest("required", "'defaultPeriodDays', 'startWithinDays' and 'reportEveryDays' are required.");
        }
        var settings = grains.GetGrain<IFollowUpSettingsGrain>(GrainKeys.Settings);
        var result = await settings.UpdateAsync(user.ToActor(), new FollowUpSettings(body.DefaultPeriodDays.Value, body.StartWithinDays.Value, body.ReportEveryDays.Value));
        return result.Ok ? TypedResults.Ok(await settings.GetAsync()) : Problems.From(result.Error!);
    }

    private static async Task<Ok<DemoInfo>> GetDemoAsync(IOptions<DemoOptions> demo, IGrainFactory grains)
    {
        if (!demo.Value.Enabled || !demo.Value.Activity)
        {
            return TypedResults.Ok(new DemoInfo(demo.Value.Enabled, false, null, 0));
        }
        var status = await grains.GetGrain<IDemoActivityGrain>(GrainKeys.DemoActivity).GetStatusAsync();
        return TypedResults.Ok(new DemoInfo(true, status.Running, status.ReportId, status.Steps));
    }
}
