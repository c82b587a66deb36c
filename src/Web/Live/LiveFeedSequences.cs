using Oversight.Grains.Abstractions.Live;

namespace Oversight.Web.Live;

/// <summary>
/// What this host knows of each silo's feed (<see cref="LiveBatch.Feed"/>): the next batch number it expects, the
/// numbers it skipped, and when it last heard from the feed. A batch counts as lost when its number is still missing
/// after <see cref="LiveFeedProtocol.ReorderGrace"/>, when a feed is first heard past its first batch, or when a feed
/// falls silent for <see cref="LiveFeedProtocol.SilenceLimit"/> (its silo died with changes queued, or no longer sends
/// here). Thread-safe: batches arrive on Orleans threads, the check runs on the observer's loop.
/// </summary>
public sealed class LiveFeedSequences(TimeProvider time)
{
    /// <summary>More numbers missing at once than this counts as lost at once (no point waiting for them one by one).</summary>
    private const int MaxMissing = 1_000;

    private sealed class Feed
    {
        public long Next;
        public long LastHeard;
        public readonly Dictionary<long, long> Missing = [];
    }

    private readonly Dictionary<string, Feed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _lost;

    /// <summary>The feeds heard from and not yet given up (operations and tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _feeds.Count;
            }
        }
    }

    /// <summary>Records that batch <paramref name="sequence"/> of <paramref name="feedId"/> arrived.</summary>
    public void Received(string feedId, long sequence)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (!_feeds.TryGetValue(feedId, out var feed))
            {
                // Batches 1 .. sequence-1 went elsewhere or nowhere: a feed started before this host registered with it.
                _feeds[feedId] = new Feed { Next = sequence + 1, LastHeard = now };
                _lost |= sequence > 1;
                return;
            }
            feed.LastHeard = now;
            if (sequence == feed.Next)
            {
                feed.Next++;
            }
            else if (sequence > feed.Next)
            {
                if (sequence - feed.Next > MaxMissing - feed.Missing.Count)
                {
                    _lost = true;
                    feed.Missing.Clear();
                }
                else
                {
                    for (var missing = feed.Next; missing < sequence; missing++)
                    {
                        feed.Missing[missing] = now;
                    }
                }
                feed.Next = sequence + 1;
            }
            else
            {
                feed.Missing.Remove(sequence); // late, within the grace, or a duplicate
            }
        }
    }

    /// <summary>
    /// Whether a batch has been lost since the last call: a number missing past the grace, a feed first heard past its
    /// first batch, or a feed silent past the limit (which is then forgotten). Each loss is reported once.
    /// </summary>
    public bool TakeLoss()
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            var lost = _lost;
            _lost = false;
            foreach (var (id, feed) in _feeds.ToArray())
            {
                if (time.GetElapsedTime(feed.LastHeard, now) > LiveFeedProtocol.SilenceLimit)
                {
                    _feeds.Remove(id);
                    lost = true;
                    continue;
                }
                if (feed.Missing.Count > 0 && feed.Missing.Values.Any(noticed => time.GetElapsedTime(noticed, now) > LiveFeedProtocol.ReorderGrace))
                {
                    feed.Missing.Clear();
                    lost = true;
                }
            }
            return lost;
        }
    }
}
