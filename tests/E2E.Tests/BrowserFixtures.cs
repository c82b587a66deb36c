using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Oversight.TestSupport;

namespace Oversight.E2E.Tests;

/// <summary>
/// One real Web process (its own data directory, demo accounts on, demo activity off) shared by every browser test.
/// It runs the built Oversight.Web.dll from bin/ in Production mode, so the web root is pointed at src/Web/wwwroot,
/// where the build copies the npm browser libraries and the Thai glossary.
/// </summary>
public sealed class WebServerFixture : IAsyncLifetime
{
    public const string Password = "demo-2569";
    public const string ReportId = "mol-digital-2565";

    public WebProcess Web { get; private set; } = null!;

    public string BaseUrl => Web.BaseAddress.ToString().TrimEnd('/');

    /// <summary>The demo users the tests sign in as; they are signed in (over HTTP) and warmed up while the browsers start.</summary>
    public static readonly string[] Users = ["executive", "ict", "auditor", "admin", "ilpo"];

    private readonly ConcurrentDictionary<string, Lazy<Task<CookieCollection>>> _cookies = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        var webRoot = Path.Combine(RepoRoot.Find(), "src", "Web", "wwwroot");
        if (!File.Exists(Path.Combine(webRoot, "lib", "signalr.min.js")) || !File.Exists(Path.Combine(webRoot, "lib", "echarts.min.js"))
            || !File.Exists(Path.Combine(webRoot, "js", "thai-words.json")))
        {
            throw new InvalidOperationException($"{webRoot} is missing the browser libraries or the Thai glossary: build src/Web first (it copies them from node_modules and src/Reports/Text).");
        }
        var data = WebProcess.NewDataDirectory("e2e");
        (Web, _) = await WebProcess.StartAsync(data, new Dictionary<string, string>
        {
            ["ASPNETCORE_WEBROOT"] = webRoot,
        });
        // The background jobs (today's overdue run) finish before any test looks at counts or marks (ADR 8).
        await Web.WaitForJobsAsync();
        await WarmUpAsync();
    }

    /// <summary>
    /// Signs the demo users in through the sign-in form over plain HTTP (the browser tests that are about signing in use
    /// the page) and activates every recommendation once, so the browser tests measure the UI rather than a cold start.
    /// </summary>
    private async Task WarmUpAsync()
    {
        var token = await Web.TokenAsync("executive");
        var list = await GetJsonAsync(token, "/api/v1/recommendations?limit=500");
        var reads = list["items"]!.AsArray().Select(i => GetJsonAsync(token, $"/api/v1/recommendations/{i!["id"]!.GetValue<string>()}"));
        await Task.WhenAll(Users.Select(SignInCookiesAsync).Concat<Task>(reads));
    }

    /// <summary>The sign-in cookie of a user, from the sign-in form (once per user and server).</summary>
    public Task<CookieCollection> SignInCookiesAsync(string username) =>
        _cookies.GetOrAdd(username, name => new Lazy<Task<CookieCollection>>(() => PostSignInAsync(name))).Value;

    private async Task<CookieCollection> PostSignInAsync(string username)
    {
        var jar = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = Web.BaseAddress };
        var form = await http.GetStringAsync("/account/login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = username,
            ["Password"] = Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookies = jar.GetCookies(Web.BaseAddress);
        Assert.NotNull(cookies["oversight.auth"]);
        return cookies;
    }

    public async Task DisposeAsync()
    {
        var data = Web.DataDirectory;
        await Web.DisposeAsync();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A write through the public API with a bearer token (as another client would make it).</summary>
    public async Task<long> UpdateProgressAsync(string username, string id, string status, int progress, string note)
    {
        var token = await Web.TokenAsync(username);
        var current = await GetJsonAsync(token, $"/api/v1/recommendations/{id}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/recommendations/{id}/progress")
        {
            Content = JsonContent.Create(new { status, progress, note, expectedVersion = current["version"]!.GetValue<long>() }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Web.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"progress update failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["version"]!.GetValue<long>();
    }

    /// <summary>A batch of figures through the ingestion API, as a source's own client would send it (its API key, metrics:write).</summary>
    public async Task PostMetricsAsync(string source, params object[] observations)
    {
        var key = await Web.CreateApiKeyAsync(source, "metrics:write");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/metrics") { Content = JsonContent.Create(new { observations }) };
        request.Headers.Add("X-Api-Key", key);
        using var response = await Web.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A write through the public API as <paramref name="username"/> (bearer token); fails the test unless it succeeds.</summary>
    public async Task<JsonNode?> SendAsUserAsync(string username, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Web.TokenAsync(username));
        using var response = await Web.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public async Task<JsonNode> GetJsonAsync(string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Web.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task<JsonNode> GetAsUserAsync(string username, string path) => await GetJsonAsync(await Web.TokenAsync(username), path);
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebServerFixture>
{
    public const string Name = "web";
}

/// <summary>One Chromium per test class (Debian's /usr/bin/chromium, driven by the Playwright driver bundled in the package).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}

/// <summary>What the tests share: signing in, watching a page for errors, screenshots.</summary>
public abstract class BrowserTest(WebServerFixture server, BrowserFixture browser) : IAsyncLifetime
{
    public static readonly ViewportSize Desktop = new() { Width = 1366, Height = 900 };
    public static readonly ViewportSize Tv = new() { Width = 1920, Height = 1080 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>Today as the server counts days: the Thai civil date (UTC+7, no daylight saving; ThaiClock on the server).</summary>
    protected static DateOnly ThaiToday => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    private readonly List<IBrowserContext> _contexts = [];

    protected WebServerFixture Server => server;

    protected IBrowser Browser => browser.Browser;

    /// <summary>Console errors, failed page scripts and CSP violations, per page.</summary>
    protected Dictionary<IPage, List<string>> Problems { get; } = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    /// <summary>A fresh browser context (its own cookies) in Thai, on Bangkok time.</summary>
    protected async Task<IPage> NewPageAsync(ViewportSize? viewport = null, string locale = "th-TH", bool isMobile = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseUrl,
            Locale = locale,
            TimezoneId = "Asia/Bangkok",
            ViewportSize = viewport ?? Desktop,
            IsMobile = isMobile,
            HasTouch = isMobile,
            DeviceScaleFactor = 1,
        });
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        var problems = Problems[page] = [];
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        return page;
    }

    /// <summary>
    /// A page signed in as the user, on the role's home page ("/" redirects by role). The cookie comes from the sign-in
    /// form, posted once per user by the server fixture; signing in through the page is tested on its own.
    /// </summary>
    protected async Task<IPage> SignedInAsync(string username, ViewportSize? viewport = null, bool isMobile = false)
    {
        var page = await NewPageAsync(viewport, isMobile: isMobile);
        var cookies = await server.SignInCookiesAsync(username);
        await page.Context.AddCookiesAsync(cookies.Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name,
            Value = c.Value,
            Domain = c.Domain,
            Path = c.Path,
            HttpOnly = c.HttpOnly,
            Secure = c.Secure,
            SameSite = SameSiteAttribute.Strict,
        }));
        await page.GotoAsync("/");
        Assert.DoesNotContain("/account/login", page.Url);
        return page;
    }

    protected static async Task SignInAsync(IPage page, string username, string password = WebServerFixture.Password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByTestId("username").FillAsync(username);
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("signin").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    /// <summary>Waits until the page's live connection is up and its snapshot is loaded.</summary>
    protected static Task WaitForLiveAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.documentElement.dataset.live === 'connected' && document.documentElement.dataset.liveApplied !== undefined",
            null, new PageWaitForFunctionOptions { Timeout = 15_000 });

    protected static string ArtifactsDirectory()
    {
        var dir = Environment.GetEnvironmentVariable("OVERSIGHT_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepoRoot.Find(), "TestResults", "artifacts");
        Directory.CreateDirectory(dir);
        return dir;
    }

    protected static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        // Let webfonts and chart animations settle, so the picture shows the page as people see it.
        await page.EvaluateAsync("() => document.fonts.ready");
        await page.WaitForTimeoutAsync(450);
        var path = Path.Combine(ArtifactsDirectory(), $"e2e-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    protected void AssertNoPageErrors(IPage page)
    {
        // Refused forms (400, 409) and pages a role may not open (403) answer so on purpose; the browser logs those
        // as failed loads. A 404 (a missing script) or a 5xx is still a failure.
        string[] expected = ["status of 400", "status of 403", "status of 409", "status of 413"];
        var problems = Problems[page]
            .Where(p => !expected.Any(e => p.Contains(e, StringComparison.Ordinal)))
            .ToArray();
        Assert.True(problems.Length == 0, "The page reported errors:\n" + string.Join("\n", problems));
    }
}
