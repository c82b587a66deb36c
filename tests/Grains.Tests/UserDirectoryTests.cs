using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Users;

namespace Oversight.Grains.Tests;

[Collection(SqliteCluster.Name)]
public sealed class UserDirectoryTests(SqliteClusterFixture fixture)
{
    private static readonly Actor Admin = new("admin", "Admin", UserRole.Admin, null);

    private IUserDirectoryGrain Users => fixture.Client.GetGrain<IUserDirectoryGrain>(GrainKeys.UserDirectory);

    [Fact]
    public async Task Demo_accounts_exist_with_their_roles_and_units_and_hashed_passwords()
    {
        var users = await Users.ListAsync();
        Assert.Equal(["admin", "auditor", "executive", "ict", "ilpo", "jsc", "led", "ops", "spd"],
            users.Where(u => u.IsDemo).Select(u => u.Username).Order());
        var ict = await Users.GetCredentialAsync("ict");
        Assert.Equal((UserRole.UnitOfficer, "ICT"), (ict!.User.Role, ict.User.Unit));
        Assert.DoesNotContain("demo-2569", ict.PasswordHash);
        Assert.True(ict.PasswordHash.Length > 40);
    }

    [Fact]
    public async Task Only_an_admin_manages_users_and_a_unit_officer_needs_a_real_unit()
    {
        var name = "officer" + Guid.NewGuid().ToString("N")[..6];
        var forbidden = await Users.CreateAsync(new Actor("auditor", "A", UserRole.Auditor, null), new NewUser(name, "x", UserRole.Executive, null, "hash"));
        Assert.Equal(ErrorKind.Forbidden, forbidden.Error!.Kind);
        var badUnit = await Users.CreateAsync(Admin, new NewUser(name, "x", UserRole.UnitOfficer, "NOPE", "hash"));
        Assert.Equal("unknown-unit", badUnit.Error!.Code);
        var badName = await Users.CreateAsync(Admin, new NewUser("Bad Name!", "x", UserRole.Executive, null, "hash"));
        Assert.Equal("invalid-username", badName.Error!.Code);
        var created = await Users.CreateAsync(Admin, new NewUser(name, "เจ้าหน้าที่ จังหวัด", UserRole.UnitOfficer, "PLO-10", "hash"));
        Assert.True(created.Ok, created.Error?.Detail);
        var again = await Users.CreateAsync(Admin, new NewUser(name, "x", UserRole.Executive, null, "hash"));
        Assert.Equal(ErrorKind.Conflict, again.Error!.Kind);
        var disabled = await Users.UpdateAsync(Admin, name, new UserChange(null, null, null, true, null));
        Assert.True(disabled.Ok);
        Assert.True((await Users.GetAsync(name))!.Disabled);
        var selfLockout = await Users.UpdateAsync(Admin, "admin", new UserChange(null, UserRole.Executive, null, null, null));
        Assert.Equal("self-lockout", selfLockout.Error!.Code);
    }

    [Fact]
    public async Task A_provider_subject_is_linked_to_one_reserved_sso_account_and_re_mapped_at_every_sign_in()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var subject = $"https://idp.example|{tag}";
        var first = await Users.SignInExternalAsync(new ExternalSignIn(subject, "admin", "Somchai", UserRole.Auditor, null));
        // The provider's "admin" never becomes the local admin: linked accounts live under the reserved sso- prefix.
        Assert.StartsWith(Actor.ExternalUsernamePrefix, first.User.Username);
        Assert.True(Actor.IsReservedUsername(first.User.Username));
        Assert.Equal((UserRole.Auditor, (string?)null, true), (first.User.Role, first.User.Unit, first.User.IsExternal));
        Assert.Equal("", (await Users.GetCredentialAsync(first.User.Username))!.PasswordHash);

        // Same subject, same account; the same claims keep the stamp, a new role renews it.
        var again = await Users.SignInExternalAsync(new ExternalSignIn(subject, "someone-else", "Somchai", UserRole.Auditor, null));
        Assert.Equal((first.User.Username, first.SecurityStamp), (again.User.Username, again.SecurityStamp));
        var officer = await Users.SignInExternalAsync(new ExternalSignIn(subject, null, "Somchai", UserRole.UnitOfficer, "ICT"));
        Assert.Equal((UserRole.UnitOfficer, "ICT"), (officer.User.Role, officer.User.Unit));
        Assert.NotEqual(first.SecurityStamp, officer.SecurityStamp);

