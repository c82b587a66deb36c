using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Oversight.TestSupport;

/// <summary>
/// The Web host as a separate, real process (Kestrel on loopback) in its own data directory: for the kill -9 test,
/// the browser tests and the load tool. Runs the build of the same configuration as the caller (Release by default).
/// </summary>
public sealed class WebProcess : ServerProcess
{
    private WebProcess(Process process, int port, string dataDirectory) : base(process, port, TimeSpan.FromSeconds(60))
    {
        Port = port;
        DataDirectory = dataDirectory;
        CaptureOutput((line, error) =>
        {
            if (error && line.Contains("fail", StringComparison.Ordinal))
            {
                Console.Error.WriteLine(line);
            }
        });
    }

    public int Port { get; }
    public string DataDirectory { get; }
    public Uri BaseAddress => Http.BaseAddress!;

    public static string WebDll() => BuiltDll("Web");

    /// <summary>src/&lt;project&gt;'s built Oversight.&lt;project&gt;.dll, of the caller's configuration (Release unless it runs from Debug).</summary>
    internal static string BuiltDll(string project) => BuiltDll("src", project);

    /// <summary>
    /// &lt;folder&gt;/&lt;project&gt;'s built Oversight.&lt;project&gt;.dll (for example bench/BareSignalR), of the caller's
    /// configuration (Release unless it runs from Debug).
    /// </summary>
    public static string BuiltDll(string folder, string project)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(RepoRoot.Find(), folder, project, "bin", configuration, "net10.0", "linux-x64", $"Oversight.{project}.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"Build the {project} project first: dotnet build -c {configuration} {folder}/{project} ({dll} is missing).");
        }
        return dll;
    }

    /// <summary>
    /// Starts the process and returns once it answers /health/ready, with the elapsed time from spawn. A start that
    /// loses a port to another process ("address already in use": its HTTP or its silo's) is tried again on new ports
    /// (the same HTTP port when <paramref name="port"/> fixes it); any other exit during start-up throws with the
    /// process's last output.
    /// </summary>
    public static async Task<(WebProcess Web, TimeSpan StartToReady)> StartAsync(string dataDirectory, IDictionary<string, string>? settings = null, int? port = null)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var chosen = port ?? LoopbackPorts.Next();
            var info = DotnetStartInfo(WebDll(), ["--urls", $"http://127.0.0.1:{chosen}"], new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Demo__Enabled"] = "true",
                ["Demo__Activity"] = "false",
                ["Hosting__DataDirectory"] = dataDirectory,
                // Its silo's port comes from here too, so no other server of this test run is handed it.
                ["Hosting__SiloPort"] = LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Oversight"] = "Information",
            }, settings);
            var clock = Stopwatch.StartNew();
            var web = new WebProcess(Process.Start(info)!, chosen, dataDirectory);
            while (!web.HasExited)
            {
                try
                {
                    // A short wait per probe: while the process is starting, whoever else holds the port may not answer.
                    using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    using var response = await web.Http.GetAsync("/health/ready", probe.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return (web, clock.Elapsed);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
                if (clock.Elapsed > TimeSpan.FromMinutes(10))
                {
                    await web.DisposeAsync();
                    throw new TimeoutException($"The web process did not become ready. Its last output:\n{web.OutputTail()}");
                }
                await Task.Delay(20);
            }
            var (exitCode, tail) = await web.EndedAsync();
            if (attempt < attempts && tail.Contains(AddressInUse, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            throw new InvalidOperationException($"The web process exited with {exitCode} during start-up. Its last output:\n{tail}");
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

    /// <summary>
    /// Runs the Web program with a command verb instead of the server (for example <c>backup --to dir</c>), with the same
    /// working directory and environment conventions as <see cref="StartAsync"/>; returns its exit code and output.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunCommandAsync(IEnumerable<string> arguments, IDictionary<string, string>? settings = null)
    {
        var info = DotnetStartInfo(WebDll(), arguments, settings);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>
    /// <c>dotnet &lt;dll&gt; &lt;arguments&gt;</c> from the dll's directory with its output captured, in the Production
    /// environment; each of <paramref name="settings"/> becomes environment variables, later ones overriding earlier ones.
    /// </summary>
    internal static ProcessStartInfo DotnetStartInfo(string dll, IEnumerable<string> arguments, params IDictionary<string, string>?[] settings)
    {
        var info = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings.SelectMany(s => s ?? new Dictionary<string, string>()))
        {
            info.Environment[key] = value;
        }
        return info;
    }

    public static string NewDataDirectory(string name) =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"oversight-bench-{name}-{Guid.NewGuid():N}"[..40])).FullName;
}
