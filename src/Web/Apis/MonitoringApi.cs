using System.Security.Claims;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Web.Auth;
using Oversight.Web.Infrastructure;

namespace Oversight.Web.Apis;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeliveryRequest(DateOnly? DeliveredOn, string? Note, long? ExpectedVersion);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ContractExtensionRequest(DateOnly? NewDate, string? Grounds, string? ApprovedBy, long? ExpectedVersion);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BlockerRequest(LocalizedText? Reason, DateOnly? Since, string? Owner, long? ExpectedVersion);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ClearanceRequest(DateOnly? ClearedOn, string? Note, long? ExpectedVersion);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TargetRequest(double? Baseline, string? BaselinePeriod, double? Target, DateOnly? TargetDate, long? ExpectedVersion);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ScoresRequest(Dictionary<string, int>? Scores, DateOnly? ScoredOn, long? ExpectedVersion);

public sealed record ContractDetailResponse(ContractView Contract, IReadOnlyList<HistoryEntry> History);

public sealed record IndicatorDetailResponse(IndicatorView Indicator, IReadOnlyList<HistoryEntry> History);

public sealed record EntityWriteResponse(string Id, long Version, string? CreatedId);

/// <summary>
/// Programme monitoring: contracts and milestones with fines, the 77 provincial offices, e-services, data exchange and
/// indicators. Every number is a figure with its provenance ({value, period, source, asOf, freshness, synthetic}).
/// Reads follow the one scoping rule: a unit officer reads what belongs to their unit.
/// </summary>
public static partial class MonitoringApi
{
    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/monitoring", SnapshotAsync).WithTags("Monitoring").RequireAuthorization(Policies.Reader).WithName("GetMonitoringSnapshot")
            .WithSummary("Every monitoring view at one board version, scoped as the separate routes are: provinces, contracts, e-services, data exchange, indicators. " +
                "Live messages (officeChanged, contractChanged, eserviceChanged, agencyChanged, indicatorChanged) with a newer version replace its parts.");

        var contracts = routes.MapGroup("/api/v1/contracts").WithTags("Contracts").RequireAuthorization(Policies.Reader)
            .AddEndpointFilter(AuthExtensions.RequireAntiforgeryForCookies);
        contracts.MapGet("/", ListContractsAsync).WithName("ListContracts")
            .WithSummary("Project contracts with their milestones, days late, fines against the 10% line, extensions and blockers.");
        contracts.MapGet("/{id}", GetContractAsync).WithName("GetContract").WithSummary("A contract with its history.");
        contracts.MapPost("/{id}/milestones/{milestoneId}/delivery", DeliverAsync).WithName("DeliverMilestone")
            .WithSummary("Unit officer of the contract's unit, or admin: a milestone was delivered.");
        contracts.MapPost("/{id}/milestones/{milestoneId}/extensions", ExtendAsync).WithName("ApproveMilestoneExtension")
            .WithSummary("Unit officer of the contract's unit, or admin: record an approved extension of time (the new date, the grounds, who approved).");
        contracts.MapPost("/{id}/blockers", RaiseBlockerAsync).WithName("RaiseBlocker").WithSummary("Unit officer of the contract's unit, or admin: raise a blocker.");
        contracts.MapPost("/{id}/blockers/{blockerId}/clearance", ClearBlockerAsync).WithName("ClearBlocker")
            .WithSummary("Unit officer of the contract's unit, or admin: a blocker is cleared.");

        var provinces = routes.MapGroup("/api/v1/provinces").WithTags("Provinces").RequireAuthorization(Policies.Reader);
        provinces.MapGet("/", ListProvincesAsync).WithName("ListProvinces").WithSummary("The 77 provincial labour offices with their latest figures and rates.");
        provinces.MapGet("/{code}", GetProvinceAsync).WithName("GetProvince")
            .WithSummary("One office: every metric with its provenance and its series by period, the changes to its figures, its history.");

        routes.MapGet("/api/v1/eservices", ListEServicesAsync).WithTags("E-services").RequireAuthorization(Policies.Reader).WithName("ListEServices")
            .WithSummary("E-services with their use and single sign-on logins per period, flagged at zero and low use.");
        routes.MapGet("/api/v1/data-exchange", DataExchangeAsync).WithTags("Data exchange").RequireAuthorization(Policies.Reader).WithName("GetDataExchange")
            .WithSummary("Partner agencies with their linkage mode and status, their datasets, freshness (HDX rule) and quality scores.");
        routes.MapPost("/api/v1/agencies/{id}/datasets/{datasetId}/scores", ScoreAsync).WithTags("Data exchange").RequireAuthorization(Policies.Reader)
            .AddEndpointFilter(AuthExtensions.RequireAntiforgeryForCookies).WithName("ScoreDataset")
            .WithSummary("Auditor, ICT officer or admin: score a dataset 0–100 on the six data-quality dimensions.");

