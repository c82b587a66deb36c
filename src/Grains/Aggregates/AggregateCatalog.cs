using Microsoft.Extensions.DependencyInjection;
using Oversight.Storage.Events;
using Oversight.Storage.Projections;

namespace Oversight.Grains.Aggregates;

/// <summary>
/// One kind of event-sourced entity, registered once in <see cref="AggregateCatalog"/>: which streams are its, how a
/// stream becomes its read-model rows (the same projection the grain appends with), which evidence blobs it refers
/// to, and where its rows live so rows without a stream can be found. The verifier and the read-model rebuild work
/// through this, so a new kind of entity is verified and rebuilt by registering it here.
/// </summary>
public interface IAggregateKind
{
    string Name { get; }

    bool OwnsStream(string streamId);

    /// <summary>The read-model rows the stream's events give (throws HistoryDamagedException when they cannot be read).</summary>
    IReadOnlyList<RowOp> Project(string streamId, IReadOnlyList<StoredEvent> events);

    /// <summary>SHA-256 keys of the blobs (evidence files) the stream refers to.</summary>
    IEnumerable<string> BlobsOf(string streamId, IReadOnlyList<StoredEvent> events);

    /// <summary>The table and column whose values name this kind's streams (for rows that have no stream), if any.</summary>
    RowKey? RowKey { get; }

    string StreamIdOf(string rowKey);

    /// <summary>What removes the rows of <paramref name="rowKey"/> when its stream does not exist.</summary>
    IReadOnlyList<RowOp> Remove(string rowKey);
}

/// <summary>Where a kind's rows are: a table and the column naming the stream, optionally only rows with <c>WhereColumn = WhereValue</c>.</summary>
public sealed record RowKey(string Table, string Column, string? WhereColumn = null, object? WhereValue = null);

/// <summary>Every registered kind of aggregate (a DI singleton).</summary>
public sealed class AggregateCatalog(IEnumerable<IAggregateKind> kinds)
{
    private readonly IAggregateKind[] _kinds = [.. kinds];

    public IReadOnlyList<IAggregateKind> Kinds => _kinds;

    public IAggregateKind? For(string streamId) => Array.Find(_kinds, k => k.OwnsStream(streamId));
}

public static class AggregateServiceCollectionExtensions
{
    /// <summary>Registers every kind of aggregate, and the catalog over them. A new kind of entity is added here.</summary>
    public static IServiceCollection AddOversightAggregates(this IServiceCollection services)
    {
        services.AddSingleton<IAggregateKind, Recommendations.RecommendationKind>();
        foreach (var entity in Monitoring.MonitoringEntities.All)
        {
            services.AddSingleton(entity.Replay);
        }
        services.AddSingleton<IAggregateKind, Monitoring.ObservationKind>();
        services.AddSingleton<AggregateCatalog>();
        return services;
    }
}
