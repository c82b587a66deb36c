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

/// <summary>The writer of observations (see <see cref="IObservationIngestGrain"/>), stream <see cref="StreamId"/>.</summary>
public sealed class ObservationIngestGrain(IEventStore events, IBlobStore blobs, MonitoringStore store, TimeProvider time, ILogger<ObservationIngestGrain> logger)
    : Grain, IObservationIngestGrain
{
    public const string StreamId = "metrics";
    public const string BlobType = "application/vnd.oversight.observations+json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private long _lastSeq = -1;

    public async Task<IngestResult> IngestAsync(IngestBatch batch)
    {
        var today = ThaiClock.Today(time);
        var subjects = (await GrainFactory.GetGrain<IMonitoringBoardGrain>(0).GetSubjectsAsync()).ToHashSet(StringComparer.Ordinal);
        var (valid, errors) = ObservationRules.Validate(batch.Observations, i => batch.Rows is { } rows && i < rows.Count ? rows[i] : i, subjects, today, batch.RequiredSource);
        if (errors.Count > 0)
        {
            return new IngestResult(false, batch.Observations.Count, 0, 0, 0, errors, null, null);
        }

        var existing = await store.GetObservationsAsync(valid.Select(v => new ObservationKey(v.Source, v.Metric.Id, v.Subject, v.Period)).ToArray());
        var accepted = new List<AcceptedObservation>();
        int inserted = 0, replaced = 0, unchanged = 0;
        foreach (var v in valid)
        {
            if (existing.TryGetValue(new ObservationKey(v.Source, v.Metric.Id, v.Subject, v.Period), out var old))
            {
                if (old.Value.Equals(v.Value) && old.AsOf == v.AsOf)
                {
                    unchanged++;
                    continue;
                }
                replaced++;
                accepted.Add(new AcceptedObservation(v.Source, v.Metric.Id, v.Subject, v.Period, v.Value, Iso(v.AsOf), v.Synthetic, old.Value));
            }
            else
            {
                inserted++;
                accepted.Add(new AcceptedObservation(v.Source, v.Metric.Id, v.Subject, v.Period, v.Value, Iso(v.AsOf), v.Synthetic, null));
            }
        }
        if (batch.DryRun || accepted.Count == 0)
        {
            if (!batch.DryRun)
            {
                OversightTelemetry.ObservationsIngested(inserted, replaced, unchanged);
            }
            return new IngestResult(true, batch.Observations.Count, inserted, replaced, unchanged, [], null, null);
        }

        // The accepted items are kept, content-addressed, as a blob; the event carries their SHA-256 and the counts.
        var content = JsonSerializer.SerializeToUtf8Bytes(accepted, Json);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        await blobs.PutAsync(sha, BlobType, content);

        if (_lastSeq < 0)
        {
            _lastSeq = await events.GetLastSeqAsync(StreamId);
        }
        var at = time.GetUtcNow();
        var data = new ObservationsIngested(sha, batch.KeyId, batch.SubmittedBy, batch.Observations.Count, inserted, replaced, unchanged);
        var actor = new ActorRef(batch.SubmittedBy, batch.SubmittedBy, UserRole.Admin, null);
        var changes = new List<FieldChange> { new("observations", null, $"{inserted} inserted, {replaced} replaced, {unchanged} unchanged (sha256 {sha})") };
        var @event = new EntityEvent(actor, changes, batch.KeyId is null ? null : $"api key {batch.KeyId}", data);
        var payload = EntityEventCodec.Serialize(@event);
        for (var attempt = 0; ; attempt++)
        {
            var seq = _lastSeq + 1;
            var (rows, changeRows) = Rows(accepted, seq, at);
            var result = await events.AppendAsync(StreamId, _lastSeq, [new NewEvent(data.Type, at, batch.SubmittedBy, payload)],
                MonitoringStore.ObservationProjection(rows, changeRows));
            if (result.Success)
            {
                _lastSeq = result.CurrentSeq;
                OversightTelemetry.WriteAcknowledged(StreamId);
                OversightTelemetry.ObservationsIngested(inserted, replaced, unchanged);
                await GrainFactory.GetGrain<IMonitoringBoardGrain>(0).ObservationsChangedAsync(new(rows.Select(r => new ObservationRowView(
                    r.Source, r.Metric, r.Subject, r.Period, r.Value, r.AsOf, r.Synthetic, r.BatchSeq, r.RecordedAt)).ToArray()));
                return new IngestResult(true, batch.Observations.Count, inserted, replaced, unchanged, [], sha, seq);
            }
            logger.LogWarning("Append to {Stream} conflicted at {Expected} (store has {Current}); retrying", StreamId, _lastSeq, result.CurrentSeq);
            _lastSeq = result.CurrentSeq;
            if (attempt >= 3)
            {
                throw new InvalidOperationException($"Could not append to {StreamId}.");
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
