using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Reports.FollowUp;
using Oversight.Web.Apis;

namespace Oversight.Web.Reports;

/// <summary>
/// The programme section of a follow-up report, read from the monitoring board (<see cref="IMonitoringBoardGrain"/>,
/// every view at one board version) and mapped to the plain model the composers render. A unit's report is read with
/// that unit officer's scope, by the monitoring API's own scoping functions (<see cref="MonitoringApi"/>): only the
/// unit's indicators, contracts and offices, the data exchange only for its owner (<see cref="DataExchangeOwner"/>),
/// links narrowed to the unit's recommendations.
/// </summary>
public static class ProgrammeLoader
{
    /// <summary>
    /// The programme that measures the recommendations <paramref name="recommendationIds"/> of report
    /// <paramref name="reportId"/>, or null when no indicator or contract is linked to any of them (a synthetic copy of
    /// a report has its own recommendation ids, so it never shows the real programme).
    /// </summary>
    public static async Task<ProgrammeSection?> LoadAsync(IGrainFactory grains, string reportId, IReadOnlySet<string> recommendationIds, string? unit)
    {
        var board = grains.GetGrain<IMonitoringBoardGrain>(0);
        var unitsTask = board.GetRecommendationUnitsAsync();
        var snapshot = await board.GetSnapshotAsync();
        var linkedIndicators = snapshot.Indicators.Where(i => i.Recommendations.Any(recommendationIds.Contains)).ToArray();
        var linkedContracts = snapshot.Contracts.Where(c => c.LinkedRecommendations.Any(recommendationIds.Contains)).ToArray();
        if (linkedIndicators.Length == 0 && linkedContracts.Length == 0)
        {
            return null;
        }
        var unitsOf = await unitsTask;

        // Everything for the whole report; a unit's report sees what that unit's officer reads.
        var scope = unit is null ? new ReadScope(UserRole.Executive, null) : new ReadScope(UserRole.UnitOfficer, unit);
        var indicators = MonitoringApi.Scoped(linkedIndicators, scope, unitsOf);
        var contracts = MonitoringApi.Scoped(linkedContracts, scope, unitsOf);
        var offices = MonitoringApi.Scoped(snapshot.Provinces, scope).Items;
        var exchange = MonitoringApi.Scoped(snapshot.DataExchange, scope);
        var exchangeVisible = scope.AllowsUnit(DataExchangeOwner.Unit);
        string Code(string id) => id.StartsWith(reportId + ".", StringComparison.Ordinal) ? id[(reportId.Length + 1)..] : id;

        return new ProgrammeSection
        {
            AsOf = snapshot.Today,
            DataExchangeUnit = DataExchangeOwner.Unit,
            Indicators = indicators.Select(i => new ProgrammeIndicator(
                i.Code, Bi(i.Name), Bi(i.Unit), Fig(i.Current), i.Baseline is null ? null : Fig(i.Baseline), i.Target, i.TargetDate,
                i.Recommendations.Where(recommendationIds.Contains).Select(Code).ToArray(), Bi(i.Method), i.Units)).ToArray(),
            Contracts = contracts.Select(c => new ProgrammeContract(
                c.Id, Bi(c.Title), c.Unit, c.Contractor, Fig(c.Value), Fig(c.FinesAccrued), Fig(c.FinesShareOfValue), Fig(c.MaxDaysLate),
                c.TerminationReviewFlaggedOn, c.Status is null ? null : Bi(c.Status),
                c.Milestones.Select(m => new ProgrammeMilestone(m.Id, Bi(m.Deliverable), m.PlannedDate, m.CurrentPlannedDate, m.DeliveredOn, State(m.State),
                    Fig(m.DaysLate), Fig(m.FineAccrued), Fig(m.Dates))).ToArray(),
                c.Blockers.Select(x => new ProgrammeBlocker(Bi(x.Reason), x.Since, x.Owner, x.Open)).ToArray(),
                c.LinkedRecommendations.Where(recommendationIds.Contains).Select(Code).ToArray(), c.Source,
                c.Value.Synthetic || c.Milestones.Any(m => m.Dates.Synthetic))).ToArray(),
            Offices = offices.Select(p => new ProgrammeOffice(p.Code, Bi(p.Name), p.Region, p.Unit, p.VisitedByAudit,
                Metric(p, "lbda.registered-staff"), Metric(p, "lbda.staff-needing-access"), Metric(p, "informal.registered"), Fig(p.InformalBaseline),
                Metric(p, "informal.records-updated-12m"))).ToArray(),
            OfficeReportFigures = offices.Count > 0 ? ReportFigures(snapshot.Provinces.ReportFigures) : [],
            Agencies = exchange.Agencies.Select(a => new ProgrammeAgency(a.Agency.Id, Bi(a.Agency.Name),
                a.Agency.Mode is { } mode ? OversightJson.EnumValue(mode) : null, a.Agency.Status is { } status ? OversightJson.EnumValue(status) : null,
                a.Agency.Source, a.Agency.Synthetic,
                a.Datasets.Select(d => new ProgrammeDataset(d.Dataset.Id, Bi(d.Dataset.Name), d.Dataset.RecordLevel, Bi(d.Frequency), Fig(d.LastUpdate),
                    d.LastUpdate.Value is { } day ? DateOnly.FromDayNumber((int)day) : null, Fresh(d.Freshness),
                    d.Dataset.Synthetic || d.LastUpdate.Synthetic)).ToArray())).ToArray(),
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
