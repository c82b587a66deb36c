using System.Diagnostics;
using System.Globalization;

namespace Oversight.TestSupport;

/// <summary>
/// A real server process a test started (a Web host or a silo) and an HTTP client of its loopback port: kill -9 it, or
/// stop it with its children when the test ends.
/// </summary>
public abstract class ServerProcess : IAsyncDisposable
{
    /// <summary>What a server writes when another process holds the port it binds (Kestrel's and the socket's messages).</summary>
    public const string AddressInUse = "address already in use";

    private const int TailLines = 200;
    private readonly Queue<string> _tail = new();

    protected ServerProcess(Process process, int httpPort, TimeSpan requestTimeout)
    {
        Process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = requestTimeout };
    }

    public HttpClient Http { get; }
    public int Pid => Process.Id;
    public bool HasExited => Process.HasExited;

    protected Process Process { get; }

    /// <summary>
    /// For a process just started with its output redirected: reads both streams from now on, keeps their last lines
    /// for <see cref="OutputTail"/>, and hands each line to <paramref name="onLine"/> (with true for standard error).
    /// </summary>
    protected void CaptureOutput(Action<string, bool>? onLine = null)
    {
        void Read(string? line, bool error)
        {
            if (line is null)
            {
                return;
            }
            lock (_tail)
            {
                if (_tail.Count == TailLines)
                {
                    _tail.Dequeue();
                }
                _tail.Enqueue(line);
            }
            onLine?.Invoke(line, error);
        }
        Process.OutputDataReceived += (_, e) => Read(e.Data, false);
        Process.ErrorDataReceived += (_, e) => Read(e.Data, true);
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    /// <summary>The last lines the process wrote (standard output and error as they arrived), for a failure's message.</summary>
    public string OutputTail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }

    /// <summary>
    /// For a process that has exited: waits until its output is read to the end, releases it, and returns its exit code
    /// and last output.
    /// </summary>
    protected async Task<(int ExitCode, string Tail)> EndedAsync()
    {
        await Process.WaitForExitAsync();
        var exitCode = Process.ExitCode;
        await DisposeAsync();
        return (exitCode, OutputTail());
    }

    /// <summary>Resident and peak resident memory of the process, in MB (from /proc).</summary>
    public (double RssMb, double PeakMb) Memory()
    {
        double Read(string key)
        {
            var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
            return double.Parse(line.Split(':', StringSplitOptions.TrimEntries)[1].Split(' ')[0]) / 1024.0;
        }
        return (Read("VmRSS"), Read("VmHWM"));
    }

    /// <summary>CPU time (user + system) the process has used, from /proc/pid/stat.</summary>
    public TimeSpan CpuTime()
    {
        var fields = File.ReadAllText($"/proc/{Pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

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
