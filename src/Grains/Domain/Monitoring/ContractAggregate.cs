using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Domain.Monitoring;

public sealed record MilestoneData(string Id, LocalizedText Deliverable, decimal? Instalment, DateOnly? Planned, DateOnly? Current, DateOnly? Delivered,
    bool ReportedDeliveredLate = false);

public sealed record ContractExtensionData(string Id, string MilestoneId, DateOnly? Original, DateOnly? Previous, DateOnly NewDate, string Grounds, string ApprovedBy,
    DateTimeOffset At, string By);

public sealed record BlockerData(string Id, LocalizedText Reason, DateOnly? Since, string Owner, DateOnly? ClearedOn, string? ClearedNote, string Source);

public sealed record ContractDemoValues(decimal Value, DateOnly SignedOn, IReadOnlyList<SyntheticMilestoneValues> Milestones);

/// <summary>A contract's state: the facts as given (null where the source gives none), and labelled demo values beside them.</summary>
public sealed record ContractState(
    string Id, LocalizedText Title, string Unit, string? Contractor, decimal? Value, DateOnly? SignedOn, IReadOnlyList<string> Linked,
    FineRuleView Rule, IReadOnlyList<MilestoneData> Milestones, IReadOnlyList<ContractExtensionData> Extensions, IReadOnlyList<BlockerData> Blockers,
    string Source, LocalizedText? Status, bool Synthetic, ContractDemoValues? Demo = null, DateOnly? TerminationFlaggedOn = null);

/// <summary>
/// A project contract and its milestones. Fines follow <see cref="DelayFines"/>: days late from each milestone's current
/// planned date (approved extensions move it, so the days they cover accrue nothing), at the contract's own rate and
/// floor; past 10 % of the value the contract is flagged for termination review once, with a history event.
/// </summary>
public sealed class ContractAggregate(string id) : EntityAggregate<ContractState>("contract", id)
{
    public override IReadOnlyList<string> Units => State is { } s ? [s.Unit] : [];

    public override bool Synthetic => State is { Synthetic: true } or { Demo: not null };

