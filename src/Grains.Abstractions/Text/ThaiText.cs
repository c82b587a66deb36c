using System.Text;

namespace Oversight.Grains.Abstractions.Text;

/// <summary>
/// Repairs the mark-order damage that PDF extraction (and careless typing) leaves in Thai text, so that
/// text that looks right when rendered is also right as a string (search, comparison, text-extraction tests).
/// </summary>
/// <remarks>
/// <para>
/// Thai stores a syllable as base consonant, then an above/below vowel (U+0E31, U+0E34–U+0E3A, U+0E47),
/// then a tone mark or thanthakhat (U+0E48–U+0E4C). Extraction often emits the tone first (<c>ท่ี</c> instead of
/// <c>ที่</c>); both render alike. <see cref="Normalize"/> fixes that, but it never removes spaces: user text may
/// contain spaces on purpose, so stray extraction spaces are only <em>reported</em>, by <see cref="SuspiciousSpaces"/>.
/// </para>
/// <para>
/// Damage that moved a mark onto the wrong consonant (for example <c>ไดด้ังนี้</c> for <c>ได้ดังนี้</c>)
/// cannot be repaired mechanically; <see cref="HasMisorderedMarks"/> still flags most of it.
/// </para>
/// </remarks>
public static class ThaiText
{
    private const char SaraAa = '\u0E32';
    private const char SaraAm = '\u0E33';
    private const char Nikhahit = '\u0E4D';
    private const int StackRunLength = 32;
    private const int SnippetRadius = 8;

    /// <summary>
    /// Returns <paramref name="text"/> in NFC with Thai combining marks in canonical order:
    /// NIKHAHIT + SARA AA becomes SARA AM; in each run of marks after a base character, above/below vowels
    /// come before tone marks (a stable sort by class, NIKHAHIT and YAMAKKAN last); identical consecutive marks
    /// collapse into one; tone marks typed after SARA AM move before it (<c>นำ้</c> → <c>น้ำ</c>).
    /// Spaces and non-Thai text are left alone. Idempotent; returns the same instance when nothing changes.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string s = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

        StringBuilder? sb = null; // null while the output so far equals s[0..i]
        Span<char> stackBuffer = stackalloc char[StackRunLength];
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (!IsCombiningMark(c))
            {
                sb?.Append(c);
                i++;
                continue;
            }

            int start = i;
            while (i < s.Length && IsCombiningMark(s[i]))
            {
                i++;
            }

            ReadOnlySpan<char> run = s.AsSpan(start, i - start);
            char previous = sb is not null
                ? (sb.Length > 0 ? sb[sb.Length - 1] : '\0')
                : (start > 0 ? s[start - 1] : '\0');

            if (previous == SaraAm && AllToneMarks(run))
            {
                // "นำ้" → "น้ำ": the tone belongs to the consonant before SARA AM.
                sb ??= new StringBuilder(s.Length + 4).Append(s, 0, start);
                sb.Length--; // drop SARA AM
                int markStart = sb.Length;
                while (markStart > 0 && IsCombiningMark(sb[markStart - 1]))
                {
                    markStart--;
                }

                int merged = sb.Length - markStart + run.Length;
                Span<char> buffer = merged <= StackRunLength ? stackBuffer : new char[merged];
                for (int k = markStart; k < sb.Length; k++)
                {
                    buffer[k - markStart] = sb[k];
                }

                run.CopyTo(buffer[(sb.Length - markStart)..]);
                int length = Canonicalize(buffer[..merged]);
                sb.Length = markStart;
                sb.Append(buffer[..length]).Append(SaraAm);
                continue;
            }

            Span<char> marks = run.Length <= StackRunLength ? stackBuffer : new char[run.Length];
            run.CopyTo(marks);
            int count = Canonicalize(marks[..run.Length]);
            bool makeSaraAm = i < s.Length && s[i] == SaraAa && marks[count - 1] == Nikhahit;

