using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Oversight.Grains.Abstractions.Live;

namespace Oversight.Api.Tests;

/// <summary>
/// One scoping rule for every read: every GET route of the API (found from the endpoint table, so a new route is
/// covered the day it is added), the pages, and every hub message, as every unit officer, never carry an item of
/// another unit.
/// </summary>
public sealed class ScopingTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private static readonly string[] Officers = ["ict", "ilpo", "spd", "led", "jsc", "ops"];

    /// <summary>Every recommendation with its units, as an executive sees them.</summary>
    private async Task<Dictionary<string, string[]>> RecommendationsAsync()
    {
        var executive = await factory.ClientForAsync("executive");
        var list = await executive.GetJsonAsync("/api/v1/recommendations?limit=500");
        return list["items"]!.AsArray().ToDictionary(i => i!["id"]!.GetValue<string>(), i => i!["units"]!.AsArray().Select(u => u!.GetValue<string>()).ToArray());
    }

    private static string UnitOf(string officer) => officer.ToUpperInvariant();

    /// <summary>Every way another unit's item can show in a JSON document; returns what was found, or null.</summary>
    private static string? Leak(JsonNode? node, string unit, IReadOnlyDictionary<string, string[]> recommendations, string path = "$")
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                return recommendations.TryGetValue(text, out var units) && !units.Contains(unit) ? $"{path} = {text} (units {string.Join(",", units)})" : null;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Leak(array[i], unit, recommendations, $"{path}[{i}]") is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonObject obj:
                if (obj["units"] is JsonArray owners && owners.Count > 0 && !owners.Any(o => o?.GetValue<string>() == unit))
                {
                    return $"{path}.units = [{string.Join(",", owners.Select(o => o?.ToString()))}]";
                }
                if (obj["byUnit"] is JsonArray byUnit && byUnit.Any(g => g?["key"]?.GetValue<string>() != unit))
                {
                    return $"{path}.byUnit has another unit";
                }
                foreach (var (key, child) in obj)
                {
                    if (Leak(child, unit, recommendations, $"{path}.{key}") is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>Every GET route of the API with its parameters filled in, once per recommendation where it takes one.</summary>
    private IEnumerable<string> ReadUrls(string officer, IReadOnlyDictionary<string, string[]> recommendations)
    {
        var sources = factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods;
            var template = endpoint.RoutePattern.RawText ?? "";
            if (methods is null || !methods.Contains("GET") || !template.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }
            var filled = template.Replace("{reportId}", Http.Report).Replace("{unitCode}", UnitOf(officer)).Replace("{code}", Http.Report);
            if (filled.Contains("{id}", StringComparison.Ordinal))
            {
                foreach (var id in recommendations.Keys)
                {
                    yield return filled.Replace("{id}", id).Replace("{evidenceId}", "ev-1");
                }
            }
            else
            {
                yield return filled;
            }
        }
    }

    [Fact]
    public async Task Every_read_route_gives_a_unit_officer_only_their_own_units_items()
    {
        var recommendations = await RecommendationsAsync();
        // Give every recommendation some history and evidence first, by its own units.
        foreach (var (id, units) in recommendations)
        {
            var writer = await factory.ClientForAsync(units[0].ToLowerInvariant());
            var version = await writer.VersionAsync(id);
            var comment = await writer.PostJsonAsync($"/api/v1/recommendations/{id}/comments", new { text = "ความเห็นสำหรับทดสอบขอบเขต", expectedVersion = version });
            Assert.Equal(HttpStatusCode.Created, comment.StatusCode);
        }

        var checkedUrls = 0;
        foreach (var officer in Officers)
        {
            var client = await factory.ClientForAsync(officer);
            var unit = UnitOf(officer);
            foreach (var url in ReadUrls(officer, recommendations).Distinct())
            {
                var response = await client.GetAsync(url);
                Assert.True((int)response.StatusCode < 500, $"{officer} GET {url} answered {(int)response.StatusCode}");
                var foreign = recommendations.Keys.FirstOrDefault(id => url.Contains(id, StringComparison.Ordinal) && !recommendations[id].Contains(unit));
                if (foreign is not null)
                {
                    Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{officer} GET {url} answered {(int)response.StatusCode} for another unit's recommendation");
                    continue;
                }
                if (response.Content.Headers.ContentType?.MediaType is "application/json" && response.IsSuccessStatusCode)
                {
                    var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                    Assert.True(Leak(body, unit, recommendations) is null, $"{officer} GET {url}: {Leak(body, unit, recommendations)}");
                }
                checkedUrls++;
            }
        }
        Assert.True(checkedUrls > 60, $"only {checkedUrls} reads were checked");
    }

    [Fact]
    public async Task The_pages_a_unit_officer_opens_show_no_other_units_recommendation()
    {
        var recommendations = await RecommendationsAsync();
        foreach (var officer in Officers)
        {
            var client = await factory.ClientForAsync(officer);
            var unit = UnitOf(officer);
            foreach (var page in new[] { "/", "/board", "/unit", $"/board?report={Http.Report}" })
            {
                var response = await client.GetAsync(page);
                Assert.True((int)response.StatusCode < 500);
                var html = await response.Content.ReadAsStringAsync();
                var leaked = recommendations.Where(r => !r.Value.Contains(unit) && html.Contains(r.Key, StringComparison.Ordinal)).Select(r => r.Key).ToArray();
                Assert.True(leaked.Length == 0, $"{officer} {page} shows {string.Join(", ", leaked)}");
            }
        }
    }

    [Fact]
    public async Task Every_hub_message_a_unit_officer_receives_is_their_own_units()
    {
        var recommendations = await RecommendationsAsync();
        var received = new ConcurrentDictionary<string, ConcurrentQueue<(string Method, string Json)>>();
        var connections = new List<HubConnection>();
        try
        {
            foreach (var officer in Officers)
            {
                var client = await factory.ClientForAsync(officer);
                var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
                var sockets = factory.Server.CreateWebSocketClient();
                sockets.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {token}";
                var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri(factory.Server.BaseAddress, "hubs/board"), o =>
                    {
                        o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                        o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                        o.Transports = HttpTransportType.WebSockets;
                        o.WebSocketFactory = async (context, ct) => await sockets.ConnectAsync(context.Uri, ct);
                    })
                    .Build();
                var queue = received.GetOrAdd(officer, _ => new());
                // Every kind a client can receive, so a new kind of live message is covered the day it is added.
                foreach (var kind in LiveKinds.All.Where(k => k.Delivery != LiveDelivery.Host))
                {
                    hub.On<JsonElement>(kind.HubMethod, payload => queue.Enqueue((kind.HubMethod, payload.GetRawText())));
                }
                await hub.StartAsync();
                connections.Add(hub);
            }

            // Every recommendation changes, by its own unit.
            foreach (var (id, units) in recommendations)
            {
                var writer = await factory.ClientForAsync(units[0].ToLowerInvariant());
                var response = await writer.PostJsonAsync($"/api/v1/recommendations/{id}/comments", new { text = "ทดสอบช่องทางสด", expectedVersion = await writer.VersionAsync(id) });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }

            // Each officer receives their own units' changes (so the test would see a leak) …
            var deadline = DateTime.UtcNow.AddSeconds(15);
            foreach (var officer in Officers)
            {
                var own = recommendations.Where(r => r.Value.Contains(UnitOf(officer))).Select(r => r.Key).ToArray();
                while (!own.All(id => received[officer].Any(m => m.Method == "recommendationChanged" && m.Json.Contains(id, StringComparison.Ordinal))))
                {
                    Assert.True(DateTime.UtcNow < deadline, $"{officer} did not receive all of its unit's changes");
                    await Task.Delay(50);
                }
                while (!received[officer].Any(m => m.Method == "activity") || !received[officer].Any(m => m.Method == "boardChanged"))
                {
                    Assert.True(DateTime.UtcNow < deadline, $"{officer} did not receive its activity and board");
                    await Task.Delay(50);
                }
            }

            // … and nothing of another unit's, in any message.
            foreach (var officer in Officers)
            {
                foreach (var (method, json) in received[officer])
                {
                    var leak = Leak(JsonNode.Parse(json), UnitOf(officer), recommendations);
                    Assert.True(leak is null, $"{officer} {method}: {leak}");
                }
            }
        }
        finally
        {
            foreach (var hub in connections)
            {
                await hub.DisposeAsync();
            }
        }
    }
}
