namespace Oversight.Grains.Abstractions.Common;

/// <summary>
/// The names of the live feed's SignalR groups. A message is sent to every group it belongs to; a connection is in the
/// groups <see cref="ReadScope"/> allows it.
/// </summary>
public static class LiveGroups
{
    /// <summary>Everything (executives, auditors, admins).</summary>
    public const string All = "all";

    public static string Unit(string unit) => $"unit:{unit}";

    public static string Report(string reportId) => $"report:{reportId}";

    /// <summary>The groups a message about something of <paramref name="reportId"/> and <paramref name="units"/> goes to.</summary>
    public static IReadOnlyList<string> For(string? reportId, IEnumerable<string> units)
    {
        var groups = new List<string> { All };
        if (reportId is not null)
        {
            groups.Add(Report(reportId));
        }
        foreach (var unit in units.Distinct(StringComparer.Ordinal))
        {
            groups.Add(Unit(unit));
        }
        return groups;
    }
}

/// <summary>
/// The one rule for what a signed-in user may read, over REST and the hub alike: executives, auditors and admins read
/// everything; a unit officer reads only what belongs to their own unit: recommendations whose responsible units
/// include it, that unit's board, activity, notifications and reports, and only the live groups of that unit.
/// </summary>
public sealed record ReadScope(UserRole? Role, string? Unit)
{
    public bool SeesAll => Role is UserRole.Executive or UserRole.Auditor or UserRole.Admin;

    public bool IsUnitOfficer => Role == UserRole.UnitOfficer;

    /// <summary>Whether something owned by <paramref name="units"/> is readable.</summary>
    public bool Allows(IEnumerable<string> units) => SeesAll || (IsUnitOfficer && Unit is not null && units.Contains(Unit, StringComparer.Ordinal));

    /// <summary>Whether something owned by one unit is readable.</summary>
    public bool AllowsUnit(string? unit) => SeesAll || (IsUnitOfficer && Unit is not null && unit == Unit);

    /// <summary>
    /// The unit a read is narrowed to: a unit officer always their own (asking for another is refused: false); others
    /// what they asked for (null: everything).
    /// </summary>
    public bool TryNarrow(string? requested, out string? unit)
    {
        if (SeesAll)
        {
            unit = requested;
            return true;
        }
        unit = Unit;
        return IsUnitOfficer && Unit is not null && (requested is null || requested == Unit);
    }

    /// <summary>The live groups a connection joins when it opens.</summary>
    public IReadOnlyList<string> DefaultGroups => SeesAll ? [LiveGroups.All] : IsUnitOfficer && Unit is not null ? [LiveGroups.Unit(Unit)] : [];

    /// <summary>Whether a connection may join <paramref name="group"/> (a well-formed group name is the caller's check).</summary>
    public bool MayJoin(string group) => SeesAll || (IsUnitOfficer && Unit is not null && group == LiveGroups.Unit(Unit));
}

/// <summary>
/// The scoping rule for references: an item a reader may read is shown whole, except its links to recommendations,
/// which name only the recommendations the reader may read (a unit officer sees no id of another unit's recommendation,
/// over REST and the hub alike). <see cref="ForGroup"/> gives the scope of a live group's members.
/// </summary>
public static class LinkScope
{
    /// <summary>The recommendation ids of <paramref name="links"/> that <paramref name="scope"/> may read.</summary>
    public static IReadOnlyList<string> Visible(this ReadScope scope, IReadOnlyList<string> links, IReadOnlyDictionary<string, string[]> unitsOf) =>
        scope.SeesAll ? links : links.Where(id => unitsOf.TryGetValue(id, out var units) && scope.Allows(units)).ToArray();

    /// <summary>What every member of a live group may read: "all" reads everything; "unit:X" what unit X's officers read.</summary>
    public static ReadScope ForGroup(string group) =>
        group == LiveGroups.All ? new ReadScope(UserRole.Executive, null)
        : group.StartsWith("unit:", StringComparison.Ordinal) ? new ReadScope(UserRole.UnitOfficer, group["unit:".Length..])
        : new ReadScope(null, null);
}
