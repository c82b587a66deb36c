using System.Globalization;
using Oversight.Reports.Model;
using Oversight.Reports.Text;
using SkiaSharp;

namespace Oversight.Reports.Layout;

/// <summary>Inherited layout context for a run of blocks.</summary>
/// <param name="Style">Inherited text style.</param>
/// <param name="AlignOverride">Alignment that overrides the paragraphs' own (a cell's).</param>
/// <param name="InCell">Inside a table cell.</param>
/// <param name="FitWords">
/// In a table whose columns cannot all be as wide as their widest word: a paragraph whose widest word is wider than
/// its cell is set smaller (down to <see cref="BlockLayouter.MinWordFitScale"/>) rather than broken inside the word.
/// </param>
internal readonly record struct BlockContext(TextStyle Style, TextAlign? AlignOverride, bool InCell, bool FitWords = false);

/// <summary>Turns blocks into fragments at a given width. Stateless apart from the shared text layouter.</summary>
internal sealed class BlockLayouter(TextLayouter text)
{
    public TextLayouter Text { get; } = text;

    public List<Fragment> Layout(IReadOnlyList<Block> blocks, float width, BlockContext ctx)
    {
        var result = new List<Fragment>();
        foreach (var block in blocks)
        {
            LayoutBlock(block, width, ctx, result);
        }
        return result;
    }

    private void LayoutBlock(Block block, float width, BlockContext ctx, List<Fragment> output)
    {
        switch (block)
        {
            case Paragraph p:
                LayoutParagraph(p.Spans, p.Style, p.Align, p.SpaceBefore, p.SpaceAfter, p.LineSpacing, p.LeftIndent, p.FirstLineIndent, width, ctx, output, keepWithNext: false,
                    shrinkToFit: p.ShrinkToFit);
                break;
            case Heading h:
                LayoutHeading(h, width, ctx, output);
                break;
            case ListBlock l:
                LayoutList(l, width, ctx, output);
                break;
            case Table t:
                LayoutTable(t, width, ctx, output);
                break;
            case DefinitionList d:
                LayoutTable(ToTable(d), width, ctx, output);
                break;
            case ChartBlock c:
                output.Add(new ChartFragment(c.Chart, Math.Min(c.Width ?? width, width), c.Height, c.SpaceAfter, ResolvedStyle.From(ctx.Style)));
                break;
            case Spacer s:
                output.Add(new SpaceFragment(s.Height) { Discardable = true });
                break;
            case PageBreak pb:
                if (!ctx.InCell)
                {
                    output.Add(new PageBreakFragment(pb.Orientation));
                }
                break;
            case HorizontalRule r:
                output.Add(new RuleFragment(width, r));
                break;
            case KeepTogether k:
                var start = output.Count;
                foreach (var inner in k.Blocks)
                {
                    LayoutBlock(inner, width, ctx, output);
                }
                // Trailing discardable space does not need to stay with the group.
                var last = output.Count - 1;
                while (last > start && output[last].Discardable)
                {
                    last--;
                }
                for (var i = start; i < last; i++)
                {
                    output[i].KeepWithNext = true;
                }
                break;
            default:
                throw new NotSupportedException($"Block type {block.GetType().Name} is not supported.");
        }
    }

    internal static List<InlineRun> ToRuns(IReadOnlyList<Span> spans, TextStyle paragraphStyle)
    {
        var runs = new List<InlineRun>(spans.Count);
        foreach (var span in spans)
        {
            var style = span.Style is null ? paragraphStyle : span.Style.InheritFrom(paragraphStyle);
            if (span.Link is not null && span.Style?.Color is null)
            {
                style = style with { Color = Model.Color.LinkBlue };
            }
            runs.Add(new InlineRun(span.Text, ResolvedStyle.From(style), span.Link));
        }
        if (runs.Count == 0)
        {
            runs.Add(new InlineRun(string.Empty, ResolvedStyle.From(paragraphStyle), null));
        }
        return runs;
    }

