using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Notifications;

/// <summary>Kinds: due-in-30, due-in-7, due-today, overdue (weekly), action-overdue.</summary>
[GenerateSerializer, Immutable, Alias("oversight.NotificationView")]
public sealed record NotificationView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string RecommendationId,
    [property: Id(3)] string Code,
    [property: Id(4)] LocalizedText Title,
    [property: Id(5)] DateOnly DueDate,
    [property: Id(6)] int DaysLeft,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] bool Read,
    [property: Id(9)] LocalizedText Message,
    [property: Id(10)] string? ActionId = null);

/// <summary>A notification to deliver; <see cref="Key"/> makes delivery idempotent (the same key is delivered once).</summary>
[GenerateSerializer, Immutable, Alias("oversight.NotificationRequest")]
public sealed record NotificationRequest(
    [property: Id(0)] string Key,
    [property: Id(1)] string Kind,
    [property: Id(2)] string RecommendationId,
    [property: Id(3)] string Code,
    [property: Id(4)] LocalizedText Title,
    [property: Id(5)] DateOnly DueDate,
    [property: Id(6)] int DaysLeft,
    [property: Id(7)] LocalizedText Message,
    [property: Id(8)] string? ActionId = null);

/// <summary>
/// A page of a unit's notifications, newest first: <see cref="Items"/> from the requested offset, <see cref="Total"/>
/// the number of the unit's notifications that match the filter (all, or the unread ones), <see cref="Unread"/> the
/// number of unread ones. A page shorter than <see cref="Total"/> is a list shown in part and says so.
/// </summary>
[GenerateSerializer, Immutable, Alias("oversight.NotificationList")]
public sealed record NotificationList(
    [property: Id(0)] IReadOnlyList<NotificationView> Items,
    [property: Id(1)] int Unread,
    [property: Id(2)] int Total = 0);

/// <summary>The inbox's limits, one home for the grain and the API.</summary>
public static class NotificationLimits
{
    /// <summary>A unit's inbox keeps its newest this many notifications (older ones are dropped); a page lists at most this many.</summary>
    public const int Capacity = 500;
}

/// <summary>A unit's in-app notifications (key = unit code).</summary>
[Alias("oversight.INotificationInboxGrain")]
public interface INotificationInboxGrain : IGrainWithStringKey
{
    /// <summary>Adds the notification unless one with the same key was delivered before; true when added.</summary>
    [Alias("Add")] Task<bool> AddAsync(NotificationRequest request);
    /// <summary>The newest <paramref name="limit"/> notifications (the first page).</summary>
    [Alias("List")] Task<NotificationList> ListAsync(bool unreadOnly, int limit);

    /// <summary>A page of the notifications, newest first: <paramref name="limit"/> from <paramref name="offset"/>, with the total.</summary>
    [Alias("ListPage")] Task<NotificationList> ListPageAsync(bool unreadOnly, int offset, int limit);
    [Alias("MarkRead")] Task<bool> MarkReadAsync(string notificationId);
}
