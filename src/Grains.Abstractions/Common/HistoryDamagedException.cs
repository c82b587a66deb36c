namespace Oversight.Grains.Abstractions.Common;

/// <summary>
/// A stream's stored history cannot be read (a row that does not parse, a payload that is not a valid event, events
/// out of order). Reads of that stream fail with this instead of showing a partial history; the API answers it as a
/// 5xx problem with code <c>history-damaged</c>, the stream and the seq, never as a client error.
/// </summary>
[GenerateSerializer, Alias("oversight.HistoryDamagedException")]
public sealed class HistoryDamagedException : Exception
{
    public HistoryDamagedException()
    {
    }

    public HistoryDamagedException(string streamId, long seq, string reason)
        : base($"The history of {streamId} is damaged at seq {seq}: {reason}")
    {
        StreamId = streamId;
        Seq = seq;
        Reason = reason;
    }

    public HistoryDamagedException(string message) : base(message)
    {
    }

    public HistoryDamagedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    [Id(0)] public string StreamId { get; init; } = "";

    [Id(1)] public long Seq { get; init; }

    [Id(2)] public string Reason { get; init; } = "";
}
