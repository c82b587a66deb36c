using System.Security.Claims;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Users;

namespace Oversight.Web.Auth;

/// <summary>
/// The one place the identity provider's claims become Oversight's terms: its subject, names, and the role and unit its
/// group/role and unit claims map to under <see cref="OpenIdConnectSignInOptions"/>. A user whose claims map to no role
/// gets none (and reads nothing); a unit officer without a unit gets no role either. The user directory then links the
/// subject to its local account and checks the unit exists (<see cref="IUserDirectoryGrain.SignInExternalAsync"/>).
/// </summary>
public sealed class ExternalClaimMapping
{
    /// <summary>When a user's groups map to several roles, the first of these they have wins.</summary>
    public static readonly UserRole[] Precedence = [UserRole.Admin, UserRole.Auditor, UserRole.Executive, UserRole.UnitOfficer];

    private readonly OpenIdConnectSignInOptions _options;
    private readonly Dictionary<string, UserRole> _roles;

    public ExternalClaimMapping(OpenIdConnectSignInOptions options)
    {
        _options = options;
        _roles = new Dictionary<string, UserRole>(StringComparer.Ordinal);
        foreach (var (value, role) in options.Roles)
        {
            if (!OversightJson.TryParseEnum<UserRole>(role, out var parsed))
            {
                throw new InvalidOperationException(
                    $"{OpenIdConnectSignInOptions.SectionName}:Roles:{value} is '{role}'; a role is one of executive, unit-officer, auditor, admin.");
            }
            _roles[value] = parsed;
        }
    }

    /// <summary>The sign-in the provider's claims describe, or null when they carry no subject.</summary>
    public ExternalSignIn? Map(string issuer, IEnumerable<Claim> claims)
    {
        var list = claims as IReadOnlyCollection<Claim> ?? claims.ToArray();
        var subject = Value(list, "sub");
        if (string.IsNullOrWhiteSpace(subject))
        {
            return null;
        }
        var (role, unit) = MapAccess(Values(list, _options.RoleClaim), Value(list, _options.UnitClaim));
        return new ExternalSignIn($"{issuer.TrimEnd('/')}|{subject}", Value(list, _options.UsernameClaim), Value(list, _options.NameClaim), role, unit);
    }

    /// <summary>The role the strongest mapped group gives (none: no role), and for a unit officer the mapped unit.</summary>
    public (UserRole? Role, string? Unit) MapAccess(IEnumerable<string> groups, string? providerUnit)
    {
        var mapped = groups.Select(g => _roles.TryGetValue(g, out var r) ? r : (UserRole?)null).OfType<UserRole>().ToHashSet();
        UserRole? role = Precedence.Where(mapped.Contains).Select(r => (UserRole?)r).FirstOrDefault();
        if (role != UserRole.UnitOfficer)
        {
            return (role, null);
        }
        var unit = string.IsNullOrWhiteSpace(providerUnit) ? null
            : _options.Units.TryGetValue(providerUnit, out var id) ? id : providerUnit;
        return unit is null ? (null, null) : (role, unit);
    }

    private static string? Value(IEnumerable<Claim> claims, string type) => claims.FirstOrDefault(c => c.Type == type)?.Value;

    /// <summary>A multi-valued claim: one claim per value, or one claim holding a JSON array.</summary>
    private static IEnumerable<string> Values(IEnumerable<Claim> claims, string type) =>
        claims.Where(c => c.Type == type).SelectMany(c => c.Value.StartsWith('[') ? ParseArray(c.Value) : [c.Value]);

    private static IEnumerable<string> ParseArray(string json)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [json];
        }
    }
}
