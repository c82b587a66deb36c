using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Domain.Monitoring;

namespace Oversight.Domain.Tests.Monitoring;

public sealed class FiguresTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly LocalizedText Method = new("วิธีคำนวณ", "the method");

    private static Observation Obs(double value, DateOnly asOf, string source = "lbda", string period = "2026-10", string metric = "lbda.logins") =>
        new(source, metric, "province:10", period, value, asOf, ObservationRules.IsSynthetic(source), DateTimeOffset.UnixEpoch);

    private static Figure F(double? value, DateOnly? asOf, Freshness freshness = Freshness.Fresh, bool synthetic = false, string source = "lbda") =>
        new(value, "2026-10", source, asOf, freshness, synthetic);

    // ------------------------------------------------------------ Figures.Of

    [Fact]
    public void A_figure_carries_the_observations_provenance()
    {
        var figure = Figures.Of(Obs(120, new DateOnly(2026, 11, 1)), MetricCatalog.Find("lbda.logins"), Today);
        Assert.Equal(new Figure(120, "2026-10", "lbda", new DateOnly(2026, 11, 1), Freshness.Fresh, false), figure);
        Assert.True(Figures.Of(Obs(1, Today, source: "synthetic:demo"), MetricCatalog.Find("lbda.logins"), Today).Synthetic);
    }

    [Theory]
    [InlineData(0, Freshness.Fresh)]
    [InlineData(29, Freshness.Fresh)]
    [InlineData(30, Freshness.Due)]
    [InlineData(43, Freshness.Due)]
    [InlineData(44, Freshness.Overdue)]
    [InlineData(59, Freshness.Overdue)]
    [InlineData(60, Freshness.Delinquent)]
    public void A_monthly_metrics_freshness_follows_HDXs_30_day_row(int age, Freshness freshness) =>
        Assert.Equal(freshness, Figures.Of(Obs(1, Today.AddDays(-age)), MetricCatalog.Find("lbda.logins"), Today).Freshness);

    [Theory]
    [InlineData(364, Freshness.Fresh)]
    [InlineData(365, Freshness.Due)]
    [InlineData(425, Freshness.Overdue)]
    [InlineData(455, Freshness.Delinquent)]
    public void A_yearly_metrics_freshness_follows_HDXs_365_day_row(int age, Freshness freshness) =>
        Assert.Equal(freshness, Figures.Of(Obs(1, Today.AddDays(-age), metric: "employment.employed"), MetricCatalog.Find("employment.employed"), Today).Freshness);

    [Fact]
    public void A_metric_without_a_frequency_or_no_metric_gives_unknown_freshness()
    {
        Assert.Equal(Freshness.Unknown, Figures.Of(Obs(12, Today, metric: "report.agencies"), MetricCatalog.Find("report.agencies"), Today).Freshness);
        Assert.Equal(Freshness.Unknown, Figures.Of(Obs(12, Today), null, Today).Freshness);
    }

    [Fact]
    public void No_observation_gives_no_figure_yet()
    {
        var none = Figures.Of(null, MetricCatalog.Find("lbda.logins"), Today);
        Assert.Equal(new Figure(null, null, "none", null, Freshness.Unknown, false, new LocalizedText("ยังไม่มีข้อมูล", "no figure yet")), none);
        Assert.Equal("report:mol-digital-2565", Figures.Of(null, null, Today, "report:mol-digital-2565").Source);
    }

    // ------------------------------------------------------------ Figures.Computed

    [Fact]
    public void A_computed_figure_takes_the_oldest_as_of_and_the_worst_freshness()
    {
        var registered = F(40, new DateOnly(2026, 11, 1));
        var needing = F(120, new DateOnly(2026, 9, 30), Freshness.Overdue);
        var rate = Figures.Computed(v => 100 * v[0] / v[1], "2026-10", Method, Today, registered, needing);
        Assert.Equal(new Figure(33.33, "2026-10", "computed", new DateOnly(2026, 9, 30), Freshness.Overdue, false, Method), rate);
    }

    [Fact]
    public void A_computed_figure_is_synthetic_when_any_input_is()
    {
        var rate = Figures.Computed(v => v[0] + v[1], null, Method, Today, F(1, Today), F(2, Today, synthetic: true));
        Assert.Equal(3, rate.Value);
        Assert.True(rate.Synthetic);
        Assert.False(Figures.Computed(v => v[0] + v[1], null, Method, Today, F(1, Today), F(2, Today)).Synthetic);
    }

    [Fact]
    public void A_computed_figure_is_null_with_the_method_note_when_an_input_is_null()
    {
        var rate = Figures.Computed(v => throw new InvalidOperationException("not called"), "2026-10", Method, Today,
            F(40, Today), F(null, null, Freshness.Unknown, synthetic: true));
        Assert.Equal(new Figure(null, "2026-10", "computed", null, Freshness.Unknown, true, Method), rate);
    }

    [Fact]
    public void A_computation_that_gives_no_value_is_null_and_unknown()
    {
        var rate = Figures.Computed(v => v[1] == 0 ? null : v[0] / v[1], "2026-10", Method, Today, F(40, Today), F(0, Today));
        Assert.Null(rate.Value);
        Assert.Equal(Freshness.Unknown, rate.Freshness);
        Assert.Equal(Method, rate.Note);
    }

    [Fact]
    public void A_computation_that_is_not_finite_is_null_and_unknown()
    {
        var rate = Figures.Computed(v => v[0] / v[1], "2026-10", Method, Today, F(40, Today), F(0, Today));
        Assert.Null(rate.Value);
        Assert.Equal(Freshness.Unknown, rate.Freshness);
    }

    [Fact]
    public void A_computed_value_is_rounded_to_two_decimals()
    {
        Assert.Equal(66.67, Figures.Computed(v => 100 * v[0] / v[1], null, Method, Today, F(2, Today), F(3, Today)).Value);
        Assert.Equal(0.01, Figures.Computed(v => v[0] / v[1], null, Method, Today, F(1, Today), F(99, Today)).Value);
    }

    // ------------------------------------------------------------ Figures.Sum

    [Fact]
    public void A_sum_leaves_out_null_inputs_and_its_provenance_covers_the_rest()
    {
        var sum = Figures.Sum(
        [
            F(10, new DateOnly(2026, 11, 1)),
            F(null, null, Freshness.Unknown, synthetic: true),
            F(5, new DateOnly(2026, 10, 15), Freshness.Due),
            F(2.5, new DateOnly(2026, 11, 20), synthetic: true),
        ], "2026-10", Method);
        Assert.Equal(new Figure(17.5, "2026-10", "computed", new DateOnly(2026, 10, 15), Freshness.Due, true, Method), sum);
    }

    [Fact]
    public void A_sum_of_real_figures_with_a_null_synthetic_one_is_not_synthetic()
    {
        var sum = Figures.Sum([F(1, Today), F(null, null, Freshness.Unknown, synthetic: true)], null, Method);
        Assert.Equal(1, sum.Value);
        Assert.False(sum.Synthetic);
    }

    [Fact]
    public void A_sum_of_nothing_or_only_nulls_is_null()
    {
        Assert.Equal(new Figure(null, "2026-10", "computed", null, Freshness.Unknown, false, Method), Figures.Sum([], "2026-10", Method));
        Assert.Equal(new Figure(null, null, "computed", null, Freshness.Unknown, false, Method), Figures.Sum([F(null, null), F(null, null)], null, Method));
    }

    // ------------------------------------------------------------ Figure and MonitoringText

    [Fact]
    public void A_value_not_given_is_recorded_as_such()
    {
        Assert.Equal(new Figure(null, null, "report:mol-digital-2565", null, Freshness.Unknown, false, new LocalizedText("รายงานต้นทางไม่ได้ระบุ", "not given in the source")),
            Figure.NotGiven("report:mol-digital-2565"));
        Assert.Equal(Method, Figure.NotGiven("x", Method).Note);
        Assert.Equal("report:mol-digital-2565", MonitoringText.ReportSource("mol-digital-2565"));
        Assert.Equal("synthetic:demo", MonitoringText.SyntheticSource);
        Assert.True(ObservationRules.IsSynthetic(MonitoringText.SyntheticSource));
    }

    [Fact]
    public void Freshness_orders_from_fresh_to_unknown_so_the_worst_is_the_largest()
    {
        Assert.True(Freshness.Fresh < Freshness.Due);
        Assert.True(Freshness.Due < Freshness.Overdue);
        Assert.True(Freshness.Overdue < Freshness.Delinquent);
        Assert.True(Freshness.Delinquent < Freshness.Unknown);
    }
}
