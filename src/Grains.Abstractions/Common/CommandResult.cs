namespace Oversight.Grains.Abstractions.Common;

public enum ErrorKind
{
    Invalid,
    Forbidden,
    NotFound,
    Conflict,
    TooLarge,
    Unavailable,
}

/// <summary>A refused command. <see cref="Code"/> is a stable machine-readable key; <see cref="Detail"/> is for people.</summary>
[GenerateSerializer, Immutable, Alias("oversight.CommandError")]
public sealed record CommandError(
    [property: Id(0)] ErrorKind Kind,
    [property: Id(1)] string Code,
    [property: Id(2)] string Detail,
    [property: Id(3)] long CurrentVersion = 0,
    [property: Id(4)] string? Field = null)
{
    public static CommandError Invalid(string code, string detail, string? field = null) => new(ErrorKind.Invalid, code, detail, Field: field);
    public static CommandError Forbidden(string detail) => new(ErrorKind.Forbidden, "forbidden", detail);
    public static CommandError NotFound(string detail) => new(ErrorKind.NotFound, "not-found", detail);
    public static CommandError Conflict(long currentVersion) =>
        new(ErrorKind.Conflict, "version-conflict", $"The recommendation has changed; its current version is {currentVersion}.", currentVersion);
}

/// <summary>The answer to a write: the entity's new version, or why nothing changed.</summary>
[GenerateSerializer, Immutable, Alias("oversight.CommandResult")]
public sealed record CommandResult(
    [property: Id(0)] bool Ok,
    [property: Id(1)] long Version,
    [property: Id(2)] CommandError? Error = null,
    [property: Id(3)] string? CreatedId = null)
{
    public static CommandResult Success(long version, string? createdId = null) => new(true, version, null, createdId);
    public static CommandResult Failure(CommandError error) => new(false, error.CurrentVersion, error);
}
