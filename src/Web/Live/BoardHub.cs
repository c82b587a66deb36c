using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Telemetry;
using Oversight.Web.Auth;
using Oversight.Web.Infrastructure;

namespace Oversight.Web.Live;

/// <summary>Where the boards are now: <see cref="Versions"/>' answer (the board's and the monitoring board's versions).</summary>
public sealed record LiveVersions(long Board, long Monitoring);

/// <summary>
/// The live board (<c>/hubs/board</c>). Clients load a snapshot over REST, then apply the deltas this hub sends:
/// <c>recommendationChanged</c> (arrays of changes, each with the recommendation's version), <c>boardChanged</c>
/// (the board with its version) and <c>activity</c> (feed entries). A version gap means "reload the snapshot".
/// Groups (<see cref="LiveGroups"/>): <c>all</c>, <c>report:{id}</c>, <c>unit:{code}</c>; which a connection may
/// join is <see cref="ReadScope"/>'s rule, the same one the REST API applies. A client that reads its snapshot while
/// it connects asks <see cref="Versions"/> once joined: a snapshot older than that may have missed a delta (ADR 6).
/// </summary>
[Authorize(Policy = Policies.Reader)]
public sealed class BoardHub(HubConnections connections, IGrainFactory grains) : Hub
{
    public const string Path = "/hubs/board";

    public override async Task OnConnectedAsync()
    {
        connections.Add(Context);
        foreach (var group in Context.User!.Scope().DefaultGroups)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
        }
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// The boards' versions now. Invocations run after <see cref="OnConnectedAsync"/>, so the caller is in its groups:
    /// every change counted here was either in a snapshot at least this new or is sent to the caller as a delta.
    /// Global counters, the same in every scope's snapshot; no figure is disclosed.
    /// </summary>
    public async Task<LiveVersions> Versions() => new(
        await grains.GetGrain<IBoardGrain>(GrainKeys.Board).GetVersionAsync(),
        await grains.GetGrain<IMonitoringBoardGrain>(0).GetVersionAsync());

    /// <summary>Widens or narrows the caller's view. A unit officer may join only their own unit's group.</summary>
    public async Task Subscribe(string group)
    {
        if (!IsWellFormed(group) || !Context.User!.Scope().MayJoin(group))
        {
            throw new HubException($"Not allowed to subscribe to '{(group is { Length: > 40 } ? group[..40] : group)}'.");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
    }

    public Task Unsubscribe(string group) =>
        IsWellFormed(group) ? Groups.RemoveFromGroupAsync(Context.ConnectionId, group) : throw new HubException("Unknown group.");

    /// <summary>A group name of <see cref="LiveGroups"/>, its report or unit checked by the rules every query uses (QueryRules).</summary>
    private static bool IsWellFormed(string? group) =>
        group == LiveGroups.All
        || (group?.StartsWith(LiveGroups.Report(""), StringComparison.Ordinal) == true && QueryRules.IsReportId(group[LiveGroups.Report("").Length..]))
        || (group?.StartsWith(LiveGroups.Unit(""), StringComparison.Ordinal) == true && QueryRules.IsUnit(group[LiveGroups.Unit("").Length..]));
}

/// <summary>
/// This host's open hub connections by user, so access that is taken away ends at once: a live
/// <see cref="LiveKinds.Access"/> change (from any silo) closes every connection of that user here. The client's
/// reconnect then presents the same credential, which sign-in refuses.
/// </summary>
public sealed class HubConnections : ILiveHostHandler, IDisposable
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new(StringComparer.Ordinal);
    private readonly ILogger<HubConnections> _logger;
    private readonly IDisposable _viewers;

    public HubConnections(ILogger<HubConnections> logger)
    {
        _logger = logger;
        _viewers = OversightTelemetry.ObserveViewers(() => _connections.Count);
    }

    public void Dispose() => _viewers.Dispose();

    public string Kind => LiveKinds.Access.Name;

    public int Count => _connections.Count;

    public void Add(HubCallerContext context) => _connections[context.ConnectionId] = context;

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>Every open connection (for the periodic access check).</summary>
    public IReadOnlyList<HubCallerContext> Snapshot() => [.. _connections.Values];

    public void Handle(LiveEnvelope envelope)
    {
        if (envelope.Payload is AccessChanged changed)
        {
            Revoke(changed.Username, changed.Reason);
        }
    }

    /// <summary>Closes every connection of <paramref name="username"/>; returns how many.</summary>
    public int Revoke(string username, string reason)
    {
        var closed = 0;
        foreach (var context in _connections.Values)
        {
            if (string.Equals(context.User?.FindFirst(OversightClaims.Username)?.Value, username, StringComparison.Ordinal))
            {
                context.Abort();
                _connections.TryRemove(context.ConnectionId, out _);
                closed++;
            }
        }
        if (closed > 0)
        {
            _logger.LogInformation("Closed {Count} live connection(s) of {User}: {Reason}", closed, username, reason);
        }
        return closed;
    }
}
