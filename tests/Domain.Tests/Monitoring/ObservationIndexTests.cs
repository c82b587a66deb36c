using Oversight.Grains.Domain.Monitoring;

namespace Oversight.Domain.Tests.Monitoring;

public sealed class ObservationIndexTests
{
    private const string Logins = "lbda.logins";
    private const string Bangkok = "province:10";
    private const string ChiangMai = "province:50";
    private static readonly DateTimeOffset Recorded = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    private static Observation Obs(string source, string subject, string period, double value, DateOnly asOf, int recordedMinutes = 0, string metric = Logins) =>
        new(source, metric, subject, period, value, asOf, ObservationRules.IsSynthetic(source), Recorded.AddMinutes(recordedMinutes));

    [Fact]
    public void An_empty_index_has_no_series()
    {
        var index = new ObservationIndex();
        Assert.Empty(index.Series(Logins, Bangkok));
        Assert.Null(index.Latest(Logins, Bangkok));
        Assert.Null(index.At(Logins, Bangkok, "2026-10"));
        Assert.Empty(index.Subjects);
    }

    [Fact]
    public void A_real_observation_hides_the_synthetic_ones_for_the_same_metric_and_subject()
    {
        var index = new ObservationIndex();
        index.Upsert(Obs("synthetic:demo", Bangkok, "2026-08", 10, new DateOnly(2026, 9, 1)));
        index.Upsert(Obs("synthetic:demo", Bangkok, "2026-09", 11, new DateOnly(2026, 10, 1)));
        index.Upsert(Obs("synthetic:demo", Bangkok, "2026-10", 12, new DateOnly(2026, 11, 20)));
        Assert.Equal([10.0, 11.0, 12.0], index.Series(Logins, Bangkok).Select(o => o.Value));
        Assert.True(index.Latest(Logins, Bangkok)!.Synthetic);

        // A real figure for one period: every synthetic figure of the pair goes, even the newer and the other periods.
        index.Upsert(Obs("lbda", Bangkok, "2026-10", 5, new DateOnly(2026, 11, 1)));
        var series = index.Series(Logins, Bangkok);
        var shown = Assert.Single(series);
        Assert.Equal(("lbda", 5.0, false), (shown.Source, shown.Value, shown.Synthetic));
        Assert.Null(index.At(Logins, Bangkok, "2026-09"));
    }

