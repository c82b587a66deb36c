using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Telemetry;
using Oversight.Grains.Aggregates;
using Oversight.Storage.Blobs;
using Oversight.Storage.Checkpoints;
using Oversight.Storage.Events;
using Oversight.Storage.Projections;
using Oversight.Storage.ReadModel;

namespace Oversight.Grains.Operations;

/// <summary>
/// Verifies the audit trail straight from the database (never from grain memory): every chain and head, the newest
/// checkpoint and the checkpoint chain, every read-model row against the state replayed from its events, every
/// evidence file against its SHA-256, parents against their sub-recommendations (<see cref="Recommendations.ParentChildCheck"/>); and rebuilds the read model from the events on an administrator's command.
/// </summary>
[StatelessWorker(1)]
public sealed class AuditTrailGrain(
    ChainVerifier verifier,
    IEventStore events,
    ProjectionChecker projections,
    IBlobStore blobs,
    AggregateCatalog aggregates,
    IRecommendationReadStore readModel,
    TimeProvider time,
    ILogger<AuditTrailGrain> logger) : Grain, IAuditTrailGrain
{
    private const int MaxListed = 20;

    public async Task<AuditTrailVerification> VerifyAsync(string? streamPrefix = null, string? checkpoint = null)
    {
        var started = time.GetTimestamp();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unreadable = new List<BrokenLinkView>();
        var mismatches = new List<ReadModelMismatchView>();
        var mismatchCount = 0;
        var readModelChecked = 0;
        var evidenceProblems = new List<EvidenceProblemView>();
        var blobsChecked = new Dictionary<string, string?>(StringComparer.Ordinal);

        // Read-model rows are compared a batch of streams at a time: one query per table and batch, not per row.
        // A stream written after it was read has newer rows than its read events give: such a stream is read and
        // compared again, so a live system's writes during a verify are not reported as mismatches.
        var pending = new List<(string StreamId, long LastSeq, IAggregateKind Kind, IReadOnlyList<RowOp> Expected)>(ProjectionChecker.Batch);
        async Task CompareAsync(CancellationToken ct)
        {
            var found = await projections.CompareManyAsync(pending.Select(p => p.Expected).ToArray(), ct);
            for (var i = 0; i < pending.Count; i++)
            {
                var (streamId, lastSeq, kind, _) = pending[i];
                var differences = found[i];
                if (differences.Count > 0 && await events.ReadStreamAsync(streamId, ct) is { Count: > 0 } now && now[^1].Seq != lastSeq)
                {
                    try
                    {
                        differences = await projections.CompareAsync(kind.Project(streamId, now), ct);
                    }
                    catch (HistoryDamagedException)
                    {
                        // The stream's first reading decided; its chain was checked on that reading.
                    }
                }
                foreach (var m in differences)
                {
                    mismatchCount++;
                    if (mismatches.Count < MaxListed)
                    {
                        mismatches.Add(new ReadModelMismatchView(streamId, m.Table, m.Column, m.Stored, m.Expected));
                    }
                }
            }
            pending.Clear();
        }

        async Task InspectAsync(string streamId, IReadOnlyList<StoredEvent> stream, CancellationToken ct)
        {
            seen.Add(streamId);
            if (aggregates.For(streamId) is not { } kind)
            {
                return;
            }
            IReadOnlyList<RowOp> expected;
            IReadOnlyList<string> blobKeys;
            try
            {
                expected = kind.Project(streamId, stream);
                blobKeys = kind.BlobsOf(streamId, stream).ToArray();
            }
            catch (HistoryDamagedException e)
            {
                unreadable.Add(new BrokenLinkView(streamId, e.Seq, "unreadable-event"));
                return;
            }
            readModelChecked++;
            pending.Add((streamId, stream[^1].Seq, kind, expected));
            if (pending.Count == ProjectionChecker.Batch)
            {
                await CompareAsync(ct);
            }
            foreach (var sha in blobKeys)
            {
                if (!blobsChecked.TryGetValue(sha, out var problem))
                {
                    problem = await CheckBlobAsync(sha, ct);
                    blobsChecked[sha] = problem;
                }
                if (problem is not null && evidenceProblems.Count < MaxListed)
                {
                    evidenceProblems.Add(new EvidenceProblemView(streamId, sha, problem));
                }
            }
        }

        var result = await verifier.VerifyAsync(streamPrefix, InspectAsync);
        await CompareAsync(CancellationToken.None);

        // Read-model rows that no stream accounts for.
        foreach (var kind in aggregates.Kinds)
        {
            if (kind.RowKey is not { } key)
            {
                continue;
            }
            await foreach (var rowKey in projections.KeysAsync(key.Table, key.Column, key.WhereColumn, key.WhereValue))
            {
                var streamId = kind.StreamIdOf(rowKey);
                if ((streamPrefix is null || streamId.StartsWith(streamPrefix, StringComparison.Ordinal)) && !seen.Contains(streamId))
                {
                    mismatchCount++;
                    if (mismatches.Count < MaxListed)
                    {
                        mismatches.Add(new ReadModelMismatchView(streamId, key.Table, "*", "row", null));
                    }
                }
            }
        }

        var parentChild = await Recommendations.ParentChildCheck.FindAsync(readModel, events, streamPrefix);

        CheckpointVerification? asked = null;
        if (checkpoint is not null)
        {
            asked = await VerifyCheckpointAsync(checkpoint);
        }

        var first = result.FirstBroken is { } broken ? new BrokenLinkView(broken.StreamId, broken.Seq, broken.Reason) : unreadable.FirstOrDefault();
        var evidenceFailures = blobsChecked.Count(b => b.Value is not null);
        var intact = result.Intact && unreadable.Count == 0 && mismatchCount == 0 && evidenceFailures == 0 && parentChild.Count == 0
            && asked is not { Intact: false };
        if (!intact)
        {
            logger.LogWarning("Audit trail verification found problems: first broken {First}, {Mismatches} read-model mismatches, {Evidence} evidence problems, "
                + "{ParentChild} closed parents with a reopened sub-recommendation, checkpoint {Checkpoint}",
                first, mismatchCount, evidenceFailures, parentChild.Count, asked?.Reason);
        }
        OversightTelemetry.AuditTrailVerified(intact, result.Events, time.GetElapsedTime(started));
        return new AuditTrailVerification(intact, result.Streams, result.Events, first, time.GetUtcNow(),
            result.BrokenStreams + unreadable.Count, result.LatestCheckpoint is { } latest ? CheckpointGrain.View(latest) : null, asked,
            readModelChecked, mismatchCount, mismatches, blobsChecked.Count, evidenceProblems, parentChild);
    }

    public async Task<ReadModelRebuild> RebuildReadModelAsync()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var damaged = new List<BrokenLinkView>();
        int streams = 0, rewritten = 0, removed = 0, skipped = 0;
        var current = new List<StoredEvent>();

        async Task FlushAsync()
        {
            if (current.Count == 0)
            {
                return;
            }
            var streamId = current[0].StreamId;
            streams++;
            seen.Add(streamId);
            if (aggregates.For(streamId) is { } kind)
            {
                try
                {
                    var ops = kind.Project(streamId, current);
                    if (await events.ProjectAsync(streamId, current[^1].Seq, ops))
                    {
                        rewritten++;
                    }
                    else
                    {
                        skipped++; // an append moved the stream on and wrote its own, newer rows
                    }
                }
                catch (HistoryDamagedException e)
                {
                    damaged.Add(new BrokenLinkView(streamId, e.Seq, "unreadable-event"));
                }
            }
            current.Clear();
        }

        await foreach (var e in events.ReadByStreamAsync())
        {
            if (current.Count > 0 && current[0].StreamId != e.StreamId)
            {
                await FlushAsync();
            }
            current.Add(e);
        }
        await FlushAsync();

        foreach (var kind in aggregates.Kinds)
        {
            if (kind.RowKey is not { } key)
            {
                continue;
            }
            var orphans = new List<string>();
            await foreach (var rowKey in projections.KeysAsync(key.Table, key.Column, key.WhereColumn, key.WhereValue))
            {
                if (!seen.Contains(kind.StreamIdOf(rowKey)))
                {
                    orphans.Add(rowKey);
                }
            }
            foreach (var rowKey in orphans)
            {
                // Only while the stream still has no events (seq 0): a row written for a stream that appears meanwhile stays.
                if (await events.ProjectAsync(kind.StreamIdOf(rowKey), 0, kind.Remove(rowKey)))
                {
                    removed++;
                }
            }
        }

        // The board's projection in memory follows the rebuilt rows.
        await GrainFactory.GetGrain<IBoardGrain>(GrainKeys.Board).RefreshAsync();
        logger.LogWarning("Read model rebuilt from the events: {Streams} streams, {Rewritten} rewritten, {Removed} rows without history removed, {Skipped} moved on, {Damaged} damaged",
            streams, rewritten, removed, skipped, damaged.Count);
        return new ReadModelRebuild(streams, rewritten, removed, skipped, damaged, time.GetUtcNow());
    }

    private async Task<CheckpointVerification> VerifyCheckpointAsync(string reference)
    {
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(reference.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence))
        {
            return new CheckpointVerification(0, null, null, false, "unknown-checkpoint", null, null, 0);
        }
        var check = await verifier.VerifyCheckpointAsync(sequence, reference[(colon + 1)..]);
        return new CheckpointVerification(check.Sequence, check.Hash, check.CreatedAt, check.Intact, check.Reason, check.StreamId, check.Seq, check.Streams);
    }

    /// <summary>null when the blob is there with the bytes its key says; else "missing" or "content-changed".</summary>
    private async Task<string?> CheckBlobAsync(string sha256, CancellationToken ct)
    {
        try
        {
            return await blobs.GetAsync(sha256, ct) is null ? "missing" : null;
        }
        catch (BlobDamagedException)
        {
            return "content-changed";
        }
    }
}
