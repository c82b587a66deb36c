using Oversight.Grains.Abstractions.Notifications;

namespace Oversight.Grains.Notifications;

public sealed class NotificationInboxState
{
    public List<NotificationView> Items { get; set; } = [];
    public HashSet<string> DeliveredKeys { get; set; } = new(StringComparer.Ordinal);
    public long Next { get; set; }
}

/// <summary>A unit's in-app notifications, newest first, at most <see cref="Capacity"/> kept. Each key is delivered once.</summary>
public sealed class NotificationInboxGrain(
    [PersistentState("inbox", "Default")] IPersistentState<NotificationInboxState> state,
    INotificationSender email,
    TimeProvider time) : Grain, INotificationInboxGrain
{
    public const int Capacity = NotificationLimits.Capacity;

    public async Task<bool> AddAsync(NotificationRequest request)
    {
        if (!state.State.DeliveredKeys.Add(request.Key))
        {
            return false;
        }
        var id = $"n-{++state.State.Next}";
        state.State.Items.Insert(0, new NotificationView(id, request.Kind, request.RecommendationId, request.Code, request.Title,
            request.DueDate, request.DaysLeft, time.GetUtcNow(), false, request.Message, request.ActionId));
        if (state.State.Items.Count > Capacity)
        {
            state.State.Items.RemoveRange(Capacity, state.State.Items.Count - Capacity);
        }
        await state.WriteStateAsync();
        // E-mail is best effort and optional: the in-app notification is the record.
        email.Enqueue(this.GetPrimaryKeyString(), request);
        return true;
    }

    public Task<NotificationList> ListAsync(bool unreadOnly, int limit) => ListPageAsync(unreadOnly, 0, limit);

    public Task<NotificationList> ListPageAsync(bool unreadOnly, int offset, int limit)
    {
        var matching = state.State.Items.Where(n => !unreadOnly || !n.Read).ToArray();
        return Task.FromResult(new NotificationList(
            matching.Skip(Math.Max(0, offset)).Take(Math.Clamp(limit, 1, Capacity)).ToArray(),
            state.State.Items.Count(n => !n.Read),
            matching.Length));
    }

    public async Task<bool> MarkReadAsync(string notificationId)
    {
        var index = state.State.Items.FindIndex(n => n.Id == notificationId);
        if (index < 0)
        {
            return false;
        }
        if (!state.State.Items[index].Read)
        {
            state.State.Items[index] = state.State.Items[index] with { Read = true };
            await state.WriteStateAsync();
        }
        return true;
    }
}
