using System.Globalization;

namespace Oversight.Reports.FollowUp;

/// <summary>One NSO region's offices summed up (or the whole country, <see cref="Region"/> null).</summary>
/// <param name="Region">NSO region key, or null for all offices.</param>
/// <param name="Offices">Offices in the region.</param>
/// <param name="Visited">Offices the audit is recorded as having visited.</param>
/// <param name="LbdaRegistrationRate">Σ registered staff ÷ Σ staff needing access (%), over the offices with both figures for one period.</param>
/// <param name="InformalCoverage">Σ informal workers registered ÷ Σ the offices' NSO baseline shares (%).</param>
/// <param name="RecordFreshness">Σ registry records updated in 12 months ÷ Σ registered (%), same period.</param>
/// <param name="Sources">The sources of the figures the three rates were computed from.</param>
public sealed record RegionSummary(string? Region, int Offices, int Visited, FigureValue LbdaRegistrationRate, FigureValue InformalCoverage, FigureValue RecordFreshness,
    IReadOnlyList<string> Sources)
{
    /// <summary>The figures of the row.</summary>
    public IEnumerable<FigureValue> Figures => [LbdaRegistrationRate, InformalCoverage, RecordFreshness];
}

/// <summary>
/// The provincial offices summed up by NSO region. Real and synthetic figures never mix: when any office has a real
/// pair of figures, only real pairs count; a row drawn from synthetic pairs is marked synthetic. A rate's period is
/// the one period its pairs share, or the span of their periods; its as-of date is the oldest of its inputs.
/// </summary>
public static class ProgrammeRegions
{
    /// <summary>NSO regions in the order the report lists them.</summary>
    public static readonly IReadOnlyList<string> Order = ["Bangkok", "Central", "North", "Northeast", "South"];

    /// <summary>One row per region that has offices (in <see cref="Order"/>, unknown regions last), then the whole country.</summary>
    public static IReadOnlyList<RegionSummary> From(IReadOnlyList<ProgrammeOffice> offices)
    {
        var rows = offices.GroupBy(o => o.Region, StringComparer.Ordinal)
            .OrderBy(g => Order.IndexOf(g.Key) is var i and >= 0 ? i : int.MaxValue).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Summarise(g.Key, [.. g]))
            .ToList();
        if (rows.Count > 0)
        {
            rows.Add(Summarise(null, offices));
        }
        return rows;
    }

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }
        return -1;
    }

    private static RegionSummary Summarise(string? region, IReadOnlyList<ProgrammeOffice> offices)
    {
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        return new(
            region,
            offices.Count,
            offices.Count(o => o.VisitedByAudit == true),
            Ratio(offices.Select(o => (o.RegisteredStaff, o.StaffNeedingAccess)), samePeriod: true, sources),
            Ratio(offices.Select(o => (o.InformalRegistered, o.InformalBaseline)), samePeriod: false, sources),
            Ratio(offices.Select(o => (o.RecordsUpdated, o.InformalRegistered)), samePeriod: true, sources),
            [.. sources]);
    }

    /// <summary>Σ numerators ÷ Σ denominators × 100 over the pairs with both values (and one period when asked).</summary>
    internal static FigureValue Ratio(IEnumerable<(FigureValue N, FigureValue D)> inputs, bool samePeriod, ISet<string>? sourcesUsed = null)
    {
        var pairs = inputs.Where(p => p.N.Value is not null && p.D.Value is not null && (!samePeriod || p.N.Period == p.D.Period)).ToArray();
        if (pairs.Any(p => !p.N.Synthetic && !p.D.Synthetic))
        {
            pairs = pairs.Where(p => !p.N.Synthetic && !p.D.Synthetic).ToArray();
        }
        if (pairs.Length == 0)
        {
            return FigureValue.None("computed");
        }
        var n = pairs.Sum(p => p.N.Value!.Value);
        var d = pairs.Sum(p => p.D.Value!.Value);
        var periods = pairs.Select(p => p.N.Period).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var period = periods.Length switch { 0 => null, 1 => periods[0], _ => $"{periods[0]}–{periods[^1]}" };
        var inputsUsed = pairs.SelectMany(p => new[] { p.N, p.D }).ToArray();
        var asOf = inputsUsed.Select(f => f.AsOf).Where(a => a is not null).DefaultIfEmpty(null).Min();
        var freshness = inputsUsed.Max(f => f.Freshness);
        var sources = string.Join(", ", inputsUsed.Select(f => f.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        sourcesUsed?.UnionWith(inputsUsed.Select(f => f.Source));
        var value = d == 0 ? (double?)null : Math.Round(100 * n / d, 2);
        return new FigureValue(value, period, "computed", asOf, value is null ? FigureFreshness.Unknown : freshness, inputsUsed.Any(f => f.Synthetic),
            new Bilingual(
                string.Format(CultureInfo.InvariantCulture, "คำนวณจากสำนักงาน {0} แห่ง ข้อมูลจาก {1}", pairs.Length, sources),
                string.Format(CultureInfo.InvariantCulture, "computed from {0} offices; data from {1}", pairs.Length, sources)));
    }
}
