using Oversight.Reports.Text;
using SkiaSharp;

namespace Oversight.Reports.Layout;

/// <summary>Per-render drawing state (canvas, blob builder, paints, font objects). Not shared between threads.</summary>
internal sealed class DrawContext : IDisposable
{
    private readonly Dictionary<(int FaceId, float Size), SKFont> fonts = [];
    private readonly SKTextBlobBuilder builder = new();

    public DrawContext(TextLayouter text) => Text = text;

    public SKCanvas Canvas { get; set; } = null!;
    public TextLayouter Text { get; }
    public SKPaint Fill { get; } = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    public SKPaint Stroke { get; } = new() { IsAntialias = true, Style = SKPaintStyle.Stroke };

    public SKFont GetFont(FontFace face, float size)
    {
        if (!fonts.TryGetValue((face.Id, size), out var font))
        {
            font = face.CreateFont(size);
            fonts[(face.Id, size)] = font;
        }
        return font;
    }

    public void FillRect(SKRect rect, SKColor color)
    {
        Fill.Color = color;
        Canvas.DrawRect(rect, Fill);
    }

    public void Line(float x0, float y0, float x1, float y1, SKColor color, float width)
    {
        Stroke.Color = color;
        Stroke.StrokeWidth = width;
        Canvas.DrawLine(x0, y0, x1, y1, Stroke);
    }

    /// <summary>
    /// Draws a laid-out line with its left edge at <paramref name="x"/> and its top at <paramref name="top"/>.
    /// Each piece becomes a positioned text run carrying the UTF-8 text and cluster map, so the PDF gets /ActualText
    /// and extracts exactly. Consecutive pieces of one colour share a text blob.
    /// </summary>
    public void DrawLine(TextLine line, float x, float top)
    {
        var baseline = top + line.Baseline;
        var pieces = line.Pieces;
        var i = 0;
        while (i < pieces.Length)
        {
            var color = pieces[i].Piece.Style.Color;
            var any = false;
            var j = i;
            while (j < pieces.Length && pieces[j].Piece.Style.Color == color)
            {
                // Merge consecutive pieces of the same face and size into one positioned text run: Skia's PDF
                // backend has a noticeable cost per run, and a line is usually one face.
                var face = pieces[j].Piece.Shaped.Face;
                var size = pieces[j].Piece.Style.Size;
                var k = j;
                int glyphCount = 0, byteCount = 0;
                while (k < pieces.Length && pieces[k].Piece.Style.Color == color && pieces[k].Piece.Shaped.Face == face && pieces[k].Piece.Style.Size == size)
                {
                    glyphCount += pieces[k].Piece.Shaped.Glyphs.Length;
                    byteCount += pieces[k].Piece.Shaped.Utf8.Length;
                    k++;
                }
                if (glyphCount > 0)
                {
                    var font = GetFont(face, size);
                    var run = builder.AllocatePositionedTextRun(font, glyphCount, byteCount);
                    var glyphs = run.Glyphs;
                    var positions = run.Positions;
                    var text = run.Text;
                    var clusters = run.Clusters;
                    int g0 = 0, b0 = 0;
                    for (var m = j; m < k; m++)
                    {
                        var placed = pieces[m];
                        var shaped = placed.Piece.Shaped;
                        var n = shaped.Glyphs.Length;
                        shaped.Glyphs.AsSpan().CopyTo(glyphs[g0..]);
                        shaped.Utf8.AsSpan().CopyTo(text[b0..]);
                        var ox = x + placed.X;
                        var xs = shaped.X;
                        var ys = shaped.Y;
                        var c8 = shaped.Clusters8;
                        for (var g = 0; g < n; g++)
                        {
                            positions[g0 + g] = new SKPoint(ox + xs[g] * size, baseline + ys[g] * size);
                            clusters[g0 + g] = c8[g] + (uint)b0;
                        }
                        g0 += n;
                        b0 += shaped.Utf8.Length;
                    }
                    any = true;
                }
                j = k;
            }
            if (any)
            {
                using var blob = builder.Build();
                if (blob is not null)
                {
                    Fill.Color = color;
                    Canvas.DrawText(blob, 0, 0, Fill);
                }
            }
            i = j;
        }

        // Underlines and links.
        string? linkTarget = null;
        var linkRect = SKRect.Empty;
        foreach (var placed in pieces)
        {
            var p = placed.Piece;
            var left = x + placed.X;
            var right = left + p.Width;
            if (p.Style.Underline)
            {
                var face = p.Shaped.Face;
                var y = baseline + face.UnderlinePosition * p.Style.Size;
                FillRect(new SKRect(left, y, right - (ReferenceEquals(placed.Piece, pieces[^1].Piece) ? p.TrailingWhitespace : 0), y + Math.Max(0.5f, face.UnderlineThickness * p.Style.Size)), p.Style.Color);
            }
            if (p.Link != linkTarget)
            {
                FlushLink(linkTarget, linkRect);
                linkTarget = p.Link;
                linkRect = SKRect.Empty;
            }
            if (p.Link is not null)
            {
                var r = new SKRect(left, baseline - p.Ascent, right, baseline + p.Descent);
                linkRect = linkRect.IsEmpty ? r : SKRect.Union(linkRect, r);
            }
        }
        FlushLink(linkTarget, linkRect);
    }

    private void FlushLink(string? target, SKRect rect)
    {
        if (target is null || rect.IsEmpty)
        {
            return;
        }
        if (target.StartsWith('#'))
        {
            Canvas.DrawLinkDestinationAnnotation(rect, target[1..]);
        }
        else
        {
            Canvas.DrawUrlAnnotation(rect, target);
        }
    }


    public void Dispose()
    {
        foreach (var f in fonts.Values)
        {
            f.Dispose();
        }
        builder.Dispose();
        Fill.Dispose();
        Stroke.Dispose();
    }
}
