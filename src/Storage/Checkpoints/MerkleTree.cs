using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Oversight.Storage.Checkpoints;

/// <summary>
/// The Merkle tree hash of RFC 6962 (Certificate Transparency), over the heads of every event stream: one leaf per
/// stream, ordered by stream id (ordinal), each leaf committing to the stream id, its last seq and that event's hash.
/// Removing or rewinding any stream, or changing any event up to its head, changes the root.
/// </summary>
public static class MerkleTree
{
    /// <summary>SHA-256(0x00 ‖ UTF-8(streamId "\n" seq "\n" hash)), lowercase hex.</summary>
    public static byte[] Leaf(string streamId, long seq, string hash)
    {
        var text = Encoding.UTF8.GetBytes($"{streamId}\n{seq.ToString(CultureInfo.InvariantCulture)}\n{hash}");
        var buffer = new byte[text.Length + 1];
        buffer[0] = 0x00;
        text.CopyTo(buffer, 1);
        return SHA256.HashData(buffer);
    }

    /// <summary>MTH(D[n]) of RFC 6962 §2.1 over leaf hashes already in order. The empty tree is SHA-256 of nothing.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (leaves.Count == 0)
        {
            return SHA256.HashData([]);
        }

        // Bottom-up with RFC 6962's shape: a level's last node without a sibling is promoted unchanged, which gives
        // the same root as the recursive split at the largest power of two below n.
        var level = leaves.ToArray();
        var node = new byte[65];
        node[0] = 0x01;
        while (level.Length > 1)
        {
            var next = new byte[(level.Length + 1) / 2][];
            for (var i = 0; i < level.Length / 2; i++)
            {
                level[2 * i].CopyTo(node, 1);
                level[2 * i + 1].CopyTo(node, 33);
                next[i] = SHA256.HashData(node);
            }

            if (level.Length % 2 == 1)
            {
                next[^1] = level[^1];
            }

            level = next;
        }

        return level[0];
    }

    /// <summary>The root over (stream, seq, hash) heads, sorted here by stream id (ordinal).</summary>
    public static string Root(IEnumerable<(string StreamId, long Seq, string Hash)> heads) =>
        Convert.ToHexStringLower(Root(heads.OrderBy(h => h.StreamId, StringComparer.Ordinal).Select(h => Leaf(h.StreamId, h.Seq, h.Hash)).ToArray()));
}
