using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
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
        await Task.Delay(300);
        Assert.DoesNotContain("F2-R3", seenByIct);
        Assert.DoesNotContain(Http.Rec("F2-R3"), ict.Items.Keys);
    }

    [Fact]
    public async Task A_missed_message_is_detected_by_its_version_and_the_client_resyncs()
    {
        await using var client = await ConnectAsync("auditor");
        var resynced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Resynced += reason => resynced.TrySetResult(reason);
        client.DropNext = 1;                         // the network loses the next delta
        await WriteAsync("ict", "F1-R4", 11);        // lost
        await Eventually(() => client.DropNext == 0, "the first delta arrived (and was dropped)");
        var last = await WriteAsync("ict", "F1-R4", 12);  // arrives with a version two ahead: a gap
        Assert.Equal("gap", await resynced.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        await Eventually(() => client.Items[Http.Rec("F1-R4")].Version == last, "the resync brings the latest version");
        Assert.Equal(12, client.Items[Http.Rec("F1-R4")].Progress);
        Assert.Equal(1, client.Resyncs);
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