            if (!makeSaraAm && count == run.Length && marks[..count].SequenceEqual(run))
            {
                sb?.Append(run);
                continue;
            }

            sb ??= new StringBuilder(s.Length + 4).Append(s, 0, start);
            if (makeSaraAm)
            {
                sb.Append(marks[..(count - 1)]).Append(SaraAm);
                i++; // SARA AA consumed
            }
            else
            {
                sb.Append(marks[..count]);
            }
        }

        return sb?.ToString() ?? s;
    }

    /// <summary>True if a tone mark or thanthakhat is directly followed by an above/below vowel (e.g. <c>ท่ี</c>).</summary>
    public static bool HasMisorderedMarks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (int i = 0; i + 1 < text.Length; i++)
        {
            if (IsToneMark(text[i]) && IsAboveOrBelowVowel(text[i + 1]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Yields a short snippet around each space that cannot be a real Thai word or phrase boundary, which is how
    /// stray PDF-extraction spaces show up: a space directly followed by a character that can never start a
    /// syllable (SARA A, SARA AA, SARA AM, above/below vowels, LAKKHANGYAO, tone and other marks), or directly
    /// preceded by a leading vowel (เ แ โ ใ ไ) or by MAI HAN-AKAT (optionally with its tone mark), which always
    /// needs a following consonant. Spaces between whole words (<c>ผู้ ใช้</c>) are not caught.
    /// </summary>
    public static IEnumerable<string> SuspiciousSpaces(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Iterate(text);

        static IEnumerable<string> Iterate(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (!IsSpace(text[i]) || !IsSuspiciousSpaceAt(text, i))
                {
                    continue;
                }

                int from = Math.Max(0, i - SnippetRadius);
                int to = Math.Min(text.Length, i + SnippetRadius + 1);
                yield return text[from..to];
            }
        }
    }

    private static bool IsSuspiciousSpaceAt(string text, int i)
    {
        if (i + 1 < text.Length && CannotStartSyllable(text[i + 1]))
        {
            return true;
        }

        if (i == 0)
        {
            return false;
        }

        char before = text[i - 1];
        if (before is >= '\u0E40' and <= '\u0E44')
        {
            return true;
        }

        if (IsToneMark(before) && i >= 2)
        {
            before = text[i - 2];
        }

        return before == '\u0E31';
    }

    /// <summary>Stable sort of a mark run by class, then collapse identical neighbours. Returns the new length.</summary>
    private static int Canonicalize(Span<char> marks)
    {
        for (int k = 1; k < marks.Length; k++)
        {
            char current = marks[k];
            int rank = MarkClass(current);
            int j = k - 1;
            while (j >= 0 && MarkClass(marks[j]) > rank)
            {
                marks[j + 1] = marks[j];
                j--;
            }

            marks[j + 1] = current;
        }

        int length = marks.Length == 0 ? 0 : 1;
        for (int k = 1; k < marks.Length; k++)
        {
            if (marks[k] != marks[length - 1])
            {
                marks[length++] = marks[k];
            }
        }

        return length;
    }

    private static bool AllToneMarks(ReadOnlySpan<char> run)
    {
        foreach (char c in run)
        {
            if (!IsToneMark(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int MarkClass(char c) => IsAboveOrBelowVowel(c) ? 0 : IsToneMark(c) ? 1 : 2;

    private static bool IsCombiningMark(char c) => c == '\u0E31' || c is >= '\u0E34' and <= '\u0E3A' || c is >= '\u0E47' and <= '\u0E4E';

    private static bool IsAboveOrBelowVowel(char c) => c == '\u0E31' || c is >= '\u0E34' and <= '\u0E3A' || c == '\u0E47';

    private static bool IsToneMark(char c) => c is >= '\u0E48' and <= '\u0E4C';

    private static bool CannotStartSyllable(char c) =>
        c is >= '\u0E30' and <= '\u0E3A' || c == '\u0E45' || c is >= '\u0E47' and <= '\u0E4E';

    private static bool IsSpace(char c) => c is ' ' or '\u00A0';
}
