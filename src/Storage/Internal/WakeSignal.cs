namespace Oversight.Storage.Internal;

/// <summary>
/// Wakes a thread of its own (the event store's writer, the checkpointer) when there is work, without spinning.
/// Blocking on a task (<c>WaitToReadAsync().AsTask().GetAwaiter().GetResult()</c>) or on a <see cref="SemaphoreSlim"/>
/// spins before it sleeps: at 200 writes a second that spin was 4–5 % of the Web host's CPU, and raising an already
/// raised semaphore threw an exception on nearly every commit. The waiter must look for work only after
/// <see cref="Wait"/> returns: a <see cref="Set"/> that comes while it is busy is then either seen by that look, or
/// wakes the next wait.
/// </summary>
internal sealed class WakeSignal : IDisposable
{
    private readonly ManualResetEventSlim _event = new(false, spinCount: 0);
    private int _raised;

    /// <summary>There is work (cheap when already raised: no kernel call, no exception).</summary>
    public void Set()
    {
        if (Interlocked.Exchange(ref _raised, 1) == 0)
        {
            _event.Set();
        }
    }

    /// <summary>Waits until <see cref="Set"/>, the timeout or the cancellation; true when set (and then lowered again).</summary>
    public bool Wait(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!_event.Wait(timeout, cancellationToken))
        {
            return false;
        }
        _event.Reset();
        Volatile.Write(ref _raised, 0);
        return true;
    }

    public void Dispose() => _event.Dispose();
}
