using Oversight.Grains.Domain;

namespace Oversight.Domain.Tests;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("ดู <img src=x onerror=alert(1)>")]
    [InlineData("<svg/onload=alert(1)>")]
    [InlineData("</b>")]
    [InlineData("<!-- hidden -->")]
    [InlineData("click javascript:alert(1)")]
    [InlineData("<a href=\"x\" onclick=\"steal()\">x</a>")]
    [InlineData("<script src=//evil")]
    public void Markup_is_refused_in_plain_text_fields(string text)
    {
        var error = TextRules.Check(text, "note", 4000, true, out _);
        Assert.Equal("markup-not-allowed", error?.Code);
    }

    [Theory]
    [InlineData("ค่า < 5 และ > 3")]
    [InlineData("'; DROP TABLE oversight_event; --")]
    [InlineData("Robert'); DELETE FROM users WHERE 1=1; --")]
    [InlineData("ร้อยละ 50 (ครึ่งหนึ่ง) & อื่น ๆ")]
    public void Ordinary_text_including_sql_like_text_is_kept_verbatim(string text)
    {
        Assert.Null(TextRules.Check(text, "note", 4000, true, out var cleaned));
        Assert.Equal(text, cleaned);
    }

    [Fact]
    public void Control_characters_blank_and_over_long_text_are_refused()
    {
        Assert.Equal("control-character", TextRules.Check("a\u0007b", "note", 100, true, out _)?.Code);
        Assert.Equal("invalid-character", TextRules.Check("a\uFFFDb", "note", 100, true, out _)?.Code);
        Assert.Equal("invalid-character", TextRules.Check("a\uD800b", "note", 100, true, out _)?.Code);
        Assert.Equal("required", TextRules.Check(" \n ", "note", 100, true, out _)?.Code);
        Assert.Null(TextRules.Check(" ", "note", 100, false, out _));
        Assert.Equal("too-long", TextRules.Check(new string('ก', 101), "note", 100, true, out _)?.Code);
        Assert.Null(TextRules.Check("line one\nline two\ttab", "note", 100, true, out _));
    }

    [Fact]
    public void Thai_marks_are_stored_in_canonical_order()
    {
        // "พื้น" typed with the tone mark before the vowel, as the seed's extraction damage had it.
        Assert.Null(TextRules.Check("\u0E1E\u0E49\u0E37\u0E19", "note", 100, true, out var cleaned));
        Assert.Equal("พื้น", cleaned);
    }
}

public sealed class UnsafeCharacterTests
{
    [Theory]
    [InlineData("a\u202Eb")]          // right-to-left override
    [InlineData("a\u202Ab")]          // left-to-right embedding
    [InlineData("a\u2067b\u2069")]    // right-to-left isolate
    [InlineData("a\u200Fb")]          // right-to-left mark
    [InlineData("a\u061Cb")]          // Arabic letter mark
    [InlineData("a\U000E0041b")]      // tag character
    [InlineData("a\uFDD0b")]          // noncharacter
    [InlineData("a\uFFFFb")]          // noncharacter
    [InlineData("a\U0001FFFEb")]      // noncharacter in another plane
    [InlineData("a\u2060b")]          // word joiner
    [InlineData("a\uFFFAb")]          // interlinear annotation
    public void Free_text_and_names_refuse_characters_that_change_the_display_unseen(string text)
    {
        Assert.Equal("unsafe-character", TextRules.Check(text, "note", 100, true, out _)?.Code);
        Assert.Equal("unsafe-character", TextRules.CheckName(text, "fileName", 100, true, out _)?.Code);
    }

    [Theory]
    [InlineData("report\u200B.pdf")]  // zero-width space
    [InlineData("report\u200C.pdf")]  // zero-width non-joiner
    [InlineData("report\u200D.pdf")]  // zero-width joiner
    [InlineData("soft\u00ADhyphen.pdf")]
    [InlineData("private\uE000.pdf")]
    [InlineData("line\u2028break.pdf")]
    public void Names_also_refuse_every_invisible_or_formatting_character(string name)
    {
        Assert.Equal("unsafe-character", TextRules.CheckName(name, "fileName", 255, true, out _)?.Code);
    }

    [Theory]
    [InlineData("ผู้ใช้งาน\u200Bพื้นที่")]                 // Thai word break hint
    [InlineData("👨\u200D👩\u200D👧 ครอบครัว")]           // emoji joined with ZWJ
    [InlineData("ธรรมาภิบาลข้อมูลภาครัฐ ๆ ฯลฯ")]
    public void Free_text_keeps_thai_and_the_joiners_people_type(string text)
    {
        Assert.Null(TextRules.Check(text, "note", 100, true, out var cleaned));
        Assert.Equal(text, cleaned);
    }

    [Theory]
    [InlineData("รายงานผลการดำเนินงาน ปี ๒๕๖๘.pdf")]
    [InlineData("Report (final) v2.xlsx")]
    public void Ordinary_names_pass(string name) => Assert.Null(TextRules.CheckName(name, "fileName", 255, true, out _));
}
