using System.Globalization;
using Oversight.Reports.Layout;
using Oversight.Reports.Model;
using Oversight.Reports.Text;
using SkiaSharp;

namespace Oversight.Reports.Charts;

/// <summary>Draws charts with Skia primitives; every label goes through the shaped-text path (exact Thai extraction).</summary>
internal static class ChartRenderer
{
    private static readonly SKColor AxisColor = new(0x55, 0x55, 0x55);
    private static readonly SKColor GridColor = new(0xDD, 0xDD, 0xDD);
    private static readonly SKColor LabelColor = new(0x33, 0x33, 0x33);

    public static void Draw(DrawContext ctx, Chart chart, SKRect rect, ResolvedStyle baseStyle)
    {
        var label = baseStyle with { Size = chart.FontSize, Bold = false, Italic = false, Underline = false, Color = LabelColor };
        var area = rect;
        if (!string.IsNullOrEmpty(chart.Title))
        {
            var title = ctx.Text.LayoutSingleLine(chart.Title, label with { Size = chart.FontSize + 2, Bold = true, Color = SKColors.Black });
            ctx.DrawLine(title, area.MidX - title.Width / 2, area.Top);
            area.Top += title.Height + 2;
        }
        ctx.Canvas.Save();
        try
        {
            switch (chart)
            {
                case BarChart bar:
                    DrawBars(ctx, bar, area, label);
                    break;
                case LineChart line:
                    DrawLines(ctx, line, area, label);
                    break;
                case DonutChart donut:
                    DrawDonut(ctx, donut, area, label);
                    break;
                default:
                    throw new NotSupportedException($"Chart type {chart.GetType().Name} is not supported.");
            }
        }
        finally
        {
            ctx.Canvas.Restore();
        }
    }

    private static SKColor ColorAt(Chart chart, int index, Model.Color? explicitColor)
    {
        var c = explicitColor ?? (chart.Palette is { Count: > 0 } p ? p[index % p.Count] : Chart.DefaultPalette[index % Chart.DefaultPalette.Count]);
        return new SKColor(c.R, c.G, c.B, c.A);
    }

    private static string Format(Chart chart, double v) => v.ToString(chart.ValueFormat, CultureInfo.InvariantCulture);

    /// <summary>Draws a line of text anchored at (x, y): hAlign 0 left, 0.5 centre, 1 right; vAlign 0 top, 0.5 middle, 1 bottom.</summary>
    private static void Label(DrawContext ctx, TextLine line, float x, float y, float hAlign, float vAlign) =>
        ctx.DrawLine(line, x - line.Width * hAlign, y - line.Height * vAlign);

    private static float LegendHeight(DrawContext ctx, Chart chart, IReadOnlyList<string> names, float width, ResolvedStyle style, bool draw, float top, float left, Func<int, SKColor> color)
    {
        if (!chart.ShowLegend || names.Count == 0)
        {
            return 0;
        }
        var sw = style.Size * 0.8f;
        float x = left, y = top, rowHeight = 0;
        for (var i = 0; i < names.Count; i++)
        {
            var line = ctx.Text.LayoutSingleLine(names[i], style);
            var itemWidth = sw + 4 + line.Width + 12;
            if (x > left && x + itemWidth > left + width)
            {
                x = left;
                y += rowHeight;
                rowHeight = 0;
            }
            if (draw)
            {
                ctx.FillRect(new SKRect(x, y + (line.Height - sw) / 2, x + sw, y + (line.Height + sw) / 2), color(i));
                ctx.DrawLine(line, x + sw + 4, y);
            }
            x += itemWidth;
            rowHeight = Math.Max(rowHeight, line.Height);
        }
        return y + rowHeight - top + 2;
    }

