using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Domain.Monitoring;
using static Oversight.Domain.Tests.Monitoring.MonitoringKit;

namespace Oversight.Domain.Tests.Monitoring;

public sealed class ContractAggregateTests
{
    private const string Source = "report:mol-digital-2565";
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly DateOnly Signed = new(2026, 1, 15);
    private static readonly DateOnly PlannedM1 = new(2026, 6, 30);
    private static readonly DateOnly PlannedM2 = new(2026, 12, 31);
    private static readonly LocalizedText Title = new("ระบบสารสนเทศแรงงานนอกระบบ", "Informal-labour information system");
    private static readonly LocalizedText Act = new("ร่างพระราชบัญญัติส่งเสริมและคุ้มครองแรงงานอิสระยังไม่มีผลใช้บังคับ", "The draft Act is not yet in force");
    private static readonly LocalizedText Cabinet = new("ยังไม่มีมติคณะรัฐมนตรีเห็นชอบให้เปิดลงทะเบียน", "No cabinet resolution yet");

    private static bool UnitExists(string unit) => unit is "ILPO" or "ICT";

    private static NewMilestone M(string id, decimal? instalment, DateOnly? planned, DateOnly? delivered = null, bool reportedLate = false) =>
        new(id, new LocalizedText("งวดงาน", $"Instalment {id}"), instalment, planned, delivered, reportedLate);

    private static RegisterContract Contract(decimal? value, FineRuleView? rule, params NewMilestone[] milestones) =>
        new(Title, "ILPO", "Example Co., Ltd.", value, Signed, ["mol-digital-2565.F2-R2"], rule ?? new FineRuleView(0.10m, 100m), milestones, Source);

    /// <summary>10 million baht; m1 (2 million) due 30 Jun 2026, m2 (3 million) due 31 Dec 2026; 0.10 % a day, 100-baht floor.</summary>
    private static RegisterContract TwoMilestones() => Contract(10_000_000m, null, M("m1", 2_000_000m, PlannedM1), M("m2", 3_000_000m, PlannedM2));

    /// <summary>The FY2565 informal-labour contract as the report gives it: no value, no dates, development late, two blockers.</summary>
    private static RegisterContract AsTheReportGivesIt() => new(Title, "ILPO", null, null, null, ["mol-digital-2565.F2-R2"], new FineRuleView(0.10m, 100m),
        [M("development", null, null, reportedLate: true), M("registration", null, null)], Source,
        new LocalizedText("พัฒนาระบบแล้วเสร็จแต่ล่าช้ากว่าสัญญา", "Development complete, later than the contract allowed"),
        [new NewBlocker(Act, null, "ILPO"), new NewBlocker(Cabinet, null, "ILPO")]);

    private static ContractAggregate Registered(RegisterContract contract)
    {
        var aggregate = new ContractAggregate("fy2565-informal");
        Commit(aggregate, aggregate.DecideRegister(Admin, contract, UnitExists));
        return aggregate;
    }

    private static ContractView View(ContractAggregate a, DateOnly today) => ContractViews.ToView(a.State!, a.Version, a.UpdatedAt, today);

    private static Figure Computed(double? value, DateOnly today, bool synthetic = false, LocalizedText? note = null) =>
        new(value, null, "computed", today, value is null ? Freshness.Unknown : Freshness.Fresh, synthetic, note);

    // ------------------------------------------------------------ registration

    [Fact]
    public void An_administrator_registers_a_contract_with_its_facts_and_one_history_entry()
    {
        var a = Registered(TwoMilestones());
        Assert.Equal(1, a.Version);
        Assert.Equal(["ILPO"], a.Units);
        Assert.False(a.Synthetic);
        var s = a.State!;
        Assert.Equal((Title, "ILPO", (decimal?)10_000_000m, (DateOnly?)Signed, Source), (s.Title, s.Unit, s.Value, s.SignedOn, s.Source));
        Assert.Equal(new FineRuleView(0.10m, 100m), s.Rule);
        Assert.Equal(["m1", "m2"], s.Milestones.Select(m => m.Id));
        Assert.Equal(new MilestoneData("m1", new LocalizedText("งวดงาน", "Instalment m1"), 2_000_000m, PlannedM1, PlannedM1, null), s.Milestones[0]);
        var entry = Assert.Single(a.History);
        Assert.Equal("contract-registered", entry.Type);
        Assert.Equal("admin", entry.Actor.Username);
        Assert.Contains(new FieldChange("value", null, "10000000"), entry.Changes);
        Assert.Contains(new FieldChange("milestones", null, "m1, m2"), entry.Changes);
        Assert.Contains(new FieldChange("unit", null, "ILPO"), entry.Changes);

        Refused(a.DecideRegister(Admin, TwoMilestones(), UnitExists), ErrorKind.Invalid, "already-registered");
    }

