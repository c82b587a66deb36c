using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Domain.Monitoring;

namespace Oversight.Grains.Tests.Monitoring;

/// <summary>Provenance on the monitoring board: real data over synthetic, and computed figures that carry their inputs' oldest as-of and synthetic flag.</summary>
public abstract class MonitoringBoardGrainTests(ClusterFixtureBase fixture) : MonitoringTestBase(fixture)
{
    private const string Synthetic = "synthetic:test";

    [Fact]
    public async Task Once_a_real_observation_exists_for_a_metric_and_subject_synthetic_ones_are_no_longer_shown()
    {
        var service = await NewEServiceAsync();
        var subject = $"eservice:{service}";
        var earlier = Today.AddMonths(-2);
        var later = Today.AddMonths(-1);
        await IngestOkAsync(
            Obs(Synthetic, "eservice.uses", subject, Month(earlier), 40, earlier),
            Obs(Synthetic, "eservice.uses", subject, Month(later), 55, later),
            Obs(Synthetic, "eservice.sso-logins", subject, Month(later), 110, later));

        var before = (await Board.GetEServicesAsync()).Items.Single(i => i.Service.Id == service);
        Assert.Equal([40d, 55d], before.Uses.Series.Select(f => f.Value!.Value));
        Assert.All(before.Uses.Series, f => Assert.Equal((true, Synthetic), (f.Synthetic, f.Source)));
        Assert.Equal((55d, true), (before.Uses.Latest.Value!.Value, before.Uses.Latest.Synthetic));
        Assert.Equal("none", before.Flag);

        // A real figure for the later month: the synthetic ones of that pair (both months) give way.
        var source = NewSource();
        await IngestOkAsync(Obs(source, "eservice.uses", subject, Month(later), 2, later));
        var after = (await Board.GetEServicesAsync()).Items.Single(i => i.Service.Id == service);
        var only = Assert.Single(after.Uses.Series);
        Assert.Equal((2d, Month(later), source, false), (only.Value!.Value, only.Period!, only.Source, only.Synthetic));
        Assert.Equal(only, after.Uses.Latest);
        Assert.Equal("low-use", after.Flag);

        // Another metric of the same subject has no real figure yet, so its synthetic one is still shown (labelled).
        Assert.Equal((110d, true), (after.SsoLogins.Latest.Value!.Value, after.SsoLogins.Latest.Synthetic));

        // A newer synthetic figure does not come back over the real one, and the rule holds after the board reloads from the database.
        await IngestOkAsync(Obs(Synthetic, "eservice.uses", subject, Month(Today), 999, Today));
        await Fixture.Cluster.DeactivateAsync(Board);
        var reloaded = (await Board.GetEServicesAsync()).Items.Single(i => i.Service.Id == service);
        Assert.Equal(only, Assert.Single(reloaded.Uses.Series));
    }

    [Fact]
    public async Task An_indicator_point_over_every_office_follows_a_replaced_figure_of_its_period_and_keeps_the_others()
    {
        // Periods no other test uses: each point sums over every office of its period.
        var (older, newer) = (Today.AddMonths(-81), Today.AddMonths(-80));
        var (a, b) = ("province:63", "province:64");
        var source = NewSource();
        await IngestOkAsync(
            Obs(source, "lbda.registered-staff", a, Month(older), 10, older), Obs(source, "lbda.staff-needing-access", a, Month(older), 40, older),
            Obs(source, "lbda.registered-staff", b, Month(older), 20, older), Obs(source, "lbda.staff-needing-access", b, Month(older), 40, older),
            Obs(source, "lbda.registered-staff", a, Month(newer), 5, newer), Obs(source, "lbda.staff-needing-access", a, Month(newer), 10, newer));

        async Task<double?> PointAsync(DateOnly month) => (await Board.GetIndicatorsAsync()).Single(i => i.Code == IndicatorCatalog.LbdaRegistration)
            .Series.Single(f => f.Period == Month(month)).Value;
        Assert.Equal(37.5, await PointAsync(older));
        Assert.Equal(50, await PointAsync(newer));

        await IngestOkAsync(Obs(source, "lbda.registered-staff", a, Month(older), 30, older));
        Assert.Equal(62.5, await PointAsync(older));
        Assert.Equal(50, await PointAsync(newer));

        // a figure of the other metric of the ratio counts as much
        await IngestOkAsync(Obs(source, "lbda.staff-needing-access", b, Month(newer), 10, newer), Obs(source, "lbda.registered-staff", b, Month(newer), 10, newer));
        Assert.Equal(75, await PointAsync(newer));
    }

