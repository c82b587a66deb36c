using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Units;
using Oversight.Web.Auth;

namespace Oversight.Web.Pages;

/// <summary>
/// A unit officer's workspace: the unit's recommendations (live), their action plans with due dates, and the unit's
/// notifications (loaded by wwwroot/js/unit.js from /api/v1/notifications).
/// </summary>
[Authorize(Roles = "unit-officer")]
public sealed class UnitModel(IGrainFactory grains) : OversightPageModel
{
    public const int MaxRows = 500;
    private const int MaxDetails = 200;

    public string Unit { get; private set; } = "";

    public UnitView? UnitView { get; private set; }

    public IReadOnlyList<RecommendationSummary> Rows { get; private set; } = [];

    public int RowsTotal { get; private set; }

    public IReadOnlyList<(RecommendationSummary Recommendation, ActionItemView Action)> Actions { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public IReadOnlyList<string> ReportIds { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!IsUnitOfficer || UserUnit is not { } unit)
        {
            return Forbid();
        }
        Unit = unit;
        UnitView = await grains.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).GetAsync(unit);
        var page = await grains.GetGrain<IRecommendationQueryGrain>(0).ListAsync(new RecommendationFilter(null, unit, null, null, 0, MaxRows));
        Rows = page.Items;
        RowsTotal = page.Total;
        Today = page.Today;
        ReportIds = Rows.Select(r => r.ReportId).Distinct(StringComparer.Ordinal).ToArray();
        var details = await Task.WhenAll(Rows.Take(MaxDetails).Select(r => grains.GetGrain<IRecommendationGrain>(r.Id).GetDetailAsync()));
        Actions = details.Where(d => d is not null)
            .SelectMany(d => d!.Actions.Where(a => a.OwnerUnit == unit || d.Summary.Units.Contains(unit)).Select(a => (d!.Summary, a)))
            .OrderBy(x => x.a.Status is ActionStatus.Completed or ActionStatus.Cancelled)
            .ThenBy(x => x.a.DueDate)
            .ToArray();
        return Page();
    }

    public int Count(Func<RecommendationSummary, bool> predicate) => Rows.Count(predicate);

    public object ClientData(IStringLocalizer l) => new
    {
        page = "unit",
        unit = Unit,
        maxRows = MaxRows,
        statusLabels = BoardModel.StatusLabels(),
        text = BoardModel.LiveText(l),
    };
}
