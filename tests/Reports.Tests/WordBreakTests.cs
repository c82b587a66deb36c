using Oversight.Reports.Model;
using Oversight.Reports.Text;

namespace Oversight.Reports.Tests;

/// <summary>
/// Words are never split: ICU's over-segmented compounds are glued, a table column is at least as wide as its widest
/// word (or, when the page cannot hold every column's words, the words are set smaller), and a string that no line can
/// hold (a hash) breaks into even lines, never leaving one or two stray characters.
/// </summary>
public sealed class WordBreakTests
{
    private static readonly TextLayouter Layouter = new(FontLibrary.Default);

    /// <summary>Compounds ICU's th_TH line iterator splits ("หน่วย|งาน", "ข้อ|เสนอ|แนะ", "ธร|รมาภิ|บาล", "พระ|ราช|บัญญัติ").</summary>
    public static TheoryData<string> Compounds => new() { "หน่วยงาน", "ข้อเสนอแนะ", "ธรรมาภิบาล", "พระราชบัญญัติ", "ผู้ดำเนินการ" };

    [Theory]
    [MemberData(nameof(Compounds))]
    public void A_glued_compound_has_no_break_opportunity_inside_alone_or_in_running_text(string word)
    {
        Assert.Equal([0, word.Length], LineBreaker.GetBoundaries(word));
        var text = $"ตามหลัก{word}ของรัฐ {word} และ{word}";
        var boundaries = LineBreaker.GetBoundaries(text);
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            Assert.DoesNotContain(boundaries, b => b > at && b < at + word.Length);
        }
        // The rest of the text still breaks between words.
        Assert.True(boundaries.Length >= 5, string.Join(",", boundaries));
    }

    [Theory]
    [InlineData("ผู้มาใช้งาน e-Service ของกระทรวงแรงงาน", "e-Service")]
    [InlineData("ตัวชี้วัด IND-INFORMAL-COVERAGE ของภาค", "IND-INFORMAL-COVERAGE")]
    [InlineData("เลขที่ mol-digital-2565/FU/25691124", "mol-digital-2565")]
    public void A_latin_word_never_breaks_at_its_hyphen_which_pdftotext_would_drop(string text, string word)
    {
        var at = text.IndexOf(word, StringComparison.Ordinal);
        Assert.DoesNotContain(LineBreaker.GetBoundaries(text), b => b > at && b < at + word.Length);
    }

    [Fact]
    public void A_narrow_fixed_column_is_widened_to_its_widest_word_instead_of_splitting_it()
    {
        // "หน่วยงาน" at 14 pt bold is about 57 pt wide: a 40 pt column (34 pt inside the padding) cannot hold it.
        var doc = new DocumentBuilder()
            .Metadata(m => m with { Title = "narrow", Created = Samples.Created })
            .Table([ColumnWidth.Fixed(40), ColumnWidth.Fixed(48), ColumnWidth.Relative(1)],
                ["หน่วยงาน", "ร้อยละ", "รายละเอียด"],
                [["ICT", "30", "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสารรายงานความคืบหน้าการจัดทำแผนบูรณาการข้อมูลด้านแรงงาน"]],
                t => t with { Style = new TextStyle { Size = 14 }, CellPadding = 3 })
            .Build();
        var lines = Lines(doc, "narrow-column.pdf");
        Assert.Contains("หน่วยงาน", lines);
        Assert.DoesNotContain("หน่วย", lines);
        Assert.Contains("ร้อยละ", lines);
    }

    [Fact]
    public void When_no_width_holds_every_columns_words_the_words_are_set_smaller_not_split()
    {
        // Eight columns whose headers need about 63 pt each do not fit 453 pt: every header is set smaller instead.
        var headers = Enumerable.Repeat("หน่วยงาน", 4).Concat(Enumerable.Repeat("ข้อเสนอแนะ", 4)).ToArray();
        var doc = new DocumentBuilder()
            .Metadata(m => m with { Title = "too narrow", Created = Samples.Created })
            .Table(Enumerable.Repeat(ColumnWidth.Relative(1), 8), headers, [Enumerable.Repeat("ธรรมาภิบาล", 8).ToArray()],
                t => t with { Style = new TextStyle { Size = 14 }, CellPadding = 3 })
            .Build();
        var lines = Lines(doc, "too-narrow-columns.pdf");
        var joined = string.Join("\n", lines);
        Assert.Equal(4, PdfTools.CountOccurrences(joined, "หน่วยงาน"));
        Assert.Equal(4, PdfTools.CountOccurrences(joined, "ข้อเสนอแนะ"));
        Assert.Equal(8, PdfTools.CountOccurrences(joined, "ธรรมาภิบาล"));
        Assert.DoesNotContain(lines, l => l is "หน่วย" or "งาน" or "ข้อ" or "เสนอ" or "แนะ" or "บาล");
    }

    [Theory]
    [InlineData(9f)]
    [InlineData(10f)]
    [InlineData(12f)]
    public void A_hash_wider_than_the_line_breaks_into_even_lines_never_leaving_stray_characters(float size)
    {
        const string hash = "3f2a9c0b7d1e4f5a6b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c";
        var style = ResolvedStyle.From(new TextStyle { Size = size });
        var natural = Layouter.LayoutSingleLine(hash, style).Width;
        for (var width = 30f; width < natural; width += 9f)
        {
            var lines = Layouter.Layout([new InlineRun(hash, style, null)], width, new ParagraphOptions(TextAlign.Left, 1f, 0, 0), style);
            Assert.Equal(hash, string.Concat(lines.Select(l => l.Text)));
            // As many lines as the width needs (one more at most where a character does not fit the end of a line).
            Assert.True(lines.Count >= (int)Math.Ceiling(natural / width) && lines.Count <= (int)Math.Ceiling(natural / width) + 1,
                $"width {width}: {lines.Count} lines for {natural / width:0.00} line widths: {string.Join(" | ", lines.Select(l => $"{l.Text} ({l.Width:0.0})"))}");
            Assert.All(lines, l => Assert.True(l.Width <= width + 0.01f, $"{l.Text} is {l.Width} wide > {width}"));
            var shortest = lines.Min(l => l.Text.Length);
            var longest = lines.Max(l => l.Text.Length);
            Assert.True(shortest >= 3 && longest - shortest <= Math.Max(2, longest / 4),
                $"width {width}: uneven lines {string.Join(" | ", lines.Select(l => l.Text))}");
        }
    }

    private static List<string> Lines(Document doc, string artifact)
    {
        var path = PdfTools.SaveArtifact(artifact, PdfRenderer.RenderToBytes(doc));
        // Words as pdftotext reads them (cells of one row share a line, separated by spaces).
        return PdfTools.PdfToText(path).Split('\n', ' ').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
    }
}
