using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;

namespace Oversight.Web.Text;

/// <summary>
/// Where Thai text may break across lines, and that text as HTML that breaks only there. Thai is written without spaces
/// between words, so a browser breaks it with its own dictionary, which splits compounds ("ข้อเสนอ/แนะ",
/// "ธรรมาภิ/บาล", "พระราช/บัญญัติ") and lets "ๆ" start a line. Here the break opportunities are ICU's line breaks for
/// th_TH, corrected by a glossary of words that must stay whole (<c>Oversight.Reports.Text.ThaiGlossary</c>: the file
/// <c>src/Reports/Text/thai-words.json</c>, which the PDFs use too and the build copies for the browser's <c>thai.js</c>),
/// never before ๆ or ฯ, and never right after a prefix such as ผู้. In HTML every Thai run between two opportunities is a
/// <c>&lt;span class="tw"&gt;</c> (no wrapping inside, see text.css) followed by <c>&lt;wbr&gt;</c>, so the browser can break there and nowhere else; the text itself (textContent) is unchanged.
/// </summary>
public static class ThaiWords
{
    private const int MaxCacheEntries = 50_000;
    private static readonly ConcurrentDictionary<string, string> HtmlCache = new(StringComparer.Ordinal);
    private static readonly GlossaryData Words = GlossaryData.Load();

    /// <summary>The page encoder's settings: Thai stays Thai, markup characters are escaped.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.BasicLatin, UnicodeRanges.Thai);

    /// <summary>Words that must never be broken (the glossary).</summary>
    public static IReadOnlyList<string> Glossary => Words.Words;

