using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Domain.Monitoring;
using static Oversight.Domain.Tests.Monitoring.MonitoringKit;

namespace Oversight.Domain.Tests.Monitoring;

public sealed class SmallEntitiesTests
{
    private const string Source = "report:mol-digital-2565";
    private const string Registry = "doae-farmer-registry";
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static Actor ByName(string name) => name switch
    {
        "ilpo" => Ilpo,
        "ict" => Ict,
        "auditor" => Auditor,
        "executive" => Executive,
        "plo50" => Plo50,
        _ => Admin,
    };

    // ------------------------------------------------------------ agencies and datasets

    private static NewDataset Dataset(string id = Registry, string unit = "ไม่ทราบ", int interval = 1) =>
        new(id, new LocalizedText("ทะเบียนเกษตรกร", "Farmer registry"), true, unit, interval, Source);

    private static AgencyAggregate Agency(bool withDataset = true)
    {
        var a = new AgencyAggregate("doae");
        Commit(a, a.DecideRegister(Admin, new LocalizedText("กรมส่งเสริมการเกษตร", "Department of Agricultural Extension"), null, null, Source, false));
        if (withDataset)
        {
            Commit(a, a.DecideDataset(Admin, Dataset()));
        }
        return a;
    }

    private static readonly Dictionary<string, int> AllSix = new()
    {
        ["accuracy"] = 10, ["completeness"] = 20, ["consistency"] = 30, ["timeliness"] = 40, ["relevancy"] = 50, ["availability"] = 60,
    };

    [Fact]
    public void An_agency_belongs_to_the_ICT_Centre_and_only_an_administrator_registers_it()
    {
        var a = Agency(withDataset: false);
        Assert.Equal(["ICT"], a.Units);
        Assert.Equal((Source, false, (LinkageMode?)null, (LinkageStatus?)null), (a.State!.Source, a.State.Synthetic, a.State.Mode, a.State.Status));
        Refused(new AgencyAggregate("x").DecideRegister(Ict, new LocalizedText("ก", "A"), null, null, Source, false), ErrorKind.Forbidden);
        Refused(a.DecideRegister(Admin, new LocalizedText("ก", "A"), null, null, Source, false), ErrorKind.Invalid, "already-registered");
    }

    [Theory]
    [InlineData("ไม่ทราบ")]
    [InlineData("ปี")]
    [InlineData("ครึ่งปี")]
    [InlineData("ไตรมาส")]
    [InlineData("เดือน")]
    [InlineData("สัปดาห์")]
    [InlineData("วัน")]
    [InlineData("วันทำการ")]
    [InlineData("ชั่วโมง")]
    [InlineData("นาที")]
    [InlineData("ตามเวลาจริง")]
    [InlineData("ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล")]
    [InlineData("อื่นๆ")]
    public void A_dataset_is_registered_with_any_GD_Catalog_frequency_unit(string unit)
    {
        var a = Agency(withDataset: false);
        var decision = Commit(a, a.DecideDataset(Ict, Dataset("ds", unit, 2)));
        Assert.Equal("ds", decision.CreatedId);
        var dataset = Assert.Single(a.Info().Datasets);
        Assert.Equal(new DatasetInfo("ds", "doae", new LocalizedText("ทะเบียนเกษตรกร", "Farmer registry"), true, unit, 2, Source, false, []), dataset with { Scores = [] });
        Assert.Empty(dataset.Scores);
    }

    [Theory]
    [InlineData("monthly", 1)]
    [InlineData("Monthly", 1)]
    [InlineData("เดือน ", 1)]
    [InlineData("", 1)]
    [InlineData("เดือน", -1)]
    [InlineData("เดือน", 10_001)]
    public void An_unknown_GD_Catalog_frequency_unit_or_interval_is_refused(string unit, int interval)
    {
        var a = Agency(withDataset: false);
        var error = Refused(a.DecideDataset(Admin, Dataset("ds", unit, interval)), ErrorKind.Invalid, "unknown-frequency");
        Assert.Equal("frequencyUnit", error.Field);
        Assert.Contains("ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล", error.Detail);
        Assert.Empty(a.State!.Datasets);
    }

