using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Domain.Recommendations;
using Oversight.Storage.Events;
using Oversight.Storage.ReadModel;

namespace Oversight.Grains.Recommendations;

/// <summary>
/// For <c>audit-trail/verify</c>: parents that disagree with their sub-recommendations
/// (<see cref="RecommendationAggregate.ParentLagsChild"/>): closed, while a sub-recommendation reopened since is open.
/// The candidates are the register's open rows with a reopen and a closed parent (verify compares every row with its
/// events as well); each parent's close time is replayed from its own events.
/// </summary>
public static class ParentChildCheck
{
    private const int Page = 500;

    private static readonly string[] OpenStatuses =
        [.. Enum.GetValues<RecommendationStatus>().Where(s => !s.IsClosed()).Select(s => OversightJson.EnumValue(s))];

    public static async Task<IReadOnlyList<ParentChildMismatchView>> FindAsync(
        IRecommendationReadStore readModel, IEventStore events, string? streamPrefix, CancellationToken ct = default)
    {
        var found = new List<ParentChildMismatchView>();
        var parents = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        for (var offset = 0; ; offset += Page)
        {
            var page = await readModel.QueryAsync(new RecommendationQuery(Statuses: OpenStatuses, ReopenedSince: DateTimeOffset.MinValue, Offset: offset, Limit: Page), ct);
            foreach (var child in page.Items)
            {
                if (child.ParentId is not { } parentId || (streamPrefix is not null && !child.Id.StartsWith(streamPrefix, StringComparison.Ordinal)))
                {
                    continue;
                }
                if (!parents.TryGetValue(parentId, out var closedAt))
                {
                    parents[parentId] = closedAt = await ClosedAtAsync(readModel, events, parentId, ct);
                }
                var status = OversightJson.TryParseEnum<RecommendationStatus>(child.Status, out var s) ? s : RecommendationStatus.InProgress;
                if (RecommendationAggregate.ParentLagsChild(closedAt, status, child.ReopenedAt))
                {
                    found.Add(new ParentChildMismatchView(parentId, child.Id, closedAt!.Value, child.ReopenedAt!.Value));
                }
            }
            if (page.Items.Count == 0 || offset + page.Items.Count >= page.Total)
            {
                return found;
            }
        }
    }

    /// <summary>When the parent was closed, from its events; null when it is open (or its history cannot be read: verify reports that itself).</summary>
    private static async Task<DateTimeOffset?> ClosedAtAsync(IRecommendationReadStore readModel, IEventStore events, string parentId, CancellationToken ct)
    {
        if (await readModel.GetAsync(parentId, ct) is not { } row || !OversightJson.TryParseEnum<RecommendationStatus>(row.Status, out var status) || !status.IsClosed())
        {
            return null;
        }
        try
        {
            return RecommendationStream.Replay(parentId, await events.ReadStreamAsync(parentId, ct)).ClosedAt;
        }
        catch (HistoryDamagedException)
        {
            return null;
        }
    }
}
