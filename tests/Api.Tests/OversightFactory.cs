using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Api.Tests;

/// <summary>
/// The real Web host (embedded silo, SQLite) in a fresh data directory, served in memory. One per test class.
/// </summary>
public sealed class OversightFactory : WebApplicationFactory<Oversight.Web.WebEntryPoint>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "oversight-api-" + Guid.NewGuid().ToString("N")[..10]);

    public string DatabasePath => Path.Combine(DataDirectory, "oversight.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Hosting:DataDirectory", DataDirectory);
        builder.UseSetting("Hosting:SiloPort", "0");
        builder.UseSetting("Hosting:GatewayPort", "0");
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:Activity", "false");
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>());
        Configure?.Invoke(builder);
    }

    /// <summary>A test's own settings and services, applied after the defaults above.</summary>
    public Action<IWebHostBuilder>? Configure { get; init; }

    /// <summary>The test header that stands for the client's address (the in-memory test server has none).</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>
    /// Test-only: the in-memory server gives every request the same (empty) remote address, so tests that need
    /// distinct clients name them with <see cref="ClientAddressHeader"/>.
    /// </summary>
    private sealed class TestClientAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientAddressHeader, out var value) && System.Net.IPAddress.TryParse(value, out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }
                await nextMiddleware();
            });
            next(app);
        };
    }

    private readonly Dictionary<string, string> _tokens = [];
    private readonly Lazy<Task> _jobsDone;

    public OversightFactory() => _jobsDone = new(WaitForJobsAsync);

    /// <summary>
    /// The host serves while its background jobs run (ADR 8); these tests assert on data after today's overdue run,
    /// so the first client waits for /health/ready to report no job in progress, as a deployment script would.
    /// </summary>
    private async Task WaitForJobsAsync()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var response = await client.GetAsync("/health/ready");
            if (response.IsSuccessStatusCode
                && (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("jobsInProgress").GetBoolean() == false)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The background jobs did not finish: " + await response.Content.ReadAsStringAsync());
            }
            await Task.Delay(50);
        }
    }
    private readonly SemaphoreSlim _tokenGate = new(1, 1);

    /// <summary>A hub connection to <c>/hubs/board</c> over WebSockets (the browsers' transport) with a bearer token.</summary>
    public HubConnection HubOverWebSockets(string token)
    {
        var sockets = Server.CreateWebSocketClient();
        sockets.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {token}";
        return new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "hubs/board"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                o.Transports = HttpTransportType.WebSockets;
                o.WebSocketFactory = async (context, ct) => await sockets.ConnectAsync(context.Uri, ct);
            })
            .Build();
    }

    /// <summary>A client signed in as a demo account with a bearer token (tokens are cached per user).</summary>
    public async Task<HttpClient> ClientForAsync(string? username)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await _jobsDone.Value;
        if (username is null)
        {
            return client;
        }
        await _tokenGate.WaitAsync();
        try
        {
            if (!_tokens.TryGetValue(username, out var token))
            {
                var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username, password = "demo-2569" });
                response.EnsureSuccessStatusCode();
                token = (await response.Content.ReadFromJsonAsync<TokenBody>(OversightJson.Options))!.AccessToken;
                _tokens[username] = token;
            }
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        finally
        {
            _tokenGate.Release();
        }
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed record TokenBody(string AccessToken);
}
