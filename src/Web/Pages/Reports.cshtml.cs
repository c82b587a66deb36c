using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Abstractions.Units;
using Oversight.Web.Auth;
using Oversight.Web.Text;

namespace Oversight.Web.Pages;

/// <summary>
/// Report files for the people who read them: executives and auditors get the follow-up PDF, a unit's PDF, the
/// executive summary and the register (xlsx); a unit officer gets their own unit's PDF. Each as of a date typed in the
/// interface's era (B.E. in Thai) and in the language chosen (the interface's by default). A download is a GET that
/// checks the form and redirects to the report API (<c>FollowUpReportsApi</c>), which decides access again.
/// </summary>
[Authorize]
public sealed class ReportsModel(IGrainFactory grains, TimeProvider time, IStringLocalizer<SharedResource> localizer) : OversightPageModel
{
    public static readonly string[] Kinds = ["follow-up", "unit", "executive-summary", "register"];

    public IReadOnlyList<ReportListItem> Reports { get; private set; } = [];

    public IReadOnlyList<UnitView> ReportUnits { get; private set; } = [];

    public DateOnly Today { get; private set; }

    [BindProperty(SupportsGet = true, Name = "report")]
    public string? ReportId { get; set; }

    [BindProperty(SupportsGet = true, Name = "unit")]
    public string? Unit { get; set; }

    /// <summary>The as-of date as typed (dd/mm/yyyy, B.E. in Thai).</summary>
    [BindProperty(SupportsGet = true, Name = "asOf")]
    public string? AsOf { get; set; }

    [BindProperty(SupportsGet = true, Name = "lang")]
    public string? FileLang { get; set; }

    public string? AsOfError { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Executives and auditors read every report file; a unit officer their unit's PDF only.</summary>
    public bool ReadsEverything => IsExecutive || IsAuditor;

    public string ChosenLang => FileLang is "th" or "en" ? FileLang : Lang;

    public ReportListItem? Chosen => Reports.FirstOrDefault(r => r.Id == ReportId) ?? Reports.FirstOrDefault();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!ReadsEverything && !IsUnitOfficer)
        {
            return Forbid();
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>Checks the form and sends the browser to the file; an unreadable date comes back to the form, kept.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string? kind)
    {
        if (!ReadsEverything && !IsUnitOfficer)
        {
            return Forbid();
        }
        await LoadAsync();
        this.Checked("kind", kind, Kinds.Contains);
        if (PageQuery.Refused(HttpContext).Count > 0)
        {
            // Never a file of another report, unit or language than the one asked for: the form, saying which value was not used.
            return Page();
        }
        if (Chosen is not { } report || kind is null || !Kinds.Contains(kind))
        {
            return Refused(localizer["Error.invalid"]);
        }
        if (!ReadsEverything && kind != "unit")
        {
            return Forbid();
        }
        var date = string.IsNullOrWhiteSpace(AsOf) ? Today : DateInput.Parse(AsOf, Lang).Date!.Value;
        var unit = IsUnitOfficer ? UserUnit : Unit;
        if (kind == "unit" && (unit is null || ReportUnits.All(u => u.Code != unit)))
        {
            return Refused(localizer["Reports.ChooseUnit"]);
        }
        var id = Uri.EscapeDataString(report.Id);
        var query = $"?lang={ChosenLang}&asOf={Ui.Iso(date)}";
        return Redirect(kind switch
        {
            "unit" => $"/api/v1/reports/{id}/units/{Uri.EscapeDataString(unit!)}/follow-up.pdf{query}",
            "executive-summary" => $"/api/v1/reports/{id}/executive-summary.pdf{query}",
            "register" => $"/api/v1/reports/{id}/register.xlsx{query}",
            _ => $"/api/v1/reports/{id}/follow-up.pdf{query}",
        });
    }

    /// <summary>Why the typed as-of date cannot be used (unreadable, in the future, before 2000), or null.</summary>
    private string? AsOfProblem()
    {
        var (parsed, error) = DateInput.Parse(AsOf, Lang);
        if (parsed is null)
        {
            return localizer[$"Error.{error}"].Value;
        }
        if (parsed > Today)
        {
            return string.Format(CultureInfo.CurrentCulture, localizer["Error.as-of-in-future"].Value, DateInput.Format(Today, Lang));
        }
        return parsed.Value.Year < 2000 ? localizer["Error.date-format"].Value : null;
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Refused(string message, bool dateError = false)
    {
        if (dateError)
        {
            AsOfError = message;
            // Named at the top too, as every query value a page cannot use is (PageQuery).
            this.Refuse("asOf");
        }
        else
        {
            Error = message;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync()
    {
        var query = grains.GetGrain<IRecommendationQueryGrain>(0);
        Today = ThaiClock.Today(time);
        var all = await query.ListReportsAsync();
        if (IsUnitOfficer && UserUnit is { } own)
        {
            // Every report with the unit's recommendations, not those of its first page of them.
            var ids = (await query.ListUnitReportIdsAsync(own)).ToHashSet(StringComparer.Ordinal);
            all = all.Where(r => ids.Contains(r.Id)).ToArray();
        }
        // The real reports first; synthetic ones (load tests, the demo copy) after them, marked.
        Reports = all.OrderBy(r => Ui.IsSynthetic(r.Id)).ThenBy(r => r.Id, StringComparer.Ordinal).ToArray();
        // The pages' rule for query values (PageQuery): a report, unit or language the form cannot offer is refused (400)
        // and named, and the form shows its default.
        ReportId = this.Checked("report", ReportId, id => Reports.Any(r => r.Id == id));
        FileLang = this.Checked("lang", FileLang, lang => lang is "th" or "en");
        if (Chosen is not { } report)
        {
            Unit = this.Checked("unit", Unit, _ => false);
            return;
        }
        ReportId = report.Id;
        var directory = (await grains.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).ListAsync()).ToDictionary(u => u.Code, StringComparer.Ordinal);
        IEnumerable<string> codes;
        if (IsUnitOfficer)
        {
            codes = UserUnit is { } mineUnit ? [mineUnit] : [];
        }
        else
        {
            // Every unit of the report: its board counts all of its recommendations (a first page of them could miss a unit).
            var board = await grains.GetGrain<IBoardGrain>(GrainKeys.Board).GetSnapshotAsync(report.Id);
            codes = board.ByUnit.Select(g => g.Key).Order(StringComparer.Ordinal);
        }
        ReportUnits = codes.Select(c => directory.TryGetValue(c, out var u) ? u : new UnitView(c, new LocalizedText(c, c), UnitKind.Central, null, true)).ToArray();
        Unit = this.Checked("unit", Unit, code => ReportUnits.Any(u => u.Code == code));
        // The date as typed, checked on the page as on the download, so a link with a date the form cannot use says so.
        if (!string.IsNullOrWhiteSpace(AsOf) && AsOfProblem() is { } problem)
        {
            Refused(problem, dateError: true);
        }
    }
}
