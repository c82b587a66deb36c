using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Oversight.Board.Client;

public sealed class BoardClientOptions
{
    /// <summary>The Web host, e.g. http://localhost:5080/.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>When the host says a batch was lost, the reload waits a random time up to this (spreading the viewers' reads).</summary>
    public TimeSpan ServerResyncSpread { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Supplies the bearer token (JWT from /api/v1/auth/token).</summary>
    public required Func<Task<string?>> AccessToken { get; init; }

    /// <summary>Narrow the view to a unit (a unit officer must use their own).</summary>
    public string? Unit { get; init; }

    /// <summary>Load the register snapshot as well as the board totals (off for a totals-only client).</summary>
    public bool TrackRecommendations { get; init; } = true;

    /// <summary>For in-memory test servers: the handler REST and long-polling requests go through.</summary>
    public Func<HttpMessageHandler>? HttpMessageHandlerFactory { get; init; }

    public HttpTransportType Transports { get; init; } = HttpTransportType.WebSockets;

    /// <summary>The hub protocol: JSON (what browsers use) or the more compact MessagePack.</summary>
    public BoardProtocol Protocol { get; init; } = BoardProtocol.Json;

    /// <summary>For in-memory test servers: how WebSockets are opened.</summary>
    public Func<WebSocketConnectionContext, CancellationToken, ValueTask<System.Net.WebSockets.WebSocket>>? WebSocketFactory { get; init; }
}

public enum BoardProtocol
{
    Json,
    MessagePack,
}

/// <summary>
/// A live-board client, the .NET twin of the browser's board module: it loads a versioned snapshot over REST, then
/// applies SignalR deltas. A delta whose version skips one (a message was missed) triggers a snapshot reload, and so
/// does every reconnect; stateful reconnect only covers short blips.
/// </summary>
public sealed class BoardClient : IAsyncDisposable
{
    private readonly BoardClientOptions _options;
    private readonly HttpClient _http;
    private readonly HubConnection _hub;
    private readonly ConcurrentDictionary<string, BoardItem> _items = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly List<RecommendationChanged[]> _buffered = [];
    private bool _loading;
    private int _resyncRequested;

