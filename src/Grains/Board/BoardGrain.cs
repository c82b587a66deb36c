using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Abstractions.Units;
using Oversight.Grains.Domain.Board;
using Oversight.Grains.Live;
using Oversight.Grains.Operations;
using Oversight.Grains.Recommendations;
using Oversight.Storage.ReadModel;

namespace Oversight.Grains.Board;

/// <summary>
/// The board's projection, in memory: one summary per recommendation, loaded from the read model on activation,
/// kept current by <see cref="RecommendationChangedAsync"/> and reconciled with the read model every few minutes.
/// </summary>
public sealed class BoardGrain(IRecommendationReadStore readModel, IChangePublisher changes, TimeProvider time, ILogger<BoardGrain> logger) : Grain, IBoardGrain
{
    private static readonly TimeSpan ReconcileEvery = TimeSpan.FromMinutes(5);

    /// <summary>How often a moved board is announced (boardChanged coalesces the changes in between).</summary>
    private static readonly TimeSpan PublishEvery = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<string, RecommendationSummary> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<(string? Report, string? Unit), BoardSnapshot> _cache = [];
    private Dictionary<string, LocalizedText> _unitNames = new(StringComparer.Ordinal);
    private Dictionary<string, LocalizedText> _findingNames = new(StringComparer.Ordinal);
    private long _sumOfVersions;
    private DateOnly _cacheDay;
    private bool _dirty;
    private readonly HashSet<string> _dirtyUnits = new(StringComparer.Ordinal);
    private DateOnly _publishedDay;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync();
        this.RegisterGrainTimer(async () => await RefreshAsync(), new GrainTimerCreationOptions(ReconcileEvery, ReconcileEvery) { Interleave = false });
        this.RegisterGrainTimer(PublishIfMovedAsync, new GrainTimerCreationOptions(PublishEvery, PublishEvery) { Interleave = false });
        _publishedDay = ThaiClock.Today(time);
        await base.OnActivateAsync(cancellationToken);
    }

    public Task<BoardSnapshot> GetSnapshotAsync(string? reportId = null, string? unit = null)
    {
        var today = ThaiClock.Today(time);
        if (today != _cacheDay)
        {
            _cache.Clear();
            _cacheDay = today;
        }
        if (!_cache.TryGetValue((reportId, unit), out var snapshot))
        {
            // Real and synthetic never mix: the default board is the real reports only; a synthetic report only when chosen.
            var items = _items.Values
                .Where(i => reportId is null ? !SyntheticData.IsSynthetic(i.ReportId) : i.ReportId == reportId)
                .Where(i => unit is null || i.Units.Contains(unit))
                .ToArray();
            snapshot = BoardCalculator.Compute(items, today, time.GetUtcNow(), BoardCalculator.Version(_sumOfVersions, today),
                reportId, _unitNames, _findingNames, unit: unit, synthetic: reportId is not null && SyntheticData.IsSynthetic(reportId));
            _cache[(reportId, unit)] = snapshot;
        }
        return Task.FromResult(snapshot);
    }

    public Task<long> GetVersionAsync() => Task.FromResult(BoardCalculator.Version(_sumOfVersions, ThaiClock.Today(time)));

    public Task RecommendationChangedAsync(RecommendationSummary summary)
    {
        Upsert(summary);
        return Task.CompletedTask;
    }

    public async Task<long> RefreshAsync()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in readModel.ReadAllAsync())
        {
            seen.Add(row.Id);
            Upsert(RecommendationGrain.FromRow(row));
        }
        foreach (var stale in _items.Keys.Where(k => !seen.Contains(k)).ToArray())
        {
            _sumOfVersions -= _items[stale].Version;
            _items.Remove(stale);
            _cache.Clear();
        }
        await LoadNamesAsync();
        logger.LogDebug("Board reconciled: {Count} recommendations, version sum {Sum}", _items.Count, _sumOfVersions);
        return await GetVersionAsync();
    }

    /// <summary>Announces the board when it moved (a change, or a new day that shifts overdue counts).</summary>
    private async Task PublishIfMovedAsync()
    {
        var today = ThaiClock.Today(time);
        var newDay = today != _publishedDay;
        if (!_dirty && !newDay)
        {
            return;
        }
        _dirty = false;
        _publishedDay = today;
        changes.PublishBoard((await GetSnapshotAsync()).WithoutNames());
        // Each unit whose recommendations moved gets its own board, in its own group (a new day moves every unit's).
        var units = newDay ? _unitNames.Keys.Where(u => _items.Values.Any(i => i.Units.Contains(u))).ToArray() : _dirtyUnits.ToArray();
        _dirtyUnits.Clear();
        foreach (var unit in units)
        {
            changes.PublishBoard((await GetSnapshotAsync(null, unit)).WithoutNames());
        }
    }

    private void Upsert(RecommendationSummary summary)
    {
        if (_items.TryGetValue(summary.Id, out var known))
        {
            if (known.Version >= summary.Version)
            {
                return;
            }
            _sumOfVersions -= known.Version;
        }
        _items[summary.Id] = summary;
        _sumOfVersions += summary.Version;
        _cache.Clear();
        _dirty = true;
        if (!SyntheticData.IsSynthetic(summary.ReportId))
        {
            _dirtyUnits.UnionWith(summary.Units);
            _dirtyUnits.UnionWith(known?.Units ?? []);
        }
    }

    private async Task LoadNamesAsync()
    {
        var units = await GrainFactory.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).ListAsync();
        _unitNames = units.ToDictionary(u => u.Code, u => u.Name, StringComparer.Ordinal);
        var findings = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        foreach (var reportId in _items.Values.Select(i => i.ReportId).Distinct())
        {
            if (await GrainFactory.GetGrain<IAuditReportGrain>(reportId).GetAsync() is { } report)
            {
                foreach (var finding in report.Findings)
                {
                    findings[finding.Code] = finding.Title;
                    findings[BoardCalculator.FindingKey(reportId, finding.Code)] = finding.Title;
                }
            }
        }
        _findingNames = findings;
        _cache.Clear();
    }
}
