using Orleans.Runtime.Messaging;
using Orleans.Storage;
using Oversight.Silo.Hosting;

namespace Oversight.Api.Tests;

/// <summary>
/// The silo's start-up steps (seed, accounts, jobs) are tried again while the cluster is briefly unreachable, with a
/// growing wait and a warning each time, instead of stopping the silo process; any other failure still stops it.
/// </summary>
public sealed class TransientClusterFailureTests
{
    [Fact]
    public async Task A_start_up_step_is_tried_again_after_transient_cluster_failures_until_it_succeeds()
    {
        var failures = new Queue<Exception>([
            new SiloUnavailableException(),
            new AggregateException(new TimeoutException("Response did not arrive on time")),
            new InvalidOperationException("wrapped", new ConnectionFailedException("gateway gone")),
            new GatewayTooBusyException(),
            new InconsistentStateException("Version conflict (WriteState): a second activation of the seed grain wrote first"),
        ]);
        var attempts = 0;
        var time = new RecordingTime();
        var logs = new LogSecretsTests.CapturingLoggerProvider();

        var result = await TransientClusterFailure.RetryAsync("seed", () =>
        {
            attempts++;
            return failures.TryDequeue(out var failure) ? Task.FromException<int>(failure) : Task.FromResult(42);
        }, logs.CreateLogger("start-up"), CancellationToken.None, time);

        Assert.Equal((42, 6), (result, attempts));
        Assert.Equal([0.5, 1, 2, 4, 8], time.Waits.Select(w => w.TotalSeconds));
        var lines = logs.Records.Select(r => r.Text).ToArray();
        Assert.Equal(5, lines.Count(l => l.StartsWith("Start-up step seed failed at attempt", StringComparison.Ordinal)
            && l.Contains("the cluster is briefly unreachable", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("Start-up step seed succeeded at attempt 6", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_real_failure_is_thrown_at_once()
    {
        var attempts = 0;
        var time = new RecordingTime();
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => TransientClusterFailure.RetryAsync<int>("seed", () =>
        {
            attempts++;
            throw new InvalidOperationException("the bundled report does not parse");
        }, new LogSecretsTests.CapturingLoggerProvider().CreateLogger("start-up"), CancellationToken.None, time));

        Assert.Equal("the bundled report does not parse", thrown.Message);
        Assert.Equal(1, attempts);
        Assert.Empty(time.Waits);
    }

    [Fact]
    public async Task Retrying_stops_when_the_host_stops()
    {
        using var stopping = new CancellationTokenSource();
        var attempts = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TransientClusterFailure.RetryAsync<int>("overdue job", () =>
        {
            if (++attempts == 3)
            {
                stopping.Cancel();
            }
            throw new SiloUnavailableException();
        }, new LogSecretsTests.CapturingLoggerProvider().CreateLogger("start-up"), stopping.Token, new RecordingTime()));
        Assert.Equal(3, attempts);
    }

    [Fact]
    public void The_wait_doubles_from_half_a_second_up_to_ten_seconds()
    {
        Assert.Equal([0.5, 1, 2, 4, 8, 10, 10], Enumerable.Range(1, 7).Select(a => TransientClusterFailure.Backoff(a).TotalSeconds));
        Assert.Equal(TransientClusterFailure.MaxBackoff, TransientClusterFailure.Backoff(int.MaxValue));
    }

    [Theory]
    [InlineData(typeof(SiloUnavailableException), true)]
    [InlineData(typeof(TimeoutException), true)]
    [InlineData(typeof(GatewayTooBusyException), true)]
    [InlineData(typeof(ConnectionFailedException), true)]
    [InlineData(typeof(InconsistentStateException), true)]
    [InlineData(typeof(InvalidOperationException), false)]
    [InlineData(typeof(OrleansException), false)]
    public void Which_exceptions_are_transient(Type type, bool transient) =>
        Assert.Equal(transient, TransientClusterFailure.Is((Exception)Activator.CreateInstance(type)!));

    /// <summary>Records each wait asked for and lets it pass at once.</summary>
    private sealed class RecordingTime : TimeProvider
    {
        private readonly List<TimeSpan> _waits = [];

        public IReadOnlyList<TimeSpan> Waits { get { lock (_waits) { return [.. _waits]; } } }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_waits)
            {
                _waits.Add(dueTime);
            }
            return System.CreateTimer(callback, state, TimeSpan.Zero, period);
        }
    }
}