    [Fact]
    public void Dataset_registration_is_for_the_ICT_Centre_or_an_administrator_and_ids_are_unique()
    {
        var a = Agency();
        Refused(a.DecideDataset(Ilpo, Dataset("ds2")), ErrorKind.Forbidden);
        Refused(a.DecideDataset(Auditor, Dataset("ds2")), ErrorKind.Forbidden);
        Assert.Equal("id", Refused(a.DecideDataset(Ict, Dataset()), ErrorKind.Invalid, "dataset-exists").Field);
        Commit(a, a.DecideDataset(Ict, Dataset("ds2", "เดือน", 0)));
        Assert.Equal([Registry, "ds2"], a.State!.Datasets.Select(d => d.Id));
        Refused(new AgencyAggregate("missing").DecideDataset(Admin, Dataset()), ErrorKind.NotFound);
    }

    [Fact]
    public void The_linkage_is_changed_by_the_ICT_Centre_and_only_when_it_changes()
    {
        var a = Agency(withDataset: false);
        Refused(a.DecideLinkage(Ilpo, LinkageMode.DirectApi, LinkageStatus.ApiInProgress, 1), ErrorKind.Forbidden);
        Commit(a, a.DecideLinkage(Ict, LinkageMode.DirectApi, LinkageStatus.ApiInProgress, 1));
        Assert.Equal((LinkageMode.DirectApi, LinkageStatus.ApiInProgress), (a.State!.Mode!.Value, a.State.Status!.Value));
        Refused(a.DecideLinkage(Ict, LinkageMode.DirectApi, LinkageStatus.ApiInProgress, 2), ErrorKind.Invalid, "no-change");
        Refused(a.DecideLinkage(Ict, LinkageMode.DirectApi, LinkageStatus.Linked, 1), ErrorKind.Conflict);
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("ict")]
    [InlineData("admin")]
    public void An_auditor_an_ICT_officer_or_an_administrator_scores_all_six_dimensions(string actor)
    {
        var a = Agency();
        Commit(a, a.DecideScore(ByName(actor), Registry, AllSix, Today, 2, Today));
        var scores = a.State!.Datasets[0].Scores;
        Assert.Equal(QualityDimensions.All, scores.Select(s => s.Dimension));
        Assert.Equal([10, 20, 30, 40, 50, 60], scores.Select(s => s.Score));
        Assert.All(scores, s => Assert.Equal((ByName(actor).DisplayName, Today), (s.ScoredBy, s.ScoredOn)));
        Assert.Equal(6, a.History[^1].Changes.Count);
    }

    [Theory]
    [InlineData("ilpo")]
    [InlineData("plo50")]
    [InlineData("executive")]
    public void Nobody_else_scores_data_quality(string actor) =>
        Refused(Agency().DecideScore(ByName(actor), Registry, new Dictionary<string, int> { ["accuracy"] = 50 }, Today, 2, Today), ErrorKind.Forbidden);

    [Fact]
    public void The_six_dimensions_are_those_of_the_data_governance_framework() =>
        Assert.Equal(["accuracy", "completeness", "consistency", "timeliness", "relevancy", "availability"], QualityDimensions.All);

    [Theory]
    [InlineData("usability")]
    [InlineData("Accuracy")]
    [InlineData("accuracy ")]
    [InlineData("")]
    public void A_dimension_outside_the_six_is_refused(string dimension)
    {
        var error = Refused(Agency().DecideScore(Auditor, Registry, new Dictionary<string, int> { ["accuracy"] = 50, [dimension] = 50 }, Today, 2, Today),
            ErrorKind.Invalid, "unknown-dimension");
        Assert.Equal("scores", error.Field);
    }

