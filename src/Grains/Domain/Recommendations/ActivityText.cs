using System.Globalization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Resources;

namespace Oversight.Grains.Domain.Recommendations;

/// <summary>One sentence, in Thai and English, saying what an event did (the activity feed's text).</summary>
public static class ActivityText
{
    public static LocalizedText Describe(string code, RecommendationEventData data) => data switch
    {
        RecommendationRegistered => Labels.Format("Activity.recommendation-registered", code),
        ResponseRecorded e => Labels.Format("Activity.response-recorded", code, Labels.Of("Response", e.Response)),
        ProgressUpdated e => Labels.Format("Activity.progress-updated", code, Labels.Of("Status", e.Status), e.Progress.ToString(CultureInfo.InvariantCulture)),
        ActionAdded e => Labels.Format("Activity.action-added", code, e.Title),
        ActionUpdated e => Labels.Format("Activity.action-updated", code, e.Title, Labels.Of("ActionStatus", e.Status), e.Progress.ToString(CultureInfo.InvariantCulture)),
        EvidenceAdded e => Labels.Format("Activity.evidence-added", code, e.FileName),
        EvidenceWithdrawn e => Labels.Format("Activity.evidence-withdrawn", code, e.EvidenceId),
        CommentAdded => Labels.Format("Activity.comment-added", code),
        ExtensionRequested e => Labels.Format("Activity.extension-requested", code, ThaiDates.Long(e.RequestedDueDate)),
        ExtensionDecided e => Labels.Format("Activity.extension-decided", code, Labels.Of("Extension", e.Decision)),
        VerificationRecorded e => Labels.Format("Activity.verification-recorded", code, Labels.Of("Status", e.StatusAfter)),
        MarkedOverdue => Labels.Format("Activity.marked-overdue", code),
        _ => new LocalizedText(code, code),
    };
}