    private void LayoutParagraph(IReadOnlyList<Span> spans, TextStyle? style, TextAlign align, float spaceBefore, float spaceAfter,
        float lineSpacing, float leftIndent, float firstIndent, float width, BlockContext ctx, List<Fragment> output, bool keepWithNext, bool shrinkToFit = false)
    {
        var pStyle = style is null ? ctx.Style : style.InheritFrom(ctx.Style);
        var runs = ToRuns(spans, pStyle);
        if (shrinkToFit)
        {
            runs = ShrinkToFit(runs, width - leftIndent - Math.Max(0, firstIndent));
        }
        else if (ctx.FitWords)
        {
            runs = ShrinkWordsToFit(runs, width - leftIndent - Math.Max(0, firstIndent));
        }
        var lines = Text.Layout(runs, width, new ParagraphOptions(ctx.AlignOverride ?? align, lineSpacing, leftIndent, firstIndent), ResolvedStyle.From(pStyle));
        if (spaceBefore > 0)
        {
            output.Add(new SpaceFragment(spaceBefore) { Discardable = true, KeepWithNext = keepWithNext });
        }
        for (var i = 0; i < lines.Count; i++)
        {
            var f = new TextLineFragment(lines[i]);
            if (keepWithNext && !ctx.InCell)
            {
                f.KeepWithNext = true;
            }
            else if (!ctx.InCell && lines.Count >= 2 && (i == 0 || (lines.Count >= 3 && i == lines.Count - 2)))
            {
                // No single orphan line at a page end, no single widow line at a page start.
                f.KeepWithNext = true;
            }
            output.Add(f);
        }
        if (spaceAfter > 0)
        {
            output.Add(new SpaceFragment(spaceAfter) { Discardable = true });
        }
    }

    /// <summary>The runs scaled down, all by one factor, so that the widest hard line fits <paramref name="available"/>.</summary>
    private List<InlineRun> ShrinkToFit(List<InlineRun> runs, float available)
    {
        var (_, natural) = Text.Measure(runs);
        if (natural <= available || natural <= 0 || available <= 0)
        {
            return runs;
        }
        // Widths scale linearly with the size; the margin covers rounding in shaping and layout.
        var factor = available / natural * 0.995f;
        return runs.Select(r => r with { Style = r.Style with { Size = r.Style.Size * factor } }).ToList();
    }

    /// <summary>The smallest scale <see cref="ShrinkWordsToFit"/> applies; below it a word is broken (evenly) instead.</summary>
    internal const float MinWordFitScale = 0.6f;

    /// <summary>The runs scaled down so that the widest unbreakable word fits <paramref name="available"/> (at most to <see cref="MinWordFitScale"/>).</summary>
    private List<InlineRun> ShrinkWordsToFit(List<InlineRun> runs, float available)
    {
        var (min, _) = Text.Measure(runs);
        if (min <= available || min <= 0 || available <= 0)
        {
            return runs;
        }
        var factor = Math.Max(MinWordFitScale, available / min * 0.995f);
        return runs.Select(r => r with { Style = r.Style with { Size = r.Style.Size * factor } }).ToList();
    }

    private static readonly float[] HeadingSizes = [20f, 18f, 16f];
    private static readonly float[] HeadingSpaceBefore = [12f, 10f, 6f];
    private static readonly float[] HeadingSpaceAfter = [6f, 4f, 2f];

    private void LayoutHeading(Heading h, float width, BlockContext ctx, List<Fragment> output)
    {
        if (h.PageBreakBefore && !ctx.InCell)
        {
            output.Add(new PageBreakFragment(null));
        }
        var style = new TextStyle { Size = HeadingSizes[h.Level - 1], Bold = true };
        if (h.Style is not null)
        {
            style = h.Style.InheritFrom(style);
        }
        if (h.Anchor is not null)
        {
            output.Add(new AnchorFragment(h.Anchor) { KeepWithNext = true });
        }
        LayoutParagraph(h.Spans, style, h.Align, HeadingSpaceBefore[h.Level - 1], 0, 1f, 0, 0, width, ctx, output, keepWithNext: true);
        if (HeadingSpaceAfter[h.Level - 1] > 0)
        {
            output.Add(new SpaceFragment(HeadingSpaceAfter[h.Level - 1]) { Discardable = true, KeepWithNext = !ctx.InCell });
        }
    }

