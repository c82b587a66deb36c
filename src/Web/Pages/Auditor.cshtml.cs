using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Web.Auth;

namespace Oversight.Web.Pages;

/// <summary>The auditor's workspace: what awaits verification, extension requests to decide, recently reopened items, and the reports.</summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class AuditorModel(IGrainFactory grains) : OversightPageModel
{
    public AuditorQueue Queue { get; private set; } = null!;

    public IReadOnlyList<ReportListItem> Reports { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var query = grains.GetGrain<IRecommendationQueryGrain>(0);
        Queue = await query.GetAuditorQueueAsync();
        Reports = await query.ListReportsAsync();
    }

    public object ClientData(IStringLocalizer l) => new
    {
        page = "auditor",
        statusLabels = BoardModel.StatusLabels(),
        text = new Dictionary<string, string>(BoardModel.LiveText(l))
        {
            ["Auditor.Verify"] = l["Auditor.Verify"],
            ["Auditor.Decide"] = l["Auditor.Decide"],
            ["Auditor.Empty"] = l["Auditor.Empty"],
        },
    };
}
