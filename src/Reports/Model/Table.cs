namespace Oversight.Reports.Model;

/// <summary>How a table column's width is determined.</summary>
public enum ColumnWidthKind
{
    /// <summary>A fixed width in points.</summary>
    Fixed,
    /// <summary>A share of the width left after fixed and auto columns.</summary>
    Relative,
    /// <summary>Sized from the content (its widest unbreakable word up to its natural width).</summary>
    Auto,
}

/// <summary>A table column's width.</summary>
/// <param name="Kind">Fixed, relative or auto.</param>
/// <param name="Value">Points for fixed; weight for relative; ignored for auto.</param>
public readonly record struct ColumnWidth(ColumnWidthKind Kind, float Value)
{
    /// <summary>A fixed width in points.</summary>
    public static ColumnWidth Fixed(float points) => new(ColumnWidthKind.Fixed, points);
    /// <summary>A relative weight (default 1).</summary>
    public static ColumnWidth Relative(float weight = 1f) => new(ColumnWidthKind.Relative, weight);
    /// <summary>Sized from the content.</summary>
    public static ColumnWidth Auto => new(ColumnWidthKind.Auto, 0f);
}

/// <summary>How rows behave at a page end.</summary>
public enum RowSplitMode
{
    /// <summary>
    /// A row that does not fit in the remaining space moves to the next page if it fits there whole and is not taller
    /// than a third of the body height; otherwise it splits line by line.
    /// </summary>
    Auto,
    /// <summary>Rows always split at the page end, line by line.</summary>
    Always,
    /// <summary>Rows never split unless a row is taller than a whole page.</summary>
    Avoid,
}

/// <summary>Vertical alignment of a cell's content when the row is taller than the cell.</summary>
public enum VerticalAlign
{
    /// <summary>Top.</summary>
    Top,
    /// <summary>Middle.</summary>
    Middle,
    /// <summary>Bottom.</summary>
    Bottom,
}

/// <summary>
/// A table. The first <see cref="HeaderRows"/> rows are repeated at the top of every page the table continues on.
/// Rows taller than the remaining space split across pages line by line.
/// </summary>
public sealed record Table : Block
{
    /// <summary>Creates a table.</summary>
    public Table(IEnumerable<ColumnWidth> columns, IEnumerable<TableRow> rows)
    {
        Columns = [.. columns];
        Rows = [.. rows];
        if (Columns.Count == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
        }
    }

    /// <summary>Column widths.</summary>
    public IReadOnlyList<ColumnWidth> Columns { get; init; }
    /// <summary>Rows: header rows first, then body rows.</summary>
    public IReadOnlyList<TableRow> Rows { get; init; }
    /// <summary>How many leading rows are header rows (repeated on each page).</summary>
    public int HeaderRows { get; init; }
    /// <summary>Cell padding in points (all sides).</summary>
    public float CellPadding { get; init; } = 4f;
    /// <summary>Border line width; 0 for no borders.</summary>
    public float BorderWidth { get; init; } = 0.5f;
    /// <summary>Border colour.</summary>
    public Color BorderColor { get; init; } = Color.Gray;
    /// <summary>Background of header rows (unless the row/cell sets one).</summary>
    public Color? HeaderBackground { get; init; } = Color.LightGray;
    /// <summary>Style of header rows (default bold).</summary>
    public TextStyle? HeaderStyle { get; init; } = TextStyle.Strong;
    /// <summary>Background of every other body row (zebra striping), or null.</summary>
    public Color? StripeBackground { get; init; }
    /// <summary>Style inherited by all cells.</summary>
    public TextStyle? Style { get; init; }
    /// <summary>Row splitting policy.</summary>
    public RowSplitMode RowSplit { get; init; } = RowSplitMode.Auto;
    /// <summary>Space below the table.</summary>
    public float SpaceAfter { get; init; } = 6f;
}

/// <summary>A table row.</summary>
public sealed record TableRow
{
    /// <summary>Creates a row from cells.</summary>
    public TableRow(IEnumerable<TableCell> cells) => Cells = [.. cells];
    /// <summary>Creates a row from cells.</summary>
    public TableRow(params TableCell[] cells) : this((IEnumerable<TableCell>)cells) { }
    /// <summary>Creates a row of plain-text cells.</summary>
    public TableRow(params string[] cells) : this(cells.Select(c => new TableCell(c))) { }

    /// <summary>Cells, left to right; their column spans must add up to the column count (missing cells are left empty).</summary>
    public IReadOnlyList<TableCell> Cells { get; init; }
    /// <summary>Row background.</summary>
    public Color? Background { get; init; }
}

/// <summary>A table cell holding blocks (normally paragraphs or lists).</summary>
public sealed record TableCell
{
    /// <summary>Creates a cell from blocks.</summary>
    public TableCell(IEnumerable<Block> content) => Content = [.. content];
    /// <summary>Creates a cell from spans.</summary>
    public TableCell(IEnumerable<Span> spans) : this([new Paragraph(spans) { SpaceAfter = 0 }]) { }
    /// <summary>Creates a cell from plain text.</summary>
    public TableCell(string text) : this([new Paragraph(text) { SpaceAfter = 0 }]) { }

    /// <summary>Content.</summary>
    public IReadOnlyList<Block> Content { get; init; }
    /// <summary>Number of columns spanned.</summary>
    public int ColSpan { get; init; } = 1;
    /// <summary>Horizontal alignment of paragraphs in this cell (overrides their own).</summary>
    public TextAlign? Align { get; init; }
    /// <summary>Vertical alignment (applies when the row is not split).</summary>
    public VerticalAlign VerticalAlign { get; init; } = VerticalAlign.Top;
    /// <summary>Background.</summary>
    public Color? Background { get; init; }
    /// <summary>Text style inherited by the content.</summary>
    public TextStyle? Style { get; init; }
}
