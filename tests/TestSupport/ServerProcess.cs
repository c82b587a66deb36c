using System.Diagnostics;
using System.Globalization;

namespace Oversight.TestSupport;

/// <summary>
/// A real server process a test started (a Web host or a silo) and an HTTP client of its loopback port: kill -9 it, or
/// stop it with its children when the test ends.
/// </summary>
public abstract class ServerProcess : IAsyncDisposable
{
    protected ServerProcess(Process process, int httpPort, TimeSpan requestTimeout)
    {
        Process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = requestTimeout };
    }

    public HttpClient Http { get; }
    public int Pid => Process.Id;
    public bool HasExited => Process.HasExited;

    protected Process Process { get; }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, no leaving the cluster; waits until the process is gone.</summary>
    public void KillHard()
    {
        if (!Process.HasExited)
        {
            System.Diagnostics.Process.Start("kill", ["-9", Process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            Process.WaitForExit(10_000);
        }
    }

    /// <summary>Ends the process (and its children) if it still runs, and releases it with its client.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
        Process.Dispose();
        GC.SuppressFinalize(this);
    }
}
