using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Domain.Recommendations;

namespace Oversight.Domain.Tests.Recommendations;

public sealed class RecommendationAggregateTests
{
    internal static readonly Actor Ict = new("ict", "ICT officer", UserRole.UnitOfficer, "ICT");
    internal static readonly Actor Ilpo = new("ilpo", "ILPO officer", UserRole.UnitOfficer, "ILPO");
    internal static readonly Actor Auditor = new("auditor", "Auditor", UserRole.Auditor, null);
    internal static readonly Actor Executive = new("executive", "Executive", UserRole.Executive, null);
    internal static readonly Actor Admin = new("admin", "Admin", UserRole.Admin, null);
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Due = new(2024, 11, 24);

    /// <summary>A registered recommendation (version 1) assigned to ICT.</summary>
    internal static RecommendationAggregate Registered(params string[] units)
    {
        var aggregate = new RecommendationAggregate("mol-digital-2565.F1-R2");
        var decision = aggregate.DecideRegister(new RegisterRecommendation("mol-digital-2565", "F1-R2", "F1", null, 1,
            new LocalizedText("แผนปรับปรุง NLIC", "NLIC plan"), new LocalizedText("ข้อความ", "Text"),
            units.Length == 0 ? ["ICT"] : units, Due, "test", []));
        Commit(aggregate, decision);
        return aggregate;
    }

    internal static RecommendationAggregate Commit(RecommendationAggregate aggregate, Decision decision)
    {
        Assert.Null(decision.Error);
        aggregate.Apply(aggregate.Version + 1, T0.AddMinutes(aggregate.Version), decision.Event!, aggregate.LastHash, $"hash-{aggregate.Version + 1}");
        return aggregate;
    }

    private static CommandError Refused(Decision decision, ErrorKind kind, string? code = null)
    {
        Assert.Null(decision.Event);
        Assert.NotNull(decision.Error);
        Assert.Equal(kind, decision.Error!.Kind);
        if (code is not null)
        {
            Assert.Equal(code, decision.Error.Code);
        }
        return decision.Error;
    }

    [Fact]
    public void Registration_starts_not_started_with_the_default_due_date_and_one_history_entry()
    {
        var r = Registered();
        Assert.Equal(1, r.Version);
        Assert.Equal(RecommendationStatus.NotStarted, r.Status);
        Assert.Equal(0, r.Progress);
        Assert.Equal(Due, r.DueDate);
        Assert.Equal(Due, r.OriginalDueDate);
        var entry = Assert.Single(r.History);
        Assert.Equal("recommendation-registered", entry.Type);
        Assert.Equal("system", entry.Actor.Username);
        Refused(r.DecideRegister(new RegisterRecommendation("x", "F1-R2", "F1", null, 1, new("", ""), new("", ""), ["ICT"], Due, "", [])),
            ErrorKind.Invalid, "already-registered");
    }

