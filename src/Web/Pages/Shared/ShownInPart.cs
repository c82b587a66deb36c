using Microsoft.Extensions.Localization;

namespace Oversight.Web.Pages;

/// <summary>How many rows a page lists at most (configuration section <c>PageList</c>).</summary>
public sealed class PageListOptions
{
    public const string SectionName = "PageList";

    /// <summary>The query grain's largest page: no page lists more rows than this at once.</summary>
    public const int MaxRows = Apis.RecommendationQueryGrainLimits.MaxPageSize;

    /// <summary>
    /// The most rows a page lists before it says "n of m" and links to the rest: the board's register, the unit
    /// workspace's recommendations, each of the auditor's lists (1 … <see cref="MaxRows"/>).
    /// </summary>
    public int Rows { get; set; } = MaxRows;

    /// <summary>The unit workspace reads the action plans of at most this many of its recommendations (one grain call each).</summary>
    public int ActionPlanSources { get; set; } = 200;

    /// <summary>
    /// The most notifications the unit workspace lists (its newest) before it says "n of m" and links to all of them, a
    /// page of this many at a time (1 … the inbox's capacity, 500).
    /// </summary>
    public int Notifications { get; set; } = Apis.NotificationsApi.DefaultLimit;

    public int RowsCap => Math.Clamp(Rows, 1, MaxRows);

    public int NotificationsCap => Math.Clamp(Notifications, 1, Grains.Abstractions.Notifications.NotificationLimits.Capacity);

    public int ActionPlanSourcesCap => Math.Clamp(ActionPlanSources, 0, MaxRows);
}

/// <summary>
/// The one rule for a list a page shows only in part, as <c>ShortList</c> is for the reports: whenever a list leaves
/// rows out it says so right by the list with both numbers ("แสดง 10 จาก 14 รายการ" / "10 of 14 shown") and links to
/// all of them, one click away. Rendered by <c>_ShownInPart.cshtml</c>; no page cuts a list without it. The note is
/// always in the page (hidden while nothing is left out), so a script that re-renders the list can show it and set
/// its text (<c>.shown-of</c>) with the same format.
/// </summary>
/// <param name="Shown">Rows listed.</param>
/// <param name="Total">Rows in the whole list.</param>
/// <param name="TestId">The note's data-testid.</param>
/// <param name="Links">Where the whole list is.</param>
/// <param name="TextKey">The resource with the note's format ({0} shown, {1} in all).</param>
public sealed record ShownInPart(int Shown, int Total, string TestId, IReadOnlyList<ShownInPart.Link> Links, string TextKey = "ShownOf")
{
    public sealed record Link(string Href, string Text);

    public bool Cut => Shown < Total;

    /// <summary>
    /// The links of a whole list shown a page at a time (<paramref name="href"/> plus <c>&amp;offset=</c>): to the page
    /// before this one, and to the one after it while rows are left.
    /// </summary>
    public static IReadOnlyList<Link> PageLinks(string href, int offset, int pageSize, int shown, int total, IStringLocalizer localizer)
    {
        var links = new List<Link>();
        if (offset > 0)
        {
            links.Add(new($"{href}&offset={Math.Max(0, offset - pageSize)}", localizer["Previous"]));
        }
        if (offset + shown < total)
        {
            links.Add(new($"{href}&offset={offset + shown}", localizer["Next"]));
        }
        return links;
    }
}
