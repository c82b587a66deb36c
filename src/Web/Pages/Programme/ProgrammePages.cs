using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Web.Apis;
using Oversight.Web.Auth;
using Oversight.Web.Text;

namespace Oversight.Web.Pages.Programme;

/// <summary>
/// The programme pages read through the same grains and the same scoping functions as the REST API
/// (<see cref="MonitoringApi.CanRead(ReadScope, ContractView)"/> and its siblings, <see cref="MonitoringApi.Scoped(IReadOnlyList{ContractView}, ReadScope, IReadOnlyDictionary{string, string[]})"/>):
/// an item the reader may not read is a 403, one that does not exist a 404, and lists are narrowed.
/// </summary>
[Authorize(Policy = Policies.Reader)]
public abstract class ProgrammePageModel(IGrainFactory grains) : OversightPageModel
{
    protected IGrainFactory Grains => grains;

    protected IMonitoringBoardGrain Board => grains.GetGrain<IMonitoringBoardGrain>(0);

    protected ReadScope Scope => User.Scope();
}

// ---------------------------------------------------------------- indexes

public sealed class ContractsModel(IGrainFactory grains) : ProgrammePageModel(grains)
{
    public IReadOnlyList<ContractView> Items { get; private set; } = [];

    public async Task OnGetAsync() =>
        Items = MonitoringApi.Scoped(await Board.GetContractsAsync(), Scope, await Board.GetRecommendationUnitsAsync());
}

public sealed class ProvincesModel(IGrainFactory grains) : ProgrammePageModel(grains)
{
    public ProvinceList List { get; private set; } = null!;

    public async Task OnGetAsync() => List = MonitoringApi.Scoped(await Board.GetProvincesAsync(), Scope);
}

public sealed class EServicesModel(IGrainFactory grains) : ProgrammePageModel(grains)
{
    public EServiceList List { get; private set; } = null!;

    public async Task OnGetAsync() => List = MonitoringApi.Scoped(await Board.GetEServicesAsync(), Scope);
}

public sealed class AgenciesModel(IGrainFactory grains) : ProgrammePageModel(grains)
{
    public DataExchange Exchange { get; private set; } = null!;

    public bool MayRead { get; private set; }

    public async Task OnGetAsync()
    {
        MayRead = MonitoringApi.CanReadDataExchange(Scope);
        Exchange = MonitoringApi.Scoped(await Board.GetDataExchangeAsync(), Scope);
    }
}

public sealed class IndicatorsModel(IGrainFactory grains) : ProgrammePageModel(grains)
{
    public IReadOnlyList<IndicatorView> Items { get; private set; } = [];

    public async Task OnGetAsync() =>
        Items = MonitoringApi.Scoped(await Board.GetIndicatorsAsync(), Scope, await Board.GetRecommendationUnitsAsync());
}

// ---------------------------------------------------------------- items

public sealed class ProvinceModel(IGrainFactory grains) : ProgrammePageModel(grains)
{
    public ProvinceDetail Detail { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code)
    {
        if (!MonitoringApi.IsProvinceCode(code) || await Board.GetProvinceAsync(code) is not { } detail)
        {
            return NotFound();
        }
        if (!MonitoringApi.CanRead(Scope, detail.Summary))
        {
            return Forbid();
        }
        Detail = detail;
        return Page();
    }
}

public sealed class EServiceModel(IGrainFactory grains) : ProgrammePageModel(grains)
{
    public EServiceSummary Item { get; private set; } = null!;

    public int LowUseAtMost { get; private set; }

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id)
    {
        var list = MonitoringApi.IsId(id) ? await Board.GetEServicesAsync() : null;
        if (list?.Items.FirstOrDefault(s => s.Service.Id == id) is not { } item)
        {
            return NotFound();
        }
        if (!MonitoringApi.CanRead(Scope, item.Service))
        {
            return Forbid();
        }
        (Item, LowUseAtMost) = (item, list.LowUseAtMost);
        History = await Grains.GetGrain<IEServiceGrain>(id).GetHistoryAsync();
        return Page();
    }
}

