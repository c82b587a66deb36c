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
