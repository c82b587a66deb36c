using Oversight.Grains.Aggregates;
using Oversight.Storage.Events;
using Oversight.Storage.Projections;
using Oversight.Storage.ReadModel;

namespace Oversight.Grains.Recommendations;

/// <summary>Recommendations: streams named by the recommendation id ("{reportId}.{code}", no ':'), read model in the summary table.</summary>
public sealed class RecommendationKind : IAggregateKind
{
    public const string KindName = "recommendation";

    public string Name => KindName;

    public bool OwnsStream(string streamId) => !streamId.Contains(':', StringComparison.Ordinal) && streamId.Contains('.', StringComparison.Ordinal);

    public IReadOnlyList<RowOp> Project(string streamId, IReadOnlyList<StoredEvent> events)
    {
        var aggregate = RecommendationStream.Replay(streamId, events);
        return aggregate.Exists ? RecommendationProjection.Project(RecommendationGrain.ToRow(aggregate.ToSummary())) : RecommendationProjection.Remove(streamId);
    }

    public IEnumerable<string> BlobsOf(string streamId, IReadOnlyList<StoredEvent> events) =>
        RecommendationStream.Replay(streamId, events).EvidenceHashes;

    public RowKey? RowKey => new(RecommendationProjection.SummaryTable, "id");

    public string StreamIdOf(string rowKey) => rowKey;

    public IReadOnlyList<RowOp> Remove(string rowKey) => RecommendationProjection.Remove(rowKey);
}
