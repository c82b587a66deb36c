using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Domain.Monitoring;

// ---------------------------------------------------------------- provincial offices

public sealed record OfficeState(string Code, LocalizedText Name, string Region, string Unit, bool? Visited, string? VisitSource);

public sealed class OfficeAggregate(string id) : EntityAggregate<OfficeState>("office", id)
{
    public override IReadOnlyList<string> Units => State is { } s ? [s.Unit] : [];

    public EntityDecision DecideRegister(Actor actor, LocalizedText name, string region, string unit)
    {
        if (Exists) return CommandError.Invalid("already-registered", $"Office {Id} is already registered.");
        if (actor.Role != UserRole.Admin) return CommandError.Forbidden("Only an administrator registers an office.");
        if ((TextRules.CheckName(name.Th, "name.th", 200, true, out _) ?? TextRules.CheckName(name.En, "name.en", 200, true, out _)) is { } bad) return bad;
        return Event(actor, new OfficeRegistered(Id, name, region, unit), null, new FieldChange("name", null, name.Th), new FieldChange("unit", null, unit));
    }

    public EntityDecision DecideVisit(Actor actor, bool visited, string source)
    {
        if (RequireExisting() is { } missing) return missing;
        if (actor.Role is not (UserRole.Admin or UserRole.Auditor)) return CommandError.Forbidden("Only an auditor or an administrator records an audit visit.");
        if (TextRules.CheckName(source, "source", 200, true, out var s) is { } bad) return bad;
        if (State!.Visited == visited) return CommandError.Invalid("no-change", "Already recorded so.");
        return Event(actor, new OfficeVisitMarked(visited, s), null, new FieldChange("visitedByAudit", State.Visited?.ToString(), visited.ToString()));
    }

    protected override OfficeState? Fold(OfficeState? state, EntityEventData data, DateTimeOffset at, ActorRef actor) => data switch
    {
        OfficeRegistered r when state is null => new OfficeState(r.Code, r.Name, r.Region, r.Unit, null, null),
        OfficeVisitMarked v when state is not null => state with { Visited = v.Visited, VisitSource = v.Source },
        _ => null,
    };

    public OfficeInfo Info() => new(State!.Code, State.Name, State.Region, State.Unit, State.Visited, State.VisitSource, Version, UpdatedAt);
}

// ---------------------------------------------------------------- e-services

public sealed record EServiceState(string Id, LocalizedText Name, EServiceAudience Audience, string Unit, string Source, bool Synthetic);

public sealed class EServiceAggregate(string id) : EntityAggregate<EServiceState>("eservice", id)
{
    public override IReadOnlyList<string> Units => State is { } s ? [s.Unit] : [];

    public override bool Synthetic => State?.Synthetic == true;

    public EntityDecision DecideRegister(Actor actor, LocalizedText name, EServiceAudience audience, string unit, string source, bool synthetic, Func<string, bool> unitExists)
    {
        if (Exists) return CommandError.Invalid("already-registered", $"E-service {Id} is already registered.");
        if (actor.Role != UserRole.Admin) return CommandError.Forbidden("Only an administrator (or an import) registers an e-service.");
        if ((TextRules.CheckName(name.Th, "name.th", 300, true, out _) ?? TextRules.CheckName(name.En, "name.en", 300, true, out _)) is { } bad) return bad;
        if (!TextRules.IsCode(unit) || !unitExists(unit)) return CommandError.Invalid("unknown-unit", $"'{unit}' is not a known unit.", "unit");
        return Event(actor, new EServiceRegistered(Id, name, audience, unit, source, synthetic), null,
            new FieldChange("name", null, name.Th), new FieldChange("audience", null, OversightJson.EnumValue(audience)));
    }

    protected override EServiceState? Fold(EServiceState? state, EntityEventData data, DateTimeOffset at, ActorRef actor) => data switch
    {
        EServiceRegistered r when state is null => new EServiceState(r.Id, r.Name, r.Audience, r.Unit, r.Source, r.Synthetic),
        _ => null,
    };

    public EServiceInfo Info() => new(State!.Id, State.Name, State.Audience, State.Unit, State.Source, State.Synthetic, Version, UpdatedAt);
}

// ---------------------------------------------------------------- agencies and their datasets

public sealed record DatasetState(string Id, LocalizedText Name, bool RecordLevel, string FrequencyUnit, int FrequencyInterval, string Source, bool Synthetic,
    IReadOnlyList<QualityScore> Scores);

public sealed record AgencyState(string Id, LocalizedText Name, LinkageMode? Mode, LinkageStatus? Status, string Source, bool Synthetic, IReadOnlyList<DatasetState> Datasets);

/// <summary>A partner agency and its datasets. Data exchange is LBDA's, so the ICT Centre owns it (the scoping rule reads by it).</summary>
public sealed class AgencyAggregate(string id) : EntityAggregate<AgencyState>("agency", id)
{
    public const string OwnerUnit = DataExchangeOwner.Unit;

