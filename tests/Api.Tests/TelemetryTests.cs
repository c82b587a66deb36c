using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Oversight.Silo.Hosting;
using Oversight.TestSupport;

namespace Oversight.Api.Tests;

/// <summary>
/// /metrics and the Orleans Dashboard on the real Web host process (Kestrel, its own management ports, Embedded silo):
/// the project's instruments count exactly what was done, the ASP.NET Core, Orleans and runtime metrics are there, each
/// management endpoint answers only on its port, and the dashboard is for administrators only.
/// </summary>
public sealed class TelemetryTests(TelemetryTests.Host host) : IClassFixture<TelemetryTests.Host>
{
    /// <summary>One Web process for the class, with its metrics and dashboard ports.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public WebProcess Web { get; private set; } = null!;
        public int MetricsPort { get; } = LoopbackPorts.Next();
        public int DashboardPort { get; } = LoopbackPorts.Next();

        public async Task InitializeAsync()
        {
            (Web, _) = await WebProcess.StartAsync(WebProcess.NewDataDirectory("telemetry"), new Dictionary<string, string>
            {
                ["Telemetry__MetricsPort"] = MetricsPort.ToString(CultureInfo.InvariantCulture),
                ["Telemetry__DashboardPort"] = DashboardPort.ToString(CultureInfo.InvariantCulture),
                ["Telemetry__Dashboard"] = "true",
            });
            await Web.WaitForJobsAsync(TimeSpan.FromMinutes(5));
        }

        public async Task DisposeAsync()
        {
            var directory = Web.DataDirectory;
            await Web.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private readonly WebProcess _web = host.Web;
    private readonly int _metricsPort = host.MetricsPort;
    private readonly int _dashboardPort = host.DashboardPort;
    private readonly HttpClient _plain = new() { Timeout = TimeSpan.FromSeconds(60) };

    private Uri Metrics => new($"http://127.0.0.1:{_metricsPort}/metrics");

    private async Task<string> ScrapeAsync()
    {
        using var response = await _plain.GetAsync(Metrics);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Metrics_count_exactly_the_writes_ingestions_and_renders_done_and_carry_the_platform_metrics()
    {
        var before = await ScrapeAsync();

        // Two acknowledged recommendation writes by a unit officer.
        var officer = await ClientAsync("ict");
        var id = Http.Rec("F1-R6");
        for (var i = 1; i <= 2; i++)
        {
            var version = await officer.VersionAsync(id);
            var write = await officer.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
                new { status = "in-progress", progress = 10 * i, note = $"ความคืบหน้า {i}", expectedVersion = version });
            Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        }

        // One ingestion of three observations with an API key; then the same three again (all unchanged).
        var key = await _web.CreateApiKeyAsync("lbda-otel", "metrics:write");
        using var keyed = new HttpClient { BaseAddress = _web.BaseAddress };
        keyed.DefaultRequestHeaders.Add("X-Api-Key", key);
        var asOf = MonitoringTestKit.Iso(MonitoringTestKit.Today.AddDays(-1));
        var observations = new[] { "lbda.staff-needing-access", "lbda.registered-staff", "lbda.active-users" }
            .Select((metric, i) => MonitoringTestKit.Observation("lbda-otel", metric, "province:14", "2026-06", 10 + i, asOf)).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await MonitoringTestKit.SendAsync(keyed, observations)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MonitoringTestKit.SendAsync(keyed, observations)).StatusCode);

        // One PDF render.
        var auditor = await ClientAsync("auditor");
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/v1/reports/{Http.Report}/executive-summary.pdf?lang=en")).StatusCode);

        var after = await ScrapeUntilAsync(text => Value(text, "oversight_report_renders_total") > Value(before, "oversight_report_renders_total"));
        Assert.Equal(2, Value(after, "oversight_writes_total", "kind=\"recommendation\"") - Value(before, "oversight_writes_total", "kind=\"recommendation\""));
        Assert.Equal(1, Value(after, "oversight_writes_total", "kind=\"metrics\"") - Value(before, "oversight_writes_total", "kind=\"metrics\""));
        Assert.Equal(3, Value(after, "oversight_ingestion_observations_total", "outcome=\"inserted\"") - Value(before, "oversight_ingestion_observations_total", "outcome=\"inserted\""));
        Assert.Equal(3, Value(after, "oversight_ingestion_observations_total", "outcome=\"unchanged\"") - Value(before, "oversight_ingestion_observations_total", "outcome=\"unchanged\""));
        Assert.Equal(1, Value(after, "oversight_report_renders_total", "format=\"pdf\"", "report=\"executive-summary\"", "language=\"en\"")
            - Value(before, "oversight_report_renders_total", "format=\"pdf\"", "report=\"executive-summary\"", "language=\"en\""));
        Assert.Equal(1, Value(after, "oversight_report_render_duration_seconds_count", "format=\"pdf\"") - Value(before, "oversight_report_render_duration_seconds_count", "format=\"pdf\""));
        Assert.True(Value(after, "oversight_live_fanout_batch_size_count") > Value(before, "oversight_live_fanout_batch_size_count"), "the writes went out as live batches");
        Assert.Contains("oversight_live_fanout_delay_seconds_bucket", after);
        Assert.Contains("oversight_live_viewers", after);

