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
        var page = await readModel.QueryAsync(new RecommendationQuery(
            filter.ReportId,
            filter.Unit,
            filter.Statuses?.Select(OversightJson.EnumValue).ToArray(),
            filter.Overdue,
            today,
            Math.Max(0, filter.Offset),
            Math.Clamp(filter.Limit, 1, MaxPageSize)));
        return new RecommendationPage(page.Items.Select(RecommendationGrain.FromRow).ToArray(), page.Total, today);
    }

    public async Task<ReportTree?> GetReportTreeAsync(string reportId)
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
        var byParent = rows.ToLookup(r => r.ParentId);
        var byId = rows.ToDictionary(r => r.Id, StringComparer.Ordinal);

        RecommendationNode Node(RecommendationSummary summary) => new(summary, summary.IsOverdue(today),
            byParent[summary.Id].OrderBy(c => c.SortOrder).Select(Node).ToArray());

        var findings = report.Findings
            .OrderBy(f => f.Ordinal)
            .Select(f => new FindingNode(f, f.RecommendationIds.Where(byId.ContainsKey).Select(id => Node(byId[id])).ToArray()))
            .ToArray();
        return new ReportTree(report, findings, today);
    }

    public Task<IReadOnlyList<ReportListItem>> ListReportsAsync() =>
        GrainFactory.GetGrain<IReportCatalogGrain>(GrainKeys.ReportCatalog).ListAsync();

    public async Task<IReadOnlyList<ActivityEntry>> GetActivityAsync(ActivityQuery query)
    {
        var limit = Math.Clamp(query.Limit, 1, 200);
        var scan = query.Unit is null ? limit : Math.Min(limit * 20, 2000);
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
            var @event = RecommendationEventCodec.Deserialize(stored.Payload);
            var reportId = stored.StreamId[..dot];
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

    public async Task<AuditorQueue> GetAuditorQueueAsync(int reopenedWithinDays = 30)
    {
        var today = ThaiClock.Today(time);
        async Task<IReadOnlyList<RecommendationSummary>> Query(RecommendationQuery query) =>
            (await readModel.QueryAsync(query with { Limit = MaxPageSize })).Items.Select(RecommendationGrain.FromRow).ToArray();
        var awaiting = await Query(new RecommendationQuery(Statuses: [OversightJson.EnumValue(RecommendationStatus.ImplementedPendingVerification)]));
        var extensions = await Query(new RecommendationQuery(HasPendingExtension: true));
        var reopened = await Query(new RecommendationQuery(ReopenedSince: time.GetUtcNow().AddDays(-Math.Clamp(reopenedWithinDays, 1, 366))));
        return new AuditorQueue(
            awaiting.OrderBy(r => r.UpdatedAt).ToArray(),
            extensions.OrderBy(r => r.UpdatedAt).ToArray(),
            reopened.OrderByDescending(r => r.ReopenedAt).ToArray(),
            today);
    }

    private async IAsyncEnumerable<RecommendationSummaryRow> ReadReportAsync(string reportId)
    {
        var offset = 0;
        while (true)
        {
            var page = await readModel.QueryAsync(new RecommendationQuery(ReportId: reportId, Offset: offset, Limit: MaxPageSize));
            foreach (var row in page.Items)
            {
                yield return row;
            }
            offset += page.Items.Count;
            if (page.Items.Count == 0 || offset >= page.Total)
            {
                yield break;
            }
        }
    }
}
