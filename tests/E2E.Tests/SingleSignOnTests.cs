using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Oversight.TestSupport;

namespace Oversight.E2E.Tests;

/// <summary>
/// A real OpenID Connect provider (npm oidc-provider, tools/oidc-test-provider/provider.mjs) on a free loopback port,
/// and a Web process configured only by settings to sign in through it, with its claims mapped to roles and units.
/// </summary>
public sealed class SingleSignOnFixture : IAsyncLifetime
{
    private const string ClientSecret = "e2e-client-secret-not-a-real-one";

    private Process _provider = null!;

    public WebProcess Web { get; private set; } = null!;

    public string Issuer { get; private set; } = "";

    public string BaseUrl => Web.BaseAddress.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        var root = RepoRoot.Find();
        var tool = Path.Combine(root, "tools", "oidc-test-provider");
        if (!Directory.Exists(Path.Combine(tool, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException($"{tool}/node_modules is missing: ./test.sh installs it (npm ci in tools/oidc-test-provider).");
        }
        var webPort = LoopbackPorts.Next();
        var providerPort = LoopbackPorts.Next();
        var webUrl = $"http://127.0.0.1:{webPort}";
        var info = new ProcessStartInfo("node", ["provider.mjs", providerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), webUrl])
        {
            WorkingDirectory = tool,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["OIDC_TEST_CLIENT_SECRET"] = ClientSecret;
        _provider = Process.Start(info)!;
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("ready ", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult(e.Data["ready ".Length..]);
            }
        };
        _provider.ErrorDataReceived += (_, e) =>
        {
            // Its start-up warnings (development adapter, keys and pages) are expected here; anything else is shown.
            if (e.Data is { } line && !line.Contains("WARNING", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"oidc-provider: {line}");
            }
        };
        _provider.EnableRaisingEvents = true;
        _provider.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("oidc-provider exited during start-up."));
        _provider.BeginOutputReadLine();
        _provider.BeginErrorReadLine();
        Issuer = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var webRoot = Path.Combine(root, "src", "Web", "wwwroot");
        (Web, _) = await WebProcess.StartAsync(WebProcess.NewDataDirectory("e2e-sso"), new Dictionary<string, string>
        {
            ["ASPNETCORE_WEBROOT"] = webRoot,
            ["OpenIdConnectSignIn__Authority"] = Issuer,
            ["OpenIdConnectSignIn__ClientId"] = "oversight",
            ["OpenIdConnectSignIn__ClientSecret"] = ClientSecret,
            ["OpenIdConnectSignIn__DisplayName"] = "ThaID Test",
            ["OpenIdConnectSignIn__Scope"] = "openid profile oversight",
            ["OpenIdConnectSignIn__RequireHttpsMetadata"] = "false",
            ["OpenIdConnectSignIn__Roles__oag-auditors"] = "auditor",
            ["OpenIdConnectSignIn__Roles__unit-staff"] = "unit-officer",
            ["OpenIdConnectSignIn__Units__mol-ict-centre"] = "ICT",
        }, webPort);
    }

    public async Task DisposeAsync()
    {
        var data = Web?.DataDirectory;
        if (Web is not null)
        {
            await Web.DisposeAsync();
        }
        if (!_provider.HasExited)
        {
            _provider.Kill(entireProcessTree: true);
            await _provider.WaitForExitAsync();
        }
        _provider.Dispose();
        if (data is not null)
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>Single sign-on in Chromium: sign in at the provider, land on the mapped workspace, sign out of both.</summary>
public sealed class SingleSignOnTests(SingleSignOnFixture sso, BrowserFixture browser) : IClassFixture<SingleSignOnFixture>, IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_mapped_auditor_signs_in_at_the_provider_lands_on_the_auditor_workspace_and_signs_out_of_both()
    {
        var page = await NewPageAsync();
        await SignInAtProviderAsync(page, "sso-auditor");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/auditor");
        await Assertions.Expect(page.GetByTestId("who")).ToContainTextAsync("Somchai Auditor");
        await Assertions.Expect(page.GetByTestId("nav-auditor")).ToBeVisibleAsync();

        // The same cookie reads the API as an auditor, under the linked local account.
        var me = await GetJsonAsync(page, "/api/v1/auth/me");
        Assert.Equal("sso-somchai", me["username"]!.GetValue<string>());
        Assert.Equal("auditor", me["role"]!.GetValue<string>());
        Assert.Equal(200, (await page.APIRequest.GetAsync("/api/v1/recommendations?limit=5")).Status);

        // Sign out: the provider asks to confirm its own sign-out, then sends the browser back to the sign-in page.
        await page.GetByTestId("signout").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(sso.Issuer, StringComparison.Ordinal));
        await page.Locator("button[name='logout'][value='yes']").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");

        // Both sessions are over: the workspace asks for a sign-in, and the provider asks for the login again.
        await page.GotoAsync("/auditor");
        Assert.Equal("/account/login", new Uri(page.Url).AbsolutePath);
        await page.GetByTestId("signin-sso").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(sso.Issuer, StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("input[name='login']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_unit_claim_maps_to_the_unit_workspace_and_an_admin_disable_ends_the_session_at_once()
    {
        var page = await NewPageAsync();
        await SignInAtProviderAsync(page, "sso-officer");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/unit");
        await Assertions.Expect(page.GetByTestId("who")).ToContainTextAsync("ICT");
        var me = await GetJsonAsync(page, "/api/v1/auth/me");
        Assert.Equal("unit-officer", me["role"]!.GetValue<string>());
        Assert.Equal("ICT", me["unit"]!.GetValue<string>());

        // The administrator disables the linked account: the very next request is refused.
        var token = await sso.Web.TokenAsync("admin");
        using (var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/admin/users/sso-malee") { Content = JsonContent.Create(new { disabled = true }) })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await sso.Web.Http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(401, (await page.APIRequest.GetAsync("/api/v1/auth/me")).Status);
        await page.GotoAsync("/unit");
        Assert.Equal("/account/login", new Uri(page.Url).AbsolutePath);

        // Signing in again at the provider does not get past the disabled account.
        await page.GetByTestId("signin-sso").ClickAsync();
        // (The provider's session is still open, so it may send the browser straight back without asking again.)
        static bool Refused(string url) => url.Contains("/account/login?sso=failed", StringComparison.Ordinal);
        await page.WaitForURLAsync(url => Refused(url) || url.StartsWith(sso.Issuer, StringComparison.Ordinal));
        if (page.Url.StartsWith(sso.Issuer, StringComparison.Ordinal))
        {
            await page.Locator("input[name='login']").FillAsync("sso-officer");
            await page.Locator("input[name='password']").FillAsync("any");
            await page.Locator("button[type='submit']").ClickAsync();
            await page.WaitForURLAsync(Refused);
        }
        await Assertions.Expect(page.GetByTestId("login-error")).ToBeVisibleAsync();
        Assert.Equal(401, (await page.APIRequest.GetAsync("/api/v1/auth/me")).Status);
    }

    [Fact]
    public async Task An_unmapped_user_is_signed_in_with_no_role_sees_the_no_access_page_and_every_read_refuses()
    {
        var page = await NewPageAsync();
        await SignInAtProviderAsync(page, "sso-nobody");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/denied");
        await Assertions.Expect(page.GetByTestId("no-access")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("no-access")).ToContainTextAsync("ผู้ดูแลระบบ");
        await Assertions.Expect(page.GetByTestId("who")).ToContainTextAsync("Nobody Mapped");
        await Assertions.Expect(page.Locator("nav.mainnav")).ToHaveCountAsync(0);

        // No workspace, no API read, no live connection.
        foreach (var workspace in new[] { "/board", "/unit", "/auditor", "/reports", "/indicators" })
        {
            await page.GotoAsync(workspace);
            await Assertions.Expect(page.GetByTestId("no-access")).ToBeVisibleAsync();
        }
        foreach (var path in new[] { "/api/v1/auth/me", "/api/v1/recommendations", "/api/v1/board", "/api/v1/activity", "/api/v1/notifications", "/api/v1/monitoring" })
        {
            Assert.Equal(403, (await page.APIRequest.GetAsync(path)).Status);
        }
        Assert.Equal(403, (await page.APIRequest.PostAsync("/hubs/board/negotiate?negotiateVersion=1")).Status);
    }

    private string BaseUrl => sso.BaseUrl;

    /// <summary>From Oversight's sign-in page through the provider's own login page (its development pages accept any password).</summary>
    private async Task SignInAtProviderAsync(IPage page, string login)
    {
        await page.GotoAsync("/account/login");
        await Assertions.Expect(page.GetByTestId("signin-sso")).ToContainTextAsync("ThaID Test");
        await page.GetByTestId("signin-sso").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(sso.Issuer, StringComparison.Ordinal));
        await page.Locator("input[name='login']").FillAsync(login);
        await page.Locator("input[name='password']").FillAsync("any-password");
        await page.Locator("button[type='submit']").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(BaseUrl, StringComparison.Ordinal) && !url.Contains("/signin-oidc", StringComparison.Ordinal));
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "th-TH",
            TimezoneId = "Asia/Bangkok",
        });
        context.SetDefaultTimeout(20_000);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    private static async Task<JsonNode> GetJsonAsync(IPage page, string path)
    {
        var response = await page.APIRequest.GetAsync(path);
        Assert.Equal(200, response.Status);
        return JsonNode.Parse(await response.TextAsync())!;
    }
}
