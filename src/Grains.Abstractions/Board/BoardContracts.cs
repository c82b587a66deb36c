using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;

namespace Oversight.Grains.Abstractions.Board;

[GenerateSerializer, Immutable, Alias("oversight.GroupTotals")]
public sealed record GroupTotals(
    [property: Id(0)] string Key,
    [property: Id(1)] LocalizedText? Name,
    [property: Id(2)] int Total,
    [property: Id(3)] IReadOnlyDictionary<string, int> ByStatus,
    [property: Id(4)] int Overdue,
    [property: Id(5)] double AverageProgress,
    [property: Id(6)] double ClosedImplementedPercent);

[GenerateSerializer, Immutable, Alias("oversight.OverdueSummary")]
public sealed record OverdueSummary(
    [property: Id(0)] int Count,
    /// <summary>Keys "0-30", "31-90", "91-180", ">180": days past the due date.</summary>
    [property: Id(1)] IReadOnlyDictionary<string, int> Aging);

[GenerateSerializer, Immutable, Alias("oversight.DueItem")]
public sealed record DueItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string Code,
    /// <summary>Null in live <c>boardChanged</c> messages (clients have the titles from their snapshot).</summary>
    [property: Id(2)] LocalizedText? Title,
    [property: Id(3)] DateOnly DueDate,
    [property: Id(4)] int DaysLeft,
    [property: Id(5)] IReadOnlyList<string> Units,
    [property: Id(6)] RecommendationStatus Status);

/// <summary>Open recommendations due within 30 and 60 days; <see cref="Items"/> lists the first of them (all 60-day ones when
/// <see cref="Items"/>.Count equals <see cref="Within60"/>; otherwise a client says "n of <see cref="Within60"/>").</summary>
[GenerateSerializer, Immutable, Alias("oversight.DueSoon")]
public sealed record DueSoon(
    [property: Id(0)] int Within30,
    [property: Id(1)] int Within60,
    [property: Id(2)] IReadOnlyList<DueItem> Items);

[GenerateSerializer, Immutable, Alias("oversight.BoardTotals")]
public sealed record BoardTotals(
    [property: Id(0)] int Total,
    [property: Id(1)] IReadOnlyDictionary<string, int> ByStatus,
    [property: Id(2)] int Closed,
    [property: Id(3)] double ClosedImplementedPercent,
    [property: Id(4)] double AverageProgress);

/// <summary>
/// The remediation board as of <see cref="Version"/>. The version only grows: it is the sum of every
/// recommendation's version plus the Thai day number, so a day rollover (which changes overdue counts) also moves it.
/// </summary>
[GenerateSerializer, Immutable, Alias("oversight.BoardSnapshot")]
public sealed record BoardSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] DateOnly Today,
    [property: Id(3)] string? ReportId,
    [property: Id(4)] BoardTotals Totals,
    [property: Id(5)] OverdueSummary Overdue,
    [property: Id(6)] IReadOnlyList<GroupTotals> ByUnit,
    [property: Id(7)] IReadOnlyList<GroupTotals> ByFinding,
    [property: Id(8)] DueSoon DueSoon,
    /// <summary>The unit this board is narrowed to (a unit officer's board), or null.</summary>
    [property: Id(9)] string? Unit = null,
    /// <summary>True when every figure comes from synthetic reports (a synthetic report or the synthetic data set, chosen explicitly); a default board never mixes them in.</summary>
    [property: Id(10)] bool Synthetic = false);

/// <summary>The live board's in-memory projection (singleton key "global"). Rebuilt from the read model on activation.</summary>
[Alias("oversight.IBoardGrain")]
public interface IBoardGrain : IGrainWithStringKey
{
    /// <summary>
    /// The board for one report, or (null) for every report of <paramref name="dataSet"/>: the real reports by default,
    /// every synthetic report when asked (never both; <see cref="BoardSnapshot.Synthetic"/> says which). A report id
    /// decides its own data set. With <paramref name="unit"/>, only that unit's recommendations.
    /// </summary>
    [Alias("GetSnapshot")] Task<BoardSnapshot> GetSnapshotAsync(string? reportId = null, string? unit = null, DataSet dataSet = DataSet.Real);

    /// <summary>Told after a recommendation's change is durable. Out-of-order or repeated calls are ignored by version.</summary>
    [Alias("RecommendationChanged"), OneWay] Task RecommendationChangedAsync(RecommendationSummary summary);

    [Alias("Refresh")] Task<long> RefreshAsync();

    /// <summary>
    /// The board's version now (every snapshot's <see cref="BoardSnapshot.Version"/>, whatever its report or unit: it
    /// moves with every recommendation change the board has taken in). A live client compares it, read once its hub
    /// connection has joined its groups, with the snapshot it read meanwhile (ADR 6).
    /// </summary>
    [Alias("Version")] Task<long> GetVersionAsync();
}

public static class BoardSnapshotExtensions
{
    /// <summary>
    /// The snapshot as a live <c>boardChanged</c> message: the same figures without the names and titles a client
    /// already has from its snapshot, so a thousand boards receive a few hundred bytes instead of kilobytes.
    /// </summary>
    public static BoardSnapshot WithoutNames(this BoardSnapshot snapshot) => snapshot with
    {
        ByUnit = snapshot.ByUnit.Select(g => g with { Name = null }).ToArray(),
        ByFinding = snapshot.ByFinding.Select(g => g with { Name = null }).ToArray(),
        DueSoon = snapshot.DueSoon with { Items = snapshot.DueSoon.Items.Select(i => i with { Title = null }).ToArray() },
    };
}

/// <summary>Counts by status at the end of one week (a point of the trend).</summary>
[GenerateSerializer, Immutable, Alias("oversight.TrendPoint")]
public sealed record TrendPoint(
    [property: Id(0)] DateOnly Date,
    /// <summary>Recommendations by wire status ("not-started", …) as they stood at the end of <see cref="Date"/>.</summary>
    [property: Id(1)] IReadOnlyDictionary<string, int> ByStatus,
    /// <summary>Not started, in progress or awaiting verification.</summary>
    [property: Id(2)] int Open);

/// <summary>Open recommendations over time, by status, rebuilt from the history (the hash-chained event streams).</summary>
[GenerateSerializer, Immutable, Alias("oversight.StatusTrend")]
public sealed record StatusTrend(
    [property: Id(0)] IReadOnlyList<TrendPoint> Points,
    [property: Id(1)] DateOnly Today,
    [property: Id(2)] string? ReportId,
    [property: Id(3)] string? Unit,
    /// <summary>The global position of the last event the trend has taken in.</summary>
    [property: Id(4)] long Position,
    /// <summary>True when the trend is synthetic data (a synthetic report, or the synthetic data set).</summary>
    [property: Id(5)] bool Synthetic = false);

/// <summary>
/// The burn-down by status (singleton key 0): every recommendation's status changes, read from the event store and kept
/// in memory, caught up from its last position on each read. Real reports only unless one (or the synthetic data set)
/// is asked for, as on the board.
/// </summary>
[Alias("oversight.ITrendGrain")]
public interface ITrendGrain : IGrainWithIntegerKey
{
    [Alias("Get")] Task<StatusTrend> GetAsync(string? reportId, string? unit, int weeks, DataSet dataSet = DataSet.Real);
}