    private static (double Min, double Max, double Step) NiceScale(double min, double max, int targetTicks = 5)
    {
        if (max <= min)
        {
            max = min + 1;
        }
        var range = max - min;
        var rough = range / targetTicks;
        var mag = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var norm = rough / mag;
        var step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    private static void DrawBars(DrawContext ctx, BarChart chart, SKRect area, ResolvedStyle style)
    {
        var nCat = chart.Categories.Count;
        var nSer = chart.Series.Count;
        if (nCat == 0 || nSer == 0)
        {
            return;
        }
        double V(int s, int c) => c < chart.Series[s].Values.Count ? chart.Series[s].Values[c] : 0;
        SKColor SeriesColor(int s) => ColorAt(chart, s, chart.Series[s].Color);

        var legendH = LegendHeight(ctx, chart, chart.Series.Select(s => s.Name).ToArray(), area.Width, style, false, 0, 0, SeriesColor);
        LegendHeight(ctx, chart, chart.Series.Select(s => s.Name).ToArray(), area.Width, style, true, area.Bottom - legendH + 2, area.Left, SeriesColor);
        area.Bottom -= legendH + 2;

        double min = 0, max = 0;
        for (var c = 0; c < nCat; c++)
        {
            if (chart.Stacked)
            {
                double pos = 0, neg = 0;
                for (var s = 0; s < nSer; s++)
                {
                    if (V(s, c) >= 0) { pos += V(s, c); } else { neg += V(s, c); }
                }
                max = Math.Max(max, pos);
                min = Math.Min(min, neg);
            }
            else
            {
                for (var s = 0; s < nSer; s++)
                {
                    max = Math.Max(max, V(s, c));
                    min = Math.Min(min, V(s, c));
                }
            }
        }
        var (lo, hi, step) = NiceScale(min, max);
        var small = style with { Size = style.Size * 0.9f };
        var tickLines = new List<(double Value, TextLine Line)>();
        for (var v = lo; v <= hi + step / 2; v += step)
        {
            tickLines.Add((v, ctx.Text.LayoutSingleLine(Format(chart, v), small)));
        }
        var valueLineHeight = chart.ShowValues ? ctx.Text.LayoutSingleLine("0", small).Height : 0;

        if (chart.Orientation == BarOrientation.Vertical)
        {
            var tickW = tickLines.Max(t => t.Line.Width) + 4;
            var plotLeft = area.Left + tickW + 2;
            var band = (area.Right - plotLeft) / nCat;
            var catLines = chart.Categories.Select(c => WrapLabel(ctx, c, band - 4, style)).ToArray();
            var catH = catLines.Max(l => l.Sum(x => x.Height));
            var plot = new SKRect(plotLeft, area.Top + valueLineHeight, area.Right, area.Bottom - catH - 4);
            float Y(double v) => (float)(plot.Bottom - (v - lo) / (hi - lo) * plot.Height);
            DrawValueAxis(ctx, tickLines, plot, vertical: true, Y);
            for (var c = 0; c < nCat; c++)
            {
                var bandLeft = plot.Left + c * band;
                var group = band * 0.7f;
                var gx = bandLeft + (band - group) / 2;
                double pos = 0, neg = 0;
                for (var s = 0; s < nSer; s++)
                {
                    var v = V(s, c);
                    SKRect bar;
                    if (chart.Stacked)
                    {
                        var baseV = v >= 0 ? pos : neg;
                        bar = SKRect.Create(gx, Math.Min(Y(baseV), Y(baseV + v)), group, Math.Abs(Y(baseV + v) - Y(baseV)));
                        if (v >= 0) { pos += v; } else { neg += v; }
                    }
                    else
                    {
                        var w = group / nSer;
                        bar = SKRect.Create(gx + s * w, Math.Min(Y(0), Y(v)), w * 0.92f, Math.Abs(Y(v) - Y(0)));
                    }
                    ctx.FillRect(bar, SeriesColor(s));
                    if (chart.ShowValues && v != 0)
                    {
                        var t = ctx.Text.LayoutSingleLine(Format(chart, v), small with { Color = chart.Stacked ? SKColors.White : LabelColor });
                        if (chart.Stacked)
                        {
                            if (bar.Height >= t.Height && bar.Width >= t.Width)
                            {
                                Label(ctx, t, bar.MidX, bar.MidY, 0.5f, 0.5f);
                            }
                        }
                        else
                        {
                            Label(ctx, t, bar.MidX, bar.Top, 0.5f, 1f);
                        }
                    }
                }
                if (chart.Stacked && chart.ShowValues && nSer > 1)
                {
                    var t = ctx.Text.LayoutSingleLine(Format(chart, pos + neg), small with { Bold = true });
                    Label(ctx, t, gx + group / 2, Y(pos), 0.5f, 1f);
                }
                var ly = plot.Bottom + 3;
                foreach (var l in catLines[c])
                {
                    Label(ctx, l, bandLeft + band / 2, ly, 0.5f, 0f);
                    ly += l.Height;
                }
            }
        }
        else
        {
            var catW = Math.Min(area.Width * 0.4f, chart.Categories.Max(c => ctx.Text.LayoutSingleLine(c, style).Width) + 4);
            var tickH = tickLines.Max(t => t.Line.Height);
            var lastTickHalf = tickLines[^1].Line.Width / 2;
            var plot = new SKRect(area.Left + catW + 4, area.Top, area.Right - Math.Max(lastTickHalf, chart.ShowValues ? 36 : 0), area.Bottom - tickH - 2);
            float X(double v) => (float)(plot.Left + (v - lo) / (hi - lo) * plot.Width);
            DrawValueAxis(ctx, tickLines, plot, vertical: false, X);
            var band = plot.Height / nCat;
            for (var c = 0; c < nCat; c++)
            {
                var bandTop = plot.Top + c * band;
                var group = band * 0.7f;
                var gy = bandTop + (band - group) / 2;
                double pos = 0, neg = 0;
                for (var s = 0; s < nSer; s++)
                {
                    var v = V(s, c);
                    SKRect bar;
                    if (chart.Stacked)
                    {
                        var baseV = v >= 0 ? pos : neg;
                        bar = SKRect.Create(Math.Min(X(baseV), X(baseV + v)), gy, Math.Abs(X(baseV + v) - X(baseV)), group);
                        if (v >= 0) { pos += v; } else { neg += v; }
                    }
                    else
                    {
                        var h = group / nSer;
                        bar = SKRect.Create(Math.Min(X(0), X(v)), gy + s * h, Math.Abs(X(v) - X(0)), h * 0.92f);
                    }
                    ctx.FillRect(bar, SeriesColor(s));
                    if (chart.ShowValues && v != 0)
                    {
                        var t = ctx.Text.LayoutSingleLine(Format(chart, v), small with { Color = chart.Stacked ? SKColors.White : LabelColor });
                        if (chart.Stacked)
                        {
                            if (bar.Height >= t.Height * 0.8f && bar.Width >= t.Width + 2)
                            {
                                Label(ctx, t, bar.MidX, bar.MidY, 0.5f, 0.5f);
                            }
                        }
                        else
                        {
                            Label(ctx, t, bar.Right + 2, bar.MidY, 0f, 0.5f);
                        }
                    }
                }
                if (chart.Stacked && chart.ShowValues && nSer > 1)
                {
                    var t = ctx.Text.LayoutSingleLine(Format(chart, pos + neg), small with { Bold = true });
                    Label(ctx, t, X(pos) + 2, gy + group / 2, 0f, 0.5f);
                }
                var lines = WrapLabel(ctx, chart.Categories[c], catW - 4, style);
                var totalH = lines.Sum(l => l.Height);
                if (totalH > band && lines.Count > 1)
                {
                    // Two lines do not fit the band: shrink the label (down to 70%).
                    var smaller = style with { Size = style.Size * Math.Max(0.7f, band / totalH) };
                    lines = WrapLabel(ctx, chart.Categories[c], catW - 4, smaller);
                    totalH = lines.Sum(l => l.Height);
                }
                var ly = bandTop + (band - totalH) / 2;
                foreach (var l in lines)
                {
                    Label(ctx, l, plot.Left - 4, ly, 1f, 0f);
                    ly += l.Height;
                }
            }
        }
    }

    private static void DrawValueAxis(DrawContext ctx, List<(double Value, TextLine Line)> ticks, SKRect plot, bool vertical, Func<double, float> map)
    {
        foreach (var (value, line) in ticks)
        {
            var p = map(value);
            if (vertical)
            {
                ctx.Line(plot.Left, p, plot.Right, p, GridColor, 0.5f);
                Label(ctx, line, plot.Left - 4, p, 1f, 0.5f);
            }
            else
            {
                ctx.Line(p, plot.Top, p, plot.Bottom, GridColor, 0.5f);
                Label(ctx, line, p, plot.Bottom + 2, 0.5f, 0f);
            }
        }
        var zero = map(0);
        if (vertical)
        {
            ctx.Line(plot.Left, plot.Top, plot.Left, plot.Bottom, AxisColor, 0.75f);
            ctx.Line(plot.Left, zero, plot.Right, zero, AxisColor, 0.75f);
        }
        else
        {
            ctx.Line(plot.Left, plot.Bottom, plot.Right, plot.Bottom, AxisColor, 0.75f);
            ctx.Line(zero, plot.Top, zero, plot.Bottom, AxisColor, 0.75f);
        }
    }

    /// <summary>Wraps a category label to at most two lines (ICU breaks), hard-breaking if needed.</summary>
    private static List<TextLine> WrapLabel(DrawContext ctx, string text, float width, ResolvedStyle style)
    {
        var lines = ctx.Text.Layout([new InlineRun(text, style, null)], Math.Max(10, width), new ParagraphOptions(TextAlign.Left, 1f, 0, 0), style);
        return lines.Count <= 2 ? lines : [lines[0], ctx.Text.Layout([new InlineRun(string.Concat(lines.Skip(1).Select(l => l.Text)), style, null)], float.PositiveInfinity, new ParagraphOptions(TextAlign.Left, 1f, 0, 0), style)[0]];
    }

    private static void DrawLines(DrawContext ctx, LineChart chart, SKRect area, ResolvedStyle style)
    {
        var nCat = chart.Categories.Count;
        var nSer = chart.Series.Count;
        if (nCat == 0 || nSer == 0)
        {
            return;
        }
        SKColor SeriesColor(int s) => ColorAt(chart, s, chart.Series[s].Color);
        var names = chart.Series.Select(s => s.Name).ToArray();
        var legendH = LegendHeight(ctx, chart, names, area.Width, style, false, 0, 0, SeriesColor);
        LegendHeight(ctx, chart, names, area.Width, style, true, area.Bottom - legendH + 2, area.Left, SeriesColor);
        area.Bottom -= legendH + 2;

        var all = chart.Series.SelectMany(s => s.Values).DefaultIfEmpty(0).ToArray();
        var (lo, hi, step) = NiceScale(Math.Min(0, all.Min()), all.Max());
        var small = style with { Size = style.Size * 0.9f };
        var ticks = new List<(double, TextLine)>();
        for (var v = lo; v <= hi + step / 2; v += step)
        {
            ticks.Add((v, ctx.Text.LayoutSingleLine(Format(chart, v), small)));
        }
        var tickW = ticks.Max(t => t.Item2.Width) + 4;
        var plotLeft = area.Left + tickW + 2;
        var band = (area.Right - plotLeft) / nCat;
        var catLines = chart.Categories.Select(c => WrapLabel(ctx, c, band - 2, style)).ToArray();
        var catH = catLines.Max(l => l.Sum(x => x.Height));
        var valueH = chart.ShowValues ? ctx.Text.LayoutSingleLine("0", small).Height : 0;
        var plot = new SKRect(plotLeft, area.Top + valueH, area.Right, area.Bottom - catH - 4);
        float Y(double v) => (float)(plot.Bottom - (v - lo) / (hi - lo) * plot.Height);
        DrawValueAxis(ctx, ticks, plot, vertical: true, Y);
        for (var c = 0; c < nCat; c++)
        {
            var ly = plot.Bottom + 3;
            foreach (var l in catLines[c])
            {
                Label(ctx, l, plot.Left + band * (c + 0.5f), ly, 0.5f, 0f);
                ly += l.Height;
            }
        }
        using var builder = new SKPathBuilder();
        for (var s = 0; s < nSer; s++)
        {
            var values = chart.Series[s].Values;
            builder.Reset();
            for (var c = 0; c < Math.Min(nCat, values.Count); c++)
            {
                var pt = new SKPoint(plot.Left + band * (c + 0.5f), Y(values[c]));
                if (c == 0) { builder.MoveTo(pt); } else { builder.LineTo(pt); }
            }
            using var path = builder.Detach();
            ctx.Stroke.Color = SeriesColor(s);
            ctx.Stroke.StrokeWidth = 2f;
            ctx.Canvas.DrawPath(path, ctx.Stroke);
            for (var c = 0; c < Math.Min(nCat, values.Count); c++)
            {
                var pt = new SKPoint(plot.Left + band * (c + 0.5f), Y(values[c]));
                if (chart.Markers)
                {
                    ctx.Fill.Color = SeriesColor(s);
                    ctx.Canvas.DrawCircle(pt, 2.5f, ctx.Fill);
                }
                if (chart.ShowValues)
                {
                    var t = ctx.Text.LayoutSingleLine(Format(chart, values[c]), small);
                    Label(ctx, t, pt.X, pt.Y - 3, 0.5f, 1f);
                }
            }
        }
    }

    private static void DrawDonut(DrawContext ctx, DonutChart chart, SKRect area, ResolvedStyle style)
    {
        var slices = chart.Slices.Where(s => s.Value > 0).ToArray();
        var total = slices.Sum(s => s.Value);
        var diameter = Math.Min(area.Height, area.Width * (chart.ShowLegend ? 0.5f : 1f));
        var center = new SKPoint(area.Left + (chart.ShowLegend ? diameter / 2 + 4 : area.Width / 2), area.MidY);
        var r = diameter / 2 - 2;
        var inner = r * Math.Clamp(chart.HoleRatio, 0f, 0.95f);
        var small = style with { Size = style.Size * 0.9f };
        SKColor SliceColor(int i) => ColorAt(chart, Array.IndexOf(chart.Slices.ToArray(), slices[i]), slices[i].Color);

        if (total > 0)
        {
            var start = -90f;
            using var path = new SKPathBuilder();
            var outerRect = new SKRect(center.X - r, center.Y - r, center.X + r, center.Y + r);
            var innerRect = new SKRect(center.X - inner, center.Y - inner, center.X + inner, center.Y + inner);
            for (var i = 0; i < slices.Length; i++)
            {
                var sweep = (float)(slices[i].Value / total * 360.0);
                path.Reset();
                if (sweep >= 359.99f)
                {
                    path.AddOval(outerRect);
                    if (inner > 0)
                    {
                        path.AddOval(innerRect, SKPathDirection.CounterClockwise);
                    }
                }
                else if (inner > 0)
                {
                    path.ArcTo(outerRect, start, sweep, true);
                    path.ArcTo(innerRect, start + sweep, -sweep, false);
                    path.Close();
                }
                else
                {
                    path.MoveTo(center);
                    path.ArcTo(outerRect, start, sweep, false);
                    path.Close();
                }
                using var slicePath = path.Detach();
                ctx.Fill.Color = SliceColor(i);
                ctx.Canvas.DrawPath(slicePath, ctx.Fill);
                ctx.Stroke.Color = SKColors.White;
                ctx.Stroke.StrokeWidth = 1f;
                ctx.Canvas.DrawPath(slicePath, ctx.Stroke);
                if (chart.ShowValues && sweep >= 18f)
                {
                    var mid = (start + sweep / 2) * MathF.PI / 180f;
                    var lr = inner > 0 ? (r + inner) / 2 : r * 0.62f;
                    var text = chart.ShowPercentages
                        ? (slices[i].Value / total * 100).ToString("0", CultureInfo.InvariantCulture) + "%"
                        : Format(chart, slices[i].Value);
                    var t = ctx.Text.LayoutSingleLine(text, small with { Color = SKColors.White, Bold = true });
                    Label(ctx, t, center.X + lr * MathF.Cos(mid), center.Y + lr * MathF.Sin(mid), 0.5f, 0.5f);
                }
                start += sweep;
            }
        }
        if (inner > 0 && !string.IsNullOrEmpty(chart.CenterText))
        {
            var t = ctx.Text.LayoutSingleLine(chart.CenterText, style with { Size = style.Size * 1.3f, Bold = true, Color = SKColors.Black });
            Label(ctx, t, center.X, center.Y, 0.5f, 0.5f);
        }
        if (chart.ShowLegend)
        {
            var x = center.X + r + 14;
            var lines = slices.Select(s => ctx.Text.LayoutSingleLine($"{s.Label} ({Format(chart, s.Value)})", style)).ToArray();
            var totalH = lines.Sum(l => l.Height + 2);
            var y = center.Y - totalH / 2;
            var sw = style.Size * 0.8f;
            for (var i = 0; i < lines.Length; i++)
            {
                ctx.FillRect(new SKRect(x, y + (lines[i].Height - sw) / 2, x + sw, y + (lines[i].Height + sw) / 2), SliceColor(i));
                ctx.DrawLine(lines[i], x + sw + 4, y);
                y += lines[i].Height + 2;
            }
        }
    }
}
