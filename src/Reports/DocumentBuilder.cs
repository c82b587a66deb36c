using Oversight.Reports.Charts;
using Oversight.Reports.Model;

namespace Oversight.Reports;

/// <summary>
/// Fluent helper for composing a <see cref="Document"/>. Not thread-safe; the built document is immutable.
/// </summary>
/// <example>
/// <code>
/// var doc = new DocumentBuilder()
///     .Metadata(m => m with { Title = "รายงานติดตามผล", Author = "สตง.", Created = now })
///     .Footer(new RunningContent { Center = "หน้า {page} / {pages}" })
///     .Heading(1, "ข้อเสนอแนะ")
///     .Paragraph("สำนักงานปลัดกระทรวงแรงงาน ...")
///     .Build();
/// PdfRenderer.Render(doc, stream);
/// </code>
/// </example>
public sealed class DocumentBuilder
{
    private readonly List<Block> blocks = [];
    private DocumentMetadata metadata = new();
    private PageSetup page = PageSetup.A4Portrait;
    private RunningContent? header;
    private RunningContent? footer;
    private TextStyle? baseStyle;

    /// <summary>Sets the metadata.</summary>
    public DocumentBuilder Metadata(DocumentMetadata value)
    {
        metadata = value ?? throw new ArgumentNullException(nameof(value));
        return this;
    }

    /// <summary>Changes the metadata, e.g. <c>m =&gt; m with { Title = "…" }</c>.</summary>
    public DocumentBuilder Metadata(Func<DocumentMetadata, DocumentMetadata> change)
    {
        metadata = change(metadata);
        return this;
    }

    /// <summary>Sets the page setup of the first page.</summary>
    public DocumentBuilder Page(PageSetup value)
    {
        page = value ?? throw new ArgumentNullException(nameof(value));
        return this;
    }

    /// <summary>Sets the running header.</summary>
    public DocumentBuilder Header(RunningContent? value)
    {
        header = value;
        return this;
    }

    /// <summary>Sets the running footer.</summary>
    public DocumentBuilder Footer(RunningContent? value)
    {
        footer = value;
        return this;
    }

    /// <summary>Sets the root text style (merged over the default 16 pt black).</summary>
    public DocumentBuilder BaseStyle(TextStyle value)
    {
        baseStyle = value;
        return this;
    }

    /// <summary>Adds any block.</summary>
    public DocumentBuilder Add(Block block)
    {
        blocks.Add(block ?? throw new ArgumentNullException(nameof(block)));
        return this;
    }

    /// <summary>Adds blocks.</summary>
    public DocumentBuilder AddRange(IEnumerable<Block> items)
    {
        blocks.AddRange(items);
        return this;
    }

    /// <summary>Adds a heading.</summary>
    public DocumentBuilder Heading(int level, string text, string? anchor = null, bool pageBreakBefore = false) =>
        Add(new Heading(level, text) { Anchor = anchor, PageBreakBefore = pageBreakBefore });

    /// <summary>Adds a paragraph of plain text.</summary>
    public DocumentBuilder Paragraph(string text, TextAlign align = TextAlign.Left) => Add(new Paragraph(text) { Align = align });

    /// <summary>Adds a paragraph of spans.</summary>
    public DocumentBuilder Paragraph(params Span[] spans) => Add(new Paragraph(spans));

    /// <summary>Adds a paragraph with a link.</summary>
    public DocumentBuilder Link(string text, string url, string? before = null, string? after = null)
    {
        var spans = new List<Span>();
        if (before is not null)
        {
            spans.Add(new Span(before));
        }
        spans.Add(new Span(text, new TextStyle { Underline = true }, url));
        if (after is not null)
        {
            spans.Add(new Span(after));
        }
        return Add(new Paragraph(spans));
    }

    /// <summary>Adds a bulleted list.</summary>
    public DocumentBuilder Bullets(params string[] items) => Add(new ListBlock(ListKind.Bulleted, items));

    /// <summary>Adds a numbered list.</summary>
    public DocumentBuilder Numbered(params string[] items) => Add(new ListBlock(ListKind.Numbered, items));

    /// <summary>Adds a key/value block.</summary>
    public DocumentBuilder Definitions(params (string Term, string Definition)[] items) => Add(new DefinitionList(items));

    /// <summary>Adds a table.</summary>
    public DocumentBuilder Table(Table table) => Add(table);

    /// <summary>
    /// Adds a text table with one header row (repeated on every page) and the given body rows.
    /// </summary>
    /// <param name="columns">Column widths.</param>
    /// <param name="headerRow">Header texts.</param>
    /// <param name="rows">Body rows (one string per column).</param>
    /// <param name="configure">Optional change to the table, e.g. <c>t =&gt; t with { StripeBackground = … }</c>.</param>
    public DocumentBuilder Table(IEnumerable<ColumnWidth> columns, IEnumerable<string> headerRow, IEnumerable<IEnumerable<string>> rows,
        Func<Table, Table>? configure = null)
    {
        var all = new List<TableRow> { new(headerRow.Select(h => new TableCell(h))) };
        all.AddRange(rows.Select(r => new TableRow(r.Select(c => new TableCell(c)))));
        var table = new Table(columns, all) { HeaderRows = 1 };
        return Add(configure is null ? table : configure(table));
    }

    /// <summary>Adds a chart.</summary>
    public DocumentBuilder Chart(Chart chart, float height, float? width = null) => Add(new ChartBlock(chart, height, width));

    /// <summary>Adds vertical space.</summary>
    public DocumentBuilder Spacer(float height) => Add(new Spacer(height));

    /// <summary>Adds a page break, optionally changing orientation.</summary>
    public DocumentBuilder PageBreak(PageOrientation? orientation = null) => Add(new PageBreak { Orientation = orientation });

    /// <summary>Adds a horizontal rule.</summary>
    public DocumentBuilder Rule() => Add(new HorizontalRule());

    /// <summary>Adds a group of blocks kept on one page if possible.</summary>
    public DocumentBuilder KeepTogether(Action<DocumentBuilder> content)
    {
        var inner = new DocumentBuilder();
        content(inner);
        return Add(new KeepTogether(inner.blocks));
    }

    /// <summary>Builds the immutable document.</summary>
    public Document Build()
    {
        var doc = new Document(blocks) { Metadata = metadata, Page = page, Header = header, Footer = footer };
        return baseStyle is null ? doc : doc with { BaseStyle = baseStyle.InheritFrom(doc.BaseStyle) };
    }
}
