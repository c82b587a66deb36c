namespace Oversight.Web.Auth;

/// <summary>JWT bearer tokens for API clients. Bound from the "Token" section.</summary>
public sealed class TokenOptions
{
    public const string SectionName = "Token";

    public string Issuer { get; set; } = "oversight";
    public string Audience { get; set; } = "oversight-api";

    /// <summary>Base64 of at least 32 random bytes. Required outside Embedded mode (give it as a secret, never in the repo).</summary>
    public string? SigningKey { get; set; }

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);
}
