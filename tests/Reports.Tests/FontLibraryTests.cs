using Oversight.Reports.Model;
using Oversight.Reports.Text;

namespace Oversight.Reports.Tests;

public sealed class FontLibraryTests
{
    [Fact]
    public void Default_library_finds_sarabun_copied_to_the_output_fonts_folder()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "fonts", "Sarabun_400Regular.ttf")), "build should copy the Sarabun TTFs to fonts/");
        Assert.Equal(FontLibrary.Sarabun, FontLibrary.Default.DefaultFamily);
    }

    [Fact]
    public void Missing_fonts_fail_with_a_clear_message()
    {
        var e = Assert.Throws<FontNotFoundException>(() => new FontLibrary([FontFamilySource.FromFiles("Nope", "/nonexistent/Nope.ttf")]));
        Assert.Contains("/nonexistent/Nope.ttf", e.Message);
    }

    [Fact]
    public void Characters_missing_from_the_first_family_fall_back_per_character()
    {
        var laksaman = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf";
        Assert.True(File.Exists(laksaman), "apt fonts-tlwg-laksaman-ttf is needed for the fallback test");
        var sarabunDir = Path.Combine(AppContext.BaseDirectory, "fonts");
        var lib = new FontLibrary([
            FontFamilySource.FromFiles("Laksaman", laksaman),
            FontFamilySource.FromFiles("Sarabun", Path.Combine(sarabunDir, "Sarabun_400Regular.ttf")),
        ]);
        var chain = lib.GetChain(null, false, false);
        Assert.Equal(["Laksaman", "Sarabun"], chain.Select(f => f.Family));
        // Find a letter that Sarabun has and Laksaman lacks.
        var missing = Enumerable.Range(0xA0, 0x2C00 - 0xA0)
            .Where(cp => char.IsLetter((char)cp) && !chain[0].Covers(cp) && chain[1].Covers(cp))
            .Select(cp => ((char)cp).ToString())
            .FirstOrDefault();
        Assert.NotNull(missing);
        var text = $"ที่ประชุม {missing} น้ำ";
        var parts = TextLayouter.SplitByCoverage(text, chain).ToList();
        Assert.Equal(text, string.Concat(parts.Select(p => p.Text)));
        Assert.Contains(parts, p => p.Face.Family == "Sarabun" && p.Text.Contains(missing, StringComparison.Ordinal));
        Assert.Contains(parts, p => p.Face.Family == "Laksaman" && p.Text.Contains("ที่ประชุม", StringComparison.Ordinal));

        var doc = new Document([new Paragraph(text)]) { Metadata = new DocumentMetadata { Created = Samples.Created } };
        var path = PdfTools.SaveArtifact("fallback.pdf", PdfRenderer.RenderToBytes(doc, new PdfRenderOptions { Fonts = lib }));
        var (_, fonts, _) = PdfTools.Run("pdffonts", path);
        Assert.Contains("Laksaman", fonts);
        Assert.Contains("Sarabun", fonts);
        Assert.Contains(missing, PdfTools.PdfToText(path));
    }
}
