using Oversight.Reports.Charts;

namespace Oversight.Reports.Model;

/// <summary>A block in the document flow.</summary>
public abstract record Block;

/// <summary>A heading, level 1–3. Headings are kept with the first lines of the block that follows.</summary>
public sealed record Heading : Block
{
    /// <summary>Creates a heading from spans.</summary>
    public Heading(int level, IEnumerable<Span> spans)
    {
        if (level is < 1 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Heading level must be 1, 2 or 3.");
        }
        Level = level;
        Spans = [.. spans];
    }

    /// <summary>Creates a heading from plain text.</summary>
    public Heading(int level, string text) : this(level, [new Span(text)]) { }

    /// <summary>Level 1 (largest) to 3.</summary>
    public int Level { get; init; }
    /// <summary>Content.</summary>
    public IReadOnlyList<Span> Spans { get; init; }
    /// <summary>Optional named destination; link to it with a span whose link is <c>#anchor</c>.</summary>
    public string? Anchor { get; init; }
    /// <summary>Alignment.</summary>
    public TextAlign Align { get; init; } = TextAlign.Left;
    /// <summary>Overrides the level's default style.</summary>
    public TextStyle? Style { get; init; }
    /// <summary>Start this heading on a new page.</summary>
    public bool PageBreakBefore { get; init; }
}

/// <summary>A paragraph of styled spans, wrapped on Thai/Latin line-break opportunities (ICU).</summary>
public sealed record Paragraph : Block
{
    /// <summary>Creates a paragraph from spans.</summary>
    public Paragraph(IEnumerable<Span> spans) => Spans = [.. spans];
    /// <summary>Creates a paragraph from plain text.</summary>
    public Paragraph(string text) : this([new Span(text)]) { }

    /// <summary>Content.</summary>
    public IReadOnlyList<Span> Spans { get; init; }
    /// <summary>Paragraph style that spans inherit from.</summary>
    public TextStyle? Style { get; init; }
    /// <summary>Alignment.</summary>
    public TextAlign Align { get; init; } = TextAlign.Left;
    /// <summary>Space above, in points.</summary>
    public float SpaceBefore { get; init; }
    /// <summary>Space below, in points (default 4).</summary>
    public float SpaceAfter { get; init; } = 4f;
    /// <summary>Line height multiplier applied to the font's natural line height.</summary>
    public float LineSpacing { get; init; } = 1f;
    /// <summary>Left indent of every line, in points.</summary>
    public float LeftIndent { get; init; }
    /// <summary>Extra indent of the first line (Thai official documents commonly indent 2.5 cm).</summary>
    public float FirstLineIndent { get; init; }
    /// <summary>
    /// Never wrap: when a line (up to a hard line break) is wider than the space available, the whole paragraph is set
    /// in a proportionally smaller size so that each line fits. For identifiers that must be read and copied whole,
    /// such as a 64-digit hash. Never enlarges the text.
    /// </summary>
    public bool ShrinkToFit { get; init; }
}

/// <summary>List kind.</summary>
public enum ListKind
{
    /// <summary>Bullets.</summary>
    Bulleted,
    /// <summary>Numbers 1. 2. 3.</summary>
    Numbered,
    /// <summary>Thai digits ๑. ๒. ๓.</summary>
    ThaiNumbered,
}

/// <summary>A bulleted or numbered list. Items may contain paragraphs and nested lists.</summary>
public sealed record ListBlock : Block
{
    /// <summary>Creates a list.</summary>
    public ListBlock(ListKind kind, IEnumerable<ListItem> items)
    {
        Kind = kind;
        Items = [.. items];
    }

    /// <summary>Creates a list of plain-text items.</summary>
    public ListBlock(ListKind kind, IEnumerable<string> items) : this(kind, items.Select(t => new ListItem(t))) { }

    /// <summary>Kind of marker.</summary>
    public ListKind Kind { get; init; }
    /// <summary>Items.</summary>
    public IReadOnlyList<ListItem> Items { get; init; }
    /// <summary>Number of the first item.</summary>
    public int Start { get; init; } = 1;
    /// <summary>Indent of the item text from the list's left edge, in points.</summary>
    public float Indent { get; init; } = 24f;
    /// <summary>Space below the list.</summary>
    public float SpaceAfter { get; init; } = 4f;
}

