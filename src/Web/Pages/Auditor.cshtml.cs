using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Web.Auth;

namespace Oversight.Web.Pages;

/// <summary>One of the auditor's lists as the page shows it: its first rows (or a page of them) and how many it has in all.</summary>
public sealed record AuditorSection(AuditorList List, string Title, IReadOnlyList<RecommendationSummary> Items, int Total, string Link, string Extra)
{
    public string Id => OversightJson.EnumValue(List);
}

/// <summary>
/// The auditor's workspace: what awaits verification and the extension requests to decide (longest waiting first),
/// recently reopened items, and the reports. Each list shows its first <see cref="PageListOptions.Rows"/> and, when it
/// has more, says "n of m" and links to the whole list (<c>?list=awaiting</c>, a page at a time).
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class AuditorModel(IGrainFactory grains, IOptions<PageListOptions> lists, IStringLocalizer<SharedResource> localizer) : OversightPageModel
{
    /// <summary>One whole list, a page at a time: awaiting, extensions or reopened; null: the workspace with all three.</summary>
    [BindProperty(SupportsGet = true, Name = "list")]
    public string? ListName { get; set; }

    [BindProperty(SupportsGet = true, Name = "offset")]
    public string? OffsetText { get; set; }

    public AuditorList? Only { get; private set; }

    public int Offset { get; private set; }

    public int PageRows => lists.Value.RowsCap;

    public DateOnly Today { get; private set; }

    public IReadOnlyList<AuditorSection> Sections { get; private set; } = [];

    public IReadOnlyList<ReportListItem> Reports { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var only = default(AuditorList);
        ListName = this.Checked("list", ListName, text => OversightJson.TryParseEnum(text, out AuditorList _));
        if (ListName is not null)
        {
            OversightJson.TryParseEnum(ListName, out only);
        }
        Offset = this.Offset(OffsetText);
        var query = grains.GetGrain<IRecommendationQueryGrain>(0);
        if (ListName is not null)
        {
            Only = only;
            var page = await query.GetAuditorListAsync(only, Offset, PageRows);
            Today = page.Today;
            Sections = [Section(only, page.Items, page.Total)];
            return Page();
        }
        var queue = await query.GetAuditorQueueAsync(limit: PageRows);
        Today = queue.Today;
        Sections =
        [
            Section(AuditorList.Awaiting, queue.AwaitingVerification, queue.AwaitingVerificationTotal),
            Section(AuditorList.Extensions, queue.PendingExtensions, queue.PendingExtensionsTotal),
            Section(AuditorList.Reopened, queue.RecentlyReopened, queue.RecentlyReopenedTotal),
        ];
        Reports = await query.ListReportsAsync();
        return Page();
    }

    private AuditorSection Section(AuditorList list, IReadOnlyList<RecommendationSummary> items, int total) => list switch
    {
        AuditorList.Awaiting => new(list, localizer["Auditor.Awaiting"], items, total, "verify", ""),
        AuditorList.Extensions => new(list, localizer["Auditor.Extensions"], items, total, "decide", "extension"),
        _ => new(list, localizer["Auditor.Reopened"], items, total, "status", "reopened"),
    };

    /// <summary>The note under a list cut short and the way to the rest of it: the whole list, or its neighbouring pages.</summary>
    public ShownInPart More(AuditorSection section)
    {
        var href = $"/auditor?list={section.Id}";
        return new(section.Items.Count, section.Total, $"more-{section.Id}", Only is null
            ? [new(href, localizer["Auditor.SeeAll"])]
            : ShownInPart.PageLinks(href, Offset, PageRows, section.Items.Count, section.Total, localizer));
    }

    public object ClientData(IStringLocalizer l) => new
    {
        page = "auditor",
        only = Only is { } list ? OversightJson.EnumValue(list) : null,
        limit = PageRows,
        statusLabels = BoardModel.StatusLabels(),
        text = new Dictionary<string, string>(BoardModel.LiveText(l))
        {
            ["Auditor.Verify"] = l["Auditor.Verify"],
            ["Auditor.Decide"] = l["Auditor.Decide"],
            ["Auditor.Empty"] = l["Auditor.Empty"],
        },
    };
}
