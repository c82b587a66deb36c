using Oversight.Grains.Abstractions.Operations;
using Oversight.Storage.Checkpoints;

namespace Oversight.Grains.Operations;

/// <summary>
/// The one place checkpoints are made (a single activation in the cluster): each silo's ticker calls
/// <see cref="TickAsync"/> every few seconds, and a checkpoint is written only when a stream moved since the newest.
/// </summary>
public sealed class CheckpointGrain(ICheckpointStore checkpoints, TimeProvider time) : Grain, ICheckpointGrain
{
    public async Task<CheckpointView?> TickAsync() =>
        await checkpoints.CreateAsync(time.GetUtcNow()) is { } checkpoint ? View(checkpoint) : null;

    public async Task<CheckpointView?> GetLatestAsync() =>
        await checkpoints.LatestAsync() is { } latest ? View(latest) : await TickAsync();

    public async Task<CheckpointView?> GetAtOrBeforeAsync(DateTimeOffset at) =>
        await checkpoints.LatestAtOrBeforeAsync(at) is { } checkpoint ? View(checkpoint) : null;

    internal static CheckpointView View(Checkpoint c) => new(c.Sequence, c.Hash, c.CreatedAt, c.Streams, c.Events);
}
