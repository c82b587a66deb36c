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

    /// <summary>Browsers sign in with a cookie; API clients send a JWT bearer token (SignalR clients may send it as access_token).</summary>
    public static IHostApplicationBuilder AddOversightAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.SectionName);
        var tokenOptions = builder.Configuration.GetSection(TokenOptions.SectionName).Get<TokenOptions>() ?? new TokenOptions();
        var hosting = builder.Configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions();
        var signingKey = SigningKeys.Resolve(tokenOptions, hosting);
        services.AddSingleton(signingKey);
        services.AddSingleton<TokenService>();
        services.AddSingleton<SignInService>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Bearer token or cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || (context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query.ContainsKey("access_token"))
                    ? JwtBearerDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = tokenOptions.Issuer,
                    ValidAudience = tokenOptions.Audience,
                    IssuerSigningKey = signingKey,
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
                        if (!await StillValidAsync(context.HttpContext, context.Principal))
                        {
                            context.Fail("The account has been disabled or its role or unit has changed; sign in again.");
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
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden),
                    OnValidatePrincipal = async context =>
                    {
                        if (!await StillValidAsync(context.HttpContext, context.Principal))
                        {
                            context.RejectPrincipal();
                            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                        }
                    },
                };
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .AddPolicy(Policies.Reader, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Writer, p => p.RequireRole(Role(UserRole.UnitOfficer), Role(UserRole.Auditor)))
            .AddPolicy(Policies.Auditor, p => p.RequireRole(Role(UserRole.Auditor)))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Role(UserRole.Admin)))
            .AddPolicy(Policies.Oversight, p => p.RequireRole(Role(UserRole.Executive), Role(UserRole.Auditor), Role(UserRole.Admin)));

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
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>The user still exists, is enabled, and has the role and unit the credential claims.</summary>
    private static async Task<bool> StillValidAsync(HttpContext http, ClaimsPrincipal? principal)
    {
        var username = principal?.FindFirstValue(OversightClaims.Username);
        if (username is null)
        {
            return false;
        }
        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        var user = await grains.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory).GetAsync(username);
        return user is { Disabled: false }
            && principal!.GetRole() == user.Role
            && principal!.GetUnit() == user.Unit;
    }
}
