using System.Globalization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Domain.Recommendations;

/// <summary>A decision on a command: the event to append, or the reason nothing happens.</summary>
public readonly record struct Decision(RecommendationEvent? Event, CommandError? Error, string? CreatedId = null)
{
    public static implicit operator Decision(CommandError error) => new(null, error);
}

/// <summary>
/// A recommendation rebuilt from its history. <c>Decide…</c> methods check a command against the rules and the
/// current state and produce the event to append; <see cref="Apply"/> folds an appended event into the state.
/// Pure: no I/O, no clock (callers pass the time), so it is tested without a cluster.
/// </summary>
public sealed class RecommendationAggregate(string id)
{
    private static readonly DateOnly EarliestDate = new(2000, 1, 1);
    private static readonly DateOnly LatestDate = new(2100, 12, 31);

    private readonly List<ActionItem> _actions = [];
    private readonly List<EvidenceItem> _evidence = [];
    private readonly List<CommentView> _comments = [];
    private readonly List<ExtensionItem> _extensions = [];
    private readonly List<VerificationView> _verifications = [];
    private readonly List<HistoryEntry> _history = [];
    private readonly Dictionary<string, DateOnly> _actionOverdueMarks = new(StringComparer.Ordinal);

    public string Id { get; } = id;
    public long Version { get; private set; }

    /// <summary>
    /// The version of the newest event a person could have seen change something: every event except the system's
    /// overdue marks. A form loaded at this version or later still saves after the daily job marked the item overdue
    /// (ADR 8): the mark changes no field a form edits, so it must not turn a user's save into a conflict.
    /// </summary>
    public long ChangedVersion { get; private set; }

