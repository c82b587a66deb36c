namespace Oversight.Web.Auth;

/// <summary>
/// Single sign-on through the organisation's OpenID Connect provider, beside local accounts. Bound from the
/// "OpenIdConnectSignIn" section; off (no scheme, no button) until <see cref="Authority"/> and <see cref="ClientId"/>
/// are set. The client secret comes from the environment (<c>OpenIdConnectSignIn__ClientSecret</c>), never the repo.
/// </summary>
public sealed class OpenIdConnectSignInOptions
{
    public const string SectionName = "OpenIdConnectSignIn";

    /// <summary>The provider's issuer URL (its discovery document is at /.well-known/openid-configuration).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The provider's name on the sign-in button ("Sign in with …").</summary>
    public string DisplayName { get; set; } = "SSO";

    /// <summary>Space-separated scopes to ask for; "openid" is always asked for.</summary>
    public string Scope { get; set; } = "openid profile";

    /// <summary>The claim that carries the provider's groups or roles (one claim per value, or a JSON array).</summary>
    public string RoleClaim { get; set; } = "groups";

    /// <summary>The claim that carries the user's unit at the provider.</summary>
    public string UnitClaim { get; set; } = "unit";

    /// <summary>The claim the linked account's name is made from ("sso-" and this value).</summary>
    public string UsernameClaim { get; set; } = "preferred_username";

    /// <summary>The claim the history shows as the person's name.</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>
    /// Provider group or role value → Oversight role (executive, unit-officer, auditor, admin). A user with none of
    /// these values gets no role. With several, the strongest wins (<see cref="ExternalClaimMapping.Precedence"/>).
    /// </summary>
    public Dictionary<string, string> Roles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Provider unit value → Oversight unit id. A value not listed is taken as the unit id itself.</summary>
    public Dictionary<string, string> Units { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Only for a test provider on loopback: accept an http:// authority. Production keeps true.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
