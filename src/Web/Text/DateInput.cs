using System.Globalization;
using System.Text.RegularExpressions;

namespace Oversight.Web.Text;

/// <summary>
/// Dates as people type them into the pages: in Thai, day/month/year in the Buddhist Era (31/03/2570); in English,
/// day/month/year in the Common Era (31/03/2027). Stored and sent to the API as ISO (C.E.). This is the one
/// conversion the pages use (its browser twin is <c>wwwroot/js/dates.js</c>, same rules).
/// Also accepted: Thai digits, 2-digit years (70 → 2570 in Thai, 27 → 2027 in English), month names as the pages
/// show them ("31 มี.ค. 2570", "31 Mar 2027"), and the ISO form yyyy-MM-dd with a C.E. year.
/// </summary>
public static partial class DateInput
{
    public const int BuddhistOffset = 543;

    /// <summary>Years above this are Buddhist Era (2400 B.E. is 1857 C.E.; no C.E. year here comes near it).</summary>
    private const int BuddhistYearFloor = 2400;

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly CultureInfo Thai = CultureInfo.GetCultureInfo("th-TH");

    /// <summary>The error codes <see cref="Parse"/> gives; the pages show <c>Error.{code}</c> from the resources.</summary>
    public static class Codes
    {
        public const string Required = "date-required";
        public const string Format = "date-format";
        public const string ExpectedBuddhistYear = "date-year-be";
        public const string ExpectedCommonEraYear = "date-year-ce";
        public const string NoSuchDay = "date-no-such-day";
    }

    /// <summary>"31/03/2570" in Thai, "31/03/2027" in English: what a date input shows.</summary>
    public static string Format(DateOnly date, string lang) =>
        $"{date.Day:00}/{date.Month:00}/{Year(date, lang)}";

    public static string Format(DateOnly? date, string lang) => date is { } d ? Format(d, lang) : "";

    /// <summary>The year as the language writes it: B.E. in Thai, C.E. in English.</summary>
    public static int Year(DateOnly date, string lang) => IsEnglish(lang) ? date.Year : date.Year + BuddhistOffset;

    /// <summary>Reads a typed date; <c>Error</c> is one of <see cref="Codes"/> when it cannot.</summary>
    public static (DateOnly? Date, string? Error) Parse(string? text, string lang)
    {
        var input = Normalise(text);
        if (input.Length == 0)
        {
            return (null, Codes.Required);
        }
        var english = IsEnglish(lang);
        int day, month, year;
        bool iso = false;
        if (IsoPattern().Match(input) is { Success: true } isoMatch)
        {
            year = int.Parse(isoMatch.Groups[1].Value, CultureInfo.InvariantCulture);
            month = int.Parse(isoMatch.Groups[2].Value, CultureInfo.InvariantCulture);
            day = int.Parse(isoMatch.Groups[3].Value, CultureInfo.InvariantCulture);
            iso = true;
        }
        else if (NumericPattern().Match(input) is { Success: true } numeric)
        {
            day = int.Parse(numeric.Groups[1].Value, CultureInfo.InvariantCulture);
            month = int.Parse(numeric.Groups[2].Value, CultureInfo.InvariantCulture);
            year = int.Parse(numeric.Groups[3].Value, CultureInfo.InvariantCulture);
            if (numeric.Groups[3].Value.Length == 2)
            {
                year += english ? 2000 : 2500;
            }
        }
        else if (NamedPattern().Match(input) is { Success: true } named && MonthFromName(named.Groups[2].Value) is { } m)
        {
            day = int.Parse(named.Groups[1].Value, CultureInfo.InvariantCulture);
            month = m;
            year = int.Parse(named.Groups[3].Value, CultureInfo.InvariantCulture);
            if (named.Groups[3].Value.Length == 2)
            {
                year += english ? 2000 : 2500;
            }
        }
        else
        {
            return (null, Codes.Format);
        }

        if (year >= BuddhistYearFloor)
        {
            if (english || iso)
            {
                return (null, Codes.ExpectedCommonEraYear);
            }
            year -= BuddhistOffset;
        }
        else if (!english && !iso)
        {
            return (null, Codes.ExpectedBuddhistYear);
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return (null, month is < 1 or > 12 ? Codes.Format : Codes.NoSuchDay);
        }
        return (new DateOnly(year, month, day), null);
    }

    /// <summary>Thai digits to ASCII, spaces collapsed.</summary>
    private static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var chars = text.Trim().Select(c => c is >= '๐' and <= '๙' ? (char)('0' + (c - '๐')) : c).ToArray();
        // "พ.ศ." before the year says what the year is anyway.
        var withoutEra = new string(chars).Replace("พ.ศ.", " ", StringComparison.Ordinal).Replace("พ.ศ", " ", StringComparison.Ordinal);
        return Spaces().Replace(withoutEra, " ").Trim();
    }

    private static int? MonthFromName(string name)
    {
        var key = name.Trim().TrimEnd('.').Replace(".", "", StringComparison.Ordinal).ToLowerInvariant();
        for (var m = 1; m <= 12; m++)
        {
            foreach (var candidate in new[]
            {
                Thai.DateTimeFormat.GetMonthName(m), Thai.DateTimeFormat.GetAbbreviatedMonthName(m),
                English.DateTimeFormat.GetMonthName(m), English.DateTimeFormat.GetAbbreviatedMonthName(m),
            })
            {
                if (candidate.Replace(".", "", StringComparison.Ordinal).ToLowerInvariant() == key)
                {
                    return m;
                }
            }
        }
        return null;
    }

    private static bool IsEnglish(string? lang) => lang is not null && lang.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^(\d{4})-(\d{1,2})-(\d{1,2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"^(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{4}|\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex NumericPattern();

    [GeneratedRegex(@"^(\d{1,2})\s?([\p{L}\p{M}.]+(?:\s[\p{L}.]+)?)\s?(\d{4}|\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamedPattern();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
