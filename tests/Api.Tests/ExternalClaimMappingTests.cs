using System.Security.Claims;
using Oversight.Grains.Abstractions.Common;
using Oversight.Web.Auth;

namespace Oversight.Api.Tests;

/// <summary>The rules by which an identity provider's claims become an Oversight role and unit (single sign-on).</summary>
public sealed class ExternalClaimMappingTests
{
    private static readonly OpenIdConnectSignInOptions Options = new()
    {
        Authority = "https://idp.example.go.th/realms/mol/",
        ClientId = "oversight",
        Roles = new(StringComparer.Ordinal)
        {
            ["oag-auditors"] = "auditor",
            ["unit-staff"] = "unit-officer",
            ["it-admins"] = "admin",
            ["directors"] = "executive",
        },
        Units = new(StringComparer.Ordinal) { ["mol-ict-centre"] = "ICT" },
    };

    private static readonly ExternalClaimMapping Mapping = new(Options);

    private static Claim[] Claims(params (string Type, string Value)[] claims) => claims.Select(c => new Claim(c.Type, c.Value)).ToArray();

    [Fact]
    public void A_mapped_group_gives_its_role_and_the_subject_is_qualified_by_the_issuer()
    {
        var signIn = Mapping.Map(Options.Authority!, Claims(("sub", "abc-123"), ("preferred_username", "somchai"), ("name", "Somchai"), ("groups", "oag-auditors")))!;
        Assert.Equal("https://idp.example.go.th/realms/mol|abc-123", signIn.Subject);
        Assert.Equal("somchai", signIn.PreferredUsername);
        Assert.Equal("Somchai", signIn.DisplayName);
        Assert.Equal(UserRole.Auditor, signIn.Role);
        Assert.Null(signIn.Unit);
    }

    [Fact]
    public void A_user_with_no_mapped_group_gets_no_role_and_no_unit()
    {
        var signIn = Mapping.Map(Options.Authority!, Claims(("sub", "x"), ("groups", "canteen"), ("groups", "OAG-AUDITORS"), ("unit", "mol-ict-centre")))!;
        Assert.Null(signIn.Role);
        Assert.Null(signIn.Unit);
        Assert.Null(Mapping.Map(Options.Authority!, Claims(("sub", "y")))!.Role);
    }

    [Fact]
    public void A_unit_officer_gets_the_mapped_unit_or_the_providers_value_itself_and_no_role_without_one()
    {
        Assert.Equal((UserRole.UnitOfficer, "ICT"), Mapping.MapAccess(["unit-staff"], "mol-ict-centre"));
        Assert.Equal((UserRole.UnitOfficer, "ILPO"), Mapping.MapAccess(["unit-staff"], "ILPO"));
        Assert.Equal(((UserRole?)null, (string?)null), Mapping.MapAccess(["unit-staff"], null));
        Assert.Equal(((UserRole?)null, (string?)null), Mapping.MapAccess(["unit-staff"], " "));
    }

    [Fact]
    public void With_several_mapped_groups_the_strongest_role_wins_and_only_a_unit_officer_keeps_a_unit()
    {
        Assert.Equal((UserRole.Admin, (string?)null), Mapping.MapAccess(["unit-staff", "it-admins", "directors"], "mol-ict-centre"));
        Assert.Equal((UserRole.Auditor, (string?)null), Mapping.MapAccess(["directors", "oag-auditors"], null));
        Assert.Equal((UserRole.Executive, (string?)null), Mapping.MapAccess(["unit-staff", "directors"], "mol-ict-centre"));
    }

    [Fact]
    public void Groups_sent_as_one_json_array_claim_are_read_like_separate_claims()
    {
        var signIn = Mapping.Map(Options.Authority!, Claims(("sub", "z"), ("groups", "[\"canteen\",\"unit-staff\"]"), ("unit", "mol-ict-centre")))!;
        Assert.Equal(UserRole.UnitOfficer, signIn.Role);
        Assert.Equal("ICT", signIn.Unit);
    }

    [Fact]
    public void No_subject_no_sign_in_and_an_unknown_role_name_in_the_settings_fails_at_start()
    {
        Assert.Null(Mapping.Map(Options.Authority!, Claims(("groups", "oag-auditors"))));
        var bad = new OpenIdConnectSignInOptions { Roles = new(StringComparer.Ordinal) { ["g"] = "superuser" } };
        var error = Assert.Throws<InvalidOperationException>(() => new ExternalClaimMapping(bad));
        Assert.Contains("OpenIdConnectSignIn:Roles:g", error.Message);
    }
}