/// <summary>
/// A programme page with forms that write through a grain. The grain decides every write (who may, what is valid, a stale
/// version) exactly as it does for the REST API; the page reads what was typed with the shared parsers, keeps it after a
/// refusal, shows the error beside its field (or at the top of the form: a conflict, or one about no field shown), and
/// answers with the status the API would give (400, 403, 404, 409). A good write is a post/redirect/get.
/// </summary>
public abstract class ProgrammeFormModel(IGrainFactory grains, IStringLocalizer<SharedResource> localizer) : ProgrammePageModel(grains)
{
    public string? Error { get; private set; }

    public string? ErrorForm { get; private set; }

    /// <summary>The field of the refused form the error is about (shown beside it), when the grain or the page named one.</summary>
    public string? ErrorField { get; private set; }

    public bool Conflict { get; private set; }

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    /// <summary>Whether <paramref name="done"/> names one of this page's forms (the outcome a post/redirect/get shows).</summary>
    protected abstract bool IsForm(string done);

    /// <summary>The page as loaded, after the pages' rule for query values (PageQuery): an unknown outcome is refused (400) and named.</summary>
    protected IActionResult Shown()
    {
        Done = this.Checked("done", Done, IsForm);
        return Page();
    }

    /// <summary>What the user typed into <paramref name="field"/> of <paramref name="form"/> before it was refused (kept, so nothing is lost).</summary>
    public string? Kept(string form, string field) =>
        ErrorForm == form && Request.HasFormContentType && Request.Form.TryGetValue(field, out var value) ? value.ToString() : null;

    /// <summary>The error to show beside <paramref name="field"/>.</summary>
    public string? FieldError(string form, string field) => ErrorForm == form && !Conflict && ErrorField == field ? Error : null;

    /// <summary>The error to show at the top of <paramref name="form"/>: a conflict, or one about none of the fields it shows beside themselves.</summary>
    public string? FormError(string form, params string[] shownFields) =>
        ErrorForm != form ? null : !Conflict && ErrorField is { } f && shownFields.Contains(f) ? null : Error;

    /// <summary>A shared date input (B.E. in Thai, C.E. in English) of <paramref name="form"/>, with what was typed and its error kept after a refusal.</summary>
    public DateField DateOf(string form, string name, string label, string? initial = null) =>
        new($"{form}-{name}", name, label, Kept(form, name) ?? initial, Error: FieldError(form, name), TestId: $"{form}-date");