    public BoardClient(BoardClientOptions options)
    {
        _options = options;
        _http = new HttpClient(options.HttpMessageHandlerFactory?.Invoke() ?? new SocketsHttpHandler()) { BaseAddress = options.BaseAddress };
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(options.BaseAddress, "hubs/board"), o =>
            {
                o.AccessTokenProvider = options.AccessToken;
                o.Transports = options.Transports;
                o.SkipNegotiation = options.Transports == HttpTransportType.WebSockets && options.HttpMessageHandlerFactory is null;
                if (options.HttpMessageHandlerFactory is { } handler)
                {
                    o.HttpMessageHandlerFactory = _ => handler();
                }
                if (options.WebSocketFactory is { } sockets)
                {
                    o.WebSocketFactory = sockets;
                }
            })
            .WithAutomaticReconnect(new Retry())
            .WithStatefulReconnect();
        builder.Services.Configure<HubConnectionOptions>(o => o.StatefulReconnectBufferSize = 256 * 1024);
        if (options.Protocol == BoardProtocol.MessagePack)
        {
            builder.AddMessagePackProtocol();
        }
        else
        {
            builder.AddJsonProtocol(o => o.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, BoardJsonContext.Default));
        }
        _hub = builder.Build();
        _hub.On<RecommendationChanged[]>("recommendationChanged", OnChangedAsync);
        _hub.On<BoardSnapshot>("boardChanged", OnBoard);
        _hub.On<ActivityLine[]>("activity", entries => Interlocked.Add(ref _activityReceived, entries.Length));
        // The host lost a batch from a silo (LiveFeedProtocol.ResyncMethod): reload, spread over a second so a thousand
        // viewers do not all read the snapshot in the same instant.
        _hub.On("resync", () =>
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)options.ServerResyncSpread.TotalMilliseconds + 1)));
                await ResyncAsync("server");
            });
        });
        _hub.Reconnected += async _ =>
        {
            Interlocked.Increment(ref _reconnects);
            await ResyncAsync("reconnected");
        };
    }

    private long _activityReceived;
    private int _reconnects;
    private int _resyncs;
    private long _changesApplied;

    /// <summary>Raised for every change applied (after gap checks), with the moment it arrived.</summary>
    public event Action<RecommendationChanged, DateTimeOffset>? Applied;

    /// <summary>Raised after a snapshot (re)load, with the reason ("start", "gap", "reconnected", "server").</summary>
    public event Action<string>? Resynced;

    public IReadOnlyDictionary<string, BoardItem> Items => _items;
    public BoardSnapshot? Board { get; private set; }
    public int Resyncs => _resyncs;
    public int Reconnects => _reconnects;
    public long ChangesApplied => Interlocked.Read(ref _changesApplied);
    public long ActivityReceived => Interlocked.Read(ref _activityReceived);
    public HubConnectionState State => _hub.State;

    /// <summary>Test hook: drop the next N incoming recommendation changes, as if the network lost them.</summary>
    public int DropNext { get; set; }

    public async Task StartAsync(CancellationToken ct = default)
    {
        await _hub.StartAsync(ct);
        if (_options.Unit is { } unit)
        {
            await _hub.InvokeAsync("Subscribe", $"unit:{unit}", ct);
        }
        await ResyncAsync("start", ct);
    }

    public Task SubscribeAsync(string group) => _hub.InvokeAsync("Subscribe", group);

    /// <summary>Reloads the snapshot (board totals and the register) and re-applies deltas that arrived meanwhile.</summary>
    public async Task ResyncAsync(string reason, CancellationToken ct = default)
    {
        await _sync.WaitAsync(ct);
        try
        {
            _loading = true;
            Interlocked.Exchange(ref _resyncRequested, 0);
            var board = await _http.SendAsync(Authorized(HttpMethod.Get, "api/v1/board" + (_options.Unit is null ? "" : $"?unit={_options.Unit}")), ct);
            board.EnsureSuccessStatusCode();
            var snapshot = (await board.Content.ReadFromJsonAsync<BoardSnapshot>(ClientJson.Options, ct))!;
            if (_options.TrackRecommendations)
            {
                var fresh = new Dictionary<string, BoardItem>(StringComparer.Ordinal);
                for (var offset = 0; ; offset += 500)
                {
                    var url = $"api/v1/recommendations?limit=500&offset={offset}" + (_options.Unit is null ? "" : $"&unit={_options.Unit}");
                    var response = await _http.SendAsync(Authorized(HttpMethod.Get, url), ct);
                    response.EnsureSuccessStatusCode();
                    var page = (await response.Content.ReadFromJsonAsync<RegisterPage>(ClientJson.Options, ct))!;
                    foreach (var i in page.Items)
                    {
                        fresh[i.Id] = new BoardItem(i.Id, i.Code, i.ReportId, i.Status, i.Progress, i.Overdue, i.Version, i.Units);
                    }
                    if (page.Items.Count == 0 || offset + page.Items.Count >= page.Total)
                    {
                        break;
                    }
                }
                _items.Clear();
                foreach (var (id, item) in fresh)
                {
                    _items[id] = item;
                }
            }
            if (Board is null || snapshot.Version >= Board.Version)
            {
                Board = snapshot;
            }
            RecommendationChanged[][] buffered;
            lock (_buffered)
            {
                _loading = false;
                buffered = [.. _buffered];
                _buffered.Clear();
            }
            var gap = false;
            foreach (var changes in buffered)
            {
                gap |= !Apply(changes, DateTimeOffset.UtcNow, buffered: true);
            }
            if (gap && Interlocked.Exchange(ref _resyncRequested, 1) == 0)
            {
                _ = Task.Run(() => ResyncAsync("gap"));
            }
            if (reason != "start")
            {
                Interlocked.Increment(ref _resyncs);
            }
            Resynced?.Invoke(reason);
        }
        finally
        {
            _loading = false;
            _sync.Release();
        }
    }

    private Task OnChangedAsync(RecommendationChanged[] changes)
    {
        var received = DateTimeOffset.UtcNow;
        if (DropNext > 0)
        {
            DropNext--;
            return Task.CompletedTask;
        }
        lock (_buffered)
        {
            if (_loading)
            {
                _buffered.Add(changes);
                return Task.CompletedTask;
            }
        }
        if (!Apply(changes, received, buffered: false) && Interlocked.Exchange(ref _resyncRequested, 1) == 0)
        {
            // A gap: reload in the background (never block the receive loop).
            _ = Task.Run(() => ResyncAsync("gap"));
        }
        return Task.CompletedTask;
    }

    /// <summary>Applies changes in order; returns false on a version gap (the state is then stale until a resync).</summary>
    private bool Apply(RecommendationChanged[] changes, DateTimeOffset received, bool buffered = false)
    {
        var ok = true;
        foreach (var change in changes)
        {
            var known = _items.TryGetValue(change.Id, out var item) ? item.Version : 0;
            if (change.Version <= known)
            {
                continue; // duplicate (another group) or already in the snapshot
            }
            if (change.Version != known + 1)
            {
                ok = false;
                continue;
            }
            _items[change.Id] = new BoardItem(change.Id, change.Code, change.ReportId, change.Status, change.Progress, change.Overdue, change.Version, change.Units);
            Interlocked.Increment(ref _changesApplied);
            Applied?.Invoke(change, received);
        }
        return ok;
    }

    private void OnBoard(BoardSnapshot snapshot)
    {
        if (Board is null || snapshot.Version > Board.Version)
        {
            Board = snapshot;
        }
    }

    private HttpRequestMessage Authorized(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        var token = _options.AccessToken().GetAwaiter().GetResult();
        request.Headers.Authorization = new("Bearer", token);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        _http.Dispose();
    }

    /// <summary>Reconnect quickly at first, then every few seconds, forever (a board on a wall must come back by itself).</summary>
    private sealed class Retry : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext context) => context.PreviousRetryCount switch
        {
            0 => TimeSpan.Zero,
            1 => TimeSpan.FromMilliseconds(500),
            2 => TimeSpan.FromSeconds(1),
            _ => TimeSpan.FromSeconds(2),
        };
    }
}
