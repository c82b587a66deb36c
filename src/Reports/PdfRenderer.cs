using System.Globalization;
using Oversight.Reports.Layout;
using Oversight.Reports.Model;
using Oversight.Reports.Text;
using SkiaSharp;

namespace Oversight.Reports;

/// <summary>Options for <see cref="PdfRenderer"/>.</summary>
public sealed record PdfRenderOptions
{
    /// <summary>Fonts to use; null uses <see cref="FontLibrary.Default"/>.</summary>
    public FontLibrary? Fonts { get; init; }

    /// <summary>
    /// Replace the document ID that Skia derives from the wall clock (trailer /ID and XMP DocumentID/InstanceID) with
    /// an MD5 of the rest of the file, so identical input (including <see cref="DocumentMetadata.Created"/>) gives
    /// byte-identical output. Default true.
    /// </summary>
    public bool DeterministicId { get; init; } = true;
}

/// <summary>
/// Renders a <see cref="Document"/> to PDF (PDF/A-2b by default) with SkiaSharp. Text is shaped with HarfBuzz and
/// written with its Unicode source so Thai extracts exactly. Thread-safe: documents may be rendered concurrently;
/// fonts, shaping results and line-break boundaries are cached process-wide.
/// </summary>
public static class PdfRenderer
{
    /// <summary>Renders the document to <paramref name="output"/> with the default fonts.</summary>
    public static void Render(Document document, Stream output) => Render(document, output, null);

    /// <summary>Renders the document to <paramref name="output"/> and returns the number of pages.</summary>
    public static int Render(Document document, Stream output, PdfRenderOptions? options)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(output);
        var fonts = options?.Fonts ?? FontLibrary.Default;
        var text = new TextLayouter(fonts);
        var layouter = new DocumentLayouter(text);
        var pages = layouter.Layout(document);

        var meta = document.Metadata;
        var created = (meta.Created ?? DateTimeOffset.Now).UtcDateTime;
        var pdfMeta = new SKDocumentPdfMetadata
        {
            Title = meta.Title ?? string.Empty,
            Author = meta.Author ?? string.Empty,
            Subject = meta.Subject ?? string.Empty,
            Keywords = meta.Keywords ?? string.Empty,
            Creator = meta.Creator ?? string.Empty,
            Producer = meta.Producer ?? string.Empty,
            Creation = created,
            Modified = (meta.Modified ?? meta.Created ?? DateTimeOffset.Now).UtcDateTime,
            PdfA = meta.PdfA,
            RasterDpi = SKDocumentPdfMetadata.DefaultRasterDpi,
            EncodingQuality = SKDocumentPdfMetadata.DefaultEncodingQuality,
        };

        var buffer = options?.DeterministicId == false ? null : new MemoryStream();
        var pageCount = Write(document, buffer ?? output, pdfMeta, pages, text, layouter);
        if (buffer is not null)
        {
            using (buffer)
            {
                var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
                if (DeterministicIds.Apply(bytes) is { } fixedBytes)
                {
                    output.Write(fixedBytes);
                }
                else
                {
                    output.Write(bytes);
                }
            }
        }
        return pageCount;
    }

    private static int Write(Document document, Stream output, SKDocumentPdfMetadata pdfMeta, List<LaidOutPage> pages, TextLayouter text, DocumentLayouter layouter)
    {
        using var pdf = SKDocument.CreatePdf(output, pdfMeta)
            ?? throw new InvalidOperationException("SkiaSharp could not create a PDF document.");
        using var ctx = new DrawContext(text);
        for (var p = 0; p < pages.Count; p++)
        {
            var page = pages[p];
            var canvas = pdf.BeginPage(page.Setup.Width, page.Setup.Height);
            ctx.Canvas = canvas;
            foreach (var (fragment, y) in page.Items)
            {
                fragment.Draw(ctx, page.BodyLeft + fragment.X, y);
            }
            DrawRunning(ctx, layouter, document, document.Header, page, p + 1, pages.Count, header: true);
            DrawRunning(ctx, layouter, document, document.Footer, page, p + 1, pages.Count, header: false);
            ctx.FlushText();
            pdf.EndPage();
        }
        pdf.Close();
        return pages.Count;
    }

    /// <summary>Renders the document to a byte array.</summary>
    public static byte[] RenderToBytes(Document document, PdfRenderOptions? options = null)
    {
        using var ms = new MemoryStream();
        Render(document, ms, options);
        return ms.ToArray();
    }

    /// <summary>Replaces <c>{page}</c> and <c>{pages}</c> in running header/footer text.</summary>
    internal static string Substitute(string template, int page, int pages, bool thaiDigits)
    {
        string N(int n) => thaiDigits ? BlockLayouter.ToThaiDigits(n.ToString(CultureInfo.InvariantCulture)) : n.ToString(CultureInfo.InvariantCulture);
        return template.Replace("{page}", N(page), StringComparison.Ordinal).Replace("{pages}", N(pages), StringComparison.Ordinal);
    }

    private static void DrawRunning(DrawContext ctx, DocumentLayouter layouter, Document doc, RunningContent? content, LaidOutPage page,
        int number, int total, bool header)
    {
        if (content is null || (content.SkipFirstPage && number == 1))
        {
            return;
        }
        var style = DocumentLayouter.RunningStyle(doc, content);
        var setup = page.Setup;
        var left = setup.Margins.Left;
        var width = setup.ContentWidth;
        var lineHeight = layouter.RunningLineHeight(doc, content);
        var top = header ? setup.HeaderDistance : setup.Height - setup.FooterDistance - lineHeight;
        foreach (var (template, align) in new[] { (content.Left, TextAlign.Left), (content.Center, TextAlign.Center), (content.Right, TextAlign.Right) })
        {
            if (string.IsNullOrEmpty(template))
            {
                continue;
            }
            var line = ctx.Text.LayoutSingleLine(Substitute(template, number, total, content.ThaiDigits), style);
            var x = align switch
            {
                TextAlign.Center => left + (width - line.Width) / 2,
                TextAlign.Right => left + width - line.Width,
                _ => left,
            };
            ctx.DrawLine(line, x, top);
        }
        if (content.Rule)
        {
            var y = header ? top + lineHeight + 2 : top - 2;
            ctx.Line(left, y, left + width, y, style.Color, 0.5f);
        }
    }
}
