using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Abstractions.Reports;
using Microsoft.AspNetCore.Hosting;

namespace Oversight.Api.Tests;

/// <summary>
/// The host with synthetic data beside the real report: the labelled demo copy of the report (demo activity on, with
/// an interval long enough that it never steps during a test), so the scoping sweeps also read the synthetic data set.
/// (The copy keeps each recommendation's code and units, so a code named in a text is that of one unit's item.)
/// </summary>
public sealed class ScopingFixture : IAsyncLifetime
{
    public OversightFactory Factory { get; } = new()
    {
        Configure = builder =>
        {
            builder.UseSetting("Demo:Activity", "true");
            builder.UseSetting("Demo:ActivityInterval", "01:00:00");
        },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>
/// One scoping rule for every read: every GET route of the API with every query parameter it binds (found from the
/// endpoint table and the API description, so a new route or parameter is covered the day it is added), every page
/// with every query value it binds and every item it names, and every hub message, as every unit officer, never carry
/// an item of another unit: not in JSON, nor in a PDF, a workbook or a page.
/// </summary>
public sealed partial class ScopingTests(ScopingFixture fixture) : IClassFixture<ScopingFixture>
{
    private static readonly string[] Officers = ["ict", "ilpo", "spd", "led", "jsc", "ops"];

    private readonly OversightFactory factory = fixture.Factory;

    /// <summary>Every recommendation, real and synthetic, with its units, as an executive sees them.</summary>
    private async Task<Dictionary<string, string[]>> RecommendationsAsync()
    {
        var executive = await factory.ClientForAsync("executive");
        var all = new Dictionary<string, string[]>();
        foreach (var dataset in new[] { "real", "synthetic" })
        {
            for (var offset = 0; ; offset += 500)
            {
                var items = (await executive.GetJsonAsync($"/api/v1/recommendations?dataset={dataset}&limit=500&offset={offset}"))["items"]!.AsArray();
                foreach (var item in items)
                {
                    all[item!["id"]!.GetValue<string>()] = item["units"]!.AsArray().Select(u => u!.GetValue<string>()).ToArray();
                }
                if (items.Count < 500)
                {
                    break;
                }
            }
        }
        Assert.Contains(all.Keys, id => id.StartsWith(SyntheticReports.DemoReportId + ".", StringComparison.Ordinal));
        Assert.Contains(all.Keys, id => id.StartsWith(Http.Report + ".", StringComparison.Ordinal));
        return all;
    }

    /// <summary>
    /// Makes open recommendations of several units due within the next weeks in <paramref name="reportId"/> (an extension
    /// each unit asks for and an auditor approves), so a board or list not narrowed to a unit would show another unit's
    /// item due soon.
    /// </summary>
    private async Task MakeDueSoonAsync(string reportId, IReadOnlyDictionary<string, string[]> recommendations)
    {
        var auditor = await factory.ClientForAsync("auditor");
        if (DueSoonUnits(await auditor.GetJsonAsync($"/api/v1/board?reportId={reportId}")) >= 2)
        {
            return;
        }
        var due = ThaiToday().AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, units) in recommendations.Where(r => r.Key.StartsWith(reportId + ".", StringComparison.Ordinal)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (chosen.Contains(units[0]) || chosen.Count >= 3)
            {
                continue;
            }
            var officer = await factory.ClientForAsync(units[0].ToLowerInvariant());
            var detail = await officer.GetJsonAsync($"/api/v1/recommendations/{id}");
            if (detail["status"]!.GetValue<string>() is "closed-implemented" or "closed-partly-implemented" or "closed-not-implemented" or "no-longer-applicable"
                || string.CompareOrdinal(detail["dueDate"]!.GetValue<string>(), due) >= 0)
            {
                continue;
            }
            var asked = await officer.PostJsonAsync($"/api/v1/recommendations/{id}/extensions",
                new { requestedDueDate = due, reason = "ทดสอบขอบเขต: ครบกำหนดเร็ว ๆ นี้", expectedVersion = detail["version"]!.GetValue<long>() });
            Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
            var extension = (await asked.JsonAsync())["createdId"]!.GetValue<string>();
            var decided = await auditor.PostJsonAsync($"/api/v1/recommendations/{id}/extensions/{extension}/decision",
                new { decision = "approve", note = "อนุมัติเพื่อทดสอบ", expectedVersion = await auditor.VersionAsync(id) });
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
            chosen.Add(units[0]);
        }
        Assert.True(chosen.Count >= 2, $"{reportId}: fewer than two units have an open recommendation to make due soon");
    }

    /// <summary>How many units the board's due-soon list names.</summary>
    private static int DueSoonUnits(JsonNode board) =>
        board["dueSoon"]!["items"]!.AsArray().SelectMany(i => i!["units"]!.AsArray().Select(u => u!.GetValue<string>())).Distinct().Count();

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

    /// <summary>
    /// The values each query parameter of a read is tried with, by name (an API's or a page's): the real report and a
    /// synthetic one (the demo copy), each data set, the officer's own unit and another, and a
    /// value of every other parameter that widens what is shown. A parameter with no entry fails the sweep, so a new
    /// parameter is given its values the day it is added.
    /// </summary>
    private static IReadOnlyList<string>? ValuesOf(string parameter, string officer, string other) => parameter.ToLowerInvariant() switch
    {
        "reportid" or "report" => [Http.Report, SyntheticReports.DemoReportId],
        "dataset" => ["synthetic", "real"],
        "unit" => [UnitOf(officer), other],
        "status" => ["not-started,in-progress,implemented-pending-verification", "closed-implemented,closed-not-implemented,closed-partly-implemented,no-longer-applicable"],
        "overdue" => ["true", "false"],
        "limit" => ["500"],
        "offset" => ["0", "3"],
        "weeks" => ["104"],
        "unreadonly" => ["false"],
        "lang" => ["en", "th"],
        "asof" => [ThaiToday().AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)],
        "prefix" => [Http.Report, SyntheticReports.DemoReportId],
        "checkpoint" => ["1:" + new string('0', 64)],
        // Pages: the TV mode and its screens, a form's outcome, what a page opens on.
        "tv" => ["1"],
        "screen" => ["recommendations", "programme", "contracts", "provinces"],
        "done" => ["comment", "progress"],
        "kind" => ["unit", "follow-up", "observations"],
        "edit" or "user" or "q" => [UnitOf(other)],
        // The one-list pages: the auditor's queues and a unit's notifications, a page at a time.
        "list" => ["awaiting", "extensions", "reopened", "notifications"],
        "returnurl" or "r" => ["/board"],
        "sso" => ["failed"],
        "c" => ["en"],
        _ => null,
    };

