using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;

namespace Oversight.Grains.Domain.Monitoring;

/// <summary>
/// A dataset's declared update frequency in Thailand's Government Data Catalog vocabulary (update_frequency_unit ×
/// update_frequency_interval: how many times per unit), with its DCAT equivalent for exports.
/// </summary>
public sealed record UpdateFrequency(string Unit, int Interval)
{
    /// <summary>The GD Catalog units, Thai as the catalog writes them, with their length in days (null: no fixed length).</summary>
    public static readonly IReadOnlyDictionary<string, (double? Days, string Dcat, string English)> Units = new Dictionary<string, (double?, string, string)>(StringComparer.Ordinal)
    {
        ["ไม่ทราบ"] = (null, UnknownDcat, "unknown"),
        ["ปี"] = (365, "http://purl.org/cld/freq/annual", "year"),
        ["ครึ่งปี"] = (182, "http://purl.org/cld/freq/semiannual", "half-year"),
        ["ไตรมาส"] = (91, "http://purl.org/cld/freq/quarterly", "quarter"),
        ["เดือน"] = (30, "http://purl.org/cld/freq/monthly", "month"),
        ["สัปดาห์"] = (7, "http://purl.org/cld/freq/weekly", "week"),
        ["วัน"] = (1, "http://purl.org/cld/freq/daily", "day"),
        ["วันทำการ"] = (1, "http://purl.org/cld/freq/daily", "working day"),
        ["ชั่วโมง"] = (1.0 / 24, "http://purl.org/cld/freq/continuous", "hour"),
        ["นาที"] = (1.0 / 1440, "http://purl.org/cld/freq/continuous", "minute"),
        ["ตามเวลาจริง"] = (1.0 / 1440, "http://purl.org/cld/freq/continuous", "real time"),
        ["ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล"] = (null, "http://purl.org/cld/freq/irregular", "no updates after collection"),
        ["อื่นๆ"] = (null, "http://purl.org/cld/freq/irregular", "other"),
    };

    public const string NoFurtherUpdates = "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล";

    /// <summary>The Dublin Core frequency vocabulary has no "unknown"; the EU's frequency authority table does (as DCAT-AP uses).</summary>
    public const string UnknownDcat = "http://publications.europa.eu/resource/authority/frequency/UNKNOWN";

    /// <summary>The Dublin Core Collection Description frequencies with their lengths in days, for "n times per unit".</summary>
    private static readonly (double Days, string Term)[] DcatByDays =
    [
        (3 * 365, "triennial"), (2 * 365, "biennial"), (365, "annual"), (182.5, "semiannual"), (365.0 / 3, "threeTimesAYear"), (91.25, "quarterly"),
        (61, "bimonthly"), (30, "monthly"), (15, "semimonthly"), (14, "biweekly"), (10, "threeTimesAMonth"), (7, "weekly"), (3.5, "semiweekly"),
        (7.0 / 3, "threeTimesAWeek"), (1, "daily"),
    ];

    public bool IsKnown => Units.ContainsKey(Unit);

    /// <summary>Days between updates (the unit's length divided by how many times per unit), or null when none is declared.</summary>
    public double? Days => Units.TryGetValue(Unit, out var u) && u.Days is { } days && Interval > 0 ? days / Interval : null;

    /// <summary>
    /// The DCAT accrual periodicity: the unit's own term once per unit; for n times per unit the term of that period
    /// (2 times a year: semiannual), or irregular when the vocabulary has none.
    /// </summary>
    public string Dcat
    {
        get
        {
            if (!Units.TryGetValue(Unit, out var u))
            {
                return UnknownDcat;
            }
            if (Interval <= 1 || Days is not { } days)
            {
                return u.Dcat;
            }
            if (days < 1)
            {
                return "http://purl.org/cld/freq/continuous";
            }
            var match = DcatByDays.FirstOrDefault(d => Math.Abs(d.Days - days) <= d.Days * 0.03);
            return "http://purl.org/cld/freq/" + (match.Term ?? "irregular");
        }
    }

    public LocalizedText Describe() => Units.TryGetValue(Unit, out var u)
        ? Interval == 1 || u.Days is null ? new LocalizedText(Unit, u.English) : new LocalizedText($"{Interval} ครั้งต่อ{Unit}", $"{Interval} times a {u.English}")
        : new LocalizedText(Unit, Unit);
}

/// <summary>
/// OCHA HDX's data-freshness rule: a dataset's age against its declared frequency gives fresh, due, overdue or
/// delinquent, with HDX's thresholds in days; a dataset with no further updates planned is always fresh; an unknown
/// frequency or a missing date is "unknown", never fresh.
/// </summary>
public static class FreshnessRule
{
    /// <summary>HDX's table: frequency (days) → (due, overdue, delinquent) age thresholds in days.</summary>
    private static readonly (double Frequency, double Due, double Overdue, double Delinquent)[] Table =
    [
        (1, 1, 2, 3),
        (7, 7, 14, 21),
        (14, 14, 21, 28),
        (30, 30, 44, 60),
        (90, 90, 120, 150),
        (180, 180, 210, 240),
        (365, 365, 425, 455),
    ];

    /// <summary>The thresholds for a frequency: HDX's row for the nearest frequency at or above it (the longest above a year scales).</summary>
    public static (double Due, double Overdue, double Delinquent) Thresholds(double frequencyDays)
    {
        foreach (var row in Table)
        {
            // A unit's own length counts as the row's (a quarter is 91 days, a half-year 182.5): within 2 % or half a day.
            if (frequencyDays <= row.Frequency + Math.Max(0.5, row.Frequency * 0.02))
            {
                // Shorter than a row's frequency (hourly, real time): due after one period, overdue after two, delinquent after three.
                return frequencyDays < 1 ? (frequencyDays, 2 * frequencyDays, 3 * frequencyDays) : (row.Due, row.Overdue, row.Delinquent);
            }
        }
        return (frequencyDays, frequencyDays + 60, frequencyDays + 90);
    }

    public static Freshness Of(UpdateFrequency frequency, DateOnly? lastUpdate, DateOnly today)
    {
        if (frequency.Unit == UpdateFrequency.NoFurtherUpdates)
        {
            return lastUpdate is null ? Freshness.Unknown : Freshness.Fresh;
        }
        if (frequency.Days is not { } days || lastUpdate is not { } last)
        {
            return Freshness.Unknown;
        }
        return Of(days, today.DayNumber - last.DayNumber);
    }

    /// <summary>The state for an age in days against a frequency in days.</summary>
    public static Freshness Of(double frequencyDays, double ageDays)
    {
        var (due, overdue, delinquent) = Thresholds(frequencyDays);
        return ageDays >= delinquent ? Freshness.Delinquent
            : ageDays >= overdue ? Freshness.Overdue
            : ageDays >= due ? Freshness.Due
            : Freshness.Fresh;
    }
}
