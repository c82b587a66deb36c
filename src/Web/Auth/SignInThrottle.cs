using System.Collections.Concurrent;

namespace Oversight.Web.Auth;

/// <summary>Sign-in throttling settings, bound from the section of the same name.</summary>
public sealed class SignInThrottleOptions
{
    public const string SectionName = "SignInThrottle";

    /// <summary>Failures of one username from one client address before delays start.</summary>
    public int FreeFailuresPerUserAndAddress { get; set; } = 5;

    /// <summary>Failures from one client address (any usernames) before delays start.</summary>
    public int FreeFailuresPerAddress { get; set; } = 20;

    /// <summary>The first delay; each further failure doubles it.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures older than this (with no newer one) are forgotten.</summary>
    public TimeSpan Forget { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Sign-in requests (successful or not) one client address may make per minute (ASP.NET Core's rate limiter).</summary>
    public int RequestsPerMinutePerAddress { get; set; } = 60;
}

/// <summary>
/// Failed sign-ins slow down the client that fails, never the account's owner elsewhere: failures are counted per
/// (username, client address) and per client address. Past a few free failures each further failure doubles the wait
/// (1 s, 2 s, 4 s … up to 15 minutes) before that pair, or that address, may try again. A correct password from
/// another address is never held up by someone else's failures, and one address cannot spray one password over
/// every username (its own count grows with each). Memory is bounded: entries are forgotten after a quiet spell.
/// </summary>
public sealed class SignInThrottle(SignInThrottleOptions options, TimeProvider time)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, Failures> _pairs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Failures> _addresses = new(StringComparer.Ordinal);

    private sealed record Failures(int Count, DateTimeOffset Last);

    /// <summary>How long this client must wait before trying <paramref name="username"/> again (zero: it may try now).</summary>
    public TimeSpan RetryAfter(string username, string address)
    {
        var now = time.GetUtcNow();
        var pair = Wait(_pairs, Key(username, address), options.FreeFailuresPerUserAndAddress, now);
        var byAddress = Wait(_addresses, address, options.FreeFailuresPerAddress, now);
        return pair > byAddress ? pair : byAddress;
    }

    public void Failed(string username, string address)
    {
        var now = time.GetUtcNow();
        Trim(now);
        Bump(_pairs, Key(username, address), now);
        Bump(_addresses, address, now);
    }

    /// <summary>A correct password clears that pair's failures (the address keeps its count of other failures).</summary>
    public void Succeeded(string username, string address) => _pairs.TryRemove(Key(username, address), out _);

    private TimeSpan Wait(ConcurrentDictionary<string, Failures> map, string key, int free, DateTimeOffset now)
    {
        if (!map.TryGetValue(key, out var failures) || failures.Count < free || now - failures.Last > options.Forget)
        {
            return TimeSpan.Zero;
        }
        var doublings = Math.Min(failures.Count - free, 30);
        var delay = TimeSpan.FromTicks(Math.Min(options.MaxDelay.Ticks, options.FirstDelay.Ticks * (1L << doublings)));
        var left = failures.Last + delay - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void Bump(ConcurrentDictionary<string, Failures> map, string key, DateTimeOffset now) =>
        map.AddOrUpdate(key, _ => new Failures(1, now), (_, f) => now - f.Last > options.Forget ? new Failures(1, now) : new Failures(f.Count + 1, now));

    private void Trim(DateTimeOffset now)
    {
        foreach (var map in new[] { _pairs, _addresses })
        {
            if (map.Count < MaxEntries)
            {
                continue;
            }
            foreach (var (key, failures) in map)
            {
                if (now - failures.Last > options.Forget || map.Count >= MaxEntries)
                {
                    map.TryRemove(key, out _);
                }
            }
        }
    }

    private static string Key(string username, string address) => username + "\n" + address;
}
