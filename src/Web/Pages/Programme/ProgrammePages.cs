using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Web.Apis;
using Oversight.Web.Auth;

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

public sealed class AgencyModel(IGrainFactory grains) : ProgrammePageModel(grains)
{
    public AgencySummary Item { get; private set; } = null!;

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id)
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
        Item = item;
        History = await Grains.GetGrain<IAgencyGrain>(id).GetHistoryAsync();
        return Page();
    }
}

public sealed class IndicatorModel(IGrainFactory grains) : ProgrammePageModel(grains)
{
    public IndicatorView Item { get; private set; } = null!;

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code)
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
        Item = indicator.For(Scope, units);
        History = (await Grains.GetGrain<IIndicatorGrain>(code).GetHistoryAsync()).For(Scope, units);
        return Page();
    }
}

/// <summary>
/// One contract: milestones (baseline and current plan against delivery), days late, fines against the 10% line,
/// extensions, blockers, history; and the forms that record progress. Each form posts to a handler that calls the
/// contract grain with the version rendered on the page; the grain decides who may change what (an officer of the
/// contract's unit or an administrator) and refuses a stale version, so nothing here restates those rules.
/// </summary>
public sealed class ContractModel(IGrainFactory grains, IStringLocalizer<SharedResource> localizer) : ProgrammePageModel(grains)
{
    private static readonly HashSet<string> DoneForms = ["deliver", "extend", "blocker", "clear"];

    public ContractView Contract { get; private set; } = null!;

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    public string? Error { get; private set; }

    public string? ErrorForm { get; private set; }

    public bool Conflict { get; private set; }

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public bool ShowDone => Done is not null && DoneForms.Contains(Done) && Error is null;

    /// <summary>
    /// Whether to offer the forms: to the roles that write contracts at all (a unit officer who can read this contract
    /// is one of its unit's). Only a hint: the grain decides every write.
    /// </summary>
    public bool OffersForms => IsAdmin || IsUnitOfficer;

    /// <summary>What the user typed into <paramref name="form"/> before it was refused (kept, so nothing is lost).</summary>
    public string? Kept(string form, string field) =>
        ErrorForm == form && Request.HasFormContentType && Request.Form.TryGetValue(field, out var value) ? value.ToString() : null;

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ?? Page();

    public Task<IActionResult> OnPostDeliverAsync(string id, string? milestoneId, string? deliveredOn, string? note, long? expectedVersion) =>
        ParseDate(deliveredOn) is not { } date
            ? InvalidAsync(id, "deliver", "Error.date-required")
            : WriteAsync(id, "deliver", g => g.DeliverMilestoneAsync(CurrentActor, milestoneId ?? "", date, note, expectedVersion));

    public Task<IActionResult> OnPostExtendAsync(string id, string? milestoneId, string? newDate, string? grounds, string? approvedBy, long? expectedVersion) =>
        ParseDate(newDate) is not { } date
            ? InvalidAsync(id, "extend", "Error.date-required")
            : WriteAsync(id, "extend", g => g.ApproveExtensionAsync(CurrentActor, milestoneId ?? "", date, grounds ?? "", approvedBy ?? "", expectedVersion));

    public Task<IActionResult> OnPostBlockerAsync(string id, string? reasonTh, string? reasonEn, string? since, string? owner, long? expectedVersion) =>
        ParseDate(since) is not { } date
            ? InvalidAsync(id, "blocker", "Error.date-required")
            : WriteAsync(id, "blocker", g => g.RaiseBlockerAsync(CurrentActor, new LocalizedText(reasonTh ?? "", reasonEn ?? ""), date, owner ?? "", expectedVersion));

    public Task<IActionResult> OnPostClearAsync(string id, string? blockerId, string? clearedOn, string? note, long? expectedVersion) =>
        ParseDate(clearedOn) is not { } date
            ? InvalidAsync(id, "clear", "Error.date-required")
            : WriteAsync(id, "clear", g => g.ClearBlockerAsync(CurrentActor, blockerId ?? "", date, note ?? "", expectedVersion));

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
        Conflict = result.Error?.Kind == ErrorKind.Conflict;
        Error = Ui.Explain(localizer, result.Error);
        ErrorForm = form;
        Response.StatusCode = result.Error?.Kind switch
        {
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }

    private async Task<IActionResult> InvalidAsync(string id, string form, string messageKey)
    {
        if (await LoadAsync(id) is { } failure)
        {
            return failure;
        }
        Error = localizer[messageKey];
        ErrorForm = form;
        Response.StatusCode = StatusCodes.Status400BadRequest;
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

    /// <summary>Dates come from &lt;input type="date"&gt; as yyyy-MM-dd (C.E.), whatever the UI culture.</summary>
    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
