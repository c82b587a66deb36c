using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;

namespace Oversight.Grains.Domain.Monitoring;

/// <summary>An observation as the figures are computed from it.</summary>
public sealed record Observation(string Source, string Metric, string Subject, string Period, double Value, DateOnly AsOf, bool Synthetic, DateTimeOffset RecordedAt);

/// <summary>
/// Every current observation, indexed by (metric, subject) and period, with the rule that decides which one a figure
/// shows: once a real observation exists for a metric and subject, synthetic ones for that pair are no longer shown;
/// among several real sources for the same period, the newest as-of date wins.
/// </summary>
public sealed class ObservationIndex
{
    private readonly Dictionary<(string Metric, string Subject), Dictionary<string, List<Observation>>> _byPair = [];
    private readonly Dictionary<(string Metric, string Subject), int> _real = [];
    private readonly Dictionary<string, DateOnly> _starts = new(StringComparer.Ordinal);

    public void Upsert(Observation o)
    {
        var pair = (o.Metric, o.Subject);
        if (!_byPair.TryGetValue(pair, out var periods))
        {
            _byPair[pair] = periods = new Dictionary<string, List<Observation>>(StringComparer.Ordinal);
        }
        if (!periods.TryGetValue(o.Period, out var list))
        {
            periods[o.Period] = list = [];
        }
        var index = list.FindIndex(x => x.Source == o.Source);
        if (index >= 0)
        {
            if (!list[index].Synthetic)
            {
                _real[pair]--;
            }
            list[index] = o;
        }
        else
        {
            list.Add(o);
        }
        if (!o.Synthetic)
        {
            _real[pair] = _real.GetValueOrDefault(pair) + 1;
        }
    }

    public IEnumerable<string> Subjects => _byPair.Keys.Select(k => k.Subject).Distinct(StringComparer.Ordinal);

    /// <summary>The shown observation of each period, oldest period first.</summary>
    public IReadOnlyList<Observation> Series(string metric, string subject)
    {
        if (!_byPair.TryGetValue((metric, subject), out var periods))
        {
            return [];
        }
        var realOnly = _real.GetValueOrDefault((metric, subject)) > 0;
        var shown = new List<Observation>(periods.Count);
        foreach (var (_, list) in periods)
        {
            if (Pick(list, realOnly) is { } pick)
            {
                shown.Add(pick);
            }
        }
        shown.Sort((a, b) => Compare(a.Period, b.Period));
        return shown;
    }

    /// <summary>The shown observation of the latest period (the last of <see cref="Series"/>), without building the series.</summary>
    public Observation? Latest(string metric, string subject)
    {
        if (!_byPair.TryGetValue((metric, subject), out var periods))
        {
            return null;
        }
        var realOnly = _real.GetValueOrDefault((metric, subject)) > 0;
        Observation? latest = null;
        foreach (var (period, list) in periods)
        {
            if ((latest is null || Compare(period, latest.Period) > 0) && Pick(list, realOnly) is { } pick)
            {
                latest = pick;
            }
        }
        return latest;
    }

    /// <summary>The order of <see cref="Periods.Compare"/> (by start, then label), with each label parsed once, not on every comparison.</summary>
    private int Compare(string a, string b) => StartOf(a).CompareTo(StartOf(b)) is var c && c != 0 ? c : string.CompareOrdinal(a, b);

    /// <summary>The shown observation of one period (the same one <see cref="Series"/> shows for it), looked up directly.</summary>
    public Observation? At(string metric, string subject, string period) =>
        _byPair.TryGetValue((metric, subject), out var periods) && periods.TryGetValue(period, out var list)
            ? Pick(list, _real.GetValueOrDefault((metric, subject)) > 0)
            : null;

    /// <summary>Of one period's observations (one per source): real ones only once the pair has any, newest as-of first, then newest recorded.</summary>
    private static Observation? Pick(List<Observation> list, bool realOnly)
    {
        Observation? pick = null;
        foreach (var o in list)
        {
            if (realOnly && o.Synthetic)
            {
                continue;
            }
            if (pick is null || o.AsOf > pick.AsOf || (o.AsOf == pick.AsOf && o.RecordedAt > pick.RecordedAt))
            {
                pick = o;
            }
        }
        return pick;
    }

    private DateOnly StartOf(string period)
    {
        if (!_starts.TryGetValue(period, out var start))
        {
            _starts[period] = start = Periods.Parse(period)?.Start ?? DateOnly.MinValue;
        }
        return start;
    }
}

/// <summary>Figures from observations, and figures computed from figures (oldest input as-of, synthetic if any input is).</summary>
public static class Figures
{
    public static Figure Of(Observation? o, MetricDefinition? metric, DateOnly today, string? notGivenSource = null)
    {
        if (o is null)
        {
            return new Figure(null, null, notGivenSource ?? "none", null, Freshness.Unknown, false, new LocalizedText("ยังไม่มีข้อมูล", "no figure yet"));
        }
        var freshness = metric is null || metric.FrequencyDays <= 0 ? Freshness.Unknown : FreshnessRule.Of(metric.FrequencyDays, today.DayNumber - o.AsOf.DayNumber);
        return new Figure(o.Value, o.Period, o.Source, o.AsOf, freshness, o.Synthetic);
    }

    /// <summary>A figure computed from others: null when any input is missing; provenance from the inputs.</summary>
    public static Figure Computed(Func<double[], double?> compute, string? period, LocalizedText method, DateOnly today, params Figure[] inputs)
    {
        var synthetic = inputs.Any(i => i.Synthetic);
        if (inputs.Any(i => i.Value is null))
        {
            return new Figure(null, period, "computed", null, Freshness.Unknown, synthetic, method);
        }
        var asOf = inputs.Select(i => i.AsOf).Where(a => a is not null).DefaultIfEmpty(null).Min();
        var freshness = inputs.Select(i => i.Freshness).DefaultIfEmpty(Freshness.Unknown).Max();
        var value = compute(inputs.Select(i => i.Value!.Value).ToArray()) is { } v && double.IsFinite(v) ? Math.Round(v, 2) : (double?)null;
        return new Figure(value, period, "computed", asOf, value is null ? Freshness.Unknown : freshness, synthetic, method);
    }

    /// <summary>A sum of figures (null inputs are left out; the provenance covers the ones included).</summary>
    public static Figure Sum(IReadOnlyList<Figure> inputs, string? period, LocalizedText method)
    {
        var present = inputs.Where(i => i.Value is not null).ToArray();
        if (present.Length == 0)
        {
            return new Figure(null, period, "computed", null, Freshness.Unknown, false, method);
        }
        return new Figure(present.Sum(i => i.Value!.Value), period, "computed", present.Min(i => i.AsOf), present.Max(i => i.Freshness), present.Any(i => i.Synthetic), method);
    }
}
