using System.Collections.Concurrent;

namespace Oversight.Reports.Text;

/// <summary>
/// Line-break opportunities from ICU's line break iterator with locale th_TH (dictionary-based Thai word breaks,
/// UAX #14 for everything else), from <see cref="IcuLineBreaks"/>; results are cached process-wide. Boundaries inside
/// the compounds of <see cref="ThaiCompounds"/> are removed, and so are those right after a hyphen inside a Latin word ("e-|Service", "data-|exchange"): pdftotext joins a line that ends in a
/// hyphen to the next one and drops the hyphen, so a word broken there would not extract exactly ("eService").
/// </summary>
internal static class LineBreaker
{
    private const int MaxCacheEntries = 100_000;
    private static readonly ConcurrentDictionary<string, int[]> Cache = new();

    /// <summary>
    /// Boundaries (UTF-16 indices) at which a line may break, always starting with 0 and ending with <c>text.Length</c>.
    /// The segment between two boundaries includes its trailing spaces.
    /// </summary>
    public static int[] GetBoundaries(string text)
    {
        if (text.Length == 0)
        {
            return [0];
        }
        if (Cache.TryGetValue(text, out var cached))
        {
            return cached;
        }
        int[] result;
        if (IsSingleSegmentCandidate(text))
        {
            result = [0, text.Length];
        }
        else
        {
            var raw = IcuLineBreaks.Boundaries(text);
            var list = new List<int>(raw.Length + 2);
            if (raw.Length == 0 || raw[0] != 0)
            {
                list.Add(0);
            }
            foreach (var r in raw)
            {
                if (list.Count == 0 || r > list[^1])
                {
                    list.Add(r);
                }
            }
            if (list[^1] != text.Length)
            {
                list.Add(text.Length);
            }
            // ICU splits some compounds a reader takes as one word ("หน่วย|งาน"): never break inside those.
            result = [.. ThaiCompounds.Glue(text, list).Where(b => !AfterWordHyphen(text, b))];
        }
        if (Cache.Count >= MaxCacheEntries)
        {
            Cache.Clear();
        }
        Cache.TryAdd(text, result);
        return result;
    }

    /// <summary>True for a boundary right after a hyphen with a Latin letter or digit on both sides.</summary>
    private static bool AfterWordHyphen(string text, int boundary) =>
        boundary >= 2 && boundary < text.Length && text[boundary - 1] == '-'
        && char.IsAsciiLetterOrDigit(text[boundary - 2]) && char.IsAsciiLetterOrDigit(text[boundary]);

    // Short strings of digits/punctuation/ASCII letters without spaces cannot break: skip ICU.
    private static bool IsSingleSegmentCandidate(string text)
    {
        if (text.Length > 12)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && c != ',')
            {
                return false;
            }
        }
        return true;
    }
}
