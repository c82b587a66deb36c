using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Users;

namespace Oversight.Api.Tests;

/// <summary>
/// Access that ends when it should: open hub connections close when an account is disabled, moved to another unit or
/// role, or its password is reset; credentials carry a security stamp so they never work again; reserved names.
/// </summary>
public sealed class AccessTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private const string Password = "probe-password-1";

    private async Task<HttpClient> AdminAsync() => await factory.ClientForAsync("admin");

    private async Task CreateUserAsync(string username, string role = "unit-officer", string? unit = "ICT")
    {
        var admin = await AdminAsync();
        var response = await admin.PostJsonAsync("/api/v1/admin/users", new { username, displayName = $"ผู้ทดสอบ {username}", role, unit, password = Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<string> TokenAsync(string username, string password = Password)
    {
        var client = factory.CreateClient();
        var response = await client.PostJsonAsync("/api/v1/auth/token", new { username, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync())["accessToken"]!.GetValue<string>();
    }

    private HttpClient Bearer(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private HubConnection Hub(string token) => factory.HubOverWebSockets(token);

    private async Task WriteAsIctAsync(string code, int progress)
    {
        var ict = await factory.ClientForAsync("ict");
        var id = Http.Rec(code);
        var response = await ict.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
            new { progress, note = $"probe {progress}", expectedVersion = await ict.VersionAsync(id) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, object> Changes() => new()
    {
        { "disabled", new { disabled = true } },
        { "moved", new { unit = "SPD" } },
        { "role", new { role = "executive" } },
        { "password", new { password = "another-password-2" } },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task An_open_connection_closes_within_two_seconds_when_access_changes_and_cannot_come_back(string change, object update)
    {
        var username = $"probe-{change}";
        await CreateUserAsync(username);
        var token = await TokenAsync(username);
        await using var hub = Hub(token);
        var received = new ConcurrentQueue<string>();
        hub.On<JsonArray>("recommendationChanged", changes =>
        {
            foreach (var c in changes)
            {
                received.Enqueue(c!["id"]!.GetValue<string>());
            }
        });
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync();
        // Joined: StartAsync returns at the handshake, before the hub's OnConnectedAsync has put the connection in its
        // groups; an invocation runs after it (BoardHub.Versions). A write made before that was missed, by a race (CI).
        await hub.InvokeAsync<JsonObject>("Versions");

        // The connection works: it receives its unit's change and may subscribe to its own group.
        await WriteAsIctAsync("F1-R6", 41);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!received.Contains(Http.Rec("F1-R6")))
        {
            Assert.True(DateTime.UtcNow < deadline, "the connection never received its unit's change");
            await Task.Delay(20);
        }
        await hub.InvokeAsync("Subscribe", "unit:ICT");

        var admin = await AdminAsync();
        var clock = Stopwatch.StartNew();
        var response = await admin.PutJsonAsync($"/api/v1/admin/users/{username}", update);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"closed after {clock.Elapsed}");

        // Nothing more arrives for it, the same credential can neither reconnect nor read over REST.
        var count = received.Count;
        await WriteAsIctAsync("F1-R6", 42);
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        Assert.Equal(count, received.Count);
        await using var again = Hub(token);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => again.StartAsync());
        Assert.Contains("401", refused.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(token).GetAsync("/api/v1/auth/me")).StatusCode);
    }

    /// <summary>
    /// A host keeps what it last heard of a credential for a few seconds (<see cref="Oversight.Web.Auth.AccessValidator"/>).
    /// A change made elsewhere (another Web host: here straight to the user directory, so this host changes nothing
    /// itself) must still end the credential here at once: the directory's announcement reaches every host through the
    /// live feed. Without it this host would accept the credential until what it keeps expires (10 s).
    /// </summary>
    [Fact]
    public async Task An_account_changed_through_another_host_is_refused_here_within_the_live_feeds_delay()
    {
        // Twice: a host that has just started drops everything it keeps once (its first batches look lost), which
        // could hide a missing announcement in the first round but not in the second.
        foreach (var username in new[] { "probe-elsewhere-1", "probe-elsewhere-2" })
        {
            await CreateUserAsync(username);
            var me = Bearer(await TokenAsync(username));
            Assert.Equal(HttpStatusCode.OK, (await me.GetAsync("/api/v1/auth/me")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await me.GetAsync("/api/v1/auth/me")).StatusCode); // now kept by this host

            var directory = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory);
            var result = await directory.UpdateAsync(Actor.System, username, new UserChange(null, null, null, true, null));
            Assert.True(result.Ok);
            var clock = Stopwatch.StartNew();
            while ((await me.GetAsync("/api/v1/auth/me")).StatusCode != HttpStatusCode.Unauthorized)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"a credential of the disabled account {username} was still accepted after 2 s");
                await Task.Delay(20);
            }
        }
    }

    /// <summary>
    /// The bearer scheme validates a token once and keeps the answer (<c>KeptTokenValidation</c>); the account behind it
    /// is still checked on every request, so a kept token stops working the moment its account is disabled.
    /// </summary>
    [Fact]
    public async Task A_bearer_token_is_validated_once_and_its_account_is_still_checked_on_every_request()
    {
        const string username = "probe-kept";
        await CreateUserAsync(username);
        var token = await TokenAsync(username);
        var kept = factory.Services.GetRequiredService<Oversight.Web.Auth.KeptTokenValidation>();
        var client = Bearer(token);
        var before = kept.Validated;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
        }
        Assert.Equal(before + 1, kept.Validated);

        var admin = await AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync($"/api/v1/admin/users/{username}", new { disabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Old_credentials_stay_dead_after_reenabling_restoring_a_role_or_unit_or_resetting_a_password()
    {
        const string username = "probe-stamp";
        await CreateUserAsync(username);
        var admin = await AdminAsync();
        async Task Put(object body) => Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync($"/api/v1/admin/users/{username}", body)).StatusCode);
        async Task<HttpStatusCode> Me(string token) => (await Bearer(token).GetAsync("/api/v1/auth/me")).StatusCode;

        var first = await TokenAsync(username);
        Assert.Equal(HttpStatusCode.OK, await Me(first));

        await Put(new { disabled = true });
        await Put(new { disabled = false });
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(first));
        var second = await TokenAsync(username);
        Assert.Equal(HttpStatusCode.OK, await Me(second));

        await Put(new { role = "executive" });
        await Put(new { role = "unit-officer", unit = "ICT" });
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(second));
        var third = await TokenAsync(username);

        await Put(new { unit = "LED" });
        await Put(new { unit = "ICT" });
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(third));
        var fourth = await TokenAsync(username);

        await Put(new { password = "a-new-password-3" });
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(fourth));
        Assert.Equal(HttpStatusCode.OK, await Me(await TokenAsync(username, "a-new-password-3")));

        // A change that does not touch access (the display name) leaves credentials working.
        var fifth = await TokenAsync(username, "a-new-password-3");
        await Put(new { displayName = "ชื่อใหม่" });
        Assert.Equal(HttpStatusCode.OK, await Me(fifth));
    }

    [Theory]
    [InlineData("system")]
    [InlineData("System")]
    [InlineData("demo-ict")]
    [InlineData("demo")]
    [InlineData("api-client")]
    [InlineData("import-bot")]
    public async Task Names_the_system_acts_under_cannot_be_taken(string username)
    {
        var admin = await AdminAsync();
        var response = await admin.PostJsonAsync("/api/v1/admin/users", new { username, displayName = "x", role = "executive", password = Password });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("reserved-username", (await response.JsonAsync())["code"]!.GetValue<string>());
    }

    /// <summary>Display names that read, in the history, as one of the system's own actors, in the forms a person could type.</summary>
    public static TheoryData<string> ReservedDisplayNames() => new()
    {
        Actor.System.DisplayName,
        "ระบบ",
        "System",
        "  SYSTEM  ",
        "ระบบ/system",
        "ระบบ  -  System",
        "System / ระบบ",
        "ระบบ / System (jdoe)",
        "ＳＹＳＴＥＭ",
        "[จำลอง] เจ้าหน้าที่ ICT / [demo] ICT officer",
        "[จำลอง] สมชาย",
        "[ จำลอง ] สมชาย",
        "(จำลอง) สมชาย",
        "[Demo] auditor",
        "[ข้อมูลสังเคราะห์] เจ้าหน้าที่ ICT",
        "【ข้อมูลสังเคราะห์】 สมหญิง",
        "[SYNTHETIC] officer",
        "API key",
        "api-key",
        "\u0405ystem",                     // Cyrillic "Ѕ" in front of Latin letters
        "\u0405\u0443\u0455\u0442\u0435\u043C",     // "Ѕуѕтем": Cyrillic letters only
        "\u0391pi key",                    // Greek "Α"
        "\u0410\u0420\u0406 \u043A\u0435\u0443",     // "АРІ кеу": Cyrillic letters only
    };

    [Theory]
    [MemberData(nameof(ReservedDisplayNames))]
    public async Task Display_names_that_read_as_the_systems_own_actors_cannot_be_taken_on_create_or_update(string displayName)
    {
        var admin = await AdminAsync();
        var username = "named" + Guid.NewGuid().ToString("N")[..8];
        var refused = await admin.PostJsonAsync("/api/v1/admin/users", new { username, displayName, role = "executive", password = Password });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Equal("reserved-name", problem["code"]!.GetValue<string>());
        Assert.Null(await ListedAsync(admin, username));

        // An existing account cannot be renamed to it either; its name stays.
        var created = await admin.PostJsonAsync("/api/v1/admin/users", new { username, displayName = "สมชาย ใจดี", role = "executive", password = Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var renamed = await admin.PutJsonAsync($"/api/v1/admin/users/{username}", new { displayName });
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Equal("reserved-name", (await renamed.JsonAsync())["code"]!.GetValue<string>());
        Assert.Equal("สมชาย ใจดี", (await ListedAsync(admin, username))!["displayName"]!.GetValue<string>());
    }

    private static async Task<JsonNode?> ListedAsync(HttpClient admin, string username) =>
        (await admin.GetJsonAsync("/api/v1/admin/users")).AsArray().FirstOrDefault(u => u!["username"]!.GetValue<string>() == username);

    [Theory]
    [InlineData("J\u043Ehn Smith")]       // a Cyrillic "о" in a Latin word
    [InlineData("\u039Caria Lopez")]      // a Greek "Μ" in a Latin word
    [InlineData("สมชาย Sm\u0456th")]      // Thai, then a Latin word with a Cyrillic "і"
    public async Task A_display_name_with_a_word_mixing_Latin_and_Cyrillic_or_Greek_is_refused_on_create_and_update(string displayName)
    {
        var admin = await AdminAsync();
        var username = "mixed" + Guid.NewGuid().ToString("N")[..8];
        var refused = await admin.PostJsonAsync("/api/v1/admin/users", new { username, displayName, role = "executive", password = Password });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("unsafe-character", (await refused.JsonAsync())["code"]!.GetValue<string>());
        Assert.Null(await ListedAsync(admin, username));

        var created = await admin.PostJsonAsync("/api/v1/admin/users", new { username, displayName = "สมชาย Smith", role = "executive", password = Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var renamed = await admin.PutJsonAsync($"/api/v1/admin/users/{username}", new { displayName });
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Equal("unsafe-character", (await renamed.JsonAsync())["code"]!.GetValue<string>());
        Assert.Equal("สมชาย Smith", (await ListedAsync(admin, username))!["displayName"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\u0455ystem")]
    [InlineData("d\u0435mo-ict")]
    public async Task A_username_in_look_alike_letters_is_refused(string username)
    {
        var admin = await AdminAsync();
        var response = await admin.PostJsonAsync("/api/v1/admin/users", new { username, displayName = "x", role = "executive", password = Password });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // Usernames are lower-case ASCII: a letter of another script is no username at all.
        Assert.Equal("invalid-username", (await response.JsonAsync())["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("สมชาย ใจดี")]
    [InlineData("สมชาย Smith")]
    [InlineData("นางสาวสมหญิง Johnson")]
    [InlineData("ดร.สมศักดิ์ Brown-Wongsawat")]
    [InlineData("Ivan Иванов")]
    [InlineData("Systems analyst Somchai")]
    [InlineData("ผู้ดูแลระบบ / Administrator")]
    [InlineData("Demo Nakorn")]
    [InlineData("Ms. Synthia [ICT]")]
    public async Task Ordinary_display_names_are_still_accepted(string displayName)
    {
        var admin = await AdminAsync();
        var username = "named" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostJsonAsync("/api/v1/admin/users", new { username, displayName, role = "executive", password = Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private async Task<HttpResponseMessage> SignInFromAsync(string address, string username, string password)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(OversightFactory.ClientAddressHeader, address);
        return await client.PostJsonAsync("/api/v1/auth/token", new { username, password });
    }

    [Fact]
    public async Task One_clients_failures_slow_that_client_only_never_the_account_owner_elsewhere()
    {
        const string attacker = "203.0.113.7";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await SignInFromAsync(attacker, "admin", $"guess-{i}")).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        var throttled = await SignInFromAsync(attacker, "admin", "demo-2569");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("throttled", (await throttled.JsonAsync())["code"]!.GetValue<string>());

        // The real admin, elsewhere, signs in at once.
        Assert.Equal(HttpStatusCode.OK, (await SignInFromAsync("198.51.100.20", "admin", "demo-2569")).StatusCode);
    }

    [Fact]
    public async Task One_client_cannot_spray_a_password_over_every_username()
    {
        const string sprayer = "203.0.113.99";
        var outcomes = new List<HttpStatusCode>();
        foreach (var user in Enumerable.Range(0, 30).Select(i => $"nobody{i}"))
        {
            outcomes.Add((await SignInFromAsync(sprayer, user, "Password123!")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, outcomes[^1]);
        // Even a correct password from that address waits now; another address is unaffected.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInFromAsync(sprayer, "executive", "demo-2569")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInFromAsync("198.51.100.21", "executive", "demo-2569")).StatusCode);
    }
}
