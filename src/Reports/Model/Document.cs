namespace Oversight.Reports.Model;

/// <summary>
/// An immutable document: metadata, page setup, running header/footer and a flow of blocks.
/// Build it directly or with <see cref="DocumentBuilder"/>, then render it with <see cref="PdfRenderer"/>.
/// </summary>
public sealed record Document
{
    /// <summary>Creates a document from its blocks.</summary>
    public Document(IEnumerable<Block> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        Blocks = [.. blocks];
    }

    /// <summary>The body, in reading order.</summary>
    public IReadOnlyList<Block> Blocks { get; init; }
    /// <summary>PDF metadata (title, author, dates…).</summary>
    public DocumentMetadata Metadata { get; init; } = new();
    /// <summary>Page size, orientation and margins for the first page (a <see cref="PageBreak"/> may change the orientation).</summary>
    public PageSetup Page { get; init; } = PageSetup.A4Portrait;
    /// <summary>Running header drawn in the top margin of every page, or null.</summary>
    public RunningContent? Header { get; init; }
    /// <summary>Running footer drawn in the bottom margin of every page, or null.</summary>
    public RunningContent? Footer { get; init; }
    /// <summary>The root text style. Defaults to the library's default family at 16 pt, black.</summary>
    public TextStyle BaseStyle { get; init; } = new() { Size = 16f, Bold = false, Italic = false, Underline = false, Color = Color.Black };
}

/// <summary>Document information written to the PDF Info dictionary and the PDF/A XMP packet.</summary>
public sealed record DocumentMetadata
{
    /// <summary>Title.</summary>
    public string? Title { get; init; }
    /// <summary>Author.</summary>
    public string? Author { get; init; }
    /// <summary>Subject.</summary>
    public string? Subject { get; init; }
    /// <summary>Keywords, comma-separated.</summary>
    public string? Keywords { get; init; }
    /// <summary>Creating application (default "Oversight").</summary>
    public string? Creator { get; init; } = "Oversight";
    /// <summary>Producer (default "Oversight.Reports (SkiaSharp)").</summary>
    public string? Producer { get; init; } = "Oversight.Reports (SkiaSharp)";
    /// <summary>
    /// Natural language (BCP 47), default "th". Kept in the model for callers and future use: SkiaSharp 4.155 exposes no
    /// /Lang or dc:language field, so it is not written to the PDF.
    /// </summary>
    public string Language { get; init; } = "th";
    /// <summary>
    /// Creation date. Supply it (from the caller's clock) for reproducible output; when null, the render time is used
    /// and output bytes then differ between runs.
    /// </summary>
    public DateTimeOffset? Created { get; init; }
    /// <summary>Modification date; defaults to <see cref="Created"/>.</summary>
    public DateTimeOffset? Modified { get; init; }
    /// <summary>Write PDF/A-2b (XMP metadata and sRGB output intent). Default true.</summary>
    public bool PdfA { get; init; } = true;
}

/// <summary>Page orientation.</summary>
public enum PageOrientation
{
    /// <summary>Portrait (taller than wide).</summary>
    Portrait,
    /// <summary>Landscape (wider than tall).</summary>
    Landscape,
}

/// <summary>Page margins in points (1 pt = 1/72 in; 1 cm ≈ 28.35 pt).</summary>
/// <param name="Top">Top margin.</param>
/// <param name="Right">Right margin.</param>
/// <param name="Bottom">Bottom margin.</param>
/// <param name="Left">Left margin.</param>
public readonly record struct Margins(float Top, float Right, float Bottom, float Left)
{
    /// <summary>Points per centimetre.</summary>
    public const float PointsPerCm = 72f / 2.54f;

    /// <summary>Thai government document margins: top 2.5 cm, right 2 cm, bottom 2 cm, left 3 cm.</summary>
    public static Margins ThaiOfficial => FromCm(2.5f, 2f, 2f, 3f);

    /// <summary>Creates margins from centimetres.</summary>
    public static Margins FromCm(float top, float right, float bottom, float left) =>
        new(top * PointsPerCm, right * PointsPerCm, bottom * PointsPerCm, left * PointsPerCm);

    /// <summary>The same margin on all four sides.</summary>
    public static Margins All(float points) => new(points, points, points, points);
}

/// <summary>Page size, orientation and margins.</summary>
public sealed record PageSetup
{
    /// <summary>A4 width in points (210 mm).</summary>
    public const float A4Width = 595.2756f;
    /// <summary>A4 height in points (297 mm).</summary>
    public const float A4Height = 841.8898f;

    /// <summary>A4 portrait with Thai official margins.</summary>
    public static PageSetup A4Portrait { get; } = new();
    /// <summary>A4 landscape with Thai official margins.</summary>
    public static PageSetup A4Landscape { get; } = new() { Orientation = PageOrientation.Landscape };

    /// <summary>Width of the sheet in portrait orientation, in points.</summary>
    public float SheetWidth { get; init; } = A4Width;
    /// <summary>Height of the sheet in portrait orientation, in points.</summary>
    public float SheetHeight { get; init; } = A4Height;
    /// <summary>Orientation.</summary>
    public PageOrientation Orientation { get; init; } = PageOrientation.Portrait;
    /// <summary>Margins around the body area.</summary>
    public Margins Margins { get; init; } = Margins.ThaiOfficial;
    /// <summary>Distance from the top edge of the sheet to the top of the running header.</summary>
    public float HeaderDistance { get; init; } = 1.0f * Margins.PointsPerCm;
    /// <summary>Distance from the bottom edge of the sheet to the bottom of the running footer.</summary>
    public float FooterDistance { get; init; } = 0.8f * Margins.PointsPerCm;

    /// <summary>Page width in points after orientation.</summary>
    public float Width => Orientation == PageOrientation.Portrait ? SheetWidth : SheetHeight;
    /// <summary>Page height in points after orientation.</summary>
    public float Height => Orientation == PageOrientation.Portrait ? SheetHeight : SheetWidth;
    /// <summary>Width available to the body.</summary>
    public float ContentWidth => Width - Margins.Left - Margins.Right;
}

/// <summary>
/// A running header or footer with up to three slots. The texts may contain <c>{page}</c> and <c>{pages}</c>,
/// replaced by the page number and the total page count (e.g. <c>"หน้า {page} / {pages}"</c>).
/// </summary>
public sealed record RunningContent
{
    /// <summary>Left-aligned text.</summary>
    public string? Left { get; init; }
    /// <summary>Centred text.</summary>
    public string? Center { get; init; }
    /// <summary>Right-aligned text.</summary>
    public string? Right { get; init; }
    /// <summary>Style (default: base style at 12 pt, grey).</summary>
    public TextStyle? Style { get; init; }
    /// <summary>Draw a thin rule between the running content and the body.</summary>
    public bool Rule { get; init; }
    /// <summary>Leave the first page (e.g. a cover) without this header/footer. It still counts in <c>{pages}</c>.</summary>
    public bool SkipFirstPage { get; init; }
    /// <summary>Use Thai digits (๐–๙) for <c>{page}</c> and <c>{pages}</c>.</summary>
    public bool ThaiDigits { get; init; }
}