    [Fact]
    public void A_unit_moves_forward_step_by_step_and_history_records_before_and_after()
    {
        var r = Registered();
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.InProgress, 30, "เริ่มดำเนินการ", 1)));
        Assert.Equal((RecommendationStatus.InProgress, 30, 2L), (r.Status, r.Progress, r.Version));
        var entry = r.History[^1];
        Assert.Equal("progress-updated", entry.Type);
        Assert.Contains(entry.Changes, c => c is { Field: "status", Before: "not-started", After: "in-progress" });
        Assert.Contains(entry.Changes, c => c is { Field: "progress", Before: "0", After: "30" });
        Assert.Equal("เริ่มดำเนินการ", entry.Note);

        Commit(r, r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.ImplementedPendingVerification, null, "done", 2)));
        Assert.Equal((RecommendationStatus.ImplementedPendingVerification, 100), (r.Status, r.Progress));
    }

    [Fact]
    public void Not_started_to_pending_verification_takes_one_save_and_sets_progress_to_100()
    {
        var r = Registered();
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.ImplementedPendingVerification, null, "ดำเนินการแล้วเสร็จ", 1)));
        Assert.Equal((RecommendationStatus.ImplementedPendingVerification, 100, 2L), (r.Status, r.Progress, r.Version));
        var entry = r.History[^1];
        Assert.Contains(entry.Changes, c => c is { Field: "status", Before: "not-started", After: "implemented-pending-verification" });
        Assert.Contains(entry.Changes, c => c is { Field: "progress", Before: "0", After: "100" });

        var other = Registered();
        Commit(other, other.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.ImplementedPendingVerification, 100, "done", 1)));
        Assert.Equal(RecommendationStatus.ImplementedPendingVerification, other.Status);
        // Reported as implemented, the progress is 100: anything else is still refused.
        var third = Registered();
        Refused(third.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.ImplementedPendingVerification, 60, "x", 1)), ErrorKind.Invalid, "inconsistent-progress");
    }

    [Fact]
    public void A_progress_note_on_its_own_is_a_change_recorded_in_the_history()
    {
        var r = Registered();
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.InProgress, 40, "เริ่ม", 1)));
        // No status, no progress: only the note.
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(null, null, "ประชุมคณะทำงานครั้งที่ 2 แล้ว", 2)));
        Assert.Equal((RecommendationStatus.InProgress, 40, 3L), (r.Status, r.Progress, r.Version));
        var entry = r.History[^1];
        Assert.Equal("progress-updated", entry.Type);
        Assert.Empty(entry.Changes);
        Assert.Equal("ประชุมคณะทำงานครั้งที่ 2 แล้ว", entry.Note);
        Assert.Equal("ประชุมคณะทำงานครั้งที่ 2 แล้ว", r.LastNote);
        // The same status and progress as now, with a note: also just the note.
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.InProgress, 40, "รอผลการประชุม", 3)));
        Assert.Empty(r.History[^1].Changes);
        Assert.Equal(4, r.Version);
        // The note is still required.
        Refused(r.DecideProgress(Ict, new UpdateProgress(null, null, "  ", 4)), ErrorKind.Invalid, "required");
        // A stale note is a conflict like any other write; on a closed recommendation a note is refused too.
        Refused(r.DecideProgress(Ict, new UpdateProgress(null, null, "late note", 3)), ErrorKind.Conflict, "version-conflict");
        Commit(r, r.DecideVerification(Auditor, new Verify(VerificationDecision.NotImplemented, "ปิดโดยไม่ดำเนินการ", 4), []));
        Refused(r.DecideProgress(Ict, new UpdateProgress(null, null, "note after closing", 5)), ErrorKind.Invalid, "closed");
    }

    [Theory]
    [InlineData(RecommendationStatus.ClosedImplemented)]
    [InlineData(RecommendationStatus.ClosedPartlyImplemented)]
    [InlineData(RecommendationStatus.ClosedNotImplemented)]
    [InlineData(RecommendationStatus.NoLongerApplicable)]
    public void A_unit_cannot_set_an_auditor_status(RecommendationStatus status)
    {
        var r = Registered();
        Refused(r.DecideProgress(Ict, new UpdateProgress(status, 100, "close it", 1)), ErrorKind.Invalid, "auditor-only-status");
    }

    [Fact]
    public void Progress_alone_on_a_not_started_recommendation_starts_it()
    {
        var r = Registered();
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(null, 10, "started", 1)));
        Assert.Equal(RecommendationStatus.InProgress, r.Status);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Progress_outside_0_to_100_is_refused(int progress)
    {
        var r = Registered();
        Refused(r.DecideProgress(Ict, new UpdateProgress(null, progress, "x", 1)), ErrorKind.Invalid, "invalid-progress");
    }

    [Fact]
    public void Pending_verification_needs_full_progress_and_a_note_is_required()
    {
        var r = Registered();
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.InProgress, 50, "x", 1)));
        Refused(r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.ImplementedPendingVerification, 80, "x", 2)), ErrorKind.Invalid, "inconsistent-progress");
        Refused(r.DecideProgress(Ict, new UpdateProgress(null, 60, "   ", 2)), ErrorKind.Invalid, "required");
    }

    [Fact]
    public void A_stale_expected_version_is_a_conflict_carrying_the_current_version()
    {
        var r = Registered();
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(null, 10, "a", 1)));
        var error = Refused(r.DecideProgress(Ict, new UpdateProgress(null, 20, "b", 1)), ErrorKind.Conflict, "version-conflict");
        Assert.Equal(2, error.CurrentVersion);
    }

    [Fact]
    public void Another_units_officer_and_non_unit_roles_are_forbidden_to_update_progress()
    {
        var r = Registered();
        foreach (var actor in new[] { Ilpo, Auditor, Executive, Admin })
        {
            Refused(r.DecideProgress(actor, new UpdateProgress(RecommendationStatus.InProgress, 10, "x", 1)), ErrorKind.Forbidden);
        }
    }

    [Fact]
    public void Every_responsible_unit_may_write_a_jointly_owned_recommendation()
    {
        var r = Registered("ILPO", "SPD");
        Commit(r, r.DecideProgress(Ilpo, new UpdateProgress(RecommendationStatus.InProgress, 5, "x", 1)));
        Refused(r.DecideProgress(Ict, new UpdateProgress(null, 6, "x", 2)), ErrorKind.Forbidden);
    }

    [Fact]
    public void Only_an_auditor_closes_and_only_from_pending_verification_as_implemented()
    {
        var r = Registered();
        Refused(r.DecideVerification(Auditor, new Verify(VerificationDecision.Implemented, "ok", 1), []), ErrorKind.Invalid, "invalid-transition");
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.InProgress, 50, "x", 1)));
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.ImplementedPendingVerification, 100, "x", 2)));
        Refused(r.DecideVerification(Ict, new Verify(VerificationDecision.Implemented, "self-verify", 3), []), ErrorKind.Forbidden);
        Refused(r.DecideVerification(Executive, new Verify(VerificationDecision.Implemented, "x", 3), []), ErrorKind.Forbidden);
        Refused(r.DecideVerification(Auditor, new Verify(VerificationDecision.Implemented, "ตรวจสอบหลักฐานแล้ว", 3), []), ErrorKind.Invalid, "evidence-required");
        Commit(r, r.DecideVerification(Auditor, new Verify(VerificationDecision.Implemented, "ตรวจสอบหลักฐานแล้ว", 3, "ตรวจสอบในพื้นที่ / verified on site"), []));
        Assert.Equal(RecommendationStatus.ClosedImplemented, r.Status);
        var verification = Assert.Single(r.ToDetail(DateOnly.MaxValue).Verifications);
        Assert.Equal((RecommendationStatus.ImplementedPendingVerification, RecommendationStatus.ClosedImplemented), (verification.StatusBefore, verification.StatusAfter));

        // Closed: the unit can no longer change it (not even with a note alone); the auditor can reopen it.
        Refused(r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.InProgress, 90, "x", 4)), ErrorKind.Invalid, "closed");
        Refused(r.DecideProgress(Ict, new UpdateProgress(null, null, "x", 4)), ErrorKind.Invalid, "closed");
        Commit(r, r.DecideVerification(Auditor, new Verify(VerificationDecision.Reopen, "new facts", 4), []));
        Assert.Equal(RecommendationStatus.InProgress, r.Status);
        Assert.Equal(99, r.Progress);
    }

    [Theory]
    [InlineData(VerificationDecision.NotImplemented, RecommendationStatus.ClosedNotImplemented)]
    [InlineData(VerificationDecision.NoLongerApplicable, RecommendationStatus.NoLongerApplicable)]
    public void Not_implemented_and_no_longer_applicable_close_from_any_open_status(VerificationDecision decision, RecommendationStatus expected)
    {
        var r = Registered();
        Commit(r, r.DecideVerification(Auditor, new Verify(decision, "after the follow-up period", 1), []));
        Assert.Equal(expected, r.Status);
        Refused(r.DecideVerification(Auditor, new Verify(decision, "again", 2), []), ErrorKind.Invalid, "invalid-transition");
    }

    [Fact]
    public void Reopen_applies_only_to_closed_or_pending_recommendations()
    {
        var r = Registered();
        Refused(r.DecideVerification(Auditor, new Verify(VerificationDecision.Reopen, "x", 1), []), ErrorKind.Invalid, "invalid-transition");
    }

    [Fact]
    public void A_parent_closes_as_implemented_only_when_every_sub_recommendation_is_closed()
    {
        var r = Registered();
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.InProgress, 50, "x", 1)));
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.ImplementedPendingVerification, 100, "x", 2)));
        Refused(r.DecideVerification(Auditor, new Verify(VerificationDecision.Implemented, "x", 3),
            [RecommendationStatus.ClosedImplemented, RecommendationStatus.InProgress]), ErrorKind.Invalid, "children-open");
        Commit(r, r.DecideVerification(Auditor, new Verify(VerificationDecision.Implemented, "x", 3, "evidence is on the sub-recommendations"),
            [RecommendationStatus.ClosedImplemented, RecommendationStatus.NoLongerApplicable]));
    }

    [Fact]
    public void Extension_keeps_original_and_revised_dates_and_only_an_auditor_decides()
    {
        var r = Registered();
        var requested = Due.AddDays(90);
        Refused(r.DecideRequestExtension(Ict, new RequestExtension(Due.AddDays(-1), "earlier", null), Due), ErrorKind.Invalid, "not-an-extension");
        Refused(r.DecideRequestExtension(Auditor, new RequestExtension(requested, "x", null), Due), ErrorKind.Forbidden);
        Refused(r.DecideRequestExtension(Ict, new RequestExtension(requested, "", null), Due), ErrorKind.Invalid, "required");
        var decision = r.DecideRequestExtension(Ict, new RequestExtension(requested, "รอมติคณะรัฐมนตรี", null), Due);
        Assert.Equal("ext-1", decision.CreatedId);
        Commit(r, decision);
        Refused(r.DecideRequestExtension(Ict, new RequestExtension(requested.AddDays(1), "again", null), Due), ErrorKind.Invalid, "extension-pending");
        Assert.Equal(Due, r.DueDate);

        Refused(r.DecideExtension(Ict, new DecideExtension("ext-1", ExtensionDecision.Approve, "self", null), Due), ErrorKind.Forbidden);
        Refused(r.DecideExtension(Auditor, new DecideExtension("ext-9", ExtensionDecision.Approve, "x", null), Due), ErrorKind.NotFound);
        Commit(r, r.DecideExtension(Auditor, new DecideExtension("ext-1", ExtensionDecision.Approve, "เหตุผลเพียงพอ", null), Due));
        Assert.Equal(requested, r.DueDate);
        Assert.Equal(Due, r.OriginalDueDate);
        var extension = Assert.Single(r.ToDetail(Due).Extensions);
        Assert.Equal((ExtensionStatus.Approved, Due, requested, "auditor"), (extension.Status, extension.OriginalDueDate, extension.RequestedDueDate, extension.DecidedBy));
        Assert.Contains(r.History[^1].Changes, c => c.Field == "dueDate" && c.Before == "2024-11-24" && c.After == "2025-02-22");
        Refused(r.DecideExtension(Auditor, new DecideExtension("ext-1", ExtensionDecision.Reject, "x", null), Due), ErrorKind.Invalid, "already-decided");
    }

    [Fact]
    public void A_rejected_extension_leaves_the_due_date()
    {
        var r = Registered();
        Commit(r, r.DecideRequestExtension(Ict, new RequestExtension(Due.AddDays(30), "reason", null), Due));
        Commit(r, r.DecideExtension(Auditor, new DecideExtension("ext-1", ExtensionDecision.Reject, "not justified", null), Due));
        Assert.Equal(Due, r.DueDate);
        Assert.Equal(ExtensionStatus.Rejected, r.ToDetail(Due).Extensions[0].Status);
    }

    [Fact]
    public void Overdue_is_derived_from_the_due_date_for_open_work_only()
    {
        var r = Registered();
        Assert.False(r.IsOverdue(Due));
        Assert.True(r.IsOverdue(Due.AddDays(1)));
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.InProgress, 50, "x", 1)));
        Assert.True(r.IsOverdue(Due.AddDays(1)));
        Commit(r, r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.ImplementedPendingVerification, 100, "x", 2)));
        Assert.False(r.IsOverdue(Due.AddDays(1)));
    }

    [Fact]
    public void Marking_overdue_happens_once_per_due_date_for_the_recommendation_and_each_action()
    {
        var r = Registered();
        Refused(r.DecideMarkOverdue(Due), ErrorKind.Invalid, "not-overdue");
        Commit(r, r.DecideMarkOverdue(Due.AddDays(1)));
        Assert.Contains(r.History[^1].Changes, c => c.Field == "overdue");
        Refused(r.DecideMarkOverdue(Due.AddDays(2)), ErrorKind.Invalid, "not-overdue");

        // An action past its own due date is marked once too; a new due date can be marked again.
        Commit(r, r.DecideAddAction(Ict, new AddAction("แผน", "ICT", Due.AddDays(10), ActionStatus.InProgress, 10, null, null), _ => true));
        Refused(r.DecideMarkOverdue(Due.AddDays(10)), ErrorKind.Invalid, "not-overdue");
        Commit(r, r.DecideMarkOverdue(Due.AddDays(11)));
        Assert.Equal([new FieldChange("actions[act-1].overdue", "false", "true")], r.History[^1].Changes);
        Refused(r.DecideMarkOverdue(Due.AddDays(12)), ErrorKind.Invalid, "not-overdue");
        Commit(r, r.DecideUpdateAction(Ict, new UpdateAction("act-1", null, null, Due.AddDays(20), null, null, "moved", null), _ => true));
        Commit(r, r.DecideMarkOverdue(Due.AddDays(21)));
    }

    [Fact]
    public void Actions_are_added_and_updated_by_the_unit_with_normalised_status()
    {
        var r = Registered();
        Refused(r.DecideAddAction(Ict, new AddAction("x", "NOPE", Due, ActionStatus.NotStarted, 0, null, null), _ => false), ErrorKind.Invalid, "unknown-unit");
        Refused(r.DecideAddAction(Executive, new AddAction("x", "ICT", Due, ActionStatus.NotStarted, 0, null, null), _ => true), ErrorKind.Forbidden);
        var add = r.DecideAddAction(Ict, new AddAction("สำรวจความต้องการ", "ICT", Due, ActionStatus.NotStarted, 20, null, 1), _ => true);
        Assert.Equal("act-1", add.CreatedId);
        Commit(r, add);
        var action = Assert.Single(r.ToDetail(Due).Actions);
        Assert.Equal((ActionStatus.InProgress, 20), (action.Status, action.Progress));
        Commit(r, r.DecideUpdateAction(Ict, new UpdateAction("act-1", null, null, null, ActionStatus.Completed, null, "finished", 2), _ => true));
        action = Assert.Single(r.ToDetail(Due).Actions);
        Assert.Equal((ActionStatus.Completed, 100), (action.Status, action.Progress));
        Refused(r.DecideUpdateAction(Ict, new UpdateAction("act-1", null, null, null, ActionStatus.Completed, null, null, 3), _ => true), ErrorKind.Invalid, "no-change");
        Refused(r.DecideUpdateAction(Ict, new UpdateAction("act-7", "x", null, null, null, null, null, 3), _ => true), ErrorKind.NotFound);
        Assert.True(r.ToDetail(Due.AddDays(1)).Actions.All(a => !a.Overdue));
    }

    [Fact]
    public void Evidence_is_withdrawn_with_a_reason_and_never_removed()
    {
        var r = Registered();
        Commit(r, r.DecideAddEvidence(Ict, new AddEvidence("../../etc/รายงาน.pdf", "บันทึก", null), "application/pdf", 1234, new string('a', 64)));
        var evidence = Assert.Single(r.ToDetail(Due).Evidence);
        Assert.Equal("รายงาน.pdf", evidence.FileName);
        Refused(r.DecideWithdrawEvidence(Ict, new WithdrawEvidence("ev-1", " ", null)), ErrorKind.Invalid, "required");
        Commit(r, r.DecideWithdrawEvidence(Ict, new WithdrawEvidence("ev-1", "ไฟล์ผิด", null)));
        evidence = Assert.Single(r.ToDetail(Due).Evidence);
        Assert.True(evidence.Withdrawn);
        Assert.Equal("ไฟล์ผิด", evidence.WithdrawnReason);
        Refused(r.DecideWithdrawEvidence(Ict, new WithdrawEvidence("ev-1", "again", null)), ErrorKind.Invalid, "already-withdrawn");
    }

    [Fact]
    public void Comments_and_responses_are_open_to_the_unit_and_the_auditor_but_not_to_executives()
    {
        var r = Registered();
        Commit(r, r.DecideComment(Auditor, new AddComment("โปรดแนบหลักฐาน", null)));
        Commit(r, r.DecideComment(Ict, new AddComment("แนบแล้ว", null)));
        Refused(r.DecideComment(Executive, new AddComment("x", null)), ErrorKind.Forbidden);
        Refused(r.DecideComment(Ilpo, new AddComment("x", null)), ErrorKind.Forbidden);
        Refused(r.DecideComment(Ict, new AddComment("<script>alert(1)</script>", null)), ErrorKind.Invalid, "markup-not-allowed");
        Commit(r, r.DecideResponse(Ict, new RecordResponse(AuditeeResponse.PartlyAgreed, "เห็นด้วยบางส่วน", null)));
        Assert.Equal(AuditeeResponse.PartlyAgreed, r.ToSummary().Response);
        Assert.Equal(2, r.ToDetail(Due).Comments.Count);
    }

    [Fact]
    public void Events_round_trip_through_their_stored_payload()
    {
        var r = Registered();
        var decision = r.DecideProgress(Ict, new UpdateProgress(RecommendationStatus.InProgress, 30, "ทดสอบ \"quotes\" และ ' ; DROP TABLE x; --", 1));
        var payload = RecommendationEventCodec.Serialize(decision.Event!);
        Assert.Contains("\"type\":\"progress-updated\"", payload);
        Assert.Contains("ทดสอบ", payload); // Thai is stored unescaped
        var back = RecommendationEventCodec.Deserialize(payload);
        Assert.Equal(decision.Event!.Note, back.Note);
        Assert.Equal(decision.Event.Data, back.Data);
        Assert.Equal(decision.Event.Changes, back.Changes);
    }

    [Theory]
    [InlineData(0, "in-progress", 5, true)]          // reopened after the parent closed, still open: the parent lags
    [InlineData(0, "in-progress", 0, true)]          // the same instant counts as after
    [InlineData(5, "in-progress", 0, false)]         // the parent was closed after the reopen (e.g. as not implemented)
    [InlineData(0, "closed-implemented", 5, false)]  // the sub-recommendation is closed again: they agree
    [InlineData(null, "in-progress", 5, false)]      // the parent is open
    [InlineData(0, "in-progress", null, false)]      // the sub-recommendation was never reopened
    public void A_closed_parent_lags_a_sub_recommendation_reopened_since_that_is_still_open(int? parentClosed, string childStatus, int? childReopened, bool lags)
    {
        var t0 = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
        Assert.True(OversightJson.TryParseEnum<RecommendationStatus>(childStatus, out var status));
        Assert.Equal(lags, RecommendationAggregate.ParentLagsChild(
            parentClosed is { } p ? t0.AddMinutes(p) : null, status, childReopened is { } c ? t0.AddMinutes(c) : null));
    }
}
