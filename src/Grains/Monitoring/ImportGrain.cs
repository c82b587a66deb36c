using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Concurrency;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Units;
using Oversight.Grains.Domain;
using Oversight.Grains.Domain.Monitoring;

namespace Oversight.Grains.Monitoring;

/// <summary>See <see cref="IImportGrain"/>. Stateless: the entities' grains and the ingestion writer hold the state.</summary>
[StatelessWorker]
public sealed partial class ImportGrain(TimeProvider time) : Grain, IImportGrain
{
    private sealed record Line(int Row, Func<string, string?> Get);

    public async Task<ImportResult> ImportAsync(ImportRows file, Actor actor, bool dryRun)
    {
        var index = file.Columns.Select((key, i) => (key, i)).ToDictionary(x => x.key, x => x.i, StringComparer.Ordinal);
        var rows = file.Rows.Select(r => new Line(r.Row, key => index.TryGetValue(key, out var i) && i < r.Cells.Length ? r.Cells[i]?.Trim() : null)).ToArray();
        var (outcome, errors) = file.Kind switch
        {
            ImportKinds.Observations => await ObservationsAsync(rows, actor, dryRun),
            ImportKinds.Contracts => await ContractsAsync(rows, actor, dryRun),
            ImportKinds.EServices => await EServicesAsync(rows, actor, dryRun),
            ImportKinds.Agencies => await AgenciesAsync(rows, actor, dryRun),
            ImportKinds.Datasets => await DatasetsAsync(rows, actor, dryRun),
            _ => (null, [InputError.Of(1, "*", InputErrorCodes.UnknownImportKind, file.Kind)]),
        };
        return new ImportResult(outcome, errors);
    }


    private async Task<(ImportOutcome?, IReadOnlyList<InputError>)> ObservationsAsync(IReadOnlyList<Line> rows, Actor actor, bool dryRun)
    {
        var inputs = rows.Select(r => new ObservationInput(r.Get("source"), r.Get("metric"), r.Get("subject"), r.Get("period"), r.Get("value"), r.Get("asOf"))).ToArray();
        var result = await GrainFactory.GetGrain<IObservationIngestGrain>("metrics").IngestAsync(new IngestBatch(inputs, null, actor.Username, null, dryRun,
            rows.Select(r => r.Row).ToArray()));
        return result.Accepted
            ? (new ImportOutcome(ImportKinds.Observations, rows.Count, result.Inserted, result.Replaced, result.Unchanged, 0, dryRun, result.BatchSha256), [])
            : (null, result.Errors);
    }

