using System.Reflection;
using System.Text.Json;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Domain.Tests.Text;

/// <summary>
/// An enum's kebab-case name has one home (<see cref="OversightJson.EnumValue{TEnum}"/>, read from tables built once):
/// the claims, the read-model rows and the JSON converter must all agree with the naming rule, for every enum that
/// travels.
/// </summary>
public sealed class EnumNameTests
{
    public static TheoryData<Type> Enums()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(OversightJson).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(type);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Enums))]
    public void Every_value_of_every_enum_has_its_kebab_case_name_both_ways_and_as_json_writes_it(Type type)
    {
        typeof(EnumNameTests).GetMethod(nameof(Check), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type).Invoke(null, null);
    }

    private static void Check<TEnum>() where TEnum : struct, Enum
    {
        Assert.NotEmpty(Enum.GetValues<TEnum>());
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var expected = JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
            Assert.Equal(expected, OversightJson.EnumValue(value));
            Assert.Equal($"\"{expected}\"", JsonSerializer.Serialize(value, OversightJson.Options));
            Assert.True(OversightJson.TryParseEnum<TEnum>(expected, out var parsed));
            Assert.Equal(value, parsed);
            Assert.False(OversightJson.TryParseEnum<TEnum>(expected.ToUpperInvariant(), out _));
            Assert.False(OversightJson.TryParseEnum<TEnum>(value.ToString() == expected ? expected + "-x" : value.ToString(), out _));
        }
    }

    [Fact]
    public void Text_that_names_no_value_does_not_parse_and_an_undefined_value_is_written_as_its_number()
    {
        foreach (var text in new string?[] { null, "", " ", "in progress", "inprogress", "InProgress", "1", "in-progress " })
        {
            Assert.False(OversightJson.TryParseEnum<Grains.Abstractions.Recommendations.RecommendationStatus>(text, out var value));
            Assert.Equal(default, value);
        }
        Assert.True(OversightJson.TryParseEnum<Grains.Abstractions.Recommendations.RecommendationStatus>("in-progress", out var inProgress));
        Assert.Equal(Grains.Abstractions.Recommendations.RecommendationStatus.InProgress, inProgress);
        Assert.Equal("99", OversightJson.EnumValue((UserRole)99));
        Assert.Equal("unit-officer", OversightJson.EnumValue(UserRole.UnitOfficer));
    }
}
