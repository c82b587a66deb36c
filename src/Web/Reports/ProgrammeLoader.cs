using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Reports.FollowUp;

namespace Oversight.Web.Reports;

/// <summary>
/// The programme section of a follow-up report, read from the monitoring board (<see cref="IMonitoringBoardGrain"/>)
/// and mapped to the plain model the composers render. A unit's report is read with that unit officer's scope, by the
/// same rules as the monitoring API (<see cref="ReadScope"/>, <see cref="MonitoringScope"/>): only the unit's
/// indicators, contracts and offices, the data exchange only for its owner, links narrowed to the unit's
/// recommendations.
/// </summary>
public static class ProgrammeLoader
{
    /// <summary>The data exchange is LBDA's: the ICT Centre's (as <c>GET /api/v1/data-exchange</c> scopes it).</summary>
    public const string DataExchangeUnit = "ICT";

    /// <summary>
    /// The programme that measures the recommendations <paramref name="recommendationIds"/> of report
    /// <paramref name="reportId"/>, or null when no indicator or contract is linked to any of them (a synthetic or demo
    /// copy of a report never shows the real programme).
    /// </summary>
    public static async Task<ProgrammeSection?> LoadAsync(IGrainFactory grains, string reportId, IReadOnlySet<string> recommendationIds, string? unit)
    {
        var board = grains.GetGrain<IMonitoringBoardGrain>(0);
        var indicatorsTask = board.GetIndicatorsAsync();
        var contractsTask = board.GetContractsAsync();
        var provincesTask = board.GetProvincesAsync();
        var exchangeTask = board.GetDataExchangeAsync();
        var unitsTask = board.GetRecommendationUnitsAsync();
        var indicators = (await indicatorsTask).Where(i => i.Recommendations.Any(recommendationIds.Contains)).ToArray();
        var contracts = (await contractsTask).Where(c => c.LinkedRecommendations.Any(recommendationIds.Contains)).ToArray();
        if (indicators.Length == 0 && contracts.Length == 0)
        {
            return null;
        }
        var provinces = await provincesTask;
        var exchange = await exchangeTask;
        var unitsOf = await unitsTask;

        // Everything for the whole report; a unit's report sees what that unit's officer reads.
        var scope = unit is null ? new ReadScope(UserRole.Executive, null) : new ReadScope(UserRole.UnitOfficer, unit);
        string Code(string id) => id.StartsWith(reportId + ".", StringComparison.Ordinal) ? id[(reportId.Length + 1)..] : id;
        var offices = provinces.Items.Where(p => scope.AllowsUnit(p.Unit)).ToArray();
        var exchangeVisible = scope.AllowsUnit(DataExchangeUnit);

        return new ProgrammeSection
        {
            AsOf = provinces.Today,
            DataExchangeUnit = DataExchangeUnit,
            Indicators = indicators.Where(i => scope.Allows(i.Units)).Select(i => i.For(scope, unitsOf)).Select(i => new ProgrammeIndicator(
                i.Code, Bi(i.Name), Bi(i.Unit), Fig(i.Current), i.Baseline is null ? null : Fig(i.Baseline), i.Target, i.TargetDate,
                i.Recommendations.Select(Code).ToArray(), Bi(i.Method), i.Units)).ToArray(),
            Contracts = contracts.Where(c => scope.Allows(c.Units)).Select(c => c.For(scope, unitsOf)).Select(c => new ProgrammeContract(
                c.Id, Bi(c.Title), c.Unit, c.Contractor, Fig(c.Value), Fig(c.FinesAccrued), Fig(c.FinesShareOfValue), Fig(c.MaxDaysLate),
                c.TerminationReviewFlaggedOn, c.Status is null ? null : Bi(c.Status),
                c.Milestones.Select(m => new ProgrammeMilestone(m.Id, Bi(m.Deliverable), m.PlannedDate, m.CurrentPlannedDate, m.DeliveredOn, State(m.State),
                    Fig(m.DaysLate), Fig(m.FineAccrued), Fig(m.Dates))).ToArray(),
                c.Blockers.Select(x => new ProgrammeBlocker(Bi(x.Reason), x.Since, x.Owner, x.Open)).ToArray(),
                c.LinkedRecommendations.Select(Code).ToArray(), c.Source,
                c.Value.Synthetic || c.Milestones.Any(m => m.Dates.Synthetic))).ToArray(),
            Offices = offices.Select(p => new ProgrammeOffice(p.Code, Bi(p.Name), p.Region, p.Unit, p.VisitedByAudit,
                Metric(p, "lbda.registered-staff"), Metric(p, "lbda.staff-needing-access"), Metric(p, "informal.registered"), Fig(p.InformalBaseline),
                Metric(p, "informal.records-updated-12m"))).ToArray(),
            OfficeReportFigures = offices.Length > 0 ? ReportFigures(provinces.ReportFigures) : [],
            Agencies = exchangeVisible
                ? exchange.Agencies.Select(a => new ProgrammeAgency(a.Agency.Id, Bi(a.Agency.Name),
                    a.Agency.Mode is { } mode ? OversightJson.EnumValue(mode) : null, a.Agency.Status is { } status ? OversightJson.EnumValue(status) : null,
                    a.Agency.Source, a.Agency.Synthetic,
                    a.Datasets.Select(d => new ProgrammeDataset(d.Dataset.Id, Bi(d.Dataset.Name), d.Dataset.RecordLevel, Bi(d.Frequency), Fig(d.LastUpdate),
                        d.LastUpdate.Value is { } day ? DateOnly.FromDayNumber((int)day) : null, Fresh(d.Freshness),
                        d.Dataset.Synthetic || d.LastUpdate.Synthetic)).ToArray())).ToArray()
                : [],
            ExchangeReportFigures = exchangeVisible ? ReportFigures(exchange.ReportFigures) : [],
        };
    }

    private static FigureValue Metric(ProvinceSummary p, string metric) =>
        p.Metrics.TryGetValue(metric, out var f) ? Fig(f) : FigureValue.None();

    private static IReadOnlyList<ReportFigure> ReportFigures(IReadOnlyDictionary<string, Figure> figures) => figures
        .OrderBy(f => f.Key, StringComparer.Ordinal)
        .Select(f => MetricCatalog.Find(f.Key) is { } m
            ? new ReportFigure(f.Key, Bi(m.Name), Bi(m.Unit), Fig(f.Value))
            : new ReportFigure(f.Key, Bilingual.Same(f.Key), Bilingual.Same(""), Fig(f.Value)))
        .ToArray();

    internal static FigureValue Fig(Figure f) => new(f.Value, f.Period, f.Source, f.AsOf, Fresh(f.Freshness), f.Synthetic, f.Note is null ? null : Bi(f.Note));

    private static FigureFreshness Fresh(Freshness f) => f switch
    {
        Freshness.Fresh => FigureFreshness.Fresh,
        Freshness.Due => FigureFreshness.Due,
        Freshness.Overdue => FigureFreshness.Overdue,
        Freshness.Delinquent => FigureFreshness.Delinquent,
        _ => FigureFreshness.Unknown,
    };

    private static MilestoneProgress State(MilestoneState s) => s switch
    {
        MilestoneState.Pending => MilestoneProgress.Pending,
        MilestoneState.Late => MilestoneProgress.Late,
        MilestoneState.Delivered => MilestoneProgress.Delivered,
        MilestoneState.DeliveredLate => MilestoneProgress.DeliveredLate,
        _ => MilestoneProgress.Undated,
    };

    private static Bilingual Bi(LocalizedText text) => new(text.Th, text.En);
}
