using System.Security.Cryptography;

namespace Oversight.Storage.Blobs;

public sealed record BlobInfo(string Sha256, string ContentType, long Size, DateTimeOffset CreatedAt);

/// <summary>Content-addressed evidence files (table <c>oversight_blob</c>), up to <see cref="BlobLimits.MaxSize"/> bytes.</summary>
public interface IBlobStore
{
    /// <summary>
    /// Stores <paramref name="content"/> under its SHA-256 (lowercase hex; upper case is accepted). Throws
    /// <see cref="ArgumentException"/> when the hash does not match the content. Idempotent: putting the same content
    /// again returns the existing <see cref="BlobInfo"/> (first content type and creation time win). Durable on return.
    /// </summary>
    Task<BlobInfo> PutAsync(string sha256, string contentType, ReadOnlyMemory<byte> content, CancellationToken ct = default);

    /// <summary>
    /// The blob, or null when none has that hash. The content is checked against its SHA-256 on every read: bytes
    /// changed in the database throw <see cref="BlobDamagedException"/> instead of being served as the original.
    /// </summary>
    Task<(BlobInfo Info, byte[] Content)?> GetAsync(string sha256, CancellationToken ct = default);
}

/// <summary>The stored bytes of a blob no longer have the SHA-256 they are stored under.</summary>
public sealed class BlobDamagedException(string sha256, string actual)
    : Exception($"The stored content of blob {sha256} has SHA-256 {actual}: it was changed after it was stored.")
{
    public string Sha256 { get; } = sha256;
}

public static class BlobLimits
{
    /// <summary>25 MB (25 × 1024 × 1024 bytes).</summary>
    public const long MaxSize = 25L * 1024 * 1024;

    internal static string CheckPut(string sha256, string contentType, ReadOnlyMemory<byte> content)
    {
        var key = NormalizeKey(sha256);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        if (content.Length > MaxSize)
        {
            throw new ArgumentException($"Blob is {content.Length} bytes; the limit is {MaxSize}.", nameof(content));
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        if (!string.Equals(actual, key, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The content's SHA-256 is {actual}, not {key}.", nameof(sha256));
        }

        return key;
    }

    /// <summary>Throws <see cref="BlobDamagedException"/> when <paramref name="content"/> does not hash to <paramref name="key"/>.</summary>
    internal static byte[] CheckRead(string key, byte[] content)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        return string.Equals(actual, key, StringComparison.Ordinal) ? content : throw new BlobDamagedException(key, actual);
    }

    internal static string NormalizeKey(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            throw new ArgumentException("A blob key is a SHA-256 in 64 hex characters.", nameof(sha256));
        }

        return sha256.ToLowerInvariant();
    }
}
