using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;

namespace Oversight.Web.Live;

public sealed class BoardBroadcastOptions
{
    public const string SectionName = "BoardBroadcast";

    /// <summary>The host gathers batches arriving from the silos for at most this long before sending (≤ 50 ms).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(5);
}

/// <summary>
/// This Web host's observer: silos hand it live batches; it queues them and returns. The broadcaster loop groups the
/// changes per SignalR group and sends one message per group and kind, so a busy board costs few messages per client.
/// </summary>
public sealed class LiveFeedObserver(IHubContext<BoardHub> hub, IOptions<BoardBroadcastOptions> options, ILogger<LiveFeedObserver> logger)
    : BackgroundService, ILiveFeedObserver
{
    private readonly Channel<LiveBatch> _batches = Channel.CreateUnbounded<LiveBatch>(new UnboundedChannelOptions { SingleReader = true });

    public Task OnBatchAsync(LiveBatch batch)
    {
        _batches.Writer.TryWrite(batch);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = new Dictionary<string, List<RecommendationChangedMessage>>(StringComparer.Ordinal);
        var activity = new Dictionary<string, List<ActivityEntry>>(StringComparer.Ordinal);
        while (await _batches.Reader.WaitToReadAsync(stoppingToken))
        {
            if (options.Value.FlushInterval > TimeSpan.Zero)
            {
                await Task.Delay(options.Value.FlushInterval, stoppingToken);
            }
            Grains.Abstractions.Board.BoardSnapshot? board = null;
            while (_batches.Reader.TryRead(out var batch))
            {
                foreach (var change in batch.Changes)
                {
                    foreach (var group in GroupsOf(change.ReportId, change.Units))
                    {
                        (changes.TryGetValue(group, out var list) ? list : changes[group] = []).Add(change);
                    }
                }
                foreach (var entry in batch.Activity)
                {
                    foreach (var group in GroupsOf(entry.ReportId, entry.Units))
                    {
                        (activity.TryGetValue(group, out var list) ? list : activity[group] = []).Add(entry);
                    }
                }
                if (batch.Board is { } snapshot && (board is null || snapshot.Version >= board.Version))
                {
                    board = snapshot;
                }
            }
            try
            {
                var sends = new List<Task>();
                foreach (var (group, items) in changes)
                {
                    sends.Add(hub.Clients.Group(group).SendAsync("recommendationChanged", items.ToArray(), stoppingToken));
                }
                foreach (var (group, items) in activity)
                {
                    sends.Add(hub.Clients.Group(group).SendAsync("activity", items.ToArray(), stoppingToken));
                }
                if (board is not null)
                {
                    sends.Add(hub.Clients.Groups(BoardHub.All, BoardHub.Board).SendAsync("boardChanged", board, stoppingToken));
                }
                await Task.WhenAll(sends);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sending live changes to SignalR groups failed");
            }
            changes.Clear();
            activity.Clear();
        }
    }

    private static IEnumerable<string> GroupsOf(string reportId, IReadOnlyList<string> units)
    {
        yield return BoardHub.All;
        yield return BoardHub.ReportGroup(reportId);
        foreach (var unit in units)
        {
            yield return BoardHub.UnitGroup(unit);
        }
    }
}

/// <summary>
/// Keeps this host registered with the live-feed registry grain: at start, then every few seconds, so a restarted or
/// moved registry (a silo failure) learns about the host again without anyone noticing.
/// </summary>
public sealed class LiveFeedRegistration(IGrainFactory grains, LiveFeedObserver observer, ILogger<LiveFeedRegistration> logger) : BackgroundService
{
    private static readonly TimeSpan Renew = TimeSpan.FromSeconds(10);
    private readonly string _hostId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private ILiveFeedObserver? _reference;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.CreateObjectReference<ILiveFeedObserver>(observer);
        using var timer = new PeriodicTimer(Renew);
        do
        {
            try
            {
                await grains.GetGrain<ILiveFeedRegistryGrain>(GrainKeys.LiveFeedRegistry).RegisterAsync(_hostId, _reference);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not register for live changes; retrying in {Seconds} s", Renew.TotalSeconds);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
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
