using Microsoft.Extensions.Time.Testing;
using Oversight.Grains.Abstractions.Live;
using Oversight.Web.Live;

namespace Oversight.Api.Tests;

/// <summary>How a Web host decides that a live batch from a silo was lost (and its clients must reload).</summary>
public sealed class LiveFeedSequencesTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T08:00:00Z"));
    private readonly LiveFeedSequences _feeds;

    public LiveFeedSequencesTests() => _feeds = new LiveFeedSequences(_time);

    private static readonly TimeSpan Beat = LiveFeedProtocol.HeartbeatInterval;

    [Fact]
    public void A_feed_heard_from_its_first_batch_in_order_and_beating_when_idle_loses_nothing()
    {
        for (var sequence = 1; sequence <= 20; sequence++)
        {
            _feeds.Received("a", sequence);
            Assert.False(_feeds.TakeLoss());
            _time.Advance(sequence % 5 == 0 ? Beat : TimeSpan.FromMilliseconds(30));
        }
        Assert.Equal(1, _feeds.Count);
    }

    [Fact]
    public void A_batch_that_arrives_late_but_within_the_grace_is_not_a_loss()
    {
        _feeds.Received("a", 1);
        _feeds.Received("a", 3);
        _feeds.Received("a", 4);
        Assert.False(_feeds.TakeLoss());
        _time.Advance(LiveFeedProtocol.ReorderGrace / 2);
        _feeds.Received("a", 2);
        _time.Advance(LiveFeedProtocol.ReorderGrace * 2);
        _feeds.Received("a", 5);
        Assert.False(_feeds.TakeLoss());
        _feeds.Received("a", 5); // a duplicate
        Assert.False(_feeds.TakeLoss());
    }

    [Fact]
    public void A_batch_still_missing_after_the_grace_is_a_loss_reported_once()
    {
        _feeds.Received("a", 1);
        _feeds.Received("a", 3);
        _time.Advance(LiveFeedProtocol.ReorderGrace - TimeSpan.FromMilliseconds(1));
        Assert.False(_feeds.TakeLoss());
        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.True(_feeds.TakeLoss());
        Assert.False(_feeds.TakeLoss());
        // It turning up after all changes nothing: the clients have reloaded already.
        _feeds.Received("a", 2);
        _feeds.Received("a", 4);
        Assert.False(_feeds.TakeLoss());
    }

    [Fact]
    public void A_gap_too_wide_to_wait_for_is_a_loss_at_once()
    {
        _feeds.Received("a", 1);
        _feeds.Received("a", 5_000);
        Assert.True(_feeds.TakeLoss());
        _feeds.Received("a", 5_001);
        Assert.False(_feeds.TakeLoss());
    }

    [Fact]
    public void A_feed_first_heard_past_its_first_batch_sent_earlier_ones_elsewhere_or_nowhere()
    {
        _feeds.Received("a", 1);
        Assert.False(_feeds.TakeLoss());
        _feeds.Received("b", 7);
        Assert.True(_feeds.TakeLoss());
        _feeds.Received("b", 8);
        Assert.False(_feeds.TakeLoss());
    }

    [Fact]
    public void A_feed_gone_silent_is_a_loss_once_and_is_forgotten_and_one_that_comes_back_is_a_loss_again()
    {
        _feeds.Received("a", 1);
        _feeds.Received("b", 1);
        for (var beat = 2; beat <= 4; beat++)
        {
            _time.Advance(Beat);
            _feeds.Received("b", beat); // b keeps beating, a says nothing more
            Assert.False(_feeds.TakeLoss());
        }
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(_feeds.TakeLoss());
        Assert.Equal(1, _feeds.Count);
        Assert.False(_feeds.TakeLoss());

        // A silo that was only cut off, not dead: what it sent meanwhile never arrived.
        _feeds.Received("a", 9);
        Assert.True(_feeds.TakeLoss());
        Assert.Equal(2, _feeds.Count);
    }
}
