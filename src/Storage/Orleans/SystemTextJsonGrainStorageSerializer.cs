using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Orleans.Storage;

namespace Oversight.Storage.Orleans;

/// <summary>
/// Grain state as plain System.Text.Json (UTF-8): <see cref="JsonSerializerDefaults.Web"/> (camelCase properties),
/// enums as camelCase strings, non-ASCII letters unescaped, no <c>$type</c> metadata. Renaming a CLR type or assembly therefore does not break stored
/// state; renaming a property does (use <c>[JsonPropertyName]</c> to keep the old name).
/// </summary>
public sealed class SystemTextJsonGrainStorageSerializer : IGrainStorageSerializer
{
    private readonly JsonSerializerOptions _options;

    public SystemTextJsonGrainStorageSerializer(JsonSerializerOptions? options = null)
    {
        _options = options ?? CreateDefaultOptions();
    }

    /// <summary>The options used when none are given.</summary>
    public static JsonSerializerOptions CreateDefaultOptions() => new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        // Thai (and other non-Latin) text stays readable in the database instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, _options));

    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return JsonSerializer.Deserialize<T>(input.ToMemory().Span, _options)!;
    }
}
