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
        await foreach (var child in readModel.QueryAllAsync(new RecommendationQuery(Statuses: OpenStatuses, ReopenedSince: DateTimeOffset.MinValue), Page, ct))
        {
            if (child.ParentId is not { } parentId || (streamPrefix is not null && !child.Id.StartsWith(streamPrefix, StringComparison.Ordinal)))
            {
                continue;
            }
            if (!parents.TryGetValue(parentId, out var closedAt))
            {
                parents[parentId] = closedAt = await ClosedAtAsync(readModel, events, parentId, ct);
            }
            if (RecommendationAggregate.ParentLagsChild(closedAt, RecommendationGrain.StatusOf(child) ?? RecommendationStatus.InProgress, child.ReopenedAt))
            {
                found.Add(new ParentChildMismatchView(parentId, child.Id, closedAt!.Value, child.ReopenedAt!.Value));
            }
        }
        return found;
    }

    /// <summary>When the parent was closed, from its events; null when it is open (or its history cannot be read: verify reports that itself).</summary>
    private static async Task<DateTimeOffset?> ClosedAtAsync(IRecommendationReadStore readModel, IEventStore events, string parentId, CancellationToken ct)
    {
        if (await readModel.GetAsync(parentId, ct) is not { } row || RecommendationGrain.StatusOf(row)?.IsClosed() != true)
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