/// <summary>A list item.</summary>
public sealed record ListItem
{
    /// <summary>Creates an item from blocks (paragraphs, nested lists…).</summary>
    public ListItem(IEnumerable<Block> content) => Content = [.. content];
    /// <summary>Creates an item from spans.</summary>
    public ListItem(IEnumerable<Span> spans) : this([new Paragraph(spans) { SpaceAfter = 0 }]) { }
    /// <summary>Creates an item from text.</summary>
    public ListItem(string text) : this([new Paragraph(text) { SpaceAfter = 0 }]) { }

    /// <summary>Content.</summary>
    public IReadOnlyList<Block> Content { get; init; }
}

/// <summary>Vertical space.</summary>
/// <param name="Height">Height in points. Dropped when it falls at the top of a page.</param>
public sealed record Spacer(float Height) : Block;

/// <summary>Forces a new page; optionally switches orientation for the following pages.</summary>
public sealed record PageBreak : Block
{
    /// <summary>New orientation from the next page on, or null to keep the current one.</summary>
    public PageOrientation? Orientation { get; init; }
}

/// <summary>Blocks that move to the next page together if they do not fit in the remaining space (and do fit on an empty page).</summary>
public sealed record KeepTogether : Block
{
    /// <summary>Creates a group.</summary>
    public KeepTogether(IEnumerable<Block> blocks) => Blocks = [.. blocks];
    /// <summary>Grouped blocks.</summary>
    public IReadOnlyList<Block> Blocks { get; init; }
}

/// <summary>A horizontal line across the content width.</summary>
public sealed record HorizontalRule : Block
{
    /// <summary>Thickness in points.</summary>
    public float Thickness { get; init; } = 0.75f;
    /// <summary>Colour.</summary>
    public Color Color { get; init; } = Color.Gray;
    /// <summary>Space above.</summary>
    public float SpaceBefore { get; init; } = 4f;
    /// <summary>Space below.</summary>
    public float SpaceAfter { get; init; } = 4f;
}

/// <summary>Key/value pairs laid out in two columns (term, definition), e.g. "หน่วยรับตรวจ: สำนักงานปลัดกระทรวงแรงงาน".</summary>
public sealed record DefinitionList : Block
{
    /// <summary>Creates a definition block.</summary>
    public DefinitionList(IEnumerable<DefinitionItem> items) => Items = [.. items];
    /// <summary>Creates a definition block from text pairs.</summary>
    public DefinitionList(IEnumerable<(string Term, string Definition)> items)
        : this(items.Select(i => new DefinitionItem(i.Term, i.Definition))) { }

    /// <summary>Items.</summary>
    public IReadOnlyList<DefinitionItem> Items { get; init; }
    /// <summary>Width of the term column as a fraction of the content width.</summary>
    public float TermWidthFraction { get; init; } = 0.3f;
    /// <summary>Style of the terms (default bold).</summary>
    public TextStyle TermStyle { get; init; } = TextStyle.Strong;
    /// <summary>Space below.</summary>
    public float SpaceAfter { get; init; } = 4f;
}

/// <summary>One term and its definition.</summary>
public sealed record DefinitionItem
{
    /// <summary>Creates an item from spans.</summary>
    public DefinitionItem(IEnumerable<Span> term, IEnumerable<Span> definition)
    {
        Term = [.. term];
        Definition = [.. definition];
    }

    /// <summary>Creates an item from text.</summary>
    public DefinitionItem(string term, string definition) : this([new Span(term)], [new Span(definition)]) { }

    /// <summary>Term.</summary>
    public IReadOnlyList<Span> Term { get; init; }
    /// <summary>Definition.</summary>
    public IReadOnlyList<Span> Definition { get; init; }
}

/// <summary>A chart drawn with Skia at a fixed size. Never split across pages.</summary>
public sealed record ChartBlock : Block
{
    /// <summary>Creates a chart block.</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="height">Height in points.</param>
    /// <param name="width">Width in points; null uses the full content width.</param>
    public ChartBlock(Chart chart, float height, float? width = null)
    {
        Chart = chart ?? throw new ArgumentNullException(nameof(chart));
        Height = height;
        Width = width;
    }

    /// <summary>The chart.</summary>
    public Chart Chart { get; init; }
    /// <summary>Height in points.</summary>
    public float Height { get; init; }
    /// <summary>Width in points, or null for the content width.</summary>
    public float? Width { get; init; }
    /// <summary>Space below.</summary>
    public float SpaceAfter { get; init; } = 6f;
}
