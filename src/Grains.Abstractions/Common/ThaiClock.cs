namespace Oversight.Grains.Abstractions.Common;

/// <summary>Dates in this system are Thai civil dates (Asia/Bangkok, UTC+7, no daylight saving).</summary>
public static class ThaiClock
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Offset).DateTime);

    public static DateOnly ToThaiDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);
}
