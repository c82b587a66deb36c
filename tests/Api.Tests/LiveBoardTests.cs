using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;
using Oversight.Board.Client;
using Oversight.TestSupport;

namespace Oversight.Api.Tests;

/// <summary>The live board over SignalR: hub authorisation, deltas, version-gap resync, and recovery from an outage.</summary>
public sealed class LiveBoardTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private async Task<string> TokenAsync(string user)
    {
        var client = await factory.ClientForAsync(user);
        return client.DefaultRequestHeaders.Authorization!.Parameter!;
    }

    private async Task<BoardClient> ConnectAsync(string user, string? unit = null, BoardProtocol protocol = BoardProtocol.Json)
    {
        var token = await TokenAsync(user);
        var sockets = factory.Server.CreateWebSocketClient();
        sockets.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {token}";
        var client = new BoardClient(new BoardClientOptions
        {
            BaseAddress = factory.Server.BaseAddress,
            AccessToken = () => Task.FromResult<string?>(token),
            Unit = unit,
            HttpMessageHandlerFactory = factory.Server.CreateHandler,
            Transports = HttpTransportType.WebSockets,
            WebSocketFactory = async (context, ct) => await sockets.ConnectAsync(context.Uri, ct),
            Protocol = protocol,
        });
        await client.StartAsync();
        return client;
    }

    private static async Task Eventually(Func<bool> condition, string what, double seconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for: {what}");
            await Task.Delay(20);
        }
    }

    private async Task<long> WriteAsync(string user, string code, int progress)
    {
        var client = await factory.ClientForAsync(user);
        var id = Http.Rec(code);
        var response = await client.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
            new { progress, note = $"live {progress}", expectedVersion = await client.VersionAsync(id) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync())["version"]!.GetValue<long>();
    }

    /// <summary>A hub connection of <paramref name="username"/> with no handlers, to call hub methods directly.</summary>
    private HubConnection RawHub(string username) => new HubConnectionBuilder()
        .WithUrl(new Uri(factory.Server.BaseAddress, "hubs/board"), o =>
        {
            o.AccessTokenProvider = () => TokenAsync(username)!;
            o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
        })
        .Build();

    [Fact]
    public async Task A_unit_officer_cannot_join_another_units_group_or_the_whole_board()
    {
        await using var ict = await ConnectAsync("ict");
        var hub = RawHub("ict");
        await hub.StartAsync();
        try
        {
            await hub.InvokeAsync("Subscribe", "unit:ICT");
            // "board" (the whole system's board) is gone: it carried other units' due-soon items.
            foreach (var group in new[] { "board", "unit:ILPO", "all", "report:mol-digital-2565", "unit:ict", "nonsense", "unit:ICT; DROP" })
            {
                var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Subscribe", group));
                Assert.Contains("Not allowed", error.Message);
            }
        }
        finally
        {
            await hub.DisposeAsync();
        }

        await using var executive = await ConnectAsync("executive");
        await executive.SubscribeAsync("unit:ILPO");
        await executive.SubscribeAsync("report:mol-digital-2565");
    }

    /// <summary>
    /// The board page reads its snapshot while it connects, then compares it with <c>Versions()</c> (ADR 6): the
    /// answer must be the very versions the snapshots carry, for any reader, and move with a write.
    /// </summary>
    [Fact]
    public async Task Versions_are_the_snapshots_versions_and_move_with_a_write()
    {
        var hub = RawHub("ict");
        await hub.StartAsync();
        try
        {
            var officer = await factory.ClientForAsync("ict");
            var versions = await hub.InvokeAsync<Oversight.Web.Live.LiveVersions>("Versions");
            Assert.Equal((await officer.GetJsonAsync("/api/v1/board"))["version"]!.GetValue<long>(), versions.Board);
            Assert.Equal((await officer.GetJsonAsync("/api/v1/monitoring"))["version"]!.GetValue<long>(), versions.Monitoring);

            await WriteAsync("ict", "F1-R3", 15);
            await Eventually(() => hub.InvokeAsync<Oversight.Web.Live.LiveVersions>("Versions").GetAwaiter().GetResult().Board > versions.Board,
                "the board's version moves with the write");
            var after = await hub.InvokeAsync<Oversight.Web.Live.LiveVersions>("Versions");
            Assert.Equal((await officer.GetJsonAsync("/api/v1/board"))["version"]!.GetValue<long>(), after.Board);
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    [Fact]
    public async Task Signing_in_is_required_to_connect()
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, "hubs/board"), o =>
            {
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Theory]
    [InlineData(BoardProtocol.Json)]
    [InlineData(BoardProtocol.MessagePack)]
    public async Task Deltas_reach_the_board_and_a_unit_officer_only_sees_their_unit(BoardProtocol protocol)
    {
        await using var executive = await ConnectAsync("executive", protocol: protocol);
        await using var ict = await ConnectAsync("ict", unit: "ICT", protocol: protocol);
        var seenByIct = new ConcurrentBag<string>();
        ict.Applied += (change, _) => seenByIct.Add(change.Code);
        var boardBefore = executive.Board!.Version;

        var ictVersion = await WriteAsync("ict", "F1-R2", protocol == BoardProtocol.Json ? 35 : 36);
        await Eventually(() => executive.Items.TryGetValue(Http.Rec("F1-R2"), out var item) && item.Version == ictVersion, "the executive sees ICT's change");
        Assert.Equal(("in-progress", protocol == BoardProtocol.Json ? 35 : 36), (executive.Items[Http.Rec("F1-R2")].Status, executive.Items[Http.Rec("F1-R2")].Progress));
        await Eventually(() => executive.Board!.Version > boardBefore, "the board version moves");
        var server = await (await factory.ClientForAsync("executive")).GetJsonAsync("/api/v1/board");
        var serverInProgress = server["totals"]!["byStatus"]!["in-progress"]!.GetValue<int>();
        Assert.True(serverInProgress >= 1);
        await Eventually(() => executive.Board!.Totals.ByStatus["in-progress"] == serverInProgress, "the totals follow the server's");
        await Eventually(() => executive.ActivityReceived > 0, "the activity feed arrives");
        await Eventually(() => seenByIct.Contains("F1-R2"), "ICT sees its own change");

        var ilpoProgress = protocol == BoardProtocol.Json ? 20 : 21;
        await WriteAsync("ilpo", "F2-R3", ilpoProgress);
        await Eventually(() => executive.Items[Http.Rec("F2-R3")].Progress == ilpoProgress, "the executive sees ILPO's change");
        // A witness instead of a wait: ICT's next change leaves the same feed after ILPO's, and one connection's
        // messages arrive in order, so once ICT has it, ILPO's change would have arrived before it if it were sent.
        var witness = await WriteAsync("ict", "F1-R2", protocol == BoardProtocol.Json ? 37 : 38);
        await Eventually(() => ict.Items.TryGetValue(Http.Rec("F1-R2"), out var item) && item.Version == witness, "ICT sees its next change");
        Assert.DoesNotContain("F2-R3", seenByIct);
        Assert.DoesNotContain(Http.Rec("F2-R3"), ict.Items.Keys);
    }

    [Fact]
    public async Task A_missed_message_is_detected_by_its_version_and_the_client_resyncs()
    {
        await using var client = await ConnectAsync("auditor");
        // Only the gap's reloads are counted: the host may also ask for one (a lost batch, LiveFeedSequences).
        var gaps = 0;
        var resynced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Resynced += reason =>
        {
            if (reason == "gap")
            {
                Interlocked.Increment(ref gaps);
                resynced.TrySetResult();
            }
        };
        client.DropNext = 1;                         // the network loses the next delta
        await WriteAsync("ict", "F1-R4", 11);        // lost
        await Eventually(() => client.DropNext == 0, "the first delta arrived (and was dropped)");
        var last = await WriteAsync("ict", "F1-R4", 12);  // arrives with a version two ahead: a gap
        await resynced.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Eventually(() => client.Items[Http.Rec("F1-R4")].Version == last, "the resync brings the latest version");
        Assert.Equal(12, client.Items[Http.Rec("F1-R4")].Progress);
        Assert.Equal(1, gaps);
    }

    /// <summary>
    /// A lost change that was the last of its recommendation leaves no version gap for a client to see. The host sees
    /// it instead, as a gap in a silo's batch numbers (<see cref="Oversight.Web.Live.LiveFeedSequences"/>), and tells
    /// every client to reload. Here the client drops the real change, and the host is handed a numbered feed with a
    /// batch missing: without the host's resync the client would show the old progress for ever.
    /// </summary>
    [Fact]
    public async Task A_batch_lost_on_its_way_to_the_host_makes_every_client_reload()
    {
        await using var client = await ConnectAsync("auditor");
        var id = Http.Rec("F1-R5");
        var resynced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Resynced += reason =>
        {
            if (reason == "server")
            {
                resynced.TrySetResult();
            }
        };
        var before = await WriteAsync("ict", "F1-R5", 31);
        await Eventually(() => client.Items[id].Version == before, "the first change arrives");
        client.DropNext = 1;
        var last = await WriteAsync("ict", "F1-R5", 32);  // its delta never reaches the client, and nothing follows it
        await Eventually(() => client.DropNext == 0, "the last change arrived (and was dropped)");
        Assert.Equal(31, client.Items[id].Progress);

        var observer = factory.Services.GetRequiredService<Oversight.Web.Live.LiveFeedObserver>();
        var feed = $"test-{Guid.NewGuid():N}";
        await observer.OnBatchAsync(new LiveBatch([]) { Feed = feed, Sequence = 1 });
        await observer.OnBatchAsync(new LiveBatch([]) { Feed = feed, Sequence = 3 }); // batch 2 never comes
        await resynced.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually(() => client.Items[id].Version == last, "the reload brings the lost change");
        Assert.Equal(32, client.Items[id].Progress);
    }

    /// <summary>
    /// The silo's side: every batch its feed sends to a host is numbered, one more each time, and an idle feed still
    /// sends (empty) batches, so a host can tell a quiet feed from a lost one.
    /// </summary>
    [Fact]
    public async Task A_silos_feed_numbers_every_batch_and_beats_when_idle()
    {
        await WithRegisteredObserverAsync(async collector =>
        {
            var version = await WriteAsync("ict", "F1-R6", 44);
            await Eventually(() => collector.Batches.Any(b => b.Items.Any(i => i.Id == Http.Rec("F1-R6") && i.Version == version)),
                "the write's change reaches the registered observer", 10);
            var afterWrite = collector.Batches.Count;
            await Eventually(() => collector.Batches.Skip(afterWrite).Count(b => b.Items.Count == 0) >= 2, "two heartbeats", 10);

            var batches = collector.Batches.ToArray();
            Assert.All(batches, b => Assert.False(string.IsNullOrEmpty(b.Feed)));
            Assert.Single(batches.Select(b => b.Feed).Distinct());
            var numbers = batches.Select(b => b.Sequence).ToArray();
            Assert.True(numbers[0] >= 1);
            Assert.Equal(Enumerable.Range(0, numbers.Length).Select(i => numbers[0] + i), numbers);
        });
    }

    /// <summary>
    /// A view that differs by reader goes out as one envelope per group (a contract's or an indicator's links are narrowed
    /// for a unit's members): the silo's feed keeps the newest of each group's, and every group's reaches the host.
    /// (It once kept only the last group's, so executives never saw a contract or an indicator change live.)
    /// </summary>
    [Fact]
    public async Task Each_groups_view_of_one_change_reaches_the_host()
    {
        await WithRegisteredObserverAsync(async collector =>
        {
            var auditor = await factory.ClientForAsync("auditor");
            var snapshot = await auditor.GetJsonAsync("/api/v1/monitoring");
            var code = snapshot["indicators"]!.AsArray().First(i => i!["units"]!.AsArray().Count > 0)!["code"]!.GetValue<string>();
            using var put = await auditor.PutJsonAsync($"/api/v1/indicators/{code}/target", new { target = 61.5, targetDate = "2030-01-31" });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);

            bool Seen(string group) => collector.Batches.Any(b => b.Items.Any(i => i.Kind == LiveKinds.Indicator.Name && i.Id == code
                && i.Groups.Contains(group) && i.Payload is Oversight.Grains.Abstractions.Monitoring.IndicatorView { Target: 61.5 }));
            await Eventually(() => Seen(LiveGroups.All), "the indicator's view for everyone", 10);
            var units = snapshot["indicators"]!.AsArray().First(i => i!["code"]!.GetValue<string>() == code)!["units"]!.AsArray().Select(u => u!.GetValue<string>());
            Assert.All(units, unit => Assert.True(Seen(LiveGroups.Unit(unit)), $"no view for unit {unit}"));
        });
    }

    /// <summary>
    /// Registers a collecting observer with the silo's live feed as a Web host would, runs <paramref name="test"/> once
    /// the feed has sent it its first batch (it refreshes its list of hosts every few seconds), and unregisters it.
    /// </summary>
    private async Task WithRegisteredObserverAsync(Func<CollectingObserver, Task> test)
    {
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var collector = new CollectingObserver();
        var reference = grains.CreateObjectReference<ILiveFeedObserver>(collector);
        var hostId = $"test-{Guid.NewGuid():N}";
        var registry = grains.GetGrain<ILiveFeedRegistryGrain>(GrainKeys.LiveFeedRegistry);
        await registry.RegisterAsync(hostId, reference);
        try
        {
            await Eventually(() => !collector.Batches.IsEmpty, "the feed's first batch to the new observer", 10);
            await test(collector);
        }
        finally
        {
            await registry.UnregisterAsync(hostId);
            grains.DeleteObjectReference<ILiveFeedObserver>(reference);
        }
    }

    private sealed class CollectingObserver : ILiveFeedObserver
    {
        public ConcurrentQueue<LiveBatch> Batches { get; } = new();

        public Task OnBatchAsync(LiveBatch batch)
        {
            Batches.Enqueue(batch);
            return Task.CompletedTask;
        }
    }

    /// <summary>A real server behind a TCP proxy that is cut for 5 s while others keep writing.</summary>
    [Fact]
    public async Task A_client_disconnected_for_five_seconds_ends_with_the_servers_state()
    {
        var (web, _) = await WebProcess.StartAsync(WebProcess.NewDataDirectory("outage"));
        await using (web)
        {
            await using var proxy = new TcpProxy(web.Port);
            var executiveToken = await web.TokenAsync("executive");
            await using var client = new BoardClient(new BoardClientOptions
            {
                BaseAddress = proxy.BaseAddress,
                AccessToken = () => Task.FromResult<string?>(executiveToken),
            });
            await client.StartAsync();
            var writer = new HttpClient { BaseAddress = web.BaseAddress };
            writer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await web.TokenAsync("ict"));

            proxy.Outage(TimeSpan.FromSeconds(5));
            string[] codes = ["F1-R2", "F1-R3", "F1-R6", "O1-R1"];
            var deadline = DateTime.UtcNow.AddSeconds(5);
            var writes = 0;
            for (var i = 1; DateTime.UtcNow < deadline; i++)
            {
                var id = Http.Rec(codes[i % codes.Length]);
                var version = await writer.VersionAsync(id);
                var response = await writer.PostAsJsonAsync($"/api/v1/recommendations/{id}/progress",
                    new { progress = 10 + i % 80, note = $"during outage {i}", expectedVersion = version }, Http.Json);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                writes++;
                await Task.Delay(100);
            }
            Assert.True(writes > 10);

            await Eventually(() => client.Reconnects >= 1 && client.State == HubConnectionState.Connected, "the client reconnects", 20);
            var reader = new HttpClient { BaseAddress = web.BaseAddress };
            reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", executiveToken);
            await BoardConsistency.WaitUntilMatchesAsync(client, reader, TimeSpan.FromSeconds(10));
        }
    }
}