        var indicators = routes.MapGroup("/api/v1/indicators").WithTags("Indicators").RequireAuthorization(Policies.Reader)
            .AddEndpointFilter(AuthExtensions.RequireAntiforgeryForCookies);
        indicators.MapGet("/", ListIndicatorsAsync).WithName("ListIndicators").WithSummary("Outcome indicators: current value against baseline and target, series, linked recommendations.");
        indicators.MapGet("/{code}", GetIndicatorAsync).WithName("GetIndicator").WithSummary("One indicator with its series, linked recommendations and history.");
        indicators.MapPut("/{code}/target", SetTargetAsync).WithName("SetIndicatorTarget").WithSummary("Auditor or admin: set an indicator's baseline and target.");
        return routes;
    }

    // ---------------------------------------------------------------- the one scoping rule, per view
    // CanRead decides one item (REST item routes and the pages use it); Scoped narrows a list with the same rule.

    public static bool CanRead(ReadScope scope, ContractView contract) => scope.Allows(contract.Units);

    public static bool CanRead(ReadScope scope, ProvinceSummary province) => scope.AllowsUnit(province.Unit);

    public static bool CanRead(ReadScope scope, EServiceInfo service) => scope.AllowsUnit(service.Unit);

    /// <summary>Data exchange is LBDA's: the ICT Centre's (and everyone's who reads everything); an agency is read with it.</summary>
    public static bool CanReadDataExchange(ReadScope scope) => scope.AllowsUnit(DataExchangeOwner.Unit);

    public static bool CanRead(ReadScope scope, IndicatorView indicator) => scope.Allows(indicator.Units);

    public static IReadOnlyList<ContractView> Scoped(IReadOnlyList<ContractView> contracts, ReadScope scope, IReadOnlyDictionary<string, string[]> units) =>
        contracts.Where(c => CanRead(scope, c)).Select(c => c.For(scope, units)).ToArray();

    public static ProvinceList Scoped(ProvinceList list, ReadScope scope) =>
        scope.SeesAll ? list : list with { Items = list.Items.Where(p => CanRead(scope, p)).ToArray() };

    public static EServiceList Scoped(EServiceList list, ReadScope scope) =>
        scope.SeesAll ? list : list with { Items = list.Items.Where(s => CanRead(scope, s.Service)).ToArray() };

    public static DataExchange Scoped(DataExchange exchange, ReadScope scope) =>
        CanReadDataExchange(scope) ? exchange : exchange with { Agencies = [] };

    public static IReadOnlyList<IndicatorView> Scoped(IReadOnlyList<IndicatorView> indicators, ReadScope scope, IReadOnlyDictionary<string, string[]> units) =>
        indicators.Where(i => CanRead(scope, i)).Select(i => i.For(scope, units)).ToArray();

    private static async Task<Ok<MonitoringSnapshot>> SnapshotAsync(IGrainFactory grains, ClaimsPrincipal user)
    {
        var (scope, board) = (user.Scope(), Board(grains));
        var snapshot = await board.GetSnapshotAsync();
        var units = await board.GetRecommendationUnitsAsync();
        return TypedResults.Ok(snapshot with
        {
            Provinces = Scoped(snapshot.Provinces, scope),
            Contracts = Scoped(snapshot.Contracts, scope, units),
            EServices = Scoped(snapshot.EServices, scope),
            DataExchange = Scoped(snapshot.DataExchange, scope),
            Indicators = Scoped(snapshot.Indicators, scope, units),
        });
    }

    // ---------------------------------------------------------------- contracts

    private static IMonitoringBoardGrain Board(IGrainFactory grains) => grains.GetGrain<IMonitoringBoardGrain>(0);

    private static async Task<Ok<IReadOnlyList<ContractView>>> ListContractsAsync(IGrainFactory grains, ClaimsPrincipal user)
    {
        var units = await Board(grains).GetRecommendationUnitsAsync();
        return TypedResults.Ok(Scoped(await Board(grains).GetContractsAsync(), user.Scope(), units));
    }

    private static async Task<Results<Ok<ContractDetailResponse>, ProblemHttpResult>> GetContractAsync(string id, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!IsId(id) || await grains.GetGrain<IContractGrain>(id).GetAsync() is not { } contract)
        {
            return Problems.NotFound($"Contract '{Clip(id)}' does not exist.");
        }
        if (!CanRead(user.Scope(), contract))
        {
            return Problems.Forbidden($"A unit officer reads only their own unit's contracts ({user.GetUnit()}).");
        }
        var units = await Board(grains).GetRecommendationUnitsAsync();
        return TypedResults.Ok(new ContractDetailResponse(contract.For(user.Scope(), units), await grains.GetGrain<IContractGrain>(id).GetHistoryAsync()));
    }

    private static Task<Results<Ok<EntityWriteResponse>, ProblemHttpResult>> DeliverAsync(string id, string milestoneId, [FromBody] DeliveryRequest body,
        IGrainFactory grains, ClaimsPrincipal user) =>
        body.DeliveredOn is not { } date
            ? Bad("deliveredOn-required", "'deliveredOn' (yyyy-MM-dd) is required.", "deliveredOn")
            : ContractWrite(id, grains, user, g => g.DeliverMilestoneAsync(user.ToActor(), milestoneId, date, body.Note, body.ExpectedVersion));

    private static Task<Results<Ok<EntityWriteResponse>, ProblemHttpResult>> ExtendAsync(string id, string milestoneId, [FromBody] ContractExtensionRequest body,
        IGrainFactory grains, ClaimsPrincipal user) =>
        body.NewDate is not { } date
            ? Bad("newDate-required", "'newDate' (yyyy-MM-dd) is required.", "newDate")
            : ContractWrite(id, grains, user, g => g.ApproveExtensionAsync(user.ToActor(), milestoneId, date, body.Grounds ?? "", body.ApprovedBy ?? "", body.ExpectedVersion));

    private static Task<Results<Ok<EntityWriteResponse>, ProblemHttpResult>> RaiseBlockerAsync(string id, [FromBody] BlockerRequest body,
        IGrainFactory grains, ClaimsPrincipal user) =>
        body.Reason is null || body.Since is not { } since
            ? Bad("required", "'reason' ({th, en}) and 'since' (yyyy-MM-dd) are required.", "reason")
            : ContractWrite(id, grains, user, g => g.RaiseBlockerAsync(user.ToActor(), body.Reason, since, body.Owner ?? "", body.ExpectedVersion));

    private static Task<Results<Ok<EntityWriteResponse>, ProblemHttpResult>> ClearBlockerAsync(string id, string blockerId, [FromBody] ClearanceRequest body,
        IGrainFactory grains, ClaimsPrincipal user) =>
        body.ClearedOn is not { } date
            ? Bad("clearedOn-required", "'clearedOn' (yyyy-MM-dd) is required.", "clearedOn")
            : ContractWrite(id, grains, user, g => g.ClearBlockerAsync(user.ToActor(), blockerId, date, body.Note ?? "", body.ExpectedVersion));

    private static async Task<Results<Ok<EntityWriteResponse>, ProblemHttpResult>> ContractWrite(string id, IGrainFactory grains, ClaimsPrincipal user,
        Func<IContractGrain, Task<CommandResult>> write)
    {
        if (user.GetRole() is null)
        {
            return Problems.Forbidden("Only a signed-in person changes a contract.");
        }
        if (!IsId(id) || await grains.GetGrain<IContractGrain>(id).GetAsync() is not { } contract)
        {
            return Problems.NotFound($"Contract '{Clip(id)}' does not exist.");
        }
        if (!CanRead(user.Scope(), contract))
        {
            return Problems.Forbidden($"A unit officer changes only their own unit's contracts ({user.GetUnit()}).");
        }
        var result = await write(grains.GetGrain<IContractGrain>(id));
        return result.Ok ? TypedResults.Ok(new EntityWriteResponse(id, result.Version, result.CreatedId)) : Problems.From(result.Error!);
    }

    // ---------------------------------------------------------------- provinces, e-services, data exchange

    private static async Task<Ok<ProvinceList>> ListProvincesAsync(IGrainFactory grains, ClaimsPrincipal user)
    {
        return TypedResults.Ok(Scoped(await Board(grains).GetProvincesAsync(), user.Scope()));
    }

    private static async Task<Results<Ok<ProvinceDetail>, ProblemHttpResult>> GetProvinceAsync(string code, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!IsProvinceCode(code) || await Board(grains).GetProvinceAsync(code) is not { } detail)
        {
            return Problems.NotFound($"Province '{Clip(code)}' is not a DOPA province code.");
        }
        if (!CanRead(user.Scope(), detail.Summary))
        {
            return Problems.Forbidden($"A unit officer reads only their own office ({user.GetUnit()}).");
        }
        return TypedResults.Ok(detail);
    }

    private static async Task<Ok<EServiceList>> ListEServicesAsync(IGrainFactory grains, ClaimsPrincipal user)
    {
        return TypedResults.Ok(Scoped(await Board(grains).GetEServicesAsync(), user.Scope()));
    }

    private static async Task<Ok<DataExchange>> DataExchangeAsync(IGrainFactory grains, ClaimsPrincipal user)
    {
        return TypedResults.Ok(Scoped(await Board(grains).GetDataExchangeAsync(), user.Scope()));
    }

    private static async Task<Results<Ok<EntityWriteResponse>, ProblemHttpResult>> ScoreAsync(string id, string datasetId, [FromBody] ScoresRequest body,
        IGrainFactory grains, ClaimsPrincipal user, TimeProvider time)
    {
        if (user.GetRole() is null)
        {
            return Problems.Forbidden("Only a signed-in person scores data quality.");
        }
        if (body.Scores is null)
        {
            return Problems.BadRequest("scores-required", $"'scores' maps dimensions ({string.Join(", ", QualityDimensions.All)}) to 0–100.", "scores");
        }
        if (!IsId(id) || await grains.GetGrain<IAgencyGrain>(id).GetAsync() is null)
        {
            return Problems.NotFound($"Agency '{Clip(id)}' does not exist.");
        }
        var result = await grains.GetGrain<IAgencyGrain>(id).ScoreDatasetAsync(user.ToActor(), datasetId, body.Scores, body.ScoredOn ?? ThaiClock.Today(time), body.ExpectedVersion);
        return result.Ok ? TypedResults.Ok(new EntityWriteResponse(id, result.Version, result.CreatedId)) : Problems.From(result.Error!);
    }

    // ---------------------------------------------------------------- indicators

    private static async Task<Ok<IReadOnlyList<IndicatorView>>> ListIndicatorsAsync(IGrainFactory grains, ClaimsPrincipal user)
    {
        var units = await Board(grains).GetRecommendationUnitsAsync();
        return TypedResults.Ok(Scoped(await Board(grains).GetIndicatorsAsync(), user.Scope(), units));
    }

    private static async Task<Results<Ok<IndicatorDetailResponse>, ProblemHttpResult>> GetIndicatorAsync(string code, IGrainFactory grains, ClaimsPrincipal user)
    {
        var indicator = (await Board(grains).GetIndicatorsAsync()).FirstOrDefault(i => i.Code == code);
        if (indicator is null)
        {
            return Problems.NotFound($"Indicator '{Clip(code)}' does not exist.");
        }
        if (!CanRead(user.Scope(), indicator))
        {
            return Problems.Forbidden($"A unit officer reads only the indicators of their own unit's recommendations ({user.GetUnit()}).");
        }
        var units = await Board(grains).GetRecommendationUnitsAsync();
        return TypedResults.Ok(new IndicatorDetailResponse(indicator.For(user.Scope(), units), (await grains.GetGrain<IIndicatorGrain>(code).GetHistoryAsync()).For(user.Scope(), units)));
    }

    private static async Task<Results<Ok<EntityWriteResponse>, ProblemHttpResult>> SetTargetAsync(string code, [FromBody] TargetRequest body,
        IGrainFactory grains, ClaimsPrincipal user)
    {
        if (user.GetRole() is null || !MonitoringWriters.MaySetIndicatorTargets(user.ToActor()))
        {
            return Problems.Forbidden("Only an auditor or an administrator sets an indicator's baseline and target.");
        }
        if (body.Target is not { } target || body.TargetDate is not { } date)
        {
            return Problems.BadRequest("required", "'target' and 'targetDate' are required.", "target");
        }
        if (!IsId(code.ToLowerInvariant()) || await grains.GetGrain<IIndicatorGrain>(code).GetAsync() is null)
        {
            return Problems.NotFound($"Indicator '{Clip(code)}' does not exist.");
        }
        var result = await grains.GetGrain<IIndicatorGrain>(code).SetTargetAsync(user.ToActor(), body.Baseline, body.BaselinePeriod, target, date, body.ExpectedVersion);
        return result.Ok ? TypedResults.Ok(new EntityWriteResponse(code, result.Version, null)) : Problems.From(result.Error!);
    }

    // ---------------------------------------------------------------- helpers

    private static Task<Results<Ok<EntityWriteResponse>, ProblemHttpResult>> Bad(string code, string detail, string field) =>
        Task.FromResult<Results<Ok<EntityWriteResponse>, ProblemHttpResult>>(Problems.BadRequest(code, detail, field));

    /// <summary>A DOPA province code ("10" Bangkok … "96").</summary>
    public static bool IsProvinceCode(string? code) => code is not null && ProvinceCode().IsMatch(code);

    public static bool IsId(string? id) => id is { Length: > 0 and <= 80 } && IdPattern().IsMatch(id);

    private static string Clip(string value) => value.Length > 60 ? value[..60] + "…" : value;

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[1-9][0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex ProvinceCode();
}
