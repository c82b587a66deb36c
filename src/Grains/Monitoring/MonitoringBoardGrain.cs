using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Live;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Domain.Monitoring;
using Oversight.Grains.Live;
using Oversight.Storage.Monitoring;
using Oversight.Storage.ReadModel;

namespace Oversight.Grains.Monitoring;

/// <summary>
/// The programme's figures in memory (see <see cref="IMonitoringBoardGrain"/>): entity rows and an
/// <see cref="ObservationIndex"/>, loaded on activation and kept current by the grains that change them.
/// </summary>
public sealed class MonitoringBoardGrain(MonitoringStore store, IRecommendationReadStore recommendations, IChangePublisher changes,
    IOptions<EServiceOptions> eservices, TimeProvider time, ILogger<MonitoringBoardGrain> logger) : Grain, IMonitoringBoardGrain
{
    /// <summary>How long the recommendations' units are kept before they are read again (they change rarely: a reassignment).</summary>
    private static readonly TimeSpan RecommendationUnitsFor = TimeSpan.FromSeconds(30);

    private IReadOnlyDictionary<string, string[]> _recommendationUnits = new Dictionary<string, string[]>();
    private DateTimeOffset _recommendationUnitsAt = DateTimeOffset.MinValue;

    private readonly Dictionary<string, Dictionary<string, EntityRow>> _entities = new(StringComparer.Ordinal);
    private ObservationIndex _observations = new();
    private long _version;
    /// <summary>Each view as computed for a board version and a Thai day: reads between changes cost a lookup.</summary>
    private readonly Dictionary<string, (long Version, DateOnly Day, object Value)> _memo = new(StringComparer.Ordinal);

    /// <summary>Each entity row's state, deserialised once; keyed by the row instance, so a changed row (a new instance) is read afresh.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<EntityRow, object?> _states = new();

    private DateOnly Today => ThaiClock.Today(time);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync();
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task RefreshAsync()
    {
        await LoadRecommendationUnitsAsync();
        foreach (var kind in MonitoringEntities.All.Where(e => e.OnBoard).Select(e => e.Kind))
        {
            _entities[kind] = (await store.ListEntitiesAsync(kind)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        }
        var index = new ObservationIndex();
        var count = 0;
        await foreach (var row in store.ReadObservationsAsync())
        {
            index.Upsert(new Observation(row.Source, row.Metric, row.Subject, row.Period, row.Value, row.AsOf, row.Synthetic, row.RecordedAt));
            count++;
        }
        _observations = index;
        _overProvinces.Clear();
        _entitiesStamp++;
        _version++;
        logger.LogDebug("Monitoring board loaded: {Observations} observations", count);
    }

    /// <summary>Each recommendation's units, for narrowing links (<see cref="MonitoringScope"/>).</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> GetRecommendationUnitsAsync()
    {
        if (time.GetUtcNow() - _recommendationUnitsAt > RecommendationUnitsFor)
        {
            await LoadRecommendationUnitsAsync();
        }
        return _recommendationUnits;
    }

    private async Task LoadRecommendationUnitsAsync()
    {
        var units = new Dictionary<string, string[]>(StringComparer.Ordinal);
        await foreach (var row in recommendations.ReadAllAsync())
        {
            units[row.Id] = [.. row.Units];
        }
        _recommendationUnits = units;
        _recommendationUnitsAt = time.GetUtcNow();
    }

    public async Task EntityChangedAsync(string kind, string id)
    {
        if (await store.GetEntityAsync(kind, id) is { } row)
        {
            (_entities.TryGetValue(kind, out var rows) ? rows : _entities[kind] = new(StringComparer.Ordinal))[id] = row;
        }
        _entitiesStamp++;
        _version++;
        PublishViews([$"{kind}:{id}"]);
        PublishIndicators();
    }

    /// <summary>
    /// Takes an ingested batch's rows into the index at once (reads see them from this turn on) and leaves announcing
    /// them to <see cref="AnnounceObservationsAsync"/>, a turn of its own: the ingesting grain does not wait for the
    /// views to be recomputed, and batches that arrive within <see cref="AnnounceEvery"/> of the last announcement are
    /// announced together, so a stream of large batches recomputes the province, e-service, data-exchange and indicator
    /// views a few times a second rather than once per batch (issue 8's ingestion target; issue 9's batch → figure
    /// within 1 s is kept: an announcement is at most <see cref="AnnounceEvery"/> behind the write).
    /// </summary>
    public Task ObservationsChangedAsync(Immutable<IReadOnlyList<ObservationRowView>> rows)
    {
        _version++;
        foreach (var row in rows.Value)
        {
            _observations.Upsert(new Observation(row.Source, row.Metric, row.Subject, row.Period, row.Value, row.AsOf, row.Synthetic, row.RecordedAt));
            _unannounced.Add((row.Subject, row.Metric));
        }
        if (_announcement is null)
        {
            var wait = AnnounceEvery - Stopwatch.GetElapsedTime(_lastAnnounced);
            _announcement = this.RegisterGrainTimer(AnnounceObservationsAsync,
                new GrainTimerCreationOptions(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
        }
        return Task.CompletedTask;
    }

    /// <summary>How often, at most, ingested figures are announced (a batch that arrives after a quiet spell is announced at once).</summary>
    public static readonly TimeSpan AnnounceEvery = TimeSpan.FromMilliseconds(200);

    private readonly HashSet<(string Subject, string Metric)> _unannounced = [];
    private IGrainTimer? _announcement;
    private long _lastAnnounced;

    /// <summary>Announces every figure ingested since the last announcement, and the views they change, at the board's version.</summary>
    private Task AnnounceObservationsAsync(CancellationToken cancellationToken)
    {
        _announcement?.Dispose();
        _announcement = null;
        _lastAnnounced = Stopwatch.GetTimestamp();
        var today = Today;
        foreach (var (subject, metric) in _unannounced)
        {
            var figure = new MetricChanged(subject, metric, Figures.Of(_observations.Latest(metric, subject), MetricCatalog.Find(metric), today), _version);
            changes.Publish(new LiveEnvelope(LiveKinds.Metrics.Name, $"{subject}|{metric}", _version, LiveGroups.For(null, OwnersOf(subject)), figure));
        }
        var subjects = _unannounced.Select(c => c.Subject).Distinct(StringComparer.Ordinal).ToArray();
        _unannounced.Clear();
        PublishViews(subjects);
        PublishIndicators();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Announces the views of the offices, services and agencies that changed (an entity's own change, or new figures
    /// about it): each view whole, with its computed rates and flags, at the board's version, to its owners' groups.
    /// </summary>
    private void PublishViews(IEnumerable<string> changed)
    {
        var provinces = new HashSet<string>(StringComparer.Ordinal);
        var services = new HashSet<string>(StringComparer.Ordinal);
        var agencies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subject in changed)
        {
            var colon = subject.IndexOf(':');
            var (kind, id) = colon < 0 ? (subject, "") : (subject[..colon], subject[(colon + 1)..]);
            switch (kind)
            {
                case "province":
                    provinces.Add(id);
                    break;
                case "office":
                    if (States<OfficeState>("office").FirstOrDefault(o => o.Id == id) is { State: { } office })
                    {
                        provinces.Add(office.Code);
                    }
                    break;
                case "eservice":
                    services.Add(id);
                    break;
                case "agency":
                    agencies.Add(id);
                    break;
                case "dataset":
                    if (States<AgencyState>("agency").FirstOrDefault(a => a.State.Datasets.Any(d => d.Id == id)) is { State: { } owner })
                    {
                        agencies.Add(owner.Id);
                    }
                    break;
            }
        }
        if (provinces.Count > 0)
        {
            foreach (var p in Memo("provinces", ProvinceListAsOf).Items.Where(p => provinces.Contains(p.Code)))
            {
                changes.Publish(new LiveEnvelope(LiveKinds.Office.Name, p.Code, _version, LiveGroups.For(null, [p.Unit]), new ProvinceChanged(p.Code, _version, p)));
            }
        }
        if (services.Count > 0)
        {
            foreach (var e in Memo("eservices", EServicesAsOf).Items.Where(e => services.Contains(e.Service.Id)))
            {
                changes.Publish(new LiveEnvelope(LiveKinds.EService.Name, e.Service.Id, _version, LiveGroups.For(null, [e.Service.Unit]),
                    new EServiceChanged(e.Service.Id, _version, e)));
            }
        }
        if (agencies.Count > 0)
        {
            foreach (var a in Memo("data-exchange", DataExchangeAsOf).Agencies.Where(a => agencies.Contains(a.Agency.Id)))
            {
                changes.Publish(new LiveEnvelope(LiveKinds.Agency.Name, a.Agency.Id, _version, LiveGroups.For(null, [AgencyAggregate.OwnerUnit]),
                    new AgencyChanged(a.Agency.Id, _version, a)));
            }
        }
    }

    public Task<IReadOnlyList<string>> GetSubjectsAsync()
    {
        var subjects = new List<string>();
        subjects.AddRange(States<OfficeState>("office").Select(s => $"province:{s.State.Code}"));
        subjects.AddRange(States<EServiceState>("eservice").Select(s => $"eservice:{s.State.Id}"));
        foreach (var (_, agency) in States<AgencyState>("agency"))
        {
            subjects.Add($"agency:{agency.Id}");
            subjects.AddRange(agency.Datasets.Select(d => $"dataset:{d.Id}"));
        }
        subjects.AddRange(States<ContractState>("contract").Select(s => $"contract:{s.State.Id}"));
        return Task.FromResult<IReadOnlyList<string>>(subjects);
    }

    // ---------------------------------------------------------------- provinces

    /// <summary>The view <paramref name="key"/> for the current version and day, computed once.</summary>
    private T Memo<T>(string key, Func<DateOnly, T> compute) where T : class
    {
        var today = Today;
        if (_memo.TryGetValue(key, out var cached) && cached.Version == _version && cached.Day == today)
        {
            return (T)cached.Value;
        }
        var version = _version;
        var value = compute(today);
        _memo[key] = (version, today, value);
        return value;
    }

    public Task<ProvinceList> GetProvincesAsync() => Task.FromResult(Memo("provinces", ProvinceListAsOf));

    private ProvinceList ProvinceListAsOf(DateOnly today)
    {
        var offices = States<OfficeState>("office").Select(s => s.State).OrderBy(o => o.Code, StringComparer.Ordinal).ToArray();
        var baselines = InformalBaseline.Split(offices.Select(o => (o.Code, o.Region)).ToArray(),
            code => Figures.Of(_observations.Latest("employment.employed", $"province:{code}"), MetricCatalog.Find("employment.employed"), today));
        return new ProvinceList(offices.Select(o => Summary(o, baselines, today)).ToArray(), ReportFigures("report.offices-never-registered", "report.units-not-using-lbda"),
            today, _version);
    }

    public async Task<ProvinceDetail?> GetProvinceAsync(string code)
    {
        var list = await GetProvincesAsync();
        if (list.Items.FirstOrDefault(p => p.Code == code) is not { } summary)
        {
            return null;
        }
        var today = Today;
        var subject = $"province:{code}";
        var metrics = MetricCatalog.All.Where(m => m.Subject == SubjectKind.Province)
            .ToDictionary(m => m.Id, m => Series(m, subject, today), StringComparer.Ordinal);
        var changesOf = (await store.ReadChangesAsync(subject))
            .Select(c => new ObservationChange(c.Metric, c.Period, c.Source, c.Value, c.Previous, c.AsOf, c.BatchSeq)).ToArray();
        var history = await GrainFactory.GetGrain<IProvincialOfficeGrain>(code).GetHistoryAsync();
        return new ProvinceDetail(summary, metrics, changesOf, history, today);
    }

    private ProvinceSummary Summary(OfficeState o, IReadOnlyDictionary<string, Figure> baselines, DateOnly today)
    {
        var subject = $"province:{o.Code}";
        var metrics = MetricCatalog.All.Where(m => m.Subject == SubjectKind.Province)
            .ToDictionary(m => m.Id, m => Figures.Of(_observations.Latest(m.Id, subject), m, today), StringComparer.Ordinal);
        var baseline = baselines.TryGetValue(o.Code, out var b) ? b : Figure.NotGiven(InformalBaseline.Source);
        var rate = Share(subject, "lbda.registered-staff", "lbda.staff-needing-access", today,
            new LocalizedText("เจ้าหน้าที่ที่ลงทะเบียน ÷ เจ้าหน้าที่ที่ต้องใช้ระบบ", "registered ÷ needing access"));
        var coverage = Figures.Computed(v => v[1] == 0 ? null : 100 * v[0] / v[1], metrics["informal.registered"].Period,
            new LocalizedText("ผู้ขึ้นทะเบียน ÷ ค่าฐาน สสช. ของจังหวัด", "registered ÷ the province's NSO baseline"), today, metrics["informal.registered"], baseline);
        var freshness = Share(subject, "informal.records-updated-12m", "informal.registered", today,
            new LocalizedText("ระเบียนที่ปรับปรุงใน 12 เดือน ÷ ผู้ขึ้นทะเบียน", "records updated in 12 months ÷ registered"));
        var resurveyed = Share(subject, "informal.resurveyed", "informal.registered", today,
            new LocalizedText("ระเบียนที่สำรวจซ้ำ ÷ ผู้ขึ้นทะเบียน", "records re-surveyed ÷ registered"));
        return new ProvinceSummary(o.Code, o.Name, o.Region, o.Unit, o.Visited, metrics, rate, coverage, freshness, baseline, resurveyed);
    }

    /// <summary>
    /// A percentage of one metric over another for a subject, from the newest period both have (a rate is never drawn
    /// from two different periods), with the provenance of both inputs.
    /// </summary>
    private Figure Share(string subject, string numerator, string denominator, DateOnly today, LocalizedText method)
    {
        var (n, d) = (MetricCatalog.Find(numerator)!, MetricCatalog.Find(denominator)!);
        var period = _observations.Newest(numerator, subject).Select(x => x.Period)
            .FirstOrDefault(p => _observations.At(denominator, subject, p) is not null);
        return period is null
            ? Figures.Computed(v => v[1] == 0 ? null : 100 * v[0] / v[1], null, method, today, Figures.Of(null, n, today), Figures.Of(null, d, today))
            : Figures.Computed(v => v[1] == 0 ? null : 100 * v[0] / v[1], period, method, today,
                Figures.Of(_observations.At(numerator, subject, period), n, today), Figures.Of(_observations.At(denominator, subject, period), d, today));
    }

    private MetricSeries Series(MetricDefinition metric, string subject, DateOnly today)
    {
        var series = _observations.Series(metric.Id, subject).Select(o => Figures.Of(o, metric, today)).ToArray();
        return new MetricSeries(metric.Id, metric.Name, metric.Unit, series.Length > 0 ? series[^1] : Figures.Of(null, metric, today), series);
    }

    // ---------------------------------------------------------------- e-services, data exchange, contracts

    public Task<EServiceList> GetEServicesAsync() => Task.FromResult(Memo("eservices", EServicesAsOf));

    private EServiceList EServicesAsOf(DateOnly today)
    {
        var options = eservices.Value;
        var items = States<EServiceState>("eservice").Select(s =>
        {
            var row = _entities["eservice"][s.State.Id];
            var info = new EServiceInfo(s.State.Id, s.State.Name, s.State.Audience, s.State.Unit, s.State.Source, s.State.Synthetic, row.Version, row.UpdatedAt);
            var uses = Series(MetricCatalog.Find("eservice.uses")!, $"eservice:{s.State.Id}", today);
            var logins = Series(MetricCatalog.Find("eservice.sso-logins")!, $"eservice:{s.State.Id}", today);
            var flag = UsageFlags.For(uses.Latest.Value, options) switch
            {
                UsageFlag.ZeroUse => "zero-use",
                UsageFlag.LowUse => "low-use",
                UsageFlag.NoData => "no-data",
                _ => "none",
            };
            return new EServiceSummary(info, uses, logins, flag);
        }).ToArray();
        return new EServiceList(items, ReportFigures("report.eservices-zero-use", "report.eservices-zero-use-employer", "report.eservices-low-use"),
            options.LowUseAtMost, today);
    }

    public Task<DataExchange> GetDataExchangeAsync() => Task.FromResult(Memo("data-exchange", DataExchangeAsOf));

    private DataExchange DataExchangeAsOf(DateOnly today)
    {
        var lastUpdate = MetricCatalog.Find("dataset.last-update")!;
        var agencies = States<AgencyState>("agency").Select(s =>
        {
            var row = _entities["agency"][s.State.Id];
            var info = new AgencyInfo(s.State.Id, s.State.Name, s.State.Mode, s.State.Status, s.State.Source, s.State.Synthetic,
                s.State.Datasets.Select(d => new DatasetInfo(d.Id, s.State.Id, d.Name, d.RecordLevel, d.FrequencyUnit, d.FrequencyInterval, d.Source, d.Synthetic, d.Scores)).ToArray(),
                row.Version, row.UpdatedAt);
            var datasets = info.Datasets.Select(d =>
            {
                var frequency = new UpdateFrequency(d.FrequencyUnit, d.FrequencyInterval);
                var observed = _observations.Latest(lastUpdate.Id, $"dataset:{d.Id}");
                var date = observed is null ? (DateOnly?)null : DateOnly.FromDayNumber((int)observed.Value);
                var state = FreshnessRule.Of(frequency, date, today);
                var figure = observed is null
                    ? Figures.Of(null, lastUpdate, today)
                    : new Figure(observed.Value, observed.Period, observed.Source, observed.AsOf, state, observed.Synthetic,
                        new LocalizedText(date!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), date.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
                return new DatasetSummary(d, frequency.Describe(), frequency.Dcat, figure, state);
            }).ToArray();
            return new AgencySummary(info, datasets);
        }).ToArray();
        return new DataExchange(agencies, ReportFigures("report.agencies", "report.agencies-api-in-progress"), today);
    }

    public Task<IReadOnlyList<ContractView>> GetContractsAsync() => Task.FromResult(Memo("contracts", ContractsAsOf));

    public Task<long> GetVersionAsync() => Task.FromResult(_version);

    public Task<MonitoringSnapshot> GetSnapshotAsync() => Task.FromResult(new MonitoringSnapshot(_version, Today, Memo("provinces", ProvinceListAsOf),
        Memo("contracts", ContractsAsOf), Memo("eservices", EServicesAsOf), Memo("data-exchange", DataExchangeAsOf), Memo("indicators", IndicatorsAsOf)));

    private IReadOnlyList<ContractView> ContractsAsOf(DateOnly today) => States<ContractState>("contract")
        .Select(s => ContractViews.ToView(s.State, _entities["contract"][s.State.Id].Version, _entities["contract"][s.State.Id].UpdatedAt, today)).ToArray();

    // ---------------------------------------------------------------- indicators

    public Task<IReadOnlyList<IndicatorView>> GetIndicatorsAsync() => Task.FromResult(Memo("indicators", IndicatorsAsOf));

    private IReadOnlyList<IndicatorView> IndicatorsAsOf(DateOnly today)
    {
        var provinces = Memo("provinces", ProvinceListAsOf);
        var eserviceList = Memo("eservices", EServicesAsOf);
        var exchange = Memo("data-exchange", DataExchangeAsOf);
        var contracts = Memo("contracts", ContractsAsOf);
        var indicators = States<IndicatorState>("indicator").ToDictionary(s => s.State.Code, s => s.State, StringComparer.Ordinal);
        var views = new List<IndicatorView>();
        foreach (var definition in IndicatorCatalog.All)
        {
            indicators.TryGetValue(definition.Code, out var state);
            var (current, series) = Compute(definition.Code, provinces, eserviceList, exchange, contracts, today);
            var version = _entities.TryGetValue("indicator", out var rows) && rows.TryGetValue(definition.Code, out var row) ? row.Version : 0;
            views.Add(new IndicatorView(definition.Code, definition.Name, definition.Unit, current, state?.Baseline, state?.Target, state?.TargetDate, series,
                state?.Recommendations ?? definition.RecommendationCodes, definition.Method, state?.Units ?? [], version, _version));
        }
        return views;
    }

    private (Figure Current, IReadOnlyList<Figure> Series) Compute(string code, ProvinceList provinces, EServiceList eserviceList, DataExchange exchange,
        IReadOnlyList<ContractView> contracts, DateOnly today)
    {
        var method = IndicatorCatalog.Find(code)!.Method;
        switch (code)
        {
            case IndicatorCatalog.LbdaRegistration:
            {
                var series = PeriodsOf("lbda.registered-staff").Select(p => RatioOverProvinces("lbda.registered-staff", "lbda.staff-needing-access", p, method, today)).ToArray();
                return (series.LastOrDefault() ?? Empty(method), series);
            }
            case IndicatorCatalog.InformalCoverage:
            {
                var series = PeriodsOf("informal.registered").Select(p =>
                {
                    var registered = SumOverProvinces("informal.registered", p, method, today);
                    var baseline = new Figure(InformalBaseline.Total, InformalBaseline.Period, InformalBaseline.Source, InformalBaseline.AsOf, Freshness.Fresh, false);
                    return Figures.Computed(v => 100 * v[0] / v[1], p, method, today, registered, baseline);
                }).ToArray();
                return (series.LastOrDefault() ?? Empty(method), series);
            }
            case IndicatorCatalog.InformalFreshness:
            {
                var series = PeriodsOf("informal.records-updated-12m").Select(p => RatioOverProvinces("informal.records-updated-12m", "informal.registered", p, method, today)).ToArray();
                return (series.LastOrDefault() ?? Empty(method), series);
            }
            case IndicatorCatalog.AgenciesApiLinked:
            {
                var agencies = RealFirst(exchange.Agencies, a => a.Agency.Synthetic);
                var linked = agencies.Count(a => a.Agency is { Mode: LinkageMode.DirectApi, Status: LinkageStatus.Linked });
                var reported = exchange.ReportFigures.TryGetValue("report.agencies", out var r) && r.Value is { } n ? n : 0;
                var synthetic = agencies.Any(a => a.Agency.Synthetic);
                var total = synthetic ? agencies.Count : Math.Max(agencies.Count, reported);
                return (total == 0 ? Empty(method) : new Figure(Math.Round(100.0 * linked / total, 2), null, "computed", today, Freshness.Fresh, synthetic, method), []);
            }
            case IndicatorCatalog.DatasetsFresh:
            {
                var datasets = RealFirst(exchange.Agencies.SelectMany(a => a.Datasets), d => d.Dataset.Synthetic || d.LastUpdate.Synthetic);
                if (datasets.Count == 0)
                {
                    return (Empty(method), []);
                }
                var fresh = datasets.Count(d => d.Freshness == Freshness.Fresh);
                var asOf = datasets.Select(d => d.LastUpdate.AsOf).Where(a => a is not null).DefaultIfEmpty(null).Min();
                return (new Figure(Math.Round(100.0 * fresh / datasets.Count, 2), null, "computed", asOf, Freshness.Fresh,
                    datasets.Any(d => d.Dataset.Synthetic || d.LastUpdate.Synthetic), method), []);
            }
            case IndicatorCatalog.EServicesZeroUse:
            {
                var withData = RealFirst(eserviceList.Items.Where(i => i.Flag != "no-data"), i => i.Uses.Latest.Synthetic || i.Service.Synthetic);
                if (withData.Count == 0)
                {
                    return (Empty(method), []);
                }
                var asOf = withData.Select(i => i.Uses.Latest.AsOf).Min();
                return (new Figure(withData.Count(i => i.Flag == "zero-use"), withData.Select(i => i.Uses.Latest.Period).Max(), "computed", asOf, Freshness.Fresh,
                    withData.Any(i => i.Uses.Latest.Synthetic || i.Service.Synthetic), method), []);
            }
            case IndicatorCatalog.EServiceUses:
            {
                var periods = eserviceList.Items.SelectMany(i => i.Uses.Series.Select(f => f.Period!)).Distinct().OrderBy(p => p, Comparer<string>.Create(Periods.Compare)).ToArray();
                var series = periods.Select(p => Figures.Sum(RealFirst(eserviceList.Items.Select(i => i.Uses.Series.FirstOrDefault(f => f.Period == p) ?? Empty(method))
                    .Where(f => f.Value is not null), f => f.Synthetic), p, method)).ToArray();
                return (series.LastOrDefault() ?? Empty(method), series);
            }
            case IndicatorCatalog.ContractDaysLate:
            {
                var known = RealFirst(contracts.Select(c => c.MaxDaysLate).Where(f => f.Value is not null), f => f.Synthetic);
                return (known.Count == 0 ? Empty(method) : known.MaxBy(f => f.Value)! with { Note = method }, []);
            }
            case IndicatorCatalog.ContractFines:
                return (Figures.Sum(RealFirst(contracts.Select(c => c.FinesAccrued).Where(f => f.Value is not null), f => f.Synthetic), null, method), []);
            default:
                return (Empty(method), []);
        }
    }

    private static Figure Empty(LocalizedText method) => new(null, null, "computed", null, Freshness.Unknown, false, method);

    /// <summary>
    /// Figures over every office for one period (an indicator's series point), kept until an observation of one of
    /// their metrics for that period changes, the offices change, the index is reloaded or the day turns: an ingested
    /// batch touches a few periods, and the series of every other period is not computed again.
    /// </summary>
    private readonly Dictionary<string, (long Stamp, DateOnly Day, long Entities, object Value)> _overProvinces = new(StringComparer.Ordinal);
    private long _entitiesStamp;

    private T OverProvinces<T>(string key, long stamp, DateOnly today, Func<T> compute) where T : class
    {
        if (_overProvinces.TryGetValue(key, out var cached) && cached.Stamp == stamp && cached.Day == today && cached.Entities == _entitiesStamp)
        {
            return (T)cached.Value;
        }
        var value = compute();
        _overProvinces[key] = (stamp, today, _entitiesStamp, value);
        return value;
    }

    private IReadOnlyList<string> PeriodsOf(string metric) => OverProvinces($"periods|{metric}", _observations.StampOf(metric), Today, () => PeriodsOfNow(metric));

    private IReadOnlyList<string> PeriodsOfNow(string metric) => States<OfficeState>("office")
        .SelectMany(o => _observations.Series(metric, $"province:{o.State.Code}").Select(x => x.Period))
        .Distinct(StringComparer.Ordinal).Order(Comparer<string>.Create(Periods.Compare)).ToArray();

    private Figure SumOverProvinces(string metric, string period, LocalizedText method, DateOnly today) =>
        OverProvinces($"sum|{metric}|{period}|{method.En}", _observations.StampOf(metric, period), today, () => SumOverProvincesNow(metric, period, method, today));

    private Figure SumOverProvincesNow(string metric, string period, LocalizedText method, DateOnly today) =>
        Figures.Sum(RealFirst(States<OfficeState>("office").Select(o => Figures.Of(_observations.At(metric, $"province:{o.State.Code}", period), MetricCatalog.Find(metric), today))
            .Where(f => f.Value is not null), f => f.Synthetic), period, method);

    /// <summary>Real and synthetic never mix in one figure: when any real input exists, only the real ones count.</summary>
    private static IReadOnlyList<T> RealFirst<T>(IEnumerable<T> items, Func<T, bool> synthetic)
    {
        var all = items.ToArray();
        return all.Any(i => !synthetic(i)) ? all.Where(i => !synthetic(i)).ToArray() : all;
    }

    /// <summary>Σ numerator ÷ Σ denominator × 100 over the offices that have both figures for the period.</summary>
    private Figure RatioOverProvinces(string numerator, string denominator, string period, LocalizedText method, DateOnly today) =>
        OverProvinces($"ratio|{numerator}|{denominator}|{period}|{method.En}",
            Math.Max(_observations.StampOf(numerator, period), _observations.StampOf(denominator, period)), today,
            () => RatioOverProvincesNow(numerator, denominator, period, method, today));

    private Figure RatioOverProvincesNow(string numerator, string denominator, string period, LocalizedText method, DateOnly today)
    {
        var pairs = States<OfficeState>("office").Select(o => (
            N: Figures.Of(_observations.At(numerator, $"province:{o.State.Code}", period), MetricCatalog.Find(numerator), today),
            D: Figures.Of(_observations.At(denominator, $"province:{o.State.Code}", period), MetricCatalog.Find(denominator), today)))
            .Where(p => p.N.Value is not null && p.D.Value is not null).ToArray();
        pairs = [.. RealFirst(pairs, p => p.N.Synthetic || p.D.Synthetic)];
        var n = Figures.Sum(pairs.Select(p => p.N).ToArray(), period, method);
        var d = Figures.Sum(pairs.Select(p => p.D).ToArray(), period, method);
        return Figures.Computed(v => v[1] == 0 ? null : 100 * v[0] / v[1], period, method, today, n, d);
    }

    private void PublishIndicators()
    {
        // Indicators are cheap to compute (a few dozen figures); announce them all with the board's version.
        foreach (var view in Memo("indicators", IndicatorsAsOf))
        {
            foreach (var envelope in MonitoringScope.PerGroup(LiveKinds.Indicator.Name, view.Code, view.BoardVersion, LiveGroups.For(null, view.Units),
                         view, (v, scope) => v.For(scope, _recommendationUnits)))
            {
                changes.Publish(envelope);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private IReadOnlyDictionary<string, Figure> ReportFigures(params string[] metrics)
    {
        var today = Today;
        var result = new Dictionary<string, Figure>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            foreach (var subject in _observations.Subjects.Where(s => s.StartsWith("report:", StringComparison.Ordinal)))
            {
                if (_observations.Latest(metric, subject) is { } o)
                {
                    result[metric] = Figures.Of(o, MetricCatalog.Find(metric), today);
                }
            }
        }
        return result;
    }

    private IReadOnlyList<string> OwnersOf(string subject)
    {
        if (!MetricCatalog.TryParseSubject(subject, out var kind, out var id))
        {
            return [];
        }
        return kind switch
        {
            SubjectKind.Province => States<OfficeState>("office").Where(o => o.State.Code == id).Select(o => o.State.Unit).ToArray(),
            SubjectKind.EService => States<EServiceState>("eservice").Where(s => s.State.Id == id).Select(s => s.State.Unit).ToArray(),
            SubjectKind.Agency or SubjectKind.Dataset => [AgencyAggregate.OwnerUnit],
            SubjectKind.Contract => States<ContractState>("contract").Where(c => c.State.Id == id).Select(c => c.State.Unit).ToArray(),
            _ => [],
        };
    }

    /// <summary>The entities of a kind with their states, each state read from its row's JSON once per row (not once per use).</summary>
    private IEnumerable<(string Id, TState State)> States<TState>(string kind) where TState : class =>
        _entities.TryGetValue(kind, out var rows)
            ? rows.Values.Select(r => (r.Id, State: StateOf<TState>(r)!)).Where(x => x.State is not null)
            : [];

    private TState? StateOf<TState>(EntityRow row) where TState : class
    {
        if (!_states.TryGetValue(row, out var state))
        {
            _states.Add(row, state = EntityAggregate<TState>.ReadState(row.State));
        }
        return state as TState;
    }
}
