using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Domain.Recommendations;

/// <summary>
/// The status model (domain.md): units move a recommendation forward up to implemented-pending-verification;
/// only auditors close it, mark it no-longer-applicable, or reopen it. Overdue is derived from the due date.
/// </summary>
public static class StatusRules
{
    /// <summary>Statuses a unit officer may set.</summary>
    public static bool IsUnitStatus(RecommendationStatus status) => status is
        RecommendationStatus.NotStarted or RecommendationStatus.InProgress or RecommendationStatus.ImplementedPendingVerification;

    /// <summary>Whether a unit may move a recommendation from <paramref name="from"/> to <paramref name="to"/> (a different status).</summary>
    public static bool UnitMayMove(RecommendationStatus from, RecommendationStatus to) => (from, to) switch
    {
        (RecommendationStatus.NotStarted, RecommendationStatus.InProgress) => true,
        // Work done before it was ever recorded: reported as implemented in one step (progress 100).
        (RecommendationStatus.NotStarted, RecommendationStatus.ImplementedPendingVerification) => true,
        (RecommendationStatus.InProgress, RecommendationStatus.ImplementedPendingVerification) => true,
        // The unit takes back its claim before the auditor has verified it.
        (RecommendationStatus.ImplementedPendingVerification, RecommendationStatus.InProgress) => true,
        _ => false,
    };

    /// <summary>The status an auditor's decision leads to from <paramref name="from"/>, or null when the decision does not apply there.</summary>
    public static RecommendationStatus? AfterVerification(RecommendationStatus from, VerificationDecision decision) => decision switch
    {
        VerificationDecision.Implemented when from == RecommendationStatus.ImplementedPendingVerification => RecommendationStatus.ClosedImplemented,
        VerificationDecision.PartlyImplemented when from == RecommendationStatus.ImplementedPendingVerification => RecommendationStatus.ClosedPartlyImplemented,
        VerificationDecision.NotImplemented when !from.IsClosed() => RecommendationStatus.ClosedNotImplemented,
        VerificationDecision.NoLongerApplicable when !from.IsClosed() => RecommendationStatus.NoLongerApplicable,
        VerificationDecision.Reopen when from.IsClosed() || from == RecommendationStatus.ImplementedPendingVerification => RecommendationStatus.InProgress,
        _ => null,
    };

    public static string Describe(RecommendationStatus status) => Abstractions.Common.OversightJson.EnumValue(status);
}
