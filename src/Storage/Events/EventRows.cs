using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Oversight.Storage.Events;

/// <summary>What both event stores read the same way: the event columns, the rows, and paging through the log.</summary>
internal static class EventRows
{
    public const int PageSize = 500;

    public const string SelectColumns =
        "SELECT position, stream_id, seq, event_type, recorded_at, actor, payload, prev_hash, hash FROM oversight_event";

    public const string SelectHeads = "SELECT stream_id, last_seq, last_hash FROM oversight_stream_head";

    /// <summary>
    /// Reads the rows of a <see cref="SelectColumns"/> query. A row that cannot be read as stored (an unparsable
    /// timestamp, a NULL or non-text column written behind the store's back) comes back with
    /// <see cref="StoredEvent.Damage"/> set instead of failing the read.
    /// </summary>
    public static async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(DbCommand command, CancellationToken ct)
    {
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            events.Add(Read(reader));
        }

        return events;
    }

    private static StoredEvent Read(DbDataReader reader)
    {
        string? damage = null;
        string Text(int ordinal, string column)
        {
            if (reader.IsDBNull(ordinal))
            {
                damage ??= $"{column} is NULL";
                return "";
            }

            var value = reader.GetValue(ordinal);
            if (value is string text)
            {
                return text;
            }

            damage ??= $"{column} is not text";
            return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }

        var position = reader.GetInt64(0);
        var streamId = Text(1, "stream_id");
        var seq = reader.IsDBNull(2) ? 0 : Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
        var eventType = Text(3, "event_type");
        var recordedText = Text(4, "recorded_at");
        var recordedAt = DateTimeOffset.MinValue;
        if (TryParseTimestamp(recordedText, out var parsed))
        {
            recordedAt = parsed;
        }
        else
        {
            damage ??= "recorded_at does not parse";
        }

        return new StoredEvent(position, streamId, seq, eventType, recordedAt, Text(5, "actor"), Text(6, "payload"), Text(7, "prev_hash"), Text(8, "hash"))
        {
            Damage = damage,
        };
    }

    private static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        if (!DateTime.TryParseExact(text, EventHash.TimestampFormat, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var utc))
        {
            return false;
        }

        value = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return true;
    }

    /// <summary>Reads the rows of a <see cref="SelectHeads"/> query.</summary>
    public static async IAsyncEnumerable<StreamHead> ReadHeadsAsync(DbCommand command, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            yield return new StreamHead(reader.GetString(0), reader.GetInt64(1), reader.GetString(2));
        }
    }

    /// <summary>
    /// Every event in (stream_id, seq) order, one page of <see cref="PageSize"/> at a time: <paramref name="readPage"/>
    /// reads the page after a (stream, seq) key (null for the first page), in that order.
    /// </summary>
    public static async IAsyncEnumerable<StoredEvent> PagedByStreamAsync(
        Func<(string StreamId, long Seq)?, Task<IReadOnlyList<StoredEvent>>> readPage, [EnumeratorCancellation] CancellationToken ct)
    {
        (string, long)? after = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var page = await readPage(after).ConfigureAwait(false);
            foreach (var e in page)
            {
                yield return e;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = (page[^1].StreamId, page[^1].Seq);
        }
    }

    /// <summary>
    /// Every event after <paramref name="afterPosition"/>, one page of <see cref="PageSize"/> at a time:
    /// <paramref name="readPage"/> reads the page after a position, in position order.
    /// </summary>
    public static async IAsyncEnumerable<StoredEvent> PagedAsync(
        long afterPosition, Func<long, Task<IReadOnlyList<StoredEvent>>> readPage, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = afterPosition;
        while (true)
        {
            var page = await readPage(after).ConfigureAwait(false);
            foreach (var e in page)
            {
                yield return e;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].Position;
        }
    }
}