        // A unit that does not exist here leaves a unit officer with no role; so does no mapped group.
        var unknownUnit = await Users.SignInExternalAsync(new ExternalSignIn(subject, null, "Somchai", UserRole.UnitOfficer, "NOPE"));
        Assert.Equal(((UserRole?)null, (string?)null), (unknownUnit.User.Role, unknownUnit.User.Unit));

        // The administrator may disable it, but not give it a role, unit or password (the provider decides those).
        var edit = await Users.UpdateAsync(Admin, first.User.Username, new UserChange(null, UserRole.Admin, null, null, null));
        Assert.Equal("external-account", edit.Error!.Code);
        Assert.True((await Users.UpdateAsync(Admin, first.User.Username, new UserChange(null, null, null, true, null))).Ok);
        var disabled = await Users.SignInExternalAsync(new ExternalSignIn(subject, null, "Somchai", UserRole.Auditor, null));
        Assert.True(disabled.User.Disabled);

        // A second subject with the same preferred name gets a different account.
        var other = await Users.SignInExternalAsync(new ExternalSignIn($"https://idp.example|other-{tag}", "admin", "Other", null, null));
        Assert.NotEqual(first.User.Username, other.User.Username);
        Assert.Null(other.User.Role);
    }

    [Fact]
    public async Task A_provider_name_that_reads_as_the_system_is_replaced_by_the_username_and_sign_in_still_succeeds()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var subject = $"https://idp.example|reserved-{tag}";
        var first = await Users.SignInExternalAsync(new ExternalSignIn(subject, $"mimic{tag}", Actor.System.DisplayName, UserRole.Auditor, null));
        Assert.Equal((first.User.Username, UserRole.Auditor, false), (first.User.DisplayName, first.User.Role, first.User.Disabled));
        Assert.False(Actor.IsReservedDisplayName(first.User.DisplayName));

        // A good name from the provider is taken; a reserved one later falls back to the username again.
        var named = await Users.SignInExternalAsync(new ExternalSignIn(subject, null, "สมชาย ใจดี", UserRole.Auditor, null));
        Assert.Equal("สมชาย ใจดี", named.User.DisplayName);
        var demo = await Users.SignInExternalAsync(new ExternalSignIn(subject, null, "[จำลอง] ผู้ตรวจสอบ / [demo] auditor", UserRole.Auditor, null));
        Assert.Equal(first.User.Username, demo.User.DisplayName);
        Assert.Equal(first.User.Username, (await Users.GetAsync(first.User.Username))!.DisplayName);

        // The administrator cannot give the linked account such a name either.
        var rename = await Users.UpdateAsync(Admin, first.User.Username, new UserChange("(ข้อมูลสังเคราะห์) x", null, null, null, null));
        Assert.Equal("reserved-name", rename.Error!.Code);
    }

    [Fact]
    public async Task A_provider_name_in_look_alike_or_mixed_letters_is_not_taken_and_sign_in_still_succeeds()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var subject = $"https://idp.example|lookalike-{tag}";
        // "Ѕуѕтем": Cyrillic letters that read as "System".
        var first = await Users.SignInExternalAsync(new ExternalSignIn(subject, $"mimic{tag}", "\u0405\u0443\u0455\u0442\u0435\u043C", UserRole.Auditor, null));
        Assert.Equal(first.User.Username, first.User.DisplayName);

        // A Thai and English name is taken; a later one with a Cyrillic "о" in a Latin word keeps the name it had.
        var named = await Users.SignInExternalAsync(new ExternalSignIn(subject, null, "สมชาย Smith", UserRole.Auditor, null));
        Assert.Equal("สมชาย Smith", named.User.DisplayName);
        var mixed = await Users.SignInExternalAsync(new ExternalSignIn(subject, null, "สมชาย Sm\u043Eth", UserRole.Auditor, null));
        Assert.Equal("สมชาย Smith", mixed.User.DisplayName);
    }
}
