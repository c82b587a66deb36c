using System.Text.RegularExpressions;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Text;

namespace Oversight.Grains.Domain;

/// <summary>
/// Rules for the text people type. Text is stored as plain text: markup is refused rather than stripped, control
/// characters are refused, Thai marks are put in canonical order. Characters that change how text around them is
/// displayed without being seen (bidirectional overrides and isolates, Unicode tag characters, noncharacters) are
/// refused everywhere, so "invoice\u202Efdp.exe" can never pass for "invoiceexe.pdf". Names and identifiers
/// (<see cref="CheckName"/>: file names, display names, unit names, titles) also refuse every other invisible or
/// formatting character (zero-width spaces and joiners, soft hyphens, line separators, private-use and unassigned
/// code points); free text keeps the zero-width space, non-joiner and joiner that Thai word breaking and emoji use.
/// </summary>
public static partial class TextRules
{
    public const int NoteMaxLength = 4000;
    public const int TitleMaxLength = 500;
    public const int FileNameMaxLength = 255;

    /// <summary>Validates and normalises a free-text field (notes, comments, reasons); returns the error, or null and the cleaned text.</summary>
    public static CommandError? Check(string? text, string field, int maxLength, bool required, out string cleaned) =>
        Check(text, field, maxLength, required, name: false, out cleaned);

    /// <summary>Validates and normalises a name or identifier shown on one line (file name, display name, unit name, title).</summary>
    public static CommandError? CheckName(string? text, string field, int maxLength, bool required, out string cleaned) =>
        Check(text, field, maxLength, required, name: true, out cleaned);

    public const int DisplayNameMaxLength = 200;

    /// <summary>
    /// Validates a name an actor is shown under in the history (an account's or an API key's display name): a name
    /// (<see cref="CheckName"/>) that does not read as one of the system's own actors, look-alike letters of other
    /// scripts included (<see cref="Actor.IsReservedDisplayName"/>; 400 <c>reserved-name</c>), and has no word that mixes
    /// Latin letters with Cyrillic or Greek ones (<see cref="Actor.MixedScriptWord"/>; 400 <c>unsafe-character</c>, the
    /// code for text that cannot be displayed safely: such a word can pass for another name). Thai beside Latin is fine.
    /// </summary>
    public static CommandError? CheckDisplayName(string? text, string field, out string cleaned)
    {
        if (CheckName(text, field, DisplayNameMaxLength, required: true, out cleaned) is { } bad)
        {
            return bad;
        }
        if (Actor.IsReservedDisplayName(cleaned))
        {
            return CommandError.Invalid("reserved-name",
                $"'{field}' reads as one of the system's own actors in the history (ระบบ / System, API key, {Actor.DemoLabel} / {Actor.DemoLabelEn}, "
                + $"{Actor.SyntheticLabel} / {Actor.SyntheticLabelEn}); choose another name.", field);
        }
        return Actor.MixedScriptWord(cleaned) is { } mixed
            ? CommandError.Invalid("unsafe-character",
                $"'{field}' has a word that mixes {mixed.Scripts} letters ('{mixed.Word}'), which look alike and can pass for another name; "
                + "type each word in one script.", field)
            : null;
    }