    private void LayoutList(ListBlock list, float width, BlockContext ctx, List<Fragment> output)
    {
        const float gap = 6f;
        var number = list.Start;
        var markerStyle = ResolvedStyle.From(ctx.Style);
        foreach (var item in list.Items)
        {
            var markerText = list.Kind switch
            {
                ListKind.Bulleted => "•",
                ListKind.Numbered => number.ToString(CultureInfo.InvariantCulture) + ".",
                _ => ToThaiDigits(number.ToString(CultureInfo.InvariantCulture)) + ".",
            };
            number++;
            var content = Layout(item.Content, width - list.Indent, ctx);
            if (content.Count == 0)
            {
                content.Add(new SpaceFragment(markerStyle.Size * 1.3f));
            }
            foreach (var f in content)
            {
                f.X += list.Indent;
            }
            var firstIndex = content.FindIndex(f => !f.Discardable);
            if (firstIndex < 0)
            {
                firstIndex = 0;
            }
            var marker = Text.LayoutSingleLine(markerText, markerStyle);
            content[firstIndex] = new MarkerFragment(content[firstIndex], marker, gap);
            output.AddRange(content);
        }
        if (list.SpaceAfter > 0)
        {
            output.Add(new SpaceFragment(list.SpaceAfter) { Discardable = true });
        }
    }

