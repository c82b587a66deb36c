using Oversight.Reports.Model;

namespace Oversight.Reports.Tests;

public sealed class ExtractionTests
{
    [Fact]
    public void Thai_probe_strings_extract_exactly_with_pdftotext_and_pdfpig_actualtext()
    {
        var pdf = PdfRenderer.RenderToBytes(Samples.ProbeDocument());
        var path = PdfTools.SaveArtifact("thai-probes.pdf", pdf);
        var text = PdfTools.PdfToText(path);
        var pig = string.Join("\n", PdfTools.PdfPigActualTextPages(pdf));
        foreach (var probe in Samples.ThaiProbes)
        {
            Assert.Contains(probe, text);
            Assert.Contains(probe, pig);
        }
        // Probes are whole paragraphs: each appears as its own line.
        var lines = text.Split('\n').Select(l => l.Trim()).ToHashSet();
        foreach (var probe in Samples.ThaiProbes)
        {
            Assert.Contains(probe, lines);
        }
    }
}
