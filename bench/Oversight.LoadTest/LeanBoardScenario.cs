using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// The live board at 250 … 2,000 viewers, measured with a lean load generator (issue 10): the viewers are raw
/// WebSocket connections in one Node process (<c>bench/lean-board/client.mjs</c>, SignalR JSON or MessagePack, each
/// distinct hub message decoded once), the paced writers are the usual child process, and the server is the Release
/// Web host (Embedded), or with <c>hosts</c> a PostgreSQL silo and that many Web hosts as its clients. For each viewer
/// count: a fresh server, the viewers connected, then <c>rate</c> acknowledged writes per second for warm-up +
/// <c>seconds</c>; latency is the writer's acknowledgement → the frame's arrival at each viewer. The CPU of the server,
/// the viewers' process and the writer are reported separately. With <c>bare</c>, a bare SignalR app then replays the
/// hub messages the viewers received (each when it first arrived) to the same number of viewers, for the server CPU per
/// delivery side by side.
/// </summary>
public static class LeanBoardScenario
{
    public static async Task RunAsync(IReadOnlyList<int> viewerCounts, int rate, int seconds, int warmup, string protocol, bool bare, int hosts)
    {
        if (bare && protocol != "json")
        {
            throw new ArgumentException("--bare replays JSON frames; leave out --messagepack");
        }
        var client = await EnsureClientAsync();
        Console.WriteLine($"<!-- lean viewers: node {client}, hub protocol {protocol}; {rate} writes/s; {warmup} s warm-up + {seconds} s measured -->");
        Console.WriteLine("| viewers | writes measured (rate) | deliveries expected | received | ack → viewer p50 | p99 | max | server CPU (per delivery) | viewers' process CPU | writer CPU | machine others | server RSS |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var viewers in viewerCounts)
        {
            var recording = bare ? Path.GetTempFileName() : null;
            var oversight = await RunOnceAsync(client, viewers, rate, seconds, warmup, protocol, recording, hosts);
            if (recording is not null)
            {
                var yardstick = await RunBareAsync(client, viewers, warmup, recording);
                File.Delete(recording);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {viewers:N0}, bare SignalR | {yardstick.Changes:N0} changes replayed, {yardstick.Frames:N0} messages recorded; each viewer got {yardstick.FrameBytes} | {yardstick.Expected:N0} | {yardstick.Received:N0} | " +
                    $"{yardstick.P50:F1} ms (send → viewer) | {yardstick.P99:F1} ms | {yardstick.Max:F0} ms | {yardstick.ServerShare * 100:F0} % ({yardstick.CpuPerDelivery * 1e6:F1} µs) | " +
                    $"{yardstick.ClientShare * 100:F0} % | — | {yardstick.OthersShare * 100:F0} % | {yardstick.RssMb:F0} MB |"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {viewers:N0}: Oversight ÷ bare | | | | | | | **{oversight / yardstick.CpuPerDelivery:F2} ×** server CPU per delivery | | | | |"));
            }
        }
    }

    /// <summary>
    /// One Oversight run; returns the server's CPU seconds per delivered change. <paramref name="hosts"/> 0: Embedded
    /// (one Web host with its silo on SQLite); otherwise production mode: one silo on PostgreSQL and that many Web hosts
    /// as its Orleans clients, the viewers split evenly between them and the writes sent to the first.
    /// </summary>
    private static async Task<double> RunOnceAsync(string client, int viewers, int rate, int seconds, int warmup, string protocol, string? recording, int hosts)
    {
        var settings = OversightSettings();
        var directories = new List<string>();
        var webs = new List<WebProcess>();
        SiloProcess? silo = null;
        string? connection = null;
        var nodes = new List<Process>();
        try
        {
            if (hosts == 0)
            {
                directories.Add(WebProcess.NewDataDirectory("lean-board"));
                webs.Add((await WebProcess.StartAsync(directories[0], settings)).Web);
            }
            else
            {
                const string clusterId = "oversight-lean";
                connection = await PostgresServer.CreateDatabaseAsync("lean");
                silo = SiloProcess.Start(connection, clusterId, settings);
                await silo.WaitReadyAsync(limit: TimeSpan.FromMinutes(10));
                var client0 = WebProcess.ClientOf(connection, clusterId, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                for (var i = 0; i < hosts; i++)
                {
                    directories.Add(WebProcess.NewDataDirectory("lean-client"));
                    webs.Add((await WebProcess.StartAsync(directories[^1], new Dictionary<string, string>(client0.Concat(settings)))).Web);
                }
            }
            await webs[0].WaitForJobsAsync();
            var token = await webs[0].TokenAsync("executive");
            for (var i = 0; i < webs.Count; i++)
            {
                var share = viewers / webs.Count + (i < viewers % webs.Count ? 1 : 0);
                nodes.Add(await StartViewersAsync(client, webs[i].BaseAddress, token, share, protocol, warmup, i == 0 ? recording : null));
            }

            TimeSpan[] serverStart = [];
            TimeSpan siloStart = default;
            double othersStart = 0;
            var wallStart = 0L;
            var measuring = false;
            var gate = new object();
            var writes = await WriterProcess.RunAsync(webs[0].BaseAddress, rate, seconds + warmup, warmup, (id, version, at, elapsed) =>
            {
                lock (gate)
                {
                    if (!measuring && elapsed >= TimeSpan.FromSeconds(warmup))
                    {
                        measuring = true;
                        serverStart = [.. webs.Select(w => w.CpuTime())];
                        siloStart = silo?.CpuTime() ?? default;
                        othersStart = MonitoringBench.MachineBusySeconds();
                        wallStart = Stopwatch.GetTimestamp();
                    }
                    foreach (var node in nodes)
                    {
                        node.StandardInput.WriteLine($"ACK {id} {version} {at} {elapsed.Ticks}");
                    }
                }
            });
            var webCpu = webs.Select((w, i) => (w.CpuTime() - serverStart[i]).TotalSeconds).ToArray();
            var siloCpu = silo is null ? 0 : (silo.CpuTime() - siloStart).TotalSeconds;
            var wall = Stopwatch.GetElapsedTime(wallStart).TotalSeconds;
            var machine = MonitoringBench.MachineBusySeconds() - othersStart;
            var results = new List<JsonNode>();
            foreach (var node in nodes)
            {
                results.Add(await FinishViewersAsync(node));
            }
            var received = results.Sum(r => r["received"]!.GetValue<long>());
            var clientCpu = results.Sum(r => r["clientCpuSeconds"]!.GetValue<double>());
            var serverCpu = webCpu.Sum() + siloCpu;
            var writerCpu = writes.CpuSeconds / (seconds + warmup);
            var others = Math.Max(0, machine - serverCpu - clientCpu - writes.CpuSeconds * seconds / (seconds + warmup)) / wall * 100;
            for (var i = 0; i < webs.Count; i++)
            {
                var result = results[i];
                var (rss, _) = webs[i].Memory();
                var label = hosts == 0 ? $"{viewers:N0} (each got {FrameBytes(result)})"
                    : $"{viewers:N0}: host {i + 1} of {hosts} (Orleans client{(i == 0 ? ", takes the writes" : "")}), {result["connected"]} viewers";
                var cpu = hosts == 0
                    ? $"{serverCpu / wall * 100:F0} % ({serverCpu / received * 1e6:F1} µs)"
                    : $"this host {webCpu[i] / wall * 100:F0} %; all hosts + silo {serverCpu / wall * 100:F0} % ({serverCpu / received * 1e6:F1} µs)";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {label} | {writes.Measured:N0} ({writes.Rate:F0}/s) | {result["expected"]!.GetValue<long>():N0} | {result["received"]!.GetValue<long>():N0} ({result["beforeAck"]} before the ack, {result["unresolved"]} unmatched) | " +
                    $"**{result["p50"]!.GetValue<double>():F1} ms** | **{result["p99"]!.GetValue<double>():F1} ms** | {result["max"]!.GetValue<double>():F0} ms | " +
                    $"{cpu} | {result["clientCpuSeconds"]!.GetValue<double>() / wall * 100:F0} % | {writerCpu * 100:F0} % | {others:F0} % | {rss:F0} MB |"));
            }
            return serverCpu / received;
        }
        finally
        {
            foreach (var node in nodes)
            {
                if (!node.HasExited)
                {
                    node.Kill();
                }
                node.Dispose();
            }
            foreach (var web in webs)
            {
                await web.DisposeAsync();
            }
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
            if (connection is not null)
            {
                await PostgresServer.DropDatabaseAsync(connection);
            }
            foreach (var directory in directories)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>What the bare SignalR app did with the same viewers and the recorded frames.</summary>
    private sealed record BareRun(long Frames, long Changes, long Expected, long Received, double P50, double P99, double Max,
        double ServerShare, double CpuPerDelivery, double ClientShare, double OthersShare, double RssMb, string FrameBytes);

    /// <summary>
    /// The yardstick: <c>bench/BareSignalR</c> replays the hub messages the viewers recorded from Oversight, at the moments
    /// they first arrived, to the same number of lean viewers; measured over the same window after the same warm-up.
    /// </summary>
    private static async Task<BareRun> RunBareAsync(string client, int viewers, int warmup, string recording)
    {
        await using var bare = await StartBareAsync();
        var output = bare.Output;
        using var node = await StartViewersAsync(client, bare.Http.BaseAddress!, "none", viewers, "json", warmup, recording: null);
        var input = node.StandardInput;
        TimeSpan serverStart = default;
        double othersStart = 0;
        var wallStart = 0L;
        var measuring = false;
        long frames = File.ReadLines(recording).LongCount(), changes = 0;
        bare.Input.WriteLine($"REPLAY {recording}");
        bare.Input.Flush();
        string? line;
        while ((line = await output.ReadLineAsync()) is not null && line != "DONE")
        {
            if (!line.StartsWith("ACK ", StringComparison.Ordinal))
            {
                continue;
            }
            changes++;
            var elapsed = TimeSpan.FromTicks(long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
            if (!measuring && elapsed >= TimeSpan.FromSeconds(warmup))
            {
                measuring = true;
                serverStart = bare.CpuTime();
                othersStart = MonitoringBench.MachineBusySeconds();
                wallStart = Stopwatch.GetTimestamp();
            }
            input.WriteLine(line);
        }
        if (line is null)
        {
            throw new InvalidOperationException("the bare SignalR app ended before its replay did");
        }
        var serverCpu = (bare.CpuTime() - serverStart).TotalSeconds;
        var wall = Stopwatch.GetElapsedTime(wallStart).TotalSeconds;
        var machine = MonitoringBench.MachineBusySeconds() - othersStart;
        var (rss, _) = bare.Memory();
        var result = await FinishViewersAsync(node);
        var received = result["received"]!.GetValue<long>();
        var clientCpu = result["clientCpuSeconds"]!.GetValue<double>();
        return new BareRun(frames, changes, result["expected"]!.GetValue<long>(), received, result["p50"]!.GetValue<double>(),
            result["p99"]!.GetValue<double>(), result["max"]!.GetValue<double>(), serverCpu / wall, serverCpu / received, clientCpu / wall,
            Math.Max(0, machine - serverCpu - clientCpu) / wall, rss, FrameBytes(result));
    }

    /// <summary>
    /// The Oversight host's settings in these runs: 40 synthetic reports of 5 recommendations, SignalR's own logs quiet,
    /// and any extra environment for the Oversight host only (never the bare app, the viewers or the writer), for
    /// comparing a runtime or host setting against the same yardstick:
    /// <c>OVERSIGHT_BENCH_SERVER_ENV="DOTNET_gcServer=0;Name=Value"</c>.
    /// </summary>
    internal static Dictionary<string, string> OversightSettings()
    {
        var settings = new Dictionary<string, string>
        {
            ["Seed__SyntheticReports"] = "40",
            ["Seed__SyntheticRecommendationsPerReport"] = "5",
            ["Logging__LogLevel__Microsoft.AspNetCore.SignalR"] = "Warning",
        };
        foreach (var pair in (Environment.GetEnvironmentVariable("OVERSIGHT_BENCH_SERVER_ENV") ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2))
        {
            settings[pair[0]] = pair[1];
        }
        return settings;
    }

    /// <summary>The average size of the frames the first viewer received (both servers are compared on the same sizes).</summary>
    internal static string FrameBytes(JsonNode result) => string.Create(CultureInfo.InvariantCulture,
        $"{result["firstFrames"]!.GetValue<double>():N0} frames of {result["firstBytes"]!.GetValue<double>() / Math.Max(1, result["firstFrames"]!.GetValue<double>()):N0} bytes");

    /// <summary>Starts bench/BareSignalR on a free port and returns once it serves.</summary>
    internal static async Task<BareProcess> StartBareAsync()
    {
        var port = LoopbackPorts.Next();
        var info = new ProcessStartInfo("dotnet", [WebProcess.BuiltDll("bench", "BareSignalR"), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("bare SignalR: " + e.Data); };
        process.BeginErrorReadLine();
        var bare = new BareProcess(process, port);
        if (await bare.Output.ReadLineAsync() != "LISTENING")
        {
            await bare.DisposeAsync();
            throw new InvalidOperationException("the bare SignalR app did not start");
        }
        return bare;
    }

    /// <summary>The bare app as a process whose CPU and memory are read like the Web host's.</summary>
    internal sealed class BareProcess(Process process, int port) : ServerProcess(process, port, TimeSpan.FromSeconds(30))
    {
        public StreamWriter Input => Process.StandardInput;
        public StreamReader Output => Process.StandardOutput;
    }

    /// <summary>Starts the lean client's viewers against <paramref name="url"/> and returns once every one has joined.</summary>
    internal static async Task<Process> StartViewersAsync(string client, Uri url, string token, int viewers, string protocol, int warmup, string? recording)
    {
        List<string> arguments = [client, "--url", url.ToString(), "--token", token, "--connections", viewers.ToString(CultureInfo.InvariantCulture),
            "--protocol", protocol, "--warmup", warmup.ToString(CultureInfo.InvariantCulture)];
        if (recording is not null)
        {
            arguments.AddRange(["--record", recording]);
        }
        var node = Process.Start(new ProcessStartInfo("node", arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        node.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("lean-board: " + e.Data); };
        node.BeginErrorReadLine();
        var readyLine = await node.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the lean client exited before it was ready");
        if (!readyLine.StartsWith("READY ", StringComparison.Ordinal) || int.Parse(readyLine.Split(' ')[1], CultureInfo.InvariantCulture) != viewers)
        {
            throw new InvalidOperationException($"the lean client connected only part of its viewers: {readyLine}");
        }
        return node;
    }

    /// <summary>Tells the lean client the writes are over and returns its RESULT.</summary>
    internal static async Task<JsonNode> FinishViewersAsync(Process node)
    {
        lock (node.StandardInput)
        {
            node.StandardInput.WriteLine("END");
            node.StandardInput.Flush();
        }
        JsonNode? result = null;
        while (await node.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                result = JsonNode.Parse(line["RESULT ".Length..]);
            }
        }
        await node.WaitForExitAsync();
        return result ?? throw new InvalidOperationException($"the lean client gave no result (exit {node.ExitCode})");
    }

    /// <summary>The lean client's script, with its npm packages installed from its lock file on first use.</summary>
    internal static async Task<string> EnsureClientAsync()
    {
        var directory = Path.Combine(RepoRoot.Find(), "bench", "lean-board");
        if (!Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]) { WorkingDirectory = directory })!;
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException("npm ci in bench/lean-board failed");
            }
        }
        return Path.Combine(directory, "client.mjs");
    }
}
