using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Monitoring;

/// <summary>How current a figure or dataset is (OCHA HDX's rule, notes/monitoring.md).</summary>
public enum Freshness
{
    Fresh,
    Due,
    Overdue,
    Delinquent,
    /// <summary>No declared frequency, or no date: never shown as fresh.</summary>
    Unknown,
}

/// <summary>
/// One figure with where it comes from: the value (null when the source does not give it), the period it is for, its
/// source ("report:mol-digital-2565", an API key's source, an import), the date it is true as of, how fresh it is,
/// and whether it is synthetic. Every number the monitoring API returns travels as one of these. A computed figure
/// carries the oldest <see cref="AsOf"/> of its inputs and is synthetic when any input is.
/// </summary>
[GenerateSerializer, Immutable, Alias("oversight.Figure")]
public sealed record Figure(
    [property: Id(0)] double? Value,
    [property: Id(1)] string? Period,
    [property: Id(2)] string Source,
    [property: Id(3)] DateOnly? AsOf,
    [property: Id(4)] Freshness Freshness,
    [property: Id(5)] bool Synthetic,
    /// <summary>Why there is no value, or how it was computed (e.g. "not given in the source", "even split"), in Thai and English.</summary>
    [property: Id(6)] LocalizedText? Note = null)
{
    /// <summary>A value the source does not give: recorded as such, never guessed.</summary>
    public static Figure NotGiven(string source, LocalizedText? note = null) =>
        new(null, null, source, null, Freshness.Unknown, false, note ?? MonitoringText.NotGivenInSource);
}

/// <summary>Shared wording for figures.</summary>
public static class MonitoringText
{
    public static readonly LocalizedText NotGivenInSource = new("รายงานต้นทางไม่ได้ระบุ", "not given in the source");

    /// <summary>The source name of figures taken from the audit report.</summary>
    public static string ReportSource(string reportId) => $"report:{reportId}";

    /// <summary>The source of labelled synthetic figures made in demo mode.</summary>
    public const string SyntheticSource = "synthetic:demo";
}
