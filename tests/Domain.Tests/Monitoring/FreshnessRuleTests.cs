using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Domain.Monitoring;

namespace Oversight.Domain.Tests.Monitoring;

public sealed class FreshnessRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private const string Unknown = "ไม่ทราบ";
    private const string Year = "ปี";
    private const string HalfYear = "ครึ่งปี";
    private const string Quarter = "ไตรมาส";
    private const string Month = "เดือน";
    private const string Week = "สัปดาห์";
    private const string Day = "วัน";
    private const string WorkingDay = "วันทำการ";
    private const string Hour = "ชั่วโมง";
    private const string Minute = "นาที";
    private const string RealTime = "ตามเวลาจริง";
    private const string NoFurther = "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล";
    private const string Other = "อื่นๆ";

    // ------------------------------------------------------------ HDX's table

    [Theory]
    [InlineData(1, 1, 2, 3)]
    [InlineData(7, 7, 14, 21)]
    [InlineData(14, 14, 21, 28)]
    [InlineData(30, 30, 44, 60)]
    [InlineData(90, 90, 120, 150)]
    [InlineData(180, 180, 210, 240)]
    [InlineData(365, 365, 425, 455)]
    public void Every_HDX_row_changes_state_exactly_at_its_thresholds(double frequency, int due, int overdue, int delinquent)
    {
        Assert.Equal(((double)due, (double)overdue, (double)delinquent), FreshnessRule.Thresholds(frequency));
        Assert.Equal(Freshness.Fresh, FreshnessRule.Of(frequency, 0));
        Assert.Equal(Freshness.Fresh, FreshnessRule.Of(frequency, due - 1));
        Assert.Equal(Freshness.Due, FreshnessRule.Of(frequency, due));
        Assert.Equal(Freshness.Due, FreshnessRule.Of(frequency, overdue - 1));
        Assert.Equal(Freshness.Overdue, FreshnessRule.Of(frequency, overdue));
        Assert.Equal(Freshness.Overdue, FreshnessRule.Of(frequency, delinquent - 1));
        Assert.Equal(Freshness.Delinquent, FreshnessRule.Of(frequency, delinquent));
        Assert.Equal(Freshness.Delinquent, FreshnessRule.Of(frequency, delinquent + 1000));
    }

    [Theory]
    [InlineData(Day, 1, 1, 2, 3)]
    [InlineData(WorkingDay, 1, 1, 2, 3)]
    [InlineData(Week, 1, 7, 14, 21)]
    [InlineData(Month, 1, 30, 44, 60)]
    [InlineData(Year, 1, 365, 425, 455)]
    [InlineData(Month, 2, 30, 44, 60)]   // every 15 days: the nearest HDX row at or above is 30
    [InlineData(Week, 7, 1, 2, 3)]       // daily
    public void A_declared_frequency_is_judged_by_its_HDX_row_from_the_last_update_date(string unit, int interval, int due, int overdue, int delinquent)
    {
        var frequency = new UpdateFrequency(unit, interval);
        Assert.Equal(Freshness.Fresh, FreshnessRule.Of(frequency, Today, Today));
        Assert.Equal(Freshness.Fresh, FreshnessRule.Of(frequency, Today.AddDays(-(due - 1)), Today));
        Assert.Equal(Freshness.Due, FreshnessRule.Of(frequency, Today.AddDays(-due), Today));
        Assert.Equal(Freshness.Due, FreshnessRule.Of(frequency, Today.AddDays(-(overdue - 1)), Today));
        Assert.Equal(Freshness.Overdue, FreshnessRule.Of(frequency, Today.AddDays(-overdue), Today));
        Assert.Equal(Freshness.Overdue, FreshnessRule.Of(frequency, Today.AddDays(-(delinquent - 1)), Today));
        Assert.Equal(Freshness.Delinquent, FreshnessRule.Of(frequency, Today.AddDays(-delinquent), Today));
    }

    [Fact]
    public void A_monthly_dataset_by_calendar_dates()
    {
        var monthly = new UpdateFrequency(Month, 1);
        Assert.Equal(Freshness.Fresh, FreshnessRule.Of(monthly, new DateOnly(2026, 10, 26), Today));      // 29 days
        Assert.Equal(Freshness.Due, FreshnessRule.Of(monthly, new DateOnly(2026, 10, 25), Today));        // 30 days
        Assert.Equal(Freshness.Overdue, FreshnessRule.Of(monthly, new DateOnly(2026, 10, 11), Today));    // 44 days
        Assert.Equal(Freshness.Delinquent, FreshnessRule.Of(monthly, new DateOnly(2026, 9, 25), Today));  // 60 days
    }

    [Fact]
    public void Quarterly_and_half_yearly_datasets_use_HDXs_90_and_180_day_rows()
    {
        var quarterly = new UpdateFrequency(Quarter, 1);
        Assert.Equal(Freshness.Fresh, FreshnessRule.Of(quarterly, Today.AddDays(-89), Today));
        Assert.Equal(Freshness.Due, FreshnessRule.Of(quarterly, Today.AddDays(-100), Today));
        Assert.Equal(Freshness.Overdue, FreshnessRule.Of(quarterly, Today.AddDays(-120), Today));
        Assert.Equal(Freshness.Delinquent, FreshnessRule.Of(quarterly, Today.AddDays(-150), Today));

        foreach (var halfYearly in new[] { new UpdateFrequency(HalfYear, 1), new UpdateFrequency(Year, 2) })
        {
            Assert.Equal(Freshness.Fresh, FreshnessRule.Of(halfYearly, Today.AddDays(-179), Today));
            Assert.Equal(Freshness.Due, FreshnessRule.Of(halfYearly, Today.AddDays(-200), Today));
            Assert.Equal(Freshness.Overdue, FreshnessRule.Of(halfYearly, Today.AddDays(-210), Today));
            Assert.Equal(Freshness.Delinquent, FreshnessRule.Of(halfYearly, Today.AddDays(-240), Today));
        }
    }

    [Theory]
    [InlineData(20, 30, 44, 60)]        // between rows: the next row up
    [InlineData(14.4, 14, 21, 28)]      // within half a day of a row: that row
    [InlineData(400, 400, 460, 490)]    // longer than a year: due after one period, then +60 and +90 days
    [InlineData(730, 730, 790, 820)]
    public void Frequencies_between_and_beyond_the_rows(double frequency, double due, double overdue, double delinquent) =>
        Assert.Equal((due, overdue, delinquent), FreshnessRule.Thresholds(frequency));

    [Theory]
    [InlineData(Hour)]
    [InlineData(Minute)]
    [InlineData(RealTime)]
    public void Sub_daily_data_is_fresh_only_on_the_day_and_delinquent_a_day_later(string unit)
    {
        var frequency = new UpdateFrequency(unit, 1);
        Assert.Equal(Freshness.Fresh, FreshnessRule.Of(frequency, Today, Today));
        Assert.Equal(Freshness.Delinquent, FreshnessRule.Of(frequency, Today.AddDays(-1), Today));
        var (due, overdue, delinquent) = FreshnessRule.Thresholds(frequency.Days!.Value);
        Assert.Equal((frequency.Days.Value, 2 * frequency.Days.Value, 3 * frequency.Days.Value), (due, overdue, delinquent));
    }

    // ------------------------------------------------------------ no updates, unknown

    [Fact]
    public void No_further_updates_is_always_fresh_when_a_date_exists()
    {
        foreach (var interval in new[] { 0, 1, 5 })
        {
            var frequency = new UpdateFrequency(NoFurther, interval);
            Assert.Equal(Freshness.Fresh, FreshnessRule.Of(frequency, Today, Today));
            Assert.Equal(Freshness.Fresh, FreshnessRule.Of(frequency, new DateOnly(2020, 1, 1), Today));
            Assert.Equal(Freshness.Fresh, FreshnessRule.Of(frequency, new DateOnly(1990, 1, 1), Today));
        }
        Assert.Equal(UpdateFrequency.NoFurtherUpdates, NoFurther);
    }

    [Fact]
    public void No_further_updates_without_a_date_is_unknown() =>
        Assert.Equal(Freshness.Unknown, FreshnessRule.Of(new UpdateFrequency(NoFurther, 1), null, Today));

    [Theory]
    [InlineData(Unknown, 1)]
    [InlineData(Unknown, 0)]
    [InlineData(Other, 1)]
    [InlineData("monthly", 1)]
    [InlineData("", 1)]
    [InlineData(Month, 0)]
    [InlineData(Month, -1)]
    public void An_unknown_frequency_is_unknown_never_fresh_even_when_updated_today(string unit, int interval)
    {
        var frequency = new UpdateFrequency(unit, interval);
        Assert.Equal(Freshness.Unknown, FreshnessRule.Of(frequency, Today, Today));
        Assert.Equal(Freshness.Unknown, FreshnessRule.Of(frequency, new DateOnly(2020, 1, 1), Today));
        Assert.Equal(Freshness.Unknown, FreshnessRule.Of(frequency, null, Today));
    }

    [Theory]
    [InlineData(Day)]
    [InlineData(Month)]
    [InlineData(Year)]
    public void A_missing_date_is_unknown_never_fresh(string unit) =>
        Assert.Equal(Freshness.Unknown, FreshnessRule.Of(new UpdateFrequency(unit, 1), null, Today));

    [Fact]
    public void The_farmer_registry_dated_BE_2563_with_an_unknown_frequency_is_unknown_and_yearly_it_is_delinquent()
    {
        var lastUpdate = new DateOnly(2020, 12, 31);
        Assert.Equal(Freshness.Unknown, FreshnessRule.Of(new UpdateFrequency(Unknown, 1), lastUpdate, Today));
        Assert.Equal(Freshness.Delinquent, FreshnessRule.Of(new UpdateFrequency(Year, 1), lastUpdate, Today));
    }

    // ------------------------------------------------------------ the GD Catalog vocabulary

    [Fact]
    public void The_vocabulary_has_the_thirteen_GD_Catalog_units()
    {
        string[] units = [Unknown, Year, HalfYear, Quarter, Month, Week, Day, WorkingDay, Hour, Minute, RealTime, NoFurther, Other];
        Assert.Equal(units.Order(StringComparer.Ordinal), UpdateFrequency.Units.Keys.Order(StringComparer.Ordinal));
        Assert.All(units, u => Assert.True(new UpdateFrequency(u, 1).IsKnown, u));
        Assert.False(new UpdateFrequency("monthly", 1).IsKnown);
        Assert.False(new UpdateFrequency("เดือน ", 1).IsKnown);
        Assert.False(new UpdateFrequency("", 1).IsKnown);
    }

    [Theory]
    [InlineData(Year, 1, 365.0)]
    [InlineData(Year, 4, 91.25)]
    [InlineData(HalfYear, 1, 182.0)]
    [InlineData(Quarter, 1, 91.0)]
    [InlineData(Month, 1, 30.0)]
    [InlineData(Month, 2, 15.0)]
    [InlineData(Month, 3, 10.0)]
    [InlineData(Week, 1, 7.0)]
    [InlineData(Week, 2, 3.5)]
    [InlineData(Day, 1, 1.0)]
    [InlineData(WorkingDay, 1, 1.0)]
    [InlineData(Day, 2, 0.5)]
    public void Days_between_updates_is_the_units_length_divided_by_the_times_per_unit(string unit, int interval, double days) =>
        Assert.Equal(days, new UpdateFrequency(unit, interval).Days!.Value, 9);

    [Fact]
    public void Sub_daily_units_are_fractions_of_a_day()
    {
        Assert.Equal(1.0 / 24, new UpdateFrequency(Hour, 1).Days!.Value, 12);
        Assert.Equal(1.0 / 1440, new UpdateFrequency(Minute, 1).Days!.Value, 12);
        Assert.Equal(1.0 / 1440, new UpdateFrequency(RealTime, 1).Days!.Value, 12);
        Assert.Equal(1.0 / 48, new UpdateFrequency(Hour, 2).Days!.Value, 12);
    }

    [Theory]
    [InlineData(Unknown, 1)]
    [InlineData(NoFurther, 1)]
    [InlineData(Other, 1)]
    [InlineData("monthly", 1)]
    [InlineData(Month, 0)]
    [InlineData(Month, -2)]
    public void Days_is_null_without_a_fixed_length_or_a_positive_interval(string unit, int interval) =>
        Assert.Null(new UpdateFrequency(unit, interval).Days);

    [Theory]
    [InlineData(Unknown, "http://publications.europa.eu/resource/authority/frequency/UNKNOWN")]
    [InlineData(Year, "http://purl.org/cld/freq/annual")]
    [InlineData(HalfYear, "http://purl.org/cld/freq/semiannual")]
    [InlineData(Quarter, "http://purl.org/cld/freq/quarterly")]
    [InlineData(Month, "http://purl.org/cld/freq/monthly")]
    [InlineData(Week, "http://purl.org/cld/freq/weekly")]
    [InlineData(Day, "http://purl.org/cld/freq/daily")]
    [InlineData(WorkingDay, "http://purl.org/cld/freq/daily")]
    [InlineData(Hour, "http://purl.org/cld/freq/continuous")]
    [InlineData(Minute, "http://purl.org/cld/freq/continuous")]
    [InlineData(RealTime, "http://purl.org/cld/freq/continuous")]
    [InlineData(NoFurther, "http://purl.org/cld/freq/irregular")]
    [InlineData(Other, "http://purl.org/cld/freq/irregular")]
    [InlineData("monthly", "http://publications.europa.eu/resource/authority/frequency/UNKNOWN")]
    public void Each_unit_maps_to_its_DCAT_accrual_periodicity(string unit, string dcat) =>
        Assert.Equal(dcat, new UpdateFrequency(unit, 1).Dcat);

    [Theory]
    [InlineData(Year, 2, "http://purl.org/cld/freq/semiannual")]
    [InlineData(Month, 2, "http://purl.org/cld/freq/semimonthly")]
    [InlineData(Week, 2, "http://purl.org/cld/freq/semiweekly")]
    public void The_DCAT_frequency_takes_the_interval_into_account(string unit, int interval, string dcat) =>
        Assert.Equal(dcat, new UpdateFrequency(unit, interval).Dcat);

    [Theory]
    [InlineData(Month, 1, Month, "month")]
    [InlineData(Year, 1, Year, "year")]
    [InlineData(WorkingDay, 1, WorkingDay, "working day")]
    [InlineData(Month, 2, "2 ครั้งต่อเดือน", "2 times a month")]
    [InlineData(Week, 3, "3 ครั้งต่อสัปดาห์", "3 times a week")]
    [InlineData(Year, 4, "4 ครั้งต่อปี", "4 times a year")]
    [InlineData(NoFurther, 3, NoFurther, "no updates after collection")]
    [InlineData(Unknown, 2, Unknown, "unknown")]
    [InlineData(Other, 2, Other, "other")]
    [InlineData("fortnightly", 1, "fortnightly", "fortnightly")]
    public void Describe_gives_the_frequency_in_Thai_and_English(string unit, int interval, string th, string en) =>
        Assert.Equal(new LocalizedText(th, en), new UpdateFrequency(unit, interval).Describe());
}
