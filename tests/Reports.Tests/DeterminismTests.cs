namespace Oversight.Reports.Tests;

public sealed class DeterminismTests
{
    [Fact]
    public void Same_input_gives_identical_bytes_and_text()
    {
        var doc = TableTests.HistoryDocument(60);
        var a = PdfRenderer.RenderToBytes(doc);
        var b = PdfRenderer.RenderToBytes(doc);
        Assert.Equal(PdfTools.PdfPigActualTextPages(a), PdfTools.PdfPigActualTextPages(b));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Concurrent_renders_match_sequential_output()
    {
        var docs = new[] { Samples.ProbeDocument(), TableTests.HistoryDocument(80), ChartTests.ChartDocument(), Samples.ProbeDocument() };
        var sequential = docs.Select(d => PdfRenderer.RenderToBytes(d)).ToArray();
        var parallel = new byte[docs.Length * 3][];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i => parallel[i] = PdfRenderer.RenderToBytes(docs[i % docs.Length]));
        for (var i = 0; i < parallel.Length; i++)
        {
            Assert.Equal(sequential[i % docs.Length], parallel[i]);
        }
    }
}

public sealed class DeterministicIdTests
{
    private static byte[] FakePdf(byte[] id, bool literal)
    {
        var hex = Convert.ToHexString(id);
        var dashed = $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}".ToLowerInvariant();
        var trailerId = literal
            ? "(" + string.Concat(id.Select(b => "\\" + Convert.ToString(b, 8).PadLeft(3, '0'))) + ")"
            : "<" + hex + ">";
        var text = $"%PDF-1.4\n1 0 obj <</Type /Metadata>> stream\n<xmpMM:DocumentID>uuid:{dashed}</xmpMM:DocumentID>\nendstream endobj\n" +
                   $"xref\n0 1\ntrailer\n<</Size 2 /ID [{trailerId} {trailerId}]>>\nstartxref\n0\n%%EOF\n";
        return System.Text.Encoding.Latin1.GetBytes(text);
    }

    [Fact]
    public void Ids_written_as_hex_or_as_literal_strings_are_replaced_by_the_same_content_hash()
    {
        var a = DeterministicIds.Apply(FakePdf(Enumerable.Range(1, 16).Select(i => (byte)(i * 13)).ToArray(), literal: false));
        var b = DeterministicIds.Apply(FakePdf(Enumerable.Range(1, 16).Select(i => (byte)(i * 29 + 7)).ToArray(), literal: true));
        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.Equal(a, b);
        var text = System.Text.Encoding.Latin1.GetString(a);
        Assert.Matches("/ID \\[<[0-9A-F]{32}> <[0-9A-F]{32}>\\]", text);
        Assert.Matches("uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<", text);
    }
}