    [Fact]
    public void No_scores_at_all_is_refused() =>
        Refused(Agency().DecideScore(Auditor, Registry, new Dictionary<string, int>(), Today, 2, Today), ErrorKind.Invalid, "unknown-dimension");

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(1000)]
    public void A_score_outside_0_to_100_is_refused(int score) =>
        Assert.Equal("scores", Refused(Agency().DecideScore(Auditor, Registry, new Dictionary<string, int> { ["timeliness"] = score }, Today, 2, Today),
            ErrorKind.Invalid, "invalid-score").Field);

    [Fact]
    public void Scores_of_0_and_100_are_accepted()
    {
        var a = Agency();
        Commit(a, a.DecideScore(Auditor, Registry, new Dictionary<string, int> { ["timeliness"] = 0, ["availability"] = 100 }, Today, 2, Today));
        Assert.Equal([("timeliness", 0), ("availability", 100)], a.State!.Datasets[0].Scores.Select(s => (s.Dimension, s.Score)));
    }

    [Fact]
    public void A_score_cannot_be_dated_in_the_future_or_be_for_an_unknown_dataset()
    {
        var a = Agency();
        var scores = new Dictionary<string, int> { ["accuracy"] = 50 };
        Assert.Equal("scoredOn", Refused(a.DecideScore(Auditor, Registry, scores, Today.AddDays(1), 2, Today), ErrorKind.Invalid, "date-in-future").Field);
        Refused(a.DecideScore(Auditor, "nope", scores, Today, 2, Today), ErrorKind.NotFound);
        Refused(a.DecideScore(Auditor, Registry, scores, Today, 1, Today), ErrorKind.Conflict);
    }

    [Fact]
    public void The_latest_score_of_each_dimension_is_kept()
    {
        var a = Agency();
        Commit(a, a.DecideScore(Auditor, Registry, new Dictionary<string, int> { ["completeness"] = 70, ["accuracy"] = 60 }, new DateOnly(2026, 10, 1), 2, Today));
        Commit(a, a.DecideScore(Ict, Registry, new Dictionary<string, int> { ["timeliness"] = 20, ["accuracy"] = 80 }, new DateOnly(2026, 11, 1), 3, Today));

        Assert.Equal(
        [
            new QualityScore("accuracy", 80, "ICT officer", new DateOnly(2026, 11, 1)),
            new QualityScore("completeness", 70, "Auditor", new DateOnly(2026, 10, 1)),
            new QualityScore("timeliness", 20, "ICT officer", new DateOnly(2026, 11, 1)),
        ], a.Info().Datasets[0].Scores);
        Assert.Contains(new FieldChange($"datasets[{Registry}].accuracy", "60", "80"), a.History[^1].Changes);
        Assert.Contains(new FieldChange($"datasets[{Registry}].timeliness", null, "20"), a.History[^1].Changes);
        Assert.Equal("dataset-scored", a.History[^1].Type);
    }

    // ------------------------------------------------------------ indicators

    private static IndicatorAggregate Indicator()
    {
        var i = new IndicatorAggregate(IndicatorCatalog.LbdaRegistration);
        Commit(i, i.DecideRegister(Admin, new LocalizedText("อัตราการลงทะเบียน", "Registration rate"), new LocalizedText("ร้อยละ", "%"), ["F1-R6"],
            new Figure(0, "FY2565", Source, new DateOnly(2022, 9, 30), Freshness.Fresh, false), ["ICT"]));
        return i;
    }

    [Fact]
    public void Only_an_administrator_registers_an_indicator_and_it_belongs_to_its_recommendations_units()
    {
        var i = Indicator();
        Assert.Equal(["ICT"], i.Units);
        Assert.Equal(["F1-R6"], i.State!.Recommendations);
        Refused(new IndicatorAggregate("x").DecideRegister(Auditor, new("ก", "A"), new("ก", "A"), [], null, []), ErrorKind.Forbidden);
        Refused(i.DecideRegister(Admin, new("ก", "A"), new("ก", "A"), [], null, []), ErrorKind.Invalid, "already-registered");
    }

    [Fact]
    public void An_auditor_sets_a_target_with_a_future_date_and_a_baseline()
    {
        var i = Indicator();
        Commit(i, i.DecideTarget(Auditor, 12.5, "FY2569", 80, new DateOnly(2027, 9, 30), 1, Today));
        var s = i.State!;
        Assert.Equal((80.0, new DateOnly(2027, 9, 30), "Auditor"), (s.Target!.Value, s.TargetDate!.Value, s.TargetSetBy!));
        Assert.Equal(new Figure(12.5, "FY2569", "set by Auditor", new DateOnly(2026, 11, 24), Freshness.Fresh, false), s.Baseline);
        Assert.Contains(new FieldChange("target", null, "80"), i.History[^1].Changes);
        Assert.Equal("indicator-target-set", i.History[^1].Type);

        // An administrator revises it; without a baseline the earlier one stays.
        Commit(i, i.DecideTarget(Admin, null, null, 90, new DateOnly(2028, 9, 30), 2, Today));
        Assert.Equal((90.0, "Admin"), (i.State!.Target!.Value, i.State.TargetSetBy!));
        Assert.Equal(12.5, i.State.Baseline!.Value);
        Assert.Contains(new FieldChange("target", "80", "90"), i.History[^1].Changes);
        Assert.Equal(90.0, i.Info().Target);
    }

    [Theory]
    [InlineData("ict")]
    [InlineData("ilpo")]
    [InlineData("executive")]
    public void Nobody_else_sets_a_target(string actor) =>
        Refused(Indicator().DecideTarget(ByName(actor), null, null, 80, new DateOnly(2027, 9, 30), 1, Today), ErrorKind.Forbidden);

    [Fact]
    public void A_target_date_must_be_in_the_future()
    {
        var i = Indicator();
        Assert.Equal("targetDate", Refused(i.DecideTarget(Auditor, null, null, 80, Today, 1, Today), ErrorKind.Invalid, "target-date-past").Field);
        Refused(i.DecideTarget(Auditor, null, null, 80, Today.AddDays(-1), 1, Today), ErrorKind.Invalid, "target-date-past");
        Commit(i, i.DecideTarget(Auditor, null, null, 80, Today.AddDays(1), 1, Today));
    }

    [Fact]
    public void A_target_and_baseline_are_finite_numbers_and_the_baseline_period_parses()
    {
        var i = Indicator();
        var date = new DateOnly(2027, 9, 30);
        Assert.Equal("target", Refused(i.DecideTarget(Auditor, null, null, double.NaN, date, 1, Today), ErrorKind.Invalid, "invalid-number").Field);
        Refused(i.DecideTarget(Auditor, null, null, double.PositiveInfinity, date, 1, Today), ErrorKind.Invalid, "invalid-number");
        Refused(i.DecideTarget(Auditor, double.NegativeInfinity, "FY2569", 80, date, 1, Today), ErrorKind.Invalid, "invalid-number");
        Refused(i.DecideTarget(Auditor, double.NaN, "FY2569", 80, date, 1, Today), ErrorKind.Invalid, "invalid-number");
        Assert.Equal("baselinePeriod", Refused(i.DecideTarget(Auditor, 1, "2026-13", 80, date, 1, Today), ErrorKind.Invalid, "invalid-period").Field);
        Refused(i.DecideTarget(Auditor, 1, "fy2569", 80, date, 1, Today), ErrorKind.Invalid, "invalid-period");
        Refused(i.DecideTarget(Auditor, 1, "FY2569", 80, date, 5, Today), ErrorKind.Conflict);
        Refused(new IndicatorAggregate("missing").DecideTarget(Auditor, null, null, 80, date, null, Today), ErrorKind.NotFound);
        Assert.Equal(1, i.Version);
    }

    // ------------------------------------------------------------ provincial offices

    private static OfficeAggregate Office()
    {
        var o = new OfficeAggregate("50");
        Commit(o, o.DecideRegister(Admin, new LocalizedText("สำนักงานแรงงานจังหวัดเชียงใหม่", "Chiang Mai Provincial Labour Office"), "North", "PLO-50"));
        return o;
    }

    [Fact]
    public void Only_an_administrator_registers_an_office_and_its_visit_is_not_known_at_first()
    {
        var o = Office();
        Assert.Equal(["PLO-50"], o.Units);
        Assert.Equal(("50", "North", "PLO-50", (bool?)null, (string?)null), (o.Info().Code, o.Info().Region, o.Info().Unit, o.Info().VisitedByAudit, o.Info().VisitSource));
        Refused(new OfficeAggregate("51").DecideRegister(Auditor, new("ก", "A"), "North", "PLO-51"), ErrorKind.Forbidden);
        Refused(o.DecideRegister(Admin, new("ก", "A"), "North", "PLO-50"), ErrorKind.Invalid, "already-registered");
    }

    [Fact]
    public void An_auditor_or_an_administrator_marks_the_audit_visit()
    {
        var o = Office();
        Commit(o, o.DecideVisit(Auditor, true, "กระดาษทำการ สตง."));
        Assert.Equal((true, "กระดาษทำการ สตง."), (o.Info().VisitedByAudit!.Value, o.Info().VisitSource!));
        Assert.Equal(new FieldChange("visitedByAudit", null, "True"), Assert.Single(o.History[^1].Changes));
        Assert.Equal("office-visit-marked", o.History[^1].Type);
        Refused(o.DecideVisit(Auditor, true, "again"), ErrorKind.Invalid, "no-change");

        Commit(o, o.DecideVisit(Admin, false, "correction"));
        Assert.Equal((false, "correction"), (o.State!.Visited!.Value, o.State.VisitSource!));
        Assert.Equal(new FieldChange("visitedByAudit", "True", "False"), Assert.Single(o.History[^1].Changes));
        Assert.Equal(3, o.Version);
    }

    [Theory]
    [InlineData("plo50")]
    [InlineData("ict")]
    [InlineData("executive")]
    public void Nobody_else_marks_the_visit(string actor) =>
        Refused(Office().DecideVisit(ByName(actor), true, "x"), ErrorKind.Forbidden);

    [Fact]
    public void A_visit_needs_a_source_and_an_office()
    {
        Assert.Equal("source", Refused(Office().DecideVisit(Auditor, true, " "), ErrorKind.Invalid, "required").Field);
        Refused(new OfficeAggregate("51").DecideVisit(Auditor, true, "x"), ErrorKind.NotFound);
    }

    // ------------------------------------------------------------ e-services

    [Fact]
    public void An_administrator_registers_an_e_service_for_a_known_unit()
    {
        var e = new EServiceAggregate("e-complaint");
        Refused(e.DecideRegister(Ict, new("ก", "A"), EServiceAudience.Citizen, "ICT", "demo", true, u => u == "ICT"), ErrorKind.Forbidden);
        Assert.Equal("unit", Refused(e.DecideRegister(Admin, new("ก", "A"), EServiceAudience.Citizen, "XYZ", "demo", true, u => u == "ICT"),
            ErrorKind.Invalid, "unknown-unit").Field);
        Commit(e, e.DecideRegister(Admin, new("ร้องทุกข์", "Complaints"), EServiceAudience.Citizen, "ICT", "synthetic:demo", true, u => u == "ICT"));
        Assert.True(e.Synthetic);
        Assert.Equal(["ICT"], e.Units);
        Assert.Equal((EServiceAudience.Citizen, "synthetic:demo", true), (e.Info().Audience, e.Info().Source, e.Info().Synthetic));
    }
}
