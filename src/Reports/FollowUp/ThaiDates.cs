using System.Globalization;

namespace Oversight.Reports.FollowUp;

/// <summary>
/// Dates as the reports print them: Buddhist Era in Thai ("24 พฤศจิกายน 2569", the th-TH culture with the Thai Buddhist
/// calendar, which needs ICU: invariant globalization stays off), Common Era in English ("24 November 2026").
/// Times are Thai time (UTC+7).
/// </summary>
public static class ThaiDates
{
    /// <summary>Thailand's offset from UTC (no daylight saving).</summary>
    public static readonly TimeSpan ThaiOffset = TimeSpan.FromHours(7);

    private static readonly CultureInfo Thai = CreateThai();
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The culture used for a language (th-TH with the Buddhist calendar, or en-GB).</summary>
    public static CultureInfo Culture(ReportLanguage language) => language == ReportLanguage.English ? English : Thai;

    /// <summary>"24 พฤศจิกายน 2569" / "24 November 2026".</summary>
    public static string Long(DateOnly date, ReportLanguage language) => date.ToString("d MMMM yyyy", Culture(language));

    /// <summary>"24 พ.ย. 2569" / "24 Nov 2026".</summary>
    public static string Short(DateOnly date, ReportLanguage language) => date.ToString("d MMM yyyy", Culture(language));

    /// <summary>"24 พ.ย. 2569 14:05" / "24 Nov 2026 14:05", in Thai time.</summary>
    public static string DateTime(DateTimeOffset instant, ReportLanguage language)
    {
        var local = instant.ToOffset(ThaiOffset);
        return Short(DateOnly.FromDateTime(local.DateTime), language) + " " + local.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>The Thai date of an instant.</summary>
    public static DateOnly ThaiDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(ThaiOffset).DateTime);

    /// <summary>B.E. year of a date (C.E. + 543).</summary>
    public static int BuddhistYear(DateOnly date) => date.Year + 543;

    /// <summary>"พ.ศ. 2563–2565" / "2020–2022 (B.E. 2563–2565)".</summary>
    public static string FiscalYears(int fromBe, int toBe, ReportLanguage language)
    {
        var be = fromBe == toBe ? N(fromBe) : $"{N(fromBe)}–{N(toBe)}";
        if (language == ReportLanguage.Thai)
        {
            return "พ.ศ. " + be;
        }
        var ce = fromBe == toBe ? N(fromBe - 543) : $"{N(fromBe - 543)}–{N(toBe - 543)}";
        return $"{ce} (B.E. {be})";
    }

    /// <summary>The midnight that starts a Thai date, as an instant (used as the deterministic PDF creation date).</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), ThaiOffset);

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static CultureInfo CreateThai()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("th-TH").Clone();
        culture.DateTimeFormat.Calendar = new ThaiBuddhistCalendar();
        return CultureInfo.ReadOnly(culture);
    }
}
