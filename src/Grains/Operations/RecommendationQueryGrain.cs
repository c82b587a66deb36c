using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Recommendations;
using Oversight.Storage.ReadModel;
using Oversight.Storage.Events;
using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Domain.Recommendations;
using RecommendationPage = Oversight.Grains.Abstractions.Operations.RecommendationPage;

namespace Oversight.Grains.Operations;

/// <summary>Register reads, served from the SQL read model that each recommendation updates in its own append transaction.</summary>
[StatelessWorker]
public sealed class RecommendationQueryGrain(IRecommendationReadStore readModel, IEventStore events, TimeProvider time) : Grain, IRecommendationQueryGrain
{
    public const int MaxPageSize = 500;

    public async Task<RecommendationPage> ListAsync(RecommendationFilter filter)
    {
        var today = ThaiClock.Today(time);
        var dataSet = SyntheticReports.Of(filter.ReportId, filter.DataSet);
        var page = await readModel.QueryAsync(InDataSet(new RecommendationQuery(
            filter.ReportId,
            filter.Unit,
            filter.Statuses?.Select(OversightJson.EnumValue).ToArray(),
            filter.Overdue,
            today,
            Math.Max(0, filter.Offset),
            Math.Clamp(filter.Limit, 1, MaxPageSize)), dataSet));
        return new RecommendationPage(page.Items.Select(RecommendationGrain.FromRow).ToArray(), page.Total, today, dataSet == DataSet.Synthetic);
    }

    /// <summary>
    /// The SQL form of <see cref="SyntheticReports.In"/>: a query over many reports covers the real ones or the
    /// synthetic ones, never both (a query for one report is already inside its own data set).
    /// </summary>
    public static RecommendationQuery InDataSet(RecommendationQuery query, DataSet dataSet) => query.ReportId is not null ? query : dataSet switch
    {
        DataSet.Real => query with { ExcludeReportPrefixes = SyntheticReports.IdPrefixes },
        DataSet.Synthetic => query with { OnlyReportPrefixes = SyntheticReports.IdPrefixes },
        _ => query,
    };

    public async Task<ReportTree?> GetReportTreeAsync(string reportId, string? unit = null)
    {
        var report = await GrainFactory.GetGrain<IAuditReportGrain>(reportId).GetAsync();
        if (report is null)
        {
            return null;
        }
        var today = ThaiClock.Today(time);
        var rows = new List<RecommendationSummary>();
        await foreach (var row in ReadReportAsync(reportId))
        {
            rows.Add(RecommendationGrain.FromRow(row));
        }
        if (unit is not null)
        {
            // A unit's view of the report: only its own recommendations. A sub-recommendation whose parent is another
            // unit's stands on its own under the finding (the parent is not shown).
            rows = rows.Where(r => r.Units.Contains(unit)).ToList();
            var visible = rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            report = report with
            {
                Findings = report.Findings.Select(f => f with { RecommendationIds = f.RecommendationIds.Where(visible.Contains).ToArray() }).ToArray(),
            };
        }
        var byId = rows.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var byParent = rows.Where(r => r.ParentId is not null && byId.ContainsKey(r.ParentId)).ToLookup(r => r.ParentId);

        RecommendationNode Node(RecommendationSummary summary) => new(summary, summary.IsOverdue(today),
            byParent[summary.Id].OrderBy(c => c.SortOrder).Select(Node).ToArray());

        var findings = report.Findings
            .OrderBy(f => f.Ordinal)
            .Select(f => new FindingNode(f, rows
                .Where(r => r.FindingCode == f.Code && (r.ParentId is null || !byId.ContainsKey(r.ParentId)))
                .OrderBy(r => f.RecommendationIds.ToList().IndexOf(r.Id) is var i && i >= 0 ? i : int.MaxValue).ThenBy(r => r.SortOrder)
                .Select(Node).ToArray()))
            .ToArray();
        return new ReportTree(report, findings, today);
    }

    public Task<IReadOnlyList<ReportListItem>> ListReportsAsync() =>
        GrainFactory.GetGrain<IReportCatalogGrain>(GrainKeys.ReportCatalog).ListAsync();

