using System.Globalization;
using System.Text;
using Oversight.Grains.Abstractions.Text;

namespace Oversight.Grains.Abstractions.Common;

/// <summary>The four roles. Wire names are kebab-case: executive, unit-officer, auditor, admin.</summary>
public enum UserRole
{
    Executive,
    UnitOfficer,
    Auditor,
    Admin,
}

/// <summary>Who performs a command. Web builds it from the authenticated principal; grains check it again.</summary>
[GenerateSerializer, Immutable, Alias("oversight.Actor")]
public sealed record Actor(
    [property: Id(0)] string Username,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] UserRole Role,
    [property: Id(3)] string? Unit)
{
    public static Actor System { get; } = new("system", "ระบบ / System", UserRole.Admin, null);

    /// <summary>Usernames the system acts under itself (the system, demo activity, API keys, imports): no account may take them.</summary>
    private static readonly string[] ReservedNames = ["system", "root", "anonymous", "unknown", "oversight", "api", "import", "seed", "demo"];

    private static readonly string[] ReservedPrefixes = ["system", "demo-", "api-", "apikey", "import-", "seed-", "synthetic", ExternalUsernamePrefix];

    /// <summary>Accounts linked to the organisation's identity provider are named with this prefix; no local account may take it.</summary>
    public const string ExternalUsernamePrefix = "sso-";

    /// <summary>
    /// Whether <paramref name="username"/> is reserved for the system's own actors (compared case-insensitively, by its
    /// confusable skeleton: a Cyrillic "ѕystem" is "system"). Usernames are ASCII anyway, so no username mixes scripts.
    /// </summary>
    public static bool IsReservedUsername(string username)
    {
        var name = Skeleton(Folded(username)).Trim().ToLowerInvariant();
        return ReservedNames.Contains(name) || ReservedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
    }

    /// <summary>The label in front of what demo activity does and writes (its actors' names, its notes).</summary>
    public const string DemoLabel = "[จำลอง]";

    public const string DemoLabelEn = "[demo]";

    /// <summary>The label in front of synthetic data (its actors' names, report and item titles).</summary>
    public const string SyntheticLabel = "[ข้อมูลสังเคราะห์]";

    public const string SyntheticLabelEn = "[synthetic]";

    /// <summary>The name an API key acts under when its own name is missing.</summary>
    public const string ApiKeyDisplayName = "API key";

    /// <summary>
    /// The common look-alikes of Latin letters in other scripts (Cyrillic, Greek, and Latin's own dotless and
    /// alternative forms), after Unicode TS #39's confusables: each maps to the Latin letter it passes for, in the same
    /// case. Full-width forms need no entry: NFKC has folded them already. (Declared before the reserved keys, which
    /// are made with it.)
    /// </summary>
    private static readonly Dictionary<int, char> LatinLookAlikes = new()
    {
        // Cyrillic capitals
        [0x0410] = 'A', [0x0412] = 'B', [0x0415] = 'E', [0x041A] = 'K', [0x041C] = 'M', [0x041D] = 'H', [0x041E] = 'O',
        [0x0420] = 'P', [0x0421] = 'C', [0x0422] = 'T', [0x0423] = 'Y', [0x0425] = 'X', [0x0405] = 'S', [0x0406] = 'I',
        [0x0408] = 'J', [0x04AE] = 'Y', [0x04BA] = 'H', [0x04C0] = 'I', [0x0474] = 'V', [0x0500] = 'D', [0x051A] = 'Q', [0x051C] = 'W',
        // Cyrillic small letters
        [0x0430] = 'a', [0x0432] = 'b', [0x0435] = 'e', [0x043A] = 'k', [0x043C] = 'm', [0x043D] = 'h', [0x043E] = 'o',
        [0x0440] = 'p', [0x0441] = 'c', [0x0442] = 't', [0x0443] = 'y', [0x0445] = 'x', [0x0455] = 's', [0x0456] = 'i',
        [0x0458] = 'j', [0x04AF] = 'y', [0x04BB] = 'h', [0x04CF] = 'l', [0x0475] = 'v', [0x0501] = 'd', [0x051B] = 'q', [0x051D] = 'w',
        // Greek capitals
        [0x0391] = 'A', [0x0392] = 'B', [0x0395] = 'E', [0x0396] = 'Z', [0x0397] = 'H', [0x0399] = 'I', [0x039A] = 'K',
        [0x039C] = 'M', [0x039D] = 'N', [0x039F] = 'O', [0x03A1] = 'P', [0x03A4] = 'T', [0x03A5] = 'Y', [0x03A7] = 'X',
        [0x03F9] = 'C', [0x037F] = 'J',
        // Greek small letters
        [0x03B1] = 'a', [0x03B3] = 'y', [0x03B9] = 'i', [0x03BA] = 'k', [0x03BD] = 'v', [0x03BF] = 'o', [0x03C1] = 'p',
        [0x03C4] = 't', [0x03C5] = 'u', [0x03C7] = 'x', [0x03C9] = 'w', [0x03F2] = 'c', [0x03F3] = 'j',
        // Latin's own look-alikes
        [0x0131] = 'i', [0x0237] = 'j', [0x0251] = 'a', [0x0261] = 'g',
    };

    /// <summary>The system's own name, each language's half ("ระบบ", "System"), as display keys.</summary>
    private static readonly string[] SystemNameKeys =
        [.. System.DisplayName.Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(DisplayKey)];

    /// <summary>What no display name may start with: "API key" and the demo and synthetic labels, as display keys.</summary>
    private static readonly string[] ReservedDisplayPrefixes =
        [.. new[] { ApiKeyDisplayName, DemoLabel, DemoLabelEn, SyntheticLabel, SyntheticLabelEn }.Select(DisplayKey)];

    /// <summary>
    /// Whether <paramref name="displayName"/> would read, in the history, as one of the system's own actors: it starts
    /// with "API key" or the demo or synthetic label; or it is the system's name (either language's half, "ระบบ" or
    /// "System", alone, with the other half, or followed by brackets, as "System (jdoe)" or "ระบบ (อัตโนมัติ)").
    /// "ระบบ LBDA" (the LBDA system, as a data source's API key is called in Thai) and "System Administrator" name
    /// something else and are not refused. Compared without case, spacing or punctuation, with compatibility forms folded
    /// (full-width letters), any bracket read as a square one, and letters of other scripts that look like Latin ones
    /// read as those (a confusable skeleton, as Unicode TS #39 compares identifiers), so "ระบบ/SYSTEM", " system. ",
    /// "(จำลอง) สมชาย", Cyrillic "Ѕуѕтем" and Greek "ΑΡΙ key" are all caught. A word must end where the reserved one
    /// does: "Systems analyst" and "ระบบส่งข้อมูล" are names.
    /// </summary>
    public static bool IsReservedDisplayName(string? displayName) => IsReservedDisplayKey(DisplayKey(displayName));

    private static bool IsReservedDisplayKey(string key)
    {
        if (ReservedDisplayPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
        {
            return true;
        }
        foreach (var name in SystemNameKeys)
        {
            if (key.StartsWith(name, StringComparison.Ordinal))
            {
                var rest = key[name.Length..];
                if (rest.Length == 0 || rest.StartsWith('[') || IsReservedDisplayKey(rest))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// The first word of <paramref name="displayName"/> that mixes Latin letters with Cyrillic or Greek ones (or Cyrillic
    /// with Greek), and the scripts it mixes; null when there is none. Such a word can pass for another name letter by
    /// letter ("Jоhn" with a Cyrillic о), so it is refused: Unicode TS #39's "moderately restrictive" level, applied to
    /// each word. Latin beside any other script (Thai: "สมชาย Smith", even "ดร.สมชายSmith") and a name in one script
    /// ("Ирина", "Γιώργος") or with words in different scripts ("Ivan Иванов") are names. Digits, marks and punctuation
    /// belong to every script.
    /// </summary>
    public static (string Word, string Scripts)? MixedScriptWord(string? displayName)
    {
        foreach (var word in Tokens(Folded(displayName)))
        {
            var scripts = LookAlikeScript.None;
            foreach (var rune in word.EnumerateRunes())
            {
                scripts |= ScriptOf(rune);
            }
            if (scripts is not (LookAlikeScript.None or LookAlikeScript.Latin or LookAlikeScript.Greek or LookAlikeScript.Cyrillic))
            {
                return (word, string.Join(" + ", new[] { LookAlikeScript.Latin, LookAlikeScript.Cyrillic, LookAlikeScript.Greek }.Where(s => scripts.HasFlag(s))));
            }
        }
        return null;
    }

    /// <summary>
    /// A display name reduced to what a reader tells apart: its confusable skeleton (<see cref="Skeleton"/>) in lower
    /// case, words separated by single spaces, brackets as words of their own, and a space at the end (so a reserved key
    /// matches whole words only).
    /// </summary>
    private static string DisplayKey(string? text)
    {
        var key = new StringBuilder();
        foreach (var token in Tokens(Skeleton(Folded(text)).ToLowerInvariant()))
        {
            key.Append(token).Append(' ');
        }
        return key.ToString();
    }

    /// <summary>The text with Thai marks in canonical order and compatibility forms folded (NFKC: full-width letters are ASCII).</summary>
    private static string Folded(string? text)
    {
        try
        {
            return ThaiText.Normalize(text).Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return text ?? "";
        }
    }

    /// <summary>The words of a text (runs of letters, marks and digits) and its brackets ("[" and "]", whatever their shape), in order.</summary>
    private static IEnumerable<string> Tokens(string text)
    {
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OtherPunctuation
                or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.MathSymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol
                or UnicodeCategory.CurrencySymbol)
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
                if (category is UnicodeCategory.OpenPunctuation)
                {
                    yield return "[";
                }
                else if (category is UnicodeCategory.ClosePunctuation)
                {
                    yield return "]";
                }
                continue;
            }
            word.Append(rune.ToString());
        }
        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    [Flags]
    private enum LookAlikeScript
    {
        None = 0,
        Latin = 1,
        Cyrillic = 2,
        Greek = 4,
    }

    /// <summary>The script of a letter among those whose letters pass for each other (Latin, Cyrillic, Greek); None for any other character.</summary>
    private static LookAlikeScript ScriptOf(Rune rune)
    {
        if (!Rune.IsLetter(rune))
        {
            return LookAlikeScript.None;
        }
        return rune.Value switch
        {
            (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or 0xAA or 0xBA or (>= 0xC0 and <= 0x2AF) or (>= 0x1E00 and <= 0x1EFF)
                or (>= 0x2C60 and <= 0x2C7F) or (>= 0xA720 and <= 0xA7FF) or (>= 0xAB30 and <= 0xAB6F) => LookAlikeScript.Latin,
            (>= 0x0370 and <= 0x03FF) or (>= 0x1F00 and <= 0x1FFF) => LookAlikeScript.Greek,
            (>= 0x0400 and <= 0x052F) or (>= 0x1C80 and <= 0x1C8F) or (>= 0x2DE0 and <= 0x2DFF) or (>= 0xA640 and <= 0xA69F) => LookAlikeScript.Cyrillic,
            _ => LookAlikeScript.None,
        };
    }

    /// <summary>The text with every common look-alike of a Latin letter read as that letter (<see cref="LatinLookAlikes"/>).</summary>
    private static string Skeleton(string text)
    {
        var skeleton = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (LatinLookAlikes.TryGetValue(rune.Value, out var latin))
            {
                skeleton.Append(latin);
            }
            else
            {
                skeleton.Append(rune.ToString());
            }
        }
        return skeleton.ToString();
    }

    public bool IsAuditor => Role == UserRole.Auditor;
    public bool IsUnitOfficer => Role == UserRole.UnitOfficer;
}
