namespace Oversight.Reports.Model;

/// <summary>
/// Character formatting. Every property is optional: unset properties inherit from the enclosing style
/// (span → paragraph/cell → document <see cref="Document.BaseStyle"/>).
/// </summary>
public sealed record TextStyle
{
    /// <summary>Font family name registered in the <see cref="Text.FontLibrary"/> (default: the library's first family, normally Sarabun).</summary>
    public string? FontFamily { get; init; }
    /// <summary>Size in points. Thai official documents use 16 pt.</summary>
    public float? Size { get; init; }
    /// <summary>Bold weight.</summary>
    public bool? Bold { get; init; }
    /// <summary>Italic.</summary>
    public bool? Italic { get; init; }
    /// <summary>Underline.</summary>
    public bool? Underline { get; init; }
    /// <summary>Text colour.</summary>
    public Color? Color { get; init; }

    /// <summary>An empty style (inherits everything).</summary>
    public static TextStyle Inherit { get; } = new();
    /// <summary>Bold.</summary>
    public static TextStyle Strong { get; } = new() { Bold = true };
    /// <summary>Italic.</summary>
    public static TextStyle Emphasis { get; } = new() { Italic = true };

    /// <summary>Returns this style with every unset property taken from <paramref name="parent"/>.</summary>
    public TextStyle InheritFrom(TextStyle? parent) => parent is null ? this : new TextStyle
    {
        FontFamily = FontFamily ?? parent.FontFamily,
        Size = Size ?? parent.Size,
        Bold = Bold ?? parent.Bold,
        Italic = Italic ?? parent.Italic,
        Underline = Underline ?? parent.Underline,
        Color = Color ?? parent.Color,
    };
}

/// <summary>A run of text with one style, optionally a hyperlink.</summary>
public sealed record Span
{
    /// <summary>Creates a span.</summary>
    /// <param name="text">The text. A line feed forces a line break.</param>
    /// <param name="style">Formatting; null inherits the paragraph's style.</param>
    /// <param name="link">An absolute URL (http, https, mailto…) or <c>#anchor</c> pointing at a <see cref="Heading.Anchor"/>.</param>
    public Span(string text, TextStyle? style = null, string? link = null)
    {
        Text = text ?? throw new ArgumentNullException(nameof(text));
        Style = style;
        Link = link;
    }

    /// <summary>The text.</summary>
    public string Text { get; init; }
    /// <summary>Formatting; null inherits.</summary>
    public TextStyle? Style { get; init; }
    /// <summary>Hyperlink target: URL or <c>#anchor</c>.</summary>
    public string? Link { get; init; }

    /// <summary>Implicit conversion from plain text.</summary>
    public static implicit operator Span(string text) => new(text);
}

/// <summary>Horizontal alignment of lines in a paragraph or cell.</summary>
public enum TextAlign
{
    /// <summary>Flush left.</summary>
    Left,
    /// <summary>Centred.</summary>
    Center,
    /// <summary>Flush right.</summary>
    Right,
    /// <summary>Both edges; extra space widens the existing spaces only (so text extraction is unaffected). Lines without spaces and the last line stay left-aligned.</summary>
    Justify,
}
