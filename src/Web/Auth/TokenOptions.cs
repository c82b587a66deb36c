namespace Oversight.Web.Auth;

/// <summary>JWT bearer tokens for API clients. Bound from the "Token" section.</summary>
public sealed class TokenOptions
{
    public const string SectionName = "Token";

    public string Issuer { get; set; } = "oversight";
    public string Audience { get; set; } = "oversight-api";

    /// <summary>Base64 of at least 32 random bytes. Required outside Embedded mode (give it as a secret, never in the repo).</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Keys that signed tokens still in use (base64, as <see cref="SigningKey"/>): accepted, never used to sign. To rotate
    /// without signing anyone out, move the old key here and put a new one in <see cref="SigningKey"/>; remove it after
    /// one <see cref="Lifetime"/>, when every token it signed has expired (docs/operations.md).
    /// </summary>
    public string[] PreviousSigningKeys { get; set; } = [];

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);
}
