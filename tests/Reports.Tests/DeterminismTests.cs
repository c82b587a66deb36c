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
