using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Recommendations;
using Oversight.Storage.ReadModel;
using RecommendationPage = Oversight.Grains.Abstractions.Operations.RecommendationPage;

namespace Oversight.Grains.Operations;

/// <summary>Register reads, served from the SQL read model that each recommendation updates in its own append transaction.</summary>
[StatelessWorker]
public sealed class RecommendationQueryGrain(IRecommendationReadStore readModel, TimeProvider time) : Grain, IRecommendationQueryGrain
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