    public static TheoryData<string> NotAdmins => ["ilpo", "ict", "auditor", "executive"];

    private static Actor ByName(string name) => name switch
    {
        "ilpo" => Ilpo,
        "ict" => Ict,
        "auditor" => Auditor,
        "executive" => Executive,
        "plo50" => Plo50,
        _ => Admin,
    };

    [Theory]
    [MemberData(nameof(NotAdmins))]
    public void Only_an_administrator_registers_a_contract(string actor)
    {
        var a = new ContractAggregate("c");
        Refused(a.DecideRegister(ByName(actor), TwoMilestones(), UnitExists), ErrorKind.Forbidden);
        Assert.False(a.Exists);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("ilpo")]
    [InlineData("")]
    public void An_unknown_unit_is_refused(string unit)
    {
        var error = Refused(new ContractAggregate("c").DecideRegister(Admin, TwoMilestones() with { Unit = unit }, UnitExists), ErrorKind.Invalid, "unknown-unit");
        Assert.Equal("unit", error.Field);
    }

    [Theory]
    [InlineData("0.25", "100")]
    [InlineData("0.005", "100")]
    [InlineData("0", "100")]
    [InlineData("0.10", "-1")]
    public void A_fine_rule_outside_the_regulation_is_refused(string rate, string floor)
    {
        var rule = new FineRuleView(decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(floor, System.Globalization.CultureInfo.InvariantCulture));
        var error = Refused(new ContractAggregate("c").DecideRegister(Admin, TwoMilestones() with { FineRule = rule }, UnitExists), ErrorKind.Invalid, "invalid-fine-rule");
        Assert.Equal("fineRule", error.Field);
    }

    [Fact]
    public void Other_valid_fine_rules_are_kept_per_contract()
    {
        var a = Registered(TwoMilestones() with { FineRule = new FineRuleView(0.20m, 500m) });
        Assert.Equal(new FineRuleView(0.20m, 500m), View(a, Today).FineRule);
        // m1 is 147 days late on 24 Nov 2026 at 0.20 % of 2,000,000 = 4,000 a day.
        Assert.Equal(588_000, View(a, Today).Milestones[0].FineAccrued.Value);
    }

    [Fact]
    public void Duplicate_or_malformed_milestone_ids_are_refused()
    {
        var duplicate = Contract(1_000_000m, null, M("m1", 1m, PlannedM1), M("m1", 2m, PlannedM2));
        Assert.Equal("milestones", Refused(new ContractAggregate("c").DecideRegister(Admin, duplicate, UnitExists), ErrorKind.Invalid, "invalid-milestones").Field);
        Refused(new ContractAggregate("c").DecideRegister(Admin, Contract(1m, null, M("m 1", 1m, PlannedM1)), UnitExists), ErrorKind.Invalid, "invalid-milestones");
        Refused(new ContractAggregate("c").DecideRegister(Admin, Contract(1m, null, M("", 1m, PlannedM1)), UnitExists), ErrorKind.Invalid, "invalid-milestones");
    }

    [Fact]
    public void Negative_amounts_and_a_blank_title_are_refused()
    {
        Assert.Equal("value", Refused(new ContractAggregate("c").DecideRegister(Admin, TwoMilestones() with { Value = -1m }, UnitExists), ErrorKind.Invalid, "invalid-value").Field);
        var negativeInstalment = Contract(1_000_000m, null, M("m1", -5m, PlannedM1));
        Assert.Equal("milestones", Refused(new ContractAggregate("c").DecideRegister(Admin, negativeInstalment, UnitExists), ErrorKind.Invalid, "invalid-value").Field);
        Assert.Equal("title.th", Refused(new ContractAggregate("c").DecideRegister(Admin, TwoMilestones() with { Title = new LocalizedText("  ", "x") }, UnitExists),
            ErrorKind.Invalid, "required").Field);
    }

    // ------------------------------------------------------------ delivery

