using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oversight.Grains.Abstractions.Common;

/// <summary>
/// Enums as their exact kebab-case names ("in-progress"). Unlike <see cref="JsonStringEnumConverter"/>, which also
/// accepts "InProgress", "INPROGRESS" or numbers, anything but the documented name is an error.
/// </summary>
public sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;
}

public sealed class StrictEnumConverter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
{
    private static FrozenDictionary<string, TEnum> ByName => OversightJson.EnumNames<TEnum>.ByName;

    private static FrozenDictionary<TEnum, string> ByValue => OversightJson.EnumNames<TEnum>.ByValue;

    /// <summary>The value's kebab-case name, as written in JSON (for other wire formats that must read the same).</summary>
    public static string NameOf(TEnum value) => ByValue[value];

    /// <summary>Parses an exact kebab-case name, as read from JSON (<see cref="OversightJson.TryParseEnum{TEnum}"/>).</summary>
    public static bool TryParse(string? name, out TEnum value) => OversightJson.TryParseEnum(name, out value);

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } name && ByName.TryGetValue(name, out var value))
        {
            return value;
        }
        throw new JsonException($"Expected one of: {string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal))}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(ByValue[value]);

    public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ByName.TryGetValue(reader.GetString() ?? "", out var value) ? value : throw new JsonException($"Unknown {typeof(TEnum).Name} key.");

    public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WritePropertyName(ByValue[value]);
}
