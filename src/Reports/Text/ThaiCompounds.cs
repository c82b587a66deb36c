namespace Oversight.Reports.Text;

/// <summary>
/// Gluing the words of <see cref="ThaiGlossary"/> (<c>Text/thai-words.json</c>, the one list the PDFs, the pages and the
/// browser share) that ICU's dictionary splits into smaller dictionary words (or mis-segments), and that a reader takes
/// as one word: a line never breaks inside them. ICU's line iterator (th_TH) gives "หน่วย|งาน", "ข้อ|เสนอ|แนะ",
/// "ธร|รมาภิ|บาล", "พระ|ราช|บัญญัติ": every one is a legal break for the iterator, so a narrow table column
/// ("หน่วยงาน" in a 62 pt column at 14 pt bold) or an unlucky line end splits the word there.
/// <see cref="LineBreaker"/> removes the iterator's boundaries strictly inside an occurrence that itself starts and
/// ends on a boundary (so a word that merely overlaps another is left alone).
/// </summary>
internal static class ThaiCompounds
{
    /// <summary>The glued words (the glossary's; longest first is not required).</summary>
    private static readonly string[] ByFirstChar = [.. ThaiGlossary.Words];

    private static bool IsThai(char c) => c is >= '\u0E00' and <= '\u0E7F';

    /// <summary>True when <paramref name="text"/> holds a Thai letter (nothing to glue otherwise).</summary>
    public static bool HasThai(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u0E00' and <= '\u0E7F')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Removes from <paramref name="boundaries"/> (sorted, first 0, last text.Length) every boundary strictly inside
    /// an occurrence of a glued word whose start and end are boundaries.
    /// </summary>
    public static List<int> Glue(string text, List<int> boundaries)
    {
        if (!HasThai(text))
        {
            return boundaries;
        }
        HashSet<int>? drop = null;
        var set = boundaries.Count > 8 ? new HashSet<int>(boundaries) : null;
        bool IsBoundary(int i) => set?.Contains(i) ?? boundaries.Contains(i);
        foreach (var word in ByFirstChar)
        {
            for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
            {
                var end = at + word.Length;
                // The occurrence must be a word of its own: it starts on a boundary or after a non-Thai character,
                // and ends on one or before a non-Thai character (a segment includes trailing spaces and punctuation).
                var starts = at == 0 || IsBoundary(at) || !IsThai(text[at - 1]);
                var ends = end == text.Length || IsBoundary(end) || !IsThai(text[end]);
                if (!starts || !ends)
                {
                    continue;
                }
                foreach (var b in boundaries)
                {
                    if (b > at && b < end)
                    {
                        (drop ??= []).Add(b);
                    }
                }
            }
        }
        return drop is null ? boundaries : boundaries.Where(b => !drop.Contains(b)).ToList();
    }
}
