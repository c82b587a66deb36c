using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Oversight.Grains.Abstractions.Common;

/// <summary>
/// The one JSON convention of the system, for the API, the event payloads and grain state:
/// camelCase members, kebab-case enum values, ISO dates, Thai left unescaped (the payloads are hashed
/// verbatim, so they must stay stable and readable).
/// </summary>
public static class OversightJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.BasicLatin, UnicodeRanges.Thai);
        options.AllowOutOfOrderMetadataProperties = true;
        if (!options.Converters.OfType<StrictEnumConverterFactory>().Any())
        {
            options.Converters.Insert(0, new StrictEnumConverterFactory());
        }
    }

    /// <summary>The value's kebab-case name, as JSON writes it (an undefined value: its number).</summary>
    public static string EnumValue<TEnum>(TEnum value) where TEnum : struct, Enum =>
        EnumNames<TEnum>.ByValue.TryGetValue(value, out var name) ? name : EnumNames<TEnum>.Kebab(value);

    /// <summary>Parses an exact kebab-case name of a defined value, as JSON reads it.</summary>
    /// <remarks>Read from tables built once per enum: this runs on every request (the caller's role) and every write.</remarks>
    public static bool TryParseEnum<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum =>
        EnumNames<TEnum>.ByName.TryGetValue(text ?? "", out value);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The one table of an enum's names (<see cref="StrictEnumConverter{TEnum}"/> reads it too).</summary>
    internal static class EnumNames<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().Distinct().ToFrozenDictionary(v => v, Kebab);

        /// <summary>By name; of two values with one name (aliases), the first that <see cref="Enum.GetValues{TEnum}"/> gives.</summary>
        public static readonly FrozenDictionary<string, TEnum> ByName = Enum.GetValues<TEnum>()
            .Select(v => (Name: Kebab(v), Value: v)).DistinctBy(p => p.Name, StringComparer.Ordinal)
            .ToFrozenDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

        public static string Kebab(TEnum value) => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
    }
}
