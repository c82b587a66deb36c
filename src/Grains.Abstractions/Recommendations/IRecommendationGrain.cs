using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Recommendations;

/// <summary>
/// One recommendation, keyed by its id ("{reportId}.{code}"). Every accepted command is appended to the
/// recommendation's hash-chained history and made durable before the call returns.
/// </summary>
[Alias("oversight.IRecommendationGrain")]
public interface IRecommendationGrain : IGrainWithStringKey
{
    [Alias("Register")] Task<CommandResult> RegisterAsync(RegisterRecommendation command);
    [Alias("Exists")] Task<bool> ExistsAsync();
    [Alias("GetSummary")] Task<RecommendationSummary?> GetSummaryAsync();
    [Alias("GetDetail")] Task<RecommendationDetail?> GetDetailAsync();
    [Alias("GetHistory")] Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();

    /// <summary>
    /// The recommendation as it stood at the end of <paramref name="asOf"/> (Thai date), rebuilt from its stored events
    /// recorded up to then; null if it did not exist yet. Overdue is judged against that date.
    /// </summary>
    [Alias("GetDetailAsOf")] Task<RecommendationDetail?> GetDetailAsOfAsync(DateOnly asOf);

    [Alias("UpdateProgress")] Task<CommandResult> UpdateProgressAsync(Actor actor, UpdateProgress command);
    [Alias("RecordResponse")] Task<CommandResult> RecordResponseAsync(Actor actor, RecordResponse command);
    [Alias("AddAction")] Task<CommandResult> AddActionAsync(Actor actor, AddAction command);
    [Alias("UpdateAction")] Task<CommandResult> UpdateActionAsync(Actor actor, UpdateAction command);
    [Alias("AddEvidence")] Task<CommandResult> AddEvidenceAsync(Actor actor, AddEvidence command, Immutable<byte[]> content);
    [Alias("WithdrawEvidence")] Task<CommandResult> WithdrawEvidenceAsync(Actor actor, WithdrawEvidence command);
    [Alias("GetEvidence")] Task<EvidenceContent?> GetEvidenceAsync(string evidenceId);
    [Alias("AddComment")] Task<CommandResult> AddCommentAsync(Actor actor, AddComment command);
    [Alias("RequestExtension")] Task<CommandResult> RequestExtensionAsync(Actor actor, RequestExtension command);
    [Alias("DecideExtension")] Task<CommandResult> DecideExtensionAsync(Actor actor, DecideExtension command);
    [Alias("Verify")] Task<CommandResult> VerifyAsync(Actor actor, Verify command);

    /// <summary>
    /// Called by a sub-recommendation that was reopened by <paramref name="actor"/> at <paramref name="childReopenedAt"/>:
    /// a parent closed before then reopens too, with a history event naming the sub-recommendation. Nothing happens when
    /// the parent is open, or was closed after that reopen (so calling again is harmless).
    /// </summary>
    [Alias("ReopenForChild")] Task<CommandResult> ReopenForChildAsync(Actor actor, string childId, string childCode, DateTimeOffset childReopenedAt);

    /// <summary>
    /// System only (the daily job): records, once per due date, that the recommendation and/or its actions went past
    /// due, and says what is newly overdue.
    /// </summary>
    [Alias("CheckOverdue")] Task<OverdueCheck> CheckOverdueAsync(DateOnly today);
}