    internal static string ToThaiDigits(string s)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= '0' and <= '9')
            {
                chars[i] = (char)('๐' + (chars[i] - '0'));
            }
        }
        return new string(chars);
    }

    private static Table ToTable(DefinitionList d)
    {
        var rows = d.Items.Select(i => new TableRow([
            new TableCell([new Paragraph(i.Term) { SpaceAfter = 0 }]) { Style = d.TermStyle },
            new TableCell([new Paragraph(i.Definition) { SpaceAfter = 0 }]),
        ]));
        return new Table([ColumnWidth.Relative(d.TermWidthFraction), ColumnWidth.Relative(1 - d.TermWidthFraction)], rows)
        {
            BorderWidth = 0,
            CellPadding = 2f,
            HeaderBackground = null,
            HeaderStyle = null,
            SpaceAfter = d.SpaceAfter,
            RowSplit = RowSplitMode.Auto,
        };
    }

    private static SKColor ToSk(Model.Color c) => new(c.R, c.G, c.B, c.A);

    private void LayoutTable(Table table, float width, BlockContext ctx, List<Fragment> output)
    {
        var tableStyle = table.Style is null ? ctx.Style : table.Style.InheritFrom(ctx.Style);
        var (columns, wordsFit) = ComputeColumnWidths(table, width, tableStyle);
        var offsets = new float[columns.Length + 1];
        for (var i = 0; i < columns.Length; i++)
        {
            offsets[i + 1] = offsets[i] + columns[i];
        }
        var flow = new TableFlow { SplitMode = table.RowSplit };
        var pad = table.CellPadding;
        var headerCount = Math.Min(table.HeaderRows, table.Rows.Count);
        var bodyIndex = 0;
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var isHeader = r < headerCount;
            var rowStyle = isHeader && table.HeaderStyle is not null ? table.HeaderStyle.InheritFrom(tableStyle) : tableStyle;
            Model.Color? rowBg = row.Background
                ?? (isHeader ? table.HeaderBackground : (table.StripeBackground is { } s && bodyIndex % 2 == 1 ? s : null));
            var cells = new List<CellBox>(row.Cells.Count);
            var col = 0;
            foreach (var cell in row.Cells)
            {
                if (col >= columns.Length)
                {
                    break;
                }
                var span = Math.Clamp(cell.ColSpan, 1, columns.Length - col);
                var cellWidth = offsets[col + span] - offsets[col];
                var cellStyle = cell.Style is null ? rowStyle : cell.Style.InheritFrom(rowStyle);
                var content = Layout(cell.Content, Math.Max(1, cellWidth - 2 * pad), new BlockContext(cellStyle, cell.Align, InCell: true, FitWords: !wordsFit));
                // Trailing spacing inside a cell only adds padding.
                while (content.Count > 0 && content[^1] is SpaceFragment)
                {
                    content.RemoveAt(content.Count - 1);
                }
                var bg = cell.Background ?? rowBg;
                cells.Add(new CellBox
                {
                    X = offsets[col],
                    Width = cellWidth,
                    Content = content,
                    Background = bg is { } b ? ToSk(b) : null,
                    VerticalAlign = cell.VerticalAlign,
                });
                col += span;
            }
            // Missing cells are drawn empty so the grid stays closed.
            while (col < columns.Length)
            {
                cells.Add(new CellBox { X = offsets[col], Width = columns[col], Content = [], Background = rowBg is { } b ? ToSk(b) : null });
                col++;
            }
            var fragment = new TableRowFragment([.. cells], pad, table.BorderWidth, ToSk(table.BorderColor))
            {
                Table = flow,
                IsHeaderRow = isHeader,
                KeepWithNext = isHeader,
            };
            if (isHeader)
            {
                flow.HeaderRows.Add(fragment);
            }
            else
            {
                bodyIndex++;
            }
            output.Add(fragment);
        }
        if (table.SpaceAfter > 0)
        {
            output.Add(new SpaceFragment(table.SpaceAfter) { Discardable = true });
        }
    }

    /// <summary>
    /// Column widths: fixed as given, auto from the content, relative sharing the rest; then no column narrower than
    /// its widest unbreakable word (<see cref="EnforceWordWidths"/>). <c>WordsFit</c> is false when the table is too
    /// narrow for that, and cells then set such words smaller instead of breaking them.
    /// </summary>
    private (float[] Widths, bool WordsFit) ComputeColumnWidths(Table table, float width, TextStyle tableStyle)
    {
        var n = table.Columns.Count;
        var result = new float[n];
        var pad = 2 * table.CellPadding;
        float fixedSum = 0, relSum = 0;
        var autoMin = new float[n];
        var autoMax = new float[n];
        var hasAuto = false;
        for (var i = 0; i < n; i++)
        {
            var c = table.Columns[i];
            switch (c.Kind)
            {
                case ColumnWidthKind.Fixed:
                    result[i] = c.Value;
                    fixedSum += c.Value;
                    break;
                case ColumnWidthKind.Relative:
                    relSum += Math.Max(0.0001f, c.Value);
                    break;
                default:
                    hasAuto = true;
                    break;
            }
        }
        if (hasAuto)
        {
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var row = table.Rows[r];
                var isHeader = r < table.HeaderRows;
                var rowStyle = isHeader && table.HeaderStyle is not null ? table.HeaderStyle.InheritFrom(tableStyle) : tableStyle;
                var col = 0;
                foreach (var cell in row.Cells)
                {
                    if (col >= n)
                    {
                        break;
                    }
                    if (cell.ColSpan == 1 && table.Columns[col].Kind == ColumnWidthKind.Auto)
                    {
                        var cellStyle = cell.Style is null ? rowStyle : cell.Style.InheritFrom(rowStyle);
                        foreach (var p in cell.Content.OfType<Paragraph>())
                        {
                            var pStyle = p.Style is null ? cellStyle : p.Style.InheritFrom(cellStyle);
                            var (min, max) = Text.Measure(ToRuns(p.Spans, pStyle));
                            autoMin[col] = Math.Max(autoMin[col], min + pad + p.LeftIndent);
                            autoMax[col] = Math.Max(autoMax[col], max + pad + p.LeftIndent + p.FirstLineIndent);
                        }
                    }
                    col += Math.Max(1, cell.ColSpan);
                }
            }
            for (var i = 0; i < n; i++)
            {
                if (table.Columns[i].Kind == ColumnWidthKind.Auto)
                {
                    autoMin[i] = Math.Max(autoMin[i], pad + 8);
                    autoMax[i] = Math.Max(autoMax[i], autoMin[i]);
                }
            }
        }
        var remaining = width - fixedSum;
        var autoMaxSum = 0f;
        var autoMinSum = 0f;
        for (var i = 0; i < n; i++)
        {
            if (table.Columns[i].Kind == ColumnWidthKind.Auto)
            {
                autoMaxSum += autoMax[i];
                autoMinSum += autoMin[i];
            }
        }
        // Relative columns get at least 15% of their share if autos would take everything.
        var relReserve = relSum > 0 ? Math.Min(remaining * 0.5f, Math.Max(0, remaining - autoMaxSum)) : 0;
        if (relSum > 0 && relReserve < remaining * 0.15f)
        {
            relReserve = Math.Max(0, Math.Min(remaining - autoMinSum, remaining * 0.5f));
        }
        var autoSpace = relSum > 0 ? remaining - relReserve : remaining;
        if (relSum > 0 && autoMaxSum <= autoSpace)
        {
            autoSpace = autoMaxSum;
        }
        for (var i = 0; i < n; i++)
        {
            if (table.Columns[i].Kind != ColumnWidthKind.Auto)
            {
                continue;
            }
            if (autoMaxSum <= autoSpace)
            {
                // Everything fits at natural width; without relative columns, spread the leftover proportionally.
                result[i] = relSum > 0 || autoMaxSum <= 0 ? autoMax[i] : autoMax[i] * autoSpace / autoMaxSum;
            }
            else if (autoMinSum >= autoSpace)
            {
                result[i] = autoMinSum <= 0 ? 0 : autoMin[i] * Math.Max(0, autoSpace) / autoMinSum;
            }
            else
            {
                // Between min and max: give each its minimum plus a share of the rest proportional to (max - min).
                var extra = autoSpace - autoMinSum;
                var flex = autoMaxSum - autoMinSum;
                result[i] = autoMin[i] + (flex <= 0 ? 0 : (autoMax[i] - autoMin[i]) * extra / flex);
            }
        }
        var used = result.Sum();
        var relSpace = Math.Max(0, width - used);
        for (var i = 0; i < n; i++)
        {
            if (table.Columns[i].Kind == ColumnWidthKind.Relative)
            {
                result[i] = relSpace * Math.Max(0.0001f, table.Columns[i].Value) / relSum;
            }
        }
        var wordsFit = EnforceWordWidths(table, result, width, tableStyle);
        return (result, wordsFit);
    }

    /// <summary>
    /// The narrowest each column may be: its widest unbreakable word (ICU boundaries with the glued Thai compounds)
    /// plus the padding, over every single-column cell's paragraphs (paragraphs that shrink to fit are left out).
    /// </summary>
    private float[] WordWidths(Table table, TextStyle tableStyle)
    {
        var n = table.Columns.Count;
        var min = new float[n];
        var pad = 2 * table.CellPadding;
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var isHeader = r < table.HeaderRows;
            var rowStyle = isHeader && table.HeaderStyle is not null ? table.HeaderStyle.InheritFrom(tableStyle) : tableStyle;
            var col = 0;
            foreach (var cell in row.Cells)
            {
                if (col >= n)
                {
                    break;
                }
                if (cell.ColSpan <= 1)
                {
                    var cellStyle = cell.Style is null ? rowStyle : cell.Style.InheritFrom(rowStyle);
                    foreach (var p in cell.Content.OfType<Paragraph>())
                    {
                        if (p.ShrinkToFit)
                        {
                            continue;
                        }
                        var pStyle = p.Style is null ? cellStyle : p.Style.InheritFrom(cellStyle);
                        var (words, _) = Text.Measure(ToRuns(p.Spans, pStyle));
                        min[col] = Math.Max(min[col], words + pad + p.LeftIndent + Math.Max(0, p.FirstLineIndent));
                    }
                }
                col += Math.Max(1, cell.ColSpan);
            }
        }
        return min;
    }

    /// <summary>
    /// Widens every column narrower than its widest word (<see cref="WordWidths"/>) to that width, taking the space
    /// from the columns wider than their own widest word (relative columns first, then auto, then fixed), in
    /// proportion to what each can spare. False when the words of all columns together need more than
    /// <paramref name="width"/>: the columns are then sized in proportion to their words.
    /// </summary>
    private bool EnforceWordWidths(Table table, float[] widths, float width, TextStyle tableStyle)
    {
        const float eps = 0.01f;
        var min = WordWidths(table, tableStyle);
        var n = widths.Length;
        var deficit = 0f;
        var raised = new bool[n];
        for (var i = 0; i < n; i++)
        {
            if (widths[i] < min[i] - eps)
            {
                deficit += min[i] - widths[i];
                widths[i] = min[i];
                raised[i] = true;
            }
        }
        if (deficit <= eps)
        {
            return true;
        }
        foreach (var kind in new[] { ColumnWidthKind.Relative, ColumnWidthKind.Auto, ColumnWidthKind.Fixed })
        {
            var spare = 0f;
            for (var j = 0; j < n; j++)
            {
                if (!raised[j] && table.Columns[j].Kind == kind && widths[j] > min[j])
                {
                    spare += widths[j] - min[j];
                }
            }
            if (spare <= eps)
            {
                continue;
            }
            var take = Math.Min(spare, deficit);
            for (var j = 0; j < n; j++)
            {
                if (!raised[j] && table.Columns[j].Kind == kind && widths[j] > min[j])
                {
                    widths[j] -= (widths[j] - min[j]) * take / spare;
                }
            }
            deficit -= take;
            if (deficit <= eps)
            {
                return true;
            }
        }
        var sum = min.Sum();
        for (var i = 0; i < n; i++)
        {
            widths[i] = sum <= 0 ? width / n : min[i] * width / sum;
        }
        return false;
    }
}
