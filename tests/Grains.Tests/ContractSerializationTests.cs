using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Grains.Tests;

/// <summary>
/// A contract type without a codec compiles and then fails at run time (CodecNotFoundException). Every type that
/// crosses a grain boundary, and every argument and return type of every grain interface, must have one.
/// </summary>
[Collection(SqliteCluster.Name)]
public sealed class ContractSerializationTests(SqliteClusterFixture fixture)
{
    private static readonly Assembly Contracts = typeof(IRecommendationGrain).Assembly;

    [Fact]
    public void Every_grain_interface_argument_and_result_has_a_codec()
    {
        var codecs = fixture.Client.ServiceProvider.GetRequiredService<ICodecProvider>();
        var missing = new List<string>();
        foreach (var type in Contracts.GetTypes().Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t)))
        {
            foreach (var method in type.GetMethods())
            {
                foreach (var used in method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType).SelectMany(Flatten))
                {
                    // Task<T> and collection interfaces are carriers: their element types are what must have codecs.
                    if (used == typeof(Task) || used == typeof(void) || used.IsGenericParameter || used.IsInterface
                        || (used.IsGenericType && used.GetGenericTypeDefinition() == typeof(Task<>)))
                    {
                        continue;
                    }
                    if (codecs.TryGetCodec(used) is null)
                    {
                        missing.Add($"{type.Name}.{method.Name}: {used}");
                    }
                }
            }
        }
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_generated_contract_type_has_an_alias_and_round_trips()
    {
        var serializer = fixture.Client.ServiceProvider.GetRequiredService<Serializer>();
        var types = Contracts.GetTypes().Where(t => t.GetCustomAttribute<GenerateSerializerAttribute>() is not null).ToArray();
        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.NotNull(t.GetCustomAttribute<AliasAttribute>()));

        var detail = new RecommendationDetail(
            new RecommendationSummary("r.F1-R1", "F1-R1", "r", "F1", null, 1, new LocalizedText("ไทย", "en"), ["ICT"], AuditeeResponse.PartlyAgreed,
                RecommendationStatus.InProgress, 50, new DateOnly(2026, 1, 2), 3, DateTimeOffset.UnixEpoch, "ict"),
            new LocalizedText("ข้อความ", "text"), ["r.F1-R1.1"], new DateOnly(2025, 1, 1), "basis",
            new ResponseView(AuditeeResponse.PartlyAgreed, "note", DateTimeOffset.UnixEpoch, "ict"),
            [new ActionItemView("act-1", "t", "ICT", new DateOnly(2026, 1, 1), ActionStatus.InProgress, 10, false, DateTimeOffset.UnixEpoch, "ict", DateTimeOffset.UnixEpoch)],
            [new EvidenceView("ev-1", "a.pdf", "application/pdf", 10, new string('a', 64), null, DateTimeOffset.UnixEpoch, "ict", true, "wrong", DateTimeOffset.UnixEpoch, "ict")],
            [new CommentView("cmt-1", "ความเห็น", DateTimeOffset.UnixEpoch, new ActorRef("ict", "ICT", UserRole.UnitOfficer, "ICT"))],
            [new ExtensionView("ext-1", new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 1), "why", DateTimeOffset.UnixEpoch, "ict", ExtensionStatus.Approved, "ok", DateTimeOffset.UnixEpoch, "auditor")],
            [new VerificationView(VerificationDecision.Reopen, "n", DateTimeOffset.UnixEpoch, "auditor", RecommendationStatus.ClosedImplemented, RecommendationStatus.InProgress)],
            [new HistoryEntry(1, DateTimeOffset.UnixEpoch, new ActorRef("system", "s", UserRole.Admin, null), "t", [new FieldChange("status", null, "not-started")], null, "0", "1")],
            "last", DateTimeOffset.UnixEpoch);
        var copy = serializer.Deserialize<RecommendationDetail>(serializer.SerializeToArray(detail))!;
        // Records compare collections by reference, so compare the full JSON form instead.
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(detail, OversightJson.Options), System.Text.Json.JsonSerializer.Serialize(copy, OversightJson.Options));
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        yield return type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Flatten))
            {
                yield return argument;
            }
        }
    }
}