    private static DateOnly ThaiToday() => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    /// <summary>Another unit than the officer's, that has recommendations of its own.</summary>
    private static string OtherThan(string officer) => UnitOf(officer) == "SPD" ? "ICT" : "SPD";

    /// <summary>The query strings a read is tried with: none, each parameter alone with each of its values, and each pair.</summary>
    private static IEnumerable<string> QueryVariants(IReadOnlyList<string> parameters, string officer, List<string> missing)
    {
        var singles = new List<(string Name, string Value)>();
        foreach (var parameter in parameters)
        {
            if (ValuesOf(parameter, officer, OtherThan(officer)) is not { } values)
            {
                missing.Add(parameter);
                continue;
            }
            singles.AddRange(values.Select(v => (parameter, v)));
        }
        yield return "";
        foreach (var (name, value) in singles)
        {
            yield return $"?{name}={Uri.EscapeDataString(value)}";
        }
        for (var i = 0; i < singles.Count; i++)
        {
            for (var j = i + 1; j < singles.Count; j++)
            {
                if (singles[i].Name != singles[j].Name)
                {
                    yield return $"?{singles[i].Name}={Uri.EscapeDataString(singles[i].Value)}&{singles[j].Name}={Uri.EscapeDataString(singles[j].Value)}";
                }
            }
        }
    }

    /// <summary>
    /// Every value a route parameter of a read can take, with the units that own the item it names (null: it names
    /// none): every recommendation (real and synthetic), every unit, every monitoring item, both kinds of report.
    /// </summary>
    private async Task<Dictionary<string, Dictionary<string, string[]?>>> RouteValuesAsync(IReadOnlyDictionary<string, string[]> recommendations)
    {
        var executive = await factory.ClientForAsync("executive");
        var items = await PageRoutes.ItemsAsync(executive);
        var units = (await executive.GetJsonAsync("/api/v1/units")).AsArray().Select(u => u!["code"]!.GetValue<string>()).ToArray();
        Dictionary<string, string[]?> Owned(Dictionary<string, string[]> owned) => owned.ToDictionary(p => p.Key, p => (string[]?)p.Value);
        return new()
        {
            ["{id}@/api/v1/recommendations"] = recommendations.ToDictionary(p => p.Key, p => (string[]?)p.Value),
            ["{id}@/api/v1/contracts"] = Owned(items["/contracts/{id}"]),
            ["{code}@/api/v1/provinces"] = Owned(items["/provinces/{code}"]),
            ["{code}@/api/v1/indicators"] = Owned(items["/indicators/{code}"]),
            ["{unitCode}"] = units.ToDictionary(u => u, u => (string[]?)[u]),
            ["{reportId}"] = new[] { Http.Report, SyntheticReports.DemoReportId }.ToDictionary(r => r, _ => (string[]?)null),
            ["{name}"] = new[] { "overdue", "synthetic-seed" }.ToDictionary(n => n, _ => (string[]?)null),
            ["{file}"] = new[] { "observations.csv", "contracts.xlsx" }.ToDictionary(n => n, _ => (string[]?)null),
        };
    }

