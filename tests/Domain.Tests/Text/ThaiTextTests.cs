using Oversight.Grains.Abstractions.Text;
using Xunit;

namespace Oversight.Domain.Tests.Text;

public sealed class ThaiTextTests
{
    // Damaged inputs are written as escapes so that no editor or formatter can "fix" them silently.
    // U+0E49 MAI THO, U+0E48 MAI EK, U+0E37 SARA UEE, U+0E35 SARA II.

    [Theory]
    [InlineData("\u0E1E\u0E49\u0E37\u0E19", "พื้น")]                       // พ้ืน  (domain.md)
    [InlineData("\u0E17\u0E48\u0E35", "ที่")]                              // ท่ี   (domain.md)
    [InlineData("\u0E40\u0E1E\u0E48\u0E37\u0E2D", "เพื่อ")]                // เพ่ือ (domain.md)
    [InlineData("\u0E40\u0E1E\u0E48\u0E34\u0E21\u0E21\u0E32\u0E01", "เพิ่มมาก")] // เพ่ิมมาก
    [InlineData("\u0E2D\u0E37\u0E48\u0E19", "อื่น")]                        // already canonical
    public void Normalize_puts_the_vowel_before_the_tone_mark(string damaged, string expected)
    {
        string normalized = ThaiText.Normalize(damaged);

        Assert.Equal(expected, normalized);
        Assert.False(ThaiText.HasMisorderedMarks(normalized));
    }

    [Fact]
    public void The_domain_examples_are_flagged_before_and_clean_after()
    {
        Assert.True(ThaiText.HasMisorderedMarks("\u0E1E\u0E49\u0E37\u0E19"));
        Assert.True(ThaiText.HasMisorderedMarks("\u0E17\u0E48\u0E35"));
        Assert.True(ThaiText.HasMisorderedMarks("\u0E40\u0E1E\u0E48\u0E37\u0E2D"));
        Assert.False(ThaiText.HasMisorderedMarks("พื้น ที่ เพื่อ"));
    }

    [Fact]
    public void A_mark_moved_onto_the_wrong_consonant_is_flagged_even_though_it_cannot_be_repaired()
    {
        // ไดด้ังนี้: the MAI THO of ได้ drifted onto the next consonant, ahead of its MAI HAN-AKAT.
        const string damaged = "\u0E44\u0E14\u0E14\u0E49\u0E31\u0E07\u0E19\u0E35\u0E49";

        Assert.True(ThaiText.HasMisorderedMarks(damaged));
        Assert.NotEqual("ได้ดังนี้", ThaiText.Normalize(damaged));
    }

    [Theory]
    [InlineData("\u0E19\u0E49\u0E4D\u0E32", "น้ำ")]  // NIKHAHIT + SARA AA → SARA AM
    [InlineData("\u0E17\u0E4D\u0E32", "ทำ")]
    [InlineData("\u0E19\u0E4D\u0E49\u0E32", "น้ำ")]  // NIKHAHIT typed before the tone
    [InlineData("\u0E19\u0E33\u0E49", "น้ำ")]        // tone typed after SARA AM
    [InlineData("\u0E19\u0E4D\u0E32\u0E49", "น้ำ")]  // both
    [InlineData("\u0E14\u0E33\u0E40\u0E19\u0E34\u0E19", "ดำเนิน")]
    public void Normalize_composes_sara_am(string input, string expected)
    {
        Assert.Equal(expected, ThaiText.Normalize(input));
    }

    [Theory]
    [InlineData("\u0E17\u0E35\u0E48\u0E48", "ที่")]          // doubled tone
    [InlineData("\u0E17\u0E48\u0E35\u0E48", "ที่")]          // tone, vowel, same tone again
    [InlineData("\u0E01\u0E38\u0E38", "กุ")]                 // doubled below vowel
    public void Normalize_collapses_duplicate_marks(string input, string expected)
    {
        Assert.Equal(expected, ThaiText.Normalize(input));
    }

