using Microsoft.AspNetCore.Identity;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Users;

namespace Oversight.Web.Auth;

public enum SignInOutcome
{
    Success,
    Failed,
    Throttled,
}

/// <summary>The outcome of a sign-in; on success the user and the account's current security stamp.</summary>
public sealed record SignInResult(SignInOutcome Outcome, UserView? User, string? Stamp, TimeSpan RetryAfter);

/// <summary>
/// Checks a username and password against the user directory, throttled by <see cref="SignInThrottle"/> per
/// (username, client address) and per client address.
/// </summary>
public sealed class SignInService(IGrainFactory grains, SignInThrottle throttle)
{
    private static readonly PasswordHasher<UserView> Hasher = new();

    // Verified against when the username is unknown, so both paths cost one hash check.
    private static readonly string DummyHash = Hasher.HashPassword(null!, Guid.NewGuid().ToString());

    public async Task<SignInResult> SignInAsync(string? username, string? password, string clientAddress)
    {
        var name = (username ?? "").Trim().ToLowerInvariant();
        if (name.Length is 0 or > 64 || string.IsNullOrEmpty(password) || password.Length > 256)
        {
            return new SignInResult(SignInOutcome.Failed, null, null, TimeSpan.Zero);
        }
        // The attempt is counted before the password is checked, so attempts made at the same time see each other.
        var attempt = throttle.TryReserve(name, clientAddress, out var wait);
        if (attempt is null)
        {
            return new SignInResult(SignInOutcome.Throttled, null, null, wait);
        }
        try
        {
            var credential = await grains.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory).GetCredentialAsync(name);
            // An account linked to the identity provider has no password here (an empty hash): it never signs in with one.
            var hash = credential?.PasswordHash is { Length: > 0 } stored ? stored : null;
            var verified = Hasher.VerifyHashedPassword(credential?.User!, hash ?? DummyHash, password) != PasswordVerificationResult.Failed
                && hash is not null;
            if (!verified || credential!.User.Disabled)
            {
                attempt.Failed();
                return new SignInResult(SignInOutcome.Failed, null, null, TimeSpan.Zero);
            }
            attempt.Succeeded();
            return new SignInResult(SignInOutcome.Success, credential.User, credential.SecurityStamp, TimeSpan.Zero);
        }
        finally
        {
            // Settled above unless the directory could not be asked: then the password was never checked.
            attempt.Abandon();
        }
    }

    public static string HashPassword(string password) => Hasher.HashPassword(null!, password);

    /// <summary>The client address sign-in throttling counts by (after forwarded headers from trusted proxies).</summary>
    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
