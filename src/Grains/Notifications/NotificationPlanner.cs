using System.Globalization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Notifications;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Notifications;

/// <summary>
/// Which reminders a recommendation is owed today: 30, 7 and 0 days before its due date, then weekly while overdue.
/// Thresholds, not exact days, so a day the job missed is caught up; keys make each reminder arrive once.
/// </summary>
public static class NotificationPlanner
{
    public static IEnumerable<NotificationRequest> For(RecommendationSummary summary, DateOnly today)
    {
        if (summary.Status.IsClosed())
        {
            yield break;
        }
        var daysLeft = summary.DueDate.DayNumber - today.DayNumber;
        var due = summary.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string? kind = daysLeft switch
        {
            > 30 => null,
            > 7 => "due-in-30",
            > 0 => "due-in-7",
            0 => "due-today",
            _ => null,
        };
        if (kind is not null && summary.Status != RecommendationStatus.ImplementedPendingVerification)
        {
            yield return Request($"{summary.Id}|{due}|{kind}", kind, summary, daysLeft, kind switch
            {
                "due-in-30" => new LocalizedText($"{summary.Code} ครบกำหนดในอีก {daysLeft} วัน ({ThaiDates.Long(summary.DueDate, "th")})",
                    $"{summary.Code} is due in {daysLeft} days ({ThaiDates.Long(summary.DueDate, "en")})"),
                "due-in-7" => new LocalizedText($"{summary.Code} ครบกำหนดในอีก {daysLeft} วัน ({ThaiDates.Long(summary.DueDate, "th")})",
                    $"{summary.Code} is due in {daysLeft} days ({ThaiDates.Long(summary.DueDate, "en")})"),
                _ => new LocalizedText($"{summary.Code} ครบกำหนดวันนี้", $"{summary.Code} is due today"),
            });
        }
        if (summary.IsOverdue(today))
        {
            var week = (-daysLeft - 1) / 7;
            yield return Request($"{summary.Id}|{due}|overdue-w{week}", "overdue", summary, daysLeft,
                new LocalizedText($"{summary.Code} เกินกำหนดมาแล้ว {-daysLeft} วัน", $"{summary.Code} is {-daysLeft} days overdue"));
        }
    }

    public static NotificationRequest ForAction(RecommendationSummary summary, ActionItemView action, DateOnly today)
    {
        var days = today.DayNumber - action.DueDate.DayNumber;
        return new NotificationRequest($"{summary.Id}|{action.Id}|{action.DueDate:yyyy-MM-dd}|action-overdue", "action-overdue", summary.Id, summary.Code,
            summary.Title, action.DueDate, -days,
            new LocalizedText($"{summary.Code}: แผนการดำเนินการ “{action.Title}” เกินกำหนด {days} วัน", $"{summary.Code}: action “{action.Title}” is {days} days overdue"),
            action.Id);
    }

    private static NotificationRequest Request(string key, string kind, RecommendationSummary summary, int daysLeft, LocalizedText message) =>
        new(key, kind, summary.Id, summary.Code, summary.Title, summary.DueDate, daysLeft, message);
}
