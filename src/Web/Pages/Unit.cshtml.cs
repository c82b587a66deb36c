using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Notifications;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Units;
using Oversight.Web.Auth;

namespace Oversight.Web.Pages;

/// <summary>
/// A unit officer's workspace: the unit's figures (its board, which counts every recommendation), its recommendations
/// (live; the first <see cref="PageListOptions.Rows"/>, saying so when there are more), their action plans with due
/// dates, and the unit's notifications (loaded by wwwroot/js/unit.js from /api/v1/notifications): the newest
/// <see cref="PageListOptions.Notifications"/>, saying "n of m" when there are more, with a link to all of them a page at
/// a time (<c>?list=notifications&amp;offset=</c>, a plain page that lists only the notifications).
/// </summary>
[Authorize(Roles = "unit-officer")]
public sealed class UnitModel(IGrainFactory grains, IOptions<PageListOptions> lists, IStringLocalizer<SharedResource> localizer, TimeProvider time) : OversightPageModel
{
    /// <summary>The one list that has a page of its own: "notifications"; null: the workspace.</summary>
    [BindProperty(SupportsGet = true, Name = "list")]
    public string? ListName { get; set; }

    [BindProperty(SupportsGet = true, Name = "offset")]
    public string? OffsetText { get; set; }

    /// <summary>Whether the page lists only the notifications, a page at a time (<c>?list=notifications</c>).</summary>
    public bool NotificationsOnly { get; private set; }

    /// <summary>The first notification listed (0: the newest).</summary>
    public int NotificationsOffset { get; private set; }

    public int NotificationsPage => lists.Value.NotificationsCap;

    /// <summary>The notifications listed when the page was made (the script reloads the same page of them) and how many there are.</summary>
    public NotificationList Notifications { get; private set; } = new([], 0);

    public string Unit { get; private set; } = "";

    public UnitView? UnitView { get; private set; }

    /// <summary>The unit's board: the figures over all of its (real) recommendations, not over the rows listed.</summary>
    public BoardSnapshot Board { get; private set; } = null!;

    public IReadOnlyList<RecommendationSummary> Rows { get; private set; } = [];

    public int RowsTotal { get; private set; }

    public IReadOnlyList<(RecommendationSummary Recommendation, ActionItemView Action)> Actions { get; private set; } = [];

    /// <summary>How many recommendations the action plans were read from (all of them unless the list is cut).</summary>
    public int ActionSources { get; private set; }

    public DateOnly Today { get; private set; }

    /// <summary>Every report with recommendations of the unit (not only those of the rows listed).</summary>
    public IReadOnlyList<string> ReportIds { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!IsUnitOfficer || UserUnit is not { } unit)
        {
            return Forbid();
        }
        Unit = unit;
        ListName = this.Checked("list", ListName, text => text == NotificationsList);
        var offset = this.Offset(OffsetText);
        NotificationsOffset = ListName is null ? 0 : offset; // the workspace lists the newest
        var inbox = grains.GetGrain<INotificationInboxGrain>(unit).ListPageAsync(false, NotificationsOffset, NotificationsPage);
        if (ListName is not null)
        {
            NotificationsOnly = true;
            (Notifications, UnitView) = (await inbox, await grains.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).GetAsync(unit));
            Today = ThaiClock.Today(time);
            return Page();
        }
        var query = grains.GetGrain<IRecommendationQueryGrain>(0);
        var unitView = grains.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).GetAsync(unit);
        var board = grains.GetGrain<IBoardGrain>(GrainKeys.Board).GetSnapshotAsync(null, unit);
        var reports = query.ListUnitReportIdsAsync(unit);
        var page = await query.ListAsync(new RecommendationFilter(null, unit, null, null, 0, lists.Value.RowsCap));
        (UnitView, Board, ReportIds, Notifications) = (await unitView, await board, await reports, await inbox);
        Rows = page.Items;
        RowsTotal = page.Total;
        Today = page.Today;
        var sources = Rows.Take(lists.Value.ActionPlanSourcesCap).ToArray();
        ActionSources = sources.Length;
        var details = await Task.WhenAll(sources.Select(r => grains.Recommendation(r.Id).GetDetailAsync()));
        Actions = details.Where(d => d is not null)
            .SelectMany(d => d!.Actions.Where(a => a.OwnerUnit == unit || d.Summary.Units.Contains(unit)).Select(a => (d!.Summary, a)))
            .OrderBy(x => x.a.Status is ActionStatus.Completed or ActionStatus.Cancelled)
            .ThenBy(x => x.a.DueDate)
            .ToArray();
        return Page();
    }

    private const string NotificationsList = "notifications";

    /// <summary>
    /// The note by the notifications when they are listed in part and the way to the rest: from the workspace, all of
    /// them a page at a time; on that page, its neighbouring pages.
    /// </summary>
    public ShownInPart NotificationsMore()
    {
        var (shown, total) = (Notifications.Items.Count, Notifications.Total);
        const string href = "/unit?list=" + NotificationsList;
        if (!NotificationsOnly)
        {
            return new(shown, total, "notifications-more", [new(href, localizer["Unit.AllNotifications"])], "Unit.NotificationsShownOf");
        }
        return new(shown, total, "notifications-more", ShownInPart.PageLinks(href, NotificationsOffset, NotificationsPage, shown, total, localizer));
    }

    /// <summary>How many of the unit's recommendations have <paramref name="status"/>, from its board.</summary>
    public int Count(RecommendationStatus status) => Board.Totals.ByStatus.GetValueOrDefault(OversightJson.EnumValue(status));

    /// <summary>Where all of the unit's recommendations and action plans are: its report for each report (PDF).</summary>
    public IReadOnlyList<ShownInPart.Link> UnitReportLinks(IStringLocalizer l) => ReportIds
        .Select(r => new ShownInPart.Link($"/api/v1/reports/{Uri.EscapeDataString(r)}/units/{Uri.EscapeDataString(Unit)}/follow-up.pdf?lang={Ui.Lang}",
            $"{l["DownloadUnitReport"]} ({r})"))
        .ToArray();

    public object ClientData(IStringLocalizer l) => new
    {
        page = "unit",
        unit = Unit,
        maxRows = lists.Value.RowsCap,
        notifications = new { only = NotificationsOnly, offset = NotificationsOffset, limit = NotificationsPage },
        statusLabels = BoardModel.StatusLabels(),
        text = new Dictionary<string, string>(BoardModel.LiveText(l))
        {
            ["NotificationsShownOf"] = l[NotificationsOnly ? "ShownOf" : "Unit.NotificationsShownOf"],
        },
    };
}
