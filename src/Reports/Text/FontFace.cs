using SkiaSharp;
using SkiaSharp.HarfBuzz;
using HbFont = HarfBuzzSharp.Font;

namespace Oversight.Reports.Text;

/// <summary>
/// One face of a family (a typeface plus synthetic bold/italic flags), with its HarfBuzz font and metrics per point.
/// Immutable after construction and shared across threads: shaping with a caller-owned buffer only reads the HarfBuzz
/// font. The HarfBuzz font works in font units (its scale is the units per em), so shaped advances are the exact
/// integers of the font's metrics; see <see cref="DrawSize"/> for why that matters to the PDF.
/// </summary>
internal sealed class FontFace
{
    private readonly byte[] coverage = new byte[0x10000]; // 0 unknown, 1 covered, 2 missing (BMP only; benign races)

    public FontFace(string family, SKTypeface typeface, bool fakeBold, bool fakeItalic, HbFont? shapingFont = null)
    {
        Family = family;
        Typeface = typeface;
        FakeBold = fakeBold;
        FakeItalic = fakeItalic;
        Id = FontLibrary.NewFaceId();
        UnitsPerEm = typeface.UnitsPerEm > 0 ? typeface.UnitsPerEm : 1024;
        ShapingFont = shapingFont ?? CreateShapingFont(typeface, UnitsPerEm);
        DrawSize = UnitsPerEm / 64f;
        UnitFont = new SKFont(typeface, 1f);
        using var probe = new SKFont(typeface, 1000f);
        var m = probe.Metrics;
        Ascent = -m.Ascent / 1000f;
        Descent = m.Descent / 1000f;
        Leading = Math.Max(0, m.Leading / 1000f);
        UnderlinePosition = (m.UnderlinePosition ?? 100f) / 1000f;
        UnderlineThickness = (m.UnderlineThickness ?? 50f) / 1000f;
    }

    public int Id { get; }
    public string Family { get; }
    public SKTypeface Typeface { get; }
    public bool FakeBold { get; }
    public bool FakeItalic { get; }
    /// <summary>HarfBuzz font at a scale of <see cref="UnitsPerEm"/> (positions come back in font units).</summary>
    public HbFont ShapingFont { get; }
    /// <summary>Units per em of the typeface.</summary>
    public int UnitsPerEm { get; }
    /// <summary>
    /// The font size text is drawn at, with the canvas scaled by <c>size / DrawSize</c>. Skia's PDF backend writes a
    /// <c>Td</c> before every glyph whose position differs, in float arithmetic, from its own running sum of advances
    /// (<c>advance = size / unitsPerEm × units</c>). At <c>unitsPerEm / 64</c> that factor is exactly 1/64, every advance
    /// and every position is an exact binary fraction, and glyphs that simply follow each other share one <c>Tj</c>.
    /// </summary>
    public float DrawSize { get; }
    /// <summary>A 1 pt font used only as the size reference for shaping (read-only use).</summary>
    public SKFont UnitFont { get; }
    /// <summary>Ascent per point of size (positive, upwards).</summary>
    public float Ascent { get; }
    /// <summary>Descent per point of size (positive, downwards).</summary>
    public float Descent { get; }
    public float Leading { get; }
    public float UnderlinePosition { get; }
    public float UnderlineThickness { get; }

    public bool Covers(int codepoint)
    {
        if (codepoint < 0x10000)
        {
            var state = coverage[codepoint];
            if (state != 0)
            {
                return state == 1;
            }
            var has = UnitFont.GetGlyph(codepoint) != 0;
            coverage[codepoint] = has ? (byte)1 : (byte)2;
            return has;
        }
        return UnitFont.GetGlyph(codepoint) != 0;
    }

    private static HbFont CreateShapingFont(SKTypeface typeface, int unitsPerEm)
    {
        using var blob = typeface.OpenStream(out var index).ToHarfBuzzBlob();
        using var face = new HarfBuzzSharp.Face(blob, index) { Index = index, UnitsPerEm = unitsPerEm };
        var font = new HbFont(face);
        font.SetScale(unitsPerEm, unitsPerEm);
        font.SetFunctionsOpenType();
        return font;
    }

    /// <summary>Creates an SKFont for drawing at the given size (the caller owns and disposes it).</summary>
    public SKFont CreateFont(float size) => new(Typeface, size)
    {
        Embolden = FakeBold,
        SkewX = FakeItalic ? -0.2f : 0f,
        Subpixel = true,
        LinearMetrics = true,
        Hinting = SKFontHinting.None,
        Edging = SKFontEdging.Antialias,
    };

    public override string ToString() => $"{Family}{(FakeBold ? " fake-bold" : "")}{(FakeItalic ? " fake-italic" : "")} #{Id}";
}