    /// <summary>
    /// Every GET route of the API (from the endpoint table) with its route values filled in every way
    /// <see cref="RouteValuesAsync"/> gives, the units that own what it names, and the query parameters it binds (from
    /// the API description).
    /// </summary>
    private IEnumerable<(string Path, string[]? Owners, IReadOnlyList<string> Query)> ReadRoutes(
        IReadOnlyDictionary<string, Dictionary<string, string[]?>> routeValues, IReadOnlyDictionary<string, string[]> evidence, List<string> undescribed)
    {
        var descriptions = factory.Services.GetRequiredService<Microsoft.AspNetCore.Mvc.ApiExplorer.IApiDescriptionGroupCollectionProvider>()
            .ApiDescriptionGroups.Items.SelectMany(g => g.Items).Where(d => d.HttpMethod == "GET")
            .ToDictionary(d => "/" + (d.RelativePath ?? "").Trim('/'), d => (IReadOnlyList<string>)d.ParameterDescriptions
                .Where(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Query).Select(p => p.Name).ToArray());
        var sources = factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods;
            var template = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            // The data API (the reference pages under /api/reference are the OpenAPI viewer's own files).
            if (methods is null || !methods.Contains("GET") || !template.StartsWith("/api/v1/", StringComparison.Ordinal))
            {
                continue;
            }
            if (!descriptions.TryGetValue(template, out var query))
            {
                undescribed.Add(template);
                continue;
            }
            foreach (var (path, owners) in Fill(template, routeValues, evidence))
            {
                yield return (path, owners, query);
            }
        }
    }

    /// <summary>A template with each of its route values filled in every way, with the owners of what it names.</summary>
    private static IEnumerable<(string Path, string[]? Owners)> Fill(string template, IReadOnlyDictionary<string, Dictionary<string, string[]?>> routeValues,
        IReadOnlyDictionary<string, string[]> evidence)
    {
        var parameter = RouteParameter().Match(template);
        if (!parameter.Success)
        {
            yield return (template, null);
            yield break;
        }
        var name = parameter.Value;
        var prefix = template[..parameter.Index].TrimEnd('/');
        var values = routeValues.TryGetValue($"{name}@{prefix}", out var byPrefix) ? byPrefix
            : routeValues.TryGetValue(name, out var byName) ? byName
            : throw new Xunit.Sdk.XunitException($"No values for {name} of {template}: add them to RouteValuesAsync");
        foreach (var (value, owners) in values)
        {
            var filled = template[..parameter.Index] + Uri.EscapeDataString(value) + template[(parameter.Index + parameter.Length)..];
            if (filled.Contains("{evidenceId}", StringComparison.Ordinal))
            {
                foreach (var evidenceId in evidence.GetValueOrDefault(value, ["ev-none"]))
                {
                    yield return (filled.Replace("{evidenceId}", evidenceId, StringComparison.Ordinal), owners);
                }
                continue;
            }
            foreach (var (path, inner) in Fill(filled, routeValues, evidence))
            {
                // Where two values name items, the narrower owners are those of both.
                yield return (path, owners is null ? inner : inner is null ? owners : owners.Intersect(inner).ToArray());
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]+\}")]
    private static partial System.Text.RegularExpressions.Regex RouteParameter();

    /// <summary>What of another unit a response carries, whatever its type (JSON, PDF, a workbook, CSV, HTML), or null.</summary>
    private static async Task<string?> LeakInAsync(HttpResponseMessage response, string unit, IReadOnlyDictionary<string, string[]> recommendations)
    {
        var type = response.Content.Headers.ContentType?.MediaType ?? "";
        var bytes = await response.Content.ReadAsByteArrayAsync();
        string? text = null;
        switch (type)
        {
            case "application/json" or "application/problem+json":
                return Leak(JsonNode.Parse(bytes), unit, recommendations);
            case "application/pdf":
                text = PdfText(bytes);
                break;
            case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                text = WorkbookText(bytes);
                break;
            case "text/csv" or "text/plain" or "text/html":
                text = Encoding.UTF8.GetString(bytes);
                break;
            default:
                return $"a body of type '{type}' the sweep cannot read";
        }
        return Named(text, recommendations).FirstOrDefault(id => !recommendations[id].Contains(unit)) is { } other
            ? $"names {other} (units {string.Join(",", recommendations[other])})" : null;
    }

    /// <summary>The text of a PDF, by pdftotext.</summary>
    private static string PdfText(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"scoping-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
            foreach (var argument in new[] { "-enc", "UTF-8", path, "-" })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start (apt-get install poppler-utils)");
            var text = process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "pdftotext could not read the PDF");
            return text.Result;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Every text of a workbook: its shared strings and inline strings, sheet by sheet.</summary>
    private static string WorkbookText(byte[] xlsx)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx));
        var text = new StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var stream = entry.Open();
            text.Append(string.Join('\n', System.Xml.Linq.XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "t").Select(e => e.Value))).Append('\n');
        }
        return text.ToString();
    }

    [Fact]
    public async Task Every_read_route_with_every_query_parameter_gives_a_unit_officer_only_their_own_units_items()
    {
        var recommendations = await RecommendationsAsync();
        var executive = await factory.ClientForAsync("executive");
        await MakeDueSoonAsync(Http.Report, recommendations);
        await MakeDueSoonAsync(SyntheticReports.DemoReportId, recommendations);
        // Give every recommendation some history first, by its own units.
        var evidence = new Dictionary<string, string[]>();
        foreach (var (id, units) in recommendations)
        {
            var writer = await factory.ClientForAsync(units[0].ToLowerInvariant());
            var version = await writer.VersionAsync(id);
            var comment = await writer.PostJsonAsync($"/api/v1/recommendations/{id}/comments", new { text = "ความเห็นสำหรับทดสอบขอบเขต", expectedVersion = version });
            Assert.Equal(HttpStatusCode.Created, comment.StatusCode);
            var detail = await executive.GetJsonAsync($"/api/v1/recommendations/{id}");
            evidence[id] = detail["evidence"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()).Take(2).ToArray();
        }

        // The board of the report has due-soon items of several units, so a board not narrowed to a unit would show them.
        foreach (var report in new[] { Http.Report, SyntheticReports.DemoReportId })
        {
            var board = await executive.GetJsonAsync($"/api/v1/board?reportId={report}");
            Assert.True(DueSoonUnits(board) >= 2,
                $"{report}: the board has due-soon items of fewer than two units, so the sweep could not see a leak there");
        }

        var routeValues = await RouteValuesAsync(recommendations);
        var undescribed = new List<string>();
        var missing = new List<string>();
        var failures = new List<string>();
        var read = 0;
        var parameters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var officer in Officers)
        {
            var client = await factory.ClientForAsync(officer);
            var unit = UnitOf(officer);
            var other = OtherThan(officer);
            foreach (var (path, owners, query) in ReadRoutes(routeValues, evidence, undescribed).Distinct())
            {
                var variants = owners is not null && !owners.Contains(unit) ? [""] : QueryVariants(query, officer, missing);
                foreach (var variant in variants)
                {
                    var url = path + variant;
                    var response = await client.GetAsync(url);
                    var status = (int)response.StatusCode;
                    if (status >= 500)
                    {
                        failures.Add($"{officer} GET {url}: {status}");
                        continue;
                    }
                    if (owners is not null && !owners.Contains(unit))
                    {
                        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                        {
                            failures.Add($"{officer} GET {url}: {status} for another unit's item");
                        }
                        continue;
                    }
                    if (!response.IsSuccessStatusCode)
                    {
                        continue;
                    }
                    // An evidence file is the unit's own upload: what it says is not the system's to scope.
                    if (!path.Contains("/evidence/", StringComparison.Ordinal) && await LeakInAsync(response, unit, recommendations) is { } leak)
                    {
                        failures.Add($"{officer} GET {url}: {leak}");
                    }
                    if (variant.Contains($"unit={other}", StringComparison.Ordinal))
                    {
                        failures.Add($"{officer} GET {url}: {status} when asking for another unit ({other})");
                    }
                    read++;
                    parameters.UnionWith(query.Where(q => variant.Contains(q + "=", StringComparison.Ordinal)));
                }
            }
        }
        Assert.Empty(undescribed);
        Assert.True(missing.Count == 0, "no scoping values for query parameter(s): " + string.Join(", ", missing.Distinct()));
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(60)) + $"\n({failures.Count} in all)");
        // The sweep read something with each kind of value: the issue's example among them.
        Assert.Superset(new HashSet<string> { "reportId", "dataset", "unit", "status", "limit", "lang", "asOf" }, parameters);
        Assert.True(read > 800, $"only {read} reads were checked");
    }

    /// <summary>
    /// Every page (from the endpoint table), with every item it names in its route and every query value it binds, as
    /// every unit officer: another unit's item is refused, and no page shows another unit's recommendation.
    /// </summary>
    [Fact]
    public async Task The_pages_a_unit_officer_opens_show_no_other_units_recommendation()
    {
        var recommendations = await RecommendationsAsync();
        await MakeDueSoonAsync(Http.Report, recommendations);
        var executive = await factory.ClientForAsync("executive");
        var items = await PageRoutes.ItemsAsync(executive);
        items["/recommendations/{id}"] = recommendations;
        var pages = PageRoutes.All(factory.Services);
        Assert.Contains(pages, p => p.Template == "/recommendations/{id}");
        Assert.Contains(pages, p => p.Template == "/contracts/{id}");
        Assert.Contains(pages, p => p.Template == "/reports");
        var missing = new List<string>();
        var failures = new List<string>();
        var shown = 0;
        foreach (var officer in Officers)
        {
            var client = await factory.ClientForAsync(officer);
            var unit = UnitOf(officer);
            foreach (var page in pages)
            {
                var paths = page.Template.Contains('{')
                    ? items.TryGetValue(page.Template, out var named)
                        ? named.Select(n => (Path: PageRoutes.Fill(page.Template, n.Key), Owners: (string[]?)n.Value))
                        : throw new Xunit.Sdk.XunitException($"No items for the page {page.Template}: add them to PageRoutes.ItemsAsync")
                    : [(page.Template, null)];
                foreach (var (path, owners) in paths)
                {
                    var foreign = owners is { Length: > 0 } && !owners.Contains(unit);
                    var handler = page.Handler is null ? "" : $"handler={page.Handler}";
                    var variants = foreign ? [""] : QueryVariants(page.Query, officer, missing);
                    foreach (var variant in variants)
                    {
                        var query = handler.Length == 0 ? variant : variant.Length == 0 ? "?" + handler : variant + "&" + handler;
                        var response = await client.GetAsync(path + query);
                        var status = (int)response.StatusCode;
                        if (status >= 500)
                        {
                            failures.Add($"{officer} {path}{query}: {status}");
                        }
                        else if (foreign && response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                        {
                            failures.Add($"{officer} {path}{query}: {status} for another unit's item");
                        }
                        else if (!foreign && response.Content.Headers.ContentType?.MediaType == "text/html")
                        {
                            // A page shows itself on a 400 too (a value it could not use): what it shows is checked all the same.
                            var html = await response.Content.ReadAsStringAsync();
                            var leaked = Named(html, recommendations).Where(id => !recommendations[id].Contains(unit)).ToArray();
                            if (leaked.Length > 0)
                            {
                                failures.Add($"{officer} {path}{query} shows {string.Join(", ", leaked)}");
                            }
                            shown++;
                        }
                    }
                }
            }
        }
        Assert.True(missing.Count == 0, "no scoping values for page query value(s): " + string.Join(", ", missing.Distinct()));
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(60)) + $"\n({failures.Count} in all)");
        Assert.True(shown > 500, $"only {shown} pages were checked");
    }

    [Fact]
    public async Task Every_hub_message_a_unit_officer_receives_is_their_own_units()
    {
        var recommendations = await RecommendationsAsync();
        await MakeDueSoonAsync(Http.Report, recommendations);
        var received = new ConcurrentDictionary<string, ConcurrentQueue<(string Method, string Json)>>();
        var connections = new List<HubConnection>();
        try
        {
            foreach (var officer in Officers)
            {
                var client = await factory.ClientForAsync(officer);
                var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
                var hub = factory.HubOverWebSockets(token);
                var queue = received.GetOrAdd(officer, _ => new());
                // Every kind a client can receive, so a new kind of live message is covered the day it is added.
                foreach (var kind in LiveKinds.All.Where(k => k.Delivery != LiveDelivery.Host))
                {
                    hub.On<JsonElement>(kind.HubMethod, payload => queue.Enqueue((kind.HubMethod, payload.GetRawText())));
                }
                await hub.StartAsync();
                connections.Add(hub);
                // The hub's own choice of what to receive follows the same rule: every group but the officer's unit's is refused.
                foreach (var group in new[] { "all", $"report:{Http.Report}", $"report:{SyntheticReports.DemoReportId}", $"unit:{OtherThan(officer)}", "unit:PLO-10" })
                {
                    await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Subscribe", group));
                }
                await hub.InvokeAsync("Subscribe", $"unit:{UnitOf(officer)}");
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
