using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Units;

public enum UnitKind
{
    Central,
    Regional,
    External,
    Group,
}

[GenerateSerializer, Immutable, Alias("oversight.UnitView")]
public sealed record UnitView(
    [property: Id(0)] string Code,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] UnitKind Kind,
    [property: Id(3)] string? ParentCode,
    [property: Id(4)] bool Active = true);

/// <summary>The responsible units (singleton key "directory").</summary>
[Alias("oversight.IUnitDirectoryGrain")]
public interface IUnitDirectoryGrain : IGrainWithStringKey
{
    [Alias("List")] Task<IReadOnlyList<UnitView>> ListAsync();
    [Alias("Get")] Task<UnitView?> GetAsync(string code);
    /// <summary>Adds units that do not exist yet; existing ones are left as they are (seed and import).</summary>
    [Alias("AddMissing")] Task<int> AddMissingAsync(IReadOnlyList<UnitView> units);
    [Alias("Upsert")] Task<CommandResult> UpsertAsync(Actor actor, UnitView unit);
}