    [Fact]
    public void An_officer_of_the_contracts_unit_records_a_late_delivery_and_the_fine_stops_accruing()
    {
        var a = Registered(TwoMilestones());
        Commit(a, a.DecideDeliver(Ilpo, "m1", new DateOnly(2026, 7, 10), "ส่งมอบแล้ว", 1, Today));
        Assert.Equal(new DateOnly(2026, 7, 10), a.State!.Milestones[0].Delivered);
        var entry = a.History[^1];
        Assert.Equal("milestone-delivered", entry.Type);
        Assert.Equal("ส่งมอบแล้ว", entry.Note);
        Assert.Equal(new FieldChange("milestones[m1].deliveredOn", null, "2026-07-10"), Assert.Single(entry.Changes));

        foreach (var day in new[] { new DateOnly(2026, 7, 10), Today, new DateOnly(2027, 3, 1) })
        {
            var m1 = View(a, day).Milestones[0];
            Assert.Equal(MilestoneState.DeliveredLate, m1.State);
            Assert.Equal(10, m1.DaysLate.Value);
            Assert.Equal(20_000, m1.FineAccrued.Value);
        }
        Refused(a.DecideDeliver(Ilpo, "m1", new DateOnly(2026, 7, 11), null, 2, Today), ErrorKind.Invalid, "already-delivered");
    }

    [Fact]
    public void An_administrator_records_an_on_time_delivery_with_no_fine()
    {
        var a = Registered(TwoMilestones());
        Commit(a, a.DecideDeliver(Admin, "m2", Today, null, null, Today));
        var m2 = View(a, new DateOnly(2027, 6, 1)).Milestones[1];
        Assert.Equal(MilestoneState.Delivered, m2.State);
        Assert.Equal(Computed(0, new DateOnly(2027, 6, 1)), m2.DaysLate);
        Assert.Equal(Computed(0, new DateOnly(2027, 6, 1)), m2.FineAccrued);
        Assert.Null(a.History[^1].Note);
    }

    [Theory]
    [InlineData("ict")]
    [InlineData("plo50")]
    [InlineData("auditor")]
    [InlineData("executive")]
    public void Nobody_else_records_a_delivery(string actor)
    {
        var a = Registered(TwoMilestones());
        Refused(a.DecideDeliver(ByName(actor), "m1", new DateOnly(2026, 7, 10), null, null, Today), ErrorKind.Forbidden);
    }

    [Fact]
    public void A_delivery_cannot_be_in_the_future_before_signing_or_of_an_unknown_milestone()
    {
        var a = Registered(TwoMilestones());
        Assert.Equal("deliveredOn", Refused(a.DecideDeliver(Ilpo, "m1", Today.AddDays(1), null, null, Today), ErrorKind.Invalid, "date-in-future").Field);
        Assert.Equal("deliveredOn", Refused(a.DecideDeliver(Ilpo, "m1", Signed.AddDays(-1), null, null, Today), ErrorKind.Invalid, "before-signing").Field);
        Refused(a.DecideDeliver(Ilpo, "m9", Today, null, null, Today), ErrorKind.NotFound);
        var conflict = Refused(a.DecideDeliver(Ilpo, "m1", Today, null, 7, Today), ErrorKind.Conflict);
        Assert.Equal(1, conflict.CurrentVersion);
        Refused(new ContractAggregate("missing").DecideDeliver(Admin, "m1", Today, null, null, Today), ErrorKind.NotFound);
        // Signing day itself is fine.
        Commit(a, a.DecideDeliver(Ilpo, "m1", Signed, null, 1, Today));
    }

    [Fact]
    public void An_undelivered_milestone_accrues_a_fine_until_today()
    {
        var a = Registered(TwoMilestones());
        var view = View(a, new DateOnly(2026, 7, 31));
        var m1 = view.Milestones[0];
        Assert.Equal(MilestoneState.Late, m1.State);
        Assert.Equal(Computed(31, new DateOnly(2026, 7, 31)), m1.DaysLate);
        Assert.Equal(Computed(62_000, new DateOnly(2026, 7, 31)), m1.FineAccrued);
        Assert.Equal(MilestoneState.Pending, view.Milestones[1].State);
        Assert.Equal(0, view.Milestones[1].DaysLate.Value);
        Assert.Equal(Computed(62_000, new DateOnly(2026, 7, 31)), view.FinesAccrued);
        Assert.Equal(Computed(0.62, new DateOnly(2026, 7, 31)), view.FinesShareOfValue);
        Assert.Equal(Computed(31, new DateOnly(2026, 7, 31)), view.MaxDaysLate);
        Assert.Equal((62_000m, false), ContractAggregate.Fines(a.State!, new DateOnly(2026, 7, 31)));
    }

