using System.Globalization;
using System.Text.RegularExpressions;

namespace Oversight.Grains.Domain.Monitoring;

/// <summary>A reporting period: a calendar month ("2026-10") or a Thai fiscal year ("FY2569", 1 Oct – 30 Sep, named by its B.E. year).</summary>
public readonly record struct Period(string Label, DateOnly Start, DateOnly End, bool FiscalYear)
{
    public int Days => End.DayNumber - Start.DayNumber + 1;
}

public static partial class Periods
{
    /// <summary>Parses "YYYY-MM" (C.E., 2000–2100) or "FY" + B.E. year (2543–2643); null when it does not parse.</summary>
    public static Period? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 10)
        {
            return null;
        }
        var month = Month().Match(text);
        if (month.Success)
        {
            var year = int.Parse(month.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            var m = int.Parse(month.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
            if (year is < 2000 or > 2100 || m is < 1 or > 12)
            {
                return null;
            }
            var start = new DateOnly(year, m, 1);
            return new Period(text, start, start.AddMonths(1).AddDays(-1), false);
        }
        var fiscal = Fiscal().Match(text);
        if (fiscal.Success)
        {
            var be = int.Parse(fiscal.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            var ce = be - 543;
            if (ce is < 2000 or > 2100)
            {
                return null;
            }
            return new Period(text, new DateOnly(ce - 1, 10, 1), new DateOnly(ce, 9, 30), true);
        }
        return null;
    }

    /// <summary>The Thai fiscal year (B.E.) a date falls in: FY2565 runs from 1 Oct 2021 to 30 Sep 2022.</summary>
    public static int FiscalYearBe(DateOnly date) => (date.Month >= 10 ? date.Year + 1 : date.Year) + 543;

    public static string MonthLabel(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Orders period labels: months by date, fiscal years by their start.</summary>
    public static int Compare(string a, string b) =>
        (Parse(a)?.Start ?? DateOnly.MinValue).CompareTo(Parse(b)?.Start ?? DateOnly.MinValue) is var c && c != 0 ? c : string.CompareOrdinal(a, b);

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Month();

    [GeneratedRegex(@"^FY([0-9]{4})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Fiscal();
}
