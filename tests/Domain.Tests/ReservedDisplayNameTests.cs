using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Domain;
using Oversight.Grains.Operations;
using Oversight.Grains.Users;

namespace Oversight.Domain.Tests;

/// <summary>
/// The history shows display names, so no account or API key may take one that reads as the system's own actors: the
/// system, API keys, demo activity and synthetic data. One list (Actor) serves usernames and display names.
/// </summary>
public sealed class ReservedDisplayNameTests
{
    public static TheoryData<string> SystemActors() => new()
    {
        Actor.System.DisplayName,
        Actor.ApiKeyDisplayName,
        DemoScenario.UnitBot("ICT").DisplayName,
        DemoScenario.UnitBot("PLO-50").DisplayName,
        DemoScenario.AuditorBot.DisplayName,
        SyntheticData.Officer("ICT").DisplayName,
    };

    [Theory]
    [MemberData(nameof(SystemActors))]
    public void Every_name_the_system_acts_under_is_reserved(string displayName)
    {
        Assert.True(Actor.IsReservedDisplayName(displayName));
        var error = TextRules.CheckDisplayName(displayName, "displayName", out _);
        Assert.Equal(("reserved-name", "displayName", ErrorKind.Invalid), (error?.Code, error?.Field, error?.Kind));
    }

    [Theory]
    [InlineData("ระบบ")]
    [InlineData("System")]
    [InlineData("  sYsTeM  ")]
    [InlineData("system.")]
    [InlineData("ระบบ/system")]
    [InlineData("ระบบ  |  System")]
    [InlineData("System / ระบบ")]
    [InlineData("ระบบ / System (jdoe)")]
    [InlineData("ระบบ สมชาย")]
    [InlineData("System (jdoe)")]
    [InlineData("ＳＹＳＴＥＭ")]
    [InlineData("[จำลอง] สมชาย")]
    [InlineData("[ จำลอง ]สมชาย")]
    [InlineData("(จำลอง) สมชาย")]
    [InlineData("{demo} auditor")]
    [InlineData("[DEMO]")]
    [InlineData("【ข้อมูลสังเคราะห์】 สมหญิง")]
    [InlineData("[Synthetic] officer")]
    [InlineData("API key")]
    [InlineData("api-key 7")]
    [InlineData("ระบบ\u00A0/\u00A0System")]
    public void Variants_in_case_spacing_punctuation_brackets_and_width_are_reserved(string displayName)
    {
        Assert.True(Actor.IsReservedDisplayName(displayName), displayName);
        Assert.Equal("reserved-name", TextRules.CheckDisplayName(displayName, "displayName", out _)?.Code);
    }

    [Theory]
    [InlineData("สมชาย ใจดี")]
    [InlineData("Systems analyst Somchai")]
    [InlineData("ผู้ดูแลระบบ / Administrator")]
    [InlineData("Demo Nakorn")]
    [InlineData("Ms. Synthia [ICT]")]
    [InlineData("นักวิเคราะห์ระบบ")]
    [InlineData("ระบบส่งข้อมูล LBDA")]
    [InlineData("Apinya Keeratikul")]
    public void Ordinary_names_are_not(string displayName)
    {
        Assert.False(Actor.IsReservedDisplayName(displayName), displayName);
        Assert.Null(TextRules.CheckDisplayName(displayName, "displayName", out var cleaned));
        Assert.Equal(displayName, cleaned);
    }

    [Fact]
    public void The_demo_accounts_names_pass_the_rule()
    {
        Assert.All(DemoAccounts.All, a => Assert.False(Actor.IsReservedDisplayName(a.DisplayName), a.DisplayName));
    }

    [Fact]
    public void Other_bad_names_keep_their_own_codes()
    {
        Assert.Equal("required", TextRules.CheckDisplayName("  ", "displayName", out _)?.Code);
        Assert.Equal("unsafe-character", TextRules.CheckDisplayName("Sys\u202Etem", "displayName", out _)?.Code);
    }
}