    [Fact]
    public void Real_values_are_shown_with_the_contracts_source()
    {
        var a = Registered(TwoMilestones());
        var view = View(a, Today);
        Assert.Equal(new Figure(10_000_000, null, Source, new DateOnly(2026, 11, 24), Freshness.Fresh, false), view.Value);
        Assert.Equal(new Figure(2_000_000, null, Source, new DateOnly(2026, 11, 24), Freshness.Fresh, false), view.Milestones[0].InstalmentValue);
        Assert.Equal(Source, view.Source);
        Assert.Equal(Signed, view.SignedOn);
        Assert.Equal(1, view.Version);
    }

    // ------------------------------------------------------------ extensions

    [Fact]
    public void An_extension_moves_the_date_forward_and_the_days_it_covers_accrue_no_fine()
    {
        var a = Registered(TwoMilestones());
        var day = new DateOnly(2026, 7, 31);
        var before = View(a, day).Milestones[0];
        Assert.Equal((31.0, 62_000.0), (before.DaysLate.Value!.Value, before.FineAccrued.Value!.Value));

        var decision = Commit(a, a.DecideExtend(Ilpo, "m1", new DateOnly(2026, 7, 15), "รอผลการทดสอบระบบ", "ปลัดกระทรวงแรงงาน", 1));
        Assert.Equal("ext-1", decision.CreatedId);
        var after = View(a, day);
        var m1 = after.Milestones[0];
        Assert.Equal(PlannedM1, m1.PlannedDate);
        Assert.Equal(new DateOnly(2026, 7, 15), m1.CurrentPlannedDate);
        Assert.Equal(MilestoneState.Late, m1.State);
        Assert.Equal(Computed(16, day), m1.DaysLate);
        Assert.Equal(Computed(32_000, day), m1.FineAccrued);
        Assert.Equal(Computed(32_000, day), after.FinesAccrued);
        Assert.Equal(Computed(16, day), after.MaxDaysLate);
        var extension = Assert.Single(after.Extensions);
        Assert.Equal(new ContractExtensionView("ext-1", "m1", PlannedM1, PlannedM1, new DateOnly(2026, 7, 15), "รอผลการทดสอบระบบ", "ปลัดกระทรวงแรงงาน",
            T0.AddMinutes(1), "ILPO officer"), extension);
        Assert.Equal(new FieldChange("milestones[m1].currentPlannedDate", "2026-06-30", "2026-07-15"), Assert.Single(a.History[^1].Changes));
        Assert.Equal("milestone-extended", a.History[^1].Type);

        // A second extension past the day: not late at all, and it records the date it moved from.
        Assert.Equal("ext-2", Commit(a, a.DecideExtend(Admin, "m1", new DateOnly(2026, 8, 15), "เหตุสุดวิสัย", "ปลัดกระทรวงแรงงาน", 2)).CreatedId);
        var pending = View(a, day);
        Assert.Equal(MilestoneState.Pending, pending.Milestones[0].State);
        Assert.Equal((0.0, 0.0), (pending.Milestones[0].DaysLate.Value!.Value, pending.Milestones[0].FineAccrued.Value!.Value));
        Assert.Equal(Computed(0, day), pending.FinesAccrued);
        Assert.Equal((PlannedM1, new DateOnly(2026, 7, 15), new DateOnly(2026, 8, 15)),
            (pending.Extensions[1].OriginalDate!.Value, pending.Extensions[1].PreviousDate!.Value, pending.Extensions[1].NewDate));

        // Delivered five days after the extended date: five days' fine, not 51.
        Commit(a, a.DecideDeliver(Ilpo, "m1", new DateOnly(2026, 8, 20), null, 3, new DateOnly(2026, 8, 20)));
        var delivered = View(a, Today).Milestones[0];
        Assert.Equal(MilestoneState.DeliveredLate, delivered.State);
        Assert.Equal((5.0, 10_000.0), (delivered.DaysLate.Value!.Value, delivered.FineAccrued.Value!.Value));
    }