    /// <summary>Why <paramref name="rune"/> cannot be shown safely, or null. <paramref name="name"/>: the stricter rule for names.</summary>
    public static string? Unsafe(System.Text.Rune rune, bool name)
    {
        var v = rune.Value;
        if (v is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069))
        {
            return "a bidirectional control character";
        }
        if (v is >= 0xE0000 and <= 0xE007F)
        {
            return "a Unicode tag character";
        }
        if (v is (>= 0xFDD0 and <= 0xFDEF) || (v & 0xFFFE) == 0xFFFE)
        {
            return "a noncharacter";
        }
        // (U+FEFF and U+FFFD are refused as invalid characters by the caller.)
        if (v is (>= 0xFFF9 and <= 0xFFFB) or 0x180E or (>= 0x2060 and <= 0x2064))
        {
            return "an invisible or replacement character";
        }
        var category = System.Text.Rune.GetUnicodeCategory(rune);
        if (category is System.Globalization.UnicodeCategory.OtherNotAssigned)
        {
            return "an unassigned code point";
        }
        if (!name)
        {
            return null;
        }
        return category switch
        {
            System.Globalization.UnicodeCategory.Format => "an invisible formatting character",
            System.Globalization.UnicodeCategory.PrivateUse => "a private-use character",
            System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator => "a line break",
            System.Globalization.UnicodeCategory.Control => "a control character",
            _ => null,
        };
    }

    private static CommandError? Check(string? text, string field, int maxLength, bool required, bool name, out string cleaned)
    {
        cleaned = "";
        var raw = text ?? "";
        // Unpaired surrogates cannot be normalised (or stored as UTF-8): refuse them before anything else.
        for (var i = 0; i < raw.Length; i++)
        {
            if (char.IsSurrogate(raw[i]))
            {
                if (!char.IsHighSurrogate(raw[i]) || i + 1 >= raw.Length || !char.IsLowSurrogate(raw[i + 1]))
                {
                    return CommandError.Invalid("invalid-character", $"'{field}' contains an unpaired surrogate.", field);
                }
                i++;
            }
        }
        // Noncharacters and the like make normalisation itself fail: judge the raw text first.
        foreach (var rune in raw.EnumerateRunes())
        {
            if (Unsafe(rune, name: false) is { } why)
            {
                return CommandError.Invalid("unsafe-character",
                    $"'{field}' contains {why} (U+{rune.Value:X4}), which changes how the text is displayed without being seen.", field);
            }
        }
        try
        {
            cleaned = ThaiText.Normalize(raw).Trim();
        }
        catch (ArgumentException)
        {
            return CommandError.Invalid("invalid-character", $"'{field}' contains characters that are not valid Unicode text.", field);
        }
        if (cleaned.Length == 0)
        {
            return required ? CommandError.Invalid("required", $"'{field}' is required and may not be blank.", field) : null;
        }
        if (cleaned.Length > maxLength)
        {
            return CommandError.Invalid("too-long", $"'{field}' may be at most {maxLength} characters; it has {cleaned.Length}.", field);
        }
        foreach (var c in cleaned)
        {
            if (char.IsControl(c) && (name || c is not '\n' and not '\r' and not '\t'))
            {
                return CommandError.Invalid("control-character", $"'{field}' contains a control character (U+{(int)c:X4}).", field);
            }
            if (c is '\uFFFD' or '\uFEFF')
            {
                return CommandError.Invalid("invalid-character", $"'{field}' contains an invalid character (U+{(int)c:X4}).", field);
            }
        }
        foreach (var rune in cleaned.EnumerateRunes())
        {
            if (Unsafe(rune, name) is { } why)
            {
                return CommandError.Invalid("unsafe-character",
                    $"'{field}' contains {why} (U+{rune.Value:X4}), which changes how the text is displayed without being seen.", field);
            }
        }
        if (Markup().IsMatch(cleaned))
        {
            return CommandError.Invalid("markup-not-allowed",
                $"'{field}' is plain text: HTML tags, script URLs and event-handler attributes are not accepted.", field);
        }
        return null;
    }

    /// <summary>A code such as a unit code: upper-case ASCII letters, digits and '-'.</summary>
    public static bool IsCode(string? value) => value is { Length: > 0 and <= 32 } && CodePattern().IsMatch(value);

    /// <summary>Tags (&lt;script&gt;, &lt;img …&gt;, &lt;/b&gt;, &lt;!-- --&gt;), javascript:/vbscript: URLs and on…= handlers.</summary>
    [GeneratedRegex(@"</?[a-zA-Z][a-zA-Z0-9:-]*(?:\s[^<>]*)?/?>|<\s*/?\s*(?:script|iframe|object|embed|svg|img|style|link|meta|form|input)\b|<!--|<!\[CDATA\[|\b(?:java|vb)script\s*:|\bon[a-z]{3,}\s*=\s*[""'`]|\bdata\s*:\s*text/html", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Markup();

    [GeneratedRegex("^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
