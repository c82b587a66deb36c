using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Domain.Monitoring;
using Oversight.Grains.Monitoring;

namespace Oversight.Grains.Tests.Monitoring;

/// <summary>Contracts and milestones on the in-process cluster: the seeded ones, writes, the role matrix, fines as the clock moves, the 10 % flag, the audit trail.</summary>
public abstract class ContractGrainTests(ClusterFixtureBase fixture) : MonitoringTestBase(fixture)
{
    private static readonly LocalizedText LateNoDays = ContractViews.LateAccordingToSource;

    private IContractGrain Contract(string id) => Client.GetGrain<IContractGrain>(id);

    /// <summary>A fresh contract of ICT: 1,000,000 baht, two milestones, the first 10 days past its date.</summary>
    private async Task<(string Id, IContractGrain Grain)> NewContractAsync(decimal ratePercent = 0.10m, decimal floor = 100m, params NewMilestone[] milestones)
    {
        var id = NewId("test-ct");
        var grain = Contract(id);
        var result = await grain.RegisterAsync(MonitoringActors.Admin, new RegisterContract(
            new LocalizedText("สัญญาทดสอบ", "Test contract"), "ICT", "บริษัท ทดสอบ จำกัด", 1_000_000m, Today.AddDays(-120), ["mol-digital-2565.F1-R2"],
            new FineRuleView(ratePercent, floor),
            milestones.Length > 0 ? milestones :
            [
                new NewMilestone("m1", new LocalizedText("งวดที่ 1", "Instalment 1"), 400_000m, Today.AddDays(-10)),
                new NewMilestone("m2", new LocalizedText("งวดที่ 2", "Instalment 2"), 600_000m, Today.AddDays(30)),
            ],
            "import:test"));
        Assert.True(result.Ok, result.Error?.Detail);
        Assert.Equal(1, result.Version);
        return (id, grain);
    }

    private static void AssertNotGiven(Figure figure)
    {
        Assert.Null(figure.Value);
        Assert.Equal(MonitoringText.NotGivenInSource, figure.Note);
        Assert.False(figure.Synthetic);
        Assert.Equal(Freshness.Unknown, figure.Freshness);
    }

    [Fact]
    public async Task The_seeded_contracts_record_what_the_report_does_not_give_as_not_given()
    {
        var informal = await Contract(MonitoringSeedGrain.InformalContract).GetAsync();
        Assert.NotNull(informal);
        Assert.Equal(("ILPO", ReportSource), (informal!.Unit, informal.Source));
        Assert.Contains("แรงงานนอกระบบ", informal.Title.Th);
        Assert.Null(informal.Contractor);
        Assert.Null(informal.SignedOn);
        AssertNotGiven(informal.Value);
        Assert.Equal(["mol-digital-2565.F2-R2", "mol-digital-2565.F2-R4"], informal.LinkedRecommendations);
        Assert.Equal(new FineRuleView(0.10m, 100m), informal.FineRule);
        Assert.Null(informal.TerminationReviewFlaggedOn);

        // Development is complete but was late against the contract: the report says so, without dates or days.
        Assert.Equal(["development", "registration"], informal.Milestones.Select(m => m.Id));
        var development = informal.Milestones[0];
        Assert.Equal(MilestoneState.DeliveredLate, development.State);
        Assert.Null(development.PlannedDate);
        Assert.Null(development.CurrentPlannedDate);
        Assert.Null(development.DeliveredOn);
        AssertNotGiven(development.InstalmentValue);
        AssertNotGiven(development.Dates);
        Assert.Null(development.DaysLate.Value);
        Assert.Equal(LateNoDays, development.DaysLate.Note);
        Assert.Null(development.FineAccrued.Value);
        var registration = informal.Milestones[1];
        Assert.Equal(MilestoneState.Undated, registration.State);
        AssertNotGiven(registration.InstalmentValue);
        AssertNotGiven(registration.DaysLate);

        // Contract-level figures that would need dates or values are "not given", never a guessed zero.
        AssertNotGiven(informal.FinesAccrued);
        Assert.Null(informal.FinesShareOfValue.Value);
        Assert.Null(informal.MaxDaysLate.Value);
        Assert.Equal(LateNoDays, informal.MaxDaysLate.Note);

        // Registration is blocked on the draft Act and on a cabinet resolution; neither has a known start date.
        Assert.Equal(2, informal.Blockers.Count);
        Assert.All(informal.Blockers, b => Assert.True(b.Open));
        Assert.All(informal.Blockers, b => Assert.Null(b.Since));
        Assert.All(informal.Blockers, b => Assert.Equal(("ILPO", ReportSource), (b.Owner, b.Source)));
        Assert.Contains("แรงงานอิสระ", informal.Blockers[0].Reason.Th);
        Assert.Contains("คณะรัฐมนตรี", informal.Blockers[1].Reason.Th);

        var history = await Contract(MonitoringSeedGrain.InformalContract).GetHistoryAsync();
        var registered = Assert.Single(history);
        Assert.Equal(("contract-registered", "system"), (registered.Type, registered.Actor.Username));
        Assert.Contains(registered.Changes, c => c.Field == "value" && c.After == "not given");

        // The NLIC improvement-or-retirement plan (F1-R2): a plan of three undated milestones.
        var nlic = await Contract(MonitoringSeedGrain.NlicPlan).GetAsync();
        Assert.NotNull(nlic);
        Assert.Equal("ICT", nlic!.Unit);
        Assert.Equal(["mol-digital-2565.F1-R2"], nlic.LinkedRecommendations);
        Assert.Equal(["plan", "steps", "done"], nlic.Milestones.Select(m => m.Id));
        Assert.All(nlic.Milestones, m =>
        {
            Assert.Equal(MilestoneState.Undated, m.State);
            Assert.Null(m.PlannedDate);
            AssertNotGiven(m.InstalmentValue);
            AssertNotGiven(m.DaysLate);
            AssertNotGiven(m.Dates);
        });
        AssertNotGiven(nlic.Value);
        AssertNotGiven(nlic.FinesAccrued);
        AssertNotGiven(nlic.MaxDaysLate);
        Assert.Empty(nlic.Blockers);

        // The board serves the same two, and nothing about them is synthetic.
        var onBoard = await Board.GetContractsAsync();
        Assert.Contains(onBoard, c => c.Id == MonitoringSeedGrain.InformalContract && c.Value.Value is null && !c.Value.Synthetic);
        Assert.Contains(onBoard, c => c.Id == MonitoringSeedGrain.NlicPlan);
    }

