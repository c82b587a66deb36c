using Oversight.Reports.Layout;
using Oversight.Reports.Model;
using Oversight.Reports.Text;

namespace Oversight.Reports.Tests;

public sealed class PaginationTests
{
    [Fact]
    public void Footer_shows_page_x_of_n_on_every_page_and_page_count_matches()
    {
        var b = new DocumentBuilder()
            .Metadata(m => m with { Created = Samples.Created })
            .Header(new RunningContent { Right = "ข้อเสนอแนะ", SkipFirstPage = true })
            .Footer(new RunningContent { Center = "หน้า {page} / {pages}" });
        for (var i = 0; i < 60; i++)
        {
            b.Paragraph($"ย่อหน้าที่ {i + 1} " + Samples.LongThai[..150]);
        }
        b.PageBreak(PageOrientation.Landscape).Paragraph("หน้าแนวนอน");
        using var ms = new MemoryStream();
        var count = PdfRenderer.Render(b.Build(), ms, null);
        var path = PdfTools.SaveArtifact("footer.pdf", ms.ToArray());
        var pages = PdfTools.PdfToTextPages(path);
        Assert.Equal(count, pages.Length);
        Assert.True(count >= 4);
        var (_, info, _) = PdfTools.Run("pdfinfo", path);
        Assert.Matches($"Pages:\\s+{count}\\b", info);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(1, PdfTools.CountOccurrences(pages[i], $"หน้า {i + 1} / {count}"));
            Assert.Equal(1, PdfTools.CountOccurrences(pages[i], "หน้า "));
        }
        Assert.DoesNotContain("ข้อเสนอแนะ", pages[0]);
        Assert.Contains("ข้อเสนอแนะ", pages[1]);
        Assert.Contains("หน้าแนวนอน", pages[^1]);
        Assert.Matches("Page size:\\s+595(\\.\\d+)? x 84[12](\\.\\d+)?", info);
        var (_, lastInfo, _) = PdfTools.Run("pdfinfo", "-f", count.ToString(), "-l", count.ToString(), path);
        Assert.Matches($"Page\\s+{count} size:\\s+84[12](\\.\\d+)? x 595(\\.\\d+)?", lastInfo);
    }

    [Fact]
    public void Thai_digit_page_numbers_are_supported()
    {
        var doc = new Document([new Paragraph("ทดสอบ")])
        {
            Footer = new RunningContent { Right = "หน้า {page} / {pages}", ThaiDigits = true },
            Metadata = new DocumentMetadata { Created = Samples.Created },
        };
        var path = PdfTools.SaveArtifact("thai-digits.pdf", PdfRenderer.RenderToBytes(doc));
        Assert.Contains("หน้า ๑ / ๑", PdfTools.PdfToText(path));
    }

    private static readonly DocumentLayouter Layouter = new(new TextLayouter(FontLibrary.Default));

    /// <summary>A page with nothing but space (or nothing at all) on it: rendered, it shows only the running header/footer.</summary>
    private static bool Blank(LaidOutPage page) => page.Items.All(i => i.Fragment.Discardable || i.Fragment.IsHeaderRow);

    [Fact]
    public void Space_after_the_last_block_never_opens_a_page_whatever_the_fill_of_the_last_page()
    {
        // 1 to 80 short paragraphs, then space: for some counts the paragraphs end within the space's height of the
        // page bottom, which used to open an empty last page.
        for (var k = 1; k <= 80; k++)
        {
            var b = new DocumentBuilder().Footer(new RunningContent { Center = "หน้า {page} / {pages}" });
            for (var i = 0; i < k; i++)
            {
                b.Paragraph($"ย่อหน้าที่ {i + 1}");
            }
            b.Spacer(40);
            var pages = Layouter.Layout(b.Build());
            Assert.DoesNotContain(pages, Blank);
            Assert.Equal(k, pages.SelectMany(p => p.Items).Count(i => i.Fragment is TextLineFragment));
        }
    }

    [Fact]
    public void A_page_break_followed_by_nothing_or_only_space_or_another_break_adds_no_page()
    {
        Assert.Single(Layouter.Layout(new DocumentBuilder().Paragraph("หน้าเดียว").PageBreak().Build()));
        Assert.Single(Layouter.Layout(new DocumentBuilder().Paragraph("หน้าเดียว").PageBreak().Spacer(30).Build()));
        Assert.Single(Layouter.Layout(new DocumentBuilder().Paragraph("หน้าเดียว").PageBreak(PageOrientation.Landscape).Build()));
        Assert.Single(Layouter.Layout(new DocumentBuilder().PageBreak().Heading(1, "หน้าเดียว", pageBreakBefore: true).Build()));
        var two = Layouter.Layout(new DocumentBuilder().Paragraph("หน้าแรก").PageBreak().PageBreak().Spacer(20).PageBreak().Paragraph("หน้าสอง").Build());
        Assert.Equal(2, two.Count);
        Assert.DoesNotContain(two, Blank);
        // An empty document still has its one page.
        Assert.Single(Layouter.Layout(new DocumentBuilder().Build()));
    }

    [Fact]
    public void A_rendered_document_ending_in_space_and_a_page_break_has_text_on_its_last_page()
    {
        var b = new DocumentBuilder().Footer(new RunningContent { Center = "หน้า {page} / {pages}" });
        for (var i = 0; i < 40; i++)
        {
            b.Paragraph($"ย่อหน้าที่ {i + 1} " + Samples.LongThai[..60]);
        }
        b.Spacer(2000).PageBreak(); // taller than any page: it can never fit
        using var ms = new MemoryStream();
        var count = PdfRenderer.Render(b.Build(), ms, null);
        var path = PdfTools.SaveArtifact("trailing-space.pdf", ms.ToArray());
        Assert.Equal(count, PdfTools.PageCount(path));
        Assert.Contains("ย่อหน้าที่ 40", PdfTools.PdfToTextPage(path, count));
    }
}
