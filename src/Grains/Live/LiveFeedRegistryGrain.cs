using Oversight.Grains.Abstractions.Live;

namespace Oversight.Grains.Live;

/// <summary>
/// The Web hosts that want live changes. Hosts re-register every few seconds (which also heals a lost registration
/// after a silo failure); a registration not renewed for a minute is dropped. Held in memory only: observers are
/// transient by nature.
/// </summary>
public sealed class LiveFeedRegistryGrain(TimeProvider time) : Grain, ILiveFeedRegistryGrain
{
    private static readonly TimeSpan Expiry = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, (ILiveFeedObserver Observer, DateTimeOffset Seen)> _hosts = new(StringComparer.Ordinal);

    public Task RegisterAsync(string hostId, ILiveFeedObserver observer)
    {
        _hosts[hostId] = (observer, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task UnregisterAsync(string hostId)
    {
        _hosts.Remove(hostId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ILiveFeedObserver>> GetObserversAsync()
    {
        var now = time.GetUtcNow();
        foreach (var stale in _hosts.Where(h => now - h.Value.Seen > Expiry).Select(h => h.Key).ToArray())
        {
            _hosts.Remove(stale);
        }
        return Task.FromResult<IReadOnlyList<ILiveFeedObserver>>(_hosts.Values.Select(h => h.Observer).ToArray());
    }

    public Task<IReadOnlyList<LiveFeedHost>> GetHostsAsync() =>
        Task.FromResult<IReadOnlyList<LiveFeedHost>>(_hosts.Select(h => new LiveFeedHost(h.Key, h.Value.Seen)).OrderBy(h => h.HostId, StringComparer.Ordinal).ToArray());
}
