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
public sealed partial class ScopingTests(OversightFactory factory) : IClassFixture<OversightFactory>
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
                return Named(text, recommendations).FirstOrDefault(id => !recommendations[id].Contains(unit)) is { } other
                    ? $"{path} = {text} (names {other}, units {string.Join(",", recommendations[other])})" : null;
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
                // An item's owning unit (a person's unit, as the author of a comment on this unit's item, is not an item).
                if (!obj.ContainsKey("username") && obj["unit"] is JsonValue owner && owner.TryGetValue<string>(out var ownerCode) && UnitCode().IsMatch(ownerCode) && ownerCode != unit)
                {
                    return $"{path}.unit = {ownerCode}";
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

    /// <summary>
    /// The recommendations a text names, by id (mol-digital-2565.F1-R1.1) or by code (F1-R1.1): as a whole value, inside a
    /// joined list ("F1-R1,F1-R2"), in a sentence (Thai runs words together: "ข้อเสนอแนะF2-R1" names it) or in a URL.
    /// A name counts only whole: F1-R1 is not found in F1-R1.1 or F1-R10 (an ASCII letter, digit, '-' or '_' next to it,
    /// or a '.' followed by one after it, would make it a longer name), but is found in "F1-R1." ending a sentence.
    /// </summary>
    internal static IEnumerable<string> Named(string text, IReadOnlyDictionary<string, string[]> recommendations)
    {
        var (pattern, byName) = Names.GetValue(recommendations, r =>
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var id in r.Keys)
            {
                names[id] = id;
                var dot = id.IndexOf('.', StringComparison.Ordinal);
                if (dot > 0)
                {
                    names.TryAdd(id[(dot + 1)..], id);
                }
            }
            // Longest first, so a longer name is preferred where two start at the same place.
            var alternatives = string.Join("|", names.Keys.OrderByDescending(n => n.Length).Select(System.Text.RegularExpressions.Regex.Escape));
            return new NameMatcher(new System.Text.RegularExpressions.Regex($@"(?<![A-Za-z0-9_.-])(?:{alternatives})(?![A-Za-z0-9_-]|\.[A-Za-z0-9])",
                System.Text.RegularExpressions.RegexOptions.CultureInvariant), names);
        });
        return pattern.Matches(text).Select(m => byName[m.Value]).Distinct();
    }

    private sealed record NameMatcher(System.Text.RegularExpressions.Regex Pattern, IReadOnlyDictionary<string, string> ByName);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyDictionary<string, string[]>, NameMatcher> Names = new();

    [Fact]
    public void A_recommendation_is_found_inside_a_text_but_only_whole()
    {
        var recommendations = new Dictionary<string, string[]>
        {
            [Http.Rec("F1-R1")] = ["ICT"], [Http.Rec("F1-R1.1")] = ["ICT"], [Http.Rec("F1-R2")] = ["ICT"], [Http.Rec("F2-R1")] = ["ILPO", "SPD"],
        };
        string[] Found(string text) => [.. Named(text, recommendations).Order()];
        Assert.Equal([Http.Rec("F1-R1"), Http.Rec("F1-R2")], Found("F1-R1,F1-R2"));
        Assert.Equal([Http.Rec("F2-R1")], Found(Http.Rec("F2-R1")));
        Assert.Equal([Http.Rec("F2-R1")], Found($"/recommendations/{Http.Rec("F2-R1")}#history"));
        Assert.Equal([Http.Rec("F2-R1")], Found("ตามข้อเสนอแนะ F2-R1."));
        Assert.Equal([Http.Rec("F2-R1")], Found("ตามข้อเสนอแนะF2-R1ของหน่วย"));
        Assert.Equal([Http.Rec("F1-R1"), Http.Rec("F2-R1")], Found("F2-R1, F1-R1 (ICT)"));
        Assert.Equal([Http.Rec("F1-R1.1")], Found("F1-R1.1"));
        Assert.Equal([Http.Rec("F1-R1.1")], Found($"{Http.Rec("F1-R1.1")},x"));
        Assert.Empty(Found("F1-R10"));
        Assert.Empty(Found("F1-R1.3"));
        Assert.Empty(Found("XF1-R1"));
        Assert.Empty(Found("F1-R1-a"));
        Assert.Empty(Found("F1-R1_x"));
        // The check finds it in a joined string inside a JSON document.
        var document = JsonNode.Parse("""{"items":[{"recommendations":"F1-R1,F2-R1"}]}""");
        Assert.Contains("F2-R1", Leak(document, "ICT", recommendations));
        Assert.Null(Leak(JsonNode.Parse("""{"items":[{"recommendations":"F1-R1,F1-R1.1"}]}"""), "ICT", recommendations));
    }

    /// <summary>Every monitoring item with the units that own it, as an executive sees them, by the route parameter that names it.</summary>
    private async Task<Dictionary<string, Dictionary<string, string[]>>> MonitoringItemsAsync()
    {
        var executive = await factory.ClientForAsync("executive");
        var contracts = (await executive.GetJsonAsync("/api/v1/contracts")).AsArray()
            .ToDictionary(c => c!["id"]!.GetValue<string>(), c => new[] { c!["unit"]!.GetValue<string>() });
        var provinces = (await executive.GetJsonAsync("/api/v1/provinces"))["items"]!.AsArray()
            .ToDictionary(p => p!["code"]!.GetValue<string>(), p => new[] { p!["unit"]!.GetValue<string>() });
        var indicators = (await executive.GetJsonAsync("/api/v1/indicators")).AsArray()
            .ToDictionary(i => i!["code"]!.GetValue<string>(), i => i!["units"]!.AsArray().Select(u => u!.GetValue<string>()).ToArray());
        return new()
        {
            ["/api/v1/contracts/{id}"] = contracts,
            ["/api/v1/provinces/{code}"] = provinces,
            ["/api/v1/indicators/{code}"] = indicators,
        };
    }

    /// <summary>
    /// Every GET route of the API with its parameters filled in: once per recommendation where it takes one, once per
    /// monitoring item where it names one; with the units that own the item it names (null when it names none).
    /// </summary>
    private IEnumerable<(string Url, string[]? Owners)> ReadUrls(string officer, IReadOnlyDictionary<string, string[]> recommendations,
        IReadOnlyDictionary<string, Dictionary<string, string[]>> monitoring)
    {
        var sources = factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods;
            var template = (endpoint.RoutePattern.RawText ?? "").TrimEnd('/');
            if (methods is null || !methods.Contains("GET") || !template.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }
            if (monitoring.TryGetValue(template, out var items))
            {
                var parameter = template.Contains("{id}", StringComparison.Ordinal) ? "{id}" : "{code}";
                foreach (var (item, owners) in items)
                {
                    yield return (template.Replace(parameter, item), owners);
                }
                continue;
            }
            var filled = template.Replace("{reportId}", Http.Report).Replace("{unitCode}", UnitOf(officer)).Replace("{code}", Http.Report)
                .Replace("{file}", "observations.csv");
            if (filled.Contains("{id}", StringComparison.Ordinal))
            {
                foreach (var (id, units) in recommendations)
                {
                    yield return (filled.Replace("{id}", id).Replace("{evidenceId}", "ev-1"), units);
                }
            }
            else
            {
                yield return (filled, null);
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

        var monitoring = await MonitoringItemsAsync();
        var checkedUrls = 0;
        foreach (var officer in Officers)
        {
            var client = await factory.ClientForAsync(officer);
            var unit = UnitOf(officer);
            foreach (var (url, owners) in ReadUrls(officer, recommendations, monitoring).Distinct())
            {
                var response = await client.GetAsync(url);
                Assert.True((int)response.StatusCode < 500, $"{officer} GET {url} answered {(int)response.StatusCode}");
                if (owners is not null && !owners.Contains(unit))
                {
                    Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{officer} GET {url} answered {(int)response.StatusCode} for another unit's item");
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
                var leaked = Named(html, recommendations).Where(id => !recommendations[id].Contains(unit)).ToArray();
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

            // Monitoring changes: each unit's contract, and figures of a provincial office (no officer here owns one).
            foreach (var (officer, contract) in new[] { ("ilpo", "fy2565-informal-labour-system"), ("ict", "nlic-plan") })
            {
                var writer = await factory.ClientForAsync(officer);
                var raised = await writer.PostJsonAsync($"/api/v1/contracts/{contract}/blockers",
                    new { reason = new { th = "ทดสอบช่องทางสด", en = "Live channel test" }, since = MonitoringTestKit.Iso(MonitoringTestKit.Today), owner = UnitOf(officer) });
                Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
            }
            var (_, key) = await MonitoringTestKit.CreateKeyAsync(factory, "lbda-scoping", "metrics:write");
            Assert.Equal(HttpStatusCode.OK, (await MonitoringTestKit.SendAsync(MonitoringTestKit.KeyClient(factory, key),
                MonitoringTestKit.Observation("lbda-scoping", "lbda.logins", "province:10", "2026-10", 5))).StatusCode);
            var contractDeadline = DateTime.UtcNow.AddSeconds(15);
            foreach (var (officer, contract) in new[] { ("ilpo", "fy2565-informal-labour-system"), ("ict", "nlic-plan") })
            {
                while (!received[officer].Any(m => m.Method == "contractChanged" && m.Json.Contains(contract, StringComparison.Ordinal)))
                {
                    Assert.True(DateTime.UtcNow < contractDeadline, $"{officer} did not receive its contract's change");
                    await Task.Delay(50);
                }
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

    /// <summary>A unit's code (ICT, ILPO, PLO-10 …), as opposed to a unit of measure.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^(PLO-[0-9]{2}|[A-Z]{2,6})$")]
    private static partial System.Text.RegularExpressions.Regex UnitCode();
}