    [Fact]
    public void An_extension_must_move_the_date_forward()
    {
        var a = Registered(TwoMilestones());
        Assert.Equal("newDate", Refused(a.DecideExtend(Ilpo, "m1", PlannedM1, "g", "approver", 1), ErrorKind.Invalid, "not-an-extension").Field);
        Refused(a.DecideExtend(Ilpo, "m1", PlannedM1.AddDays(-1), "g", "approver", 1), ErrorKind.Invalid, "not-an-extension");
        Commit(a, a.DecideExtend(Ilpo, "m1", PlannedM1.AddDays(10), "g", "approver", 1));
        Refused(a.DecideExtend(Ilpo, "m1", PlannedM1.AddDays(5), "g", "approver", 2), ErrorKind.Invalid, "not-an-extension");
        Refused(a.DecideExtend(Ilpo, "m1", PlannedM1.AddDays(10), "g", "approver", 2), ErrorKind.Invalid, "not-an-extension");
    }

    [Fact]
    public void An_extension_needs_grounds_an_approver_a_writer_and_an_undelivered_milestone()
    {
        var a = Registered(TwoMilestones());
        Assert.Equal("grounds", Refused(a.DecideExtend(Ilpo, "m1", PlannedM1.AddDays(10), " ", "approver", 1), ErrorKind.Invalid, "required").Field);
        Assert.Equal("approvedBy", Refused(a.DecideExtend(Ilpo, "m1", PlannedM1.AddDays(10), "g", "", 1), ErrorKind.Invalid, "required").Field);
        Refused(a.DecideExtend(Ict, "m1", PlannedM1.AddDays(10), "g", "approver", 1), ErrorKind.Forbidden);
        Refused(a.DecideExtend(Auditor, "m1", PlannedM1.AddDays(10), "g", "approver", 1), ErrorKind.Forbidden);
        Refused(a.DecideExtend(Ilpo, "m9", PlannedM1.AddDays(10), "g", "approver", 1), ErrorKind.NotFound);
        Refused(a.DecideExtend(Ilpo, "m1", PlannedM1.AddDays(10), "g", "approver", 3), ErrorKind.Conflict);
        Commit(a, a.DecideDeliver(Ilpo, "m1", new DateOnly(2026, 7, 1), null, 1, Today));
        Refused(a.DecideExtend(Ilpo, "m1", PlannedM1.AddDays(10), "g", "approver", 2), ErrorKind.Invalid, "already-delivered");
    }

    [Fact]
    public void A_milestone_the_source_reports_delivered_is_not_extended()
    {
        var a = Registered(AsTheReportGivesIt());
        Refused(a.DecideExtend(Ilpo, "development", new DateOnly(2027, 1, 31), "g", "approver", 1), ErrorKind.Invalid, "already-delivered");
    }

    // ------------------------------------------------------------ what the report gives, and demo values

    [Fact]
    public void A_milestone_reported_delivered_late_without_dates_is_delivered_late_with_days_not_given()
    {
        var a = Registered(AsTheReportGivesIt());
        var view = View(a, Today);

        Assert.Equal(Figure.NotGiven(Source), view.Value);
        Assert.Equal(new LocalizedText("รายงานต้นทางไม่ได้ระบุ", "not given in the source"), view.Value.Note);
        Assert.Null(view.SignedOn);

        var development = view.Milestones[0];
        Assert.Equal(MilestoneState.DeliveredLate, development.State);
        Assert.Equal(Figure.NotGiven(Source, ContractViews.LateAccordingToSource), development.DaysLate);
        Assert.Equal(Computed(null, Today, note: MonitoringText.NotGivenInSource), development.FineAccrued);
        Assert.Equal(Figure.NotGiven(Source), development.InstalmentValue);
        Assert.Equal(Figure.NotGiven(Source), development.Dates);
        Assert.Null(development.CurrentPlannedDate);

        var registration = view.Milestones[1];
        Assert.Equal(MilestoneState.Undated, registration.State);
        Assert.Equal(Figure.NotGiven(Source), registration.DaysLate);

        Assert.Equal(Figure.NotGiven(Source), view.FinesAccrued);
        Assert.Equal(Figure.NotGiven(Source, ContractViews.LateAccordingToSource), view.MaxDaysLate);
        Assert.Equal(Computed(null, Today, note: MonitoringText.NotGivenInSource), view.FinesShareOfValue);
        Assert.False(a.Synthetic);
        Assert.Equal((0m, false), ContractAggregate.Fines(a.State!, Today));

        Refused(a.DecideDeliver(Ilpo, "development", new DateOnly(2022, 11, 14), null, 1, Today), ErrorKind.Invalid, "already-delivered");
        Refused(a.DecideTerminationReview(Today), ErrorKind.Invalid, "below-line");
    }

