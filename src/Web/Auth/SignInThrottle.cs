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
/// <para>
/// An attempt is counted before its password is checked: <see cref="TryReserve"/> checks the wait and counts the
/// attempt as pending in one step, and pending attempts count towards the wait as failures do. So attempts running at
/// the same time see each other: a parallel burst gets no more password checks than the free failures allow, the rest
/// are told to wait. Only a failure (<see cref="Attempt.Failed"/>) restarts the wait; a success or an attempt never
/// checked leaves it as it was, so one user signing in never holds up others at the same address.
/// </para>
/// </summary>
public sealed class SignInThrottle(SignInThrottleOptions options, TimeProvider time)
{
    private const int MaxEntries = 100_000;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Failures> _pairs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Failures> _addresses = new(StringComparer.Ordinal);

    /// <summary>
    /// Failures counted (<see cref="Count"/>, the latest at <see cref="Last"/>) and attempts whose password is being
    /// checked right now (<see cref="Pending"/>). Only a failure moves <see cref="Last"/>: an attempt that succeeds, or is
    /// never checked, leaves the wait as it was.
    /// </summary>
    private sealed record Failures(int Count, DateTimeOffset Last, int Pending);

    /// <summary>How long this client must wait before trying <paramref name="username"/> again (zero: it may try now).</summary>
    public TimeSpan RetryAfter(string username, string address)
    {
        lock (_gate)
        {
            return WaitLocked(Key(username, address), address, time.GetUtcNow());
        }
    }

    /// <summary>
    /// Reserves one attempt of <paramref name="username"/> from <paramref name="address"/>, counted as a failure until
    /// it is settled; null (and how long to wait) when the pair or the address must wait first.
    /// </summary>
    public Attempt? TryReserve(string username, string address, out TimeSpan retryAfter)
    {
        var pair = Key(username, address);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            retryAfter = WaitLocked(pair, address, now);
            if (retryAfter > TimeSpan.Zero)
            {
                return null;
            }
            Trim(now);
            Reserve(_pairs, pair, now);
            Reserve(_addresses, address, now);
        }
        return new Attempt(this, pair, address);
    }

    /// <summary>One reserved sign-in attempt. Settle it once: <see cref="Failed"/> or <see cref="Succeeded"/>.</summary>
    public sealed class Attempt
    {
        private readonly SignInThrottle _throttle;
        private readonly string _pair;
        private readonly string _address;
        private int _settled;

        internal Attempt(SignInThrottle throttle, string pair, string address) => (_throttle, _pair, _address) = (throttle, pair, address);

        /// <summary>The password was wrong: the attempt is counted as a failure, and the wait runs from now.</summary>
        public void Failed()
        {
            if (Interlocked.Exchange(ref _settled, 1) == 0)
            {
                _throttle.Settle(_pair, _address, failed: true, clearPair: false);
            }
        }

        /// <summary>A correct password clears that pair's failures; the address keeps its other failures and its wait.</summary>
        public void Succeeded()
        {
            if (Interlocked.Exchange(ref _settled, 1) == 0)
            {
                _throttle.Settle(_pair, _address, failed: false, clearPair: true);
            }
        }

        /// <summary>The password was never checked (the directory could not be asked): the attempt is given back.</summary>
        public void Abandon()
        {
            if (Interlocked.Exchange(ref _settled, 1) == 0)
            {
                _throttle.Settle(_pair, _address, failed: false, clearPair: false);
            }
        }
    }

    private void Settle(string pair, string address, bool failed, bool clearPair)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var (map, key) in new[] { (_pairs, pair), (_addresses, address) })
            {
                if (!map.TryGetValue(key, out var f))
                {
                    continue;
                }
                f = f with { Pending = Math.Max(0, f.Pending - 1) };
                if (failed)
                {
                    f = f with { Count = f.Count + 1, Last = now };
                }
                else if (clearPair && ReferenceEquals(map, _pairs))
                {
                    f = f with { Count = 0 };
                }
                if (f.Count == 0 && f.Pending == 0)
                {
                    map.Remove(key);
                }
                else
                {
                    map[key] = f;
                }
            }
        }
    }

    private TimeSpan WaitLocked(string pair, string address, DateTimeOffset now)
    {
        var byPair = Wait(_pairs, pair, options.FreeFailuresPerUserAndAddress, now);
        var byAddress = Wait(_addresses, address, options.FreeFailuresPerAddress, now);
        return byPair > byAddress ? byPair : byAddress;
    }

    /// <summary>The wait from the latest failure, for the failures counted and the attempts still being checked.</summary>
    private TimeSpan Wait(Dictionary<string, Failures> map, string key, int free, DateTimeOffset now)
    {
        if (!map.TryGetValue(key, out var failures))
        {
            return TimeSpan.Zero;
        }
        var count = (now - failures.Last > options.Forget ? 0 : failures.Count) + failures.Pending;
        if (count < free)
        {
            return TimeSpan.Zero;
        }
        var doublings = Math.Min(count - free, 30);
        var delay = TimeSpan.FromTicks(Math.Min(options.MaxDelay.Ticks, options.FirstDelay.Ticks * (1L << doublings)));
        var left = failures.Last + delay - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>One more attempt being checked; failures older than <see cref="SignInThrottleOptions.Forget"/> are dropped first.</summary>
    private void Reserve(Dictionary<string, Failures> map, string key, DateTimeOffset now) =>
        map[key] = map.TryGetValue(key, out var f)
            ? (now - f.Last <= options.Forget ? f : f with { Count = 0 }) with { Pending = f.Pending + 1 }
            : new Failures(0, now, 1);

    private void Trim(DateTimeOffset now)
    {
        foreach (var map in new[] { _pairs, _addresses })
        {
            if (map.Count < MaxEntries)
            {
                continue;
            }
            foreach (var (key, failures) in map.ToList())
            {
                if (failures.Pending == 0 && (now - failures.Last > options.Forget || map.Count >= MaxEntries))
                {
                    map.Remove(key);
                }
            }
        }
    }

    private static string Key(string username, string address) => username + "\n" + address;
}
