using System.Text.Json;

namespace Oversight.Reports.Text;

/// <summary>
/// The Thai glossary: words a line never breaks inside ("ข้อเสนอแนะ", "ธรรมาภิบาล", "พระราชบัญญัติ", which ICU's
/// dictionary splits) and syllables a line never ends with ("ผู้", "ข้อ", "ความ"). Its one home is
/// <c>src/Reports/Text/thai-words.json</c>, embedded in this assembly: the PDFs' <see cref="LineBreaker"/> (through
/// <see cref="ThaiCompounds"/>) and the pages' server-side breaking (<c>Oversight.Web.Text.ThaiWords</c>) read it here,
/// and the Web build copies the same file to <c>wwwroot/js/thai-words.json</c> (git-ignored) for the browser's
/// <c>thai.js</c>.
/// </summary>
public static class ThaiGlossary
{
    /// <summary>The manifest name of the embedded <c>Text/thai-words.json</c>.</summary>
    public const string ResourceName = "Oversight.Reports.thai-words.json";

    private static readonly (string[] Words, string[] NoBreakAfter) Data = Load();

    /// <summary>The words that must never be broken, in the file's order, without duplicates or single characters.</summary>
    public static IReadOnlyList<string> Words => Data.Words;

    /// <summary>Syllables a line never ends with when Thai follows them (<c>noBreakAfter</c>).</summary>
    public static IReadOnlyList<string> NoBreakAfter => Data.NoBreakAfter;

    /// <summary>The embedded file, byte for byte as it is in the repository.</summary>
    public static Stream OpenJson() =>
        typeof(ThaiGlossary).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException("The Thai glossary (src/Reports/Text/thai-words.json) is not embedded in Oversight.Reports.");

    private static (string[], string[]) Load()
    {
        using var stream = OpenJson();
        using var document = JsonDocument.Parse(stream);
        var words = document.RootElement.GetProperty("words").EnumerateArray().Select(e => e.GetString()!)
            .Where(w => w.Length > 1).Distinct(StringComparer.Ordinal).ToArray();
        var prefixes = document.RootElement.GetProperty("noBreakAfter").EnumerateArray().Select(e => e.GetString()!).ToArray();
        return (words, prefixes);
    }
}
