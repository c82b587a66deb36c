using System.Net.Http.Json;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;
using Oversight.Web.Live;
using Oversight.TestSupport;

namespace Oversight.Api.Tests;

/// <summary>
/// The production topology by configuration alone: two Silo processes on a fresh PostgreSQL database (ADO.NET
/// clustering, storage, reminders) and the Web host as an Orleans client, with demo mode off and a bootstrap admin.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class ProductionModeTests : IAsyncLifetime
{
    private readonly List<SiloProcess> _silos = [];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("production");
        for (var i = 0; i < 2; i++)
        {
            _silos.Add(StartSilo());
        }
        foreach (var silo in _silos)
        {
            // Ready, and the start-up jobs (today's overdue catch-up) done: the test below reads the versions they leave.
            await silo.WaitReadyAsync(jobsDone: true, limit: TimeSpan.FromSeconds(90));
        }
    }

    [Fact]
    public async Task Web_as_a_client_of_two_postgres_silos_serves_the_api()
    {
        await using var web = new ClientModeFactory(_connectionString);
        var anonymous = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);

        // Demo mode is off: the demo accounts do not exist; the bootstrap administrator does.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJsonAsync("/api/v1/auth/token", new { username = "ict", password = "demo-2569" })).StatusCode);
        var admin = await SignInAsync(web, "admin", ClientModeFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/api/v1/admin/users",
            new { username = "ict.officer", displayName = "เจ้าหน้าที่ ศทส.", role = "unit-officer", unit = "ICT", password = "ict-password-1" })).StatusCode);
        var officer = await SignInAsync(web, "ict.officer", "ict-password-1");

        var list = await officer.GetJsonAsync("/api/v1/recommendations");
        Assert.Equal(11, list["total"]!.GetValue<int>()); // ICT's share of the seeded report
        var id = Http.Rec("F1-R6");
        var before = await officer.VersionAsync(id); // registered, then marked overdue by the start-up catch-up (waited for above)
        Assert.Equal(2, before);
        var write = await officer.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
            new { status = "in-progress", progress = 25, note = "เริ่มประชาสัมพันธ์", expectedVersion = before });
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        var detail = await officer.GetJsonAsync($"/api/v1/recommendations/{id}");
        Assert.Equal(("in-progress", before + 1), (detail["status"]!.GetValue<string>(), detail["version"]!.GetValue<long>()));
        var audit = await SignInAsync(web, "admin", ClientModeFactory.AdminPassword);
        Assert.True((await audit.GetJsonAsync("/api/v1/audit-trail/verify"))["intact"]!.GetValue<bool>());
    }

    /// <summary>A silo joining changes the active set: the Web host registers for live changes at once, not at its next renewal.</summary>
    [Fact]
    public async Task A_silo_joining_makes_the_web_host_register_for_live_changes_again()
    {
        await using var web = new ClientModeFactory(_connectionString, new Dictionary<string, string?>
        {
            ["BoardBroadcast:RegistrationRenewInterval"] = "00:10:00",
            ["BoardBroadcast:MembershipCheckInterval"] = "00:00:01",
        });
        Assert.Equal(HttpStatusCode.OK, (await web.CreateClient().GetAsync("/health/ready")).StatusCode);
        var hostId = web.Services.GetRequiredService<LiveFeedRegistration>().HostId;
        var registry = web.Services.GetRequiredService<IGrainFactory>().GetGrain<ILiveFeedRegistryGrain>(GrainKeys.LiveFeedRegistry);
        async Task<LiveFeedHost?> RegistrationAsync() => (await registry.GetHostsAsync()).FirstOrDefault(h => h.HostId == hostId);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        LiveFeedHost? first;
        while ((first = await RegistrationAsync()) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the web host never registered");
            await Task.Delay(100);
        }
        await Task.Delay(1500);
        Assert.Equal(first, await RegistrationAsync()); // no renewal for ten minutes while nothing changes

        _silos.Add(StartSilo());
        deadline = DateTime.UtcNow.AddSeconds(45);
        while ((await RegistrationAsync())!.LastRegistered <= first.LastRegistered)
        {
            Assert.True(DateTime.UtcNow < deadline, "the web host did not register again after a silo joined");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Each silo process serves /metrics on its metrics port (and only there): the write done through the Web client is
    /// counted once across the silos, beside the Orleans and Npgsql metrics; the Web client serves the Orleans Dashboard
    /// to an administrator, with every silo in it.
    /// </summary>
    [Fact]
    public async Task Silos_serve_metrics_on_their_own_port_and_the_web_client_serves_the_dashboard()
    {
        await using var web = new ClientModeFactory(_connectionString);
        var admin = await SignInAsync(web, "admin", ClientModeFactory.AdminPassword);
        using var http = new HttpClient();
        async Task<string[]> ScrapeAllAsync() => await Task.WhenAll(_silos.Select(async silo =>
        {
            var text = await http.GetStringAsync($"http://127.0.0.1:{silo.MetricsPort}/metrics");
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{silo.Ports.Http}/metrics")).StatusCode);
            return text;
        }));
        double Writes(IEnumerable<string> scrapes) => scrapes.Sum(text => TelemetryTests.Value(text, "oversight_writes_total", "kind=\"recommendation\""));

        var before = await ScrapeAllAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/api/v1/admin/users",
            new { username = "otel.officer", displayName = "เจ้าหน้าที่ทดสอบ", role = "unit-officer", unit = "ICT", password = "otel-password-1" })).StatusCode);
        var officer = await SignInAsync(web, "otel.officer", "otel-password-1");
        var id = Http.Rec("F1-R6");
        var write = await officer.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
            new { status = "in-progress", progress = 5, note = "เริ่มงาน", expectedVersion = await officer.VersionAsync(id) });
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        var after = await ScrapeAllAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Writes(after) == Writes(before) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200); // the exporter may answer from its short cache
            after = await ScrapeAllAsync();
        }
        Assert.Equal(1, Writes(after) - Writes(before));
        Assert.All(after, text => Assert.Matches(@"(?m)^orleans_\w+", text));
        Assert.Contains(after, text => text.Contains("db_client_", StringComparison.Ordinal)); // Npgsql

        var counters = await admin.GetAsync("/dashboard/DashboardCounters");
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        Assert.True((await counters.JsonAsync())["totalActiveHostCount"]!.GetValue<int>() >= 2);
        Assert.Equal(HttpStatusCode.Unauthorized, (await web.CreateClient().GetAsync("/dashboard/DashboardCounters")).StatusCode);
    }

    private static async Task<HttpClient> SignInAsync(WebApplicationFactory<Oversight.Web.WebEntryPoint> web, string username, string password)
    {
        var client = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostJsonAsync("/api/v1/auth/token", new { username, password });
        response.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await response.JsonAsync())["accessToken"]!.GetValue<string>());
        return client;
    }

    /// <summary>
    /// A silo of this test's cluster with demo mode off (the production default): only the bootstrap administrator exists.
    /// The Orleans Dashboard is on, so the Web client can show every silo.
    /// </summary>
    private SiloProcess StartSilo() =>
        SiloProcess.Start(_connectionString, ClientModeFactory.ClusterId, new Dictionary<string, string>
        {
            ["Demo__Enabled"] = "false",
            ["Telemetry__Dashboard"] = "true",
        });

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
        await PostgresServer.DropDatabaseAsync(_connectionString);
    }

    private sealed class ClientModeFactory(string connectionString, Dictionary<string, string?>? settings = null) : WebApplicationFactory<Oversight.Web.WebEntryPoint>
    {
        public const string ClusterId = "oversight-production-test";
        public const string AdminPassword = SiloProcess.AdminPassword;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Hosting:Mode", "Client");
            builder.UseSetting("Hosting:ClusterId", ClusterId);
            builder.UseSetting("Database:Provider", "PostgreSql");
            builder.UseSetting("Database:ConnectionString", connectionString);
            builder.UseSetting("Demo:Enabled", "false");
            builder.UseSetting("Telemetry:Dashboard", "true");
            builder.UseSetting("Token:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            foreach (var (key, value) in settings ?? [])
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