    public override IReadOnlyList<string> Units => Exists ? [OwnerUnit] : [];

    public override bool Synthetic => State?.Synthetic == true;

    public EntityDecision DecideRegister(Actor actor, LocalizedText name, LinkageMode? mode, LinkageStatus? status, string source, bool synthetic)
    {
        if (Exists) return CommandError.Invalid("already-registered", $"Agency {Id} is already registered.");
        if (actor.Role != UserRole.Admin) return CommandError.Forbidden("Only an administrator (or an import) registers an agency.");
        if ((TextRules.CheckName(name.Th, "name.th", 300, true, out _) ?? TextRules.CheckName(name.En, "name.en", 300, true, out _)) is { } bad) return bad;
        return Event(actor, new AgencyRegistered(Id, name, mode, status, source, synthetic), null, new FieldChange("name", null, name.Th));
    }

    public EntityDecision DecideLinkage(Actor actor, LinkageMode? mode, LinkageStatus? status, long? expected)
    {
        if ((RequireExisting() ?? RequireWriter(actor) ?? CheckVersion(expected)) is { } refused) return refused;
        if (mode == State!.Mode && status == State.Status) return CommandError.Invalid("no-change", "The linkage is already as given.");
        return Event(actor, new AgencyLinkageChanged(mode, status), null,
            new FieldChange("mode", Name(State.Mode), Name(mode)), new FieldChange("status", Name(State.Status), Name(status)));
    }

    public EntityDecision DecideDataset(Actor actor, NewDataset d)
    {
        if ((RequireExisting() ?? RequireWriter(actor)) is { } refused) return refused;
        if (State!.Datasets.Any(x => x.Id == d.Id)) return CommandError.Invalid("dataset-exists", $"Dataset {d.Id} already exists.", "id");
        if ((TextRules.CheckName(d.Name.Th, "name.th", 300, true, out _) ?? TextRules.CheckName(d.Name.En, "name.en", 300, true, out _)) is { } bad) return bad;
        if (!new UpdateFrequency(d.FrequencyUnit, d.FrequencyInterval).IsKnown || d.FrequencyInterval is < 0 or > 10_000)
        {
            return CommandError.Invalid("unknown-frequency", $"'{d.FrequencyUnit}' is not a GD Catalog update-frequency unit ({string.Join(", ", UpdateFrequency.Units.Keys)}).", "frequencyUnit");
        }
        return Created(actor, new DatasetRegistered(d.Id, d.Name, d.RecordLevel, d.FrequencyUnit, d.FrequencyInterval, d.Source, d.Synthetic), d.Id, null,
            new FieldChange($"datasets[{d.Id}]", null, d.Name.Th));
    }

