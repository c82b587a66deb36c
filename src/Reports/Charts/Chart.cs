using Oversight.Reports.Model;

namespace Oversight.Reports.Charts;

/// <summary>Base of all charts. Charts are drawn with Skia directly; labels are shaped like body text, so Thai extracts correctly.</summary>
public abstract record Chart
{
    /// <summary>Title drawn above the plot, or null.</summary>
    public string? Title { get; init; }
    /// <summary>Show the legend (series names or slice labels).</summary>
    public bool ShowLegend { get; init; } = true;
    /// <summary>Write the value next to each bar, point or slice.</summary>
    public bool ShowValues { get; init; } = true;
    /// <summary>.NET format string for values and axis ticks (invariant culture), e.g. "N0" or "0.0".</summary>
    public string ValueFormat { get; init; } = "#,0.##";
    /// <summary>Base font size of labels in points.</summary>
    public float FontSize { get; init; } = 11f;
    /// <summary>Series/slice colours, used in order; null uses the built-in palette.</summary>
    public IReadOnlyList<Color>? Palette { get; init; }

    /// <summary>The default palette (colour-blind-friendly, prints well in greyscale).</summary>
    public static IReadOnlyList<Color> DefaultPalette { get; } =
    [
        Color.FromHex("#1F4E79"), Color.FromHex("#E69F00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#56B4E9"), Color.FromHex("#D55E00"), Color.FromHex("#7F7F7F"), Color.FromHex("#F0E442"),
    ];
}

/// <summary>A named series of values, one per category.</summary>
public sealed record ChartSeries
{
    /// <summary>Creates a series.</summary>
    public ChartSeries(string name, IEnumerable<double> values)
    {
        Name = name;
        Values = [.. values];
    }

    /// <summary>Name shown in the legend.</summary>
    public string Name { get; init; }
    /// <summary>One value per category.</summary>
    public IReadOnlyList<double> Values { get; init; }
    /// <summary>Colour; null takes the next palette colour.</summary>
    public Color? Color { get; init; }
}

/// <summary>Bar direction.</summary>
public enum BarOrientation
{
    /// <summary>Vertical bars (columns), categories along the x axis.</summary>
    Vertical,
    /// <summary>Horizontal bars, categories down the y axis.</summary>
    Horizontal,
}

/// <summary>A bar chart: grouped or stacked, vertical or horizontal.</summary>
public sealed record BarChart : Chart
{
    /// <summary>Creates a bar chart.</summary>
    public BarChart(IEnumerable<string> categories, IEnumerable<ChartSeries> series)
    {
        Categories = [.. categories];
        Series = [.. series];
    }

    /// <summary>Category labels.</summary>
    public IReadOnlyList<string> Categories { get; init; }
    /// <summary>Series.</summary>
    public IReadOnlyList<ChartSeries> Series { get; init; }
    /// <summary>Orientation.</summary>
    public BarOrientation Orientation { get; init; } = BarOrientation.Vertical;
    /// <summary>Stack series on top of each other instead of side by side.</summary>
    public bool Stacked { get; init; }
}

/// <summary>A line chart with one line per series.</summary>
public sealed record LineChart : Chart
{
    /// <summary>Creates a line chart.</summary>
    public LineChart(IEnumerable<string> categories, IEnumerable<ChartSeries> series)
    {
        Categories = [.. categories];
        Series = [.. series];
    }

    /// <summary>Category (x axis) labels.</summary>
    public IReadOnlyList<string> Categories { get; init; }
    /// <summary>Series.</summary>
    public IReadOnlyList<ChartSeries> Series { get; init; }
    /// <summary>Draw a marker at each point.</summary>
    public bool Markers { get; init; } = true;
}

/// <summary>One slice of a donut or pie.</summary>
/// <param name="Label">Label shown in the legend.</param>
/// <param name="Value">Non-negative value.</param>
/// <param name="Color">Colour, or null for the palette.</param>
public sealed record ChartSlice(string Label, double Value, Color? Color = null);

/// <summary>A donut chart (or a pie when <see cref="HoleRatio"/> is 0).</summary>
public sealed record DonutChart : Chart
{
    /// <summary>Creates a donut chart.</summary>
    public DonutChart(IEnumerable<ChartSlice> slices) => Slices = [.. slices];

    /// <summary>Slices, clockwise from 12 o'clock.</summary>
    public IReadOnlyList<ChartSlice> Slices { get; init; }
    /// <summary>Inner radius as a fraction of the outer radius (0 = pie).</summary>
    public float HoleRatio { get; init; } = 0.55f;
    /// <summary>Text in the centre of the donut (e.g. the total), or null.</summary>
    public string? CenterText { get; init; }
    /// <summary>Show percentages instead of values on slices.</summary>
    public bool ShowPercentages { get; init; } = true;
}