    /// <summary>Refused by the page before any write (what was typed does not parse): a 400.</summary>
    protected void Invalid(string form, string messageKey, string field)
    {
        Error = localizer[messageKey];
        ErrorForm = form;
        ErrorField = field;
        Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    /// <summary>Refused by the grain: its reason in the interface language, with the API's status.</summary>
    protected void Refused(string form, CommandError? error)
    {
        Conflict = error?.Kind == ErrorKind.Conflict;
        Error = Ui.Explain(localizer, error);
        ErrorForm = form;
        ErrorField = error?.Field;
        Response.StatusCode = error?.Kind switch
        {
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
    }

    /// <summary>A number as typed on the page: digits (Thai digits too), an optional sign, decimal point and thousands commas.</summary>
    protected static bool TryNumber(string? text, out double value)
    {
        value = 0;
        var normalised = new string((text ?? "").Trim().Select(c => c is >= '๐' and <= '๙' ? (char)('0' + (c - '๐')) : c).ToArray());
        return normalised.Length > 0
            && double.TryParse(normalised, System.Globalization.NumberStyles.Float | System.Globalization.NumberStyles.AllowThousands,
                System.Globalization.CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}

/// <summary>
/// One partner agency: its linkage and datasets with their freshness and quality scores, and (for those
/// <see cref="MonitoringWriters.MayScoreDatasets"/> allows) a form per dataset that scores it through the agency grain,
/// the call the REST API's <c>POST /api/v1/agencies/{id}/datasets/{datasetId}/scores</c> makes.
/// </summary>
public sealed class AgencyModel(IGrainFactory grains, IStringLocalizer<SharedResource> localizer) : ProgrammeFormModel(grains, localizer)
{
    public AgencySummary Item { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    /// <summary>Whether to offer the scoring forms: the grain's own rule (only a hint; the grain decides every write).</summary>
    public bool OffersScores => Role is not null && MonitoringWriters.MayScoreDatasets(CurrentActor);

    /// <summary>The form of one dataset's scores.</summary>
    public static string ScoreForm(string datasetId) => $"score-{datasetId}";

    public bool ShowDone(string datasetId) => Done == ScoreForm(datasetId) && Error is null;

    protected override bool IsForm(string done) => Item.Datasets.Any(d => ScoreForm(d.Dataset.Id) == done);

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ?? Shown();

    public async Task<IActionResult> OnPostScoreAsync(string id, string? datasetId, string? scoredOn, long? expectedVersion)
    {
        if (await LoadAsync(id) is { } failure)
        {
            return failure;
        }
        var form = ScoreForm(datasetId ?? "");
        if (Item.Datasets.All(d => d.Dataset.Id != datasetId))
        {
            return NotFound();
        }
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var dimension in QualityDimensions.All)
        {
            var typed = Request.Form[$"score.{dimension}"].ToString();
            if (string.IsNullOrWhiteSpace(typed))
            {
                continue;
            }
            if (!TryNumber(typed, out var number) || number != Math.Floor(number) || number is < int.MinValue or > int.MaxValue)
            {
                Invalid(form, "Error.invalid-score", "scores");
                return Page();
            }
            scores[dimension] = (int)number;
        }
        if (scores.Count == 0)
        {
            Invalid(form, "Error.scores-required", "scores");
            return Page();
        }
        // As the API: no date means today.
        var date = Today;
        if (!string.IsNullOrWhiteSpace(scoredOn))
        {
            var (parsed, error) = DateInput.Parse(scoredOn, Lang);
            if (parsed is null)
            {
                Invalid(form, $"Error.{error}", "scoredOn");
                return Page();
            }
            date = parsed.Value;
        }
        var result = await Grains.GetGrain<IAgencyGrain>(id).ScoreDatasetAsync(CurrentActor, datasetId!, scores, date, expectedVersion);
        if (result.Ok)
        {
            return Redirect($"/agencies/{Uri.EscapeDataString(id)}?done={Uri.EscapeDataString(form)}#{form}");
        }
        await LoadAsync(id);
        Refused(form, result.Error);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string id)
    {
        var exchange = MonitoringApi.IsId(id) ? await Board.GetDataExchangeAsync() : null;
        if (exchange?.Agencies.FirstOrDefault(a => a.Agency.Id == id) is not { } item)
        {
            return NotFound();
        }
        if (!MonitoringApi.CanReadDataExchange(Scope))
        {
            return Forbid();
        }
        // The version sent back is the one of the scores shown: a write made since is a conflict, never overwritten unseen.
        Item = item;
        Today = exchange.Today;
        History = await Grains.GetGrain<IAgencyGrain>(id).GetHistoryAsync();
        return null;
    }
}

/// <summary>
/// One outcome indicator: its current value against baseline and target, series and history; and (for those
/// <see cref="MonitoringWriters.MaySetIndicatorTargets"/> allows) the form that sets its baseline and target through the
/// indicator grain, the call the REST API's <c>PUT /api/v1/indicators/{code}/target</c> makes.
/// </summary>
public sealed class IndicatorModel(IGrainFactory grains, IStringLocalizer<SharedResource> localizer) : ProgrammeFormModel(grains, localizer)
{
    public const string TargetForm = "target";

    public IndicatorView Item { get; private set; } = null!;

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    /// <summary>Whether to offer the target form: the grain's own rule (only a hint; the grain decides every write).</summary>
    public bool OffersTarget => Role is not null && MonitoringWriters.MaySetIndicatorTargets(CurrentActor);

    public bool ShowDone => Done == TargetForm && Error is null;

    protected override bool IsForm(string done) => done == TargetForm;

    public async Task<IActionResult> OnGetAsync(string code) => await LoadAsync(code) ?? Shown();

    public async Task<IActionResult> OnPostTargetAsync(string code, string? baseline, string? baselinePeriod, string? target, string? targetDate, long? expectedVersion)
    {
        if (await LoadAsync(code) is { } failure)
        {
            return failure;
        }
        double? baselineValue = null;
        if (!string.IsNullOrWhiteSpace(baseline))
        {
            if (!TryNumber(baseline, out var b))
            {
                Invalid(TargetForm, "Error.invalid-number", "baseline");
                return Page();
            }
            baselineValue = b;
        }
        if (string.IsNullOrWhiteSpace(target))
        {
            Invalid(TargetForm, "Error.required", "target");
            return Page();
        }
        if (!TryNumber(target, out var targetValue))
        {
            Invalid(TargetForm, "Error.invalid-number", "target");
            return Page();
        }
        var (date, dateError) = DateInput.Parse(targetDate, Lang);
        if (date is null)
        {
            Invalid(TargetForm, $"Error.{dateError}", "targetDate");
            return Page();
        }
        var period = string.IsNullOrWhiteSpace(baselinePeriod) ? null : baselinePeriod.Trim();
        var result = await Grains.GetGrain<IIndicatorGrain>(code).SetTargetAsync(CurrentActor, baselineValue, period, targetValue, date.Value, expectedVersion);
        if (result.Ok)
        {
            return Redirect($"/indicators/{Uri.EscapeDataString(code)}?done={TargetForm}#{TargetForm}");
        }
        await LoadAsync(code);
        Refused(TargetForm, result.Error);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string code)
    {
        if ((await Board.GetIndicatorsAsync()).FirstOrDefault(i => i.Code == code) is not { } indicator)
        {
            return NotFound();
        }
        if (!MonitoringApi.CanRead(Scope, indicator))
        {
            return Forbid();
        }
        var units = await Board.GetRecommendationUnitsAsync();
        // The version sent back is the one of the target shown: a write made since is a conflict, never overwritten unseen.
        Item = indicator.For(Scope, units);
        History = (await Grains.GetGrain<IIndicatorGrain>(code).GetHistoryAsync()).For(Scope, units);
        return null;
    }
}

/// <summary>
/// One contract: milestones (baseline and current plan against delivery), days late, fines against the 10% line,
/// extensions, blockers, history; and the forms that record progress. Each form posts to a handler that calls the
/// contract grain with the version rendered on the page; the grain decides who may change what (an officer of the
/// contract's unit or an administrator) and refuses a stale version, so nothing here restates those rules.
/// </summary>
public sealed class ContractModel(IGrainFactory grains, IStringLocalizer<SharedResource> localizer) : ProgrammeFormModel(grains, localizer)
{
    private static readonly HashSet<string> DoneForms = ["deliver", "extend", "blocker", "clear"];

    public ContractView Contract { get; private set; } = null!;

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    public bool ShowDone => Done is not null && DoneForms.Contains(Done) && Error is null;

    /// <summary>
    /// Whether to offer the forms: to the roles that write contracts at all (a unit officer who can read this contract
    /// is one of its unit's). Only a hint: the grain decides every write.
    /// </summary>
    public bool OffersForms => IsAdmin || IsUnitOfficer;

    /// <summary>Each form's date field: typed in the interface's era (B.E. in Thai) and read by <see cref="DateInput.Parse"/>.</summary>
    private static readonly Dictionary<string, string> DateFields = new()
    {
        ["deliver"] = "deliveredOn", ["extend"] = "newDate", ["blocker"] = "since", ["clear"] = "clearedOn",
    };

    /// <summary>The shared date input of <paramref name="form"/>, with what was typed and its error kept after a refusal.</summary>
    public DateField DateOf(string form, string label) => DateOf(form, DateFields[form], label);

    /// <summary>The error to show at the top of <paramref name="form"/>: a conflict, or one about no field it shows beside itself.</summary>
    public string? FormError(string form) => FormError(form, DateFields[form]);

    protected override bool IsForm(string done) => DoneForms.Contains(done);

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ?? Shown();

    public Task<IActionResult> OnPostDeliverAsync(string id, string? milestoneId, string? deliveredOn, string? note, long? expectedVersion) =>
        WriteDatedAsync(id, "deliver", deliveredOn, date => g => g.DeliverMilestoneAsync(CurrentActor, milestoneId ?? "", date, note, expectedVersion));

    public Task<IActionResult> OnPostExtendAsync(string id, string? milestoneId, string? newDate, string? grounds, string? approvedBy, long? expectedVersion) =>
        WriteDatedAsync(id, "extend", newDate, date => g => g.ApproveExtensionAsync(CurrentActor, milestoneId ?? "", date, grounds ?? "", approvedBy ?? "", expectedVersion));

    public Task<IActionResult> OnPostBlockerAsync(string id, string? reasonTh, string? reasonEn, string? since, string? owner, long? expectedVersion) =>
        WriteDatedAsync(id, "blocker", since, date => g => g.RaiseBlockerAsync(CurrentActor, new LocalizedText(reasonTh ?? "", reasonEn ?? ""), date, owner ?? "", expectedVersion));

    public Task<IActionResult> OnPostClearAsync(string id, string? blockerId, string? clearedOn, string? note, long? expectedVersion) =>
        WriteDatedAsync(id, "clear", clearedOn, date => g => g.ClearBlockerAsync(CurrentActor, blockerId ?? "", date, note ?? "", expectedVersion));

    /// <summary>Reads the form's date as typed (B.E. in Thai, C.E. in English) with the shared parser, then writes.</summary>
    private Task<IActionResult> WriteDatedAsync(string id, string form, string? typed, Func<DateOnly, Func<IContractGrain, Task<CommandResult>>> write)
    {
        var (date, error) = DateInput.Parse(typed, Lang);
        return date is { } d ? WriteAsync(id, form, write(d)) : InvalidAsync(id, form, $"Error.{error}", DateFields[form]);
    }

    private async Task<IActionResult> WriteAsync(string id, string form, Func<IContractGrain, Task<CommandResult>> write)
    {
        // Reading first: a contract the user may not read is a 404/403 before anything is attempted.
        if (await LoadAsync(id) is { } failure)
        {
            return failure;
        }
        var result = await write(Grains.GetGrain<IContractGrain>(id));
        if (result.Ok)
        {
            // Post/redirect/get: a reload never repeats the write.
            return Redirect($"/contracts/{Uri.EscapeDataString(id)}?done={form}#{form}");
        }
        await LoadAsync(id);
        Refused(form, result.Error);
        return Page();
    }

    private async Task<IActionResult> InvalidAsync(string id, string form, string messageKey, string field)
    {
        if (await LoadAsync(id) is { } failure)
        {
            return failure;
        }
        Invalid(form, messageKey, field);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string id)
    {
        if (!MonitoringApi.IsId(id) || await Grains.GetGrain<IContractGrain>(id).GetAsync() is not { } contract)
        {
            return NotFound();
        }
        if (!MonitoringApi.CanRead(Scope, contract))
        {
            return Forbid();
        }
        var units = await Board.GetRecommendationUnitsAsync();
        Contract = contract.For(Scope, units);
        History = (await Grains.GetGrain<IContractGrain>(id).GetHistoryAsync()).For(Scope, units);
        return null;
    }

}
