using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// The live board at 250 … 2,000 viewers, measured with a lean load generator (issue 10): the viewers are raw
/// WebSocket connections in one Node process (<c>bench/lean-board/client.mjs</c>, SignalR JSON or MessagePack, each
/// distinct frame decoded once), the paced writers are the usual child process, and the server is the Release Web host.
/// For each viewer count: a fresh server, the viewers connected, then <c>rate</c> acknowledged writes per second for
/// warm-up + <c>seconds</c>; latency is the writer's acknowledgement → the frame's arrival at each viewer. The CPU of
/// the server, the viewers' process and the writer are reported separately.
/// </summary>
public static class LeanBoardScenario
{
    public static async Task RunAsync(IReadOnlyList<int> viewerCounts, int rate, int seconds, int warmup, string protocol)
    {
        var client = await EnsureClientAsync();
        Console.WriteLine($"<!-- lean viewers: node {client}, hub protocol {protocol}; {rate} writes/s; {warmup} s warm-up + {seconds} s measured -->");
        Console.WriteLine("| viewers | writes measured (rate) | deliveries expected | received | ack → viewer p50 | p99 | max | server CPU (per delivery) | viewers' process CPU | writer CPU | machine others | server RSS |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var viewers in viewerCounts)
        {
            await RunOnceAsync(client, viewers, rate, seconds, warmup, protocol);
        }
    }

    private static async Task RunOnceAsync(string client, int viewers, int rate, int seconds, int warmup, string protocol)
    {
        var data = WebProcess.NewDataDirectory("lean-board");
        var (web, _) = await WebProcess.StartAsync(data, new Dictionary<string, string>
        {
            ["Seed__SyntheticReports"] = "40",
            ["Seed__SyntheticRecommendationsPerReport"] = "5",
            ["Logging__LogLevel__Microsoft.AspNetCore.SignalR"] = "Warning",
        });
        await using (web)
        {
            await web.WaitForJobsAsync();
            var token = await web.TokenAsync("executive");
            var info = new ProcessStartInfo("node", [client, "--url", web.BaseAddress.ToString(), "--token", token,
                "--connections", viewers.ToString(CultureInfo.InvariantCulture), "--protocol", protocol, "--warmup", warmup.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var node = Process.Start(info)!;
            node.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("lean-board: " + e.Data); };
            node.BeginErrorReadLine();
            var readyLine = await node.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the lean client exited before it was ready");
            if (!readyLine.StartsWith("READY ", StringComparison.Ordinal) || int.Parse(readyLine.Split(' ')[1], CultureInfo.InvariantCulture) != viewers)
            {
                throw new InvalidOperationException($"the lean client connected only part of its viewers: {readyLine}");
            }

            TimeSpan serverStart = default;
            double othersStart = 0;
            var wallStart = 0L;
            var input = node.StandardInput;
            var measuring = false;
            var writes = await WriterProcess.RunAsync(web.BaseAddress, rate, seconds + warmup, warmup, (id, version, at, elapsed) =>
            {
                lock (input)
                {
                    if (!measuring && elapsed >= TimeSpan.FromSeconds(warmup))
                    {
                        measuring = true;
                        serverStart = web.CpuTime();
                        othersStart = MonitoringBench.MachineBusySeconds();
                        wallStart = Stopwatch.GetTimestamp();
                    }
                    input.WriteLine($"ACK {id} {version} {at} {elapsed.Ticks}");
                }
            });
            var serverCpu = (web.CpuTime() - serverStart).TotalSeconds;
            var wall = Stopwatch.GetElapsedTime(wallStart).TotalSeconds;
            var machine = MonitoringBench.MachineBusySeconds() - othersStart;
            lock (input)
            {
                input.WriteLine("END");
                input.Flush();
            }
            string? line;
            JsonNode? result = null;
            while ((line = await node.StandardOutput.ReadLineAsync()) is not null)
            {
                if (line.StartsWith("RESULT ", StringComparison.Ordinal))
                {
                    result = JsonNode.Parse(line["RESULT ".Length..]);
                }
            }
            await node.WaitForExitAsync();
            if (result is null)
            {
                throw new InvalidOperationException($"the lean client gave no result (exit {node.ExitCode})");
            }
            var received = result["received"]!.GetValue<long>();
            var clientCpu = result["clientCpuSeconds"]!.GetValue<double>();
            var writerCpu = writes.CpuSeconds / (seconds + warmup);
            var others = Math.Max(0, machine - serverCpu - clientCpu - writes.CpuSeconds * seconds / (seconds + warmup)) / wall * 100;
            var (rss, _) = web.Memory();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {viewers:N0} | {writes.Measured:N0} ({writes.Rate:F0}/s) | {result["expected"]!.GetValue<long>():N0} | {received:N0} ({result["beforeAck"]} before the ack, {result["unresolved"]} unmatched) | " +
                $"**{result["p50"]!.GetValue<double>():F1} ms** | **{result["p99"]!.GetValue<double>():F1} ms** | {result["max"]!.GetValue<double>():F0} ms | " +
                $"{serverCpu / wall * 100:F0} % ({(received > 0 ? serverCpu / received * 1e6 : double.NaN):F1} µs) | {clientCpu / wall * 100:F0} % | {writerCpu * 100:F0} % | {others:F0} % | {rss:F0} MB |"));
        }
        Directory.Delete(data, recursive: true);
    }

    /// <summary>The lean client's script, with its npm packages installed from its lock file on first use.</summary>
    private static async Task<string> EnsureClientAsync()
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
