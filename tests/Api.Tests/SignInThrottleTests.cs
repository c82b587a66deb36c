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

    /// <summary>One attempt, made as soon as the client may, whose password turned out wrong.</summary>
    private static void Fail(SignInThrottle throttle, FakeTimeProvider clock, string username, string address)
    {
        clock.Advance(throttle.RetryAfter(username, address));
        var attempt = throttle.TryReserve(username, address, out var wait);
        Assert.True(attempt is not null, $"{username} from {address} was told to wait {wait}");
        attempt.Failed();
    }

    [Fact]
    public void A_few_failures_are_free_then_each_one_doubles_the_wait_up_to_fifteen_minutes()
    {
        var (throttle, clock) = Create();
        for (var i = 0; i < 4; i++)
        {
            Fail(throttle, clock, "admin", "10.0.0.1");
        }
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("admin", "10.0.0.1"));
        Fail(throttle, clock, "admin", "10.0.0.1");          // 5th: 1 s
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.RetryAfter("admin", "10.0.0.1"));
        Assert.Null(throttle.TryReserve("admin", "10.0.0.1", out var wait));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);
        Fail(throttle, clock, "admin", "10.0.0.1");          // 6th, after the second: 2 s
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.RetryAfter("admin", "10.0.0.1"));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("admin", "10.0.0.1"));
        for (var i = 0; i < 20; i++)
        {
            Fail(throttle, clock, "admin", "10.0.0.1");
        }
        Assert.Equal(TimeSpan.FromMinutes(15), throttle.RetryAfter("admin", "10.0.0.1"));
    }

    [Fact]
    public void The_owner_elsewhere_is_never_held_up_and_success_clears_the_pair()
    {
        var (throttle, clock) = Create();
        for (var i = 0; i < 15; i++)
        {
            Fail(throttle, clock, "admin", "10.0.0.1");
        }
        Assert.True(throttle.RetryAfter("admin", "10.0.0.1") > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("admin", "10.0.0.2"));

        var (other, otherClock) = Create();
        for (var i = 0; i < 4; i++)
        {
            Fail(other, otherClock, "ict", "10.0.0.3");
        }
        other.TryReserve("ict", "10.0.0.3", out _)!.Succeeded();
        Fail(other, otherClock, "ict", "10.0.0.3");
        Assert.Equal(TimeSpan.Zero, other.RetryAfter("ict", "10.0.0.3"));
    }

    [Fact]
    public void An_address_that_fails_on_many_usernames_is_slowed_for_all_of_them()
    {
        var (throttle, clock) = Create();
        for (var i = 0; i < 20; i++)
        {
            Fail(throttle, clock, $"user{i}", "10.0.0.9");
        }
        Assert.True(throttle.RetryAfter("someone-else", "10.0.0.9") > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("someone-else", "10.0.0.10"));
        clock.Advance(TimeSpan.FromMinutes(31));    // forgotten after a quiet spell
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("someone-else", "10.0.0.9"));
    }

    [Fact]
    public void Attempts_are_counted_before_their_passwords_are_checked_so_a_burst_gets_only_the_free_ones()
    {
        var (throttle, _) = Create();
        var attempts = new List<SignInThrottle.Attempt>();
        for (var i = 0; i < 5; i++)
        {
            attempts.Add(throttle.TryReserve("admin", "10.0.0.4", out _) ?? throw new Xunit.Sdk.XunitException($"attempt {i + 1} refused"));
        }
        // Five attempts are still being checked: a sixth at the same time must wait.
        Assert.Null(throttle.TryReserve("admin", "10.0.0.4", out var wait));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);
        // One of them had the right password: the pair is cleared.
        attempts[0].Succeeded();
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("admin", "10.0.0.4"));
    }

    [Fact]
    public void An_attempt_whose_password_was_never_checked_is_given_back()
    {
        var (throttle, clock) = Create();
        for (var i = 0; i < 4; i++)
        {
            Fail(throttle, clock, "admin", "10.0.0.5");
        }
        throttle.TryReserve("admin", "10.0.0.5", out _)!.Abandon();
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("admin", "10.0.0.5"));
        Fail(throttle, clock, "admin", "10.0.0.5");
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.RetryAfter("admin", "10.0.0.5"));
    }

    [Fact]
    public void A_success_does_not_restart_the_wait_of_an_address_and_quiet_failures_are_still_forgotten()
    {
        var (throttle, clock) = Create();
        for (var i = 0; i < 26; i++)
        {
            Fail(throttle, clock, $"guess{i}", "10.0.0.7");
        }
        var wait = throttle.RetryAfter("somchai", "10.0.0.7");
        Assert.True(wait > TimeSpan.FromSeconds(30), $"wait {wait}");

        // Once the wait is over, one user at that address signs in: the next user there is not held up by it.
        clock.Advance(wait);
        throttle.TryReserve("somchai", "10.0.0.7", out _)!.Succeeded();
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("malee", "10.0.0.7"));

        // Successes every few minutes do not keep the address's old failures alive: 30 quiet minutes forget them.
        for (var minute = 0; minute < 31; minute += 5)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            throttle.TryReserve("somchai", "10.0.0.7", out _)!.Succeeded();
        }
        for (var i = 0; i < 19; i++)
        {
            Fail(throttle, clock, $"typo{i}", "10.0.0.7");
        }
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("malee", "10.0.0.7"));
    }
}
