using System.Net;
using System.Net.Sockets;

namespace Oversight.TestSupport;

/// <summary>
/// A loopback TCP forwarder that a test can cut: <see cref="Outage"/> drops every open connection and refuses new
/// ones for a while, as a network outage would. Used to disconnect a live-board client from a real server.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private DateTimeOffset _refuseUntil = DateTimeOffset.MinValue;

    public TcpProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Drops every open connection now and refuses new ones for <paramref name="duration"/>.</summary>
    public void Outage(TimeSpan duration)
    {
        lock (_open)
        {
            _refuseUntil = DateTimeOffset.UtcNow + duration;
            foreach (var client in _open)
            {
                Cut(client);
            }
            _open.Clear();
        }
    }

    private bool Refusing => DateTimeOffset.UtcNow < _refuseUntil;

    /// <summary>Closes with a reset, not a polite close, as a broken network would.</summary>
    private static void Cut(TcpClient client)
    {
        if (client.Client is { } socket)
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        client.Close();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            if (Refusing)
            {
                Cut(inbound);
                continue;
            }
            _ = PumpAsync(inbound);
        }
    }

    private async Task PumpAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            lock (_open)
            {
                if (Refusing || _stop.IsCancellationRequested)
                {
                    Cut(inbound); // an outage began while this connection was being made: it is cut too
                    return;
                }
                _open.Add(inbound);
                _open.Add(outbound);
            }
            using var link = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), link.Token);
            var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), link.Token);
            await Task.WhenAny(a, b);
            link.Cancel();
        }
        catch (Exception)
        {
            // a cut connection ends here
        }
        finally
        {
            // Out of the list first, under its lock, then closed: Outage walks the list under the same lock and sets
            // options on each socket, which a socket closed here while still listed would refuse (ObjectDisposedException).
            lock (_open)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }
            inbound.Close();
            outbound.Close();
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Outage(TimeSpan.Zero);
        return ValueTask.CompletedTask;
    }
}
