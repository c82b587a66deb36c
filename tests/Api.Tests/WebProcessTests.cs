using System.Net;
using System.Net.Sockets;
using Oversight.TestSupport;
using Xunit;

namespace Oversight.Api.Tests;

/// <summary>The harness that starts the Web host as a real process: a start that fails says why.</summary>
public sealed class WebProcessTests
{
    [Fact]
    public async Task A_start_that_cannot_bind_its_port_fails_with_the_hosts_own_words()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => WebProcess.StartAsync(WebProcess.NewDataDirectory("port-held"), port: port));

        Assert.Contains("during start-up", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", failure.Message, StringComparison.Ordinal);
        Assert.Contains(ServerProcess.AddressInUse, failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void No_port_is_handed_out_twice()
    {
        var ports = Enumerable.Range(0, 2000).Select(_ => LoopbackPorts.Next()).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
