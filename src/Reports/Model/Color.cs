using System.Globalization;

namespace Oversight.Reports.Model;

/// <summary>An sRGB colour with alpha. Kept independent of SkiaSharp so the model has no rendering dependency.</summary>
/// <param name="R">Red, 0–255.</param>
/// <param name="G">Green, 0–255.</param>
/// <param name="B">Blue, 0–255.</param>
/// <param name="A">Alpha, 0–255 (255 = opaque).</param>
public readonly record struct Color(byte R, byte G, byte B, byte A = 255)
{
    /// <summary>Parses <c>#RGB</c>, <c>#RRGGBB</c> or <c>#RRGGBBAA</c> (the leading # is optional).</summary>
    public static Color FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var s = hex.StartsWith('#') ? hex[1..] : hex;
        if (s.Length == 3)
        {
            s = string.Concat(s[0], s[0], s[1], s[1], s[2], s[2]);
        }
        if (s.Length != 6 && s.Length != 8)
        {
            throw new FormatException($"Colour '{hex}' is not #RGB, #RRGGBB or #RRGGBBAA.");
        }
        byte P(int i) => byte.Parse(s.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new Color(P(0), P(2), P(4), s.Length == 8 ? P(6) : (byte)255);
    }

    /// <summary>Black.</summary>
    public static Color Black => new(0, 0, 0);
    /// <summary>White.</summary>
    public static Color White => new(255, 255, 255);
    /// <summary>Mid grey (#808080).</summary>
    public static Color Gray => new(128, 128, 128);
    /// <summary>Light grey for table shading (#EEEEEE).</summary>
    public static Color LightGray => new(238, 238, 238);
    /// <summary>Link blue (#0B57D0).</summary>
    public static Color LinkBlue => new(11, 87, 208);

    /// <inheritdoc />
    public override string ToString() => A == 255 ? $"#{R:X2}{G:X2}{B:X2}" : $"#{R:X2}{G:X2}{B:X2}{A:X2}";
}