    public EntityDecision DecideScore(Actor actor, string datasetId, IReadOnlyDictionary<string, int> scores, DateOnly scoredOn, long? expected, DateOnly today)
    {
        if ((RequireExisting() ?? RequireScorer(actor) ?? CheckVersion(expected)) is { } refused) return refused;
        var dataset = State!.Datasets.FirstOrDefault(x => x.Id == datasetId);
        if (dataset is null) return CommandError.NotFound($"Dataset '{datasetId}' does not exist.");
        if (scores.Count == 0 || scores.Keys.Any(k => !QualityDimensions.All.Contains(k)))
        {
            return CommandError.Invalid("unknown-dimension", $"Quality dimensions are {string.Join(", ", QualityDimensions.All)}.", "scores");
        }
        if (scores.Values.Any(v => v is < 0 or > 100)) return CommandError.Invalid("invalid-score", "A score is a whole number from 0 to 100.", "scores");
        if (scoredOn > today) return CommandError.Invalid("date-in-future", "'scoredOn' cannot be later than today.", "scoredOn");
        return Event(actor, new DatasetScored(datasetId, scores, actor.DisplayName, scoredOn), null,
            scores.Select(s => new FieldChange($"datasets[{datasetId}].{s.Key}", dataset.Scores.FirstOrDefault(q => q.Dimension == s.Key)?.Score.ToString(System.Globalization.CultureInfo.InvariantCulture),
                s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray());
    }

    protected override AgencyState? Fold(AgencyState? state, EntityEventData data, DateTimeOffset at, ActorRef actor) => data switch
    {
        AgencyRegistered r when state is null => new AgencyState(r.Id, r.Name, r.Mode, r.Status, r.Source, r.Synthetic, []),
        AgencyLinkageChanged l when state is not null => state with { Mode = l.Mode, Status = l.Status },
        DatasetRegistered d when state is not null => state with
        {
            Datasets = [.. state.Datasets, new DatasetState(d.Id, d.Name, d.RecordLevel, d.FrequencyUnit, d.FrequencyInterval, d.Source, d.Synthetic, [])],
        },
        DatasetScored s when state is not null => state with
        {
            Datasets = state.Datasets.Select(x => x.Id != s.DatasetId ? x : x with
            {
                Scores = x.Scores.Where(q => !s.Scores.ContainsKey(q.Dimension))
                    .Concat(s.Scores.Select(p => new QualityScore(p.Key, p.Value, s.ScoredBy, s.ScoredOn)))
                    .OrderBy(q => QualityDimensions.All.ToList().IndexOf(q.Dimension)).ToArray(),
            }).ToArray(),
        },
        _ => null,
    };

    public AgencyInfo Info() => new(State!.Id, State.Name, State.Mode, State.Status, State.Source, State.Synthetic,
        State.Datasets.Select(d => new DatasetInfo(d.Id, State.Id, d.Name, d.RecordLevel, d.FrequencyUnit, d.FrequencyInterval, d.Source, d.Synthetic, d.Scores)).ToArray(),
        Version, UpdatedAt);

    private static string? Name<T>(T? value) where T : struct, Enum => value is { } v ? OversightJson.EnumValue(v) : null;

    private static CommandError? RequireWriter(Actor actor) =>
        actor.Role == UserRole.Admin || (actor.IsUnitOfficer && actor.Unit == OwnerUnit) ? null : CommandError.Forbidden($"Only an officer of {OwnerUnit} or an administrator changes data exchange.");

    private static CommandError? RequireScorer(Actor actor) =>
        MonitoringWriters.MayScoreDatasets(actor)
            ? null : CommandError.Forbidden($"Only an auditor, an officer of {OwnerUnit} or an administrator scores data quality.");
}

// ---------------------------------------------------------------- indicators

public sealed record IndicatorState(string Code, LocalizedText Name, LocalizedText Unit, IReadOnlyList<string> Recommendations, Figure? Baseline,
    double? Target, DateOnly? TargetDate, string? TargetSetBy, IReadOnlyList<string> Units);

public sealed class IndicatorAggregate(string id) : EntityAggregate<IndicatorState>("indicator", id)
{
    public override IReadOnlyList<string> Units => State?.Units ?? [];

    /// <param name="owners">The units of the recommendations it measures: the indicator belongs to them (the scoping rule).</param>
    public EntityDecision DecideRegister(Actor actor, LocalizedText name, LocalizedText unit, IReadOnlyList<string> recommendations, Figure? baseline, IReadOnlyList<string> owners)
    {
        if (Exists) return CommandError.Invalid("already-registered", $"Indicator {Id} is already registered.");
        if (actor.Role != UserRole.Admin) return CommandError.Forbidden("Only an administrator registers an indicator.");
        return Event(actor, new IndicatorRegistered(Id, name, unit, recommendations, baseline, owners), null,
            new FieldChange("name", null, name.Th), new FieldChange("recommendations", null, string.Join(", ", recommendations)));
    }

    public EntityDecision DecideTarget(Actor actor, double? baseline, string? baselinePeriod, double target, DateOnly targetDate, long? expected, DateOnly today)
    {
        if ((RequireExisting() ?? CheckVersion(expected)) is { } refused) return refused;
        if (!MonitoringWriters.MaySetIndicatorTargets(actor)) return CommandError.Forbidden("Only an auditor or an administrator sets an indicator's baseline and target.");
        if (double.IsNaN(target) || double.IsInfinity(target) || baseline is { } b && (double.IsNaN(b) || double.IsInfinity(b)))
        {
            return CommandError.Invalid("invalid-number", "Baseline and target are numbers.", "target");
        }
        if (targetDate <= today) return CommandError.Invalid("target-date-past", "A target's date is in the future.", "targetDate");
        if (baselinePeriod is not null && Periods.Parse(baselinePeriod) is null) return CommandError.Invalid("invalid-period", "A period is yyyy-MM or FY + B.E. year.", "baselinePeriod");
        return Event(actor, new IndicatorTargetSet(baseline, baselinePeriod, target, targetDate), null,
            new FieldChange("target", State!.Target?.ToString(System.Globalization.CultureInfo.InvariantCulture), target.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new FieldChange("targetDate", Iso(State.TargetDate), Iso(targetDate)));
    }

    protected override IndicatorState? Fold(IndicatorState? state, EntityEventData data, DateTimeOffset at, ActorRef actor) => data switch
    {
        IndicatorRegistered r when state is null => new IndicatorState(r.Code, r.Name, r.Unit, r.Recommendations, r.Baseline, null, null, null, r.Units ?? []),
        IndicatorTargetSet t when state is not null => state with
        {
            Baseline = t.Baseline is { } value
                ? new Figure(value, t.BaselinePeriod, $"set by {actor.DisplayName}", ThaiClock.ToThaiDate(at), Freshness.Fresh, false)
                : state.Baseline,
            Target = t.Target,
            TargetDate = t.TargetDate,
            TargetSetBy = actor.DisplayName,
        },
        _ => null,
    };

    public IndicatorInfo Info() => new(State!.Code, State.Name, State.Unit, State.Recommendations, State.Baseline, State.Target, State.TargetDate, State.TargetSetBy,
        Version, UpdatedAt);
}
