using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Telemetry;
using Oversight.Grains.Domain.Monitoring;
using Oversight.Grains.Live;
using Oversight.Storage.Events;
using Oversight.Storage.Monitoring;
using Oversight.Storage.Projections;

namespace Oversight.Grains.Monitoring;

/// <summary>
/// The shared mechanism of every monitoring entity: its state is its hash-chained event stream
/// (<c>{kind}:{id}</c>); each accepted command is appended with the entity's read-model row in one transaction before
/// the call returns, then announced on the live feed to the groups of the units that own it. A subclass supplies the
/// aggregate and its view; the rules live in the aggregate.
/// </summary>
public abstract class EntityGrain<TAggregate, TState>(IEventStore events, IChangePublisher changes, TimeProvider time, ILogger logger) : Grain
    where TAggregate : EntityAggregate<TState>
    where TState : class
{
    private HistoryDamagedException? _damage;

    protected TAggregate Aggregate { get; private set; } = null!;

    protected TimeProvider Time => time;

    protected ILogger Logger => logger;

    protected DateOnly Today => ThaiClock.Today(time);

    protected string Key => this.GetPrimaryKeyString();

    protected abstract TAggregate Create(string id);

    /// <summary>The live message of this kind, as registered in <see cref="MonitoringEntities"/>.</summary>
    protected LiveKind LiveKind => MonitoringEntities.For(Aggregate.Kind).Live;

    /// <summary>What clients receive on the live feed after a change (usually the view as of today); null sends nothing.</summary>
    protected abstract object? LivePayload();

    public static string StreamId(string kind, string id) => $"{kind}:{id}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    private async Task ReloadAsync(CancellationToken ct)
    {
        var aggregate = Create(Key);
        try
        {
            foreach (var stored in await events.ReadStreamAsync(StreamId(aggregate.Kind, Key), ct))
            {
                EntityStreams.Fold(aggregate, stored);
            }
            Aggregate = aggregate;
            _damage = null;
        }
        catch (HistoryDamagedException e)
        {
            logger.LogError("History of {Stream} is damaged at seq {Seq}: {Reason}", e.StreamId, e.Seq, e.Reason);
            Aggregate = Create(Key);
            _damage = e;
        }
    }

    /// <summary>Throws when the stream could not be read (trying again first, in case it was repaired).</summary>
    protected async Task EnsureReadableAsync()
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

    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync()
    {
        await EnsureReadableAsync();
        return Aggregate.History.ToArray();
    }

    protected async Task<CommandResult> CommitAsync(EntityDecision decision)
    {
        if (decision.Error is { } error)
        {
            return CommandResult.Failure(error);
        }
        var @event = decision.Event!;
        var payload = EntityEventCodec.Serialize(@event);
        var at = time.GetUtcNow();
        var expected = Aggregate.Version;
        var seq = expected + 1;
        var streamId = StreamId(Aggregate.Kind, Key);
        var prevHash = expected == 0 ? EventHash.Genesis : Aggregate.LastHash;
        Aggregate.Apply(seq, at, @event, prevHash, EventHash.Compute(prevHash, streamId, seq, @event.Data.Type, at, @event.Actor.Username, payload));
        AppendResult result;
        try
        {
            result = await events.AppendAsync(streamId, expected, [new NewEvent(@event.Data.Type, at, @event.Actor.Username, payload)], Projection(Aggregate));
        }
        catch
        {
            await ReloadAsync(CancellationToken.None);
            throw;
        }
        if (!result.Success)
        {
            logger.LogWarning("Append to {Stream} conflicted: expected {Expected}, store has {Current}; reloading", streamId, expected, result.CurrentSeq);
            await ReloadAsync(CancellationToken.None);
            return CommandResult.Failure(CommandError.Conflict(Aggregate.Version));
        }
        OversightTelemetry.WriteAcknowledged(Aggregate.Kind);
        if (LivePayload() is { } live)
        {
            foreach (var envelope in await LiveEnvelopesAsync(live, LiveGroups.For(null, Aggregate.Units)))
            {
                changes.Publish(envelope);
            }
        }
        await AfterCommitAsync();
        return CommandResult.Success(Aggregate.Version, decision.CreatedId);
    }

    /// <summary>
    /// The live messages of a change: by default one envelope to every group the entity belongs to. A kind whose view
    /// links to other units' items sends each group the view as its members may see it (<see cref="MonitoringScope"/>).
    /// </summary>
    protected virtual Task<IEnumerable<LiveEnvelope>> LiveEnvelopesAsync(object payload, IReadOnlyList<string> groups) =>
        Task.FromResult<IEnumerable<LiveEnvelope>>([new LiveEnvelope(LiveKind.Name, Key, Aggregate.Version, groups, payload)]);

    /// <summary>Runs after a durable change: tells the monitoring board, for the kinds it holds.</summary>
    protected virtual Task AfterCommitAsync() => MonitoringEntities.For(Aggregate.Kind).OnBoard
        ? GrainFactory.GetGrain<Abstractions.Monitoring.IMonitoringBoardGrain>(0).EntityChangedAsync(Aggregate.Kind, Key)
        : Task.CompletedTask;

    /// <summary>The entity's read-model row (the same projection the verifier and the rebuild use).</summary>
    public static IReadOnlyList<RowOp> Projection(EntityAggregate<TState> aggregate) =>
    [
        MonitoringStore.EntityProjection(aggregate.Kind, aggregate.Id, aggregate.Units, aggregate.Version, aggregate.UpdatedAt, aggregate.Synthetic, aggregate.StateJson),
    ];
}

/// <summary>Reads monitoring streams back: damage is reported, never shown as a partial history.</summary>
public static class EntityStreams
{
    public static void Fold<TState>(EntityAggregate<TState> aggregate, StoredEvent stored) where TState : class
    {
        var id = stored.StreamId;
        if (stored.Damage is { } damage)
        {
            throw new HistoryDamagedException(id, stored.Seq, damage);
        }
        EntityEvent decoded;
        try
        {
            decoded = EntityEventCodec.Deserialize(stored.Payload);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new HistoryDamagedException(id, stored.Seq, "the payload is not a valid event");
        }
        if (decoded.Data is null || decoded.Actor is null || decoded.Changes is null || decoded.Data.Type != stored.EventType)
        {
            throw new HistoryDamagedException(id, stored.Seq, "the payload does not match the stored event type");
        }
        try
        {
            aggregate.Apply(stored.Seq, stored.RecordedAt, decoded, stored.PrevHash, stored.Hash);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NullReferenceException or KeyNotFoundException)
        {
            throw new HistoryDamagedException(id, stored.Seq, "the events do not follow each other");
        }
    }
}
