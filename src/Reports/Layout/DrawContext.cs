using Oversight.Reports.Text;
using SkiaSharp;

namespace Oversight.Reports.Layout;

/// <summary>Per-render drawing state (canvas, blob builder, paints, font objects). Not shared between threads.</summary>
internal sealed class DrawContext : IDisposable
{
    private readonly Dictionary<(int FaceId, float Size), SKFont> fonts = [];
    private readonly SKTextBlobBuilder builder = new();
    /// <summary>Longest text run, in glyphs (Skia's PDF cluster walk costs run length squared).</summary>
    internal const int MaxRunGlyphs = 64;
    private readonly List<PendingSegment> pending = [];
    private float pendingScale;
    private SKColor pendingColor;

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
    /// <para>
    /// Text is collected rather than drawn at once: lines in one colour and scale (see below) go into one text blob,
    /// drawn when the colour or scale changes or at <see cref="FlushText"/> (the end of the page), which saves Skia's
    /// per-draw cost (graphics state, matrix, BT/ET). Inside the blob each group of words in one face is a positioned
    /// text run carrying its UTF-8 text and cluster map, so the PDF gets /ActualText and extracts exactly. Runs are
    /// kept short (<see cref="MaxRunGlyphs"/>) because Skia's cluster walk is quadratic in the run length. Text order
    /// in the content stream stays the drawing order; text is painted above the fills and strokes of the same page,
    /// which is where every caller puts it (nothing here clips or covers text).
    /// </para>
    /// <para>
    /// Glyphs are drawn at the face's <see cref="FontFace.DrawSize"/> on a canvas scaled to the wanted size, with
    /// positions that are exact multiples of 1/64 in that space, so Skia's PDF writer finds each glyph where its own
    /// advances put it and writes one <c>Tj</c> per stretch of glyphs instead of a <c>Td</c> before each glyph.
    /// </para>
    /// </summary>
    public void DrawLine(TextLine line, float x, float top)
    {
        var baseline = top + line.Baseline;
        var pieces = line.Pieces;
        var j = 0;
        while (j < pieces.Length)
        {
            var color = pieces[j].Piece.Style.Color;
            var face = pieces[j].Piece.Shaped.Face;
            var size = pieces[j].Piece.Style.Size;
            var scale = size / face.DrawSize;
            var k = j;
            while (k < pieces.Length && pieces[k].Piece.Style.Color == color && pieces[k].Piece.Shaped.Face == face && pieces[k].Piece.Style.Size == size)
            {
                k++;
            }
            if (pending.Count > 0 && (pendingScale != scale || pendingColor != color))
            {
                FlushText();
            }
            pendingScale = scale;
            pendingColor = color;
            pending.Add(new PendingSegment(pieces, j, k, x, baseline));
            j = k;
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

    /// <summary>Draws the collected text (call before ending a page).</summary>
    public void FlushText()
    {
        if (pending.Count == 0)
        {
            return;
        }
        var scale = pendingScale;
        foreach (var seg in pending)
        {
            var face = seg.Pieces[seg.From].Piece.Shaped.Face;
            var font = GetFont(face, face.DrawSize);
            var y = Snap(seg.Baseline / scale);
            var penX = 0f;         // where the previous piece ended, in the scaled space
            var nextX = float.NaN; // where the previous piece ended, in points (to detect adjacency)
            var m = seg.From;
            while (m < seg.To)
            {
                // One run: whole pieces (so no cluster is split) up to MaxRunGlyphs glyphs, at least one piece.
                var end = m;
                int glyphCount = 0, byteCount = 0;
                while (end < seg.To && (end == m || glyphCount + seg.Pieces[end].Piece.Shaped.Glyphs.Length <= MaxRunGlyphs))
                {
                    glyphCount += seg.Pieces[end].Piece.Shaped.Glyphs.Length;
                    byteCount += seg.Pieces[end].Piece.Shaped.Utf8.Length;
                    end++;
                }
                if (glyphCount > 0)
                {
                    var run = builder.AllocatePositionedTextRun(font, glyphCount, byteCount);
                    var glyphs = run.Glyphs;
                    var positions = run.Positions;
                    var text = run.Text;
                    var clusters = run.Clusters;
                    int g0 = 0, b0 = 0;
                    for (var p = m; p < end; p++)
                    {
                        var placed = seg.Pieces[p];
                        var shaped = placed.Piece.Shaped;
                        var n = shaped.Glyphs.Length;
                        shaped.Glyphs.AsSpan().CopyTo(glyphs[g0..]);
                        shaped.Utf8.AsSpan().CopyTo(text[b0..]);
                        var left = seg.X + placed.X;
                        // A piece that follows the previous one directly continues from its exact end; after a gap
                        // (justification) it starts again from its snapped position.
                        var ox = Math.Abs(left - nextX) < 0.01f ? penX : Snap(left / scale);
                        var xu = shaped.XUnits;
                        var yu = shaped.YUnits;
                        var c8 = shaped.Clusters8;
                        for (var g = 0; g < n; g++)
                        {
                            positions[g0 + g] = new SKPoint(ox + xu[g] * (1f / 64f), yu[g] == 0 ? y : y + yu[g] * (1f / 64f));
                            clusters[g0 + g] = c8[g] + (uint)b0;
                        }
                        g0 += n;
                        b0 += shaped.Utf8.Length;
                        penX = ox + shaped.AdvanceUnits * (1f / 64f);
                        nextX = left + placed.Piece.Width;
                    }
                }
                m = end;
            }
        }
        pending.Clear();
        using var blob = builder.Build();
        if (blob is null)
        {
            return;
        }
        Fill.Color = pendingColor;
        Canvas.Save();
        Canvas.Scale(scale);
        Canvas.DrawText(blob, 0, 0, Fill);
        Canvas.Restore();
    }

    private readonly record struct PendingSegment(PlacedPiece[] Pieces, int From, int To, float X, float Baseline);

    /// <summary>Rounds to a multiple of 1/64.</summary>
    private static float Snap(float v) => MathF.Round(v * 64f) / 64f;

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
