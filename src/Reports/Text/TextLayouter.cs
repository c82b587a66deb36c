using System.Globalization;
using System.Text;
using Oversight.Reports.Model;
using SkiaSharp;

namespace Oversight.Reports.Text;

/// <summary>Fully resolved character formatting.</summary>
internal readonly record struct ResolvedStyle(string? Family, float Size, bool Bold, bool Italic, bool Underline, SKColor Color)
{
    public static ResolvedStyle From(TextStyle style) => new(
        style.FontFamily,
        style.Size ?? 16f,
        style.Bold ?? false,
        style.Italic ?? false,
        style.Underline ?? false,
        style.Color is { } c ? new SKColor(c.R, c.G, c.B, c.A) : SKColors.Black);
}

/// <summary>A run of text to lay out, with its style and optional link.</summary>
internal readonly record struct InlineRun(string Text, ResolvedStyle Style, string? Link);

/// <summary>A shaped piece of text in one face and style.</summary>
internal sealed class GlyphPiece(ShapedText shaped, ResolvedStyle style, string? link)
{
    public ShapedText Shaped { get; } = shaped;
    public ResolvedStyle Style { get; } = style;
    public string? Link { get; } = link;
    public float Width => Shaped.Advance * Style.Size;
    public float TrailingWhitespace => Shaped.TrailingWhitespace * Style.Size;
    public float Ascent => Shaped.Face.Ascent * Style.Size;
    public float Descent => Shaped.Face.Descent * Style.Size;
}

/// <summary>A piece placed on a line at an x offset from the line's left edge.</summary>
internal readonly record struct PlacedPiece(GlyphPiece Piece, float X);

/// <summary>One laid-out line.</summary>
internal sealed class TextLine
{
    public required PlacedPiece[] Pieces { get; init; }
    /// <summary>Width of the content without trailing whitespace.</summary>
    public required float Width { get; init; }
    public required float Height { get; init; }
    /// <summary>Baseline offset from the top of the line box.</summary>
    public required float Baseline { get; init; }
    /// <summary>The line's source text (for tests and diagnostics).</summary>
    public string Text => string.Concat(Pieces.Select(p => p.Piece.Shaped.Text));
    /// <summary>Right edge of the inked content, relative to the line box's left edge.</summary>
    public float Right => Pieces.Length == 0 ? 0 : Pieces.Max(p => p.X + p.Piece.Width - (ReferenceEquals(p.Piece, Pieces[^1].Piece) ? p.Piece.TrailingWhitespace : 0));
}

/// <summary>Paragraph options for <see cref="TextLayouter.Layout"/>.</summary>
internal readonly record struct ParagraphOptions(TextAlign Align, float LineSpacing, float LeftIndent, float FirstLineIndent);

/// <summary>
/// Wraps styled runs into lines: ICU (th_TH) line-break opportunities, per-character font fallback, HarfBuzz shaping
/// (cached), greedy fitting, hard breaks at grapheme boundaries for a single segment longer than the line.
/// Stateless and thread-safe.
/// </summary>
internal sealed class TextLayouter(FontLibrary fonts)
{
    private const float Epsilon = 0.01f;

    public FontLibrary Fonts { get; } = fonts;

    public List<TextLine> Layout(IReadOnlyList<InlineRun> runs, float width, ParagraphOptions options, ResolvedStyle baseStyle)
    {
        var lines = new List<TextLine>();
        var full = Concat(runs, out var starts);
        var hardStart = 0;
        while (true)
        {
            var nl = full.IndexOf('\n', hardStart);
            var hardEnd = nl < 0 ? full.Length : nl;
            LayoutHardLine(full, hardStart, hardEnd, runs, starts, width, options, baseStyle, lines);
            if (nl < 0)
            {
                break;
            }
            hardStart = nl + 1;
        }
        return lines;
    }

    /// <summary>Lays out text on one line with no width limit.</summary>
    public TextLine LayoutSingleLine(string text, ResolvedStyle style, TextAlign align = TextAlign.Left)
    {
        var lines = Layout([new InlineRun(text.Replace('\n', ' '), style, null)], float.PositiveInfinity, new ParagraphOptions(align, 1f, 0, 0), style);
        return lines[0];
    }