    [Fact]
    public async Task Delivery_extensions_and_blockers_are_recorded_and_days_an_extension_covers_accrue_no_fine()
    {
        var (id, grain) = await NewContractAsync();
        var start = (await grain.GetAsync())!;
        var m1 = start.Milestones[0];
        Assert.Equal(MilestoneState.Late, m1.State);
        Assert.Equal(10, m1.DaysLate.Value);
        Assert.Equal(10 * 400, m1.FineAccrued.Value); // 0.10 % of 400,000 = 400 baht a day (above the 100-baht floor)
        Assert.False(m1.FineAccrued.Synthetic);
        Assert.Equal(MilestoneState.Pending, start.Milestones[1].State);
        Assert.Equal(4_000, start.FinesAccrued.Value);
        Assert.Equal(0.4, start.FinesShareOfValue.Value);
        Assert.Equal(10, start.MaxDaysLate.Value);

        // An approved extension to 4 days ago: only the 4 days after it are late.
        var ext1 = await grain.ApproveExtensionAsync(MonitoringActors.Ict, "m1", Today.AddDays(-4), "น้ำท่วมพื้นที่ติดตั้ง", "ผู้อำนวยการ ศทส.", 1);
        Assert.True(ext1.Ok, ext1.Error?.Detail);
        Assert.Equal(("ext-1", 2L), (ext1.CreatedId, ext1.Version));
        var afterExt1 = (await grain.GetAsync())!;
        Assert.Equal(Today.AddDays(-10), afterExt1.Milestones[0].PlannedDate); // the original date is kept
        Assert.Equal(Today.AddDays(-4), afterExt1.Milestones[0].CurrentPlannedDate);
        Assert.Equal(4, afterExt1.Milestones[0].DaysLate.Value);
        Assert.Equal(4 * 400, afterExt1.Milestones[0].FineAccrued.Value);
        var extension = Assert.Single(afterExt1.Extensions);
        Assert.Equal("m1", extension.MilestoneId);
        Assert.Equal(Today.AddDays(-10), extension.OriginalDate);
        Assert.Equal(Today.AddDays(-10), extension.PreviousDate);
        Assert.Equal(Today.AddDays(-4), extension.NewDate);
        Assert.Equal(("น้ำท่วมพื้นที่ติดตั้ง", "ผู้อำนวยการ ศทส.", "ICT officer"), (extension.Grounds, extension.ApprovedBy, extension.RecordedBy));

        // A second one past today: nothing is late and nothing is owed.
        var ext2 = await grain.ApproveExtensionAsync(MonitoringActors.Admin, "m1", Today.AddDays(5), "รอมติคณะกรรมการ", "ปลัดกระทรวง", 2);
        Assert.True(ext2.Ok, ext2.Error?.Detail);
        var afterExt2 = (await grain.GetAsync())!;
        Assert.Equal(MilestoneState.Pending, afterExt2.Milestones[0].State);
        Assert.Equal(0, afterExt2.Milestones[0].DaysLate.Value);
        Assert.Equal(0, afterExt2.Milestones[0].FineAccrued.Value);
        Assert.Equal(0, afterExt2.FinesAccrued.Value);
        Assert.Equal(Today.AddDays(-10), afterExt2.Extensions[1].OriginalDate);
        Assert.Equal(Today.AddDays(-4), afterExt2.Extensions[1].PreviousDate);
        var backwards = await grain.ApproveExtensionAsync(MonitoringActors.Ict, "m1", Today.AddDays(1), "x", "x", 3);
        Assert.Equal("not-an-extension", backwards.Error!.Code);

        // Delivered today: 10 days after the original date, all of them covered by the extensions.
        var delivered = await grain.DeliverMilestoneAsync(MonitoringActors.Ict, "m1", Today, "ส่งมอบครบถ้วน", 3);
        Assert.True(delivered.Ok, delivered.Error?.Detail);
        var afterDelivery = (await grain.GetAsync())!;
        Assert.Equal(MilestoneState.Delivered, afterDelivery.Milestones[0].State);
        Assert.Equal(Today, afterDelivery.Milestones[0].DeliveredOn);
        Assert.Equal(0, afterDelivery.Milestones[0].FineAccrued.Value);
        Assert.Equal("already-delivered", (await grain.DeliverMilestoneAsync(MonitoringActors.Ict, "m1", Today, null, null)).Error!.Code);
        Assert.Equal("date-in-future", (await grain.DeliverMilestoneAsync(MonitoringActors.Ict, "m2", Today.AddDays(1), null, null)).Error!.Code);
        Assert.Equal(ErrorKind.NotFound, (await grain.DeliverMilestoneAsync(MonitoringActors.Ict, "m9", Today, null, null)).Error!.Kind);

        // A blocker raised and cleared.
        var raised = await grain.RaiseBlockerAsync(MonitoringActors.Ict, new LocalizedText("รอผลการพิจารณางบประมาณ", "Waiting for the budget decision"), Today.AddDays(-2), "ICT", 4);
        Assert.True(raised.Ok, raised.Error?.Detail);
        Assert.Equal("blk-1", raised.CreatedId);
        var open = Assert.Single((await grain.GetAsync())!.Blockers);
        Assert.True(open.Open);
        Assert.Equal(Today.AddDays(-2), open.Since);
        Assert.Equal(("ICT", "user"), (open.Owner, open.Source));
        var cleared = await grain.ClearBlockerAsync(MonitoringActors.Ict, "blk-1", Today, "อนุมัติงบประมาณแล้ว", 5);
        Assert.True(cleared.Ok, cleared.Error?.Detail);
        var closed = Assert.Single((await grain.GetAsync())!.Blockers);
        Assert.False(closed.Open);
        Assert.Equal(Today, closed.ClearedOn);
        Assert.Equal("อนุมัติงบประมาณแล้ว", closed.ClearedNote);
        Assert.Equal("already-cleared", (await grain.ClearBlockerAsync(MonitoringActors.Ict, "blk-1", Today, "again", null)).Error!.Code);
        var second = await grain.RaiseBlockerAsync(MonitoringActors.Ict, new LocalizedText("รอผู้รับจ้าง", "Waiting for the contractor"), Today, "ICT", 6);
        Assert.True(second.Ok, second.Error?.Detail);
        Assert.Equal("before-blocker", (await grain.ClearBlockerAsync(MonitoringActors.Ict, "blk-2", Today.AddDays(-1), "เร็วเกินไป", null)).Error!.Code);

        // Every change is in the contract's history, in order, and in the hash-chained event store.
        var history = await grain.GetHistoryAsync();
        Assert.Equal(["contract-registered", "milestone-extended", "milestone-extended", "milestone-delivered", "blocker-raised", "blocker-cleared", "blocker-raised"],
            history.Select(h => h.Type));
        Assert.Equal(["admin", "ict", "admin", "ict", "ict", "ict", "ict"], history.Select(h => h.Actor.Username));
        Assert.Contains(history[1].Changes, c => c.Field == "milestones[m1].currentPlannedDate" && c.Before == Iso(Today.AddDays(-10)) && c.After == Iso(Today.AddDays(-4)));
        Assert.Contains(history[3].Changes, c => c.Field == "milestones[m1].deliveredOn" && c.After == Iso(Today));
        Assert.Equal("อนุมัติงบประมาณแล้ว", history[5].Note);
        var stored = await StreamAsync($"contract:{id}");
        Assert.Equal(history.Select(h => (h.Seq, h.Type, h.Hash, h.PrevHash)), stored.Select(e => (e.Seq, e.EventType, e.Hash, e.PrevHash)));
        Assert.Equal(EventHashGenesis, stored[0].PrevHash);
        var verification = await AuditTrail.VerifyAsync($"contract:{id}");
        Assert.True(verification.Intact);
        Assert.Equal(7, verification.Events);
        Assert.Equal(0, verification.ReadModelMismatchCount);
    }

