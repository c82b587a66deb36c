using Oversight.Reports.Charts;
using Oversight.Reports.Model;
using Oversight.Reports.Text;
using SkiaSharp;

namespace Oversight.Reports.Layout;

/// <summary>An atomic (or splittable) piece of laid-out content with a height, placed by the paginator.</summary>
internal abstract class Fragment
{
    public float Height { get; protected set; }
    /// <summary>Horizontal offset from the left edge of the enclosing content area.</summary>
    public float X { get; set; }
    /// <summary>Move to the next page together with the following fragment.</summary>
    public bool KeepWithNext { get; set; }
    /// <summary>Dropped when it would be the first thing on a page (vertical spacing).</summary>
    public bool Discardable { get; init; }
    /// <summary>The table this fragment is a row of, for repeating header rows on continuation pages.</summary>
    public TableFlow? Table { get; set; }
    public bool IsHeaderRow { get; set; }

    public abstract void Draw(DrawContext ctx, float left, float top);

    public virtual bool CanSplit => false;

    /// <summary>Splits so that the head fits in <paramref name="available"/>; Head is null when nothing fits.</summary>
    public virtual (Fragment? Head, Fragment? Tail) Split(float available) => (null, this);
}

internal sealed class TableFlow
{
    public List<Fragment> HeaderRows { get; } = [];
    public float HeaderHeight => HeaderRows.Sum(h => h.Height);
    public RowSplitMode SplitMode { get; init; }
}

internal sealed class SpaceFragment : Fragment
{
    public SpaceFragment(float height) => Height = height;
    public override void Draw(DrawContext ctx, float left, float top) { }
}

internal sealed class PageBreakFragment(PageOrientation? orientation) : Fragment
{
    public PageOrientation? Orientation { get; } = orientation;
    public override void Draw(DrawContext ctx, float left, float top) { }
}

internal sealed class AnchorFragment(string name) : Fragment
{
    public string Name { get; } = name;
    public override void Draw(DrawContext ctx, float left, float top) => ctx.Canvas.DrawNamedDestinationAnnotation(new SKPoint(left, top), Name);
}

internal sealed class TextLineFragment : Fragment
{
    public TextLineFragment(TextLine line)
    {
        Line = line;
        Height = line.Height;
    }

    public TextLine Line { get; }
    public override void Draw(DrawContext ctx, float left, float top) => ctx.DrawLine(Line, left, top);
}

internal sealed class RuleFragment : Fragment
{
    private readonly float width;
    private readonly float thickness;
    private readonly SKColor color;
    private readonly float before;

    public RuleFragment(float width, HorizontalRule rule)
    {
        this.width = width;
        thickness = rule.Thickness;
        color = new SKColor(rule.Color.R, rule.Color.G, rule.Color.B, rule.Color.A);
        before = rule.SpaceBefore;
        Height = rule.SpaceBefore + rule.Thickness + rule.SpaceAfter;
    }

    public override void Draw(DrawContext ctx, float left, float top) =>
        ctx.FillRect(new SKRect(left, top + before, left + width, top + before + thickness), color);
}

internal sealed class ChartFragment : Fragment
{
    private readonly Chart chart;
    private readonly float width;
    private readonly float chartHeight;
    private readonly ResolvedStyle style;

    public ChartFragment(Chart chart, float width, float height, float spaceAfter, ResolvedStyle style)
    {
        this.chart = chart;
        this.width = width;
        chartHeight = height;
        this.style = style;
        Height = height + spaceAfter;
    }

    public override void Draw(DrawContext ctx, float left, float top) =>
        ChartRenderer.Draw(ctx, chart, new SKRect(left, top, left + width, top + chartHeight), style);
}

/// <summary>A list item's first fragment with the bullet/number drawn in the indent, baseline-aligned.</summary>
internal sealed class MarkerFragment : Fragment
{
    private readonly Fragment inner;
    private readonly TextLine marker;
    private readonly float gap;

    /// <param name="inner">The item's first fragment.</param>
    /// <param name="marker">The bullet or number.</param>
    /// <param name="gap">Space between the marker's right edge and the item content's left edge.</param>
    public MarkerFragment(Fragment inner, TextLine marker, float gap)
    {
        this.inner = inner;
        this.marker = marker;
        this.gap = gap;
        Height = inner.Height;
        X = inner.X;
        KeepWithNext = inner.KeepWithNext;
        inner.X = 0;
    }

