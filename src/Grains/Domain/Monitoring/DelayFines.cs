namespace Oversight.Grains.Domain.Monitoring;

/// <summary>
/// A contract's delay-fine rule (Thai public procurement, notes/monitoring.md): for every day a deliverable is late, a
/// fine of the daily rate (a share of the value not yet delivered) or the daily floor, whichever is larger. Both are
/// set per contract; the defaults are 0.10 % and 100 baht a day.
/// </summary>
public sealed record FineRule(decimal DailyRatePercent, decimal DailyFloorBaht)
{
    public static readonly FineRule Default = new(0.10m, 100m);

    /// <summary>The rates the regulation allows (0.01–0.20 % a day) and a non-negative floor.</summary>
    public bool IsValid => DailyRatePercent is >= 0.01m and <= 0.20m && DailyFloorBaht >= 0;

    /// <summary>One day's fine on <paramref name="undeliveredValue"/> baht not yet delivered.</summary>
    public decimal PerDay(decimal undeliveredValue) => Math.Max(Math.Round(undeliveredValue * DailyRatePercent / 100m, 2), DailyFloorBaht);
}

/// <summary>What a milestone owes in lateness as of a day.</summary>
/// <param name="DaysLate">Days past the current planned date (after approved extensions): until delivery, or until today while undelivered.</param>
/// <param name="Fine">The fine accrued, or null when it cannot be computed (the instalment value is not given).</param>
public sealed record MilestoneLateness(int DaysLate, decimal? Fine);

public static class DelayFines
{
    /// <summary>
    /// Days late and the fine of one milestone: late days are counted from the day after its current planned date (the
    /// original date, moved by approved extensions, so days an extension covers accrue nothing) to its delivery date,
    /// or to <paramref name="today"/> while it is not delivered. Each late day costs
    /// <see cref="FineRule.PerDay"/> of the milestone's instalment value (the value not yet delivered).
    /// </summary>
    public static MilestoneLateness For(DateOnly? currentPlannedDate, DateOnly? deliveredOn, decimal? instalmentValue, FineRule rule, DateOnly today)
    {
        if (currentPlannedDate is not { } due)
        {
            return new MilestoneLateness(0, instalmentValue is null ? null : 0);
        }
        var end = deliveredOn ?? today;
        var days = Math.Max(0, end.DayNumber - due.DayNumber);
        if (instalmentValue is not { } value)
        {
            return new MilestoneLateness(days, days == 0 ? 0 : null);
        }
        return new MilestoneLateness(days, days * rule.PerDay(value));
    }

    /// <summary>The share of the contract value the regulation's termination review starts above (clause 183).</summary>
    public const decimal TerminationReviewShare = 0.10m;

    /// <summary>Whether accrued fines pass 10 % of the contract value (null: the value or a fine is not known).</summary>
    public static bool? PassesTerminationLine(decimal? finesAccrued, decimal? contractValue) =>
        finesAccrued is { } fines && contractValue is { } value && value > 0 ? fines > value * TerminationReviewShare : null;
}
