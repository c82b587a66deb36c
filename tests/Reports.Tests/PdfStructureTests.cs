using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Actions;

namespace Oversight.Reports.Tests;

public sealed class PdfStructureTests
{
    private static readonly Lazy<(byte[] Pdf, string Path)> Probe = new(() =>
    {
        var pdf = PdfRenderer.RenderToBytes(Samples.ProbeDocument());
        return (pdf, PdfTools.SaveArtifact("structure.pdf", pdf));
    });

    [Fact]
    public void Every_font_is_embedded_and_subset()
    {
        var (code, stdout, stderr) = PdfTools.Run("pdffonts", Probe.Value.Path);
        Assert.True(code == 0, stderr);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToArray();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            // name type... encoding emb sub uni object ID
            var cols = Regex.Split(row.Trim(), "\\s+");
            var emb = cols[^5];
            var sub = cols[^4];
            Assert.True(emb == "yes" && sub == "yes", $"font not embedded+subset: {row}");
            Assert.Matches("^[A-Z]{6}\\+", cols[0]);
        }
        Assert.Contains(rows, r => r.Contains("Sarabun", StringComparison.Ordinal));
    }

    [Fact]
    public void Qpdf_check_is_clean()
    {
        var (code, stdout, stderr) = PdfTools.Run("qpdf", "--check", Probe.Value.Path);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("No syntax or stream encoding errors", stdout);
        Assert.DoesNotContain("WARNING", stdout + stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Pdfa_2b_xmp_and_output_intent_are_present()
    {
        var raw = Encoding.Latin1.GetString(Probe.Value.Pdf);
        Assert.Matches("pdfaid:part(>|=\")2", raw);
        Assert.Matches("pdfaid:conformance(>|=\")B", raw);
        Assert.Contains("/OutputIntents", raw);
        Assert.Contains("/GTS_PDFA1", raw);
        using var doc = PdfDocument.Open(Probe.Value.Pdf);
        Assert.Equal("ทดสอบข้อความภาษาไทย", doc.Information.Title);
        Assert.Equal("Oversight tests", doc.Information.Author);
        Assert.True(doc.TryGetXmpMetadata(out var xmp));
        var xml = Encoding.UTF8.GetString(xmp.GetXmlBytes().ToArray());
        Assert.Contains("ทดสอบข้อความภาษาไทย", xml);
    }

    [Fact]
    public void Link_span_becomes_a_uri_link_annotation_and_anchor_link_a_goto()
    {
        using var doc = PdfDocument.Open(Probe.Value.Pdf);
        var annotations = doc.GetPages().SelectMany(p => p.GetAnnotations()).ToList();
        var uris = annotations.Select(a => a.Action).OfType<UriAction>().Select(a => a.Uri).ToList();
        Assert.Contains("https://www.audit.go.th/", uris);
        var raw = Encoding.Latin1.GetString(Probe.Value.Pdf);
        Assert.Contains("/Subtype /Link", raw);
        Assert.Matches("/Dest \\(recs\\)|/Dests|/D \\(recs\\)|\\(recs\\)", raw);
    }

    [Fact]
    public void Page_one_renders_to_png_artifact()
    {
        var prefix = Path.Combine(PdfTools.ArtifactsDir, "structure-page");
        var (code, _, stderr) = PdfTools.Run("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", Probe.Value.Path, prefix);
        Assert.True(code == 0, stderr);
        var png = prefix + ".png";
        Assert.True(File.Exists(png));
        Assert.True(new FileInfo(png).Length > 10_000);

        var history = PdfTools.SaveArtifact("history-sample.pdf", PdfRenderer.RenderToBytes(TableTests.HistoryDocument(40)));
        (code, _, stderr) = PdfTools.Run("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", history, Path.Combine(PdfTools.ArtifactsDir, "history-page"));
        Assert.True(code == 0, stderr);
        var charts = PdfTools.SaveArtifact("charts.pdf", PdfRenderer.RenderToBytes(ChartTests.ChartDocument()));
        (code, _, stderr) = PdfTools.Run("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", charts, Path.Combine(PdfTools.ArtifactsDir, "charts-page"));
        Assert.True(code == 0, stderr);
    }
}