    [Fact]
    public void Demo_values_are_set_by_the_system_once_and_shown_as_synthetic_beside_what_the_source_does_not_give()
    {
        var a = Registered(AsTheReportGivesIt());
        var values = new SyntheticContractValues(9_800_000m, new DateOnly(2022, 1, 14),
            [("development", 6_860_000m, new DateOnly(2022, 9, 30), new DateOnly(2022, 11, 14)), ("no-such-milestone", 1m, new DateOnly(2022, 1, 1), null)]);
        Refused(a.DecideSyntheticValues(Admin, values), ErrorKind.Forbidden);
        Refused(new ContractAggregate("missing").DecideSyntheticValues(Actor.System, values), ErrorKind.NotFound);

        Commit(a, a.DecideSyntheticValues(Actor.System, values));
        Assert.True(a.Synthetic);
        Assert.Equal(["development"], a.State!.Demo!.Milestones.Select(m => m.MilestoneId));
        Assert.Equal("system", a.History[^1].Actor.Username);
        Assert.Contains("Synthetic", a.History[^1].Note);
        Refused(a.DecideSyntheticValues(Actor.System, values), ErrorKind.Invalid, "already-set");

        var view = View(a, Today);
        Assert.Equal(new Figure(9_800_000, null, "synthetic:demo", new DateOnly(2026, 11, 24), Freshness.Fresh, true, ContractViews.DemoValue), view.Value);
        Assert.Null(view.SignedOn);   // the real date stays not given

        var development = view.Milestones[0];
        Assert.Equal(new Figure(6_860_000, null, "synthetic:demo", new DateOnly(2026, 11, 24), Freshness.Fresh, true, ContractViews.DemoValue), development.InstalmentValue);
        Assert.Equal((new DateOnly(2022, 9, 30), new DateOnly(2022, 9, 30), new DateOnly(2022, 11, 14)),
            (development.PlannedDate!.Value, development.CurrentPlannedDate!.Value, development.DeliveredOn!.Value));
        Assert.Equal(MilestoneState.DeliveredLate, development.State);
        // 30 Sep → 14 Nov 2022: 45 days at 0.10 % of 6,860,000 = 6,860 a day.
        Assert.Equal(Computed(45, Today, synthetic: true), development.DaysLate);
        Assert.Equal(Computed(308_700, Today, synthetic: true), development.FineAccrued);
        Assert.Equal(new Figure(null, null, "synthetic:demo", new DateOnly(2026, 11, 24), Freshness.Fresh, true, ContractViews.DemoValue), development.Dates);

        // The milestone without demo values stays not given.
        Assert.Equal(MilestoneState.Undated, view.Milestones[1].State);
        Assert.Equal(Figure.NotGiven(Source), view.Milestones[1].InstalmentValue);

        Assert.Equal(Computed(308_700, Today, synthetic: true), view.FinesAccrued);
        Assert.Equal(Computed(3.15, Today, synthetic: true), view.FinesShareOfValue);
        Assert.Equal(Computed(45, Today, synthetic: true), view.MaxDaysLate);
        Assert.Equal((308_700m, true), ContractAggregate.Fines(a.State!, Today));
        Refused(a.DecideTerminationReview(Today), ErrorKind.Invalid, "below-line");
    }

    [Fact]
    public void Demo_values_never_replace_real_ones()
    {
        var a = Registered(Contract(1_000_000m, null, M("m1", 500_000m, PlannedM1)));
        Commit(a, a.DecideSyntheticValues(Actor.System, new SyntheticContractValues(9_999m, new DateOnly(2020, 1, 1), [("m1", 1m, new DateOnly(2020, 1, 1), null)])));
        var day = new DateOnly(2026, 7, 10);
        var view = View(a, day);
        Assert.Equal(new Figure(1_000_000, null, Source, new DateOnly(2026, 11, 24), Freshness.Fresh, false), view.Value);
        var m1 = view.Milestones[0];
        Assert.Equal(new Figure(500_000, null, Source, new DateOnly(2026, 11, 24), Freshness.Fresh, false), m1.InstalmentValue);
        Assert.Equal(PlannedM1, m1.CurrentPlannedDate);
        // 10 days at 0.10 % of 500,000 = 500 a day.
        Assert.Equal(Computed(10, day), m1.DaysLate);
        Assert.Equal(Computed(5_000, day), m1.FineAccrued);
        Assert.Equal(Computed(5_000, day), view.FinesAccrued);
        Assert.Equal(Computed(0.5, day), view.FinesShareOfValue);
    }

