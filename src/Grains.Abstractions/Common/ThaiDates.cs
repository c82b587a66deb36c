using System.Globalization;

namespace Oversight.Grains.Abstractions.Common;

/// <summary>Dates as people read them: Buddhist Era in Thai ("24 พฤศจิกายน 2569"), Common Era in English. Stored dates stay ISO/C.E.</summary>
public static class ThaiDates
{
    private static readonly CultureInfo Thai = CreateThai();
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static string Long(DateOnly date, string? language) =>
        IsEnglish(language) ? date.ToString("d MMMM yyyy", English) : date.ToString("d MMMM yyyy", Thai);

    public static string Short(DateOnly date, string? language) =>
        IsEnglish(language) ? date.ToString("d MMM yyyy", English) : date.ToString("d MMM yy", Thai);

    public static LocalizedText Long(DateOnly date) => new(Long(date, "th"), Long(date, "en"));

    public static int BuddhistYear(DateOnly date) => date.Year + 543;

    private static bool IsEnglish(string? language) => language is not null && language.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    private static CultureInfo CreateThai()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("th-TH").Clone();
        culture.DateTimeFormat.Calendar = new ThaiBuddhistCalendar();
        return CultureInfo.ReadOnly(culture);
    }
}
