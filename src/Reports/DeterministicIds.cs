using System.Security.Cryptography;
using System.Text;

namespace Oversight.Reports;

/// <summary>
/// Skia seeds the PDF document ID with the current time. This replaces it, in place and with the same length (so the
/// cross-reference offsets stay valid), by an MD5 of the file with the ID masked out.
/// </summary>
internal static class DeterministicIds
{
    private static readonly byte[] IdMarker = "/ID [<"u8.ToArray();

    public static bool Apply(Span<byte> pdf)
    {
        // The trailer is at the end: find the last "/ID [<32 hex>".
        var at = pdf.LastIndexOf(IdMarker);
        if (at < 0 || at + IdMarker.Length + 32 > pdf.Length)
        {
            return false;
        }
        var hex = Encoding.ASCII.GetString(pdf.Slice(at + IdMarker.Length, 32));
        if (!hex.All(Uri.IsHexDigit))
        {
            return false;
        }
        var upper = Encoding.ASCII.GetBytes(hex.ToUpperInvariant());
        var lower = Encoding.ASCII.GetBytes(hex.ToLowerInvariant());
        var dashed = Encoding.ASCII.GetBytes(Dashed(hex.ToLowerInvariant()));

        var positions = new List<(int Index, int Length, int Kind)>();
        Find(pdf, upper, 0, positions);
        if (!upper.AsSpan().SequenceEqual(lower))
        {
            Find(pdf, lower, 1, positions);
        }
        Find(pdf, dashed, 2, positions);

        foreach (var (index, length, _) in positions)
        {
            pdf.Slice(index, length).Fill((byte)'0');
        }
        Span<byte> hash = stackalloc byte[16];
        MD5.HashData(pdf, hash);
        var newHex = Convert.ToHexString(hash);
        foreach (var (index, length, kind) in positions)
        {
            var replacement = kind switch
            {
                0 => newHex,
                1 => newHex.ToLowerInvariant(),
                _ => Dashed(newHex.ToLowerInvariant()),
            };
            Encoding.ASCII.GetBytes(replacement).AsSpan(0, length).CopyTo(pdf.Slice(index, length));
        }
        return positions.Count > 0;
    }

    private static string Dashed(string hex) => $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";

    private static void Find(Span<byte> pdf, byte[] needle, int kind, List<(int, int, int)> positions)
    {
        var offset = 0;
        while (true)
        {
            var i = pdf[offset..].IndexOf(needle);
            if (i < 0)
            {
                return;
            }
            positions.Add((offset + i, needle.Length, kind));
            offset += i + needle.Length;
        }
    }
}
