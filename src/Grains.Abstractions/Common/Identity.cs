namespace Oversight.Grains.Abstractions.Common;

/// <summary>The four roles. Wire names are kebab-case: executive, unit-officer, auditor, admin.</summary>
public enum UserRole
{
    Executive,
    UnitOfficer,
    Auditor,
    Admin,
}

/// <summary>Who performs a command. Web builds it from the authenticated principal; grains check it again.</summary>
[GenerateSerializer, Immutable, Alias("oversight.Actor")]
public sealed record Actor(
    [property: Id(0)] string Username,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] UserRole Role,
    [property: Id(3)] string? Unit)
{
    public static Actor System { get; } = new("system", "ระบบ / System", UserRole.Admin, null);

    /// <summary>Usernames the system acts under itself (the system, demo activity, API keys, imports): no account may take them.</summary>
    private static readonly string[] ReservedNames = ["system", "root", "anonymous", "unknown", "oversight", "api", "import", "seed", "demo"];

    private static readonly string[] ReservedPrefixes = ["system", "demo-", "api-", "apikey", "import-", "seed-", "synthetic", ExternalUsernamePrefix];

    /// <summary>Accounts linked to the organisation's identity provider are named with this prefix; no local account may take it.</summary>
    public const string ExternalUsernamePrefix = "sso-";

    /// <summary>Whether <paramref name="username"/> is reserved for the system's own actors (compared case-insensitively).</summary>
    public static bool IsReservedUsername(string username)
    {
        var name = (username ?? "").Trim().ToLowerInvariant();
        return ReservedNames.Contains(name) || ReservedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
    }

    public bool IsAuditor => Role == UserRole.Auditor;
    public bool IsUnitOfficer => Role == UserRole.UnitOfficer;
}
