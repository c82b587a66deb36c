using Oversight.Grains.Aggregates;
using Oversight.Grains.Domain.Monitoring;
using Oversight.Storage.Blobs;
using Oversight.Storage.Events;
using Oversight.Storage.Monitoring;
using Oversight.Storage.Projections;

namespace Oversight.Grains.Monitoring;

/// <summary>
/// A monitoring entity kind for the verifier and the rebuild: streams "{kind}:{id}", one row in <c>oversight_entity</c>
/// per entity, replayed by the same aggregate the grain uses.
/// </summary>
public sealed class EntityKind<TAggregate, TState>(string kind, Func<string, TAggregate> create) : IAggregateKind
    where TAggregate : EntityAggregate<TState>
    where TState : class
{
    public string Name => kind;

    public bool OwnsStream(string streamId) => streamId.StartsWith(kind + ":", StringComparison.Ordinal);

    public IReadOnlyList<RowOp> Project(string streamId, IReadOnlyList<StoredEvent> events)
    {
        var aggregate = create(streamId[(kind.Length + 1)..]);
        foreach (var e in events)
        {
            EntityStreams.Fold(aggregate, e);
        }
        return aggregate.Exists ? EntityGrain<TAggregate, TState>.Projection(aggregate) : [];
    }

    public IEnumerable<string> BlobsOf(string streamId, IReadOnlyList<StoredEvent> events) => [];

    public RowKey? RowKey => new(MonitoringStore.EntityTable, "id", "kind", kind);

    public string StreamIdOf(string rowKey) => $"{kind}:{rowKey}";

    public IReadOnlyList<RowOp> Remove(string rowKey) => [new DeleteRows(MonitoringStore.EntityTable, "id", rowKey)];
}

/// <summary>
/// The observations: stream "metrics", one event per accepted batch whose items are kept as a blob. The whole
/// observation table (and its change table) is what folding every batch gives.
/// </summary>
public sealed class ObservationKind(IBlobStore blobs) : IAggregateKind
{
    public string Name => "metrics";

    public bool OwnsStream(string streamId) => streamId == ObservationIngestGrain.StreamId;

    public IReadOnlyList<RowOp> Project(string streamId, IReadOnlyList<StoredEvent> events)
    {
        var current = new Dictionary<ObservationKey, ObservationRow>();
        var changes = new List<ObservationChangeRow>();
        foreach (var e in events)
        {
            var data = (ObservationsIngested)Decode(e);
            var blob = blobs.GetAsync(data.BatchSha256).GetAwaiter().GetResult()
                ?? throw new Oversight.Grains.Abstractions.Common.HistoryDamagedException(streamId, e.Seq, $"the batch blob {data.BatchSha256} is missing");
            var (rows, changeRows) = ObservationIngestGrain.Rows(ObservationIngestGrain.ReadBlob(blob.Content), e.Seq, e.RecordedAt);
            foreach (var row in rows)
            {
                current[row.Key] = row;
            }
            changes.AddRange(changeRows);
        }
        return
        [
            new TableContents(MonitoringStore.ObservationTable, MonitoringStore.ObservationKeyColumns, MonitoringStore.ObservationColumns,
                current.Values.Select(MonitoringStore.ObservationValues).ToArray()),
            new TableContents(MonitoringStore.ChangeTable, MonitoringStore.ChangeKeyColumns, MonitoringStore.ChangeColumns, changes.Select(MonitoringStore.ChangeValues).ToArray()),
        ];
    }

    public IEnumerable<string> BlobsOf(string streamId, IReadOnlyList<StoredEvent> events) =>
        events.Select(e => ((ObservationsIngested)Decode(e)).BatchSha256);

    public RowKey? RowKey => null;

    public string StreamIdOf(string rowKey) => ObservationIngestGrain.StreamId;

    public IReadOnlyList<RowOp> Remove(string rowKey) => [];

    private static EntityEventData Decode(StoredEvent e)
    {
        try
        {
            return EntityEventCodec.Deserialize(e.Payload).Data;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidCastException)
        {
            throw new Oversight.Grains.Abstractions.Common.HistoryDamagedException(e.StreamId, e.Seq, "the payload is not a valid event");
        }
    }
}
