using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Oversight.TestSupport;

namespace Oversight.Api.Tests;

/// <summary>
/// The OpenAPI document is what other systems generate their clients from: Redocly CLI's recommended rules find no
/// error in it; every operation has an id, a summary, its authentication (or an explicit none) and its ProblemDetails
/// answers, the 503 of an unreachable cluster among them; and the browsable reference serves it.
/// </summary>
public sealed class OpenApiDocumentTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    [Fact]
    public async Task Redocly_recommended_rules_find_no_error()
    {
        var cli = Path.Combine(RepoRoot.Find(), "tools", "openapi-lint", "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(cli), $"{cli} is missing: ./test.sh installs it (npm ci in tools/openapi-lint)");
        var client = await factory.ClientForAsync(null);
        var path = Path.Combine(Path.GetTempPath(), $"oversight-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, await client.GetStringAsync("/openapi/v1.json"));
        try
        {
            var info = new ProcessStartInfo(cli, ["lint", path, "--format=json", "--max-problems", "500"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetDirectoryName(cli)!,
            };
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var report = JsonNode.Parse(await stdout) ?? throw new InvalidOperationException(await stderr);
            var errors = report["problems"]!.AsArray().Where(p => p!["severity"]!.GetValue<string>() == "error")
                .Select(p => $"{p!["ruleId"]}: {p["message"]} at {p["location"]?[0]?["pointer"]}").ToArray();
            Assert.True(report["totals"]!["errors"]!.GetValue<int>() == 0, $"{errors.Length} errors:\n{string.Join("\n", errors.Take(50))}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_its_security_and_its_problem_answers()
    {
        var client = await factory.ClientForAsync(null);
        var document = await client.GetJsonAsync("/openapi/v1.json");
        var schemes = document["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "bearer", "cookie", "apiKey" }, schemes);
        var ids = new HashSet<string>();
        var count = 0;
        foreach (var (route, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                count++;
                var operation = node!.AsObject();
                var where = $"{method.ToUpperInvariant()} {route}";
                Assert.True(ids.Add(operation["operationId"]?.GetValue<string>() ?? ""), $"{where}: no operationId, or a repeated one");
                Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{where}: no summary");
                var security = operation["security"]?.AsArray();
                Assert.True(security is not null, $"{where}: declares no security (not even none)");
                var responses = operation["responses"]!.AsObject();
                var problems = responses.Where(r => r.Key.StartsWith('4')).ToArray();
                // A probe takes no input and no credentials: it declares only the answers it really gives.
                Assert.True(problems.Length > 0 || route.StartsWith("/health", StringComparison.Ordinal), $"{where}: declares no 4xx answer");
                Assert.All(problems, r => Assert.NotNull(r.Value!["content"]?["application/problem+json"]));
                if (route != "/health/live")
                {
                    // Every operation that calls the cluster may answer 503 while a silo is being replaced: a problem and Retry-After.
                    var unavailable = responses["503"];
                    Assert.True(unavailable is not null, $"{where}: declares no 503");
                    Assert.Equal("#/components/schemas/ProblemDetails", unavailable!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>());
                    Assert.Equal("integer", unavailable["headers"]?["Retry-After"]?["schema"]?["type"]?.GetValue<string>());
                }
                if (route.StartsWith("/health", StringComparison.Ordinal) || route == "/api/v1/auth/token")
                {
                    Assert.Empty(security!);
                }
                else
                {
                    // Everything else needs credentials, and says so, with 401 and 403 answers.
                    Assert.NotEmpty(security!);
                    Assert.Contains("401", responses.Select(r => r.Key));
                    Assert.Contains("403", responses.Select(r => r.Key));
                }
            }
        }
        Assert.True(count > 60, $"only {count} operations");
        // The probes answer what they answer: liveness 200 (it calls no grain); readiness 200, or 503 with its status while
        // starting or a problem while the cluster is unreachable; never a made-up 404.
        var live = document["paths"]!["/health/live"]!["get"]!["responses"]!.AsObject();
        Assert.Equal(["200"], live.Select(r => r.Key));
        var ready = document["paths"]!["/health/ready"]!["get"]!["responses"]!.AsObject();
        Assert.Equal(["200", "503"], ready.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["application/json", "application/problem+json"], ready["503"]!["content"]!.AsObject().Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.NotNull(ready["503"]!["content"]!["application/json"]!["schema"]);
        var write = document["paths"]!["/api/v1/recommendations/{id}/progress"]!["post"]!["responses"]!["503"]!;
        Assert.Contains("re-read", write["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["application/problem+json"], write["content"]!.AsObject().Select(c => c.Key));
        Assert.NotNull(ready["200"]!["content"]?["application/json"]?["schema"]);
        var metrics = document["paths"]!["/api/v1/metrics"]!["post"]!;
        Assert.Equal(["apiKey"], metrics["security"]!.AsArray().Select(r => r!.AsObject().Single().Key));
        Assert.NotNull(metrics["requestBody"]);
    }

    [Fact]
    public async Task The_browsable_reference_serves_the_document()
    {
        var client = await factory.ClientForAsync(null);
        var page = await client.GetAsync("/api/reference/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/reference/scalar.js")).StatusCode);
    }
}