    public static bool HasThai(string? text)
    {
        if (text is null)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (IsThai(c))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Positions (UTF-16 indices, strictly inside the text) after which a line may break. A position right after
    /// whitespace is one; inside a Thai run, only the corrected ICU word boundaries are.
    /// </summary>
    public static int[] Breaks(string text)
    {
        if (text.Length < 2)
        {
            return [];
        }
        var icu = Oversight.Reports.Text.IcuLineBreaks.Boundaries(text);
        var breaks = new SortedSet<int>(icu.Where(b => b > 0 && b < text.Length));
        var original = new SortedSet<int>(breaks);
        var protectedEdges = new HashSet<int>();

        // Glossary words: keep whole; their edges are boundaries, and a stray consonant ICU split off before one
        // ("กา|ร|บูรณาการ") goes back to the word before it.
        var i = 0;
        while (i < text.Length)
        {
            var match = Words.LongestAt(text, i);
            if (match == 0 || !IsSyllableEdge(text, i, i + match))
            {
                i++;
                continue;
            }
            if (InsideOneSegment(original, i, i + match))
            {
                // ICU's word already holds it (มาตรฐาน): go on after that word, so that no shorter glossary word
                // inside it (ฐานข้อมูล in มาตรฐานข้อมูล) cuts it.
                var after = original.GetViewBetween(i + match, text.Length);
                i = after.Count > 0 ? after.Min : text.Length;
                continue;
            }
            var end = i + match;
            breaks.RemoveWhere(b => b > i && b < end);
            if (i > 0)
            {
                if (!original.Contains(i) && original.GetViewBetween(0, i - 1) is { Count: > 0 } before)
                {
                    var start = before.Max;
                    if (!protectedEdges.Contains(start) && IsConsonantsOnly(text, start, i))
                    {
                        breaks.Remove(start);
                    }
                }
                breaks.Add(i);
                protectedEdges.Add(i);
            }
            if (end < text.Length)
            {
                breaks.Add(end);
                protectedEdges.Add(end);
            }
            i = end;
        }

        // Never before ๆ or ฯ (also across a space: "ต่าง ๆ"), never between a base letter and its marks, never right
        // after a prefix syllable (ผู้|ใช้), never between two non-Thai letters that ICU would not split.
        breaks.RemoveWhere(b => IsRepeatOrAbbreviation(text[b]) || IsCombining(text[b])
            || (char.IsWhiteSpace(text[b - 1]) && NextVisible(text, b) is { } next && IsRepeatOrAbbreviation(next))
            || Words.EndsWithNoBreakPrefix(text, b, original));
        return [.. breaks];
    }

    /// <summary>Plain text as HTML-encoded markup that breaks only at <see cref="Breaks"/>.</summary>
    public static IHtmlContent Html(string? text) => new HtmlString(ToHtml(text));

    /// <inheritdoc cref="Html(string?)"/>
    public static string ToHtml(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        if (!HasThai(text))
        {
            return Encoder.Encode(text);
        }
        if (HtmlCache.TryGetValue(text, out var cached))
        {
            return cached;
        }
        var html = Render(text);
        if (HtmlCache.Count >= MaxCacheEntries)
        {
            HtmlCache.Clear();
        }
        HtmlCache.TryAdd(text, html);
        return html;
    }

    private static string Render(string text)
    {
        var breaks = Breaks(text);
        var builder = new StringBuilder(text.Length * 2);
        var start = 0;
        for (var k = 0; k <= breaks.Length; k++)
        {
            var end = k < breaks.Length ? breaks[k] : text.Length;
            var chunk = text[start..end];
            // A chunk is its word and the whitespace after it; the word is kept on one line.
            var word = chunk.TrimEnd();
            var trailing = chunk[word.Length..];
            var leading = word.Length - word.TrimStart().Length;
            if (leading > 0)
            {
                builder.Append(Encoder.Encode(word[..leading]));
                word = word[leading..];
            }
            if (word.Length > 1 && HasThai(word))
            {
                builder.Append("<span class=\"tw\">").Append(Encoder.Encode(word)).Append("</span>");
            }
            else
            {
                builder.Append(Encoder.Encode(word));
            }
            if (trailing.Length > 0)
            {
                builder.Append(Encoder.Encode(trailing));
            }
            else if (end < text.Length)
            {
                builder.Append("<wbr>");
            }
            start = end;
        }
        return builder.ToString();
    }

    /// <summary>
    /// Rewrites the text of an HTML fragment (as Razor rendered it) so that its Thai breaks only at word boundaries.
    /// Tags, attributes, comments and the contents of script, style, textarea, title, option, select, datalist, svg,
    /// math, code, pre, kbd and samp are left as they are; so is any element marked <c>data-no-thai-breaks</c>.
    /// </summary>
    public static string ProcessHtml(string html)
    {
        if (!HasThai(html))
        {
            return html;
        }
        var output = new StringBuilder(html.Length + html.Length / 3);
        var skipStack = new Stack<string>();
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            var textEnd = lt < 0 ? html.Length : lt;
            if (textEnd > i)
            {
                var raw = html.AsSpan(i, textEnd - i);
                if (skipStack.Count == 0 && HasThai(raw))
                {
                    output.Append(ToHtml(WebUtility.HtmlDecode(raw.ToString())));
                }
                else
                {
                    output.Append(raw);
                }
            }
            if (lt < 0)
            {
                break;
            }
            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                var close = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                var stop = close < 0 ? html.Length : close + 3;
                output.Append(html, lt, stop - lt);
                i = stop;
                continue;
            }
            var tagEnd = TagEnd(html, lt);
            var tag = html.AsSpan(lt, tagEnd - lt);
            output.Append(tag);
            i = tagEnd;
            var (name, closing, selfClosing) = TagName(tag);
            if (name.Length == 0)
            {
                continue;
            }
            if (!closing && RawText.Contains(name))
            {
                // Copy everything up to the matching end tag unchanged.
                var endTag = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                var stop = endTag < 0 ? html.Length : endTag;
                output.Append(html, i, stop - i);
                i = stop;
                continue;
            }
            if (closing)
            {
                if (skipStack.Count > 0 && skipStack.Peek() == name)
                {
                    skipStack.Pop();
                }
            }
            else if (!selfClosing && !Void.Contains(name)
                && (skipStack.Count > 0 || Skipped.Contains(name) || tag.Contains("data-no-thai-breaks", StringComparison.Ordinal)))
            {
                skipStack.Push(name);
            }
        }
        return output.ToString();
    }

    // ------------------------------------------------------------------ characters

    private static bool IsThai(char c) => c is >= '\u0E00' and <= '\u0E7F';

    private static bool HasThai(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (IsThai(c))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsConsonant(char c) => c is >= '\u0E01' and <= '\u0E2E';

    /// <summary>Marks and vowels written above, below or after a consonant: never the start of a line.</summary>
    private static bool IsCombining(char c) => c is '\u0E30' or '\u0E31' or '\u0E32' or '\u0E33' or (>= '\u0E34' and <= '\u0E3A') or (>= '\u0E45' and <= '\u0E4E');

    private static bool IsLeadingVowel(char c) => c is >= '\u0E40' and <= '\u0E44';

    private static bool IsRepeatOrAbbreviation(char c) => c is 'ๆ' or 'ฯ';

    private static char? NextVisible(string text, int from)
    {
        for (var k = from; k < text.Length; k++)
        {
            if (!char.IsWhiteSpace(text[k]))
            {
                return text[k];
            }
        }
        return null;
    }

    /// <summary>A glossary match must not cut a syllable: no leading vowel before it, no mark or following vowel after it.</summary>
    private static bool IsSyllableEdge(string text, int start, int end) =>
        (start == 0 || !IsLeadingVowel(text[start - 1]))
        && (end >= text.Length || (!IsCombining(text[end]) && text[end] != 'ั'));

    /// <summary>
    /// A match that crosses no ICU boundary needs nothing: either ICU has it as a word already, or it is part of a
    /// longer word ICU knows (พัฒนา in พัฒนาการ), which must not be cut.
    /// </summary>
    private static bool InsideOneSegment(SortedSet<int> boundaries, int start, int end) =>
        end - start < 2 || boundaries.GetViewBetween(start + 1, end - 1).Count == 0;

    private static bool IsConsonantsOnly(string text, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            if (!IsConsonant(text[k]))
            {
                return false;
            }
        }
        return end > start;
    }

    // ------------------------------------------------------------------ HTML scanning

    private static readonly HashSet<string> RawText = new(StringComparer.Ordinal) { "script", "style", "textarea", "title" };

    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "option", "select", "datalist", "svg", "math", "code", "pre", "kbd", "samp", "noscript",
    };

    private static readonly HashSet<string> Void = new(StringComparer.Ordinal)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    };

    private static int TagEnd(string html, int lt)
    {
        char? quote = null;
        for (var k = lt + 1; k < html.Length; k++)
        {
            var c = html[k];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return k + 1;
            }
        }
        return html.Length;
    }

    private static (string Name, bool Closing, bool SelfClosing) TagName(ReadOnlySpan<char> tag)
    {
        var k = 1;
        var closing = k < tag.Length && tag[k] == '/';
        if (closing)
        {
            k++;
        }
        var start = k;
        while (k < tag.Length && (char.IsAsciiLetterOrDigit(tag[k]) || tag[k] == '-'))
        {
            k++;
        }
        if (k == start || !char.IsAsciiLetter(tag[start]))
        {
            return ("", false, false);
        }
        var selfClosing = tag.Length >= 2 && tag[^2] == '/';
        return (tag[start..k].ToString().ToLowerInvariant(), closing, selfClosing);
    }

    // ------------------------------------------------------------------ glossary

    private sealed class GlossaryData
    {
        public required IReadOnlyList<string> Words { get; init; }

        public required IReadOnlyList<string> NoBreakAfter { get; init; }

        private Dictionary<char, string[]> _byFirst = [];

        public static GlossaryData Load()
        {
            var words = Oversight.Reports.Text.ThaiGlossary.Words;
            return new GlossaryData
            {
                Words = words,
                NoBreakAfter = Oversight.Reports.Text.ThaiGlossary.NoBreakAfter,
                _byFirst = words.GroupBy(w => w[0]).ToDictionary(g => g.Key, g => g.OrderByDescending(w => w.Length).ToArray()),
            };
        }

        /// <summary>The length of the longest glossary word at <paramref name="index"/>, or 0.</summary>
        public int LongestAt(string text, int index)
        {
            if (!_byFirst.TryGetValue(text[index], out var candidates))
            {
                return 0;
            }
            foreach (var word in candidates)
            {
                if (string.CompareOrdinal(text, index, word, 0, word.Length) == 0 && index + word.Length <= text.Length)
                {
                    return word.Length;
                }
            }
            return 0;
        }

        /// <summary>Whether the ICU segment ending at <paramref name="at"/> is a prefix syllable (ผู้, ข้อ, ความ) followed by Thai.</summary>
        public bool EndsWithNoBreakPrefix(string text, int at, SortedSet<int> icu)
        {
            if (at >= text.Length || !IsThai(text[at]))
            {
                return false;
            }
            foreach (var prefix in NoBreakAfter)
            {
                var start = at - prefix.Length;
                if (start >= 0 && string.CompareOrdinal(text, start, prefix, 0, prefix.Length) == 0
                    && (start == 0 || icu.Contains(start) || !IsThai(text[start - 1])))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
