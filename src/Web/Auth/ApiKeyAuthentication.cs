using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Monitoring;

namespace Oversight.Web.Auth;

/// <summary>
/// Systems that send figures authenticate with an API key in the <c>X-Api-Key</c> header. The key is checked against
/// the key directory on every request (so a revoked key stops at once); the principal carries the key's id, source and
/// scopes, and no role: it can read nothing, only do what its scopes allow.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IGrainFactory grains)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string ScopeClaim = "scope";
    public const string SourceClaim = "source";
    public const string KeyIdClaim = "key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }
        var identity = await grains.GetGrain<IApiKeyDirectoryGrain>(ApiKeys.DirectoryKey).ValidateAsync(values[0]!);
        if (identity is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }
        var claims = new List<Claim>
        {
            new(OversightClaims.Username, $"apikey:{identity.Id}"),
            new(OversightClaims.Name, identity.Name),
            new(KeyIdClaim, identity.Id),
            new(SourceClaim, identity.Source),
        };
        claims.AddRange(identity.Scopes.Select(s => new Claim(ScopeClaim, s)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, OversightClaims.Username, OversightClaims.Role)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = 401,
            Title = "Sign-in required",
            Detail = "Send a valid API key in the X-Api-Key header.",
            Extensions = { ["code"] = "invalid-api-key" },
        }, options: null, contentType: "application/problem+json");
    }
}

public static class ApiKeys
{
    public const string DirectoryKey = "keys";
}
