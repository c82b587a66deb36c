using System.Text.RegularExpressions;
using Oversight.Web.Text;

namespace Oversight.Api.Tests;

/// <summary>
/// The pages' Thai line breaking (Text/ThaiWords) and date entry (Text/DateInput): the rules behind what the browser
/// tests see.
/// </summary>
public sealed partial class ThaiTextTests
{
    private static string[] Pieces(string text)
    {
        var breaks = ThaiWords.Breaks(text);
        var pieces = new List<string>();
        var start = 0;
        foreach (var b in breaks.Append(text.Length))
        {
            pieces.Add(text[start..b]);
            start = b;
        }
        return [.. pieces];
    }

    [Theory]
    [InlineData("ข้อเสนอแนะ")]
    [InlineData("ธรรมาภิบาล")]
    [InlineData("พระราชบัญญัติ")]
    [InlineData("บูรณาการ")]
    [InlineData("โครงการ")]
    [InlineData("หน่วยงาน")]
    [InlineData("ตรวจสอบ")]
    public void Compounds_ICU_splits_are_never_broken(string word)
    {
        var text = $"ตามแนวทาง{word}และการดำเนินการตาม{word}ของหน่วยงาน";
        var breaks = ThaiWords.Breaks(text);
        foreach (Match occurrence in Regex.Matches(text, Regex.Escape(word)))
        {
            Assert.DoesNotContain(breaks, b => b > occurrence.Index && b < occurrence.Index + word.Length);
        }
        Assert.NotEmpty(breaks); // still breakable between words
    }

    [Fact]
    public void ICU_misreadings_around_compounds_are_put_right()
    {
        // ICU alone: กา|รบู|รณา|การ, อย่า|งบู|รณา|การ, ตามพ|ระ|ราช|บัญญัติ, โค|รง|การฯ, ต่อย|อด.
        Assert.Equal(["การ", "บูรณาการ"], Pieces("การบูรณาการ"));
        Assert.Equal(["อย่าง", "บูรณาการ"], Pieces("อย่างบูรณาการ"));
        Assert.Equal(["ตาม", "พระราชบัญญัติ"], Pieces("ตามพระราชบัญญัติ"));
        Assert.Contains("โครงการฯ ", Pieces("ของโครงการฯ ควร"));
        Assert.Contains("ต่อยอด", Pieces("นำข้อมูลมาต่อยอด"));
        // A glossary word inside a longer word ICU knows is left alone (พัฒนา in พัฒนาการ).
        Assert.Contains("พัฒนาการ", Pieces("การพัฒนาการบริหาร"));
        // …and a shorter glossary word inside an ICU word does not cut it (ฐานข้อมูล in มาตรฐาน|ข้อมูล).
        Assert.Equal(["ใช้", "มาตรฐาน", "ข้อมูล"], Pieces("ใช้มาตรฐานข้อมูล"));
    }

    [Fact]
    public void A_line_never_starts_with_mai_yamok_or_a_mark_and_never_breaks_after_a_prefix()
    {
        foreach (var text in new[] { "หน่วยงานต่าง ๆ เพื่อให้", "หน่วยงานต่างๆ เพื่อให้", "ช่องทางต่าง ๆ ของกระทรวง" })
        {
            var breaks = ThaiWords.Breaks(text);
            Assert.DoesNotContain(breaks, b => text[b] == 'ๆ' || text[b..].TrimStart().StartsWith('ๆ'));
        }
        var prefixed = "ชื่อผู้ใช้และผู้ที่เกี่ยวข้อง";
        Assert.DoesNotContain(ThaiWords.Breaks(prefixed), b => prefixed[..b].EndsWith("ผู้", StringComparison.Ordinal));
    }