    [Fact]
    public void A_late_milestone_without_an_instalment_value_has_days_but_no_computable_fine()
    {
        var a = Registered(Contract(1_000_000m, null, M("m1", null, new DateOnly(2026, 1, 31))));
        var view = View(a, Today);
        var m1 = view.Milestones[0];
        Assert.Equal(MilestoneState.Late, m1.State);
        Assert.Equal(Computed(297, Today), m1.DaysLate);
        Assert.Equal(Computed(null, Today, note: ContractViews.NotComputable), m1.FineAccrued);
        Assert.Equal(Computed(null, Today, note: ContractViews.NotComputable), view.FinesAccrued);
        Assert.Equal(Computed(null, Today, note: ContractViews.NotComputable), view.FinesShareOfValue);
        Assert.Equal(Computed(297, Today), view.MaxDaysLate);
        Assert.Equal(((decimal?)null, false), ContractAggregate.Fines(a.State!, Today));
        Refused(a.DecideTerminationReview(Today), ErrorKind.Invalid, "below-line");
    }

    // ------------------------------------------------------------ the 10 % line

    [Fact]
    public void The_contract_is_flagged_for_termination_review_once_fines_pass_ten_percent_of_its_value()
    {
        // 1,000,000 baht, one instalment of 1,000,000 due 31 Jan 2026: 1,000 baht a day.
        var a = Registered(Contract(1_000_000m, null, M("m1", 1_000_000m, new DateOnly(2026, 1, 31))));
        var atTheLine = new DateOnly(2026, 5, 11);   // 100 days: 100,000 = exactly 10 %
        Assert.Equal((100_000m, false), ContractAggregate.Fines(a.State!, atTheLine));
        Assert.Equal(10.0, View(a, atTheLine).FinesShareOfValue.Value);
        Refused(a.DecideTerminationReview(atTheLine), ErrorKind.Invalid, "below-line");
        Refused(a.DecideTerminationReview(atTheLine.AddDays(-1)), ErrorKind.Invalid, "below-line");

        var past = new DateOnly(2026, 5, 12);         // 101 days: 101,000
        var decision = a.DecideTerminationReview(past);
        Assert.Equal(new TerminationReviewFlagged(past, 101_000m, 1_000_000m, false), decision.Event!.Data);
        Assert.Equal("system", decision.Event.Actor.Username);
        Commit(a, decision);
        Assert.Equal(past, a.State!.TerminationFlaggedOn);
        Assert.Equal("termination-review-flagged", a.History[^1].Type);
        Assert.Equal(new FieldChange("terminationReview", null, "2026-05-12"), Assert.Single(a.History[^1].Changes));
        Assert.Contains("183", a.History[^1].Note);

        var view = View(a, past);
        Assert.Equal(past, view.TerminationReviewFlaggedOn);
        Assert.Equal(Computed(10.1, past), view.FinesShareOfValue);
        Assert.Equal(Computed(101_000, past), view.FinesAccrued);

        Refused(a.DecideTerminationReview(past.AddDays(1)), ErrorKind.Invalid, "already-flagged");
        Refused(a.DecideTerminationReview(Today), ErrorKind.Invalid, "already-flagged");
        Assert.Equal(1, a.History.Count(h => h.Type == "termination-review-flagged"));
    }

    [Fact]
    public void A_contract_that_does_not_exist_is_not_checked() =>
        Refused(new ContractAggregate("missing").DecideTerminationReview(Today), ErrorKind.NotFound);

    [Fact]
    public void Fines_share_of_value_sums_every_milestone()
    {
        // m1: 147 days × 2,000 = 294,000; m2 not due. 294,000 / 10,000,000 = 2.94 %.
        var a = Registered(TwoMilestones());
        var view = View(a, Today);
        Assert.Equal(Computed(294_000, Today), view.FinesAccrued);
        Assert.Equal(Computed(2.94, Today), view.FinesShareOfValue);
        // m2 late too by 10 Jan 2027: m1 194 days × 2,000 + m2 10 days × 3,000 = 418,000 = 4.18 %.
        var later = View(a, new DateOnly(2027, 1, 10));
        Assert.Equal(418_000, later.FinesAccrued.Value);
        Assert.Equal(4.18, later.FinesShareOfValue.Value);
        Assert.Equal(194, later.MaxDaysLate.Value);
    }

    // ------------------------------------------------------------ blockers