        // The platform's own metrics: ASP.NET Core, Orleans, the .NET runtime.
        Assert.Contains("http_server_request_duration_seconds_bucket", after);
        Assert.Matches(@"(?m)^kestrel_active_connections", after);
        // But not the memory pool's, which counts every buffer each live-board message to each viewer rents and returns.
        Assert.DoesNotContain("aspnetcore_memory_pool", after);
        Assert.Matches(@"(?m)^orleans_\w+", after);
        Assert.Matches(@"(?m)^dotnet_gc_\w+", after);
        // The runtime took the shared array pool's size that the host set in Main (RuntimeSettings).
        Assert.Equal(RuntimeSettings.ArrayPoolArraysPerPartition, Value(after, "oversight_runtime_array_pool_arrays_per_partition"));
        // No unit, user or entity appears in a label.
        Assert.DoesNotContain("F1-R6", after);
        Assert.DoesNotContain("province:14", after);
        Assert.DoesNotMatch("=\"(ict|auditor|admin|ICT)\"", after);
    }

    [Fact]
    public async Task Audit_trail_verification_records_its_duration_and_the_events_it_checked()
    {
        var before = await ScrapeAsync();
        var audit = await (await ClientAsync("auditor")).GetJsonAsync("/api/v1/audit-trail/verify");
        var after = await ScrapeUntilAsync(text => Value(text, "oversight_audit_verify_duration_seconds_count") > Value(before, "oversight_audit_verify_duration_seconds_count"));
        Assert.Equal(1, Value(after, "oversight_audit_verify_duration_seconds_count", "result=\"intact\"") - Value(before, "oversight_audit_verify_duration_seconds_count", "result=\"intact\""));
        Assert.Equal(audit["events"]!.GetValue<long>(), Value(after, "oversight_audit_verify_events_total") - Value(before, "oversight_audit_verify_events_total"));
    }

    [Fact]
    public async Task Each_management_endpoint_answers_only_on_its_own_port()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _web.Http.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _plain.GetAsync($"http://127.0.0.1:{_metricsPort}/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _plain.GetAsync($"http://127.0.0.1:{_metricsPort}/api/v1/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _plain.GetAsync($"http://127.0.0.1:{_dashboardPort}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _plain.GetAsync($"http://127.0.0.1:{_dashboardPort}/api/v1/reports")).StatusCode);
        var admin = await ClientAsync("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/dashboard/")).StatusCode);
        // The API reference does not list them.
        var document = await _web.Http.GetStringAsync("/openapi/v1.json");
        Assert.DoesNotContain("\"/metrics\"", document);
        Assert.DoesNotContain("/dashboard", document);
    }

    [Fact]
    public async Task The_dashboard_refuses_anonymous_and_non_admin_users_and_serves_admins()
    {
        var dashboard = $"http://127.0.0.1:{_dashboardPort}/dashboard/";
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(dashboard)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(dashboard + "ClusterStats")).StatusCode);
        foreach (var user in new[] { "ict", "auditor", "executive" })
        {
            using var client = await DashboardClientAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(dashboard)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(dashboard + "DashboardCounters")).StatusCode);
        }
        using var admin = await DashboardClientAsync("admin");
        var page = await admin.GetAsync(dashboard);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var counters = await admin.GetAsync(dashboard + "DashboardCounters");
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        var body = JsonNode.Parse(await counters.Content.ReadAsStringAsync())!;
        Assert.True(body["totalActiveHostCount"]!.GetValue<int>() >= 1, body.ToJsonString());
    }

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = new HttpClient { BaseAddress = _web.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _web.TokenAsync(user));
        return client;
    }

    private async Task<HttpClient> DashboardClientAsync(string user)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _web.TokenAsync(user));
        return client;
    }

    /// <summary>Scrapes until <paramref name="done"/> holds (the exporter may answer from a short cache).</summary>
    private async Task<string> ScrapeUntilAsync(Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var text = await ScrapeAsync();
            if (done(text))
            {
                return text;
            }
            Assert.True(DateTime.UtcNow < deadline, "the metrics never showed the change:\n" + text);
            await Task.Delay(100);
        }
    }

    /// <summary>The sum of every sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    internal static double Value(string exposition, string name, params string[] labels) => exposition.Split('\n')
        .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
        .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
        .Sum(line =>
        {
            // name{labels} value [timestamp]
            var rest = line.Contains('{') ? line[(line.LastIndexOf('}') + 1)..] : line[name.Length..];
            return double.Parse(rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
        });
}
