using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Oversight.Api.Tests;

/// <summary>
/// No secret reaches a log: with every category at Trace (including the request-starting lines, which carry query
/// strings), a form sign-in, a token sign-in, a wrong password, bearer requests (header and the hubs' access_token
/// query), an API-key request (header, and a key someone put in a query string) and a new user's password leave no
/// password, token, cookie or key in any log record: message, state values, exception or scope.
/// </summary>
public sealed partial class LogSecretsTests
{
    [Fact]
    public async Task Sign_in_bearer_and_api_key_requests_log_no_password_token_or_key()
    {
        var capture = new CapturingLoggerProvider();
        await using var factory = LoggingFactory(capture);
        var secrets = new List<string> { "demo-2569" };

        // Form sign-in (cookie), and a wrong password.
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var antiforgery = AntiforgeryField().Match(await (await browser.GetAsync("/account/login")).Content.ReadAsStringAsync()).Groups[1].Value;
        var login = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = "auditor", ["Password"] = "demo-2569", ["__RequestVerificationToken"] = antiforgery,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("oversight.auth=", StringComparison.Ordinal));
        secrets.Add(cookie.Split(';')[0]["oversight.auth=".Length..]);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/auth/me")).StatusCode);
        var wrong = "not-the-password-" + Guid.NewGuid().ToString("N")[..8];
        secrets.Add(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostJsonAsync("/api/v1/auth/token", new { username = "ict", password = wrong })).StatusCode);

        // Token sign-in and bearer requests: the Authorization header, and access_token in a hub URL.
        var admin = await factory.ClientForAsync("admin");
        var token = admin.DefaultRequestHeaders.Authorization!.Parameter!;
        secrets.Add(token);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/recommendations?pageSize=5")).StatusCode);
        var anonymous = factory.CreateClient();
        var negotiate = await anonymous.PostAsync($"/hubs/board/negotiate?negotiateVersion=1&access_token={token}", null);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);

        // A new account's password, and an API key: in its header and (wrongly) in a query string.
        var password = "new-user-pass-" + Guid.NewGuid().ToString("N")[..8];
        secrets.Add(password);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/api/v1/admin/users",
            new { username = "log.officer", displayName = "ทดสอบบันทึก", role = "unit-officer", unit = "ICT", password })).StatusCode);
        var (_, key) = await MonitoringTestKit.CreateKeyAsync(factory, "lbda-logs", "metrics:write");
        secrets.Add(key);
        var keyed = MonitoringTestKit.KeyClient(factory, key);
        var observation = MonitoringTestKit.Observation("lbda-logs", "lbda.logins", "province:15", "2026-05", 3);
        Assert.Equal(HttpStatusCode.OK, (await MonitoringTestKit.SendAsync(keyed, observation)).StatusCode);
        var inQuery = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await inQuery.GetAsync($"/api/v1/api-keys?api_key={key}")).StatusCode);

        var records = capture.Records.ToArray();
        // The capture really sees the requests (otherwise "nothing leaked" would hold trivially).
        Assert.Contains(records, r => r.Category.StartsWith("Microsoft.AspNetCore.Authentication", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Text.Contains("/api/v1/metrics", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Text.Contains("/hubs/board/negotiate", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            var leaks = records.Where(r => r.Text.Contains(secret, StringComparison.Ordinal)).Select(r => $"{r.Category}: {r.Text}").Take(3).ToArray();
            Assert.True(leaks.Length == 0, $"a secret ({secret[..Math.Min(6, secret.Length)]}…) was logged:\n" + string.Join("\n", leaks));
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>The Embedded host with every log category at Trace and a provider that keeps every record.</summary>
    internal static OversightFactory LoggingFactory(CapturingLoggerProvider capture) => new()
    {
        Configure = builder =>
        {
            foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.AspNetCore.Hosting.Diagnostics", "Orleans", "Polly", "System" })
            {
                builder.UseSetting($"Logging:LogLevel:{category}", "Trace");
            }
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(capture));
        },
    };

    /// <summary>A record as text, with the culture and whether an activity was current where it was logged.</summary>
    public sealed record Captured(string Category, string Text, string Culture, bool InActivity);

    /// <summary>A real logger provider: the message, every state value, the exception and every scope, as text.</summary>
    public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<Captured> Records { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var text = new StringBuilder(formatter(state, exception));
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        text.Append(" | ").Append(key).Append('=').Append(value);
                    }
                }
                text.Append(" | ").Append(exception);
                provider._scopes.ForEachScope((scope, sb) =>
                {
                    sb.Append(" | scope ").Append(scope);
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, value) in pairs)
                        {
                            sb.Append(' ').Append(key).Append('=').Append(value);
                        }
                    }
                }, text);
                provider.Records.Enqueue(new Captured(category, text.ToString(), CultureInfo.CurrentCulture.Name, Activity.Current is not null));
            }
        }
    }
}
