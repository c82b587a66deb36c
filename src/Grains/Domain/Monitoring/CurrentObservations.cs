using Oversight.Storage.Monitoring;

namespace Oversight.Grains.Domain.Monitoring;

/// <summary>
/// The current value and as-of date of every stored observation, held by the single writer of the observation
/// stream (<c>ObservationIngestGrain</c>) so that telling an insert from a replacement or an unchanged resend costs a
/// dictionary lookup, not a database read per key. It is loaded from the read model and moved only after a durable
/// append; the writer drops it whenever an append fails or conflicts, and loads it again.
/// Names (sources, metrics, subjects, periods) repeat across many keys and are kept once each.
/// </summary>
public sealed class CurrentObservations
{
    private readonly Dictionary<ObservationKey, (double Value, DateOnly AsOf)> _current = new();
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public int Count => _current.Count;

    public bool TryGet(ObservationKey key, out double value, out DateOnly asOf)
    {
        if (_current.TryGetValue(key, out var found))
        {
            (value, asOf) = found;
            return true;
        }
        (value, asOf) = (default, default);
        return false;
    }

    public void Set(ObservationKey key, double value, DateOnly asOf) =>
        _current[new ObservationKey(Name(key.Source), Name(key.Metric), Name(key.Subject), Name(key.Period))] = (value, asOf);

    public static async Task<CurrentObservations> LoadAsync(MonitoringStore store)
    {
        var current = new CurrentObservations();
        await foreach (var row in store.ReadObservationsAsync())
        {
            current.Set(row.Key, row.Value, row.AsOf);
        }
        return current;
    }

    private string Name(string name)
    {
        if (_names.TryGetValue(name, out var kept))
        {
            return kept;
        }
        _names[name] = name;
        return name;
    }
}
