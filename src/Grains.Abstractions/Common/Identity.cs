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

    /// <summary>Whether <paramref name="username"/> is reserved for the system's own actors (compared case-insensitively).</summary>
    public static bool IsReservedUsername(string username)
    {
        var name = (username ?? "").Trim().ToLowerInvariant();
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
    /// What the history shows for the system's own actors: the system (each language's half of its bilingual name), API
    /// keys, and the labels demo activity and synthetic data put in front of their actors' names. No account or key may
    /// take a display name that starts with one of these.
    /// </summary>
    private static readonly string[] ReservedDisplayPrefixes =
    [
        .. System.DisplayName.Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(DisplayKey),
        .. new[] { ApiKeyDisplayName, DemoLabel, DemoLabelEn, SyntheticLabel, SyntheticLabelEn }.Select(DisplayKey),
    ];

    /// <summary>
    /// Whether <paramref name="displayName"/> would read, in the history, as one of the system's own actors: it equals or
    /// starts with the system's name (either language's half: "ระบบ", "System"), "API key", or the demo or synthetic
    /// label. Compared without case, spacing or punctuation, with compatibility forms folded (full-width letters) and any
    /// bracket read as a square one, so "ระบบ/SYSTEM", " system. ", "System (jdoe)" and "(จำลอง) สมชาย" are all caught.
    /// A word must end where the reserved one does: "Systems analyst" and "ระบบส่งข้อมูล" (a data-feeding system, as an
    /// API key may be called) are names.
    /// </summary>
    public static bool IsReservedDisplayName(string? displayName)
    {
        var key = DisplayKey(displayName);
        return ReservedDisplayPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));
    }

    /// <summary>
    /// A display name reduced to what a reader tells apart: lower-case words separated by single spaces, brackets as words
    /// of their own, and a space at the end (so a reserved key matches whole words only).
    /// </summary>
    private static string DisplayKey(string? text)
    {
        string normalized;
        try
        {
            normalized = ThaiText.Normalize(text).Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            normalized = (text ?? "").ToLowerInvariant();
        }
        var key = new StringBuilder(normalized.Length + 8);
        void EndWord()
        {
            if (key.Length > 0 && key[^1] != ' ')
            {
                key.Append(' ');
            }
        }
        foreach (var rune in normalized.EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.OpenPunctuation:
                    EndWord();
                    key.Append("[ ");
                    break;
                case UnicodeCategory.ClosePunctuation:
                    EndWord();
                    key.Append("] ");
                    break;
                case UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                    or UnicodeCategory.Control or UnicodeCategory.Format
                    or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OtherPunctuation
                    or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                    or UnicodeCategory.MathSymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol
                    or UnicodeCategory.CurrencySymbol:
                    EndWord();
                    break;
                default:
                    key.Append(rune.ToString());
                    break;
            }
        }
        EndWord();
        return key.ToString();
    }

    public bool IsAuditor => Role == UserRole.Auditor;
    public bool IsUnitOfficer => Role == UserRole.UnitOfficer;
}
