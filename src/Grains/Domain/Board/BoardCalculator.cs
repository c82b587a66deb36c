using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Domain.Board;

/// <summary>Computes the remediation board's figures from recommendation summaries. Pure; tested without a cluster.</summary>
public static class BoardCalculator
{
    public static readonly string[] AgingBuckets = ["0-30", "31-90", "91-180", ">180"];

    /// <summary>A board spanning more reports than this leaves out the by-finding breakdown (it would list every finding of every report).</summary>
    public const int MaxReportsForFindings = 10;

    public static string AgingBucket(int daysOverdue) => daysOverdue switch
    {
        <= 30 => "0-30",
        <= 90 => "31-90",
        <= 180 => "91-180",
        _ => ">180",
    };

    /// <summary>The board version: every recommendation's version summed, plus the day number, so a day rollover also moves it.</summary>
    public static long Version(long sumOfVersions, DateOnly today) => sumOfVersions + today.DayNumber;

    public static BoardSnapshot Compute(
        IReadOnlyCollection<RecommendationSummary> items,
        DateOnly today,
        DateTimeOffset asOf,
        long version,
        string? reportId,
        IReadOnlyDictionary<string, LocalizedText> unitNames,
        IReadOnlyDictionary<string, LocalizedText> findingNames,
        int dueSoonListLimit = 20,
        string? unit = null,
        bool synthetic = false)
    {
        var totals = Totals(items);
        var overdue = items.Where(i => i.IsOverdue(today)).ToArray();
        var aging = AgingBuckets.ToDictionary(b => b, _ => 0);
        foreach (var item in overdue)
        {
            aging[AgingBucket(today.DayNumber - item.DueDate.DayNumber)]++;
        }

        var byUnit = items
            .SelectMany(i => i.Units.Select(u => (Unit: u, Item: i)))
            .Where(x => unit is null || x.Unit == unit)   // a unit's board shows that unit only
            .GroupBy(x => x.Unit, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(g.Key, unitNames.GetValueOrDefault(g.Key), g.Select(x => x.Item).ToArray(), today))
            .ToArray();
        var reports = items.Select(i => i.ReportId).Distinct().Count();
        var singleReport = reports <= 1;
        // Across many reports, per-finding figures are per report: ask for one report's board instead.
        var byFinding = reports > MaxReportsForFindings ? [] : items
            .GroupBy(i => singleReport ? i.FindingCode : FindingKey(i.ReportId, i.FindingCode), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(g.Key, findingNames.GetValueOrDefault(g.Key), g.ToArray(), today))
            .ToArray();

        var open = items.Where(i => !i.Status.IsClosed() && i.DueDate >= today).ToArray();
        var within60 = open.Where(i => i.DueDate.DayNumber - today.DayNumber <= 60).OrderBy(i => i.DueDate).ThenBy(i => i.Code).ToArray();
        var dueSoon = new DueSoon(
            within60.Count(i => i.DueDate.DayNumber - today.DayNumber <= 30),
            within60.Length,
            within60.Take(dueSoonListLimit)
                .Select(i => new DueItem(i.Id, i.Code, i.Title, i.DueDate, i.DueDate.DayNumber - today.DayNumber, i.Units, i.Status))
                .ToArray());

        return new BoardSnapshot(version, asOf, today, reportId, totals, new OverdueSummary(overdue.Length, aging), byUnit, byFinding, dueSoon, unit, synthetic);
    }

    /// <summary>Key of a finding on a board that spans several reports (finding codes repeat across reports).</summary>
    public static string FindingKey(string reportId, string findingCode) => $"{reportId}/{findingCode}";

    public static BoardTotals Totals(IReadOnlyCollection<RecommendationSummary> items)
    {
        var byStatus = StatusCounts(items);
        var closed = items.Count(i => i.Status.IsClosed());
        return new BoardTotals(items.Count, byStatus, closed, ClosedImplementedPercent(items), AverageProgress(items));
    }

    private static GroupTotals Group(string key, LocalizedText? name, IReadOnlyCollection<RecommendationSummary> items, DateOnly today) =>
        new(key, name, items.Count, StatusCounts(items), items.Count(i => i.IsOverdue(today)), AverageProgress(items), ClosedImplementedPercent(items));

    private static Dictionary<string, int> StatusCounts(IEnumerable<RecommendationSummary> items)
    {
        var counts = Enum.GetValues<RecommendationStatus>().ToDictionary(OversightJson.EnumValue, _ => 0);
        foreach (var item in items)
        {
            counts[OversightJson.EnumValue(item.Status)]++;
        }
        return counts;
    }

    private static double AverageProgress(IReadOnlyCollection<RecommendationSummary> items) =>
        items.Count == 0 ? 0 : Math.Round(items.Average(i => i.Progress), 1);

    /// <summary>Share of recommendations closed as implemented, among those not withdrawn as no longer applicable.</summary>
    private static double ClosedImplementedPercent(IReadOnlyCollection<RecommendationSummary> items)
    {
        var applicable = items.Count(i => i.Status != RecommendationStatus.NoLongerApplicable);
        return applicable == 0 ? 0 : Math.Round(100.0 * items.Count(i => i.Status == RecommendationStatus.ClosedImplemented) / applicable, 1);
    }
}
