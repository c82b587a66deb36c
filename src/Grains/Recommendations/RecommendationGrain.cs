using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Telemetry;
using Oversight.Grains.Abstractions.Units;
using Oversight.Grains.Domain.Evidence;
using Oversight.Grains.Domain.Recommendations;
using Oversight.Grains.Live;
using Oversight.Storage.Blobs;
using Oversight.Storage.Events;
using Oversight.Storage.ReadModel;

namespace Oversight.Grains.Recommendations;

/// <summary>
/// A recommendation. Its state is its event stream in the append-only store; each accepted command is appended
/// (with the read-model row, in one transaction) before the call returns, then announced to the board and live feed.
/// </summary>
public sealed class RecommendationGrain(
    IEventStore events,
    IBlobStore blobs,
    IRecommendationReadStore readModel,
    IChangePublisher changes,
    TimeProvider time,
    ILogger<RecommendationGrain> logger) : Grain, IRecommendationGrain, IIncomingGrainCallFilter
{
    private RecommendationAggregate _state = null!;

    // Calls this activation has taken: an activation whose only call is the daily overdue check leaves at once, so the
    // job does not leave every open recommendation in memory (100,000 at the SAO's scale) until idle collection.
    private int _calls;
    private IBoardGrain? _board;

    // The read-model row this activation wrote with its last append: the next append writes only what changed from it
    // (RecommendationProjection). Null until then, and again after a reload: a first write writes the whole row.
    private RecommendationSummaryRow? _written;

    private string Id => this.GetPrimaryKeyString();

    private DateOnly Today => ThaiClock.Today(time);

    // A damaged history is not fatal to the activation: every call reports it (HistoryDamagedException) until the
    // stream reads cleanly again, so reads say what is wrong and no write lands on top of it.
    private HistoryDamagedException? _damage;

    /// <summary>How often a reopened sub-recommendation asks its closed parent to reopen before it leaves that to <see cref="ReconcileParentAsync"/>.</summary>
    internal const int ParentAttempts = 3;

    private static readonly TimeSpan ParentRetryDelay = TimeSpan.FromMilliseconds(100);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        await ReconcileParentAsync();
        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>
    /// Parent and children agree, even when this sub-recommendation's reopen was durable but its parent's was not (the
    /// parent's write failed every attempt, or the host stopped in between): an open sub-recommendation with a reopen on
    /// record, whose parent the register shows closed, asks the parent again whenever it is activated and at the daily
    /// overdue job's check, which visits every open recommendation, so this happens within a day even if nobody opens
    /// it. The parent decides by its own close time (<see cref="RecommendationAggregate.ParentLagsChild"/>), so asking
    /// again is harmless.
    /// </summary>
    private async Task ReconcileParentAsync()
    {
        if (_damage is not null || _state.ParentId is not { } parentId || _state.Status.IsClosed() || _state.ToSummary().ReopenedAt is null)
        {
            return;
        }
        try
        {
            if (await readModel.GetAsync(parentId) is { } parent && StatusOf(parent)?.IsClosed() == true)
            {
                await ReopenParentAsync(Actor.System, parentId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "{Child} could not check its parent {Parent}; it checks again at its next activation", Id, parentId);
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _written = null;
            _state = await LoadAsync(cancellationToken);
            _damage = null;
        }
        catch (HistoryDamagedException e)
        {
            logger.LogError("History of {Stream} is damaged at seq {Seq}: {Reason}", e.StreamId, e.Seq, e.Reason);
            _state = new RecommendationAggregate(Id);
            _damage = e;
        }
    }

    /// <summary>Throws when the stream could not be read; tries again first, in case it was repaired.</summary>
    private async Task EnsureReadableAsync()
    {
        if (_damage is not null)
        {
            await ReloadAsync(CancellationToken.None);
            if (_damage is { } damage)
            {
                throw new HistoryDamagedException(damage.StreamId, damage.Seq, damage.Reason);
            }
        }
    }

    public async Task<CommandResult> RegisterAsync(RegisterRecommendation command)
    {
        await EnsureReadableAsync();
        if (_state.Exists)
        {
            return CommandResult.Success(_state.Version);
        }
        return await CommitAsync(Actor.System, _state.DecideRegister(command));
    }

    public async Task<bool> ExistsAsync()
    {
        await EnsureReadableAsync();
        return _state.Exists;
    }

    public async Task<RecommendationSummary?> GetSummaryAsync()
    {
        await EnsureReadableAsync();
        return _state.Exists ? _state.ToSummary() : null;
    }

    public async Task<RecommendationDetail?> GetDetailAsync()
    {
        await EnsureReadableAsync();
        return _state.Exists ? _state.ToDetail(Today) : null;
    }

    public async Task<RecommendationDetail?> GetDetailAsOfAsync(DateOnly asOf)
    {
        var cutoff = new DateTimeOffset(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue), ThaiClock.Offset);
        var aggregate = RecommendationStream.Replay(Id, await events.ReadStreamAsync(Id), cutoff);
        return aggregate.Exists ? aggregate.ToDetail(asOf) : null;
    }

    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync()
    {
        await EnsureReadableAsync();
        return _state.History.ToArray();
    }

    public async Task<CommandResult> UpdateProgressAsync(Actor actor, UpdateProgress command)
    {
        await EnsureReadableAsync();
        return await CommitAsync(actor, _state.DecideProgress(actor, command));
    }

    public async Task<CommandResult> RecordResponseAsync(Actor actor, RecordResponse command)
    {
        await EnsureReadableAsync();
        return await CommitAsync(actor, _state.DecideResponse(actor, command));
    }

    public async Task<CommandResult> AddActionAsync(Actor actor, AddAction command)
    {
        await EnsureReadableAsync();
        var known = await UnitExistsAsync(command.OwnerUnit);
        return await CommitAsync(actor, _state.DecideAddAction(actor, command, code => code == command.OwnerUnit && known));
    }

    public async Task<CommandResult> UpdateActionAsync(Actor actor, UpdateAction command)
    {
        await EnsureReadableAsync();
        var known = command.OwnerUnit is null || await UnitExistsAsync(command.OwnerUnit);
        return await CommitAsync(actor, _state.DecideUpdateAction(actor, command, code => command.OwnerUnit is null || (code == command.OwnerUnit && known)));
    }

    public async Task<CommandResult> AddEvidenceAsync(Actor actor, AddEvidence command, Immutable<byte[]> content)
    {
        await EnsureReadableAsync();
        var bytes = content.Value ?? [];
        var verdict = EvidenceInspector.Inspect(bytes, command.FileName);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        // Rules and rights first, so a refused upload stores nothing.
        var decision = _state.DecideAddEvidence(actor, command, verdict.ContentType ?? "application/octet-stream", bytes.LongLength, sha256);
        if (decision.Error is not null)
        {
            return CommandResult.Failure(decision.Error);
        }
        if (verdict.Error is not null)
        {
            return CommandResult.Failure(verdict.Error);
        }
        await blobs.PutAsync(sha256, verdict.ContentType!, bytes);
        return await CommitAsync(actor, decision);
    }

    public async Task<CommandResult> WithdrawEvidenceAsync(Actor actor, WithdrawEvidence command)
    {
        await EnsureReadableAsync();
        return await CommitAsync(actor, _state.DecideWithdrawEvidence(actor, command));
    }

    public async Task<EvidenceContent?> GetEvidenceAsync(string evidenceId)
    {
        await EnsureReadableAsync();
        if (_state.FindEvidence(evidenceId) is not { } evidence)
        {
            return null;
        }
        try
        {
            var blob = await blobs.GetAsync(evidence.Sha256);
            return blob is { } found ? new EvidenceContent(evidence, found.Content) : null;
        }
        catch (BlobDamagedException e)
        {
            logger.LogError("Evidence {Evidence} of {Stream}: {Problem}", evidenceId, Id, e.Message);
            return new EvidenceContent(evidence, [], Damaged: true);
        }
    }

    public async Task<CommandResult> AddCommentAsync(Actor actor, AddComment command)
    {
        await EnsureReadableAsync();
        return await CommitAsync(actor, _state.DecideComment(actor, command));
    }

    public async Task<CommandResult> RequestExtensionAsync(Actor actor, RequestExtension command)
    {
        await EnsureReadableAsync();
        return await CommitAsync(actor, _state.DecideRequestExtension(actor, command, Today));
    }

    public async Task<CommandResult> DecideExtensionAsync(Actor actor, DecideExtension command)
    {
        await EnsureReadableAsync();
        return await CommitAsync(actor, _state.DecideExtension(actor, command, Today));
    }

    public async Task<CommandResult> ReopenForChildAsync(Actor actor, string childId, string childCode, DateTimeOffset childReopenedAt)
    {
        await EnsureReadableAsync();
        var decision = _state.DecideReopenForChild(actor, childId, childCode, childReopenedAt);
        if (decision.Error is { Code: "not-closed" or "closed-after-child" })
        {
            return CommandResult.Success(_state.Version);
        }
        var result = await CommitAsync(actor, decision);
        if (result.Ok && _state.ParentId is { } parentId)
        {
            // Up the tree: a sub-recommendation reopened for its own child reopens its closed parent in turn.
            await ReopenParentAsync(actor, parentId);
        }
        return result;
    }

    public async Task<CommandResult> VerifyAsync(Actor actor, Verify command)
    {
        await EnsureReadableAsync();
        var children = new List<RecommendationStatus>();
        foreach (var childId in _state.ChildIds)
        {
            if (await readModel.GetAsync(childId) is { } child && StatusOf(child) is { } status)
            {
                children.Add(status);
            }
        }
        var result = await CommitAsync(actor, _state.DecideVerification(actor, command, children));
        if (result.Ok && command.Decision == VerificationDecision.Reopen && _state.ParentId is { } parentId)
        {
            // Parent and children agree: reopening a sub-recommendation reopens its closed parent (awaited, so the
            // answer comes after both are durable). This reopen is durable whatever happens to the parent's.
            await ReopenParentAsync(actor, parentId);
        }
        return result;
    }

    /// <summary>
    /// Asks the parent to reopen for this sub-recommendation's latest reopen, up to <see cref="ParentAttempts"/> times
    /// when its write conflicts or fails (a conflict reloads the parent's state, so the next attempt decides afresh).
    /// What is still not done is logged; <see cref="ReconcileParentAsync"/> asks again at this grain's next activation,
    /// and <c>audit-trail/verify</c> reports a closed parent with a sub-recommendation reopened after it closed.
    /// </summary>
    private async Task ReopenParentAsync(Actor actor, string parentId)
    {
        var reopenedAt = _state.ToSummary().ReopenedAt ?? time.GetUtcNow();
        var parent = GrainFactory.Recommendation(parentId);
        for (var attempt = 1; ; attempt++)
        {
            string problem;
            try
            {
                var result = await parent.ReopenForChildAsync(actor, Id, _state.Code, reopenedAt);
                if (result.Ok)
                {
                    return;
                }
                if (result.Error?.Kind != ErrorKind.Conflict)
                {
                    logger.LogError("Reopening {Child} could not reopen its parent {Parent}: {Error}", Id, parentId, result.Error?.Detail);
                    return;
                }
                problem = result.Error.Detail;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problem = e.Message;
            }
            if (attempt == ParentAttempts)
            {
                logger.LogError("Reopening {Child} could not reopen its parent {Parent} in {Attempts} attempts ({Problem}); it tries again at its next activation",
                    Id, parentId, attempt, problem);
                return;
            }
            logger.LogWarning("Reopening {Child}: its parent {Parent} did not reopen ({Problem}); trying again", Id, parentId, problem);
            await Task.Delay(ParentRetryDelay * attempt);
        }
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        _calls++;
        await context.Invoke();
    }

    public async Task<OverdueCheck> CheckOverdueAsync(DateOnly today)
    {
        if (_calls == 1)
        {
            DeactivateOnIdle(); // activated for this check alone: nobody is reading it
        }
        else
        {
            await ReconcileParentAsync(); // an activation did it already; one that has lived since asks again daily
        }
        await EnsureReadableAsync();
        var decision = _state.DecideMarkOverdue(today);
        if (decision.Event?.Data is not MarkedOverdue marked)
        {
            return new OverdueCheck(_state.Exists ? _state.ToSummary() : null, false, []);
        }
        var result = await CommitAsync(Actor.System, decision);
        if (!result.Ok)
        {
            return new OverdueCheck(_state.ToSummary(), false, []);
        }
        var actions = _state.ToDetail(today).Actions.Where(a => marked.ActionIds?.Contains(a.Id) == true).ToArray();
        return new OverdueCheck(_state.ToSummary(), marked.DueDate is not null, actions);
    }

    private async Task<CommandResult> CommitAsync(Actor actor, Decision decision)
    {
        if (decision.Error is { } error)
        {
            return CommandResult.Failure(error);
        }
        var @event = decision.Event!;
        var payload = RecommendationEventCodec.Serialize(@event);
        var at = time.GetUtcNow();
        var expected = _state.Version;
        var seq = expected + 1;
        var prevHash = expected == 0 ? EventHash.Genesis : _state.LastHash;
        var hash = EventHash.Compute(prevHash, Id, seq, @event.Data.Type, at, actor.Username, payload);

        // Fold first (the state is rebuilt from the store if the append fails), so the read-model row
        // written in the same transaction is the state after this event.
        _state.Apply(seq, at, @event, prevHash, hash);
        var summary = _state.ToSummary();
        var row = ToRow(summary);
        AppendResult result;
        try
        {
            result = await events.AppendAsync(Id, expected, [new NewEvent(@event.Data.Type, at, actor.Username, payload)], RecommendationProjection.Project(row, _written));
        }
        catch
        {
            await ReloadAsync(CancellationToken.None);
            throw;
        }
        if (!result.Success)
        {
            logger.LogWarning("Append to {Stream} conflicted: expected {Expected}, store has {Current}; reloading", Id, expected, result.CurrentSeq);
            await ReloadAsync(CancellationToken.None);
            return CommandResult.Failure(CommandError.Conflict(_state.Version));
        }
        _written = row;
        OversightTelemetry.WriteAcknowledged(RecommendationKind.KindName);

        // The reference is kept: resolving a grain interface reads its attributes every time (1.6 % of a write's CPU).
        (_board ??= GrainFactory.GetGrain<IBoardGrain>(GrainKeys.Board)).RecommendationChangedAsync(summary).Ignore();
        changes.PublishRecommendation(
            new RecommendationChangedMessage(summary.Id, summary.Code, summary.ReportId, summary.Status, summary.Progress, summary.IsOverdue(Today),
                summary.Version, actor.DisplayName, at, summary.Units, summary.DueDate, seq == 1 ? summary.Title : null, @event.Data.Type, summary.FindingCode,
                summary.PendingExtensionId),
            new ActivityEntry($"{Id}#{seq}", at, Id, summary.Code, summary.ReportId, summary.Units, @event.Actor, @event.Data.Type,
                ActivityText.Describe(summary.Code, @event.Data), @event.Note, seq, Operations.SyntheticData.IsSynthetic(summary.ReportId)));
        return CommandResult.Success(_state.Version, decision.CreatedId);
    }

    private async Task<bool> UnitExistsAsync(string code) =>
        await GrainFactory.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).GetAsync(code) is not null;

    private async Task<RecommendationAggregate> LoadAsync(CancellationToken cancellationToken) =>
        RecommendationStream.Replay(Id, await events.ReadStreamAsync(Id, cancellationToken));

    public static RecommendationSummaryRow ToRow(RecommendationSummary s) => new(
        s.Id, s.ReportId, s.Code, s.FindingCode, s.ParentId, s.SortOrder, s.Title.Th, s.Title.En, s.Units,
        s.Response is { } r ? OversightJson.EnumValue(r) : null, OversightJson.EnumValue(s.Status), s.Progress, s.DueDate,
        s.Version, s.UpdatedAt, s.UpdatedBy, s.PendingExtensionId, s.PendingExtensionDueDate, s.ReopenedAt);

    /// <summary>The status a register row records; null when it names none this version knows.</summary>
    public static RecommendationStatus? StatusOf(RecommendationSummaryRow row) =>
        OversightJson.TryParseEnum<RecommendationStatus>(row.Status, out var status) ? status : null;

    public static RecommendationSummary FromRow(RecommendationSummaryRow r) => new(
        r.Id, r.Code, r.ReportId, r.FindingCode, r.ParentId, r.SortOrder, new LocalizedText(r.TitleTh, r.TitleEn), r.Units,
        OversightJson.TryParseEnum<AuditeeResponse>(r.Response, out var response) ? response : null,
        StatusOf(r) ?? RecommendationStatus.NotStarted,
        r.Progress, r.DueDate, r.Version, r.UpdatedAt, r.UpdatedBy, r.PendingExtensionId, r.PendingExtensionDueDate, r.ReopenedAt);
}
