using System.Collections.Concurrent;
using System.Text;
using HarfBuzzSharp;
using Buffer = HarfBuzzSharp.Buffer;

namespace Oversight.Reports.Text;

/// <summary>
/// The HarfBuzz shaping of one string in one face, in units of 1 pt (multiply by the font size), with the UTF-8
/// text and UTF-8 cluster offsets that Skia needs to write /ActualText. Immutable and cached.
/// </summary>
internal sealed class ShapedText
{
    public required string Text { get; init; }
    public required FontFace Face { get; init; }
    public required ushort[] Glyphs { get; init; }
    /// <summary>Glyph x positions per 1 pt.</summary>
    public required float[] X { get; init; }
    /// <summary>Glyph x positions in font units (pen position plus HarfBuzz x offset).</summary>
    public required int[] XUnits { get; init; }
    /// <summary>Glyph y offsets in font units, downwards positive.</summary>
    public required int[] YUnits { get; init; }
    /// <summary>Glyph y offsets per 1 pt (downwards positive, Skia convention).</summary>
    public required float[] Y { get; init; }
    /// <summary>UTF-16 index of each glyph's cluster.</summary>
    public required int[] Clusters16 { get; init; }
    /// <summary>UTF-8 byte offset of each glyph's cluster.</summary>
    public required uint[] Clusters8 { get; init; }
    public required byte[] Utf8 { get; init; }
    /// <summary>Total advance in font units.</summary>
    public required int AdvanceUnits { get; init; }
    /// <summary>Total advance per 1 pt.</summary>
    public required float Advance { get; init; }
    /// <summary>Advance of the trailing whitespace per 1 pt (not counted when the text ends a line).</summary>
    public required float TrailingWhitespace { get; init; }

    /// <summary>Advance (per 1 pt) of the prefix of the text that ends before UTF-16 index <paramref name="charIndex"/>.</summary>
    public float PrefixAdvance(int charIndex)
    {
        if (charIndex >= Text.Length)
        {
            return Advance;
        }
        for (var g = 0; g < Glyphs.Length; g++)
        {
            if (Clusters16[g] >= charIndex)
            {
                return X[g];
            }
        }
        return Advance;
    }
}

/// <summary>Shapes text with HarfBuzz (language th) and caches the results process-wide.</summary>
internal static class Shaper
{
    private const int MaxCacheEntries = 200_000;
    private static readonly ConcurrentDictionary<(int FaceId, string Text), ShapedText> Cache = new();
    private static readonly Language Thai = new("th");

    public static ShapedText Shape(FontFace face, string text)
    {
        if (Cache.TryGetValue((face.Id, text), out var cached))
        {
            return cached;
        }
        var shaped = ShapeUncached(face, text);
        if (Cache.Count >= MaxCacheEntries)
        {
            Cache.Clear();
        }
        Cache.TryAdd((face.Id, text), shaped);
        return shaped;
    }

    internal static void ClearCache() => Cache.Clear();

    private static ShapedText ShapeUncached(FontFace face, string text)
    {
        using var buffer = new Buffer();
        buffer.AddUtf16(text);
        buffer.Language = Thai;
        buffer.GuessSegmentProperties();
        face.ShapingFont.Shape(buffer);
        var infos = buffer.GlyphInfos;
        var positions = buffer.GlyphPositions;
        var n = infos.Length;
        var glyphs = new ushort[n];
        var xs = new float[n];
        var ys = new float[n];
        var xu = new int[n];
        var yu = new int[n];
        var c16 = new int[n];
        var c8 = new uint[n];
        var perUnit = 1f / face.UnitsPerEm;

        // UTF-16 index → UTF-8 byte offset.
        var utf8 = Encoding.UTF8.GetBytes(text);
        var map = new int[text.Length + 1];
        var b = 0;
        for (var i = 0; i < text.Length; i++)
        {
            map[i] = b;
            var ch = text[i];
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                map[i + 1] = b;
                b += 4;
                i++;
            }
            else
            {
                b += ch < 0x80 ? 1 : ch < 0x800 ? 2 : 3;
            }
        }
        map[text.Length] = b;

        var pen = 0;
        for (var i = 0; i < n; i++)
        {
            glyphs[i] = (ushort)infos[i].Codepoint;
            xu[i] = pen + positions[i].XOffset;
            yu[i] = -positions[i].YOffset;
            xs[i] = xu[i] * perUnit;
            ys[i] = yu[i] * perUnit;
            pen += positions[i].XAdvance;
            var cluster = (int)infos[i].Cluster;
            c16[i] = cluster;
            c8[i] = (uint)map[Math.Min(cluster, text.Length)];
        }

        // Trailing whitespace advance: from the first glyph of the trailing whitespace cluster to the end.
        var wsStart = text.Length;
        while (wsStart > 0 && char.IsWhiteSpace(text[wsStart - 1]))
        {
            wsStart--;
        }
        var advance = pen * perUnit;
        var trailing = 0f;
        if (wsStart < text.Length)
        {
            var start = advance;
            for (var i = 0; i < n; i++)
            {
                if (c16[i] >= wsStart)
                {
                    start = xs[i];
                    break;
                }
            }
            trailing = advance - start;
        }

        return new ShapedText
        {
            Text = text,
            Face = face,
            Glyphs = glyphs,
            X = xs,
            Y = ys,
            XUnits = xu,
            AdvanceUnits = pen,
            YUnits = yu,
            Clusters16 = c16,
            Clusters8 = c8,
            Utf8 = utf8,
            Advance = advance,
            TrailingWhitespace = trailing,
        };
    }
}
