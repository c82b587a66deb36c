using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;

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

    /// <summary>How often this host renews its registration with the live-feed registry (registrations expire after a minute).</summary>
    public TimeSpan RegistrationRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the set of active silos is checked; when it changes (a silo joined, left or died) the host registers
    /// again at once, so a registry grain re-activated elsewhere learns about it without waiting for the renewal.
    /// </summary>
    public TimeSpan MembershipCheckInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// This Web host's observer: silos hand it live batches; it queues them and returns. Two loops send them on: changes
/// (and the board) every few milliseconds, activity entries every quarter second, each as one message per SignalR
/// group, so a busy board costs a client a few dozen messages a second however many writes there are.
/// </summary>
public sealed class LiveFeedObserver(IHubContext<BoardHub> hub, IOptions<BoardBroadcastOptions> options, TimeProvider time, ILogger<LiveFeedObserver> logger)
    : BackgroundService, ILiveFeedObserver
{
    private readonly Channel<LiveBatch> _changes = Channel.CreateUnbounded<LiveBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<ActivityEntry> _activity = Channel.CreateUnbounded<ActivityEntry>(new UnboundedChannelOptions { SingleReader = true });

    public Task OnBatchAsync(LiveBatch batch)
    {
        _changes.Writer.TryWrite(batch);
        foreach (var entry in batch.Activity)
        {
            _activity.Writer.TryWrite(entry);
        }
        return Task.CompletedTask;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendChangesAsync(stoppingToken), SendActivityAsync(stoppingToken));

    private async Task SendChangesAsync(CancellationToken stoppingToken)
    {
        var changes = new Dictionary<string, List<RecommendationChangedMessage>>(StringComparer.Ordinal);
        var lastFlush = 0L;
        while (await _changes.Reader.WaitToReadAsync(stoppingToken))
        {
            var wait = options.Value.ChangesFlushInterval - time.GetElapsedTime(lastFlush);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stoppingToken);
            }
            lastFlush = time.GetTimestamp();
            Grains.Abstractions.Board.BoardSnapshot? board = null;
            while (_changes.Reader.TryRead(out var batch))
            {
                foreach (var change in batch.Changes)
                {
                    foreach (var group in GroupsOf(change.ReportId, change.Units))
                    {
                        (changes.TryGetValue(group, out var list) ? list : changes[group] = []).Add(change);
                    }
                }
                if (batch.Board is { } snapshot && (board is null || snapshot.Version >= board.Version))
                {
                    board = snapshot;
                }
            }
            var sends = changes.Select(g => hub.Clients.Group(g.Key).SendAsync("recommendationChanged", g.Value.ToArray(), stoppingToken)).ToList();
            if (board is not null)
            {
                sends.Add(hub.Clients.Groups(BoardHub.All, BoardHub.Board).SendAsync("boardChanged", board, stoppingToken));
            }
            await SendAllAsync(sends, "changes");
            changes.Clear();
        }
    }

    private async Task SendActivityAsync(CancellationToken stoppingToken)
    {
        var activity = new Dictionary<string, List<ActivityEntry>>(StringComparer.Ordinal);
        while (await _activity.Reader.WaitToReadAsync(stoppingToken))
        {
            await Task.Delay(options.Value.ActivityFlushInterval, stoppingToken);
            while (_activity.Reader.TryRead(out var entry))
            {
                foreach (var group in GroupsOf(entry.ReportId, entry.Units))
                {
                    (activity.TryGetValue(group, out var list) ? list : activity[group] = []).Add(entry);
                }
            }
            var max = Math.Max(1, options.Value.ActivityMaxPerFlush);
            await SendAllAsync(activity.Select(g => hub.Clients.Group(g.Key).SendAsync("activity",
                (g.Value.Count > max ? g.Value.GetRange(g.Value.Count - max, max) : g.Value).ToArray(), stoppingToken)).ToList(), "activity");
            activity.Clear();
        }
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
