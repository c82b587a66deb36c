using System.Collections.Concurrent;
using System.Security.Claims;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Abstractions.Users;
using Oversight.Web.Live;

namespace Oversight.Web.Auth;

/// <summary>
/// Whether a credential in hand (token, cookie, open hub connection) still stands: the account exists, is enabled, has
/// the role and unit the credential claims, and the security stamp the credential carries is still the account's.
/// </summary>
/// <remarks>
/// Every request asks, so the answer is kept on this host: asking the user directory grain each time was a tenth of
/// the Web host's CPU per write (docs/benchmarks.md), and every request of every host went to that one grain. Only a
/// "yes" is kept, for at most <see cref="MaxAge"/>; a credential that does not match what is kept is checked afresh
/// (it may be newer). What is kept for a user is dropped:
/// <list type="bullet">
/// <item>on this host at once, when this host changed the account (<see cref="Forget"/>, called by whatever changes it);</item>
/// <item>on every host, when the user directory announces the change (<see cref="LiveKinds.Access"/>, the live feed's
/// delay: tens of milliseconds), the same message that closes the user's open hub connections;</item>
/// <item>all of it, when this host finds a live batch lost (<see cref="FeedLost"/>): the announcement may have been in it.</item>
/// </list>
/// </remarks>
public sealed class AccessValidator(IGrainFactory grains, TimeProvider time) : ILiveHostHandler
{
    /// <summary>The longest a "yes" is trusted without asking again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (UserAccess Access, long At)> _known = new(StringComparer.Ordinal);
    private IUserDirectoryGrain? _directory;

    /// <summary>Resolved at first use: a Web host that is an Orleans client knows the grain types only once connected.</summary>
    private IUserDirectoryGrain Directory => _directory ??= grains.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory);

    /// <summary>Moves on every forget: an answer fetched before a forget is not kept after it.</summary>
    private long _generation;

    public string Kind => LiveKinds.Access.Name;

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal? principal)
    {
        var username = principal?.FindFirstValue(OversightClaims.Username);
        var stamp = principal?.FindFirstValue(OversightClaims.Stamp);
        if (username is null || stamp is null)
        {
            return false;
        }
        if (_known.TryGetValue(username, out var known) && time.GetElapsedTime(known.At) < MaxAge && Stands(known.Access, principal!, stamp))
        {
            return true;
        }
        var generation = Interlocked.Read(ref _generation);
        var fetchedAt = time.GetTimestamp();
        var access = await Directory.GetAccessAsync(username);
        if (access is null || !Stands(access, principal!, stamp))
        {
            return false;
        }
        if (Interlocked.Read(ref _generation) == generation)
        {
            _known[username] = (access, fetchedAt);
        }
        return true;
    }

    private static bool Stands(UserAccess access, ClaimsPrincipal principal, string stamp) =>
        !access.User.Disabled
        && string.Equals(access.SecurityStamp, stamp, StringComparison.Ordinal)
        && principal.GetRole() == access.User.Role
        && principal.GetUnit() == access.User.Unit;

    /// <summary>Changes an account (the only way Web changes one), then forgets it here: the change holds on this host at once.</summary>
    public async Task<CommandResult> UpdateAsync(Actor actor, string username, UserChange change)
    {
        try
        {
            return await Directory.UpdateAsync(actor, username, change);
        }
        finally
        {
            Forget(username);
        }
    }

    /// <summary>A sign-in through the identity provider, which may change the account's role or unit; then forgets it here.</summary>
    public async Task<UserAccess> SignInExternalAsync(ExternalSignIn signIn)
    {
        var access = await Directory.SignInExternalAsync(signIn);
        Forget(access.User.Username);
        return access;
    }

    /// <summary>The account of <paramref name="username"/> changed (or may have): ask the directory next time.</summary>
    public void Forget(string username)
    {
        Interlocked.Increment(ref _generation);
        _known.TryRemove(username, out _);
    }

    public void Handle(LiveEnvelope envelope)
    {
        if (envelope.Payload is AccessChanged changed)
        {
            Forget(changed.Username);
        }
    }

    public void FeedLost()
    {
        Interlocked.Increment(ref _generation);
        _known.Clear();
    }
}
