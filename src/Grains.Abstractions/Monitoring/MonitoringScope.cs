using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Monitoring;

/// <summary>
/// Monitoring views as a reader may see them (<see cref="LinkScope"/>): whether the item is readable at all is
/// <see cref="ReadScope.Allows"/> on its units; its links to recommendations are narrowed to the readable ones.
/// Used by the REST routes and by the grains that publish live messages per group.
/// </summary>
public static class MonitoringScope
{
    public static ContractView For(this ContractView view, ReadScope scope, IReadOnlyDictionary<string, string[]> unitsOf) =>
        scope.SeesAll ? view : view with { LinkedRecommendations = scope.Visible(view.LinkedRecommendations, unitsOf) };

    public static IndicatorView For(this IndicatorView view, ReadScope scope, IReadOnlyDictionary<string, string[]> unitsOf) =>
        scope.SeesAll ? view : view with { Recommendations = scope.Visible(view.Recommendations, unitsOf) };

    /// <summary>
    /// An entity's history as a reader may see it: a recorded list of recommendation ids (an indicator's
    /// "recommendations", comma-separated) names only the ones the reader may read, like the view's links.
    /// </summary>
    public static IReadOnlyList<Recommendations.HistoryEntry> For(this IReadOnlyList<Recommendations.HistoryEntry> history, ReadScope scope,
        IReadOnlyDictionary<string, string[]> unitsOf)
    {
        if (scope.SeesAll)
        {
            return history;
        }
        string? Narrow(string? ids) => ids is null
            ? null
            : string.Join(", ", scope.Visible(ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), unitsOf));
        return history.Select(h => h.Changes.Any(c => c.Field == LinkedRecommendationsField)
            ? h with { Changes = h.Changes.Select(c => c.Field == LinkedRecommendationsField ? c with { Before = Narrow(c.Before), After = Narrow(c.After) } : c).ToArray() }
            : h).ToArray();
    }

    /// <summary>The history field that records an entity's links to recommendations.</summary>
    public const string LinkedRecommendationsField = "recommendations";

    /// <summary>One live envelope per group, each with the view as that group's members may see it.</summary>
    public static IEnumerable<Live.LiveEnvelope> PerGroup<T>(string kind, string id, long version, IReadOnlyList<string> groups, T view,
        Func<T, ReadScope, T> shape) where T : notnull =>
        groups.Select(group => new Live.LiveEnvelope(kind, id, version, [group], shape(view, LinkScope.ForGroup(group))));
}
