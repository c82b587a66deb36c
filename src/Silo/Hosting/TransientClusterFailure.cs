using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace Oversight.Silo.Hosting;

/// <summary>
/// The cluster being briefly unreachable: a silo died and its grains are moving, a gateway dropped or is overloaded, a
/// call timed out; or, while silos join or leave, a grain was briefly active on two silos and the one whose write lost
/// to the other's (<see cref="InconsistentStateException"/>: the stored state's ETag moved) has been deactivated by the
/// runtime, so the next call reaches the state as stored. Nothing was refused on its merits, so trying again shortly is
/// right. The one definition for the Web host's 503 answer and for the silo's start-up retries.
/// </summary>
public static class TransientClusterFailure
{
    /// <summary>The Retry-After of the Web host's 503: a dead silo is declared dead and replaced within seconds (<see cref="ClusterLivenessOptions"/>).</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>The longest wait between two start-up attempts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Whether this exception itself (not its inner ones) is a transient cluster condition. SiloUnavailableException is an
    /// <see cref="OrleansMessageRejectionException"/>. No grain of this project throws InconsistentStateException for a
    /// reason of its own: it comes only from grain storage, when the row was written by another activation.
    /// </summary>
    public static bool Is(Exception exception) =>
        exception is OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException or TimeoutException
            or InconsistentStateException;

    /// <summary>Whether the exception or any exception inside it is a transient cluster condition.</summary>
    public static bool IsIn(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsIn),
        _ when Is(exception) => true,
        _ => exception.InnerException is { } inner && IsIn(inner),
    };

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1: 0.5 s, doubling, at most <see cref="MaxBackoff"/>.</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Clamp(attempt - 1, 0, 20)));

    /// <summary>
    /// Runs <paramref name="call"/> until it succeeds, waiting <see cref="Backoff"/> after each transient cluster failure
    /// and logging it; any other failure is thrown at once. Only for idempotent calls (the start-up "Ensure…" calls).
    /// Stops with an <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled (the host stopping).
    /// </summary>
    public static async Task<T> RetryAsync<T>(string step, Func<Task<T>> call, ILogger logger, CancellationToken cancellationToken,
        TimeProvider? time = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await call();
                if (attempt > 1)
                {
                    logger.LogInformation("Start-up step {Step} succeeded at attempt {Attempt}", step, attempt);
                }
                return result;
            }
            catch (Exception e) when (IsIn(e))
            {
                var wait = Backoff(attempt);
                logger.LogWarning("Start-up step {Step} failed at attempt {Attempt} because the cluster is briefly unreachable ({Error}: {Message}); trying again in {Wait}",
                    step, attempt, e.GetType().Name, e.GetBaseException().Message, wait);
                await Task.Delay(wait, time ?? TimeProvider.System, cancellationToken);
            }
        }
    }
}

/// <summary>
/// Endpoint metadata: this endpoint answers without calling the cluster (the liveness probe), so it never answers 503 for
/// an unreachable cluster. Every other endpoint may, and the OpenAPI document says so.
/// </summary>
public sealed class NoClusterCall
{
    public static readonly NoClusterCall Instance = new();

    private NoClusterCall()
    {
    }
}
