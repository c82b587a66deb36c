using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Oversight.Api.Tests;

/// <summary>
/// A hub connection runs on a clean execution context (<c>HubRequestContext</c>): its send loop resumes for every
/// message without the request's culture and activity, whose change handlers cost CPU on each resume at 1,000 viewers;
/// and what it logs still carries the ids of the request that opened it.
/// </summary>
public sealed partial class HubRequestContextTests
{
    [Fact]
    public async Task A_hub_connections_send_loop_runs_without_the_requests_culture_and_activity_and_logs_the_requests_ids()
    {
        var capture = new LogSecretsTests.CapturingLoggerProvider();
        await using var factory = LogSecretsTests.LoggingFactory(capture);
        var token = (await factory.ClientForAsync("executive")).DefaultRequestHeaders.Authorization!.Parameter!;
        await using var hub = factory.HubOverWebSockets(token);
        await hub.StartAsync();
        var versions = await hub.InvokeAsync<JsonElement>("Versions");
        Assert.True(versions.GetProperty("board").GetInt64() > 0);
        await hub.StopAsync();

        var records = capture.Records.ToArray();
        // The WebSocket request, as the middleware before the hub saw it: in the request's culture and activity.
        var before = records.Single(r => r.Category == "Microsoft.AspNetCore.StaticFiles.StaticFileMiddleware" && OwnPath().IsMatch(r.Text));
        Assert.Equal("th-TH", before.Culture);
        Assert.True(before.InActivity);
        var requestId = RequestId().Match(before.Text).Groups[1].Value;
        var traceId = TraceId().Match(before.Text).Groups[1].Value;
        Assert.NotEmpty(requestId);
        Assert.NotEmpty(traceId);

        // The connection's send loop (a line per payload it sends): no culture, no activity, the same request's ids.
        var sent = records.Where(r => r.Category == "Microsoft.AspNetCore.Http.Connections.Internal.Transports.WebSocketsTransport"
            && r.Text.StartsWith("Sending payload", StringComparison.Ordinal)).ToArray();
        Assert.True(sent.Length >= 2, $"the send loop logged {sent.Length} payloads");
        Assert.All(sent, r =>
        {
            Assert.Equal(CultureInfo.InvariantCulture.Name, r.Culture);
            Assert.False(r.InActivity);
            Assert.Contains($"RequestId={requestId} ", r.Text, StringComparison.Ordinal);
            Assert.Contains($"TraceId={traceId} ", r.Text, StringComparison.Ordinal);
            Assert.Contains($"RequestId:{requestId} ", r.Text, StringComparison.Ordinal);
        });
    }

    [GeneratedRegex(@"RequestPath=/hubs/board(\s|$)")]
    private static partial Regex OwnPath();

    [GeneratedRegex(@"RequestId=(\S+)")]
    private static partial Regex RequestId();

    [GeneratedRegex(@"TraceId=([0-9a-f]{32})")]
    private static partial Regex TraceId();
}
