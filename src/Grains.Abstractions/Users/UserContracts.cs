using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Users;

[GenerateSerializer, Immutable, Alias("oversight.UserView")]
public sealed record UserView(
    [property: Id(0)] string Username,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] UserRole? Role,
    [property: Id(3)] string? Unit,
    [property: Id(4)] bool Disabled,
    [property: Id(5)] bool IsDemo,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] bool IsExternal = false);

/// <summary>
/// A sign-in through the organisation's OpenID Connect provider, already mapped to Oversight's terms (Web's
/// ExternalClaimMapping): the provider's subject (issuer-qualified, stable), a preferred username and a display name for
/// the linked account, and the role and unit the provider's claims map to (no role: the user may read nothing).
/// </summary>
[GenerateSerializer, Immutable, Alias("oversight.ExternalSignIn")]
public sealed record ExternalSignIn(
    [property: Id(0)] string Subject,
    [property: Id(1)] string? PreferredUsername,
    [property: Id(2)] string? DisplayName,
    [property: Id(3)] UserRole? Role,
    [property: Id(4)] string? Unit);

/// <summary>A user with the stored password hash, for sign-in only. Never returned by the API.</summary>
[GenerateSerializer, Immutable, Alias("oversight.UserCredential")]
public sealed record UserCredential(
    [property: Id(0)] UserView User,
    [property: Id(1)] string PasswordHash,
    [property: Id(2)] string SecurityStamp);

/// <summary>
/// What a credential in hand (a token or a cookie) is checked against on every request: the account as it is now and
/// its security stamp, which changes whenever access is taken away or the password is reset, so old credentials never
/// work again, even once the account is re-enabled or its role restored.
/// </summary>
[GenerateSerializer, Immutable, Alias("oversight.UserAccess")]
public sealed record UserAccess(
    [property: Id(0)] UserView User,
    [property: Id(1)] string SecurityStamp);

[GenerateSerializer, Immutable, Alias("oversight.NewUser")]
public sealed record NewUser(
    [property: Id(0)] string Username,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] UserRole Role,
    [property: Id(3)] string? Unit,
    [property: Id(4)] string PasswordHash,
    [property: Id(5)] bool IsDemo = false);

[GenerateSerializer, Immutable, Alias("oversight.UserChange")]
public sealed record UserChange(
    [property: Id(0)] string? DisplayName,
    [property: Id(1)] UserRole? Role,
    [property: Id(2)] string? Unit,
    [property: Id(3)] bool? Disabled,
    [property: Id(4)] string? PasswordHash,
    [property: Id(5)] bool ClearUnit = false);

/// <summary>User accounts (singleton key "directory").</summary>
[Alias("oversight.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    [Alias("GetCredential")] Task<UserCredential?> GetCredentialAsync(string username);
    [Alias("Get")] Task<UserView?> GetAsync(string username);
    [Alias("GetAccess"), AlwaysInterleave] Task<UserAccess?> GetAccessAsync(string username);
    [Alias("List")] Task<IReadOnlyList<UserView>> ListAsync();
    [Alias("Create")] Task<CommandResult> CreateAsync(Actor actor, NewUser user);
    [Alias("Update")] Task<CommandResult> UpdateAsync(Actor actor, string username, UserChange change);
    /// <summary>Creates the demo accounts when enabled (once); disables every demo account when not.</summary>
    [Alias("EnsureDemoAccounts")] Task<int> EnsureDemoAccountsAsync(bool enabled);

    /// <summary>Creates the first administrator if no user of that name exists. Returns true when it was created.</summary>
    [Alias("EnsureBootstrapAdmin")] Task<bool> EnsureBootstrapAdminAsync(string username, string password);

    /// <summary>
    /// Links the provider's subject to its local account (created on first sign-in under a reserved "sso-" name) and
    /// sets the account's role and unit to what the provider's claims map to now; a change revokes older credentials.
    /// Returns the account as it now stands: a disabled account stays disabled and the caller refuses the sign-in.
    /// </summary>
    [Alias("SignInExternal")] Task<UserAccess> SignInExternalAsync(ExternalSignIn signIn);
}