    private static string EventHashGenesis => Oversight.Storage.Events.EventHash.Genesis;

    [Fact]
    public async Task Only_an_officer_of_the_owning_unit_or_an_admin_writes_and_a_refusal_changes_nothing()
    {
        var (id, grain) = await NewContractAsync();
        Assert.True((await grain.RaiseBlockerAsync(MonitoringActors.Admin, new("อุปสรรค", "Blocker"), Today, "ICT", 1)).Ok);
        var before = (await grain.GetAsync())!;
        var eventsBefore = (await StreamAsync($"contract:{id}")).Count;
        Assert.Equal(2, before.Version);

        Actor[] refused = [MonitoringActors.Ilpo, MonitoringActors.Auditor, MonitoringActors.Executive, new("nounit", "No unit", UserRole.UnitOfficer, null)];
        foreach (var actor in refused)
        {
            var results = new[]
            {
                await grain.DeliverMilestoneAsync(actor, "m1", Today, null, 2),
                await grain.ApproveExtensionAsync(actor, "m1", Today.AddDays(10), "เหตุสุดวิสัย", "ผู้อนุมัติ", 2),
                await grain.RaiseBlockerAsync(actor, new("อุปสรรค", "Blocker"), Today, "ICT", 2),
                await grain.ClearBlockerAsync(actor, "blk-1", Today, "แก้ไขแล้ว", 2),
            };
            Assert.All(results, r =>
            {
                Assert.False(r.Ok);
                Assert.Equal(ErrorKind.Forbidden, r.Error!.Kind);
            });
        }
        Assert.Equal(ErrorKind.Forbidden, (await Contract(NewId("test-ct")).RegisterAsync(MonitoringActors.Ict, new RegisterContract(
            new("ไม่ได้รับอนุญาต", "Not allowed"), "ICT", null, null, null, [], new FineRuleView(0.1m, 100m), [], "import:test"))).Error!.Kind);

        var after = (await grain.GetAsync())!;
        Assert.Equal(2, after.Version);
        Assert.Equal(before.Milestones, after.Milestones);
        Assert.Equal(before.Blockers, after.Blockers);
        Assert.Empty(after.Extensions);
        Assert.Equal(eventsBefore, (await StreamAsync($"contract:{id}")).Count);
        Assert.Equal(2, (await grain.GetHistoryAsync()).Count);

        // The owning unit's officer and an administrator may; a stale version is a conflict, not a write.
        Assert.Equal(ErrorKind.Conflict, (await grain.ApproveExtensionAsync(MonitoringActors.Ict, "m1", Today.AddDays(10), "เหตุสุดวิสัย", "ผู้อนุมัติ", 1)).Error!.Kind);
        Assert.True((await grain.ApproveExtensionAsync(MonitoringActors.Ict, "m1", Today.AddDays(10), "เหตุสุดวิสัย", "ผู้อนุมัติ", 2)).Ok);
        Assert.True((await grain.ClearBlockerAsync(MonitoringActors.Admin, "blk-1", Today, "แก้ไขแล้ว", 3)).Ok);
        Assert.True((await grain.DeliverMilestoneAsync(MonitoringActors.Ict, "m1", Today, null, 4)).Ok);
        Assert.Equal(5, (await grain.GetAsync())!.Version);
    }

