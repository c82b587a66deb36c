using System.Security.Claims;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Users;

namespace Oversight.Web.Auth;

/// <summary>The claims both cookies and tokens carry, and the <see cref="Actor"/> built from them.</summary>
public static class OversightClaims
{
    public const string Username = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Unit = "unit";

    /// <summary>The account's security stamp when the credential was issued (it must still match).</summary>
    public const string Stamp = "stamp";

    /// <summary>The claims of an account: no role claim when it has none (a provider user whose groups map to no role).</summary>
    public static IEnumerable<Claim> For(UserView user, string stamp)
    {
        yield return new Claim(Username, user.Username);
        yield return new Claim(Stamp, stamp);
        yield return new Claim(Name, user.DisplayName);
        if (user.Role is { } role)
        {
            yield return new Claim(Role, OversightJson.EnumValue(role));
        }
        if (user.Unit is not null)
        {
            yield return new Claim(Unit, user.Unit);
        }
    }

    public static ClaimsIdentity Identity(UserView user, string stamp, string authenticationType) =>
        new(For(user, stamp), authenticationType, Username, Role);

    public static Actor ToActor(this ClaimsPrincipal principal)
    {
        var username = principal.FindFirstValue(Username) ?? throw new InvalidOperationException("The principal has no username claim.");
        if (!OversightJson.TryParseEnum<UserRole>(principal.FindFirstValue(Role), out var role))
        {
            throw new InvalidOperationException("The principal has no valid role claim.");
        }
        return new Actor(username, principal.FindFirstValue(Name) ?? username, role, principal.FindFirstValue(Unit));
    }

    public static UserRole? GetRole(this ClaimsPrincipal principal) =>
        OversightJson.TryParseEnum<UserRole>(principal.FindFirstValue(Role), out var role) ? role : null;

    public static string? GetUnit(this ClaimsPrincipal principal) => principal.FindFirstValue(Unit);

    /// <summary>Whether the principal may use the reading endpoints, pages and hub at all: it has a role, or it is an API key (its scopes decide).</summary>
    public static bool MayRead(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && (principal.GetRole() is not null || principal.HasClaim(c => c.Type == ApiKeyAuthenticationHandler.KeyIdClaim));

    /// <summary>What this user may read: the one scoping rule (<see cref="ReadScope"/>), for REST and the hub alike.</summary>
    public static ReadScope Scope(this ClaimsPrincipal principal) => new(principal.GetRole(), principal.GetUnit());
}

public static class Policies
{
    public const string Reader = "reader";
    public const string Writer = "writer";
    public const string Auditor = "auditor";
    public const string Admin = "admin";
    public const string Oversight = "oversight";

    /// <summary>Auditors and administrators: background jobs and other operations views.</summary>
    public const string Operations = "operations";

    /// <summary>An API key with the metrics:write scope.</summary>
    public const string MetricsWrite = "metrics-write";

    /// <summary>An administrator, or an API key with the imports:write scope.</summary>
    public const string Import = "import";
}
