using Oversight.Reports.Text;

namespace Oversight.Reports.Tests;

/// <summary>
/// The Thai glossary has one home, <c>src/Reports/Text/thai-words.json</c>: the PDFs' line breaker reads that file
/// (embedded) and keeps every word in it whole; the pages and the browser read the same file (see the Api tests).
/// </summary>
public sealed class ThaiGlossaryTests
{
    private static string SourcePath => Path.Combine(PdfTools.RepoRoot, "src", "Reports", "Text", "thai-words.json");

    [Fact]
    public void The_embedded_glossary_is_the_source_file_byte_for_byte()
    {
        using var embedded = ThaiGlossary.OpenJson();
        using var bytes = new MemoryStream();
        embedded.CopyTo(bytes);
        Assert.Equal(File.ReadAllBytes(SourcePath), bytes.ToArray());
    }

    [Fact]
    public void The_glossary_holds_the_words_every_side_keeps_whole_and_the_prefixes()
    {
        // Words ICU splits (ข้อ|เสนอ|แนะ, ธร|รมาภิ|บาล, พระ|ราช|บัญญัติ, หน่วย|งาน) and one the PDFs' table labels need.
        Assert.Subset(ThaiGlossary.Words.ToHashSet(StringComparer.Ordinal),
            new HashSet<string>(StringComparer.Ordinal) { "ข้อเสนอแนะ", "ธรรมาภิบาล", "พระราชบัญญัติ", "หน่วยงาน", "ผู้ดำเนินการ" });
        Assert.Equal(["ผู้", "ข้อ", "ความ"], ThaiGlossary.NoBreakAfter);
        Assert.Equal(ThaiGlossary.Words.Count, ThaiGlossary.Words.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ThaiGlossary.Words, w => Assert.True(w.Length > 1 && ThaiCompounds.HasThai(w), w));
    }

    [Fact]
    public void The_PDF_line_breaker_keeps_every_glossary_word_whole()
    {
        var split = new List<string>();
        foreach (var word in ThaiGlossary.Words)
        {
            if (!LineBreaker.GetBoundaries(word).SequenceEqual([0, word.Length]))
            {
                split.Add($"{word}: {string.Join(",", LineBreaker.GetBoundaries(word))}");
            }
            var text = $"ตาม {word} และ";
            const int at = 4;
            if (LineBreaker.GetBoundaries(text).Any(b => b > at && b < at + word.Length))
            {
                split.Add($"{text}: {string.Join(",", LineBreaker.GetBoundaries(text))}");
            }
        }
        Assert.Empty(split);
    }
}
