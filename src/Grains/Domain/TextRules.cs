using System.Text.RegularExpressions;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Text;

namespace Oversight.Grains.Domain;

/// <summary>
/// Rules for the free text people type (notes, comments, reasons, titles). Text is stored as plain text:
/// markup is refused rather than stripped, control characters are refused, Thai marks are put in canonical order.
/// </summary>
public static partial class TextRules
{
    public const int NoteMaxLength = 4000;
    public const int TitleMaxLength = 500;
    public const int FileNameMaxLength = 255;

    /// <summary>Validates and normalises a text field; returns the error, or null and the cleaned text.</summary>
    public static CommandError? Check(string? text, string field, int maxLength, bool required, out string cleaned)
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
        cleaned = ThaiText.Normalize(raw).Trim();
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
            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            {
                return CommandError.Invalid("control-character", $"'{field}' contains a control character (U+{(int)c:X4}).", field);
            }
            if (c is '\uFFFD' or '\uFEFF')
            {
                return CommandError.Invalid("invalid-character", $"'{field}' contains an invalid character (U+{(int)c:X4}).", field);
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

    [GeneratedRegex("^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