    public EntityDecision DecideRegister(Actor actor, RegisterContract c, Func<string, bool> unitExists)
    {
        if (Exists)
        {
            return CommandError.Invalid("already-registered", $"Contract '{Id}' is already registered.");
        }
        if (actor.Role != UserRole.Admin)
        {
            return CommandError.Forbidden("Only an administrator (or an import) registers a contract.");
        }
        if (TextRules.CheckName(c.Title.Th, "title.th", TextRules.TitleMaxLength, true, out _) is { } badTh) return badTh;
        if (TextRules.CheckName(c.Title.En, "title.en", TextRules.TitleMaxLength, true, out _) is { } badEn) return badEn;
        if (!TextRules.IsCode(c.Unit) || !unitExists(c.Unit)) return CommandError.Invalid("unknown-unit", $"'{c.Unit}' is not a known unit.", "unit");
        if (c.Contractor is not null && TextRules.CheckName(c.Contractor, "contractor", 300, true, out _) is { } badContractor) return badContractor;
        if (c.Value is < 0) return CommandError.Invalid("invalid-value", "'value' is an amount in baht, not negative.", "value");
        if (!new FineRule(c.FineRule.DailyRatePercent, c.FineRule.DailyFloorBaht).IsValid)
        {
            return CommandError.Invalid("invalid-fine-rule", "The daily rate is 0.01–0.20 % of the value not yet delivered and the floor is not negative.", "fineRule");
        }
        if (c.Milestones.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count() != c.Milestones.Count || c.Milestones.Any(m => !TextRules.IsCode(m.Id.ToUpperInvariant())))
        {
            return CommandError.Invalid("invalid-milestones", "Milestone ids are unique codes.", "milestones");
        }
        if (c.Milestones.Any(m => m.InstalmentValue is < 0))
        {
            return CommandError.Invalid("invalid-value", "An instalment value is not negative.", "milestones");
        }
        return Event(actor, new ContractRegistered(c), null,
            new FieldChange("title", null, c.Title.Th), new FieldChange("unit", null, c.Unit),
            new FieldChange("value", null, c.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not given"),
            new FieldChange("milestones", null, string.Join(", ", c.Milestones.Select(m => m.Id))));
    }

    public EntityDecision DecideDeliver(Actor actor, string milestoneId, DateOnly deliveredOn, string? note, long? expected, DateOnly today)
    {
        if ((RequireExisting() ?? RequireWriter(actor) ?? CheckVersion(expected)) is { } refused) return refused;
        if (TextRules.Check(note, "note", TextRules.NoteMaxLength, false, out var cleaned) is { } badNote) return badNote;
        var milestone = State!.Milestones.FirstOrDefault(m => m.Id == milestoneId);
        if (milestone is null) return CommandError.NotFound($"Milestone '{milestoneId}' does not exist on {Id}.");
        if (milestone.Delivered is not null || milestone.ReportedDeliveredLate) return CommandError.Invalid("already-delivered", $"Milestone '{milestoneId}' is already delivered.");
        if (deliveredOn > today) return CommandError.Invalid("date-in-future", "A delivery date cannot be later than today.", "deliveredOn");
        if (State.SignedOn is { } signed && deliveredOn < signed) return CommandError.Invalid("before-signing", $"The contract was signed on {Iso(signed)}.", "deliveredOn");
        return Event(actor, new MilestoneDelivered(milestoneId, deliveredOn), cleaned.Length == 0 ? null : cleaned,
            new FieldChange($"milestones[{milestoneId}].deliveredOn", null, Iso(deliveredOn)));
    }

    public EntityDecision DecideExtend(Actor actor, string milestoneId, DateOnly newDate, string grounds, string approvedBy, long? expected)
    {
        if ((RequireExisting() ?? RequireWriter(actor) ?? CheckVersion(expected)) is { } refused) return refused;
        if (TextRules.Check(grounds, "grounds", TextRules.NoteMaxLength, true, out var g) is { } badGrounds) return badGrounds;
        if (TextRules.CheckName(approvedBy, "approvedBy", 200, true, out var a) is { } badApprover) return badApprover;
        var milestone = State!.Milestones.FirstOrDefault(m => m.Id == milestoneId);
        if (milestone is null) return CommandError.NotFound($"Milestone '{milestoneId}' does not exist on {Id}.");
        if (milestone.Delivered is not null || milestone.ReportedDeliveredLate) return CommandError.Invalid("already-delivered", "A delivered milestone is not extended.");
        var current = CurrentDate(milestone);
        if (current is { } c && newDate <= c)
        {
            return CommandError.Invalid("not-an-extension", $"An extension moves the date forward: after {Iso(c)}.", "newDate");
        }
        var extensionId = $"ext-{State.Extensions.Count + 1}";
        return Created(actor, new MilestoneExtended(extensionId, milestoneId, current, newDate, g, a), extensionId, g,
            new FieldChange($"milestones[{milestoneId}].currentPlannedDate", current is null ? null : Iso(current), Iso(newDate)));
    }

    public EntityDecision DecideRaiseBlocker(Actor actor, LocalizedText reason, DateOnly since, string owner, long? expected, DateOnly today)
    {
        if ((RequireExisting() ?? RequireWriter(actor) ?? CheckVersion(expected)) is { } refused) return refused;
        if (TextRules.Check(reason.Th, "reason.th", TextRules.NoteMaxLength, true, out var th) is { } badTh) return badTh;
        if (TextRules.Check(reason.En, "reason.en", TextRules.NoteMaxLength, false, out var en) is { } badEn) return badEn;
        if (TextRules.CheckName(owner, "owner", 200, true, out var o) is { } badOwner) return badOwner;
        if (since > today) return CommandError.Invalid("date-in-future", "'since' cannot be later than today.", "since");
        var blockerId = $"blk-{State!.Blockers.Count + 1}";
        return Created(actor, new BlockerRaised(blockerId, new LocalizedText(th, en.Length == 0 ? th : en), since, o, "user"), blockerId, null,
            new FieldChange($"blockers[{blockerId}]", null, th));
    }

    public EntityDecision DecideClearBlocker(Actor actor, string blockerId, DateOnly clearedOn, string note, long? expected, DateOnly today)
    {
        if ((RequireExisting() ?? RequireWriter(actor) ?? CheckVersion(expected)) is { } refused) return refused;
        if (TextRules.Check(note, "note", TextRules.NoteMaxLength, true, out var n) is { } badNote) return badNote;
        var blocker = State!.Blockers.FirstOrDefault(b => b.Id == blockerId);
        if (blocker is null) return CommandError.NotFound($"Blocker '{blockerId}' does not exist on {Id}.");
        if (blocker.ClearedOn is not null) return CommandError.Invalid("already-cleared", $"Blocker '{blockerId}' was cleared on {Iso(blocker.ClearedOn)}.");
        if (clearedOn > today) return CommandError.Invalid("date-in-future", "'clearedOn' cannot be later than today.", "clearedOn");
        if (blocker.Since is { } since && clearedOn < since) return CommandError.Invalid("before-blocker", $"The blocker was raised on {Iso(since)}.", "clearedOn");
        return Event(actor, new BlockerCleared(blockerId, clearedOn, n), n, new FieldChange($"blockers[{blockerId}].clearedOn", null, Iso(clearedOn)));
    }

    public EntityDecision DecideSyntheticValues(Actor actor, SyntheticContractValues values)
    {
        if (RequireExisting() is { } missing) return missing;
        if (actor != Actor.System) return CommandError.Forbidden("Synthetic values are set by demo mode only.");
        if (State!.Demo is not null) return CommandError.Invalid("already-set", "Demo values are already set.");
        var milestones = values.Milestones.Where(m => State.Milestones.Any(x => x.Id == m.MilestoneId))
            .Select(m => new SyntheticMilestoneValues(m.MilestoneId, m.Instalment, m.Planned, m.Delivered)).ToArray();
        return Event(actor, new ContractSyntheticValuesSet(values.Value, values.SignedOn, milestones),
            "ค่าสังเคราะห์สำหรับการสาธิต ไม่ใช่ข้อมูลจริง / Synthetic values for the demonstration, not real data",
            new FieldChange("demo.value", null, values.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The daily check: once the fines pass 10 % of the value, flag the contract for termination review (once).</summary>
    public EntityDecision DecideTerminationReview(DateOnly today)
    {
        if (RequireExisting() is { } missing) return missing;
        if (State!.TerminationFlaggedOn is not null) return CommandError.Invalid("already-flagged", "Already flagged.");
        var (fines, synthetic) = Fines(State, today);
        var (value, valueSynthetic) = (State.Value ?? State.Demo?.Value, State.Value is null && State.Demo is not null);
        if (DelayFines.PassesTerminationLine(fines, value) != true)
        {
            return CommandError.Invalid("below-line", "The fines are within 10 % of the value, or not known.");
        }
        return Event(Actor.System, new TerminationReviewFlagged(today, fines!.Value, value!.Value, synthetic || valueSynthetic),
            "ค่าปรับเกินร้อยละ 10 ของมูลค่าสัญญา ให้พิจารณาบอกเลิกสัญญา (ระเบียบฯ ข้อ 183) / Fines passed 10% of the contract value: consider termination (clause 183)",
            new FieldChange("terminationReview", null, Iso(today)));
    }

    protected override ContractState? Fold(ContractState? state, EntityEventData data, DateTimeOffset at, ActorRef actor) => data switch
    {
        ContractRegistered r when state is null => new ContractState(Id, r.Contract.Title, r.Contract.Unit, r.Contract.Contractor, r.Contract.Value, r.Contract.SignedOn,
            r.Contract.LinkedRecommendations, r.Contract.FineRule,
            r.Contract.Milestones.Select(m => new MilestoneData(m.Id, m.Deliverable, m.InstalmentValue, m.PlannedDate, m.PlannedDate, m.DeliveredOn, m.ReportedDeliveredLate)).ToArray(),
            [], (r.Contract.Blockers ?? []).Select((b, i) => new BlockerData($"blk-{i + 1}", b.Reason, b.Since, b.Owner, null, null, r.Contract.Source)).ToArray(),
            r.Contract.Source, r.Contract.Status, r.Contract.Synthetic),
        MilestoneDelivered d when state is not null => state with
        {
            Milestones = state.Milestones.Select(m => m.Id == d.MilestoneId ? m with { Delivered = d.DeliveredOn } : m).ToArray(),
        },
        MilestoneExtended e when state is not null => state with
        {
            Milestones = state.Milestones.Select(m => m.Id == e.MilestoneId ? m with { Current = e.NewDate } : m).ToArray(),
            Extensions = [.. state.Extensions, new ContractExtensionData(e.ExtensionId, e.MilestoneId,
                state.Milestones.First(m => m.Id == e.MilestoneId).Planned, e.PreviousDate, e.NewDate, e.Grounds, e.ApprovedBy, at, actor.DisplayName)],
        },
        BlockerRaised b when state is not null => state with { Blockers = [.. state.Blockers, new BlockerData(b.BlockerId, b.Reason, b.Since, b.Owner, null, null, b.Source)] },
        BlockerCleared c when state is not null => state with
        {
            Blockers = state.Blockers.Select(b => b.Id == c.BlockerId ? b with { ClearedOn = c.ClearedOn, ClearedNote = c.Note } : b).ToArray(),
        },
        ContractSyntheticValuesSet s when state is not null => state with { Demo = new ContractDemoValues(s.Value, s.SignedOn, s.Milestones) },
        TerminationReviewFlagged f when state is not null => state with { TerminationFlaggedOn = f.On },
        _ => null,
    };

    /// <summary>The current planned date of a milestone: the real one (moved by extensions) or, when the source gives none, the demo one.</summary>
    private DateOnly? CurrentDate(MilestoneData m) => ContractViews.Effective(State!).First(e => e.Milestone.Id == m.Id).Current;

    /// <summary>Total fines accrued as of <paramref name="today"/> (null when any late milestone's fine cannot be computed), and whether demo values went into it.</summary>
    public static (decimal? Total, bool Synthetic) Fines(ContractState state, DateOnly today)
    {
        decimal total = 0;
        var synthetic = false;
        foreach (var m in ContractViews.Effective(state))
        {
            var lateness = DelayFines.For(m.Current, m.Delivered, m.Instalment, new FineRule(state.Rule.DailyRatePercent, state.Rule.DailyFloorBaht), today);
            if (lateness.DaysLate > 0 && lateness.Fine is null)
            {
                return (null, synthetic || m.Synthetic);
            }
            total += lateness.Fine ?? 0;
            synthetic |= m.Synthetic && lateness.DaysLate > 0;
        }
        return (total, synthetic);
    }

    private CommandError? RequireWriter(Actor actor) =>
        actor.Role == UserRole.Admin || (actor.IsUnitOfficer && actor.Unit == State!.Unit)
            ? null
            : CommandError.Forbidden($"Only an officer of {State!.Unit} or an administrator changes this contract.");
}

/// <summary>A milestone's effective figures: the real ones where given, the labelled demo ones where not.</summary>
public sealed record EffectiveMilestone(MilestoneData Milestone, decimal? Instalment, DateOnly? Planned, DateOnly? Current, DateOnly? Delivered, bool Synthetic);