    [Theory]
    [InlineData("\u0E1E\u0E49\u0E37\u0E19")]
    [InlineData("\u0E44\u0E14\u0E14\u0E49\u0E31\u0E07\u0E19\u0E35\u0E49")]
    [InlineData("\u0E19\u0E4D\u0E32\u0E49 \u0E19\u0E33\u0E48\u0E49")]
    [InlineData("\u0E17\u0E48\u0E35\u0E48\u0E48\u0E35 \u0E25\u0E49\u0E4D")]
    [InlineData("\u0E33\u0E48 leading marks \u0E48\u0E35")]
    [InlineData("ยั งไม่ ผู้ ใช้ café cafe\u0301")]
    public void Normalize_is_idempotent(string input)
    {
        string once = ThaiText.Normalize(input);

        Assert.Equal(once, ThaiText.Normalize(once));
        Assert.False(ThaiText.HasMisorderedMarks(once));
    }

    [Fact]
    public void Normalize_returns_the_same_instance_when_nothing_changes()
    {
        const string english = "Labour Big Data Analytics (NLIC), 12 agencies — café";
        const string thai = "สำนักงานปลัดกระทรวงแรงงาน ต่าง ๆ ที่เกี่ยวข้อง";

        Assert.Same(english, ThaiText.Normalize(english));
        Assert.Same(thai, ThaiText.Normalize(thai));
    }

    [Fact]
    public void Normalize_leaves_non_thai_text_alone_apart_from_nfc()
    {
        Assert.Equal("Single Sign-On, e-Service & API", ThaiText.Normalize("Single Sign-On, e-Service & API"));
        Assert.Equal("caf\u00E9", ThaiText.Normalize("cafe\u0301"));
    }

    [Fact]
    public void Normalize_keeps_spaces()
    {
        Assert.Equal("ยั งไม่", ThaiText.Normalize("ยั งไม่"));
        Assert.Equal("ผู้ ใช้  two", ThaiText.Normalize("ผู้ ใช้  two"));
    }

    [Fact]
    public void Normalize_of_null_or_empty_is_empty()
    {
        Assert.Equal(string.Empty, ThaiText.Normalize(null));
        Assert.Equal(string.Empty, ThaiText.Normalize(string.Empty));
    }

    [Fact]
    public void Long_mark_runs_are_handled()
    {
        string input = "ก" + new string('\u0E48', 100) + "\u0E34";

        Assert.Equal("กิ่", ThaiText.Normalize(input));
    }

    [Theory]
    [InlineData("สหกรณ \u0E4C(กรม")]       // สหกรณ ์  (space before THANTHAKHAT)
    [InlineData("ยั งไม่")]                 // space after MAI HAN-AKAT
    [InlineData("ประชาสั มพันธ์")]
    [InlineData("ข้อมู ลภ าครัฐ")]          // space before SARA AA
    [InlineData("เ พื่อ")]                  // space after a leading vowel
    public void SuspiciousSpaces_finds_extraction_spaces(string damaged)
    {
        Assert.NotEmpty(ThaiText.SuspiciousSpaces(damaged));
    }

    [Fact]
    public void SuspiciousSpaces_reports_each_caught_space_once()
    {
        // " า" in "ผ่ าน" is caught (SARA AA cannot start a syllable); "ช่ อง" is not (อ can).
        string snippet = Assert.Single(ThaiText.SuspiciousSpaces("ผ่ าน ช่ องทาง"));

        Assert.StartsWith("ผ่ าน", snippet, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ผู้ ใช้")]
    [InlineData("หน่วยงานต่าง ๆ ของกระทรวงแรงงาน")]
    [InlineData("ทั้งแผนระยะสั้น ระยะกลาง และระยะยาว")]
    [InlineData("ปีงบประมาณ พ.ศ. 2563-2565 มีข้อตรวจพบที่สำคัญ 2 ข้อตรวจพบ และ 1 ข้อสังเกต")]
    [InlineData("(Labour Big Data Analytics) เพื่อการพัฒนา")]
    [InlineData("")]
    public void SuspiciousSpaces_ignores_real_word_boundaries(string clean)
    {
        Assert.Empty(ThaiText.SuspiciousSpaces(clean));
    }

    [Fact]
    public void SuspiciousSpaces_returns_a_short_snippet_around_the_space()
    {
        string snippet = Assert.Single(ThaiText.SuspiciousSpaces("การเชื่อมโยงข้อมูลรายทะเบียนยั งไม่สามารถดำเนินการได้"));

        Assert.Contains("ยั งไม่", snippet, StringComparison.Ordinal);
        Assert.True(snippet.Length <= 17);
    }
}