    /// <summary>Minimum (widest unbreakable segment) and maximum (no wrapping) content widths.</summary>
    public (float Min, float Max) Measure(IReadOnlyList<InlineRun> runs)
    {
        var full = Concat(runs, out var starts);
        float min = 0, max = 0;
        var hardStart = 0;
        while (true)
        {
            var nl = full.IndexOf('\n', hardStart);
            var hardEnd = nl < 0 ? full.Length : nl;
            var lineWidth = 0f;
            foreach (var seg in Segments(full, hardStart, hardEnd, runs, starts))
            {
                min = Math.Max(min, seg.Width - seg.Trailing);
                lineWidth += seg.Width;
            }
            max = Math.Max(max, lineWidth);
            if (nl < 0)
            {
                break;
            }
            hardStart = nl + 1;
        }
        return (min, max);
    }

    private static string Concat(IReadOnlyList<InlineRun> runs, out int[] starts)
    {
        starts = new int[runs.Count + 1];
        if (runs.Count == 1)
        {
            starts[1] = runs[0].Text.Length;
            return Clean(runs[0].Text);
        }
        var sb = new StringBuilder();
        for (var i = 0; i < runs.Count; i++)
        {
            starts[i] = sb.Length;
            sb.Append(runs[i].Text);
        }
        starts[runs.Count] = sb.Length;
        return Clean(sb.ToString());
    }

    // Tabs become spaces, CR is dropped (keeps indices stable by replacing with ZWSP-free space), other C0 controls become spaces.
    private static string Clean(string s)
    {
        foreach (var c in s)
        {
            if (c < ' ' && c != '\n')
            {
                var chars = s.ToCharArray();
                for (var i = 0; i < chars.Length; i++)
                {
                    if (chars[i] < ' ' && chars[i] != '\n')
                    {
                        chars[i] = ' ';
                    }
                }
                return new string(chars);
            }
        }
        return s;
    }

    private sealed class Segment
    {
        public List<GlyphPiece> Pieces { get; } = new(2);
        public float Width { get; set; }
        public float Trailing => Pieces.Count == 0 ? 0 : Pieces[^1].TrailingWhitespace;
        public string Text => string.Concat(Pieces.Select(p => p.Shaped.Text));
    }

    private IEnumerable<Segment> Segments(string full, int start, int end, IReadOnlyList<InlineRun> runs, int[] starts)
    {
        if (end <= start)
        {
            yield break;
        }
        var text = start == 0 && end == full.Length ? full : full[start..end];
        var bounds = LineBreaker.GetBoundaries(text);
        var runIndex = 0;
        for (var i = 0; i + 1 < bounds.Length; i++)
        {
            var a = start + bounds[i];
            var b = start + bounds[i + 1];
            var seg = new Segment();
            while (runIndex < runs.Count && starts[runIndex + 1] <= a)
            {
                runIndex++;
            }
            for (var r = runIndex; r < runs.Count && starts[r] < b; r++)
            {
                var ps = Math.Max(a, starts[r]);
                var pe = Math.Min(b, starts[r + 1]);
                if (pe <= ps)
                {
                    continue;
                }
                AddPieces(seg, full.Substring(ps, pe - ps), runs[r]);
            }
            if (seg.Pieces.Count > 0)
            {
                yield return seg;
            }
        }
    }

    private void AddPieces(Segment seg, string text, InlineRun run)
    {
        var chain = Fonts.GetChain(run.Style.Family, run.Style.Bold, run.Style.Italic);
        foreach (var (face, part) in SplitByCoverage(text, chain))
        {
            var piece = new GlyphPiece(Shaper.Shape(face, part), run.Style, run.Link);
            seg.Pieces.Add(piece);
            seg.Width += piece.Width;
        }
    }

