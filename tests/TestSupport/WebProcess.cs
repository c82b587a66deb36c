using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Oversight.TestSupport;

/// <summary>
/// The Web host as a separate, real process (Kestrel on loopback) in its own data directory: for the kill -9 test,
/// the browser tests and the load tool. Runs the build of the same configuration as the caller (Release by default).
/// </summary>
public sealed class WebProcess : IAsyncDisposable
{
    private readonly Process _process;

    private WebProcess(Process process, int port, string dataDirectory)
    {
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Port { get; }
    public string DataDirectory { get; }
    public HttpClient Http { get; }
    public int Pid => _process.Id;
    public Uri BaseAddress => Http.BaseAddress!;

    public static string WebDll() => BuiltDll("Web");

    /// <summary>src/&lt;project&gt;'s built Oversight.&lt;project&gt;.dll, of the caller's configuration (Release unless it runs from Debug).</summary>
    internal static string BuiltDll(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(RepoRoot.Find(), "src", project, "bin", configuration, "net10.0", "linux-x64", $"Oversight.{project}.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"Build the {project} project first: dotnet build -c {configuration} src/{project} ({dll} is missing).");
        }
        return dll;
    }

    /// <summary>Starts the process and returns once it answers /health/ready, with the elapsed time from spawn.</summary>
    public static async Task<(WebProcess Web, TimeSpan StartToReady)> StartAsync(string dataDirectory, IDictionary<string, string>? settings = null, int? port = null)
    {
        port ??= FreePort();
        var dll = WebDll();
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Demo__Enabled"] = "true";
        info.Environment["Demo__Activity"] = "false";
        info.Environment["Hosting__DataDirectory"] = dataDirectory;
        info.Environment["Hosting__SiloPort"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Oversight"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail", StringComparison.Ordinal)) Console.Error.WriteLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var web = new WebProcess(process, port.Value, dataDirectory);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The web process exited with {process.ExitCode} during start-up.");
            }
            try
            {
                using var response = await web.Http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return (web, clock.Elapsed);
                }
            }
            catch (HttpRequestException)
            {
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("The web process did not become ready.");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Creates an API key as the demo administrator (bearer token) and returns its secret, shown only this once.</summary>
    public async Task<string> CreateApiKeyAsync(string source, params string[] scopes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/api-keys")
        {
            Content = JsonContent.Create(new { source, name = $"test {source}", scopes }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenAsync("admin"));
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"api-keys: {(int)response.StatusCode} {body}");
        }
        return JsonNode.Parse(body)!["key"]!.GetValue<string>();
    }

    /// <summary>The body of /health/ready (status, jobsInProgress, jobs).</summary>
    public async Task<JsonObject> ReadyAsync() => (await Http.GetFromJsonAsync<JsonObject>("/health/ready"))!;

    /// <summary>Waits until no background job (synthetic seed, overdue run) is in progress, as /health/ready reports; returns the last body.</summary>
    public async Task<JsonObject> WaitForJobsAsync(TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var ready = await ReadyAsync();
            if (ready["jobsInProgress"]?.GetValue<bool>() == false)
            {
                return ready;
            }
            if (clock.Elapsed > (limit ?? TimeSpan.FromMinutes(30)) || HasExited)
            {
                throw new TimeoutException($"The background jobs did not finish: {ready.ToJsonString()}");
            }
            await Task.Delay(100);
        }
    }

    public async Task<string> TokenAsync(string username)
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/auth/token", new { username, password = "demo-2569" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    }

    /// <summary>Resident and peak resident memory of the process, in MB (from /proc).</summary>
    public (double RssMb, double PeakMb) Memory()
    {
        double Read(string key)
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
            return double.Parse(line.Split(':', StringSplitOptions.TrimEntries)[1].Split(' ')[0]) / 1024.0;
        }
        return (Read("VmRSS"), Read("VmHWM"));
    }

    /// <summary>CPU time (user + system) the process has used, from /proc/pid/stat.</summary>
    public TimeSpan CpuTime()
    {
        var fields = File.ReadAllText($"/proc/{_process.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no shutdown hooks, no flushing.</summary>
    public void KillHard() => Sigkill(_process);

    /// <summary>kill -9 on a process, then waits for it to be gone.</summary>
    internal static void Sigkill(Process process)
    {
        if (!process.HasExited)
        {
            Process.Start("kill", ["-9", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            process.WaitForExit(10_000);
        }
    }

    /// <summary>
    /// Settings that make the Web process an Orleans client of a PostgreSQL silo cluster (production mode) instead of
    /// co-hosting a silo; every Web host of one cluster needs the same signing key to accept each other's tokens.
    /// </summary>
    public static Dictionary<string, string> ClientOf(string connectionString, string clusterId, string signingKey) => new()
    {
        ["Hosting__Mode"] = "Client",
        ["Hosting__ClusterId"] = clusterId,
        ["Database__Provider"] = "PostgreSql",
        ["Database__ConnectionString"] = connectionString,
        ["Token__SigningKey"] = signingKey,
    };

    public ValueTask DisposeAsync() => Stop(_process, Http);

    /// <summary>Ends a test's server process (and its children) if it still runs, and releases it with its client.</summary>
    internal static async ValueTask Stop(Process process, HttpClient http)
    {
        http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    /// <summary>
    /// Runs the Web program with a command verb instead of the server (for example <c>backup --to dir</c>), with the same
    /// working directory and environment conventions as <see cref="StartAsync"/>; returns its exit code and output.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunCommandAsync(IEnumerable<string> arguments, IDictionary<string, string>? settings = null)
    {
        var dll = WebDll();
        var info = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await errors);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string NewDataDirectory(string name) =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"oversight-bench-{name}-{Guid.NewGuid():N}"[..40])).FullName;
}
