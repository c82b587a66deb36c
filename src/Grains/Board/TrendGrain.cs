using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Domain.Recommendations;
using Oversight.Storage.Events;
using Oversight.Storage.ReadModel;

namespace Oversight.Grains.Board;

/// <summary>See <see cref="ITrendGrain"/>. Status changes are the history's own "status" field changes.</summary>
public sealed class TrendGrain(IEventStore events, IRecommendationReadStore readModel, TimeProvider time, ILogger<TrendGrain> logger) : Grain, ITrendGrain
{
    public const int MaxWeeks = 104;

    private static readonly HashSet<string> OpenStatuses = new(StringComparer.Ordinal) { "not-started", "in-progress", "implemented-pending-verification" };

    /// <summary>Per recommendation: its status changes in order (the Thai day each took effect).</summary>
    private readonly Dictionary<string, List<(DateOnly Day, string Status)>> _changes = new(StringComparer.Ordinal);
    private Dictionary<string, (string ReportId, string[] Units)> _owners = new(StringComparer.Ordinal);
    private long _position;
    private readonly Dictionary<(string?, string?, int, DateOnly, DataSet), StatusTrend> _cache = [];

    public async Task<StatusTrend> GetAsync(string? reportId, string? unit, int weeks, DataSet dataSet = DataSet.Real)
    {
        dataSet = SyntheticReports.Of(reportId, dataSet);
        weeks = Math.Clamp(weeks, 1, MaxWeeks);
        var today = ThaiClock.Today(time);
        if (await CatchUpAsync())
        {
            _cache.Clear();
        }
        if (_cache.TryGetValue((reportId, unit, weeks, today, dataSet), out var cached))
        {
            return cached;
        }
        // The week ends from the oldest shown to today.
        var dates = Enumerable.Range(0, weeks).Select(i => today.AddDays(-7 * (weeks - 1 - i))).ToArray();
        var counts = dates.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        foreach (var (id, changes) in _changes)
        {
            if (!_owners.TryGetValue(id, out var owner)
                || (reportId is null ? !SyntheticReports.In(dataSet, owner.ReportId) : owner.ReportId != reportId)
                || (unit is not null && !owner.Units.Contains(unit, StringComparer.Ordinal)))
            {
                continue;
            }
            var next = 0;
            string? status = null;
            for (var d = 0; d < dates.Length; d++)
            {
                while (next < changes.Count && changes[next].Day <= dates[d])
                {
                    status = changes[next++].Status;
                }
                if (status is not null)
                {
                    counts[d][status] = counts[d].GetValueOrDefault(status) + 1;
                }
            }
        }
        var trend = new StatusTrend(
            dates.Select((date, i) => new TrendPoint(date, counts[i], counts[i].Where(c => OpenStatuses.Contains(c.Key)).Sum(c => c.Value))).ToArray(),
            today, reportId, unit, _position, dataSet == DataSet.Synthetic);
        _cache[(reportId, unit, weeks, today, dataSet)] = trend;
        return trend;
    }

    /// <summary>Takes in the events appended since the last read; true when anything changed.</summary>
    private async Task<bool> CatchUpAsync()
    {
        var moved = false;
        await foreach (var stored in events.ReadAllAsync(_position))
        {
            _position = stored.Position;
            if (stored.StreamId.Contains(':', StringComparison.Ordinal) || stored.Damage is not null)
            {
                continue; // not a recommendation (monitoring kinds are "{kind}:{id}"); damage is the verifier's to report
            }
            RecommendationEvent decoded;
            try
            {
                decoded = RecommendationEventCodec.Deserialize(stored.Payload);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
            {
                logger.LogWarning("Trend: event {Stream}#{Seq} does not decode; skipped", stored.StreamId, stored.Seq);
                continue;
            }
            if (decoded.Changes?.FirstOrDefault(c => c.Field == "status") is { After: { } after })
            {
                if (!_changes.TryGetValue(stored.StreamId, out var list))
                {
                    _changes[stored.StreamId] = list = [];
                }
                list.Add((ThaiClock.ToThaiDate(stored.RecordedAt), after));
                moved = true;
            }
        }
        if (moved && _changes.Keys.Any(id => !_owners.ContainsKey(id)))
        {
            var owners = new Dictionary<string, (string, string[])>(StringComparer.Ordinal);
            await foreach (var row in readModel.ReadAllAsync())
            {
                owners[row.Id] = (row.ReportId, [.. row.Units]);
            }
            _owners = owners;
        }
        return moved;
    }
}
