using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Abstractions.Telemetry;
using Oversight.Grains.Live;

namespace Oversight.Silo.Live;

public sealed class LiveFeedOptions
{
    public const string SectionName = "LiveFeed";

    /// <summary>
    /// The least time between two batches to the Web hosts. A change arriving after a quiet spell goes out at once; under
    /// load changes are gathered so a batch leaves at most this often.
    /// </summary>
    public TimeSpan SiloFlushInterval { get; set; } = TimeSpan.FromMilliseconds(30);

    /// <summary>How often the list of listening Web hosts is refreshed from the registry grain.</summary>
    public TimeSpan ObserverRefreshInterval { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>
/// The silo's side of the live feed (as in Orleans' GPSTracker sample): grains enqueue durable changes as envelopes
/// and return at once; this loop flushes them every few milliseconds as one batch to each registered Web host's
/// observer, numbered per feed, with an empty batch as a heartbeat when idle (<see cref="LiveBatch"/>). It knows no
/// kind of entity: snapshots (<see cref="LiveDelivery.Latest"/>) are coalesced to the newest version per entity and
/// group set, everything else goes in order.
/// </summary>
public sealed class ChangeFeed(IGrainFactory grains, IOptions<LiveFeedOptions> options, TimeProvider time, ILogger<ChangeFeed> logger)
    : BackgroundService, IChangePublisher
{
    private readonly Channel<LiveEnvelope> _queue = Channel.CreateUnbounded<LiveEnvelope>(new UnboundedChannelOptions { SingleReader = true });
    private volatile IReadOnlyList<ILiveFeedObserver> _observers = [];
    /// <summary>When the list was last read (<see cref="TimeProvider.GetTimestamp"/>); 0: read it at the next batch.</summary>
    private long _observersAt;
    /// <summary>1 while a refresh of the list runs beside the sends.</summary>
    private int _refreshing;
    private readonly string _feed = Guid.NewGuid().ToString("N");
    private long _sequence;

    public void Publish(LiveEnvelope envelope) => _queue.Writer.TryWrite(envelope);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var items = new List<LiveEnvelope>();
        // Keyed by the groups too: an entity whose view differs by reader is published as one envelope per group
        // (MonitoringScope.PerGroup), and each group's newest is kept, not only the last group's.
        var latest = new Dictionary<(string Kind, string Id, string Groups), int>();
        var lastFlush = 0L;
        while (await WaitForChangesAsync(stoppingToken))
        {
            // The batch's oldest change has waited (about) since the reader woke for it.
            var oldest = time.GetTimestamp();
            var wait = options.Value.SiloFlushInterval - time.GetElapsedTime(lastFlush);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            lastFlush = time.GetTimestamp();
            while (_queue.Reader.TryRead(out var item))
            {
                if (LiveKinds.Find(item.Kind)?.Delivery == LiveDelivery.Latest)
                {
                    var key = (item.Kind, item.Id, string.Join('\n', item.Groups));
                    if (latest.TryGetValue(key, out var at))
                    {
                        if (item.Version >= items[at].Version)
                        {
                            items[at] = item;
                        }
                        continue;
                    }
                    latest[key] = items.Count;
                }
                items.Add(item);
            }
            var batch = new LiveBatch(items.ToArray());
            items.Clear();
            latest.Clear();
            await SendAsync(batch);
            OversightTelemetry.FanOutBatch(batch.Items.Count, time.GetElapsedTime(oldest));
        }
    }

    /// <summary>
    /// Waits until a change is queued (true) or the feed is stopped (false). Each <see cref="LiveFeedProtocol.HeartbeatInterval"/>
    /// without one, it sends an empty batch, so the hosts can tell that nothing was lost.
    /// </summary>
    private async Task<bool> WaitForChangesAsync(CancellationToken stoppingToken)
    {
        var ready = _queue.Reader.WaitToReadAsync(stoppingToken);
        if (ready.IsCompleted)
        {
            return await ready;
        }
        var waiting = ready.AsTask();
        while (true)
        {
            using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var beat = Task.Delay(LiveFeedProtocol.HeartbeatInterval, time, heartbeat.Token);
            if (await Task.WhenAny(waiting, beat) == waiting)
            {
                await heartbeat.CancelAsync();
                return await waiting;
            }
            stoppingToken.ThrowIfCancellationRequested();
            await SendAsync(new LiveBatch([]));
        }
    }

    /// <summary>Numbers the batch (whether or not any host gets it: a number nobody received is how a loss shows) and sends it.</summary>
    private async Task SendAsync(LiveBatch batch)
    {
        batch = batch with { Feed = _feed, Sequence = ++_sequence };
        if (_observers.Count == 0)
        {
            // An empty list is never trusted: a host may be registering right now, and the batch has nowhere else to go.
            await RefreshObserversAsync();
        }
        else if ((Interlocked.Read(ref _observersAt) == 0 || time.GetElapsedTime(Interlocked.Read(ref _observersAt)) > options.Value.ObserverRefreshInterval)
                 && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            // Refreshed beside the sends, not before one: a grain call (to another silo, on a busy machine) must not hold
            // up a batch for every viewer of every host.
            RefreshObserversAsync().Ignore();
        }
        foreach (var observer in _observers)
        {
            try
            {
                // One-way: nothing to wait for; a vanished host is dropped from the registry when it stops renewing.
                observer.OnBatchAsync(batch).Ignore();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not hand a live batch of {Count} changes to a Web host", batch.Items.Count);
                Interlocked.Exchange(ref _observersAt, 0);
            }
        }
    }

    /// <summary>Reads the registered Web hosts' observers from the registry grain; a failure is retried by a later batch.</summary>
    private async Task RefreshObserversAsync()
    {
        try
        {
            _observers = await grains.GetGrain<ILiveFeedRegistryGrain>(GrainKeys.LiveFeedRegistry).GetObserversAsync();
            Interlocked.Exchange(ref _observersAt, time.GetTimestamp());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read the Web hosts registered for live batches; a later batch tries again");
            Interlocked.Exchange(ref _observersAt, 0);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }
}
