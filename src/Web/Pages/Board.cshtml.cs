using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Web.Apis;
using Oversight.Web.Auth;

namespace Oversight.Web.Pages;

/// <summary>
/// The executive remediation board (and its TV mode). Rendered complete on the server, then kept live by
/// wwwroot/js/board.js. Unit officers see their own unit's board (figures only; their items are in the workspace).
/// </summary>
[Authorize]
public sealed class BoardModel(IGrainFactory grains, Microsoft.Extensions.Options.IOptions<PageListOptions> lists) : OversightPageModel
{
    [BindProperty(SupportsGet = true, Name = "tv")]
    public string? TvFlag { get; set; }

    [BindProperty(SupportsGet = true, Name = "report")]
    public string? ReportId { get; set; }

    public bool Tv => TvFlag is "1" or "true";

    /// <summary>"synthetic": every synthetic report (the labelled data set of issue 10), never mixed with real ones.</summary>
    [BindProperty(SupportsGet = true, Name = "dataset")]
    public string? DataSetFlag { get; set; }

    /// <summary>The data set the board covers: the real reports unless the synthetic data set or a synthetic report is chosen.</summary>
    public DataSet DataSet { get; private set; }

    /// <summary>The query string that keeps this board's scope (report or data set) across links.</summary>
    public string ScopeQuery => ReportId is not null ? "?report=" + Uri.EscapeDataString(ReportId)
        : DataSet == DataSet.Synthetic ? "?dataset=synthetic" : "";

    /// <summary>The TV screens, shown one at a time in turn (or the one asked for with ?screen=).</summary>
    public static readonly IReadOnlyList<string> Screens = ["recommendations", "programme", "contracts", "provinces"];

    [BindProperty(SupportsGet = true, Name = "screen")]
    public string? ScreenFlag { get; set; }

    public string Screen => ScreenFlag is { } asked && Screens.Contains(asked) ? asked : (Tv ? Screens[0] : "all");

    /// <summary>Whether the TV screens take turns (not when one was asked for).</summary>
    public bool Rotate => Tv && !(ScreenFlag is { } asked && Screens.Contains(asked));

    /// <summary>Unit officers see their unit's figures here, not a list of recommendations.</summary>
    public bool TotalsOnly => IsUnitOfficer;

    public BoardSnapshot Board { get; private set; } = null!;

    /// <summary>The unit the board is narrowed to (a unit officer's own), or null.</summary>
    public string? BoardUnit { get; private set; }

    /// <summary>
    /// A part of the board: a fold (details) that a phone opens on demand, or on a wall screen, where nothing is
    /// clicked, a plain section. Names and classes are the page's own constants, never input.
    /// </summary>
    public string FoldOpen(string screenClass, string name) => Tv
        ? $"<section class=\"fold {screenClass}\" data-fold=\"{name}\">"
        : $"<details class=\"fold {screenClass}\" open data-fold=\"{name}\">";

    public string FoldClose => Tv ? "</section>" : "</details>";

    public IReadOnlyList<RecommendationSummary> Rows { get; private set; } = [];

    public int RowsTotal { get; private set; }

    public IReadOnlyList<ReportListItem> Reports { get; private set; } = [];

    public DateOnly Today => Board.Today;

    public async Task OnGetAsync()
    {
        // The pages' rule for query values (PageQuery): what cannot be used is refused (400) and named, and the board
        // shows its default for it.
        var query = grains.GetGrain<IRecommendationQueryGrain>(0);
        var known = await query.ListReportsAsync();
        ReportId = this.Checked("report", ReportId, id => RecommendationsApi.IsValidReportId(id) && known.Any(r => r.Id == id));
        TvFlag = this.Checked("tv", TvFlag, flag => flag is "1" or "true" or "0" or "false");
        ScreenFlag = this.Checked("screen", ScreenFlag, Screens.Contains);
        var asked = this.Checked("dataset", DataSetFlag, flag => OversightJson.TryParseEnum<DataSet>(flag, out var set) && set != DataSet.All);
        if (asked is not null && ReportId is not null && OversightJson.EnumValue(SyntheticReports.Of(ReportId)) != asked)
        {
            // A chosen report decides its data set (as the API's dataset-mismatch).
            this.Refuse("dataset");
        }
        DataSet = SyntheticReports.Of(ReportId, asked == OversightJson.EnumValue(DataSet.Synthetic) ? DataSet.Synthetic : DataSet.Real);
        // The one scoping rule: a unit officer's board is their own unit's (of the chosen report, if one is chosen).
        User.Scope().TryNarrow(null, out var unit);
        BoardUnit = unit;
        Board = await grains.GetGrain<IBoardGrain>(GrainKeys.Board).GetSnapshotAsync(ReportId, unit, DataSet);
        if (!TotalsOnly)
        {
            var page = await query.ListAsync(new RecommendationFilter(ReportId, null, null, null, 0, lists.Value.RowsCap, DataSet));
            Rows = page.Items;
            RowsTotal = page.Total;
            Reports = known;
        }
    }

