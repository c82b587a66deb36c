using System.Collections.Concurrent;
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

/// <summary>
/// Checks a username and password against the user directory. Failed attempts are throttled per username
/// (10 failures within 15 minutes lock that name for the rest of the window) to slow password guessing.
/// </summary>
public sealed class SignInService(IGrainFactory grains, TimeProvider time)
{
    private const int MaxFailures = 10;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private static readonly PasswordHasher<UserView> Hasher = new();

    // Verified against when the username is unknown, so both paths cost one hash check.
    private static readonly string DummyHash = Hasher.HashPassword(null!, Guid.NewGuid().ToString());

    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset Since)> _failures = new(StringComparer.Ordinal);

    public async Task<(SignInOutcome Outcome, UserView? User)> SignInAsync(string? username, string? password)
    {
        var name = (username ?? "").Trim().ToLowerInvariant();
        var now = time.GetUtcNow();
        if (name.Length is 0 or > 64 || string.IsNullOrEmpty(password) || password.Length > 256)
        {
            return (SignInOutcome.Failed, null);
        }
        if (_failures.TryGetValue(name, out var failures) && now - failures.Since < Window && failures.Count >= MaxFailures)
        {
            return (SignInOutcome.Throttled, null);
        }
        var credential = await grains.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory).GetCredentialAsync(name);
        var verified = Hasher.VerifyHashedPassword(credential?.User!, credential?.PasswordHash ?? DummyHash, password) != PasswordVerificationResult.Failed
            && credential is not null;
        if (!verified || credential!.User.Disabled)
        {
            _failures.AddOrUpdate(name, _ => (1, now), (_, f) => now - f.Since < Window ? (f.Count + 1, f.Since) : (1, now));
            return (SignInOutcome.Failed, null);
        }
        _failures.TryRemove(name, out _);
        return (SignInOutcome.Success, credential.User);
    }

    public static string HashPassword(string password) => Hasher.HashPassword(null!, password);
}
