using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Oversight.Grains.Abstractions.Common;
using Oversight.Web.Auth;

namespace Oversight.Web.Live;

/// <summary>
/// The live board (<c>/hubs/board</c>). Clients load a snapshot over REST, then apply the deltas this hub sends:
/// <c>recommendationChanged</c> (arrays of changes, each with the recommendation's version), <c>boardChanged</c>
/// (the board with its version) and <c>activity</c> (feed entries). A version gap means "reload the snapshot".
/// Groups: <c>all</c>, <c>board</c> (totals only), <c>report:{id}</c>, <c>unit:{code}</c>.
/// </summary>
[Authorize(Policy = Policies.Reader)]
public sealed partial class BoardHub : Hub
{
    public const string Path = "/hubs/board";
    public const string All = "all";
    public const string Board = "board";

    public override async Task OnConnectedAsync()
    {
        foreach (var group in DefaultGroups(Context.User!.GetRole(), Context.User!.GetUnit()))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
        }
        await base.OnConnectedAsync();
    }

    /// <summary>Widens or narrows the caller's view. A unit officer may join only <c>board</c> and their own unit.</summary>
    public async Task Subscribe(string group)
    {
        if (!MayJoin(Context.User!.GetRole(), Context.User!.GetUnit(), group))
        {
            throw new HubException($"Not allowed to subscribe to '{(group.Length > 40 ? group[..40] : group)}'.");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
    }

    public Task Unsubscribe(string group) =>
        IsWellFormed(group) ? Groups.RemoveFromGroupAsync(Context.ConnectionId, group) : throw new HubException("Unknown group.");

    public static IEnumerable<string> DefaultGroups(UserRole? role, string? unit) => role switch
    {
        UserRole.UnitOfficer when unit is not null => [UnitGroup(unit), Board],
        UserRole.Executive or UserRole.Auditor or UserRole.Admin => [All],
        _ => [],
    };

    public static bool MayJoin(UserRole? role, string? unit, string group)
    {
        if (!IsWellFormed(group))
        {
            return false;
        }
        return role switch
        {
            UserRole.Executive or UserRole.Auditor or UserRole.Admin => true,
            UserRole.UnitOfficer => group == Board || (unit is not null && group == UnitGroup(unit)),
            _ => false,
        };
    }

    public static string UnitGroup(string unit) => $"unit:{unit}";

    public static string ReportGroup(string reportId) => $"report:{reportId}";

    private static bool IsWellFormed(string? group) => group is { Length: <= 80 } && GroupPattern().IsMatch(group);

    [GeneratedRegex("^(all|board|report:[a-z0-9][a-z0-9-]{0,63}|unit:[A-Z][A-Z0-9]*(-[A-Z0-9]+)*)$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupPattern();
}