    [Fact]
    public async Task Fines_accrue_as_the_clock_moves_and_passing_ten_percent_flags_termination_review_once()
    {
        // 0.20 % a day of the undelivered 1,000,000 baht = 2,000 baht a day; 49 days late = 98,000 (9.8 % of the value).
        var (id, grain) = await NewContractAsync(0.20m, 100m,
            new NewMilestone("all", new LocalizedText("ส่งมอบระบบทั้งหมด", "The whole system"), 1_000_000m, Today.AddDays(-49)));
        var day0 = (await grain.GetAsync())!;
        Assert.Equal((49d, 98_000d, 9.8), (day0.MaxDaysLate.Value!.Value, day0.FinesAccrued.Value!.Value, day0.FinesShareOfValue.Value!.Value));
        Assert.Equal(Today, day0.FinesAccrued.AsOf);
        Assert.False(await grain.CheckFinesAsync(Today));
        Assert.Null((await grain.GetAsync())!.TerminationReviewFlaggedOn);

        // A day later: exactly 10 %, which is not past the line.
        Fixture.Time.Advance(TimeSpan.FromDays(1));
        var day1 = (await grain.GetAsync())!;
        Assert.Equal((50d, 100_000d, 10d), (day1.MaxDaysLate.Value!.Value, day1.FinesAccrued.Value!.Value, day1.FinesShareOfValue.Value!.Value));
        Assert.Equal(1, day1.Version); // fines are computed as of today, not written
        Assert.False(await grain.CheckFinesAsync(Today));

        // Another day: past 10 %, so the daily check flags the contract (clause 183) with a history event.
        Fixture.Time.Advance(TimeSpan.FromDays(1));
        var day2 = (await grain.GetAsync())!;
        Assert.Equal((51d, 102_000d), (day2.MaxDaysLate.Value!.Value, day2.FinesAccrued.Value!.Value));
        Assert.True(await grain.CheckFinesAsync(Today));
        var flagged = (await grain.GetAsync())!;
        Assert.Equal(Today, flagged.TerminationReviewFlaggedOn);
        Assert.Equal(2, flagged.Version);

        // Only once: the next checks, that day and the day after, add nothing.
        Assert.False(await grain.CheckFinesAsync(Today));
        Fixture.Time.Advance(TimeSpan.FromDays(1));
        Assert.False(await grain.CheckFinesAsync(Today));
        Assert.Equal(104_000, (await grain.GetAsync())!.FinesAccrued.Value);
        var history = await grain.GetHistoryAsync();
        var flag = Assert.Single(history, h => h.Type == "termination-review-flagged");
        Assert.Equal("system", flag.Actor.Username);
        Assert.Contains("183", flag.Note);
        Assert.Equal(2, history.Count);
        var verification = await AuditTrail.VerifyAsync($"contract:{id}");
        Assert.True(verification.Intact);
        Assert.Equal((2L, 0), (verification.Events, verification.ReadModelMismatchCount));
    }

