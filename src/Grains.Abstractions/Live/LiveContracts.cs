using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Abstractions.Live;

/// <summary>The SignalR message <c>recommendationChanged</c> (sent as arrays of these). Carries the entity's version.</summary>
[GenerateSerializer, Immutable, Alias("oversight.RecommendationChangedMessage")]
public sealed record RecommendationChangedMessage(
    [property: Id(0)] string Id,
    [property: Id(1)] string Code,
    [property: Id(2)] string ReportId,
    [property: Id(3)] RecommendationStatus Status,
    [property: Id(4)] int Progress,
    [property: Id(5)] bool Overdue,
    [property: Id(6)] long Version,
    [property: Id(7)] string ChangedBy,
    [property: Id(8)] DateTimeOffset ChangedAt,
    [property: Id(9)] IReadOnlyList<string> Units,
    [property: Id(10)] DateOnly DueDate,
    /// <summary>Only on a recommendation's first version: clients know the title from their snapshot.</summary>
    [property: Id(11)] LocalizedText? Title,
    [property: Id(12)] string EventType,
    [property: Id(13)] string? FindingCode = null,
    [property: Id(14)] string? PendingExtensionId = null);

/// <summary>One line of the activity feed: a change to a recommendation, described in Thai and English.</summary>
[GenerateSerializer, Immutable, Alias("oversight.ActivityEntry")]
public sealed record ActivityEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string RecommendationId,
    [property: Id(3)] string Code,
    [property: Id(4)] string ReportId,
    [property: Id(5)] IReadOnlyList<string> Units,
    [property: Id(6)] ActorRef Actor,
    [property: Id(7)] string Type,
    [property: Id(8)] LocalizedText Summary,
    [property: Id(9)] string? Note,
    [property: Id(10)] long Version,
    [property: Id(11)] bool Synthetic);

/// <summary>What a silo hands to each Web host per flush: changes, activity, and (when it moved) the board.</summary>
[GenerateSerializer, Immutable, Alias("oversight.LiveBatch")]
public sealed record LiveBatch(
    [property: Id(0)] IReadOnlyList<RecommendationChangedMessage> Changes,
    [property: Id(1)] IReadOnlyList<ActivityEntry> Activity,
    [property: Id(2)] BoardSnapshot? Board);

/// <summary>A Web host's receiver of live batches (one per host, registered with <see cref="ILiveFeedRegistryGrain"/>).</summary>
[Alias("oversight.ILiveFeedObserver")]
public interface ILiveFeedObserver : IGrainObserver
{
    [Alias("OnBatch"), OneWay] Task OnBatchAsync(LiveBatch batch);
}

/// <summary>The Web hosts listening for live changes (singleton key "registry"). Registrations expire unless renewed.</summary>
[Alias("oversight.ILiveFeedRegistryGrain")]
public interface ILiveFeedRegistryGrain : IGrainWithStringKey
{
    [Alias("Register")] Task RegisterAsync(string hostId, ILiveFeedObserver observer);
    [Alias("Unregister")] Task UnregisterAsync(string hostId);
    [Alias("GetObservers"), AlwaysInterleave] Task<IReadOnlyList<ILiveFeedObserver>> GetObserversAsync();

    /// <summary>The registered hosts and when each last registered (operations and tests).</summary>
    [Alias("GetHosts"), AlwaysInterleave] Task<IReadOnlyList<LiveFeedHost>> GetHostsAsync();
}

[GenerateSerializer, Immutable, Alias("oversight.LiveFeedHost")]
public sealed record LiveFeedHost([property: Id(0)] string HostId, [property: Id(1)] DateTimeOffset LastRegistered);

[GenerateSerializer, Immutable, Alias("oversight.ActivityQuery")]
public sealed record ActivityQuery(
    [property: Id(0)] int Limit = 50,
    [property: Id(1)] string? Unit = null,
    [property: Id(2)] string? ReportId = null);
