namespace Oversight.Grains.Domain.Monitoring;

/// <summary>E-service use thresholds, bound from the section of the same name (the audit found 8 services at zero use and 8 at 2–3).</summary>
public sealed class EServiceOptions
{
    public const string SectionName = "EServices";

    /// <summary>A service used at most this many times in a period is flagged as low use (zero use is flagged on its own).</summary>
    public int LowUseAtMost { get; set; } = 3;
}

public enum UsageFlag
{
    None,
    ZeroUse,
    LowUse,
    /// <summary>No figure for the period: neither zero nor low.</summary>
    NoData,
}

public static class UsageFlags
{
    public static UsageFlag For(double? uses, EServiceOptions options) => uses switch
    {
        null => UsageFlag.NoData,
        <= 0 => UsageFlag.ZeroUse,
        var n when n <= options.LowUseAtMost => UsageFlag.LowUse,
        _ => UsageFlag.None,
    };
}
