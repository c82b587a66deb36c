using Orleans;
using Orleans.Runtime;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Abstractions.Common;

/// <summary>
/// References to grains with a key per entity (one per request), made without resolving the grain interface each
/// time. Orleans' <see cref="IGrainFactory.GetGrain{TGrainInterface}(string, string)"/> reads the interface's
/// attributes on every call to find its grain interface type: 2 % of the CPU of a write at 200 writes a second
/// (docs/benchmarks.md). The first reference of a type is made the usual way and its grain and interface types are
/// kept; later ones are built from them, which is what Orleans does after its lookup.
/// </summary>
public static class GrainReferences
{
    public static IRecommendationGrain Recommendation(this IGrainFactory grains, string id) => Get<IRecommendationGrain>(grains, id);

    public static T Get<T>(IGrainFactory grains, string key) where T : class, IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (Known<T>.Types is { } known)
        {
            return (T)grains.GetGrain(GrainId.Create(known.Grain, key), known.Interface);
        }

        var grain = grains.GetGrain<T>(key);
        if (grain is GrainReference reference)
        {
            Known<T>.Types = new TypesOf(reference.GrainId.Type, reference.InterfaceType);
        }

        return grain;
    }

    private sealed record TypesOf(GrainType Grain, GrainInterfaceType Interface);

    private static class Known<T>
    {
        public static TypesOf? Types;
    }
}
