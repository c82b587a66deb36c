using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;
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
/// The silo's side of the live feed (as in Orleans' GPSTracker sample): grains enqueue durable changes and return at
/// once; this loop flushes them every few milliseconds as one batch to each registered Web host's observer.
/// </summary>
public sealed class ChangeFeed(IGrainFactory grains, IOptions<LiveFeedOptions> options, TimeProvider time, ILogger<ChangeFeed> logger)
    : BackgroundService, IChangePublisher
{
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private IReadOnlyList<ILiveFeedObserver> _observers = [];
    private DateTimeOffset _observersAt = DateTimeOffset.MinValue;

    public void Publish(RecommendationChangedMessage change, ActivityEntry activity) => _queue.Writer.TryWrite((change, activity));

    public void PublishBoard(BoardSnapshot snapshot) => _queue.Writer.TryWrite(snapshot);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = new List<RecommendationChangedMessage>();
        var activity = new List<ActivityEntry>();
        var lastFlush = 0L;
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            var wait = options.Value.SiloFlushInterval - time.GetElapsedTime(lastFlush);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stoppingToken);
            }
            lastFlush = time.GetTimestamp();
            BoardSnapshot? board = null;
            while (_queue.Reader.TryRead(out var item))
            {
                switch (item)
                {
                    case (RecommendationChangedMessage change, ActivityEntry entry):
                        changes.Add(change);
                        activity.Add(entry);
                        break;
                    case BoardSnapshot snapshot when board is null || snapshot.Version >= board.Version:
                        board = snapshot;
                        break;
                }
            }
            var batch = new LiveBatch(changes.ToArray(), activity.ToArray(), board);
            changes.Clear();
            activity.Clear();
            await SendAsync(batch);
        }
    }

    private async Task SendAsync(LiveBatch batch)
    {
        try
        {
            // An empty list is never trusted for long: a host may be registering right now.
            if (_observers.Count == 0 || time.GetUtcNow() - _observersAt > options.Value.ObserverRefreshInterval)
            {
                _observers = await grains.GetGrain<ILiveFeedRegistryGrain>(GrainKeys.LiveFeedRegistry).GetObserversAsync();
                _observersAt = time.GetUtcNow();
            }
            foreach (var observer in _observers)
            {
                // One-way: nothing to wait for; a vanished host is dropped from the registry when it stops renewing.
                observer.OnBatchAsync(batch).Ignore();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not hand a live batch of {Count} changes to the Web hosts", batch.Changes.Count);
            _observersAt = DateTimeOffset.MinValue;
        }
    }
}