    [Fact]
    public async Task A_late_delivery_fixes_the_fine_at_the_delivery_date_while_the_clock_moves_on()
    {
        var (_, grain) = await NewContractAsync(0.10m, 100m,
            new NewMilestone("m1", new LocalizedText("งวดที่ 1", "Instalment 1"), 400_000m, Today.AddDays(-10)),
            new NewMilestone("m2", new LocalizedText("งวดที่ 2", "Instalment 2"), 600_000m, Today.AddDays(1)));
        // m1 was due 10 days ago; delivered 3 days ago: 7 days late at 400 baht a day.
        Assert.True((await grain.DeliverMilestoneAsync(MonitoringActors.Ict, "m1", Today.AddDays(-3), null, 1)).Ok);
        var delivered = (await grain.GetAsync())!;
        Assert.Equal(MilestoneState.DeliveredLate, delivered.Milestones[0].State);
        Assert.Equal(7, delivered.Milestones[0].DaysLate.Value);
        Assert.Equal(2_800, delivered.Milestones[0].FineAccrued.Value);

        // m2 is due tomorrow: as the clock passes that date, it alone accrues, at max(0.10 % of 600,000, 100) = 600 baht a day.
        Fixture.Time.Advance(TimeSpan.FromDays(3));
        var later = (await grain.GetAsync())!;
        Assert.Equal(2_800, later.Milestones[0].FineAccrued.Value);
        Assert.Equal((MilestoneState.Late, 2d, 1_200d), (later.Milestones[1].State, later.Milestones[1].DaysLate.Value!.Value, later.Milestones[1].FineAccrued.Value!.Value));
        Assert.Equal(4_000, later.FinesAccrued.Value);
        Assert.Equal(7, later.MaxDaysLate.Value);
        Assert.Equal(Today, later.FinesAccrued.AsOf);
        Assert.Equal(2, later.Version);
    }

