using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Units;
using Oversight.Grains.Abstractions.Users;
using Oversight.Grains.Domain;
using Oversight.Grains.Live;

namespace Oversight.Grains.Users;

public sealed class StoredUser
{
    public required UserView User { get; set; }
    public required string PasswordHash { get; set; }

    /// <summary>Changes on password reset, disable, role or unit change; credentials carry it (null in state from before stamps: set on load).</summary>
    public string? SecurityStamp { get; set; }

    /// <summary>The identity provider's subject (issuer-qualified) this account is linked to; null for a local account.</summary>
    public string? ExternalSubject { get; set; }
}

public sealed class UserDirectoryState
{
    public Dictionary<string, StoredUser> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Provider subject → username of the linked account.</summary>
    public Dictionary<string, string> ExternalSubjects { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>User accounts with hashed passwords. Only administrators change them.</summary>
public sealed partial class UserDirectoryGrain(
    [PersistentState("users", "Default")] IPersistentState<UserDirectoryState> state,
    IChangePublisher changes,
    TimeProvider time) : Grain, IUserDirectoryGrain
{
    private static readonly PasswordHasher<UserView> Hasher = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Accounts stored before security stamps existed get one now (their old credentials carry none and stop working).
        var missing = state.State.Users.Values.Where(u => u.SecurityStamp is null).ToArray();
        foreach (var user in missing)
        {
            user.SecurityStamp = NewStamp();
        }
        if (missing.Length > 0)
        {
            await state.WriteStateAsync();
        }
        await base.OnActivateAsync(cancellationToken);
    }

    public Task<UserCredential?> GetCredentialAsync(string username) =>
        Task.FromResult(state.State.Users.TryGetValue(Normalize(username), out var stored) ? new UserCredential(stored.User, stored.PasswordHash, stored.SecurityStamp!) : null);

    public Task<UserAccess?> GetAccessAsync(string username) =>
        Task.FromResult(state.State.Users.TryGetValue(Normalize(username), out var stored) ? new UserAccess(stored.User, stored.SecurityStamp!) : null);

    public Task<UserView?> GetAsync(string username) =>
        Task.FromResult(state.State.Users.TryGetValue(Normalize(username), out var stored) ? stored.User : null);

    public Task<IReadOnlyList<UserView>> ListAsync() =>
        Task.FromResult<IReadOnlyList<UserView>>(state.State.Users.Values.Select(u => u.User).OrderBy(u => u.Username, StringComparer.Ordinal).ToArray());

    public async Task<CommandResult> CreateAsync(Actor actor, NewUser user)
    {
        if (RequireAdmin(actor) is { } forbidden) return forbidden;
        var username = Normalize(user.Username);
        if (!UsernamePattern().IsMatch(username))
        {
            return Invalid("invalid-username", "A username is 2–64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter.", "username");
        }
        if (Actor.IsReservedUsername(username))
        {
            return Invalid("reserved-username", $"'{username}' is reserved for the system's own actions (system, demo-…, api-…, import-…); choose another name.", "username");
        }
        if (state.State.Users.ContainsKey(username))
        {
            return CommandResult.Failure(new CommandError(ErrorKind.Conflict, "username-taken", $"User '{username}' already exists."));
        }
        if (await CheckAsync(user.DisplayName, newName: true, user.Role, user.Unit, user.PasswordHash) is { } invalid) return invalid;
        var now = time.GetUtcNow();
        TextRules.CheckDisplayName(user.DisplayName, "displayName", out var displayName);
        state.State.Users[username] = new StoredUser
        {
            User = new UserView(username, displayName, user.Role, user.Role == UserRole.UnitOfficer ? user.Unit : null, false, user.IsDemo, now, now),
            PasswordHash = user.PasswordHash,
            SecurityStamp = NewStamp(),
        };
        await state.WriteStateAsync();
        return CommandResult.Success(0, username);
    }

    public async Task<CommandResult> UpdateAsync(Actor actor, string username, UserChange change)
    {
        if (RequireAdmin(actor) is { } forbidden) return forbidden;
        if (!state.State.Users.TryGetValue(Normalize(username), out var stored))
        {
            return CommandResult.Failure(CommandError.NotFound($"User '{username}' does not exist."));
        }
        var current = stored.User;
        if (current.IsExternal && (change.Role is not null || change.Unit is not null || change.ClearUnit || change.PasswordHash is not null))
        {
            return Invalid("external-account", "This account signs in through the identity provider, which sets its role and unit at every sign-in; only its display name and whether it is disabled change here.", "role");
        }
        var role = change.Role ?? current.Role;
        var unit = change.ClearUnit ? null : change.Unit ?? current.Unit;
        if (role != UserRole.UnitOfficer)
        {
            unit = null;
        }
        if (await CheckAsync(change.DisplayName ?? current.DisplayName, newName: change.DisplayName is { } name && name != current.DisplayName, role, unit,
                current.IsExternal ? null : change.PasswordHash ?? stored.PasswordHash) is { } invalid) return invalid;
        if (current.Username == actor.Username && (role != UserRole.Admin || change.Disabled == true))
        {
            return Invalid("self-lockout", "Administrators cannot remove their own administrator role or disable themselves.", "role");
        }
        TextRules.CheckName(change.DisplayName ?? current.DisplayName, "displayName", TextRules.DisplayNameMaxLength, true, out var displayName);
        stored.User = current with
        {
            DisplayName = displayName,
            Role = role,
            Unit = unit,
            Disabled = change.Disabled ?? current.Disabled,
            UpdatedAt = time.GetUtcNow(),
        };
        if (change.PasswordHash is not null)
        {
            stored.PasswordHash = change.PasswordHash;
        }
        var revoked = AccessChange(current, stored.User, change.PasswordHash is not null);
        if (revoked is not null)
        {
            stored.SecurityStamp = NewStamp();
        }
        await state.WriteStateAsync();
        if (revoked is not null)
        {
            // Durable first; then every Web host closes this user's open live connections.
            changes.PublishAccessChanged(stored.User.Username, revoked);
        }
        return CommandResult.Success(0, stored.User.Username);
    }

    /// <summary>Why credentials issued before this change must stop working, or null when access did not change.</summary>
    private static string? AccessChange(UserView before, UserView after, bool passwordReset) =>
        passwordReset ? "password reset"
        : after.Disabled && !before.Disabled ? "disabled"
        : after.Role != before.Role ? "role changed"
        : after.Unit != before.Unit ? "unit changed"
        : null;

    private static string NewStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public async Task<int> EnsureDemoAccountsAsync(bool enabled)
    {
        var changed = 0;
        var revoked = new List<string>();
        var now = time.GetUtcNow();
        if (enabled)
        {
            foreach (var (username, displayName, role, unit) in DemoAccounts.All)
            {
                if (state.State.Users.TryGetValue(username, out var existing))
                {
                    if (existing.User.IsDemo && existing.User.Disabled)
                    {
                        existing.User = existing.User with { Disabled = false, UpdatedAt = now };
                        changed++;
                    }
                    continue;
                }
                var view = new UserView(username, displayName, role, unit, false, true, now, now);
                state.State.Users[username] = new StoredUser { User = view, PasswordHash = Hasher.HashPassword(view, DemoAccounts.Password), SecurityStamp = NewStamp() };
                changed++;
            }
        }
        else
        {
            foreach (var stored in state.State.Users.Values.Where(u => u.User.IsDemo && !u.User.Disabled))
            {
                stored.User = stored.User with { Disabled = true, UpdatedAt = now };
                stored.SecurityStamp = NewStamp();
                revoked.Add(stored.User.Username);
                changed++;
            }
        }
        if (changed > 0)
        {
            await state.WriteStateAsync();
        }
        foreach (var username in revoked)
        {
            changes.PublishAccessChanged(username, "demo mode off");
        }
        return changed;
    }

    public async Task<bool> EnsureBootstrapAdminAsync(string username, string password)
    {
        var name = Normalize(username);
        if (state.State.Users.ContainsKey(name) || !UsernamePattern().IsMatch(name) || Actor.IsReservedUsername(name) || string.IsNullOrEmpty(password))
        {
            return false;
        }
        var now = time.GetUtcNow();
        var view = new UserView(name, "ผู้ดูแลระบบ / Administrator", UserRole.Admin, null, false, false, now, now);
        state.State.Users[name] = new StoredUser { User = view, PasswordHash = Hasher.HashPassword(view, password), SecurityStamp = NewStamp() };
        await state.WriteStateAsync();
        return true;
    }

    /// <summary>
    /// Checks a local account's fields; <paramref name="passwordHash"/> null: an external account, which has none.
    /// <paramref name="newName"/>: the display name is being set, so it may not read as the system's (a name kept from
    /// before that rule is only checked as a name, so such an account can still be disabled or renamed).
    /// </summary>
    private async Task<CommandResult?> CheckAsync(string displayName, bool newName, UserRole? role, string? unit, string? passwordHash)
    {
        if ((newName
            ? TextRules.CheckDisplayName(displayName, "displayName", out _)
            : TextRules.CheckName(displayName, "displayName", TextRules.DisplayNameMaxLength, required: true, out _)) is { } bad)
        {
            return CommandResult.Failure(bad);
        }
        if (passwordHash is not null && string.IsNullOrWhiteSpace(passwordHash))
        {
            return Invalid("required", "A password is required.", "password");
        }
        if (role is null && passwordHash is not null)
        {
            // Only an account linked to the identity provider may have no role (its claims mapped to none).
            return Invalid("required", "A local account needs a role.", "role");
        }
        if (role == UserRole.UnitOfficer && !await UnitExistsAsync(unit))
        {
            return Invalid("unknown-unit", "A unit officer needs an existing unit.", "unit");
        }
        return null;
    }

    private async Task<bool> UnitExistsAsync(string? unit) =>
        unit is not null && await GrainFactory.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).GetAsync(unit) is not null;

