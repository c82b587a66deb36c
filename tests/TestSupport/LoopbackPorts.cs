using System.Net;
using System.Net.Sockets;

namespace Oversight.TestSupport;

/// <summary>
/// Loopback TCP ports for the servers a test starts. The OS picks a free one; the port is then released for the server
/// to bind, so two tests running at once could be handed the same port between the two moments. This process never
/// hands out a port twice, which closes that window between its own tests (a server that still loses its port to
/// another process fails to start with "address already in use", which <see cref="WebProcess.StartAsync"/> retries).
/// </summary>
public static class LoopbackPorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