    [Fact]
    public void A_real_observation_does_not_hide_synthetic_ones_of_another_subject_or_metric()
    {
        var index = new ObservationIndex();
        index.Upsert(Obs("synthetic:demo", Bangkok, "2026-10", 12, new DateOnly(2026, 11, 20)));
        index.Upsert(Obs("synthetic:demo", ChiangMai, "2026-10", 30, new DateOnly(2026, 11, 20)));
        index.Upsert(Obs("synthetic:demo", Bangkok, "2026-10", 3, new DateOnly(2026, 11, 20), metric: "lbda.reports"));
        index.Upsert(Obs("lbda", Bangkok, "2026-10", 5, new DateOnly(2026, 11, 1)));

        Assert.Equal("lbda", index.Latest(Logins, Bangkok)!.Source);
        var other = index.Latest(Logins, ChiangMai)!;
        Assert.Equal(("synthetic:demo", 30.0, true), (other.Source, other.Value, other.Synthetic));
        Assert.Equal("synthetic:demo", index.Latest("lbda.reports", Bangkok)!.Source);
        Assert.Equal([Bangkok, ChiangMai], index.Subjects.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_resend_from_the_same_source_replaces_the_value()
    {
        var index = new ObservationIndex();
        index.Upsert(Obs("lbda", Bangkok, "2026-10", 5, new DateOnly(2026, 11, 1)));
        index.Upsert(Obs("lbda", Bangkok, "2026-10", 7, new DateOnly(2026, 11, 1), recordedMinutes: 5));
        var shown = Assert.Single(index.Series(Logins, Bangkok));
        Assert.Equal(7, shown.Value);

        // Even an older as-of date from the same source replaces (it is a correction, not a second source).
        index.Upsert(Obs("lbda", Bangkok, "2026-10", 6, new DateOnly(2026, 10, 31), recordedMinutes: 9));
        Assert.Equal(6, index.At(Logins, Bangkok, "2026-10")!.Value);
    }

    [Fact]
    public void A_synthetic_resend_replaces_a_synthetic_value_and_real_ones_stay_counted_after_a_real_resend()
    {
        var index = new ObservationIndex();
        index.Upsert(Obs("synthetic:demo", Bangkok, "2026-09", 1, new DateOnly(2026, 10, 1)));
        index.Upsert(Obs("synthetic:demo", Bangkok, "2026-09", 2, new DateOnly(2026, 10, 2)));
        Assert.Equal(2, Assert.Single(index.Series(Logins, Bangkok)).Value);

        index.Upsert(Obs("lbda", Bangkok, "2026-10", 5, new DateOnly(2026, 11, 1)));
        index.Upsert(Obs("lbda", Bangkok, "2026-10", 6, new DateOnly(2026, 11, 2)));
        // Still one real observation for the pair: the synthetic one stays hidden.
        var shown = Assert.Single(index.Series(Logins, Bangkok));
        Assert.Equal(("lbda", 6.0), (shown.Source, shown.Value));
    }

    [Fact]
    public void Among_several_real_sources_the_newest_as_of_date_wins()
    {
        var index = new ObservationIndex();
        index.Upsert(Obs("lbda", Bangkok, "2026-10", 5, new DateOnly(2026, 11, 1)));
        index.Upsert(Obs("import:2569-10", Bangkok, "2026-10", 9, new DateOnly(2026, 11, 10)));
        index.Upsert(Obs("nso", Bangkok, "2026-10", 4, new DateOnly(2026, 11, 5), recordedMinutes: 30));
        var shown = index.At(Logins, Bangkok, "2026-10")!;
        Assert.Equal(("import:2569-10", 9.0), (shown.Source, shown.Value));

        // The older source sends a newer figure: it wins now.
        index.Upsert(Obs("lbda", Bangkok, "2026-10", 8, new DateOnly(2026, 11, 20), recordedMinutes: 40));
        Assert.Equal(("lbda", 8.0), (index.At(Logins, Bangkok, "2026-10")!.Source, index.At(Logins, Bangkok, "2026-10")!.Value));
    }

    [Fact]
    public void On_the_same_as_of_date_the_one_recorded_last_wins()
    {
        var index = new ObservationIndex();
        index.Upsert(Obs("import:b", Bangkok, "2026-10", 2, new DateOnly(2026, 11, 1), recordedMinutes: 10));
        index.Upsert(Obs("import:a", Bangkok, "2026-10", 1, new DateOnly(2026, 11, 1), recordedMinutes: 5));
        Assert.Equal("import:b", index.At(Logins, Bangkok, "2026-10")!.Source);
    }

    [Fact]
    public void Series_is_sorted_by_period_and_Latest_is_the_newest_period()
    {
        var index = new ObservationIndex();
        foreach (var (period, value) in new[] { ("2026-10", 10.0), ("2026-02", 2.0), ("2025-12", 12.0), ("2026-09", 9.0) })
        {
            index.Upsert(Obs("lbda", Bangkok, period, value, new DateOnly(2026, 11, 1)));
        }
        Assert.Equal(["2025-12", "2026-02", "2026-09", "2026-10"], index.Series(Logins, Bangkok).Select(o => o.Period));
        Assert.Equal(10, index.Latest(Logins, Bangkok)!.Value);
        Assert.Equal(2, index.At(Logins, Bangkok, "2026-02")!.Value);
        Assert.Null(index.At(Logins, Bangkok, "2026-03"));
    }

    [Fact]
    public void Fiscal_years_sort_by_their_start_not_their_text()
    {
        var index = new ObservationIndex();
        foreach (var period in new[] { "FY2569", "FY2567", "FY2570", "FY2568" })
        {
            index.Upsert(Obs("nso", Bangkok, period, Periods.Parse(period)!.Value.Start.Year, new DateOnly(2026, 11, 1), metric: "employment.employed"));
        }
        Assert.Equal(["FY2567", "FY2568", "FY2569", "FY2570"], index.Series("employment.employed", Bangkok).Select(o => o.Period));
        Assert.Equal("FY2570", index.Latest("employment.employed", Bangkok)!.Period);
    }

    [Fact]
    public void Periods_that_arrive_out_of_order_are_kept_in_period_order()
    {
        var index = new ObservationIndex();
        // months, a fiscal year and a quarter-less mix, sent newest first, oldest last and one in the middle
        foreach (var (period, value) in new[] { ("2026-10", 10.0), ("2025-12", 1.0), ("2026-03", 3.0), ("2026-01", 2.0), ("2026-11", 11.0), ("2026-06", 6.0) })
        {
            index.Upsert(Obs("lbda", Bangkok, period, value, new DateOnly(2026, 11, 20)));
        }
        Assert.Equal(["2025-12", "2026-01", "2026-03", "2026-06", "2026-10", "2026-11"], index.Series(Logins, Bangkok).Select(o => o.Period));
        Assert.Equal(["2026-11", "2026-10", "2026-06", "2026-03", "2026-01", "2025-12"], index.Newest(Logins, Bangkok).Select(o => o.Period));
        Assert.Equal(11.0, index.Latest(Logins, Bangkok)!.Value);

        // the newest period holds only a synthetic figure once a real one exists elsewhere: Latest skips it, as Series does
        index.Upsert(Obs("synthetic:demo", Bangkok, "2026-12", 99, new DateOnly(2026, 11, 20)));
        Assert.Equal("2026-11", index.Latest(Logins, Bangkok)!.Period);
        Assert.Equal(index.Series(Logins, Bangkok)[^1], index.Latest(Logins, Bangkok));
    }

    [Fact]
    public void A_stamp_changes_with_every_upsert_of_its_metric_and_period_and_only_then()
    {
        var index = new ObservationIndex();
        Assert.Equal(0, index.StampOf(Logins, "2026-10"));
        index.Upsert(Obs("lbda", Bangkok, "2026-10", 1, new DateOnly(2026, 11, 1)));
        var october = index.StampOf(Logins, "2026-10");
        var metric = index.StampOf(Logins);
        Assert.NotEqual(0, october);

        index.Upsert(Obs("lbda", ChiangMai, "2026-09", 1, new DateOnly(2026, 11, 1)));
        Assert.Equal(october, index.StampOf(Logins, "2026-10"));
        Assert.NotEqual(metric, index.StampOf(Logins));

        index.Upsert(Obs("lbda", ChiangMai, "2026-10", 2, new DateOnly(2026, 11, 1), metric: "lbda.reports"));
        Assert.Equal(october, index.StampOf(Logins, "2026-10"));

        index.Upsert(Obs("lbda", ChiangMai, "2026-10", 2, new DateOnly(2026, 11, 1)));
        Assert.NotEqual(october, index.StampOf(Logins, "2026-10"));
    }
}
