using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Oversight.TestSupport;

/// <summary>
/// A real Silo process (src/Silo) on PostgreSQL clustering, storage and reminders, on loopback ports picked from the
/// OS, with its health endpoint. For the production-mode, failover and migration tests. Runs the build of the same
/// configuration as the caller (Release by default).
/// </summary>
public sealed class SiloProcess : ServerProcess
{
    public const string DefaultClusterId = "oversight-test";
    public const string AdminPassword = "bootstrap-admin-1";

    private readonly List<string> _errors = [];

    private SiloProcess(Process process, SiloPorts ports, int metricsPort) : base(process, ports.Http, TimeSpan.FromSeconds(30))
    {
        Ports = ports;
        MetricsPort = metricsPort;
        CaptureOutput((line, _) =>
        {
            if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)
                || line.Contains("Unhandled exception", StringComparison.Ordinal))
            {
                lock (_errors)
                {
                    _errors.Add(line);
                }
            }
        });
    }

    /// <summary>Its loopback ports; a restart on the same ports (a new generation at the same address) replaces it at once.</summary>
    public SiloPorts Ports { get; }
    /// <summary>The port /metrics is served on (and nothing else is): a new one at every start.</summary>
    public int MetricsPort { get; }

    /// <summary>Lines the process wrote at level "fail" or "crit" (its logs go to the console).</summary>
    public IReadOnlyList<string> Errors { get { lock (_errors) { return [.. _errors]; } } }

    public static string SiloDll() => WebProcess.BuiltDll("Silo");

    /// <summary>
    /// Starts a silo (does not wait: see <see cref="WaitReadyAsync"/>). Demo mode is on without its activity, so the demo
    /// accounts exist; the bootstrap administrator is created with <see cref="AdminPassword"/>. <paramref name="settings"/>
    /// override any of it (environment-variable names, e.g. <c>Demo__Enabled</c>).
    /// </summary>
    public static SiloProcess Start(string connectionString, string clusterId = DefaultClusterId, IDictionary<string, string>? settings = null, SiloPorts? ports = null)
    {
        var (httpPort, siloPort, gatewayPort) = ports ?? new SiloPorts(LoopbackPorts.Next(), LoopbackPorts.Next(), LoopbackPorts.Next());
        var dll = SiloDll();
        var metricsPort = LoopbackPorts.Next();
        var start = WebProcess.DotnetStartInfo(dll, [], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
            ["Telemetry__MetricsPort"] = metricsPort.ToString(CultureInfo.InvariantCulture),
            ["Database__Provider"] = "PostgreSql",
            ["Database__ConnectionString"] = connectionString,
            ["Hosting__ClusterId"] = clusterId,
            ["Hosting__AdvertisedHost"] = "127.0.0.1",
            ["Hosting__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Hosting__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Bootstrap__AdminPassword"] = AdminPassword,
            ["Demo__Enabled"] = "true",
            ["Demo__Activity"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__Console__FormatterName"] = "simple",
        }, settings);
        return new SiloProcess(Process.Start(start)!, new SiloPorts(httpPort, siloPort, gatewayPort), metricsPort);
    }

    /// <summary>Waits until /health/ready answers 200 and, when asked, until no background job is in progress.</summary>
    public async Task<JsonObject> WaitReadyAsync(bool jobsDone = false, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (Process.HasExited)
            {
                await Process.WaitForExitAsync();
                throw new InvalidOperationException($"The silo exited with {Process.ExitCode} during start-up. Its last output:\n{OutputTail()}");
            }
            try
            {
                using var response = await Http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                    if (!jobsDone || body["jobsInProgress"]?.GetValue<bool>() == false)
                    {
                        return body;
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (clock.Elapsed > (limit ?? TimeSpan.FromSeconds(180)))
            {
                throw new TimeoutException("The silo did not become ready.");
            }
            await Task.Delay(100);
        }
    }
}

/// <summary>A silo's loopback ports: health and API (HTTP), silo-to-silo, client gateway.</summary>
public sealed record SiloPorts(int Http, int Silo, int Gateway);
