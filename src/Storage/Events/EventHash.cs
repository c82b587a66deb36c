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
        var text = string.Join('\n',
            prevHash,
            streamId,
            seq.ToString(CultureInfo.InvariantCulture),
            eventType,
            FormatTimestamp(recordedAt),
            actor,
            payload);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Recomputes the hash of a stored event from its fields (not from its stored Hash).</summary>
    public static string Compute(StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Compute(e.PrevHash, e.StreamId, e.Seq, e.EventType, e.RecordedAt, e.Actor, e.Payload);
    }
}
