using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Units;
using Oversight.Web.Auth;

namespace Oversight.Web.Pages;

/// <summary>
/// A unit officer's workspace: the unit's figures (its board, which counts every recommendation), its recommendations
/// (live; the first <see cref="PageListOptions.Rows"/>, saying so when there are more), their action plans with due
/// dates, and the unit's notifications (loaded by wwwroot/js/unit.js from /api/v1/notifications).
/// </summary>
[Authorize(Roles = "unit-officer")]
public sealed class UnitModel(IGrainFactory grains, IOptions<PageListOptions> lists) : OversightPageModel
{
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
        var query = grains.GetGrain<IRecommendationQueryGrain>(0);
        var unitView = grains.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).GetAsync(unit);
        var board = grains.GetGrain<IBoardGrain>(GrainKeys.Board).GetSnapshotAsync(null, unit);
        var reports = query.ListUnitReportIdsAsync(unit);
        var page = await query.ListAsync(new RecommendationFilter(null, unit, null, null, 0, lists.Value.RowsCap));
        (UnitView, Board, ReportIds) = (await unitView, await board, await reports);
        Rows = page.Items;
        RowsTotal = page.Total;
        Today = page.Today;
        var sources = Rows.Take(lists.Value.ActionPlanSourcesCap).ToArray();
        ActionSources = sources.Length;
        var details = await Task.WhenAll(sources.Select(r => grains.GetGrain<IRecommendationGrain>(r.Id).GetDetailAsync()));
        Actions = details.Where(d => d is not null)
            .SelectMany(d => d!.Actions.Where(a => a.OwnerUnit == unit || d.Summary.Units.Contains(unit)).Select(a => (d!.Summary, a)))
            .OrderBy(x => x.a.Status is ActionStatus.Completed or ActionStatus.Cancelled)
            .ThenBy(x => x.a.DueDate)
            .ToArray();
        return Page();
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
        statusLabels = BoardModel.StatusLabels(),
        text = BoardModel.LiveText(l),
    };
}
