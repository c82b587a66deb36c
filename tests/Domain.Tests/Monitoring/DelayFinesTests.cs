using Oversight.Grains.Domain.Monitoring;

namespace Oversight.Domain.Tests.Monitoring;

public sealed class DelayFinesTests
{
    private static readonly DateOnly Planned = new(2026, 3, 31);
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Fact]
    public void The_default_rule_is_a_tenth_of_a_percent_a_day_with_a_100_baht_floor()
    {
        Assert.Equal(0.10m, FineRule.Default.DailyRatePercent);
        Assert.Equal(100m, FineRule.Default.DailyFloorBaht);
        Assert.True(FineRule.Default.IsValid);
        Assert.Equal(0.10m, DelayFines.TerminationReviewShare);
    }

    [Fact]
    public void Delivered_on_or_before_the_planned_date_is_not_late_and_owes_nothing()
    {
        Assert.Equal(new MilestoneLateness(0, 0m), DelayFines.For(Planned, Planned, 1_000_000m, FineRule.Default, Today));
        Assert.Equal(new MilestoneLateness(0, 0m), DelayFines.For(Planned, Planned.AddDays(-20), 1_000_000m, FineRule.Default, Today));
    }

    [Fact]
    public void Undelivered_before_or_on_the_planned_date_is_not_late()
    {
        Assert.Equal(new MilestoneLateness(0, 0m), DelayFines.For(Planned, null, 1_000_000m, FineRule.Default, Planned.AddDays(-1)));
        Assert.Equal(new MilestoneLateness(0, 0m), DelayFines.For(Planned, null, 1_000_000m, FineRule.Default, Planned));
    }

    [Theory]
    [InlineData(1, 1_000)]
    [InlineData(2, 2_000)]
    [InlineData(10, 10_000)]
    [InlineData(45, 45_000)]
    public void Days_late_run_from_the_planned_date_to_delivery(int days, int fine)
    {
        // 0.10 % of 1,000,000 = 1,000 baht a day; delivery stops the count however late "today" is.
        var lateness = DelayFines.For(Planned, Planned.AddDays(days), 1_000_000m, FineRule.Default, Today);
        Assert.Equal(days, lateness.DaysLate);
        Assert.Equal((decimal)fine, lateness.Fine);
    }

    [Fact]
    public void An_undelivered_milestone_is_late_until_today()
    {
        // 31 Mar → 30 Apr 2026: 30 days.
        var lateness = DelayFines.For(Planned, null, 1_000_000m, FineRule.Default, new DateOnly(2026, 4, 30));
        Assert.Equal(new MilestoneLateness(30, 30_000m), lateness);

        // 31 Mar → 24 Nov 2026: 238 days.
        Assert.Equal(new MilestoneLateness(238, 238_000m), DelayFines.For(Planned, null, 1_000_000m, FineRule.Default, Today));
    }

    public static TheoryData<decimal, decimal, decimal, decimal> PerDayCases => new()
    {
        // value, rate %, floor, per day
        { 1_000_000m, 0.10m, 100m, 1_000m },
        { 1_000_000m, 0.20m, 100m, 2_000m },
        { 1_000_000m, 0.01m, 100m, 100m },
        { 5_000_000m, 0.01m, 100m, 500m },
        { 6_860_000m, 0.10m, 100m, 6_860m },
        { 123_456m, 0.10m, 100m, 123.46m },
        { 2_500_000m, 0.15m, 500m, 3_750m },
        // the floor wins for small instalments
        { 50_000m, 0.10m, 100m, 100m },
        { 99_999m, 0.10m, 100m, 100m },
        { 100_000m, 0.10m, 100m, 100m },
        { 0m, 0.10m, 100m, 100m },
        { 400_000m, 0.20m, 1_000m, 1_000m },
        // no floor
        { 1_000m, 0.05m, 0m, 0.50m },
    };

    [Theory]
    [MemberData(nameof(PerDayCases))]
    public void One_days_fine_is_the_rate_of_the_undelivered_value_or_the_floor_whichever_is_larger(decimal value, decimal rate, decimal floor, decimal perDay) =>
        Assert.Equal(perDay, new FineRule(rate, floor).PerDay(value));

    [Fact]
    public void Other_rates_scale_the_fine()
    {
        var purchase = new FineRule(0.20m, 100m);
        Assert.Equal(new MilestoneLateness(12, 48_000m), DelayFines.For(Planned, Planned.AddDays(12), 2_000_000m, purchase, Today));
        var low = new FineRule(0.01m, 100m);
        Assert.Equal(new MilestoneLateness(12, 2_400m), DelayFines.For(Planned, Planned.AddDays(12), 2_000_000m, low, Today));
    }

    [Fact]
    public void The_floor_applies_each_day_to_a_small_instalment()
    {
        // 0.10 % of 20,000 is 20 baht: the 100-baht floor applies, 7 days = 700.
        Assert.Equal(new MilestoneLateness(7, 700m), DelayFines.For(Planned, Planned.AddDays(7), 20_000m, FineRule.Default, Today));
    }

    [Fact]
    public void An_unknown_instalment_value_gives_the_days_but_no_fine()
    {
        var lateness = DelayFines.For(Planned, Planned.AddDays(12), null, FineRule.Default, Today);
        Assert.Equal(12, lateness.DaysLate);
        Assert.Null(lateness.Fine);

        var undelivered = DelayFines.For(Planned, null, null, FineRule.Default, new DateOnly(2026, 4, 30));
        Assert.Equal(30, undelivered.DaysLate);
        Assert.Null(undelivered.Fine);

        // Not late: nothing is owed whatever the value.
        Assert.Equal(new MilestoneLateness(0, 0m), DelayFines.For(Planned, Planned, null, FineRule.Default, Today));
    }

    [Fact]
    public void No_planned_date_means_no_days_late()
    {
        Assert.Equal(new MilestoneLateness(0, 0m), DelayFines.For(null, null, 1_000_000m, FineRule.Default, Today));
        Assert.Equal(new MilestoneLateness(0, 0m), DelayFines.For(null, new DateOnly(2022, 11, 14), 1_000_000m, FineRule.Default, Today));
        Assert.Equal(new MilestoneLateness(0, null), DelayFines.For(null, null, null, FineRule.Default, Today));
    }

    [Theory]
    [InlineData("0.01", "100", true)]
    [InlineData("0.10", "100", true)]
    [InlineData("0.20", "100", true)]
    [InlineData("0.15", "0", true)]
    [InlineData("0.009", "100", false)]
    [InlineData("0.0099", "100", false)]
    [InlineData("0.201", "100", false)]
    [InlineData("0.21", "100", false)]
    [InlineData("0", "100", false)]
    [InlineData("-0.10", "100", false)]
    [InlineData("1", "100", false)]
    [InlineData("0.10", "-1", false)]
    [InlineData("0.10", "-0.01", false)]
    public void The_rate_must_lie_between_a_hundredth_and_a_fifth_of_a_percent_and_the_floor_not_be_negative(string rate, string floor, bool valid) =>
        Assert.Equal(valid, new FineRule(decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(floor, System.Globalization.CultureInfo.InvariantCulture)).IsValid);

    [Theory]
    [InlineData("100000", false)]       // exactly 10 %: not past the line
    [InlineData("99999.99", false)]     // just below
    [InlineData("100000.01", true)]     // just above
    [InlineData("0", false)]
    [InlineData("250000", true)]
    public void The_termination_line_is_passed_only_above_ten_percent_of_the_value(string fines, bool passes) =>
        Assert.Equal(passes, DelayFines.PassesTerminationLine(decimal.Parse(fines, System.Globalization.CultureInfo.InvariantCulture), 1_000_000m));

    [Fact]
    public void The_termination_line_is_unknown_when_the_fines_or_the_value_are()
    {
        Assert.Null(DelayFines.PassesTerminationLine(null, 1_000_000m));
        Assert.Null(DelayFines.PassesTerminationLine(200_000m, null));
        Assert.Null(DelayFines.PassesTerminationLine(null, null));
        Assert.Null(DelayFines.PassesTerminationLine(200_000m, 0m));
    }
}
