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

    /// <summary>Reads the rows of a <see cref="SelectColumns"/> query.</summary>
    public static async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(DbCommand command, CancellationToken ct)
    {
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            events.Add(new StoredEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                EventHash.ParseTimestamp(reader.GetString(4)), reader.GetString(5), reader.GetString(6),
                reader.GetString(7), reader.GetString(8)));
        }

        return events;
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
