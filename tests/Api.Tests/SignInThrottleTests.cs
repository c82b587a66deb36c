using Microsoft.Extensions.Time.Testing;
using Oversight.Web.Auth;

namespace Oversight.Api.Tests;

/// <summary>The sign-in throttling rule, on a fake clock.</summary>
public sealed class SignInThrottleTests
{
    private static (SignInThrottle Throttle, FakeTimeProvider Clock) Create()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero));
        return (new SignInThrottle(new SignInThrottleOptions(), clock), clock);
    }

    [Fact]
    public void A_few_failures_are_free_then_each_one_doubles_the_wait_up_to_fifteen_minutes()
    {
        var (throttle, clock) = Create();
        for (var i = 0; i < 4; i++)
        {
            throttle.Failed("admin", "10.0.0.1");
        }
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("admin", "10.0.0.1"));
        throttle.Failed("admin", "10.0.0.1");          // 5th: 1 s
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.RetryAfter("admin", "10.0.0.1"));
        throttle.Failed("admin", "10.0.0.1");          // 6th: 2 s
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.RetryAfter("admin", "10.0.0.1"));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("admin", "10.0.0.1"));
        for (var i = 0; i < 20; i++)
        {
            throttle.Failed("admin", "10.0.0.1");
        }
        Assert.Equal(TimeSpan.FromMinutes(15), throttle.RetryAfter("admin", "10.0.0.1"));
    }

    [Fact]
    public void The_owner_elsewhere_is_never_held_up_and_success_clears_the_pair()
    {
        var (throttle, _) = Create();
        for (var i = 0; i < 15; i++)
        {
            throttle.Failed("admin", "10.0.0.1");
        }
        Assert.True(throttle.RetryAfter("admin", "10.0.0.1") > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("admin", "10.0.0.2"));

        var (other, _) = Create();
        for (var i = 0; i < 5; i++)
        {
            other.Failed("ict", "10.0.0.3");
        }
        other.Succeeded("ict", "10.0.0.3");
        Assert.Equal(TimeSpan.Zero, other.RetryAfter("ict", "10.0.0.3"));
    }

    [Fact]
    public void An_address_that_fails_on_many_usernames_is_slowed_for_all_of_them()
    {
        var (throttle, clock) = Create();
        for (var i = 0; i < 20; i++)
        {
            throttle.Failed($"user{i}", "10.0.0.9");
        }
        Assert.True(throttle.RetryAfter("someone-else", "10.0.0.9") > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("someone-else", "10.0.0.10"));
        clock.Advance(TimeSpan.FromMinutes(31));    // forgotten after a quiet spell
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("someone-else", "10.0.0.9"));
    }
}