    public override void Draw(DrawContext ctx, float left, float top)
    {
        var baseline = inner is TextLineFragment t ? t.Line.Baseline : marker.Baseline;
        ctx.DrawLine(marker, left - gap - marker.Width, top + baseline - marker.Baseline);
        inner.Draw(ctx, left, top);
    }
}

/// <summary>One cell of a laid-out row.</summary>
internal sealed class CellBox
{
    public required float X { get; init; }
    public required float Width { get; init; }
    public required List<Fragment> Content { get; init; }
    public SKColor? Background { get; init; }
    public VerticalAlign VerticalAlign { get; init; }
    public float ContentHeight => Content.Sum(c => c.Height);
}

/// <summary>A table row (or the part of a split row on one page).</summary>
internal sealed class TableRowFragment : Fragment
{
    private readonly CellBox[] cells;
    private readonly float padding;
    private readonly float borderWidth;
    private readonly SKColor borderColor;
    private readonly bool split;

    public TableRowFragment(CellBox[] cells, float padding, float borderWidth, SKColor borderColor, bool split = false)
    {
        this.cells = cells;
        this.padding = padding;
        this.borderWidth = borderWidth;
        this.borderColor = borderColor;
        this.split = split;
        Height = (cells.Length == 0 ? 0 : cells.Max(c => c.ContentHeight)) + 2 * padding;
    }

    public IReadOnlyList<CellBox> Cells => cells;

    public override bool CanSplit => true;

    public override (Fragment? Head, Fragment? Tail) Split(float available)
    {
        var inner = available - 2 * padding;
        if (inner <= 0)
        {
            return (null, this);
        }
        var heads = new CellBox[cells.Length];
        var tails = new CellBox[cells.Length];
        var tookAny = false;
        var leftAny = false;
        for (var i = 0; i < cells.Length; i++)
        {
            var c = cells[i];
            var taken = new List<Fragment>();
            var rest = new List<Fragment>();
            var used = 0f;
            var full = false;
            foreach (var f in c.Content)
            {
                if (full)
                {
                    rest.Add(f);
                    continue;
                }
                if (used + f.Height <= inner + 0.01f)
                {
                    taken.Add(f);
                    used += f.Height;
                    continue;
                }
                full = true;
                if (f.CanSplit)
                {
                    var (h, t) = f.Split(inner - used);
                    if (h is not null)
                    {
                        taken.Add(h);
                        used += h.Height;
                    }
                    if (t is not null)
                    {
                        rest.Add(t);
                    }
                }
                else
                {
                    rest.Add(f);
                }
            }
            while (rest.Count > 0 && rest[0].Discardable)
            {
                rest.RemoveAt(0);
            }
            tookAny |= taken.Any(t => !t.Discardable);
            leftAny |= rest.Count > 0;
            heads[i] = new CellBox { X = c.X, Width = c.Width, Content = taken, Background = c.Background, VerticalAlign = VerticalAlign.Top };
            tails[i] = new CellBox { X = c.X, Width = c.Width, Content = rest, Background = c.Background, VerticalAlign = VerticalAlign.Top };
        }
        if (!tookAny)
        {
            return (null, this);
        }
        if (!leftAny)
        {
            return (this, null);
        }
        var head = new TableRowFragment(heads, padding, borderWidth, borderColor, split: true) { X = X, Table = Table };
        var tail = new TableRowFragment(tails, padding, borderWidth, borderColor, split: true) { X = X, Table = Table };
        return (head, tail);
    }

    public override void Draw(DrawContext ctx, float left, float top)
    {
        foreach (var c in cells)
        {
            if (c.Background is { } bg)
            {
                ctx.FillRect(new SKRect(left + c.X, top, left + c.X + c.Width, top + Height), bg);
            }
        }
        foreach (var c in cells)
        {
            var y = top + padding;
            if (!split)
            {
                var slack = Height - 2 * padding - c.ContentHeight;
                y += c.VerticalAlign switch
                {
                    VerticalAlign.Middle => slack / 2,
                    VerticalAlign.Bottom => slack,
                    _ => 0,
                };
            }
            foreach (var f in c.Content)
            {
                f.Draw(ctx, left + c.X + padding + f.X, y);
                y += f.Height;
            }
        }
        if (borderWidth > 0)
        {
            ctx.Stroke.Color = borderColor;
            ctx.Stroke.StrokeWidth = borderWidth;
            foreach (var c in cells)
            {
                ctx.Canvas.DrawRect(new SKRect(left + c.X, top, left + c.X + c.Width, top + Height), ctx.Stroke);
            }
        }
    }
}
