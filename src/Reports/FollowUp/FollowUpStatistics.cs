namespace Oversight.Reports.FollowUp;

/// <summary>Count of recommendations in one status, and how many of them are overdue.</summary>
/// <param name="Status">Status.</param>
/// <param name="Count">Recommendations.</param>
/// <param name="Overdue">Of which overdue.</param>
public sealed record StatusCount(FollowUpStatus Status, int Count, int Overdue);

/// <summary>Counts for one responsible unit (a recommendation with several units counts for each).</summary>
/// <param name="Unit">Unit code.</param>
/// <param name="Total">Recommendations.</param>
/// <param name="Closed">Closed.</param>
/// <param name="Open">Not closed.</param>
/// <param name="Overdue">Overdue.</param>
public sealed record UnitCount(string Unit, int Total, int Closed, int Open, int Overdue);

/// <summary>Counts for one finding.</summary>
/// <param name="Finding">The finding.</param>
/// <param name="Total">Recommendations.</param>
/// <param name="Closed">Closed.</param>
/// <param name="Overdue">Overdue.</param>
public sealed record FindingCount(FindingEntry Finding, int Total, int Closed, int Overdue);

/// <summary>The summary figures of a set of recommendations (registered ones only; the rest are counted apart).</summary>
public sealed class FollowUpStatistics
{
    private FollowUpStatistics() { }

    /// <summary>Registered recommendations.</summary>
    public int Total { get; private init; }
    /// <summary>Recommendations not yet registered on the as-of date.</summary>
    public int NotRegistered { get; private init; }
    /// <summary>Closed (any closed status or no longer applicable).</summary>
    public int Closed { get; private init; }
    /// <summary>Not closed.</summary>
    public int Open => Total - Closed;
    /// <summary>Overdue.</summary>
    public int Overdue { get; private init; }
    /// <summary>Closed as a percentage of the total (0 when there are none).</summary>
    public double ClosedPercent => Total == 0 ? 0 : 100.0 * Closed / Total;
    /// <summary>Mean of the reported progress.</summary>
    public double AverageProgress { get; private init; }
    /// <summary>Every status, in the status model's order, with zero counts included.</summary>
    public IReadOnlyList<StatusCount> ByStatus { get; private init; } = [];
    /// <summary>Units in order of first appearance in the report.</summary>
    public IReadOnlyList<UnitCount> ByUnit { get; private init; } = [];
    /// <summary>Findings in report order.</summary>
    public IReadOnlyList<FindingCount> ByFinding { get; private init; } = [];

    /// <summary>Computes the figures for <paramref name="findings"/>, optionally only recommendations of <paramref name="unit"/>.</summary>
    public static FollowUpStatistics From(IReadOnlyList<FindingEntry> findings, string? unit = null)
    {
        bool Included(RecommendationEntry r) => unit is null || r.Units.Contains(unit);
        var all = findings.SelectMany(f => f.Recommendations).Where(Included).ToList();
        var registered = all.Where(r => r.Registered).ToList();
        var units = new List<string>();
        foreach (var r in registered)
        {
            foreach (var u in r.Units)
            {
                if (!units.Contains(u) && (unit is null || u == unit))
                {
                    units.Add(u);
                }
            }
        }
        return new FollowUpStatistics
        {
            Total = registered.Count,
            NotRegistered = all.Count - registered.Count,
            Closed = registered.Count(r => r.Status.IsClosed()),
            Overdue = registered.Count(r => r.Overdue),
            AverageProgress = registered.Count == 0 ? 0 : registered.Average(r => r.Progress),
            ByStatus = Enum.GetValues<FollowUpStatus>()
                .Select(s => new StatusCount(s, registered.Count(r => r.Status == s), registered.Count(r => r.Status == s && r.Overdue)))
                .ToArray(),
            ByUnit = units.Select(u =>
            {
                var mine = registered.Where(r => r.Units.Contains(u)).ToList();
                var closed = mine.Count(r => r.Status.IsClosed());
                return new UnitCount(u, mine.Count, closed, mine.Count - closed, mine.Count(r => r.Overdue));
            }).ToArray(),
            ByFinding = findings.Select(f =>
            {
                var mine = f.Recommendations.Where(r => r.Registered && Included(r)).ToList();
                return new FindingCount(f, mine.Count, mine.Count(r => r.Status.IsClosed()), mine.Count(r => r.Overdue));
            }).Where(c => c.Total > 0 || unit is null).ToArray(),
        };
    }
}