    public bool Exists => Version > 0;
    public string ReportId { get; private set; } = "";
    public string Code { get; private set; } = "";
    public string FindingCode { get; private set; } = "";
    public string? ParentId { get; private set; }
    public int SortOrder { get; private set; }
    public LocalizedText Title { get; private set; } = new("", "");
    public LocalizedText Text { get; private set; } = new("", "");
    public IReadOnlyList<string> Units { get; private set; } = [];
    public IReadOnlyList<string> ChildIds { get; private set; } = [];
    public DateOnly OriginalDueDate { get; private set; }
    public DateOnly DueDate { get; private set; }
    public string DueDateBasis { get; private set; } = "";
    public ResponseView? Response { get; private set; }
    public RecommendationStatus Status { get; private set; }
    public int Progress { get; private set; }
    public DateOnly? MarkedOverdueFor { get; private set; }
    public string? LastNote { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public string LastHash { get; private set; } = "";
    public IReadOnlyList<HistoryEntry> History => _history;

    public bool IsOverdue(DateOnly today) => Status.IsOverdue(DueDate, today);

    // ---------------------------------------------------------------- decisions

    public Decision DecideRegister(RegisterRecommendation command)
    {
        if (Exists)
        {
            return CommandError.Invalid("already-registered", $"Recommendation {Id} is already registered.");
        }
        if (command.Units.Count == 0 || command.Units.Any(u => !TextRules.IsCode(u)))
        {
            return CommandError.Invalid("invalid-units", "A recommendation needs at least one valid responsible unit code.", "units");
        }
        var data = new RecommendationRegistered(command.ReportId, command.Code, command.FindingCode, command.ParentId, command.SortOrder,
            command.Title, command.Text, command.Units.Distinct(StringComparer.Ordinal).ToArray(), command.ChildIds, command.DueDate, command.DueDateBasis);
        return Event(Abstractions.Common.Actor.System, data, null,
            Change("status", null, RecommendationStatus.NotStarted),
            new FieldChange("dueDate", null, Iso(command.DueDate)),
            new FieldChange("units", null, string.Join(",", data.Units)));
    }

    public Decision DecideProgress(Actor actor, UpdateProgress command)
    {
        if (RequireExisting() is { } missing) return missing;
        if (RequireUnitOfficer(actor) is { } forbidden) return forbidden;
        if (TextRules.Check(command.Note, "note", TextRules.NoteMaxLength, required: true, out var note) is { } badNote) return badNote;
        if (command.Progress is < 0 or > 100)
        {
            return CommandError.Invalid("invalid-progress", "'progress' must be a whole number from 0 to 100.", "progress");
        }
        if (command.Status is { } requested && !StatusRules.IsUnitStatus(requested))
        {
            return CommandError.Invalid("auditor-only-status",
                $"'{StatusRules.Describe(requested)}' is set by an auditor through verification, not by the unit.", "status");
        }
        if (CheckVersion(command.ExpectedVersion) is { } conflict) return conflict;
        if (Status.IsClosed())
        {
            return CommandError.Invalid("closed", $"The recommendation is closed ({StatusRules.Describe(Status)}); only an auditor can reopen it.", "status");
        }

        var target = command.Status ?? Status;
        var progress = command.Progress ?? Progress;
        if (command.Status is null && Status == RecommendationStatus.NotStarted && progress > 0)
        {
            target = RecommendationStatus.InProgress;
        }
        if (target == RecommendationStatus.ImplementedPendingVerification && command.Progress is null)
        {
            progress = 100;
        }
        if (target != Status && !StatusRules.UnitMayMove(Status, target))
        {
            return CommandError.Invalid("invalid-transition",
                $"A unit cannot move a recommendation from '{StatusRules.Describe(Status)}' to '{StatusRules.Describe(target)}'.", "status");
        }
        if (target == RecommendationStatus.NotStarted && progress != 0)
        {
            return CommandError.Invalid("inconsistent-progress", "A not-started recommendation has progress 0.", "progress");
        }
        if (target == RecommendationStatus.ImplementedPendingVerification && progress != 100)
        {
            return CommandError.Invalid("inconsistent-progress", "A recommendation reported as implemented has progress 100.", "progress");
        }
        // A progress note on its own is a change: it is recorded (with no field changes) and shown in the history.
        return Event(actor, new ProgressUpdated(target, progress), note,
            Change("status", Status, target), Change("progress", Progress, progress));
    }

    public Decision DecideResponse(Actor actor, RecordResponse command)
    {
        if (RequireExisting() is { } missing) return missing;
        if (RequireUnitOfficerOrAuditor(actor) is { } forbidden) return forbidden;
        if (TextRules.Check(command.Note, "note", TextRules.NoteMaxLength, required: false, out var note) is { } badNote) return badNote;
        if (CheckVersion(command.ExpectedVersion) is { } conflict) return conflict;
        if (Response?.Response == command.Response && string.IsNullOrEmpty(note))
        {
            return CommandError.Invalid("no-change", "The response is already recorded as given.");
        }
        return Event(actor, new ResponseRecorded(command.Response), NullIfEmpty(note),
            Change("response", Response?.Response, command.Response));
    }

    public Decision DecideAddAction(Actor actor, AddAction command, Func<string, bool> unitExists)
    {
        if (RequireExisting() is { } missing) return missing;
        if (RequireUnitOfficer(actor) is { } forbidden) return forbidden;
        if (TextRules.CheckName(command.Title, "title", TextRules.TitleMaxLength, required: true, out var title) is { } badTitle) return badTitle;
        if (TextRules.Check(command.Note, "note", TextRules.NoteMaxLength, required: false, out var note) is { } badNote) return badNote;
        if (CheckActionFields(command.OwnerUnit, command.DueDate, command.Progress, unitExists) is { } invalid) return invalid;
        if (CheckVersion(command.ExpectedVersion) is { } conflict) return conflict;
        if (RequireOpen() is { } closed) return closed;
        var (status, progress) = NormaliseAction(command.Status, command.Progress);
        var actionId = $"act-{_actions.Count + 1}";
        return new Decision(Make(actor, new ActionAdded(actionId, title, command.OwnerUnit, command.DueDate, status, progress), NullIfEmpty(note),
        [
            new FieldChange($"actions[{actionId}].title", null, title),
            new FieldChange($"actions[{actionId}].ownerUnit", null, command.OwnerUnit),
            new FieldChange($"actions[{actionId}].dueDate", null, Iso(command.DueDate)),
            Change($"actions[{actionId}].status", null, status)!,
            new FieldChange($"actions[{actionId}].progress", null, progress.ToString(CultureInfo.InvariantCulture)),
        ]), null, actionId);
    }

    public Decision DecideUpdateAction(Actor actor, UpdateAction command, Func<string, bool> unitExists)
    {
        if (RequireExisting() is { } missing) return missing;
        if (RequireUnitOfficer(actor) is { } forbidden) return forbidden;
        var action = _actions.Find(a => a.Id == command.ActionId);
        if (action is null)
        {
            return CommandError.NotFound($"Action '{command.ActionId}' does not exist on {Code}.");
        }
        var title = action.Title;
        if (command.Title is not null && TextRules.CheckName(command.Title, "title", TextRules.TitleMaxLength, required: true, out title) is { } badTitle) return badTitle;
        if (TextRules.Check(command.Note, "note", TextRules.NoteMaxLength, required: false, out var note) is { } badNote) return badNote;
        var owner = command.OwnerUnit ?? action.OwnerUnit;
        var due = command.DueDate ?? action.DueDate;
        if (CheckActionFields(owner, due, command.Progress ?? action.Progress, unitExists) is { } invalid) return invalid;
        if (CheckVersion(command.ExpectedVersion) is { } conflict) return conflict;
        if (RequireOpen() is { } closed) return closed;
        var (status, progress) = NormaliseAction(command.Status ?? action.Status, command.Progress ?? action.Progress);
        var prefix = $"actions[{action.Id}]";
        var changes = new List<FieldChange>();
        if (title != action.Title) changes.Add(new FieldChange($"{prefix}.title", action.Title, title));
        if (owner != action.OwnerUnit) changes.Add(new FieldChange($"{prefix}.ownerUnit", action.OwnerUnit, owner));
        if (due != action.DueDate) changes.Add(new FieldChange($"{prefix}.dueDate", Iso(action.DueDate), Iso(due)));
        if (status != action.Status) changes.Add(Change($"{prefix}.status", action.Status, status)!);
        if (progress != action.Progress) changes.Add(new FieldChange($"{prefix}.progress", Num(action.Progress), Num(progress)));
        if (changes.Count == 0)
        {
            return CommandError.Invalid("no-change", $"Action '{action.Id}' already has these values.");
        }
        return new Decision(Make(actor, new ActionUpdated(action.Id, title, owner, due, status, progress), NullIfEmpty(note), changes), null, action.Id);
    }

    public Decision DecideAddEvidence(Actor actor, AddEvidence command, string contentType, long size, string sha256)
    {
        if (RequireExisting() is { } missing) return missing;
        if (RequireUnitOfficerOrAuditor(actor) is { } forbidden) return forbidden;
        if (TextRules.Check(command.Description, "description", TextRules.NoteMaxLength, required: false, out var description) is { } bad) return bad;
        var fileName = Evidence.EvidenceInspector.CleanFileName(command.FileName);
        if (TextRules.CheckName(fileName, "fileName", TextRules.FileNameMaxLength, required: true, out fileName) is { } badName) return badName;
        if (CheckVersion(command.ExpectedVersion) is { } conflict) return conflict;
        var evidenceId = $"ev-{_evidence.Count + 1}";
        return new Decision(Make(actor, new EvidenceAdded(evidenceId, fileName, contentType, size, sha256, NullIfEmpty(description)), null,
        [
            new FieldChange($"evidence[{evidenceId}]", null, $"{fileName} ({contentType}, {size} bytes, sha256 {sha256})"),
        ]), null, evidenceId);
    }

    public Decision DecideWithdrawEvidence(Actor actor, WithdrawEvidence command)
    {
        if (RequireExisting() is { } missing) return missing;
        if (RequireUnitOfficerOrAuditor(actor) is { } forbidden) return forbidden;
        var evidence = _evidence.Find(e => e.Id == command.EvidenceId);
        if (evidence is null)
        {
            return CommandError.NotFound($"Evidence '{command.EvidenceId}' does not exist on {Code}.");
        }
        if (TextRules.Check(command.Reason, "reason", TextRules.NoteMaxLength, required: true, out var reason) is { } bad) return bad;
        if (CheckVersion(command.ExpectedVersion) is { } conflict) return conflict;
        if (evidence.Withdrawn)
        {
            return CommandError.Invalid("already-withdrawn", $"Evidence '{evidence.Id}' was already withdrawn.");
        }
        return new Decision(Make(actor, new EvidenceWithdrawn(evidence.Id, reason), reason,
        [
            new FieldChange($"evidence[{evidence.Id}].withdrawn", "false", "true"),
        ]), null, evidence.Id);
    }

    public Decision DecideComment(Actor actor, AddComment command)
    {
        if (RequireExisting() is { } missing) return missing;
        if (RequireUnitOfficerOrAuditor(actor) is { } forbidden) return forbidden;
        if (TextRules.Check(command.Text, "text", TextRules.NoteMaxLength, required: true, out var text) is { } bad) return bad;
        if (CheckVersion(command.ExpectedVersion) is { } conflict) return conflict;
        var commentId = $"cmt-{_comments.Count + 1}";
        return new Decision(Make(actor, new CommentAdded(commentId, text), null,
        [
            new FieldChange($"comments[{commentId}]", null, text),
        ]), null, commentId);
    }

    /// <param name="today">Today (Thai): a requested date must be later than both the current due date and today.</param>
    public Decision DecideRequestExtension(Actor actor, RequestExtension command, DateOnly today)
    {
        if (RequireExisting() is { } missing) return missing;
        if (RequireUnitOfficer(actor) is { } forbidden) return forbidden;
        if (TextRules.Check(command.Reason, "reason", TextRules.NoteMaxLength, required: true, out var reason) is { } bad) return bad;
        if (command.RequestedDueDate <= DueDate)
        {
            return CommandError.Invalid("not-an-extension",
                $"The requested due date must be after the current due date ({Iso(DueDate)}).", "requestedDueDate");
        }
        if (command.RequestedDueDate <= today)
        {
            return CommandError.Invalid("extension-in-past",
                $"The requested due date must be after today ({Iso(today)}): an extension moves the due date forward.", "requestedDueDate");
        }
        if (command.RequestedDueDate > DueDate.AddYears(5) || command.RequestedDueDate > LatestDate)
        {
            return CommandError.Invalid("extension-too-long", "An extension may move the due date by at most five years.", "requestedDueDate");
        }
        if (CheckVersion(command.ExpectedVersion) is { } conflict) return conflict;
        if (RequireOpen() is { } closed) return closed;
        if (_extensions.Any(x => x.Status == ExtensionStatus.Pending))
        {
            return CommandError.Invalid("extension-pending", "An extension request is already waiting for the auditor's decision.");
        }
        var extensionId = $"ext-{_extensions.Count + 1}";
        return new Decision(Make(actor, new ExtensionRequested(extensionId, DueDate, command.RequestedDueDate, reason), reason,
        [
            new FieldChange($"extensions[{extensionId}].requestedDueDate", Iso(DueDate), Iso(command.RequestedDueDate)),
            Change($"extensions[{extensionId}].status", null, ExtensionStatus.Pending)!,
        ]), null, extensionId);
    }

    /// <param name="today">Today (Thai): an approval cannot move the due date to a day that has already come.</param>
    public Decision DecideExtension(Actor actor, DecideExtension command, DateOnly today)
    {
        if (RequireExisting() is { } missing) return missing;
        if (RequireAuditor(actor) is { } forbidden) return forbidden;
        var extension = _extensions.Find(x => x.Id == command.ExtensionId);
        if (extension is null)
        {
            return CommandError.NotFound($"Extension request '{command.ExtensionId}' does not exist on {Code}.");
        }
        if (TextRules.Check(command.Note, "note", TextRules.NoteMaxLength, required: true, out var note) is { } bad) return bad;
        if (CheckVersion(command.ExpectedVersion) is { } conflict) return conflict;
        if (extension.Status != ExtensionStatus.Pending)
        {
            return CommandError.Invalid("already-decided", $"Extension request '{extension.Id}' was already {OversightJson.EnumValue(extension.Status)}.");
        }
        if (command.Decision == ExtensionDecision.Approve && extension.RequestedDueDate <= today)
        {
            return CommandError.Invalid("extension-date-passed",
                $"The requested due date {Iso(extension.RequestedDueDate)} is not after today ({Iso(today)}): reject it, and the unit can ask for a later date.", "decision");
        }
        var after = command.Decision == ExtensionDecision.Approve ? extension.RequestedDueDate : DueDate;
        var status = command.Decision == ExtensionDecision.Approve ? ExtensionStatus.Approved : ExtensionStatus.Rejected;
        var changes = new List<FieldChange> { Change($"extensions[{extension.Id}].status", ExtensionStatus.Pending, status)! };
        if (after != DueDate)
        {
            changes.Add(new FieldChange("dueDate", Iso(DueDate), Iso(after)));
        }
        return new Decision(Make(actor, new ExtensionDecided(extension.Id, command.Decision, DueDate, after), note, changes), null, extension.Id);
    }

    /// <param name="childStatuses">Statuses of the sub-recommendations; a parent closes as implemented only when all of them are closed.</param>
    public Decision DecideVerification(Actor actor, Verify command, IReadOnlyList<RecommendationStatus> childStatuses)
    {
        if (RequireExisting() is { } missing) return missing;
        if (RequireAuditor(actor) is { } forbidden) return forbidden;
        if (TextRules.Check(command.Note, "note", TextRules.NoteMaxLength, required: true, out var note) is { } bad) return bad;
        if (CheckVersion(command.ExpectedVersion) is { } conflict) return conflict;
        if (StatusRules.AfterVerification(Status, command.Decision) is not { } target)
        {
            return CommandError.Invalid("invalid-transition",
                $"'{OversightJson.EnumValue(command.Decision)}' does not apply to a recommendation that is '{StatusRules.Describe(Status)}'." +
                (command.Decision is VerificationDecision.Implemented or VerificationDecision.PartlyImplemented
                    ? " The unit must first report it as implemented-pending-verification." : ""), "decision");
        }
        if (command.Decision is VerificationDecision.Implemented or VerificationDecision.PartlyImplemented
            && childStatuses.Any(s => !s.IsClosed()))
        {
            return CommandError.Invalid("children-open", "Every sub-recommendation must be closed before the parent is closed as implemented.", "decision");
        }
        string? noEvidenceReason = null;
        if (command.NoEvidenceReason is not null)
        {
            if (TextRules.Check(command.NoEvidenceReason, "noEvidenceReason", TextRules.NoteMaxLength, required: true, out var reason) is { } badReason) return badReason;
            noEvidenceReason = reason;
        }
        if (command.Decision is VerificationDecision.Implemented or VerificationDecision.PartlyImplemented
            && !_evidence.Any(e => !e.Withdrawn) && noEvidenceReason is null)
        {
            return CommandError.Invalid("evidence-required",
                "Closing as implemented or partly implemented needs at least one evidence item that is not withdrawn, or a 'noEvidenceReason' from the auditor.", "noEvidenceReason");
        }
        if (noEvidenceReason is not null && command.Decision is not (VerificationDecision.Implemented or VerificationDecision.PartlyImplemented))
        {
            return CommandError.Invalid("no-evidence-reason-not-applicable", "'noEvidenceReason' applies only to closing as implemented or partly implemented.", "noEvidenceReason");
        }
        var progress = target switch
        {
            RecommendationStatus.ClosedImplemented => 100,
            RecommendationStatus.InProgress => Math.Min(Progress, 99),
            _ => Progress,
        };
        return Event(actor, new VerificationRecorded(command.Decision, Status, target, progress, noEvidenceReason), note,
            Change("status", Status, target), Change("progress", Progress, progress),
            noEvidenceReason is null ? null : new FieldChange("noEvidenceReason", null, noEvidenceReason));
    }

    /// <summary>
    /// A sub-recommendation was reopened at <paramref name="childReopenedAt"/>: its parent, closed before then, opens
    /// again too (in progress), with a history event that names the sub-recommendation, so parent and children never
    /// disagree (<see cref="ParentLagsChild"/>). A parent that is open ("not-closed"), or was closed after that reopen
    /// ("closed-after-child"), is left as it is.
    /// </summary>
    public Decision DecideReopenForChild(Actor actor, string childId, string childCode, DateTimeOffset childReopenedAt)
    {
        if (RequireExisting() is { } missing) return missing;
        if (!ChildIds.Contains(childId))
        {
            return CommandError.Invalid("not-a-child", $"{childId} is not a sub-recommendation of {Code}.");
        }
        if (!Status.IsClosed())
        {
            return CommandError.Invalid("not-closed", $"{Code} is not closed.");
        }
        if (!ParentLagsChild(ClosedAt, RecommendationStatus.InProgress, childReopenedAt))
        {
            return CommandError.Invalid("closed-after-child", $"{Code} was closed after {childCode} was reopened.");
        }
        var progress = Math.Min(Progress, 99);
        var note = $"เปิดใหม่เพราะข้อเสนอแนะย่อย {childCode} ถูกเปิดใหม่ / Reopened because sub-recommendation {childCode} was reopened.";
        return Event(actor, new ReopenedWithChild(childId, childCode, Status, RecommendationStatus.InProgress, progress), note,
            Change("status", Status, RecommendationStatus.InProgress), Change("progress", Progress, progress));
    }

    /// <summary>The daily job: record, once per due date, that the recommendation and/or its open actions went past due.</summary>
    public Decision DecideMarkOverdue(DateOnly today)
    {
        if (!Exists)
        {
            return CommandError.NotFound($"Recommendation '{Id}' does not exist.");
        }
        var recommendation = IsOverdue(today) && MarkedOverdueFor != DueDate;
        var actions = _actions
            .Where(a => a.ToView(today).Overdue && (!_actionOverdueMarks.TryGetValue(a.Id, out var marked) || marked != a.DueDate))
            .Select(a => a.Id)
            .ToArray();
        if (!recommendation && actions.Length == 0)
        {
            return CommandError.Invalid("not-overdue", "Nothing newly overdue.");
        }
        var changes = new List<FieldChange>();
        if (recommendation)
        {
            changes.Add(new FieldChange("overdue", "false", "true"));
        }
        changes.AddRange(actions.Select(id => new FieldChange($"actions[{id}].overdue", "false", "true")));
        return new Decision(Make(Abstractions.Common.Actor.System, new MarkedOverdue(today, recommendation ? DueDate : null, actions.Length == 0 ? null : actions), null, changes), null);
    }

    /// <summary>When the recommendation was closed, while it is closed (only an auditor's verification closes one).</summary>
    public DateTimeOffset? ClosedAt => Status.IsClosed() ? _verifications.LastOrDefault(v => v.StatusAfter.IsClosed())?.At : null;

    /// <summary>
    /// The one rule of parent and children: a parent closed at <paramref name="parentClosedAt"/> disagrees with a
    /// sub-recommendation that is open because it was reopened since (the parent should have reopened with it; the same
    /// instant counts as since). A parent closed after the reopen agrees: an auditor may close a parent as not implemented
    /// while a sub-recommendation is open.
    /// </summary>
    public static bool ParentLagsChild(DateTimeOffset? parentClosedAt, RecommendationStatus childStatus, DateTimeOffset? childReopenedAt) =>
        parentClosedAt is { } closed && childReopenedAt is { } reopened && reopened >= closed && !childStatus.IsClosed();

    // ---------------------------------------------------------------- fold

    /// <summary>Folds one appended event (seq must be Version + 1) into the state.</summary>
    public void Apply(long seq, DateTimeOffset at, RecommendationEvent @event, string prevHash, string hash)
    {
        if (seq != Version + 1)
        {
            throw new InvalidOperationException($"Event {seq} of {Id} does not follow version {Version}.");
        }
        var who = @event.Actor.Username;
        switch (@event.Data)
        {
            case RecommendationRegistered e:
                ReportId = e.ReportId;
                Code = e.Code;
                FindingCode = e.FindingCode;
                ParentId = e.ParentId;
                SortOrder = e.SortOrder;
                Title = e.Title;
                Text = e.Text;
                Units = e.Units;
                ChildIds = e.ChildIds;
                OriginalDueDate = DueDate = e.DueDate;
                DueDateBasis = e.DueDateBasis;
                Status = RecommendationStatus.NotStarted;
                Progress = 0;
                CreatedAt = at;
                break;
            case ResponseRecorded e:
                Response = new ResponseView(e.Response, @event.Note ?? "", at, who);
                break;
            case ProgressUpdated e:
                Status = e.Status;
                Progress = e.Progress;
                break;
            case ActionAdded e:
                _actions.Add(new ActionItem(e.ActionId, e.Title, e.OwnerUnit, e.DueDate, e.Status, e.Progress, at, who, at));
                break;
            case ActionUpdated e:
                var index = _actions.FindIndex(a => a.Id == e.ActionId);
                _actions[index] = _actions[index] with { Title = e.Title, OwnerUnit = e.OwnerUnit, DueDate = e.DueDate, Status = e.Status, Progress = e.Progress, UpdatedAt = at };
                break;
            case EvidenceAdded e:
                _evidence.Add(new EvidenceItem(e.EvidenceId, e.FileName, e.ContentType, e.Size, e.Sha256, e.Description, at, who));
                break;
            case EvidenceWithdrawn e:
                var evidence = _evidence.FindIndex(x => x.Id == e.EvidenceId);
                _evidence[evidence] = _evidence[evidence] with { Withdrawn = true, WithdrawnReason = e.Reason, WithdrawnAt = at, WithdrawnBy = who };
                break;
            case CommentAdded e:
                _comments.Add(new CommentView(e.CommentId, e.Text, at, @event.Actor));
                break;
            case ExtensionRequested e:
                _extensions.Add(new ExtensionItem(e.ExtensionId, OriginalDueDate, e.CurrentDueDate, e.RequestedDueDate, e.Reason, at, who));
                break;
            case ExtensionDecided e:
                var extension = _extensions.FindIndex(x => x.Id == e.ExtensionId);
                _extensions[extension] = _extensions[extension] with
                {
                    Status = e.Decision == ExtensionDecision.Approve ? ExtensionStatus.Approved : ExtensionStatus.Rejected,
                    DecisionNote = @event.Note,
                    DecidedAt = at,
                    DecidedBy = who,
                };
                DueDate = e.DueDateAfter;
                break;
            case VerificationRecorded e:
                Status = e.StatusAfter;
                Progress = e.ProgressAfter;
                _verifications.Add(new VerificationView(e.Decision, @event.Note ?? "", at, who, e.StatusBefore, e.StatusAfter, e.NoEvidenceReason));
                break;
            case ReopenedWithChild e:
                Status = e.StatusAfter;
                Progress = e.ProgressAfter;
                _verifications.Add(new VerificationView(VerificationDecision.Reopen, @event.Note ?? "", at, who, e.StatusBefore, e.StatusAfter, null, e.ChildId));
                break;
            case MarkedOverdue e:
                if (e.DueDate is { } due)
                {
                    MarkedOverdueFor = due;
                }
                foreach (var actionId in e.ActionIds ?? [])
                {
                    if (_actions.Find(a => a.Id == actionId) is { } action)
                    {
                        _actionOverdueMarks[actionId] = action.DueDate;
                    }
                }
                break;
            default:
                throw new InvalidOperationException($"Unknown event type {@event.Data.GetType().Name}.");
        }
        if (@event.Note is { Length: > 0 } note && @event.Data is not CommentAdded)
        {
            LastNote = note;
        }
        Version = seq;
        if (@event.Data is not MarkedOverdue)
        {
            ChangedVersion = seq;
        }
        UpdatedAt = at;
        UpdatedBy = who;
        LastHash = hash;
        _history.Add(new HistoryEntry(seq, at, @event.Actor, @event.Data.Type, @event.Changes, @event.Note, prevHash, hash));
    }

    // ---------------------------------------------------------------- views

    public RecommendationSummary ToSummary()
    {
        var pending = _extensions.Find(x => x.Status == ExtensionStatus.Pending);
        var reopened = _verifications.LastOrDefault(v => v.Decision == VerificationDecision.Reopen);
        return new(Id, Code, ReportId, FindingCode, ParentId, SortOrder, Title, Units, Response?.Response, Status, Progress, DueDate,
            Version, UpdatedAt, UpdatedBy, pending?.Id, pending?.RequestedDueDate, reopened?.At);
    }

    public RecommendationDetail ToDetail(DateOnly today) => new(
        ToSummary(), Text, ChildIds, OriginalDueDate, DueDateBasis, Response,
        _actions.Select(a => a.ToView(today)).ToArray(),
        _evidence.Select(e => e.ToView()).ToArray(),
        _comments.ToArray(),
        _extensions.Select(x => x.ToView()).ToArray(),
        _verifications.ToArray(),
        _history.ToArray(),
        LastNote,
        CreatedAt);

    public EvidenceView? FindEvidence(string evidenceId) => _evidence.Find(e => e.Id == evidenceId)?.ToView();

    /// <summary>The SHA-256 of every evidence file ever attached (withdrawn ones too: evidence is never deleted).</summary>
    public IEnumerable<string> EvidenceHashes => _evidence.Select(e => e.Sha256).Distinct(StringComparer.Ordinal);

    /// <summary>The unit's actions that are past due and not finished.</summary>
    public IEnumerable<ActionItemView> OverdueActions(DateOnly today) =>
        _actions.Select(a => a.ToView(today)).Where(a => a.Overdue);

    // ---------------------------------------------------------------- helpers

    private CommandError? RequireExisting() => Exists ? null : CommandError.NotFound($"Recommendation '{Id}' does not exist.");

    private CommandError? RequireOpen() => Status.IsClosed()
        ? CommandError.Invalid("closed", $"The recommendation is closed ({StatusRules.Describe(Status)}): units cannot change it until an auditor reopens it.")
        : null;

    /// <summary>A stale form is a conflict; one that only missed overdue marks (see <see cref="ChangedVersion"/>) is not.</summary>
    private CommandError? CheckVersion(long? expected) =>
        expected is { } v && (v < ChangedVersion || v > Version) ? CommandError.Conflict(Version) : null;

    /// <summary>
    /// Every unit write goes through here: the officer's unit must be responsible, and a closed or
    /// no-longer-applicable recommendation is read-only for units until an auditor reopens it.
    /// </summary>
    private CommandError? RequireUnitOfficer(Actor actor)
    {
        if (!(actor.IsUnitOfficer && actor.Unit is { } unit && Units.Contains(unit)))
        {
            return CommandError.Forbidden(actor.IsUnitOfficer
                ? $"Unit {actor.Unit} is not responsible for {Code}; it is assigned to {string.Join(", ", Units)}."
                : $"Only an officer of a responsible unit ({string.Join(", ", Units)}) may do this.");
        }
        return RequireOpen();
    }

    private CommandError? RequireUnitOfficerOrAuditor(Actor actor)
    {
        if (actor.IsAuditor)
        {
            return null;
        }
        if (!(actor.IsUnitOfficer && actor.Unit is { } unit && Units.Contains(unit)))
        {
            return CommandError.Forbidden($"Only an auditor or an officer of a responsible unit ({string.Join(", ", Units)}) may do this.");
        }
        return RequireOpen();
    }

    private static CommandError? RequireAuditor(Actor actor) => actor.IsAuditor ? null : CommandError.Forbidden("Only an auditor may do this.");

    private static CommandError? CheckActionFields(string ownerUnit, DateOnly dueDate, int progress, Func<string, bool> unitExists)
    {
        if (!TextRules.IsCode(ownerUnit) || !unitExists(ownerUnit))
        {
            return CommandError.Invalid("unknown-unit", $"'{ownerUnit}' is not a known unit code.", "ownerUnit");
        }
        if (dueDate < EarliestDate || dueDate > LatestDate)
        {
            return CommandError.Invalid("invalid-date", "'dueDate' must be a date between 2000-01-01 and 2100-12-31.", "dueDate");
        }
        if (progress is < 0 or > 100)
        {
            return CommandError.Invalid("invalid-progress", "'progress' must be a whole number from 0 to 100.", "progress");
        }
        return null;
    }

    /// <summary>A completed action is at 100%; an action with progress has started.</summary>
    private static (ActionStatus Status, int Progress) NormaliseAction(ActionStatus status, int progress) => status switch
    {
        ActionStatus.Completed => (status, 100),
        ActionStatus.NotStarted when progress > 0 => (ActionStatus.InProgress, progress),
        _ => (status, progress),
    };

    private Decision Event(Actor actor, RecommendationEventData data, string? note, params FieldChange?[] changes) =>
        new(Make(actor, data, note, changes.OfType<FieldChange>().ToArray()), null);

    private static RecommendationEvent Make(Actor actor, RecommendationEventData data, string? note, IReadOnlyList<FieldChange> changes) =>
        new(ActorRef.From(actor), changes, note, data);

    private static FieldChange? Change<T>(string field, T? before, T after) where T : struct, Enum =>
        before is { } b && EqualityComparer<T>.Default.Equals(b, after) ? null : new FieldChange(field, before is { } x ? OversightJson.EnumValue(x) : null, OversightJson.EnumValue(after));

    private static FieldChange? Change(string field, int before, int after) => before == after ? null : new FieldChange(field, Num(before), Num(after));

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private sealed record ActionItem(string Id, string Title, string OwnerUnit, DateOnly DueDate, ActionStatus Status, int Progress,
        DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt)
    {
        public ActionItemView ToView(DateOnly today) => new(Id, Title, OwnerUnit, DueDate, Status, Progress,
            Status is ActionStatus.NotStarted or ActionStatus.InProgress && DueDate < today, CreatedAt, CreatedBy, UpdatedAt);
    }

    private sealed record EvidenceItem(string Id, string FileName, string ContentType, long Size, string Sha256, string? Description,
        DateTimeOffset UploadedAt, string UploadedBy, bool Withdrawn = false, string? WithdrawnReason = null,
        DateTimeOffset? WithdrawnAt = null, string? WithdrawnBy = null)
    {
        public EvidenceView ToView() => new(Id, FileName, ContentType, Size, Sha256, Description, UploadedAt, UploadedBy,
            Withdrawn, WithdrawnReason, WithdrawnAt, WithdrawnBy);
    }

    private sealed record ExtensionItem(string Id, DateOnly OriginalDueDate, DateOnly DueDateAtRequest, DateOnly RequestedDueDate, string Reason,
        DateTimeOffset RequestedAt, string RequestedBy, ExtensionStatus Status = ExtensionStatus.Pending, string? DecisionNote = null,
        DateTimeOffset? DecidedAt = null, string? DecidedBy = null)
    {
        public ExtensionView ToView() => new(Id, OriginalDueDate, DueDateAtRequest, RequestedDueDate, Reason, RequestedAt, RequestedBy,
            Status, DecisionNote, DecidedAt, DecidedBy);
    }
}