    public async Task<UserAccess> SignInExternalAsync(ExternalSignIn signIn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signIn.Subject);
        // A unit officer whose unit is missing or unknown here has no role: the same rule as a local account's unit.
        var role = signIn.Role == UserRole.UnitOfficer && !await UnitExistsAsync(signIn.Unit) ? null : signIn.Role;
        var unit = role == UserRole.UnitOfficer ? signIn.Unit : null;
        var now = time.GetUtcNow();
        if (!state.State.ExternalSubjects.TryGetValue(signIn.Subject, out var username) || !state.State.Users.TryGetValue(username, out var stored))
        {
            username = ExternalUsername(signIn);
            var name = ExternalDisplayName(signIn.DisplayName, username, username);
            stored = new StoredUser
            {
                User = new UserView(username, name, role, unit, false, false, now, now, IsExternal: true),
                PasswordHash = "",
                SecurityStamp = NewStamp(),
                ExternalSubject = signIn.Subject,
            };
            state.State.Users[username] = stored;
            state.State.ExternalSubjects[signIn.Subject] = username;
            await state.WriteStateAsync();
            return new UserAccess(stored.User, stored.SecurityStamp);
        }
        var current = stored.User;
        var displayName = ExternalDisplayName(signIn.DisplayName, Actor.IsReservedDisplayName(current.DisplayName) ? username : current.DisplayName, username);
        var updated = current with { DisplayName = displayName, Role = role, Unit = unit };
        var revoked = AccessChange(current, updated, passwordReset: false);
        if (updated != current)
        {
            stored.User = updated with { UpdatedAt = now };
            if (revoked is not null)
            {
                stored.SecurityStamp = NewStamp();
            }
            await state.WriteStateAsync();
            if (revoked is not null)
            {
                changes.PublishAccessChanged(username, revoked);
            }
        }
        return new UserAccess(stored.User, stored.SecurityStamp!);
    }

    /// <summary>
    /// The display name a linked account gets from the provider's: that name when it passes the display-name rule; the
    /// account's username when it reads as one of the system's own actors (sign-in never fails for it); otherwise
    /// <paramref name="fallback"/> (the name it had, or the username for a new account).
    /// </summary>
    private static string ExternalDisplayName(string? provided, string fallback, string username) =>
        TextRules.CheckDisplayName(provided, "displayName", out var cleaned) switch
        {
            null => cleaned,
            { Code: "reserved-name" } => username,
            _ => fallback,
        };

    /// <summary>
    /// The local name of a newly linked account: "sso-" and the provider's preferred username when that makes a free,
    /// well-formed name; otherwise "sso-" and a digest of the subject. The prefix is reserved, so no local account has it.
    /// </summary>
    private string ExternalUsername(ExternalSignIn signIn)
    {
        var preferred = new string(Normalize(signIn.PreferredUsername ?? "").Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray()).Trim('-');
        var candidate = Actor.ExternalUsernamePrefix + preferred;
        if (preferred.Length > 0 && candidate.Length <= 64 && UsernamePattern().IsMatch(candidate) && !state.State.Users.ContainsKey(candidate))
        {
            return candidate;
        }
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(signIn.Subject)));
        for (var length = 12; ; length += 4)
        {
            candidate = Actor.ExternalUsernamePrefix + digest[..Math.Min(length, digest.Length)];
            if (!state.State.Users.ContainsKey(candidate) || length >= digest.Length)
            {
                return candidate;
            }
        }
    }

    private static CommandResult? RequireAdmin(Actor actor) =>
        actor.Role == UserRole.Admin ? null : CommandResult.Failure(CommandError.Forbidden("Only an administrator manages users."));

    private static CommandResult Invalid(string code, string detail, string field) => CommandResult.Failure(CommandError.Invalid(code, detail, field));

    private static string Normalize(string username) => (username ?? "").Trim().ToLowerInvariant();

    [GeneratedRegex("^[a-z][a-z0-9._-]{1,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();
}