    [Fact]
    public void Blockers_from_the_source_are_registered_open()
    {
        var view = View(Registered(AsTheReportGivesIt()), Today);
        Assert.Equal(
            [new BlockerView("blk-1", Act, null, "ILPO", null, null, Source), new BlockerView("blk-2", Cabinet, null, "ILPO", null, null, Source)],
            view.Blockers);
        Assert.All(view.Blockers, b => Assert.True(b.Open));
    }

    [Fact]
    public void A_blocker_is_raised_and_cleared_by_a_writer_on_past_dates()
    {
        var a = Registered(AsTheReportGivesIt());
        var reason = new LocalizedText("รอความเห็นสำนักงานคณะกรรมการกฤษฎีกา", "");
        Assert.Equal("since", Refused(a.DecideRaiseBlocker(Ilpo, reason, Today.AddDays(1), "ILPO", 1, Today), ErrorKind.Invalid, "date-in-future").Field);
        Refused(a.DecideRaiseBlocker(Ict, reason, Today, "ILPO", 1, Today), ErrorKind.Forbidden);
        Refused(a.DecideRaiseBlocker(Auditor, reason, Today, "ILPO", 1, Today), ErrorKind.Forbidden);

        var raised = Commit(a, a.DecideRaiseBlocker(Ilpo, reason, new DateOnly(2026, 10, 1), "ILPO", 1, Today));
        Assert.Equal("blk-3", raised.CreatedId);
        var blocker = a.State!.Blockers[2];
        Assert.Equal(new BlockerData("blk-3", new LocalizedText(reason.Th, reason.Th), new DateOnly(2026, 10, 1), "ILPO", null, null, "user"), blocker);

        Assert.Equal("clearedOn", Refused(a.DecideClearBlocker(Ilpo, "blk-3", new DateOnly(2026, 9, 30), "ได้รับความเห็นแล้ว", 2, Today),
            ErrorKind.Invalid, "before-blocker").Field);
        Assert.Equal("clearedOn", Refused(a.DecideClearBlocker(Ilpo, "blk-3", Today.AddDays(1), "ได้รับความเห็นแล้ว", 2, Today),
            ErrorKind.Invalid, "date-in-future").Field);
        Refused(a.DecideClearBlocker(Ilpo, "blk-9", Today, "x", 2, Today), ErrorKind.NotFound);
        Refused(a.DecideClearBlocker(Ict, "blk-3", Today, "x", 2, Today), ErrorKind.Forbidden);
        Assert.Equal("note", Refused(a.DecideClearBlocker(Ilpo, "blk-3", Today, " ", 2, Today), ErrorKind.Invalid, "required").Field);

        Commit(a, a.DecideClearBlocker(Ilpo, "blk-3", new DateOnly(2026, 11, 1), "ได้รับความเห็นแล้ว", 2, Today));
        Assert.Equal(new DateOnly(2026, 11, 1), a.State!.Blockers[2].ClearedOn);
        Assert.False(View(a, Today).Blockers[2].Open);
        Assert.True(View(a, Today).Blockers[0].Open);
        Assert.Equal("ได้รับความเห็นแล้ว", a.History[^1].Note);
        Assert.Equal(new FieldChange("blockers[blk-3].clearedOn", null, "2026-11-01"), Assert.Single(a.History[^1].Changes));
        Refused(a.DecideClearBlocker(Ilpo, "blk-3", Today, "again", 3, Today), ErrorKind.Invalid, "already-cleared");

        // A blocker from the source has no date: it may be cleared on any past day, the day it is raised included.
        Commit(a, a.DecideClearBlocker(Admin, "blk-1", new DateOnly(2024, 1, 1), "พ.ร.บ. มีผลใช้บังคับ", 3, Today));
        Commit(a, a.DecideRaiseBlocker(Admin, reason, Today, "ILPO", 4, Today));
        Commit(a, a.DecideClearBlocker(Admin, "blk-4", Today, "same day", 5, Today));
        Assert.Equal(Today, a.State!.Blockers[3].ClearedOn);
    }

    [Fact]
    public void A_cleared_blocker_keeps_its_note()
    {
        var a = Registered(AsTheReportGivesIt());
        Commit(a, a.DecideClearBlocker(Ilpo, "blk-1", new DateOnly(2026, 11, 1), "พ.ร.บ. มีผลใช้บังคับ", 1, Today));
        Assert.Equal("พ.ร.บ. มีผลใช้บังคับ", View(a, Today).Blockers[0].ClearedNote);
    }
}
