using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Users;

namespace Oversight.Web.Auth;

/// <summary>
/// Sign-in through the organisation's OpenID Connect provider (code flow with PKCE). The provider's answer never becomes
/// the session itself: its claims are mapped (<see cref="ExternalClaimMapping"/>), the subject is linked to a local
/// account in the user directory, and the same sign-in cookie a local account gets is issued, with the account's
/// security stamp, so revocation, admin disable and the read scope work for both alike.
/// </summary>
public static class OpenIdConnectSignIn
{
    public const string Scheme = "oidc";

    /// <summary>On the sign-in cookie of a user who came through the provider: sign-out ends the provider's session too.</summary>
    public const string MethodClaim = "amr";

    public const string MethodValue = "oidc";

    public static AuthenticationBuilder AddOversightOpenIdConnect(this AuthenticationBuilder auth, IConfiguration configuration)
    {
        var options = configuration.GetSection(OpenIdConnectSignInOptions.SectionName).Get<OpenIdConnectSignInOptions>() ?? new OpenIdConnectSignInOptions();
        auth.Services.AddSingleton(options);
        if (!options.Enabled)
        {
            return auth;
        }
        var mapping = new ExternalClaimMapping(options);
        auth.Services.AddSingleton(mapping);
        return auth.AddOpenIdConnect(Scheme, options.DisplayName, o =>
        {
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.Authority = options.Authority;
            o.ClientId = options.ClientId;
            o.ClientSecret = options.ClientSecret;
            o.RequireHttpsMetadata = options.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            // The answer comes back as a top-level GET, so the correlation and nonce cookies can be SameSite=Lax.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = true;
            o.ClaimActions.MapJsonKey(options.RoleClaim, options.RoleClaim);
            o.ClaimActions.MapUniqueJsonKey(options.UnitClaim, options.UnitClaim);
            o.ClaimActions.MapUniqueJsonKey(options.UsernameClaim, options.UsernameClaim);
            o.ClaimActions.MapUniqueJsonKey(options.NameClaim, options.NameClaim);
            // The ID token is kept in the sign-in cookie for the provider's end-session call (id_token_hint).
            o.SaveTokens = true;
            o.Scope.Clear();
            foreach (var scope in ("openid " + options.Scope).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal))
            {
                o.Scope.Add(scope);
            }
            foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
            {
                cookie.SameSite = SameSiteMode.Lax;
                cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.HttpOnly = true;
            }
            o.Events = new OpenIdConnectEvents
            {
                // After the ID token and the userinfo answer are both in: the provider's principal is replaced by Oversight's.
                OnTicketReceived = async context =>
                {
                    var signIn = mapping.Map(options.Authority!, context.Principal?.Claims ?? []);
                    if (signIn is null)
                    {
                        Refuse(context);
                        return;
                    }
                    var access = await context.HttpContext.RequestServices.GetRequiredService<AccessValidator>().SignInExternalAsync(signIn);
                    if (access.User.Disabled)
                    {
                        Refuse(context);
                        return;
                    }
                    var identity = OversightClaims.Identity(access.User, access.SecurityStamp, CookieAuthenticationDefaults.AuthenticationScheme);
                    identity.AddClaim(new Claim(MethodClaim, MethodValue));
                    context.Principal = new ClaimsPrincipal(identity);
                },
                OnRemoteFailure = context =>
                {
                    Refuse(context);
                    return Task.CompletedTask;
                },
            };
        });
    }

    /// <summary>
    /// A sign-in refused here (disabled account, no subject) or failed at the provider lands back on the sign-in page with
    /// a message, never a 500 and never a cookie (ending the request here skips the sign-in).
    /// </summary>
    private static void Refuse<TOptions>(HandleRequestContext<TOptions> context) where TOptions : AuthenticationSchemeOptions
    {
        context.Response.Redirect("/account/login?sso=failed");
        context.HandleResponse();
    }

    /// <summary>Whether this cookie's user signed in through the provider (so signing out also ends that session).</summary>
    public static bool CameThroughProvider(this ClaimsPrincipal principal) => principal.HasClaim(MethodClaim, MethodValue);
}
