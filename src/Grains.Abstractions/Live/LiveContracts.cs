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

/// <summary>
/// One durable change of any kind of entity on its way to the live board: which kind (<see cref="LiveKinds"/>), which
/// entity and version, the SignalR groups it belongs to (computed by its owner with <see cref="LiveGroups"/>, so the
/// hosts never decide scope), and the payload clients receive (an Orleans-serialisable record).
/// </summary>
[GenerateSerializer, Immutable, Alias("oversight.LiveEnvelope")]
public sealed record LiveEnvelope(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] long Version,
    [property: Id(3)] IReadOnlyList<string> Groups,
    [property: Id(4)] object Payload);

/// <summary>
/// What a silo hands to each Web host per flush. Batches are one-way and can be lost (a silo killed with changes still
/// queued, a host the silo did not yet know, a dropped connection); a change lost as the last of its entity is a gap no
/// version check on a client can see. So each silo's feed numbers its batches, and sends an empty one as a heartbeat
/// when idle: a host that finds a number missing, a feed starting past 1, or a feed gone silent, has every client reload
/// its snapshot (<see cref="LiveFeedProtocol.ResyncMethod"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("oversight.LiveBatch")]
public sealed record LiveBatch([property: Id(0)] IReadOnlyList<LiveEnvelope> Items)
{
    /// <summary>The feed that sent it (one per silo process); null from a sender that does not number its batches.</summary>
    [Id(1)] public string? Feed { get; init; }

    /// <summary>Its number in that feed: from 1, one more for every batch the feed sends, heartbeats included.</summary>
    [Id(2)] public long Sequence { get; init; }
}

/// <summary>What the live feed's two ends agree on beyond the batches themselves.</summary>
public static class LiveFeedProtocol
{
    /// <summary>The hub message that tells every client to reload its snapshot: a batch may have been lost.</summary>
    public const string ResyncMethod = "resync";

    /// <summary>
    /// How long an idle feed waits before it sends an empty batch, so a host can tell a quiet feed from a lost one. A host
    /// treats a feed silent for <see cref="SilenceLimit"/> as lost.
    /// </summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    /// <summary>Silence after which a host counts a feed's unsent changes as lost (three heartbeats).</summary>
    public static readonly TimeSpan SilenceLimit = 3 * HeartbeatInterval;

    /// <summary>How long a missing batch may still arrive late (Orleans does not promise order) before it counts as lost.</summary>
    public static readonly TimeSpan ReorderGrace = TimeSpan.FromSeconds(1);
}

/// <summary>How a Web host delivers one kind of live change.</summary>
public enum LiveDelivery
{
    /// <summary>Every change, batched per group as an array (the client applies each by version).</summary>
    Each,

    /// <summary>Only the newest version per entity and group, as a single object (a whole snapshot).</summary>
    Latest,

    /// <summary>Like <see cref="Each"/> but coalesced for longer and capped per flush (a feed people read).</summary>
    Feed,

    /// <summary>Handled by the host itself, never sent to clients (for example access that was taken away).</summary>
    Host,
}

/// <summary>A kind of live change and the hub message it is sent as.</summary>
public sealed record LiveKind(string Name, string HubMethod, LiveDelivery Delivery);

/// <summary>
/// Every kind of live change: the one place a kind gets its hub message. Recommendation changes keep their message
/// name and shape (<c>recommendationChanged</c>, arrays of <see cref="RecommendationChangedMessage"/>).
/// </summary>
public static class LiveKinds
{
    public static readonly LiveKind Recommendation = new("recommendation", "recommendationChanged", LiveDelivery.Each);
    public static readonly LiveKind Board = new("board", "boardChanged", LiveDelivery.Latest);
    public static readonly LiveKind Activity = new("activity", "activity", LiveDelivery.Feed);

    /// <summary>A user's access changed (disabled, role, unit or password): the hosts close that user's connections.</summary>
    public static readonly LiveKind Access = new("access", "", LiveDelivery.Host);

    // Programme monitoring (issue 8): each entity kind has its own message, sent to its owners' groups and "all".
    public static readonly LiveKind Contract = new("contract", "contractChanged", LiveDelivery.Latest);
    public static readonly LiveKind Office = new("office", "officeChanged", LiveDelivery.Latest);
    public static readonly LiveKind EService = new("eservice", "eserviceChanged", LiveDelivery.Latest);
    public static readonly LiveKind Agency = new("agency", "agencyChanged", LiveDelivery.Latest);
    public static readonly LiveKind Indicator = new("indicator", "indicatorChanged", LiveDelivery.Latest);

    /// <summary>New or replaced observations: arrays of changed figures, per subject.</summary>
    public static readonly LiveKind Metrics = new("metrics", "metricsChanged", LiveDelivery.Each);

    private static readonly Dictionary<string, LiveKind> ByName = new(StringComparer.Ordinal);

    static LiveKinds()
    {
        foreach (var kind in new[] { Recommendation, Board, Activity, Access, Contract, Office, EService, Agency, Indicator, Metrics })
        {
            Register(kind);
        }
    }

    /// <summary>Adds a kind (each entity registers its own once, at start-up).</summary>
    public static LiveKind Register(LiveKind kind)
    {
        lock (ByName)
        {
            ByName[kind.Name] = kind;
        }
        return kind;
    }

    /// <summary>Every registered kind (what a client can receive: every kind but the host-only ones).</summary>
    public static IReadOnlyList<LiveKind> All
    {
        get
        {
            lock (ByName)
            {
                return [.. ByName.Values];
            }
        }
    }

    public static LiveKind? Find(string name)
    {
        lock (ByName)
        {
            return ByName.GetValueOrDefault(name);
        }
    }
}

/// <summary>Payload of <see cref="LiveKinds.Access"/>: whose access changed.</summary>
[GenerateSerializer, Immutable, Alias("oversight.AccessChanged")]
public sealed record AccessChanged([property: Id(0)] string Username, [property: Id(1)] string Reason);

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
    [property: Id(2)] string? ReportId = null,
    /// <summary>Without a report id: the real reports' lines (default) or the synthetic ones', never both.</summary>
    [property: Id(3)] Reports.DataSet DataSet = Reports.DataSet.Real);
