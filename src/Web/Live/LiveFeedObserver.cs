using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Abstractions.Telemetry;

namespace Oversight.Web.Live;

public sealed class BoardBroadcastOptions
{
    public const string SectionName = "BoardBroadcast";

    /// <summary>
    /// The least time between two sends of recommendation changes (≤ 50 ms). The silos already batch (every
    /// <c>LiveFeed:SiloFlushInterval</c> under load), so by default the host sends each batch at once, coalescing
    /// whatever else is already queued (batches from several silos); raise it to trade latency for fewer messages.
    /// </summary>
    public TimeSpan ChangesFlushInterval { get; set; } = TimeSpan.Zero;

    /// <summary>Activity-feed entries are coalesced for longer: a feed line does not need to beat the status change.</summary>
    public TimeSpan ActivityFlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// At most this many (the newest) feed entries per group per flush: a feed shows the latest lines, and under heavy
    /// write load nobody reads two hundred lines a second. The full history stays in GET /api/v1/activity.
    /// </summary>
    public int ActivityMaxPerFlush { get; set; } = 10;

    /// <summary>
    /// How many bytes a connection may have sent and not yet acknowledged (stateful reconnect keeps them to replay after
    /// a reconnect). When it is full, every send to that connection waits for the browser's acknowledgement, which the
    /// SignalR JavaScript client sends once a second: a batch of 77 offices is about 230 kB, so a smaller buffer held
    /// each batch for up to a second (ingested batch → tile p50 627 ms on a quiet machine). It must hold more than a
    /// second of live traffic; it is a limit, not an allocation (a connection keeps only what it has not acknowledged).
    /// </summary>
    public long StatefulReconnectBufferSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>How often this host renews its registration with the live-feed registry (registrations expire after a minute).</summary>
    public TimeSpan RegistrationRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the set of active silos is checked; when it changes (a silo joined, left or died) the host registers
    /// again at once, so a registry grain re-activated elsewhere learns about it without waiting for the renewal.
    /// </summary>
    public TimeSpan MembershipCheckInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Handles live changes of a <see cref="LiveDelivery.Host"/> kind on this host (never sent to clients).</summary>
public interface ILiveHostHandler
{
    string Kind { get; }

    void Handle(LiveEnvelope envelope);

    /// <summary>A live batch was lost (<see cref="LiveFeedSequences"/>): a change of this kind may never arrive.</summary>
    void FeedLost()
    {
    }
}

/// <summary>
/// This Web host's observer: silos hand it live batches; it queues them and returns. Two loops send them on, each as
/// one message per SignalR group and hub method: changes and snapshots every few milliseconds, feed entries every
/// half second (capped), so a busy board costs a client a few dozen messages a second however many writes there
/// are. It knows no kind of entity: the kind's <see cref="LiveKind"/> names the hub message and how it is delivered,
/// and the envelope names its groups.
/// </summary>
public sealed class LiveFeedObserver(IHubContext<BoardHub> hub, IOptions<BoardBroadcastOptions> options, TimeProvider time,
    IEnumerable<ILiveHostHandler> handlers, ILogger<LiveFeedObserver> logger)
    : BackgroundService, ILiveFeedObserver
{
    private readonly Channel<LiveEnvelope> _changes = Channel.CreateUnbounded<LiveEnvelope>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<LiveEnvelope> _feed = Channel.CreateUnbounded<LiveEnvelope>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILookup<string, ILiveHostHandler> _handlers = handlers.ToLookup(h => h.Kind, StringComparer.Ordinal);

    private readonly LiveFeedSequences _sequences = new(time);

    /// <summary>How often the feeds' batch numbers are checked for a loss.</summary>
    private static readonly TimeSpan LossCheckInterval = TimeSpan.FromMilliseconds(250);

    public Task OnBatchAsync(LiveBatch batch)
    {
        if (batch.Feed is { } feed)
        {
            _sequences.Received(feed, batch.Sequence);
        }
        foreach (var item in batch.Items)
        {
            switch (LiveKinds.Find(item.Kind)?.Delivery)
            {
                case LiveDelivery.Each or LiveDelivery.Latest:
                    _changes.Writer.TryWrite(item);
                    break;
                case LiveDelivery.Feed:
                    _feed.Writer.TryWrite(item);
                    break;
                case LiveDelivery.Host when _handlers.Contains(item.Kind):
                    foreach (var handler in _handlers[item.Kind])
                    {
                        Handle(handler, item);
                    }
                    break;
                default:
                    logger.LogDebug("Live change of unknown kind {Kind} ignored", item.Kind);
                    break;
            }
        }
        return Task.CompletedTask;
    }

    private void Handle(ILiveHostHandler handler, LiveEnvelope item)
    {
        try
        {
            handler.Handle(item);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Handling live change {Kind} {Id} failed", item.Kind, item.Id);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendChangesAsync(stoppingToken), SendFeedAsync(stoppingToken), WatchForLossAsync(stoppingToken));

    /// <summary>
    /// A lost batch may have held the last change of an entity, which no client can notice by its versions: when one is
    /// lost (<see cref="LiveFeedSequences"/>), every client on this host is told to reload its snapshot.
    /// </summary>
    private async Task WatchForLossAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(LossCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (_sequences.TakeLoss())
            {
                // Also once after this host starts: every running silo's feed is first heard past its first batch.
                logger.LogInformation("Live changes from a silo may have been missed (a batch missing, a silo silent, or a silo first heard after its first batch): every client on this host reloads its snapshot");
                OversightTelemetry.LiveResyncRequested();
                foreach (var handler in _handlers.SelectMany(kind => kind))
                {
                    handler.FeedLost();
                }
                await SendAllAsync([hub.Clients.All.SendAsync(LiveFeedProtocol.ResyncMethod, stoppingToken)], "resync");
            }
        }
    }

    private async Task SendChangesAsync(CancellationToken stoppingToken)
    {
        var each = new Dictionary<(string Method, string Group), List<object>>();
        var latest = new Dictionary<(string Method, string Group, string Id), LiveEnvelope>();
        var lastFlush = 0L;
        while (await _changes.Reader.WaitToReadAsync(stoppingToken))
        {
            var wait = options.Value.ChangesFlushInterval - time.GetElapsedTime(lastFlush);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stoppingToken);
            }
            lastFlush = time.GetTimestamp();
            while (_changes.Reader.TryRead(out var item))
            {
                var kind = LiveKinds.Find(item.Kind)!;
                foreach (var group in item.Groups)
                {
                    if (kind.Delivery == LiveDelivery.Latest)
                    {
                        var key = (kind.HubMethod, group, item.Id);
                        if (!latest.TryGetValue(key, out var known) || item.Version >= known.Version)
                        {
                            latest[key] = item;
                        }
                    }
                    else
                    {
                        (each.TryGetValue((kind.HubMethod, group), out var list) ? list : each[(kind.HubMethod, group)] = []).Add(item.Payload);
                    }
                }
            }
            var sends = each.Select(g => hub.Clients.Group(g.Key.Group).SendAsync(g.Key.Method, TypedArray(g.Value), stoppingToken)).ToList();
            sends.AddRange(latest.Select(l => hub.Clients.Group(l.Key.Group).SendAsync(l.Key.Method, l.Value.Payload, stoppingToken)));
            await SendAllAsync(sends, "changes");
            each.Clear();
            latest.Clear();
        }
    }

