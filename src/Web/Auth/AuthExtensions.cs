using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Users;
using Oversight.Silo.Hosting;

namespace Oversight.Web.Auth;

public static class AuthExtensions
{
    public const string SmartScheme = "smart";

    /// <summary>The rate-limiter policy on the sign-in endpoints (requests per client address per minute).</summary>
    public const string SignInRateLimit = "sign-in";

    /// <summary>Browsers sign in with a cookie; API clients send a JWT bearer token (SignalR clients may send it as access_token).</summary>
    public static IHostApplicationBuilder AddOversightAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.SectionName);
        var tokenOptions = builder.Configuration.GetSection(TokenOptions.SectionName).Get<TokenOptions>() ?? new TokenOptions();
        var hosting = builder.Configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions();
        var signingKey = SigningKeys.Resolve(tokenOptions, hosting);
        var sso = builder.Configuration.GetSection(OpenIdConnectSignInOptions.SectionName).Get<OpenIdConnectSignInOptions>() ?? new OpenIdConnectSignInOptions();
        services.AddSingleton(signingKey);
        services.AddOversightDataProtection();
        services.AddSingleton<TokenService>();
        services.AddSingleton<SignInService>();
        var throttle = builder.Configuration.GetSection(SignInThrottleOptions.SectionName).Get<SignInThrottleOptions>() ?? new SignInThrottleOptions();
        services.AddSingleton(throttle);
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<AccessValidator>();
        services.AddSingleton<Live.ILiveHostHandler>(sp => sp.GetRequiredService<AccessValidator>());
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInRateLimit, http => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                SignInService.ClientAddress(http),
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, throttle.RequestsPerMinutePerAddress),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retry))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts",
                    detail: "Too many sign-in requests from this client address; wait a minute.",
                    extensions: new Dictionary<string, object?> { ["code"] = "rate-limited" }).ExecuteAsync(context.HttpContext);
            };
        });

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(SmartScheme, "Bearer token, API key or cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName
                : context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || (context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query.ContainsKey("access_token"))
                    ? JwtBearerDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.SaveToken = false; // nothing reads the bearer token back from the authentication properties
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = tokenOptions.Issuer,
                    ValidAudience = tokenOptions.Audience,
                    IssuerSigningKeys = SigningKeys.ValidationKeys(tokenOptions, signingKey),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = OversightClaims.Name,
                    RoleClaimType = OversightClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        if (context.HttpContext.Request.Path.StartsWithSegments("/hubs")
                            && context.Request.Query.TryGetValue("access_token", out var token))
                        {
                            context.Token = token;
                        }
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = async context =>
                    {
                        if (!await context.HttpContext.RequestServices.GetRequiredService<AccessValidator>().IsCurrentAsync(context.Principal))
                        {
                            context.Fail("The account has been disabled, its role, unit or password has changed; sign in again.");
                        }
                    },
                };
            })
            .AddCookie(o =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "oversight.auth";
                o.Cookie.HttpOnly = true;
                // Strict, except with single sign-on: the provider's redirect back is a cross-site navigation, and a Strict
                // cookie set on it would not be sent on the next request (writes still need the antiforgery token).
                o.Cookie.SameSite = sso.Enabled ? SameSiteMode.Lax : SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden),
                    OnValidatePrincipal = async context =>
                    {
                        if (!await context.HttpContext.RequestServices.GetRequiredService<AccessValidator>().IsCurrentAsync(context.Principal))
                        {
                            context.RejectPrincipal();
                            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                        }
                    },
                };
            })
            .AddOversightOpenIdConnect(builder.Configuration);

        // A token that passed is not checked again on its next requests (KeptTokenValidation); the account check still runs on each.
        services.AddSingleton(new KeptTokenValidation { MapInboundClaims = false });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<KeptTokenValidation>((o, handler) =>
        {
            o.TokenHandlers.Clear();
            o.TokenHandlers.Add(handler);
        });

        // Reading needs a role (or an API key, whose scopes decide and which reads nothing): a signed-in user whose
        // provider groups map to no role is refused every page, API read and hub connection.
        var reader = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAssertion(c => c.User.MayRead()).Build();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .SetDefaultPolicy(reader)
            .AddPolicy(Policies.Reader, reader)
            .AddPolicy(Policies.Writer, p => p.RequireRole(Role(UserRole.UnitOfficer), Role(UserRole.Auditor)))
            .AddPolicy(Policies.Auditor, p => p.RequireRole(Role(UserRole.Auditor)))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Role(UserRole.Admin)))
            .AddPolicy(Policies.Operations, p => p.RequireRole(Role(UserRole.Auditor), Role(UserRole.Admin)))
            .AddPolicy(Policies.Oversight, p => p.RequireRole(Role(UserRole.Executive), Role(UserRole.Auditor), Role(UserRole.Admin)))
            .AddPolicy(Policies.MetricsWrite, p => p.RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, Grains.Abstractions.Monitoring.ApiKeyScopes.MetricsWrite))
            .AddPolicy(Policies.Import, p => p.RequireAssertion(c => c.User.IsInRole(Role(UserRole.Admin))
                || c.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, Grains.Abstractions.Monitoring.ApiKeyScopes.ImportsWrite)));

        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "oversight.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        return builder;
    }

    public static string Role(UserRole role) => OversightJson.EnumValue(role);

    /// <summary>
    /// An API write made with the sign-in cookie (from our own pages) must carry the antiforgery token in the
    /// RequestVerificationToken header. Bearer-token calls are not exposed to cross-site requests and skip it.
    /// </summary>
    public static async ValueTask<object?> RequireAntiforgeryForCookies(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && http.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme })
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token",
                    detail: "Cookie-authenticated writes must send the RequestVerificationToken header from the page.",
                    extensions: new Dictionary<string, object?> { ["code"] = "antiforgery" });
            }
        }
        return await next(context);
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        // The dashboard may be on its own port, where the sign-in page is not served: sign in on the site first.
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs")
            || context.Request.Path.StartsWithSegments(Hosting.DashboardExtensions.Path))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
