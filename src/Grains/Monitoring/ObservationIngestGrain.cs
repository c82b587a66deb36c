using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Telemetry;
using Oversight.Grains.Domain.Monitoring;
using Oversight.Storage.Blobs;
using Oversight.Storage.Events;
using Oversight.Storage.Monitoring;

namespace Oversight.Grains.Monitoring;

/// <summary>One accepted item as kept in the batch blob (and folded by the verifier and the rebuild).</summary>
public sealed record AcceptedObservation(string Source, string Metric, string Subject, string Period, double Value, string AsOf, bool Synthetic, double? Previous);

/// <summary>
/// The writer of observations (see <see cref="IObservationIngestGrain"/>), stream <see cref="StreamId"/>.
/// </summary>
/// <remarks>
/// <para>It is the stream's only writer, so it holds the current value of every observation
/// (<see cref="CurrentObservations"/>) and classifies a batch (insert, replacement, unchanged) without reading the
/// database.</para>
/// <para>Batches are pipelined (issue 8, ingestion ≥ 50,000 observations/s on two cores): a batch is validated,
/// classified and its blob stored while the batch before it is being appended, and appends happen one at a time in the
/// order batches were classified (<see cref="_tail"/>). A batch is classified against the values of the batches ahead of
/// it as if they will be stored (they are set in <see cref="_current"/> at once). If one of them is not stored (the
/// append failed, or another writer moved the stream), the held values are dropped and <see cref="_generation"/> moves;
/// each batch behind it then classifies itself again, at its turn, on what is stored. Nothing is answered before the
/// batches ahead of it are done, so an answer (even "unchanged", or a dry run) never rests on a batch that was not
/// stored.</para>
/// </remarks>
public sealed class ObservationIngestGrain(IEventStore events, IBlobStore blobs, MonitoringStore store, TimeProvider time, ILogger<ObservationIngestGrain> logger)
    : Grain, IObservationIngestGrain
{
    public const string StreamId = "metrics";
    public const string BlobType = "application/vnd.oversight.observations+json";
    private const int MaxAttempts = 4;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private long _lastSeq = -1;
    private CurrentObservations? _current;
    private Task<CurrentObservations>? _loading;
    private long _generation;
    private Task _tail = Task.CompletedTask;
    private HashSet<string>? _subjects;

    public async Task<IngestResult> IngestAsync(IngestBatch batch)
    {
        var today = ThaiClock.Today(time);
        var (valid, errors) = await ValidateAsync(batch, today);
        if (errors.Count > 0)
        {
            return new IngestResult(false, batch.Observations.Count, 0, 0, 0, errors, null, null);
        }

        var current = await CurrentAsync();
        var generation = _generation;
        var outcome = Classify(valid, current, batch.DryRun);
        var ahead = _tail;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _tail = done.Task;
        try
        {
            var blob = await PutBlobAsync(outcome, batch.DryRun);
            await ahead;
            for (var attempt = 1; ; attempt++)
            {
                if (generation != _generation)
                {
                    // A batch ahead of this one was not stored: nothing is in flight now; classify again on what is stored.
                    generation = _generation;
                    outcome = Classify(valid, _current ??= await CurrentObservations.LoadAsync(store), batch.DryRun);
                    blob = await PutBlobAsync(outcome, batch.DryRun);
                }
                if (blob is null)
                {
                    if (!batch.DryRun)
                    {
                        OversightTelemetry.ObservationsIngested(outcome.Inserted, outcome.Replaced, outcome.Unchanged);
                    }
                    return Answer(batch, outcome, null, null);
                }
                if (await AppendAsync(batch, outcome, blob) is { } seq)
                {
                    return Answer(batch, outcome, blob, seq);
                }
                if (attempt == MaxAttempts)
                {
                    throw new InvalidOperationException($"Could not append to {StreamId}.");
                }
            }
        }
        catch when (!batch.DryRun)
        {
            // This batch's values may be held and not stored.
            DropHeldValues();
            throw;
        }
        finally
        {
            done.SetResult();
        }
    }

    /// <summary>What a batch does to the current values: its counts and the items it stores.</summary>
    private sealed record Outcome(IReadOnlyList<AcceptedObservation> Accepted, int Inserted, int Replaced, int Unchanged);

    /// <summary>
    /// Classifies a batch against <paramref name="current"/> and, unless it is a dry run, sets its accepted values there
    /// at once, so that the next batch is classified as if this one is stored.
    /// </summary>
    private static Outcome Classify(IReadOnlyList<ValidObservation> valid, CurrentObservations current, bool dryRun)
    {
        var accepted = new List<AcceptedObservation>();
        int inserted = 0, replaced = 0, unchanged = 0;
        foreach (var v in valid)
        {
            var key = new ObservationKey(v.Source, v.Metric.Id, v.Subject, v.Period);
            double? previous = null;
            if (current.TryGet(key, out var oldValue, out var oldAsOf))
            {
                if (oldValue.Equals(v.Value) && oldAsOf == v.AsOf)
                {
                    unchanged++;
                    continue;
                }
                replaced++;
                previous = oldValue;
            }
            else
            {
                inserted++;
            }
            accepted.Add(new AcceptedObservation(v.Source, v.Metric.Id, v.Subject, v.Period, v.Value, Iso(v.AsOf), v.Synthetic, previous));
            if (!dryRun)
            {
                current.Set(key, v.Value, v.AsOf);
            }
        }
        return new Outcome(accepted, inserted, replaced, unchanged);
    }

    /// <summary>
    /// The current values. When they were dropped, it waits until no batch is in flight (their values went with them) and
    /// loads what is stored, once for every batch that waits.
    /// </summary>
    private async Task<CurrentObservations> CurrentAsync()
    {
        while (_current is null)
        {
            var tail = _tail;
            await tail;
            if (_current is null && _tail == tail)
            {
                var loading = _loading ??= CurrentObservations.LoadAsync(store);
                try
                {
                    var loaded = await loading;
                    _current ??= loaded;
                }
                finally
                {
                    if (_loading == loading)
                    {
                        _loading = null;
                    }
                }
            }
        }
        return _current;
    }

    /// <summary>Keeps the accepted items, content-addressed, as a blob (the event carries their SHA-256); null when there is nothing to store.</summary>
    private async Task<string?> PutBlobAsync(Outcome outcome, bool dryRun)
    {
        if (dryRun || outcome.Accepted.Count == 0)
        {
            return null;
        }
        var content = JsonSerializer.SerializeToUtf8Bytes(outcome.Accepted, Json);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        await blobs.PutAsync(sha, BlobType, content);
        return sha;
    }

    /// <summary>
    /// Appends the batch's event with its rows, durably, then hands the rows to the monitoring board; the event's seq,
    /// or null when another writer moved the stream (the held values are dropped, the caller classifies again).
    /// </summary>
    private async Task<long?> AppendAsync(IngestBatch batch, Outcome outcome, string sha)
    {
        if (_lastSeq < 0)
        {
            _lastSeq = await events.GetLastSeqAsync(StreamId);
        }
        var at = time.GetUtcNow();
        var data = new ObservationsIngested(sha, batch.KeyId, batch.SubmittedBy, batch.Observations.Count, outcome.Inserted, outcome.Replaced, outcome.Unchanged);
        var actor = new ActorRef(batch.SubmittedBy, batch.SubmittedBy, UserRole.Admin, null);
        var changes = new List<FieldChange> { new("observations", null, $"{outcome.Inserted} inserted, {outcome.Replaced} replaced, {outcome.Unchanged} unchanged (sha256 {sha})") };
        var @event = new EntityEvent(actor, changes, batch.KeyId is null ? null : $"api key {batch.KeyId}", data);
        var seq = _lastSeq + 1;
        var (rows, changeRows) = Rows(outcome.Accepted, seq, at);
        AppendResult result;
        try
        {
            result = await events.AppendAsync(StreamId, _lastSeq, [new NewEvent(data.Type, at, batch.SubmittedBy, EntityEventCodec.Serialize(@event))],
                MonitoringStore.ObservationProjection(rows, changeRows));
        }
        catch
        {
            // Whether the append committed is unknown: read the stream's head (and, in IngestAsync, the stored values) again.
            _lastSeq = -1;
            throw;
        }
        if (!result.Success)
        {
            logger.LogWarning("Append to {Stream} conflicted at {Expected} (store has {Current}); classifying the batch again", StreamId, _lastSeq, result.CurrentSeq);
            _lastSeq = result.CurrentSeq;
            DropHeldValues();
            return null;
        }
        _lastSeq = result.CurrentSeq;
        OversightTelemetry.WriteAcknowledged(StreamId);
        OversightTelemetry.ObservationsIngested(outcome.Inserted, outcome.Replaced, outcome.Unchanged);
        await GrainFactory.GetGrain<IMonitoringBoardGrain>(0).ObservationsChangedAsync(new(rows.Select(r => new ObservationRowView(
            r.Source, r.Metric, r.Subject, r.Period, r.Value, r.AsOf, r.Synthetic, r.BatchSeq, r.RecordedAt)).ToArray()));
        return seq;
    }

    private void DropHeldValues()
    {
        _current = null;
        _generation++;
    }

    private static IngestResult Answer(IngestBatch batch, Outcome outcome, string? sha, long? seq) =>
        new(true, batch.Observations.Count, outcome.Inserted, outcome.Replaced, outcome.Unchanged, [], sha, seq);

    /// <summary>
    /// Validates a batch against the subjects the monitoring board holds. They are kept between batches and asked for
    /// again only when a batch names one this grain has not seen (the board only ever gains subjects), so a batch does
    /// not wait behind the board's own work.
    /// </summary>
    private async Task<(IReadOnlyList<ValidObservation> Valid, IReadOnlyList<InputError> Errors)> ValidateAsync(IngestBatch batch, DateOnly today)
    {
        for (var fresh = _subjects is null; ; fresh = true)
        {
            if (fresh)
            {
                _subjects = (await GrainFactory.GetGrain<IMonitoringBoardGrain>(0).GetSubjectsAsync()).ToHashSet(StringComparer.Ordinal);
            }
            var (valid, errors) = ObservationRules.Validate(batch.Observations, i => batch.Rows is { } rows && i < rows.Count ? rows[i] : i, _subjects!, today, batch.RequiredSource);
            if (fresh || !errors.Any(e => e.Code is InputErrorCodes.UnknownProvince or InputErrorCodes.UnknownSubject))
            {
                return (valid, errors);
            }
        }
    }

    /// <summary>The read-model rows an accepted batch writes (the same the verifier and the rebuild fold from the blobs).</summary>
    public static (IReadOnlyList<ObservationRow> Rows, IReadOnlyList<ObservationChangeRow> Changes) Rows(IReadOnlyList<AcceptedObservation> accepted, long seq, DateTimeOffset at)
    {
        var recordedAt = EventHash.ParseTimestamp(EventHash.FormatTimestamp(at));
        var rows = accepted.Select(a => new ObservationRow(a.Source, a.Metric, a.Subject, a.Period, a.Value, DateOnly.Parse(a.AsOf, System.Globalization.CultureInfo.InvariantCulture),
            a.Synthetic, seq, recordedAt)).ToArray();
        var changes = accepted.Select((a, i) => new ObservationChangeRow(seq, i, a.Source, a.Metric, a.Subject, a.Period, a.Value, a.Previous,
            DateOnly.Parse(a.AsOf, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        return (rows, changes);
    }

    public static IReadOnlyList<AcceptedObservation> ReadBlob(byte[] content) =>
        JsonSerializer.Deserialize<AcceptedObservation[]>(content, Json) ?? [];

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
