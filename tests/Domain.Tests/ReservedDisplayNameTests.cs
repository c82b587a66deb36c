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
    [InlineData("ระบบ (สมชาย)")]
    [InlineData("System: (auto)")]
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
    [InlineData("ระบบ LBDA ทดสอบ")]
    [InlineData("ระบบ LBDA (ทดสอบ E2E)")]
    [InlineData("System Administrator")]
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

    /// <summary>
    /// Look-alike letters of other scripts (Unicode TS #39 confusables): a name written wholly or partly in Cyrillic or
    /// Greek letters that pass for Latin ones reads as the Latin name, so a reserved one is still reserved.
    /// </summary>
    [Theory]
    [InlineData("\u0405ystem")]                                 // Cyrillic capital DZE "Ѕ", then Latin
    [InlineData("S\u0443stem")]                                 // Cyrillic small U "у" inside Latin
    [InlineData("\u0405\u0443\u0455\u0442\u0435\u043C")]           // "Ѕуѕтем": all Cyrillic
    [InlineData("\u0405\u0423\u0405\u0422\u0415\u041C")]           // "ЅУЅТЕМ": all Cyrillic capitals
    [InlineData("\u0391pi key")]                                // Greek capital ALPHA "Α"
    [InlineData("\u0391\u03A1\u0399 key")]                        // "ΑΡΙ key": Greek, then Latin
    [InlineData("\u0410\u0420\u0406 \u043A\u0435\u0443")]           // "АРІ кеу": all Cyrillic
    [InlineData("[d\u0435mo] \u0441\u043E\u043C\u0441\u0445\u0430\u0456")] // a Cyrillic "е" in the demo label
    [InlineData("(\u0455ynthetic) officer")]
    [InlineData("\uFF33\u0443\uFF53\uFF54\uFF45\uFF4D")]            // full-width Latin with a Cyrillic "у"
    [InlineData("\u0405\u0443\u0455\u0442\u0435\u043C (jdoe)")]
    public void Look_alike_letters_of_other_scripts_do_not_hide_a_reserved_name(string displayName)
    {
        Assert.True(Actor.IsReservedDisplayName(displayName), displayName);
        var error = TextRules.CheckDisplayName(displayName, "displayName", out _);
        Assert.Equal(("reserved-name", "displayName"), (error?.Code, error?.Field));
    }

    /// <summary>A word that mixes Latin letters with Cyrillic or Greek ones can pass for any other name: it is refused (unsafe-character).</summary>
    [Theory]
    [InlineData("J\u043Ehn Smith", "J\u043Ehn")]                   // a Cyrillic "о" in John
    [InlineData("Somchai P\u0430ul", "P\u0430ul")]                 // a Cyrillic "а"
    [InlineData("\u039Caria Lopez", "\u039Caria")]                 // a Greek capital MU
    [InlineData("\u0418\u0432\u0430\u043Do\u0432", "\u0418\u0432\u0430\u043Do\u0432")] // a Latin "o" in a Cyrillic name
    [InlineData("\u03A3\u03C9\u043A\u03C1\u03AC\u03C4\u03B7\u03C2", "\u03A3\u03C9\u043A\u03C1\u03AC\u03C4\u03B7\u03C2")] // a Cyrillic "к" in a Greek name
    [InlineData("\u0E2A\u0E21\u0E0A\u0E32\u0E22 Sm\u0456th", "Sm\u0456th")] // Thai, then a Latin word with a Cyrillic "і"
    public void A_word_mixing_Latin_with_Cyrillic_or_Greek_letters_is_refused(string displayName, string word)
    {
        Assert.False(Actor.IsReservedDisplayName(displayName), displayName);
        Assert.Equal(word, Actor.MixedScriptWord(displayName)?.Word);
        var error = TextRules.CheckDisplayName(displayName, "displayName", out _);
        Assert.Equal(("unsafe-character", "displayName", ErrorKind.Invalid), (error?.Code, error?.Field, error?.Kind));
        Assert.Contains(word, error!.Detail, StringComparison.Ordinal);
    }

    /// <summary>Thai names, Thai beside English (even in one word), and names wholly in one other script keep working.</summary>
    [Theory]
    [InlineData("สมชาย ใจดี")]
    [InlineData("สมชาย Smith")]
    [InlineData("นางสาวสมหญิง Johnson")]
    [InlineData("John ใจดี")]
    [InlineData("นายสมชาย ใจดี / Mr. Somchai Jaidee")]
    [InlineData("ดร.สมศักดิ์ Brown-Wongsawat")]
    [InlineData("ณัฐวุฒิ (Nat) ศรีสุข")]
    [InlineData("พ.ต.ท. ธนพล ศักดิ์สิทธิ์ (ICT)")]
    [InlineData("สมชายSmith")]
    [InlineData("เจ้าหน้าที่ สรจ. ทดสอบ")]
    [InlineData("Ирина Шевченко")]
    [InlineData("Γιώργος Παπαδόπουλος")]
    [InlineData("Ivan Иванов")]
    [InlineData("José Müller")]
    [InlineData("Nguyễn Văn An")]
    [InlineData("Ｓｏｍｃｈａｉ")]
    public void Thai_and_single_script_names_are_accepted(string displayName)
    {
        Assert.Null(Actor.MixedScriptWord(displayName));
        Assert.False(Actor.IsReservedDisplayName(displayName), displayName);
        Assert.Null(TextRules.CheckDisplayName(displayName, "displayName", out _));
    }

    [Theory]
    [InlineData("\u0455ystem")]      // Cyrillic small DZE
    [InlineData("d\u0435mo-ict")]    // Cyrillic small IE
    [InlineData("\u0430pi-client")]  // Cyrillic small A
    public void A_username_of_look_alike_letters_is_reserved_too(string username)
    {
        Assert.True(Actor.IsReservedUsername(username), username);
    }
}
