using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Oversight.Storage.Events;

/// <summary>The hash chain of the event store.</summary>
public static class EventHash
{
    /// <summary>PrevHash of the first event of a stream: 64 '0' characters.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The timestamp format that is stored and hashed: UTC, 7 decimals, 'Z'.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string text) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Utc));

    /// <summary>
    /// Lowercase hex SHA-256 of UTF-8( PrevHash \n StreamId \n Seq \n EventType \n RecordedAt (UTC "yyyy-MM-ddTHH:mm:ss.fffffffZ") \n Actor \n Payload ).
    /// </summary>
    public static string Compute(string prevHash, string streamId, long seq, string eventType, DateTimeOffset recordedAt, string actor, string payload)
    {
        // The same bytes as UTF-8 of the joined text, encoded part by part into one pooled buffer: every write and every
        // verified event hashes its payload, and the joined string and its bytes were two more copies of it each time.
        Span<char> number = stackalloc char[20];
        seq.TryFormat(number, out var numberLength, provider: CultureInfo.InvariantCulture);
        Span<char> stamp = stackalloc char[32];
        recordedAt.UtcDateTime.TryFormat(stamp, out var stampLength, TimestampFormat, CultureInfo.InvariantCulture);
        var utf8 = Encoding.UTF8;
        var most = utf8.GetMaxByteCount(prevHash.Length + streamId.Length + numberLength + eventType.Length + stampLength + actor.Length + payload.Length + 6);
        var buffer = ArrayPool<byte>.Shared.Rent(most);
        try
        {
            var length = 0;
            Append(buffer, ref length, prevHash, true);
            Append(buffer, ref length, streamId, true);
            Append(buffer, ref length, number[..numberLength], true);
            Append(buffer, ref length, eventType, true);
            Append(buffer, ref length, stamp[..stampLength], true);
            Append(buffer, ref length, actor, true);
            Append(buffer, ref length, payload, false);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Append(byte[] buffer, ref int length, ReadOnlySpan<char> part, bool separator)
    {
        length += Encoding.UTF8.GetBytes(part, buffer.AsSpan(length));
        if (separator)
        {
            buffer[length++] = (byte)'\n';
        }
    }

    /// <summary>Recomputes the hash of a stored event from its fields (not from its stored Hash).</summary>
    public static string Compute(StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Compute(e.PrevHash, e.StreamId, e.Seq, e.EventType, e.RecordedAt, e.Actor, e.Payload);
    }
}