    [Fact]
    public async Task A_computed_figure_carries_the_oldest_as_of_of_its_inputs_and_is_synthetic_when_any_input_is()
    {
        const string code = "62";
        var subject = $"province:{code}";
        var month = Month(Today.AddMonths(-1));
        var source = NewSource();
        var needingAsOf = Today.AddDays(-20);
        await IngestOkAsync(
            Obs(source, "lbda.staff-needing-access", subject, month, 40, needingAsOf),
            Obs(Synthetic, "lbda.registered-staff", subject, month, 10, Today.AddDays(-5)));

        var mixed = (await Board.GetProvinceAsync(code))!.Summary.LbdaRegistrationRate;
        Assert.Equal((25d, month, "computed"), (mixed.Value!.Value, mixed.Period!, mixed.Source));
        Assert.Equal(needingAsOf, mixed.AsOf);
        Assert.True(mixed.Synthetic);

        // The registered figure becomes real (and newer): the rate is real, still as of the older input.
        await IngestOkAsync(Obs(source, "lbda.registered-staff", subject, month, 20, Today.AddDays(-2)));
        var real = (await Board.GetProvinceAsync(code))!.Summary.LbdaRegistrationRate;
        Assert.Equal(50, real.Value);
        Assert.False(real.Synthetic);
        Assert.Equal(needingAsOf, real.AsOf);

        // The needing-access figure is re-sent as of today: now the registered figure is the oldest input.
        await IngestOkAsync(Obs(source, "lbda.staff-needing-access", subject, month, 40, Today));
        var summary = (await Board.GetProvinceAsync(code))!.Summary;
        Assert.Equal(Today.AddDays(-2), summary.LbdaRegistrationRate.AsOf);
        Assert.Equal(50, summary.LbdaRegistrationRate.Value);

        // Coverage rests on the NSO baseline (as of 2023), split evenly across the region and labelled so: that is its oldest input.
        await IngestOkAsync(Obs(source, "informal.registered", subject, month, 1_000, Today));
        summary = (await Board.GetProvinceAsync(code))!.Summary;
        Assert.Equal(InformalBaseline.EvenSplit, summary.InformalBaseline.Note);
        Assert.Equal(InformalBaseline.AsOf, summary.InformalCoverage.AsOf);
        Assert.False(summary.InformalCoverage.Synthetic);
        Assert.Equal(Math.Round(100 * 1_000 / summary.InformalBaseline.Value!.Value, 2), summary.InformalCoverage.Value);

        // A computed figure with a missing input has no value, never a guessed one.
        Assert.Null(summary.RecordFreshness.Value);
    }

    [Fact]
    public async Task Figures_from_the_report_name_the_report_as_their_source()
    {
        var provinces = await Board.GetProvincesAsync();
        var neverRegistered = provinces.ReportFigures["report.offices-never-registered"];
        Assert.Equal((6d, ReportSource, false), (neverRegistered.Value!.Value, neverRegistered.Source, neverRegistered.Synthetic));
        Assert.Equal(10, provinces.ReportFigures["report.units-not-using-lbda"].Value);

        var eservices = await Board.GetEServicesAsync();
        Assert.Equal((8d, ReportSource), (eservices.ReportFigures["report.eservices-zero-use"].Value!.Value, eservices.ReportFigures["report.eservices-zero-use"].Source));
        Assert.Equal(7, eservices.ReportFigures["report.eservices-zero-use-employer"].Value);
        Assert.Equal(8, eservices.ReportFigures["report.eservices-low-use"].Value);

        var exchange = await Board.GetDataExchangeAsync();
        Assert.Equal((12d, ReportSource), (exchange.ReportFigures["report.agencies"].Value!.Value, exchange.ReportFigures["report.agencies"].Source));
        Assert.Equal(4, exchange.ReportFigures["report.agencies-api-in-progress"].Value);
        Assert.All(exchange.ReportFigures.Values.Concat(eservices.ReportFigures.Values).Concat(provinces.ReportFigures.Values), f =>
        {
            Assert.Equal("FY2565", f.Period);
            Assert.False(f.Synthetic);
        });

        // Indicator baselines taken from the report say so.
        var indicators = await Board.GetIndicatorsAsync();
        var zeroUse = indicators.Single(i => i.Code == IndicatorCatalog.EServicesZeroUse);
        Assert.Equal((8d, ReportSource), (zeroUse.Baseline!.Value!.Value, zeroUse.Baseline.Source));
        Assert.Contains("mol-digital-2565.O1-R1", zeroUse.Recommendations);
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteMonitoringBoardGrainTests(SqliteClusterFixture fixture) : MonitoringBoardGrainTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PostgresMonitoringBoardGrainTests(PostgresClusterFixture fixture) : MonitoringBoardGrainTests(fixture);
