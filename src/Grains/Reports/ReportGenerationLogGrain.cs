using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Storage.Events;

namespace Oversight.Grains.Reports;

/// <summary>
/// Appends each report generation to the audit-trail stream <c>report-log:{reportId}</c> and lists them. The stream
/// is the state: it is read on activation, and an append that finds the stream moved on (another activation wrote
/// first) re-reads it and tries again.
/// </summary>
public sealed class ReportGenerationLogGrain(IEventStore events, TimeProvider time, ILogger<ReportGenerationLogGrain> logger)
    : Grain, IReportGenerationLogGrain
{
    private const int MaxAttempts = 5;
    private List<ReportGenerationRecord> _records = [];
    private long _lastSeq;

    private string ReportId => this.GetPrimaryKeyString();

    private string StreamId => ReportGenerationStreams.For(ReportId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<ReportGenerationRecord> RecordAsync(ReportGeneration generation)
    {
        ArgumentNullException.ThrowIfNull(generation);
        var payload = JsonSerializer.Serialize(new GenerationPayload(generation.Kind, generation.Unit, generation.Language,
            generation.AsOf, generation.Sha256, generation.Bytes, generation.Pages, generation.GeneratedBy, generation.GeneratedByRole), OversightJson.Options);
        for (var attempt = 1; ; attempt++)
        {
            var at = time.GetUtcNow();
            var result = await events.AppendAsync(StreamId, _lastSeq, [new NewEvent(ReportGenerationStreams.EventType, at, generation.GeneratedBy, payload)]);
            if (result.Success)
            {
                var stored = result.Appended[0];
                var record = new ReportGenerationRecord(ReportId, stored.Seq, stored.RecordedAt, generation, stored.Hash);
                _records.Add(record);
                _lastSeq = stored.Seq;
                return record;
            }
            logger.LogWarning("Append to {Stream} conflicted: expected {Expected}, store has {Current}; re-reading", StreamId, _lastSeq, result.CurrentSeq);
            await LoadAsync(CancellationToken.None);
            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"Could not append to {StreamId} after {MaxAttempts} attempts.");
            }
        }
    }

    public Task<IReadOnlyList<ReportGenerationRecord>> ListAsync() => Task.FromResult<IReadOnlyList<ReportGenerationRecord>>(_records.ToArray());

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await events.ReadStreamAsync(StreamId, cancellationToken);
        var records = new List<ReportGenerationRecord>(stored.Count);
        foreach (var e in stored)
        {
            if (e.EventType != ReportGenerationStreams.EventType)
            {
                continue;
            }
            var p = JsonSerializer.Deserialize<GenerationPayload>(e.Payload, OversightJson.Options)
                ?? throw new InvalidOperationException($"Empty payload at {StreamId} #{e.Seq}.");
            records.Add(new ReportGenerationRecord(ReportId, e.Seq, e.RecordedAt,
                new ReportGeneration(p.Kind, p.Unit, p.Lang, p.AsOf, p.Sha256, p.Bytes, p.Pages, p.GeneratedBy, p.GeneratedByRole), e.Hash));
        }
        _records = records;
        _lastSeq = stored.Count == 0 ? 0 : stored[^1].Seq;
    }

    /// <summary>The stored (hashed) JSON: {kind, unit, lang, asOf, sha256, bytes, pages, generatedBy, generatedByRole}.</summary>
    private sealed record GenerationPayload(string Kind, string? Unit, string Lang, DateOnly AsOf, string Sha256, long Bytes, int Pages,
        string GeneratedBy, UserRole GeneratedByRole);
}