    [Fact]
    public async Task A_milestone_the_source_reports_as_delivered_is_not_extended()
    {
        var (id, grain) = await NewContractAsync(0.10m, 100m,
            new NewMilestone("done", new LocalizedText("ส่งมอบแล้ว (ล่าช้า)", "Delivered (late)"), null, null, ReportedDeliveredLate: true),
            new NewMilestone("next", new LocalizedText("งวดถัดไป", "Next"), 500_000m, Today.AddDays(10)));
        var refused = await grain.ApproveExtensionAsync(MonitoringActors.Ict, "done", Today.AddDays(-5), "ขยายเวลา", "ผู้อนุมัติ", 1);
        Assert.Equal("already-delivered", refused.Error?.Code);
        var view = (await grain.GetAsync())!;
        Assert.Equal(MilestoneState.DeliveredLate, view.Milestones[0].State);
        Assert.Null(view.Milestones[0].CurrentPlannedDate);
        Assert.Null(view.Milestones[0].FineAccrued.Value);
        Assert.Equal(LateNoDays, view.Milestones[0].DaysLate.Note);
        Assert.Equal(1, view.Version);
        Assert.Single(await StreamAsync($"contract:{id}"));
    }

    [Fact]
    public async Task Facts_are_dated_by_the_Thai_calendar_day_they_were_recorded() => await AtThaiNightAsync(async () =>
    {
        // 01:30 in Bangkok is still the previous day in UTC: the contract's facts are as of the Thai day.
        var (_, grain) = await NewContractAsync();
        var view = (await grain.GetAsync())!;
        Assert.Equal(Today, view.Value.AsOf);
        Assert.Equal(Today, view.Milestones[0].InstalmentValue.AsOf);
    });

    [Fact]
    public async Task Demo_values_are_labelled_synthetic_and_only_the_system_sets_them()
    {
        var id = NewId("test-ct");
        var grain = Contract(id);
        Assert.True((await grain.RegisterAsync(MonitoringActors.Admin, new RegisterContract(new("ไม่มีมูลค่า", "No value given"), "ILPO", null, null, null, [],
            new FineRuleView(0.10m, 100m), [new NewMilestone("m1", new("งวดเดียว", "Only instalment"), null, null)], "import:test"))).Ok);
        var plain = (await grain.GetAsync())!;
        AssertNotGiven(plain.Value);
        AssertNotGiven(plain.FinesAccrued);

        var values = new SyntheticContractValues(2_000_000m, Today.AddDays(-200), [("m1", 2_000_000m, Today.AddDays(-20), null)]);
        Assert.Equal(ErrorKind.Forbidden, (await grain.SetSyntheticValuesAsync(MonitoringActors.Admin, values)).Error!.Kind);
        Assert.True((await grain.SetSyntheticValuesAsync(Actor.System, values)).Ok);
        var demo = (await grain.GetAsync())!;
        Assert.Equal((2_000_000d, true, MonitoringText.SyntheticSource), (demo.Value.Value!.Value, demo.Value.Synthetic, demo.Value.Source));
        Assert.Equal(ContractViews.DemoValue, demo.Value.Note);
        Assert.Equal(MilestoneState.Late, demo.Milestones[0].State);
        Assert.True(demo.Milestones[0].FineAccrued.Synthetic);
        Assert.Equal(20 * 2_000, demo.FinesAccrued.Value);
        Assert.True(demo.FinesAccrued.Synthetic);
        Assert.Null(demo.SignedOn); // the real fact stays as given (not given)
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteContractGrainTests(SqliteClusterFixture fixture) : ContractGrainTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PostgresContractGrainTests(PostgresClusterFixture fixture) : ContractGrainTests(fixture);
