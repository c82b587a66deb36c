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
}
