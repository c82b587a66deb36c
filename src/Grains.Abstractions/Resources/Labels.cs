using System.Globalization;
using System.Resources;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Resources;

/// <summary>
/// Domain labels (statuses, responses, decisions, activity sentences) in Thai and English, from Labels.th.resx and
/// Labels.resx. Shared by the pages, the live feed and the reports, so every surface names things the same way.
/// </summary>
public static class Labels
{
    private static readonly ResourceManager Resources = new("Oversight.Grains.Abstractions.Resources.Labels", typeof(Labels).Assembly);
    private static readonly CultureInfo Thai = CultureInfo.GetCultureInfo("th");
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    /// <summary>Labels found, by key and language: every write describes itself (its activity sentence), and the resource
    /// manager's lookup was most of that. Only keys the resources hold are kept, so the table is bounded by them.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Key, bool English), string> Found = new();

    public static string Get(string key, string? language)
    {
        var english = IsEnglish(language);
        if (Found.TryGetValue((key, english), out var label))
        {
            return label;
        }
        label = Resources.GetString(key, english ? English : Thai);
        if (label is null)
        {
            return key;
        }
        Found.TryAdd((key, english), label);
        return label;
    }

    public static LocalizedText Get(string key) => new(Get(key, "th"), Get(key, "en"));

    public static LocalizedText Format(string key, params object?[] args) => new(
        string.Format(Thai, Get(key, "th"), args.Select(a => a is LocalizedText t ? t.Th : a).ToArray()),
        string.Format(English, Get(key, "en"), args.Select(a => a is LocalizedText t ? t.En : a).ToArray()));

    public static LocalizedText Of<TEnum>(string prefix, TEnum value) where TEnum : struct, Enum => Get($"{prefix}.{OversightJson.EnumValue(value)}");

    private static bool IsEnglish(string? language) => language is not null && language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
}