    public async Task<IReadOnlyList<ActivityEntry>> GetActivityAsync(ActivityQuery query)
    {
        var limit = Math.Clamp(query.Limit, 1, 200);
        // Without a report id the feed is one data set (the real reports unless synthetic is asked for), so lines of the
        // other are skipped like another unit's.
        var dataSet = SyntheticReports.Of(query.ReportId, query.DataSet);
        var scan = query.Unit is null && query.ReportId is not null ? limit : Math.Min(limit * 20, 2000);
        var latest = await events.ReadLatestAsync(scan, query.ReportId is null ? null : query.ReportId + ".");
        var units = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal);
        var entries = new List<ActivityEntry>();
        foreach (var stored in latest)
        {
            var dot = stored.StreamId.IndexOf('.');
            if (dot <= 0 || stored.StreamId.Contains(':'))
            {
                continue; // not a recommendation stream
            }
            if (!units.TryGetValue(stored.StreamId, out var streamUnits))
            {
                streamUnits = units[stored.StreamId] = (await readModel.GetAsync(stored.StreamId))?.Units;
            }
            if (streamUnits is null || (query.Unit is not null && !streamUnits.Contains(query.Unit)))
            {
                continue;
            }
            var reportId = stored.StreamId[..dot];
            if (!SyntheticReports.In(dataSet, reportId))
            {
                continue;
            }
            RecommendationEvent @event;
            try
            {
                @event = RecommendationEventCodec.Deserialize(stored.Payload);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
            {
                continue; // a damaged row is reported by verify; the feed shows what it can read
            }
            var code = stored.StreamId[(dot + 1)..];
            entries.Add(new ActivityEntry($"{stored.StreamId}#{stored.Seq}", stored.RecordedAt, stored.StreamId, code, reportId, streamUnits,
                @event.Actor, stored.EventType, ActivityText.Describe(code, @event.Data), @event.Note, stored.Seq, SyntheticData.IsSynthetic(reportId)));
            if (entries.Count == limit)
            {
                break;
            }
        }
        return entries;
    }

    public async Task<AuditorQueue> GetAuditorQueueAsync(int reopenedWithinDays = 30, int limit = MaxPageSize)
    {
        var today = ThaiClock.Today(time);
        var awaiting = await AuditorPageAsync(AuditorList.Awaiting, 0, limit, reopenedWithinDays);
        var extensions = await AuditorPageAsync(AuditorList.Extensions, 0, limit, reopenedWithinDays);
        var reopened = await AuditorPageAsync(AuditorList.Reopened, 0, limit, reopenedWithinDays);
        return new AuditorQueue(awaiting.Items, extensions.Items, reopened.Items, today, awaiting.Total, extensions.Total, reopened.Total);
    }

    public async Task<RecommendationPage> GetAuditorListAsync(AuditorList list, int offset, int limit, int reopenedWithinDays = 30)
    {
        var page = await AuditorPageAsync(list, offset, limit, reopenedWithinDays);
        return new RecommendationPage(page.Items, page.Total, ThaiClock.Today(time));
    }

    /// <summary>
    /// One auditor list, sorted in the database before the page is cut (so the longest-waiting items are never the ones
    /// left out), with the number of all its items. Real work only: a demo item must never be verified by mistake.
    /// </summary>
    private async Task<(IReadOnlyList<RecommendationSummary> Items, int Total)> AuditorPageAsync(AuditorList list, int offset, int limit, int reopenedWithinDays)
    {
        var query = list switch
        {
            AuditorList.Awaiting => new RecommendationQuery(Statuses: [OversightJson.EnumValue(RecommendationStatus.ImplementedPendingVerification)],
                Order: RecommendationOrder.LeastRecentlyUpdated),
            AuditorList.Extensions => new RecommendationQuery(HasPendingExtension: true, Order: RecommendationOrder.LeastRecentlyUpdated),
            _ => new RecommendationQuery(ReopenedSince: time.GetUtcNow().AddDays(-Math.Clamp(reopenedWithinDays, 1, 366)),
                Order: RecommendationOrder.MostRecentlyReopened),
        };
        var page = await readModel.QueryAsync(InDataSet(query with { Offset = Math.Max(0, offset), Limit = Math.Clamp(limit, 1, MaxPageSize) }, DataSet.Real));
        return (page.Items.Select(RecommendationGrain.FromRow).ToArray(), page.Total);
    }

    public async Task<IReadOnlyList<string>> ListUnitReportIdsAsync(string unit)
    {
        // Every recommendation of the unit, a page at a time (the unit's index), not the first page of them.
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var row in readModel.QueryAllAsync(InDataSet(new RecommendationQuery(Unit: unit), DataSet.Real), MaxPageSize))
        {
            ids.Add(row.ReportId);
        }
        return ids.ToArray();
    }

    private IAsyncEnumerable<RecommendationSummaryRow> ReadReportAsync(string reportId) =>
        readModel.QueryAllAsync(new RecommendationQuery(ReportId: reportId), MaxPageSize);
}