    /// <summary>Where the whole register is when the page lists part of it: a chosen report's register (Excel), or the report filter.</summary>
    public IReadOnlyList<ShownInPart.Link> RegisterLinks(Microsoft.Extensions.Localization.IStringLocalizer l) => ReportId is { } report
        ?
        [
            new($"/api/v1/reports/{Uri.EscapeDataString(report)}/register.xlsx?lang={Lang}", l["DownloadRegister"]),
            new($"/reports?report={Uri.EscapeDataString(report)}", l["Reports.MoreOptions"]),
        ]
        : Reports.Count > 1
            ? [new("#report-filter", l["ChooseReportForAll"])]
            : Reports.Select(r => new ShownInPart.Link($"/api/v1/reports/{Uri.EscapeDataString(r.Id)}/register.xlsx?lang={Lang}", l["DownloadRegister"])).ToArray();

    /// <summary>
    /// The by-unit and by-finding charts draw the largest groups only (a bar per group must stay readable): at most this
    /// many bars (8 on a wall screen, where the tables stand in for the charts). A chart that leaves groups out says so
    /// ("the 15 largest of 40") and points to the table beside it, which lists every group.
    /// </summary>
    public const int ChartBars = 15, WallChartBars = 8;

    public int Bars => Tv ? WallChartBars : ChartBars;

    /// <summary>The note under a group chart that leaves groups out, with the way to all of them (the table beside it).</summary>
    public ShownInPart ChartMore(string chart, int groups, Microsoft.Extensions.Localization.IStringLocalizer l) =>
        new(Math.Min(Bars, groups), groups, $"{chart}-more", [new($"#{chart}-table", l["Board.AllInTable"])], "Board.ChartShownOf");

    public static string TestKey(string reportId, string code) => Ui.IsSynthetic(reportId) ? $"{reportId}-{code}" : code;

    public object ClientData(Microsoft.Extensions.Localization.IStringLocalizer l, Microsoft.Extensions.Localization.IStringLocalizer m) => new
    {
        page = "board",
        lang = Lang,
        tv = Tv,
        screen = Screen,
        screens = Screens,
        rotate = Rotate,
        monitoringText = MonitoringText(m),
        totalsOnly = TotalsOnly,
        reportId = ReportId,
        dataset = ReportId is null && DataSet == DataSet.Synthetic ? OversightJson.EnumValue(DataSet) : null,
        synthetic = Board.Synthetic,
        unit = BoardUnit,
        maxRows = lists.Value.RowsCap,
        chartBars = Bars,
        boardVersion = Board.Version,
        statusLabels = StatusLabels(),
        agingLabels = Board.Overdue.Aging.Keys.ToDictionary(k => k, k => $"{k} {l["Days"]}"),
        text = LiveText(l),
    };

    /// <summary>The UI strings the live modules need (they never build text from markup).</summary>
    public static Dictionary<string, string> LiveText(Microsoft.Extensions.Localization.IStringLocalizer l) =>
        new[]
        {
            "Live.connecting", "Live.connected", "Live.reconnecting", "Live.disconnected", "Live.unauthorized", "Live.loading",
            "Synthetic", "Overdue", "Days", "DaysLeft", "DaysLate", "NoActivity", "NoneDueSoon", "AverageProgress", "ShownOf",
            "ClosedImplementedPercent", "Recommendations", "OverdueCount", "Total", "Open", "Pending", "ExtensionPending",
            "Update", "Evidence", "Extension", "Comment", "MarkRead", "Read", "NoNotifications", "NotificationsUnavailable",
            "Notification.due-in-30", "Notification.due-in-7", "Notification.due-today", "Notification.overdue", "Notification.action-overdue",
            "ChangedReload", "Reload", "ShownFirst", "Board.ChartShownOf", "Nothing", "DueDate", "Progress", "Status",
        }.ToDictionary(k => k, k => l[k].Value);

    /// <summary>Every programme-monitoring string (MonitoringResource), for the live modules.</summary>
    public static Dictionary<string, string> MonitoringText(Microsoft.Extensions.Localization.IStringLocalizer m) =>
        m.GetAllStrings(includeParentCultures: true).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First().Value);

    public static Dictionary<string, string> StatusLabels() =>
        Enum.GetValues<RecommendationStatus>().ToDictionary(Ui.Wire, Ui.Status);
}