    private async Task SendFeedAsync(CancellationToken stoppingToken)
    {
        var feed = new Dictionary<(string Method, string Group), List<object>>();
        while (await _feed.Reader.WaitToReadAsync(stoppingToken))
        {
            await Task.Delay(options.Value.ActivityFlushInterval, stoppingToken);
            while (_feed.Reader.TryRead(out var item))
            {
                var method = LiveKinds.Find(item.Kind)!.HubMethod;
                foreach (var group in item.Groups)
                {
                    (feed.TryGetValue((method, group), out var list) ? list : feed[(method, group)] = []).Add(item.Payload);
                }
            }
            var max = Math.Max(1, options.Value.ActivityMaxPerFlush);
            await SendAllAsync(feed.Select(g => hub.Clients.Group(g.Key.Group).SendAsync(g.Key.Method,
                TypedArray(g.Value.Count > max ? g.Value.GetRange(g.Value.Count - max, max) : g.Value), stoppingToken)).ToList(), "feed");
            feed.Clear();
        }
    }

    /// <summary>An array typed by its elements (every protocol then writes the payload's own members).</summary>
    private static Array TypedArray(List<object> payloads)
    {
        var type = payloads[0].GetType();
        if (payloads.Any(p => p.GetType() != type))
        {
            return payloads.ToArray();
        }
        var array = Array.CreateInstance(type, payloads.Count);
        for (var i = 0; i < payloads.Count; i++)
        {
            array.SetValue(payloads[i], i);
        }
        return array;
    }

    private async Task SendAllAsync(List<Task> sends, string what)
    {
        try
        {
            await Task.WhenAll(sends);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Sending live {What} to SignalR groups failed", what);
        }
    }
}

/// <summary>
/// Keeps this host registered with the live-feed registry grain: at start, every few seconds, and at once when the
/// set of active silos changes, so a restarted or moved registry (a silo failure) learns about the host again.
/// </summary>
public sealed class LiveFeedRegistration(
    IGrainFactory grains, LiveFeedObserver observer, IOptions<BoardBroadcastOptions> options, TimeProvider time,
    ILogger<LiveFeedRegistration> logger) : BackgroundService
{
    private readonly string _hostId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private ILiveFeedObserver? _reference;

    /// <summary>This host's id in the registry.</summary>
    public string HostId => _hostId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.CreateObjectReference<ILiveFeedObserver>(observer);
        var renew = options.Value.RegistrationRenewInterval;
        var check = TimeSpan.FromTicks(Math.Min(options.Value.MembershipCheckInterval.Ticks, renew.Ticks));
        using var timer = new PeriodicTimer(check, time);
        string? silos = null;
        long registeredAt = 0;
        do
        {
            var current = await ActiveSilosAsync();
            var changed = current is not null && silos is not null && current != silos;
            silos = current ?? silos;
            if (registeredAt == 0 || changed || time.GetElapsedTime(registeredAt) >= renew)
            {
                if (changed)
                {
                    logger.LogInformation("Active silos changed to {Silos}: registering for live changes again", current);
                }
                registeredAt = await RegisterAsync() ? time.GetTimestamp() : 0;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> RegisterAsync()
    {
        try
        {
            await grains.GetGrain<ILiveFeedRegistryGrain>(GrainKeys.LiveFeedRegistry).RegisterAsync(_hostId, _reference!);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not register for live changes; retrying");
            return false;
        }
    }

    /// <summary>The active silos as one comparable string, or null when the cluster cannot be asked right now.</summary>
    private async Task<string?> ActiveSilosAsync()
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            return string.Join(",", hosts.Keys.Select(s => s.ToParsableString()).Order(StringComparer.Ordinal));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug(e, "Could not read the active silos");
            return null;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<ILiveFeedRegistryGrain>(GrainKeys.LiveFeedRegistry).UnregisterAsync(_hostId).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug(e, "Unregistering from the live feed failed");
        }
        await base.StopAsync(cancellationToken);
    }
}
