using Oversight.Reports.Model;

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
}
