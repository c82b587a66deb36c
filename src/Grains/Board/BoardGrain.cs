using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Abstractions.Units;
using Oversight.Grains.Domain.Board;
using Oversight.Grains.Live;
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
    private readonly Dictionary<(string? Report, string? Unit, DataSet DataSet), BoardSnapshot> _cache = [];
    private Dictionary<string, LocalizedText> _unitNames = new(StringComparer.Ordinal);

    /// <summary>
    /// The findings of the reports a snapshot has broken down by finding, loaded when first needed. Only a board over at
    /// most <see cref="BoardCalculator.MaxReportsForFindings"/> reports shows findings, so this asks at most that many
    /// report grains per board, never every report: at the SAO's 20,000 reports, loading all their names at each
    /// reconcile activated 20,000 report grains every five minutes. Emptied at each reconcile, so a renamed finding
    /// shows within minutes.
    /// </summary>
    private readonly Dictionary<string, IReadOnlyList<FindingView>> _findings = new(StringComparer.Ordinal);
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

    public async Task<BoardSnapshot> GetSnapshotAsync(string? reportId = null, string? unit = null, DataSet dataSet = DataSet.Real)
    {
        // Real and synthetic never mix: the default board is the real reports only; synthetic data only when chosen
        // (one synthetic report, or the whole synthetic data set), and then the snapshot says so.
        dataSet = SyntheticReports.Of(reportId, dataSet);
        var today = ThaiClock.Today(time);
        if (today != _cacheDay)
        {
            _cache.Clear();
            _cacheDay = today;
        }
        if (!_cache.TryGetValue((reportId, unit, dataSet), out var snapshot))
        {
            var items = _items.Values
                .Where(i => reportId is null ? SyntheticReports.In(dataSet, i.ReportId) : i.ReportId == reportId)
                .Where(i => unit is null || i.Units.Contains(unit))
                .ToArray();
            var findingNames = await FindingNamesAsync(items);
            snapshot = BoardCalculator.Compute(items, today, time.GetUtcNow(), BoardCalculator.Version(_sumOfVersions, today),
                reportId, _unitNames, findingNames, unit: unit, synthetic: dataSet == DataSet.Synthetic);
            _cache[(reportId, unit, dataSet)] = snapshot;
        }
        return snapshot;
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
        await LoadUnitNamesAsync();
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
        if (!SyntheticReports.IsSynthetic(summary.ReportId))
        {
            _dirtyUnits.UnionWith(summary.Units);
            _dirtyUnits.UnionWith(known?.Units ?? []);
        }
    }

    private async Task LoadUnitNamesAsync()
    {
        var units = await GrainFactory.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).ListAsync();
        _unitNames = units.ToDictionary(u => u.Code, u => u.Name, StringComparer.Ordinal);
        _findings.Clear();
        _cache.Clear();
    }

    /// <summary>
    /// The finding titles a board over <paramref name="items"/> shows: none when it spans more reports than
    /// <see cref="BoardCalculator.MaxReportsForFindings"/> (it has no by-finding breakdown then), otherwise those of its
    /// own reports only, keyed as <see cref="BoardCalculator.Compute"/> looks them up.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, LocalizedText>> FindingNamesAsync(IReadOnlyCollection<RecommendationSummary> items)
    {
        var names = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        var reports = items.Select(i => i.ReportId).Distinct(StringComparer.Ordinal).ToArray();
        if (reports.Length > BoardCalculator.MaxReportsForFindings)
        {
            return names;
        }
        foreach (var reportId in reports)
        {
            if (!_findings.TryGetValue(reportId, out var findings))
            {
                findings = _findings[reportId] = (await GrainFactory.GetGrain<IAuditReportGrain>(reportId).GetAsync())?.Findings ?? [];
            }
            foreach (var finding in findings)
            {
                names[reports.Length == 1 ? finding.Code : BoardCalculator.FindingKey(reportId, finding.Code)] = finding.Title;
            }
        }
        return names;
    }
}
