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
    /// <summary>
    /// One (metric, subject): its observations by period, its periods kept in order (oldest first) as they arrive, and
    /// how many of its observations are real. Keeping the order on insert makes <see cref="Latest"/> a look at the last
    /// period and <see cref="Series"/> a walk, where both used to scan and sort every period on every read: the board
    /// reads the latest figure of every office's metrics after each ingested batch (issue 8, docs/benchmarks.md).
    /// </summary>
    private sealed class Pair
    {
        public readonly Dictionary<string, List<Observation>> ByPeriod = new(StringComparer.Ordinal);
        public readonly List<string> Ordered = [];
        public int Real;
    }

    private readonly Dictionary<(string Metric, string Subject), Pair> _pairs = [];
    private readonly Dictionary<string, DateOnly> _starts = new(StringComparer.Ordinal);
    private readonly Comparison<string> _compare;
    private readonly Dictionary<(string Metric, string Period), long> _periodStamps = [];
    private readonly Dictionary<string, long> _metricStamps = new(StringComparer.Ordinal);
    private long _stamp;

    public ObservationIndex() => _compare = Compare;

    public void Upsert(Observation o)
    {
        _stamp++;
        _periodStamps[(o.Metric, o.Period)] = _stamp;
        _metricStamps[o.Metric] = _stamp;
        if (!_pairs.TryGetValue((o.Metric, o.Subject), out var pair))
        {
            _pairs[(o.Metric, o.Subject)] = pair = new Pair();
        }
        if (!pair.ByPeriod.TryGetValue(o.Period, out var list))
        {
            pair.ByPeriod[o.Period] = list = [];
            Insert(pair.Ordered, o.Period);
        }
        var index = list.FindIndex(x => x.Source == o.Source);
        if (index >= 0)
        {
            if (!list[index].Synthetic)
            {
                pair.Real--;
            }
            list[index] = o;
        }
        else
        {
            list.Add(o);
        }
        if (!o.Synthetic)
        {
            pair.Real++;
        }
    }

    /// <summary>Adds a period in order: figures mostly arrive for the newest period, so this is usually an append.</summary>
    private void Insert(List<string> periods, string period)
    {
        if (periods.Count == 0 || Compare(periods[^1], period) < 0)
        {
            periods.Add(period);
            return;
        }
        var at = periods.BinarySearch(period, Comparer<string>.Create(_compare));
        periods.Insert(at < 0 ? ~at : at, period);
    }

    /// <summary>
    /// A number that changes whenever an observation of <paramref name="metric"/> for <paramref name="period"/> (any
    /// subject) is upserted, so a figure computed over every subject of one period can be kept until it does.
    /// Stamps only grow within one index; a new index starts again (a cache must be dropped with its index).
    /// </summary>
    public long StampOf(string metric, string period) => _periodStamps.GetValueOrDefault((metric, period));

    /// <summary>A number that changes whenever any observation of <paramref name="metric"/> is upserted.</summary>
    public long StampOf(string metric) => _metricStamps.GetValueOrDefault(metric);

    public IEnumerable<string> Subjects => _pairs.Keys.Select(k => k.Subject).Distinct(StringComparer.Ordinal);

    /// <summary>The shown observation of each period, oldest period first.</summary>
    public IReadOnlyList<Observation> Series(string metric, string subject)
    {
        if (!_pairs.TryGetValue((metric, subject), out var pair))
        {
            return [];
        }
        var shown = new List<Observation>(pair.Ordered.Count);
        foreach (var period in pair.Ordered)
        {
            if (Pick(pair.ByPeriod[period], pair.Real > 0) is { } pick)
            {
                shown.Add(pick);
            }
        }
        return shown;
    }

    /// <summary>The shown observations, newest period first (the <see cref="Series"/> backwards, built only as far as it is read).</summary>
    public IEnumerable<Observation> Newest(string metric, string subject)
    {
        if (!_pairs.TryGetValue((metric, subject), out var pair))
        {
            yield break;
        }
        for (var i = pair.Ordered.Count - 1; i >= 0; i--)
        {
            if (Pick(pair.ByPeriod[pair.Ordered[i]], pair.Real > 0) is { } pick)
            {
                yield return pick;
            }
        }
    }

    /// <summary>The shown observation of the latest period (the last of <see cref="Series"/>), without building the series.</summary>
    public Observation? Latest(string metric, string subject) => Newest(metric, subject).FirstOrDefault();

    /// <summary>The order of <see cref="Periods.Compare"/> (by start, then label), with each label parsed once, not on every comparison.</summary>
    private int Compare(string a, string b) => StartOf(a).CompareTo(StartOf(b)) is var c && c != 0 ? c : string.CompareOrdinal(a, b);

    /// <summary>The shown observation of one period (the same one <see cref="Series"/> shows for it), looked up directly.</summary>
    public Observation? At(string metric, string subject, string period) =>
        _pairs.TryGetValue((metric, subject), out var pair) && pair.ByPeriod.TryGetValue(period, out var list)
            ? Pick(list, pair.Real > 0)
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
