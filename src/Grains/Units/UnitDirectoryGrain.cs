using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Units;
using Oversight.Grains.Domain;

namespace Oversight.Grains.Units;

public sealed class UnitDirectoryState
{
    public Dictionary<string, UnitView> Units { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The responsible units. Seeded from the report; administrators add and rename units.</summary>
public sealed class UnitDirectoryGrain(
    [PersistentState("units", "Default")] IPersistentState<UnitDirectoryState> state) : Grain, IUnitDirectoryGrain
{
    public Task<IReadOnlyList<UnitView>> ListAsync() =>
        Task.FromResult<IReadOnlyList<UnitView>>(state.State.Units.Values.OrderBy(u => u.Kind).ThenBy(u => u.Code, StringComparer.Ordinal).ToArray());

    public Task<UnitView?> GetAsync(string code) => Task.FromResult(state.State.Units.GetValueOrDefault(code));

    public async Task<int> AddMissingAsync(IReadOnlyList<UnitView> units)
    {
        var added = 0;
        foreach (var unit in units)
        {
            if (state.State.Units.TryAdd(unit.Code, unit))
            {
                added++;
            }
        }
        if (added > 0)
        {
            await state.WriteStateAsync();
        }
        return added;
    }

    public async Task<CommandResult> UpsertAsync(Actor actor, UnitView unit)
    {
        if (actor.Role != UserRole.Admin)
        {
            return CommandResult.Failure(CommandError.Forbidden("Only an administrator manages units."));
        }
        if (!TextRules.IsCode(unit.Code))
        {
            return CommandResult.Failure(CommandError.Invalid("invalid-code", "A unit code is upper-case letters, digits and '-', at most 32 characters.", "code"));
        }
        if (TextRules.CheckName(unit.Name.Th, "name.th", 300, required: true, out var th) is { } badTh)
        {
            return CommandResult.Failure(badTh);
        }
        if (TextRules.CheckName(unit.Name.En, "name.en", 300, required: true, out var en) is { } badEn)
        {
            return CommandResult.Failure(badEn);
        }
        if (unit.ParentCode is { } parent && (parent == unit.Code || !state.State.Units.ContainsKey(parent)))
        {
            return CommandResult.Failure(CommandError.Invalid("unknown-parent", $"Parent unit '{parent}' does not exist.", "parentCode"));
        }
        state.State.Units[unit.Code] = unit with { Name = new LocalizedText(th, en) };
        await state.WriteStateAsync();
        return CommandResult.Success(0, unit.Code);
    }
}
