using System.Security.Cryptography;
using System.Text;

namespace Oversight.Reports;

/// <summary>
/// Skia seeds the PDF document ID (trailer <c>/ID</c>, XMP <c>xmpMM:DocumentID</c>/<c>InstanceID</c>) with the clock
/// and a memory address. This replaces it by an MD5 of the file with the ID taken out, so identical input gives
/// identical bytes. Skia writes the trailer ID as a hex string or, when that is shorter, as a literal (binary) string;
/// both are read. The XMP forms are replaced in place (same length, so the stream lengths and cross-reference offsets
/// stay valid); the trailer follows the cross-reference table, so rewriting it as hex changes no offset.
/// </summary>
internal static class DeterministicIds
{
    private static readonly byte[] IdMarker = "/ID ["u8.ToArray();

    /// <summary>The file with a content-derived ID, or null when no trailer ID was found (the input is then left as it is).</summary>
    public static byte[]? Apply(ReadOnlySpan<byte> pdf)
    {
        var at = pdf.LastIndexOf(IdMarker);
        if (at < 0)
        {
            return null;
        }
        var p = at + IdMarker.Length;
        if (!TryReadString(pdf, ref p, out var first))
        {
            return null;
        }
        if (!TryReadString(pdf, ref p, out var second))
        {
            second = first;
        }
        SkipWhitespace(pdf, ref p);
        if (p >= pdf.Length || pdf[p] != (byte)']')
        {
            return null;
        }
        var end = p + 1;

        var work = pdf.ToArray();
        var head = work.AsSpan(0, at);
        var positions = new List<(int Index, int Length, int Which, int Kind)>();
        foreach (var (id, which) in new[] { (first, 0), (second, 1) })
        {
            if (which == 1 && second.AsSpan().SequenceEqual(first))
            {
                break;
            }
            foreach (var (form, kind) in Forms(id))
            {
                Find(head, form, which, kind, positions);
            }
        }
        foreach (var (index, length, _, _) in positions)
        {
            head.Slice(index, length).Fill((byte)'0');
        }

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(work, 0, at);
        md5.AppendData(work, end, work.Length - end);
        var newFirst = md5.GetHashAndReset();
        var newSecond = second.AsSpan().SequenceEqual(first) ? newFirst : MD5.HashData(newFirst);
        foreach (var (index, length, which, kind) in positions)
        {
            var text = Form(which == 0 ? newFirst : newSecond, kind);
            Encoding.ASCII.GetBytes(text).AsSpan(0, length).CopyTo(head.Slice(index, length));
        }

        var trailerId = Encoding.ASCII.GetBytes($"/ID [<{Convert.ToHexString(newFirst)}> <{Convert.ToHexString(newSecond)}>]");
        var result = new byte[at + trailerId.Length + (work.Length - end)];
        work.AsSpan(0, at).CopyTo(result);
        trailerId.CopyTo(result, at);
        work.AsSpan(end).CopyTo(result.AsSpan(at + trailerId.Length));
        return result;
    }

    // kind 0: upper-case hex, 1: lower-case hex, 2: lower-case UUID with dashes (XMP).
    private static IEnumerable<(byte[] Form, int Kind)> Forms(byte[] id)
    {
        for (var kind = 0; kind < 3; kind++)
        {
            if (kind == 1 && Form(id, 0) == Form(id, 1))
            {
                continue;
            }
            yield return (Encoding.ASCII.GetBytes(Form(id, kind)), kind);
        }
    }

    private static string Form(byte[] id, int kind)
    {
        var hex = Convert.ToHexString(id);
        return kind switch
        {
            0 => hex,
            1 => hex.ToLowerInvariant(),
            _ => hex.Length == 32 ? Dashed(hex.ToLowerInvariant()) : hex.ToLowerInvariant(),
        };
    }

    private static string Dashed(string hex) => $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";

    private static void Find(Span<byte> pdf, byte[] needle, int which, int kind, List<(int, int, int, int)> positions)
    {
        var offset = 0;
        while (true)
        {
            var i = pdf[offset..].IndexOf(needle);
            if (i < 0)
            {
                return;
            }
            positions.Add((offset + i, needle.Length, which, kind));
            offset += i + needle.Length;
        }
    }

    private static void SkipWhitespace(ReadOnlySpan<byte> s, ref int p)
    {
        while (p < s.Length && s[p] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f' or 0)
        {
            p++;
        }
    }

    /// <summary>Reads a PDF hex string &lt;…&gt; or literal string (…) at <paramref name="p"/>.</summary>
    private static bool TryReadString(ReadOnlySpan<byte> s, ref int p, out byte[] value)
    {
        value = [];
        SkipWhitespace(s, ref p);
        if (p >= s.Length)
        {
            return false;
        }
        var bytes = new List<byte>(16);
        if (s[p] == (byte)'<')
        {
            var digits = new StringBuilder();
            for (p++; p < s.Length && s[p] != (byte)'>'; p++)
            {
                if (Uri.IsHexDigit((char)s[p]))
                {
                    digits.Append((char)s[p]);
                }
            }
            if (p >= s.Length)
            {
                return false;
            }
            p++;
            if (digits.Length % 2 == 1)
            {
                digits.Append('0');
            }
            value = Convert.FromHexString(digits.ToString());
            return true;
        }
        if (s[p] != (byte)'(')
        {
            return false;
        }
        var depth = 1;
        for (p++; p < s.Length; p++)
        {
            var c = s[p];
            if (c == (byte)'\\')
            {
                if (++p >= s.Length)
                {
                    return false;
                }
                var e = s[p];
                switch (e)
                {
                    case (byte)'n': bytes.Add((byte)'\n'); break;
                    case (byte)'r': bytes.Add((byte)'\r'); break;
                    case (byte)'t': bytes.Add((byte)'\t'); break;
                    case (byte)'b': bytes.Add((byte)'\b'); break;
                    case (byte)'f': bytes.Add((byte)'\f'); break;
                    case (byte)'\r':
                        if (p + 1 < s.Length && s[p + 1] == (byte)'\n')
                        {
                            p++;
                        }
                        break; // line continuation
                    case (byte)'\n':
                        break; // line continuation
                    case >= (byte)'0' and <= (byte)'7':
                        var octal = e - '0';
                        for (var k = 0; k < 2 && p + 1 < s.Length && s[p + 1] is >= (byte)'0' and <= (byte)'7'; k++)
                        {
                            octal = octal * 8 + (s[++p] - '0');
                        }
                        bytes.Add((byte)octal);
                        break;
                    default: bytes.Add(e); break; // \( \) \\ and unknown escapes
                }
                continue;
            }
            if (c == (byte)'(')
            {
                depth++;
            }
            else if (c == (byte)')' && --depth == 0)
            {
                p++;
                value = [.. bytes];
                return true;
            }
            bytes.Add(c);
        }
        return false;
    }
}
