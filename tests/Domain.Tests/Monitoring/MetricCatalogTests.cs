using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Domain.Monitoring;

namespace Oversight.Domain.Tests.Monitoring;

public sealed class MetricCatalogTests
{
    [Fact]
    public void Metric_ids_are_unique_and_found_by_id()
    {
        Assert.Equal(MetricCatalog.All.Count, MetricCatalog.All.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(MetricCatalog.All, m => Assert.Same(m, MetricCatalog.Find(m.Id)));
        Assert.Null(MetricCatalog.Find("LBDA.LOGINS"));
        Assert.Null(MetricCatalog.Find(" lbda.logins"));
        Assert.Null(MetricCatalog.Find(""));
        Assert.Null(MetricCatalog.Find(null));
    }

    [Theory]
    [InlineData("lbda.staff-needing-access", SubjectKind.Province, 0, 100_000, 30)]
    [InlineData("lbda.registered-staff", SubjectKind.Province, 0, 100_000, 30)]
    [InlineData("lbda.active-users", SubjectKind.Province, 0, 100_000, 30)]
    [InlineData("lbda.logins", SubjectKind.Province, 0, 10_000_000, 30)]
    [InlineData("informal.registered", SubjectKind.Province, 0, 20_000_000, 30)]
    [InlineData("employment.employed", SubjectKind.Province, 0, 20_000_000, 365)]
    [InlineData("eservice.uses", SubjectKind.EService, 0, 100_000_000, 30)]
    [InlineData("dataset.records", SubjectKind.Dataset, 0, 1_000_000_000, 30)]
    [InlineData("agency.datasets-linked", SubjectKind.Agency, 0, 10_000, 30)]
    [InlineData("contract.progress", SubjectKind.Contract, 0, 100, 30)]
    [InlineData("report.agencies", SubjectKind.Report, 0, 1000, 0)]
    [InlineData("report.offices-never-registered", SubjectKind.Report, 0, 77, 0)]
    public void Each_metric_has_its_subject_range_and_frequency(string id, SubjectKind subject, double min, double max, double frequency)
    {
        var m = MetricCatalog.Find(id)!;
        Assert.Equal((subject, min, max, frequency, MetricValueKind.Number), (m.Subject, m.Min, m.Max, m.FrequencyDays, m.Kind));
    }

    [Fact]
    public void Counts_are_whole_and_progress_is_not()
    {
        Assert.All(MetricCatalog.All.Where(m => m.Id != "contract.progress"), m => Assert.True(m.WholeNumber, m.Id));
        Assert.False(MetricCatalog.Find("contract.progress")!.WholeNumber);
    }

    [Fact]
    public void The_last_update_of_a_dataset_is_a_yearly_date_metric_from_1990_to_2100()
    {
        var m = MetricCatalog.Find("dataset.last-update")!;
        Assert.Equal(MetricValueKind.Date, m.Kind);
        Assert.Equal(SubjectKind.Dataset, m.Subject);
        Assert.Equal(new DateOnly(1990, 1, 1).DayNumber, m.Min);
        Assert.Equal(new DateOnly(2100, 12, 31).DayNumber, m.Max);
        Assert.Equal(365, m.FrequencyDays);
        Assert.Single(MetricCatalog.All, x => x.Kind == MetricValueKind.Date);
    }

    [Fact]
    public void Only_report_metrics_have_no_frequency()
    {
        Assert.All(MetricCatalog.All, m => Assert.Equal(m.Subject == SubjectKind.Report, m.FrequencyDays == 0));
        Assert.All(MetricCatalog.All.Where(m => m.Subject == SubjectKind.Report), m => Assert.StartsWith("report.", m.Id));
    }

    [Theory]
    [InlineData("province:10", SubjectKind.Province, "10")]
    [InlineData("eservice:e-complaint", SubjectKind.EService, "e-complaint")]
    [InlineData("agency:doae", SubjectKind.Agency, "doae")]
    [InlineData("dataset:doae-farmer-registry", SubjectKind.Dataset, "doae-farmer-registry")]
    [InlineData("contract:fy2565-informal", SubjectKind.Contract, "fy2565-informal")]
    [InlineData("report:mol-digital-2565", SubjectKind.Report, "mol-digital-2565")]
    [InlineData("dataset:a:b", SubjectKind.Dataset, "a:b")]
    public void A_subject_splits_into_its_kind_and_id(string subject, SubjectKind kind, string id)
    {
        Assert.True(MetricCatalog.TryParseSubject(subject, out var k, out var i));
        Assert.Equal((kind, id), (k, i));
        Assert.Equal(subject, $"{MetricCatalog.SubjectPrefix(kind)}:{id}");
    }

    [Theory]
    [InlineData("province:")]
    [InlineData(":10")]
    [InlineData("10")]
    [InlineData("Province:10")]
    [InlineData("office:10")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_subject(string? subject) => Assert.False(MetricCatalog.TryParseSubject(subject, out _, out _));

    [Theory]
    [InlineData(null, UsageFlag.NoData)]
    [InlineData(0.0, UsageFlag.ZeroUse)]
    [InlineData(1.0, UsageFlag.LowUse)]
    [InlineData(2.0, UsageFlag.LowUse)]
    [InlineData(3.0, UsageFlag.LowUse)]
    [InlineData(4.0, UsageFlag.None)]
    [InlineData(1000.0, UsageFlag.None)]
    public void E_service_use_is_flagged_at_zero_and_at_three_or_fewer(double? uses, UsageFlag flag) =>
        Assert.Equal(flag, UsageFlags.For(uses, new EServiceOptions()));

    [Fact]
    public void The_low_use_threshold_is_configurable()
    {
        Assert.Equal(3, new EServiceOptions().LowUseAtMost);
        Assert.Equal(UsageFlag.LowUse, UsageFlags.For(10, new EServiceOptions { LowUseAtMost = 10 }));
        Assert.Equal(UsageFlag.None, UsageFlags.For(11, new EServiceOptions { LowUseAtMost = 10 }));
        Assert.Equal(UsageFlag.ZeroUse, UsageFlags.For(0, new EServiceOptions { LowUseAtMost = 0 }));
        Assert.Equal(UsageFlag.None, UsageFlags.For(1, new EServiceOptions { LowUseAtMost = 0 }));
    }
}