    private async Task<(ImportOutcome?, IReadOnlyList<InputError>)> EServicesAsync(IReadOnlyList<Line> rows, Actor actor, bool dryRun)
    {
        var units = await UnitsAsync();
        var existing = await GrainFactory.GetGrain<IMonitoringBoardGrain>(0).GetSubjectsAsync();
        var errors = new List<InputError>();
        var items = new List<(string Id, LocalizedText Name, EServiceAudience Audience, string Unit)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var before = errors.Count;
            var id = Id(r, "id", errors, seen, existing, "eservice");
            var name = Name(r, "nameTh", "nameEn", errors);
            var audience = r.Get("audience")?.ToLowerInvariant() switch
            {
                "employer" or "นายจ้าง" or "ผู้ประกอบการ" or "นายจ้าง/ผู้ประกอบการ" => EServiceAudience.Employer,
                "citizen" or "ประชาชน" or "ลูกจ้าง" or "ประชาชน/ลูกจ้าง" => EServiceAudience.Citizen,
                _ => (EServiceAudience?)null,
            };
            if (audience is null)
            {
                errors.Add(InputError.Of(r.Row, "audience", InputErrorCodes.InvalidAudience));
            }
            var unit = Unit(r, "unit", errors, units, required: true);
            if (errors.Count == before)
            {
                items.Add((id!, name!, audience!.Value, unit!));
            }
        }
        if (errors.Count > 0 || dryRun)
        {
            return errors.Count > 0 ? (null, errors) : (new ImportOutcome(ImportKinds.EServices, rows.Count, 0, 0, 0, items.Count, true, null), []);
        }
        foreach (var (id, name, audience, unit) in items)
        {
            await Ok(GrainFactory.GetGrain<IEServiceGrain>(id).RegisterAsync(actor, name, audience, unit, $"import:{actor.Username}", false));
        }
        return (new ImportOutcome(ImportKinds.EServices, rows.Count, 0, 0, 0, items.Count, false, null), []);
    }

    private async Task<(ImportOutcome?, IReadOnlyList<InputError>)> AgenciesAsync(IReadOnlyList<Line> rows, Actor actor, bool dryRun)
    {
        var existing = await GrainFactory.GetGrain<IMonitoringBoardGrain>(0).GetSubjectsAsync();
        var errors = new List<InputError>();
        var items = new List<(string Id, LocalizedText Name, LinkageMode? Mode, LinkageStatus? Status)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var before = errors.Count;
            var id = Id(r, "id", errors, seen, existing, "agency");
            var name = Name(r, "nameTh", "nameEn", errors);
            LinkageMode? mode = r.Get("mode") switch
            {
                null => null,
                "1" => LinkageMode.DirectApi,
                "2" => LinkageMode.RequestPerCycle,
                "3" => LinkageMode.ViaAnotherAgency,
                _ => (LinkageMode)(-1),
            };
            if (mode == (LinkageMode)(-1))
            {
                errors.Add(InputError.Of(r.Row, "mode", InputErrorCodes.InvalidLinkageMode));
            }
            LinkageStatus? status = null;
            if (r.Get("status") is { } statusText)
            {
                if (OversightJson.TryParseEnum<LinkageStatus>(statusText, out var parsed))
                {
                    status = parsed;
                }
                else
                {
                    errors.Add(InputError.Of(r.Row, "status", InputErrorCodes.InvalidLinkStatus));
                }
            }
            if (errors.Count == before)
            {
                items.Add((id!, name!, mode, status));
            }
        }
        if (errors.Count > 0 || dryRun)
        {
            return errors.Count > 0 ? (null, errors) : (new ImportOutcome(ImportKinds.Agencies, rows.Count, 0, 0, 0, items.Count, true, null), []);
        }
        foreach (var (id, name, mode, status) in items)
        {
            await Ok(GrainFactory.GetGrain<IAgencyGrain>(id).RegisterAsync(actor, name, mode, status, $"import:{actor.Username}", false));
        }
        return (new ImportOutcome(ImportKinds.Agencies, rows.Count, 0, 0, 0, items.Count, false, null), []);
    }

    private async Task<(ImportOutcome?, IReadOnlyList<InputError>)> DatasetsAsync(IReadOnlyList<Line> rows, Actor actor, bool dryRun)
    {
        var existing = await GrainFactory.GetGrain<IMonitoringBoardGrain>(0).GetSubjectsAsync();
        var errors = new List<InputError>();
        var items = new List<(string Agency, NewDataset Dataset)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var before = errors.Count;
            var agency = r.Get("agencyId");
            if (agency is null || !existing.Contains($"agency:{agency}"))
            {
                errors.Add(InputError.Of(r.Row, "agencyId", InputErrorCodes.UnknownAgency, agency));
            }
            var id = Id(r, "id", errors, seen, existing, "dataset");
            var name = Name(r, "nameTh", "nameEn", errors);
            bool? recordLevel = r.Get("recordLevel")?.ToLowerInvariant() switch
            {
                "yes" or "true" or "ใช่" or "1" => true,
                "no" or "false" or "ไม่ใช่" or "0" => false,
                _ => null,
            };
            if (recordLevel is null)
            {
                errors.Add(InputError.Of(r.Row, "recordLevel", InputErrorCodes.InvalidRecordLevel));
            }
            var unit = r.Get("frequencyUnit");
            if (unit is null || !UpdateFrequency.Units.ContainsKey(unit))
            {
                errors.Add(InputError.Of(r.Row, "frequencyUnit", InputErrorCodes.UnknownFrequency, string.Join(", ", UpdateFrequency.Units.Keys)));
            }
            var interval = 1;
            if (r.Get("frequencyInterval") is { } intervalText && (!int.TryParse(intervalText, NumberStyles.None, CultureInfo.InvariantCulture, out interval) || interval is < 1 or > 10_000))
            {
                errors.Add(InputError.Of(r.Row, "frequencyInterval", InputErrorCodes.InvalidFrequencyInterval));
            }
            if (errors.Count == before)
            {
                items.Add((agency!, new NewDataset(id!, name!, recordLevel!.Value, unit!, interval, $"import:{actor.Username}")));
            }
        }
        if (errors.Count > 0 || dryRun)
        {
            return errors.Count > 0 ? (null, errors) : (new ImportOutcome(ImportKinds.Datasets, rows.Count, 0, 0, 0, items.Count, true, null), []);
        }
        foreach (var (agency, dataset) in items)
        {
            await Ok(GrainFactory.GetGrain<IAgencyGrain>(agency).AddDatasetAsync(actor, dataset));
        }
        return (new ImportOutcome(ImportKinds.Datasets, rows.Count, 0, 0, 0, items.Count, false, null), []);
    }

    private async Task<(ImportOutcome?, IReadOnlyList<InputError>)> ContractsAsync(IReadOnlyList<Line> rows, Actor actor, bool dryRun)
    {
        var units = await UnitsAsync();
        var existing = await GrainFactory.GetGrain<IMonitoringBoardGrain>(0).GetSubjectsAsync();
        var errors = new List<InputError>();
        var contracts = new List<(string Id, RegisterContract Command)>();
        var today = ThaiClock.Today(time);
        foreach (var group in rows.GroupBy(r => r.Get("contractId") ?? ""))
        {
            var first = group.First();
            var before = errors.Count;
            if (!IdPattern().IsMatch(group.Key))
            {
                errors.Add(InputError.Of(first.Row, "contractId", InputErrorCodes.InvalidContractId));
            }
            else if (existing.Contains($"contract:{group.Key}"))
            {
                errors.Add(InputError.Of(first.Row, "contractId", InputErrorCodes.ContractExists, group.Key));
            }
            var title = Name(first, "titleTh", "titleEn", errors);
            var unit = Unit(first, "unit", errors, units, required: true);
            var value = Money(first, "value", errors);
            var signed = Date(first, "signedOn", errors, today);
            var rate = Money(first, "dailyRatePercent", errors) ?? 0.10m;
            var floor = Money(first, "dailyFloorBaht", errors) ?? 100m;
            if (rate is < 0.01m or > 0.20m)
            {
                errors.Add(InputError.Of(first.Row, "dailyRatePercent", InputErrorCodes.InvalidDailyRate));
            }
            var linked = (first.Get("recommendations") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var milestones = new List<NewMilestone>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in group)
            {
                var milestone = r.Get("milestoneId");
                if (milestone is null || !IdPattern().IsMatch(milestone) || !ids.Add(milestone))
                {
                    errors.Add(InputError.Of(r.Row, "milestoneId", InputErrorCodes.InvalidMilestoneId));
                    continue;
                }
                var deliverable = Name(r, "deliverableTh", "deliverableEn", errors);
                var instalment = Money(r, "instalment", errors);
                var planned = Date(r, "plannedDate", errors, null);
                var delivered = Date(r, "deliveredOn", errors, today);
                if (deliverable is not null)
                {
                    milestones.Add(new NewMilestone(milestone, deliverable, instalment, planned, delivered));
                }
            }
            if (errors.Count == before && title is not null && unit is not null)
            {
                contracts.Add((group.Key, new RegisterContract(title, unit, first.Get("contractor"), value, signed, linked, new FineRuleView(rate, floor), milestones,
                    $"import:{actor.Username}")));
            }
        }
        if (errors.Count > 0 || dryRun)
        {
            return errors.Count > 0 ? (null, errors) : (new ImportOutcome(ImportKinds.Contracts, rows.Count, 0, 0, 0, contracts.Count, true, null), []);
        }
        foreach (var (id, command) in contracts)
        {
            await Ok(GrainFactory.GetGrain<IContractGrain>(id).RegisterAsync(actor, command));
        }
        return (new ImportOutcome(ImportKinds.Contracts, rows.Count, 0, 0, 0, contracts.Count, false, null), []);
    }

    // ---------------------------------------------------------------- cells

    private static string? Id(Line r, string column, List<InputError> errors, Dictionary<string, int> seen, IReadOnlyList<string> existing, string subjectKind)
    {
        var id = r.Get(column);
        if (id is null || !IdPattern().IsMatch(id))
        {
            errors.Add(InputError.Of(r.Row, column, InputErrorCodes.InvalidId));
            return null;
        }
        if (seen.TryGetValue(id, out var first))
        {
            errors.Add(InputError.Of(r.Row, column, InputErrorCodes.DuplicateId, first));
            return null;
        }
        seen[id] = r.Row;
        if (existing.Contains($"{subjectKind}:{id}"))
        {
            errors.Add(InputError.Of(r.Row, column, InputErrorCodes.IdExists, id));
            return null;
        }
        return id;
    }

    private static LocalizedText? Name(Line r, string th, string en, List<InputError> errors)
    {
        var thai = r.Get(th);
        if (thai is null)
        {
            errors.Add(InputError.Of(r.Row, th, InputErrorCodes.Required));
            return null;
        }
        foreach (var (column, text) in new[] { (th, thai), (en, r.Get(en)) })
        {
            if (text is not null && TextRules.CheckName(text, column, 300, true, out _) is { } bad)
            {
                errors.Add(InputError.FromTextRule(r.Row, column, bad.Code, bad.Detail, 300));
                return null;
            }
        }
        return new LocalizedText(thai, r.Get(en) ?? thai);
    }

    private static string? Unit(Line r, string column, List<InputError> errors, IReadOnlySet<string> units, bool required)
    {
        var unit = r.Get(column);
        if (unit is null && !required)
        {
            return null;
        }
        if (unit is null || !units.Contains(unit))
        {
            errors.Add(InputError.Of(r.Row, column, InputErrorCodes.UnknownUnit, unit));
            return null;
        }
        return unit;
    }

    private static decimal? Money(Line r, string column, List<InputError> errors)
    {
        var text = r.Get(column);
        if (text is null)
        {
            return null;
        }
        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            errors.Add(InputError.Of(r.Row, column, InputErrorCodes.NegativeAmount));
            return null;
        }
        return value;
    }

    private static DateOnly? Date(Line r, string column, List<InputError> errors, DateOnly? notAfter)
    {
        var text = r.Get(column);
        if (text is null)
        {
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year < 1990 || date.Year > 2100)
        {
            errors.Add(InputError.Of(r.Row, column, InputErrorCodes.InvalidDate));
            return null;
        }
        if (notAfter is { } limit && date > limit)
        {
            errors.Add(InputError.Of(r.Row, column, InputErrorCodes.DateInFuture));
            return null;
        }
        return date;
    }

    private async Task<IReadOnlySet<string>> UnitsAsync() =>
        (await GrainFactory.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).ListAsync()).Select(u => u.Code).ToHashSet(StringComparer.Ordinal);

    private static async Task Ok(Task<CommandResult> write)
    {
        var result = await write;
        if (!result.Ok)
        {
            throw new InvalidOperationException($"An import row passed every check but was refused: {result.Error?.Code} {result.Error?.Detail}");
        }
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,79}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
