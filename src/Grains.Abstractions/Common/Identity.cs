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

    public bool IsAuditor => Role == UserRole.Auditor;
    public bool IsUnitOfficer => Role == UserRole.UnitOfficer;
}