    /// <summary>Splits text into runs of the first face in the chain that has each character (marks and spaces stay with their base).</summary>
    internal static IEnumerable<(FontFace Face, string Text)> SplitByCoverage(string text, FontFace[] chain)
    {
        var primary = chain[0];
        var allPrimary = true;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!primary.Covers(rune.Value) && !IsAttaching(rune))
            {
                allPrimary = false;
                break;
            }
        }
        if (allPrimary || chain.Length == 1)
        {
            yield return (primary, text);
            yield break;
        }

        FontFace? current = null;
        var runStart = 0;
        var pos = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            FontFace face;
            if (current is not null && (IsAttaching(rune) || current.Covers(rune.Value) && current == primary))
            {
                face = current;
            }
            else
            {
                face = chain.FirstOrDefault(f => f.Covers(rune.Value)) ?? (current ?? primary);
            }
            if (current is not null && face != current)
            {
                yield return (current, text[runStart..pos]);
                runStart = pos;
            }
            current = face;
            pos += rune.Utf16SequenceLength;
        }
        if (current is not null && pos > runStart)
        {
            yield return (current, text[runStart..pos]);
        }
    }

    private static bool IsAttaching(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune))
        {
            return true;
        }
        var cat = Rune.GetUnicodeCategory(rune);
        return cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format;
    }

    private void LayoutHardLine(string full, int start, int end, IReadOnlyList<InlineRun> runs, int[] starts, float width,
        ParagraphOptions options, ResolvedStyle baseStyle, List<TextLine> lines)
    {
        var firstLine = lines.Count == 0;
        var builder = new LineBuilder(firstLine ? width - options.LeftIndent - options.FirstLineIndent : width - options.LeftIndent,
            firstLine ? options.LeftIndent + options.FirstLineIndent : options.LeftIndent);
        var any = false;
        foreach (var seg in Segments(full, start, end, runs, starts))
        {
            any = true;
            Place(seg);
        }
        if (!any)
        {
            // Empty line: keep its height.
            lines.Add(Finish(builder, options, baseStyle, lastOfHardLine: true));
            return;
        }
        lines.Add(Finish(builder, options, baseStyle, lastOfHardLine: true));

        void Place(Segment seg)
        {
            var need = seg.Width - seg.Trailing;
            if (builder.Count > 0 && builder.Width + need > builder.Available + Epsilon)
            {
                lines.Add(Finish(builder, options, baseStyle, lastOfHardLine: false));
                builder = new LineBuilder(width - options.LeftIndent, options.LeftIndent);
            }
            if (need > builder.Available + Epsilon)
            {
                foreach (var chunk in HardBreak(seg, builder.Available))
                {
                    if (builder.Count > 0)
                    {
                        lines.Add(Finish(builder, options, baseStyle, lastOfHardLine: false));
                        builder = new LineBuilder(width - options.LeftIndent, options.LeftIndent);
                    }
                    builder.Add(chunk);
                }
                return;
            }
            builder.Add(seg);
        }
    }

    /// <summary>
    /// Splits an over-long segment (one that no line can hold: a hash, a long identifier) at grapheme boundaries into
    /// chunks that each fit <paramref name="available"/> (at least one grapheme each), balanced: as few lines as
    /// greedy filling would need, but of even length, so the last line never holds one or two stray characters.
    /// </summary>
    private IEnumerable<Segment> HardBreak(Segment seg, float available)
    {
        var text = seg.Text;
        var pieceStarts = new int[seg.Pieces.Count + 1];
        var pieceX = new float[seg.Pieces.Count + 1];
        for (var i = 0; i < seg.Pieces.Count; i++)
        {
            pieceStarts[i + 1] = pieceStarts[i] + seg.Pieces[i].Shaped.Text.Length;
            pieceX[i + 1] = pieceX[i] + seg.Pieces[i].Width;
        }
        float WidthAt(int index)
        {
            var p = Array.FindLastIndex(pieceStarts, s => s <= index);
            if (p >= seg.Pieces.Count)
            {
                return pieceX[^1];
            }
            var piece = seg.Pieces[p];
            return pieceX[p] + piece.Shaped.PrefixAdvance(index - pieceStarts[p]) * piece.Style.Size;
        }

        var graphemes = StringInfo.ParseCombiningCharacters(text).Append(text.Length).ToArray();
        var x = graphemes.Select(WidthAt).ToArray();

        // Greedy filling up to a width: the chunk ends (grapheme indices), at least one grapheme per line.
        List<int> Fill(float limit)
        {
            var ends = new List<int>();
            var start = 0;
            while (start < graphemes.Length - 1)
            {
                var end = start + 1;
                while (end + 1 < graphemes.Length && x[end + 1] - x[start] <= limit + Epsilon)
                {
                    end++;
                }
                ends.Add(end);
                start = end;
            }
            return ends;
        }

        // As few lines as greedy filling at the full width needs, then the narrowest width that still needs no more:
        // the lines come out even (the last one is not a stub of one or two characters).
        var lines = Fill(available).Count;
        float lo = (x[^1] - x[0]) / lines, hi = available;
        for (var i = 0; i < 24 && hi - lo > 0.05f; i++)
        {
            var mid = (lo + hi) / 2;
            if (Fill(mid).Count <= lines)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }
        var chunkStart = 0;
        foreach (var end in Fill(hi))
        {
            yield return SubSegment(seg, pieceStarts, graphemes[chunkStart], graphemes[end]);
            chunkStart = end;
        }
    }

    private static Segment SubSegment(Segment seg, int[] pieceStarts, int from, int to)
    {
        var result = new Segment();
        for (var i = 0; i < seg.Pieces.Count; i++)
        {
            var ps = pieceStarts[i];
            var pe = pieceStarts[i + 1];
            var a = Math.Max(from, ps);
            var b = Math.Min(to, pe);
            if (b <= a)
            {
                continue;
            }
            var piece = seg.Pieces[i];
            var sub = a == ps && b == pe ? piece : new GlyphPiece(Shaper.Shape(piece.Shaped.Face, piece.Shaped.Text[(a - ps)..(b - ps)]), piece.Style, piece.Link);
            result.Pieces.Add(sub);
            result.Width += sub.Width;
        }
        return result;
    }

    private sealed class LineBuilder(float available, float indent)
    {
        public float Available { get; } = available;
        public float Indent { get; } = indent;
        public List<(Segment Seg, float X)> Segments { get; } = [];
        public float Width { get; private set; }
        public int Count => Segments.Count;

        public void Add(Segment seg)
        {
            Segments.Add((seg, Width));
            Width += seg.Width;
        }
    }

    private static TextLine Finish(LineBuilder b, ParagraphOptions options, ResolvedStyle baseStyle, bool lastOfHardLine)
    {
        float ascent = 0, descent = 0;
        var count = 0;
        foreach (var (seg, _) in b.Segments)
        {
            foreach (var p in seg.Pieces)
            {
                ascent = Math.Max(ascent, p.Ascent);
                descent = Math.Max(descent, p.Descent);
                count++;
            }
        }
        if (count == 0)
        {
            ascent = 1.068f * baseStyle.Size;
            descent = 0.232f * baseStyle.Size;
        }
        var contentWidth = b.Width - (b.Count > 0 ? b.Segments[^1].Seg.Trailing : 0);
        var offset = b.Indent;
        var gap = 0f;
        var slack = Math.Max(0, b.Available - contentWidth);
        if (!float.IsInfinity(b.Available))
        {
            switch (options.Align)
            {
                case TextAlign.Center:
                    offset += slack / 2;
                    break;
                case TextAlign.Right:
                    offset += slack;
                    break;
                case TextAlign.Justify when !lastOfHardLine && b.Count > 1:
                    // Widen existing spaces only: extra space at other break opportunities (between Thai words)
                    // would be read back as spaces by text extractors.
                    var spaces = 0;
                    for (var s = 0; s < b.Count - 1; s++)
                    {
                        if (b.Segments[s].Seg.Trailing > 0)
                        {
                            spaces++;
                        }
                    }
                    gap = spaces > 0 ? slack / spaces : 0;
                    break;
            }
        }
        var pieces = new PlacedPiece[count];
        var k = 0;
        var shift = 0f;
        for (var s = 0; s < b.Segments.Count; s++)
        {
            var (seg, x) = b.Segments[s];
            var px = offset + x + shift;
            if (gap > 0 && seg.Trailing > 0)
            {
                shift += gap;
            }
            foreach (var p in seg.Pieces)
            {
                pieces[k++] = new PlacedPiece(p, px);
                px += p.Width;
            }
        }
        var natural = ascent + descent;
        var height = natural * options.LineSpacing;
        return new TextLine
        {
            Pieces = pieces,
            Width = contentWidth + (gap > 0 ? slack : 0),
            Height = height,
            Baseline = (height - natural) / 2 + ascent,
        };
    }
}