    [Fact]
    public void Html_keeps_the_text_and_escapes_it()
    {
        var text = "ข้อเสนอแนะ <b>ต่าง ๆ</b> & \"ธรรมาภิบาล\"";
        var html = ThaiWords.ToHtml(text);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;b&gt;", html);
        Assert.Contains("<span class=\"tw\">ข้อเสนอแนะ</span>", html);
        Assert.Contains("<span class=\"tw\">ธรรมาภิบาล</span>", html);
        // Tags removed and entities decoded, it is the text again.
        var plain = System.Net.WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", ""));
        Assert.Equal(text, plain);
    }

    [Fact]
    public void Html_processing_touches_text_only()
    {
        var html = "<h1 title=\"ข้อเสนอแนะ\">ข้อเสนอแนะ</h1><select><option>ข้อเสนอแนะ</option></select>"
            + "<textarea>ข้อเสนอแนะ</textarea><script>var x = \"ข้อเสนอแนะ<b>\";</script><code>ข้อเสนอแนะ</code><p>a &amp; ธรรมาภิบาล</p>";
        var processed = ThaiWords.ProcessHtml(html);
        Assert.Equal("<h1 title=\"ข้อเสนอแนะ\"><span class=\"tw\">ข้อเสนอแนะ</span></h1><select><option>ข้อเสนอแนะ</option></select>"
            + "<textarea>ข้อเสนอแนะ</textarea><script>var x = \"ข้อเสนอแนะ<b>\";</script><code>ข้อเสนอแนะ</code><p>a &amp; <span class=\"tw\">ธรรมาภิบาล</span></p>", processed);
        Assert.Equal("<p>no Thai</p>", ThaiWords.ProcessHtml("<p>no Thai</p>"));
    }

    [Theory]
    [InlineData("31/03/2570", "th", "2027-03-31")]
    [InlineData("31/3/70", "th", "2027-03-31")]
    [InlineData("๓๑/๐๓/๒๕๗๐", "th", "2027-03-31")]
    [InlineData("31 มี.ค. 2570", "th", "2027-03-31")]
    [InlineData("31 มีนาคม พ.ศ. 2570", "th", "2027-03-31")]
    [InlineData("2027-03-31", "th", "2027-03-31")]
    [InlineData("31/03/2027", "en", "2027-03-31")]
    [InlineData("31 Mar 2027", "en", "2027-03-31")]
    [InlineData("2027-03-31", "en", "2027-03-31")]
    [InlineData("29/02/2567", "th", "2024-02-29")]
    public void Typed_dates_are_read_in_the_interfaces_era(string typed, string lang, string iso)
    {
        var (date, error) = DateInput.Parse(typed, lang);
        Assert.Null(error);
        Assert.Equal(iso, date!.Value.ToString("yyyy-MM-dd"));
    }

    [Theory]
    [InlineData("", "th", DateInput.Codes.Required)]
    [InlineData("31/03/2027", "th", DateInput.Codes.ExpectedBuddhistYear)]
    [InlineData("31/03/2570", "en", DateInput.Codes.ExpectedCommonEraYear)]
    [InlineData("03/31/2570", "th", DateInput.Codes.Format)]
    [InlineData("30/02/2570", "th", DateInput.Codes.NoSuchDay)]
    [InlineData("พรุ่งนี้", "th", DateInput.Codes.Format)]
    [InlineData("2570-03-31", "th", DateInput.Codes.ExpectedCommonEraYear)]
    public void Dates_that_cannot_be_read_say_why(string typed, string lang, string code)
    {
        var (date, error) = DateInput.Parse(typed, lang);
        Assert.Null(date);
        Assert.Equal(code, error);
    }

    [Fact]
    public void Dates_are_shown_for_input_in_the_interfaces_era_and_read_back_the_same()
    {
        var date = new DateOnly(2027, 3, 31);
        Assert.Equal("31/03/2570", DateInput.Format(date, "th"));
        Assert.Equal("31/03/2027", DateInput.Format(date, "en"));
        foreach (var lang in new[] { "th", "en" })
        {
            Assert.Equal(date, DateInput.Parse(DateInput.Format(date, lang), lang).Date);
        }
    }
}
