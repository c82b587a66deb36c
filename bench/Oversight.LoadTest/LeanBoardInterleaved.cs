using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// Oversight and the bare SignalR app side by side, interleaved (<c>board-lean --bare --rounds N</c>, issue 10). A
/// side-by-side run that measures Oversight and then the bare app minutes apart also measures how the machine's speed
/// drifted in between, and on this machine that drift was as large as the gap being measured. Here both servers run
/// for the whole run, each with its own viewers, and take turns: a phase of Oversight (paced writes, its viewers
/// recording each hub message as it first arrives), then a phase of the bare app replaying exactly those messages at
/// their recorded moments to the same number of viewers, and again. Each server's CPU is read over its own phases only,
/// after the same settling time in each phase; the first round is the warm-up of both and is not counted. Reported: each round's server CPU per
/// delivered change for both and their ratio, the same per WebSocket message the viewers received, the ratios over all
/// measured rounds, and both servers' latency.
/// </summary>
public static class LeanBoardInterleaved
{
    /// <summary>The first seconds of each phase, not measured: the writer process starting, the replay's first frames.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    /// <summary>An ACK's "elapsed" as the viewers read it: past their warm-up when measured, before it when not.</summary>
    private static readonly long MeasuredTicks = TimeSpan.FromHours(1).Ticks;

    public static async Task RunAsync(int viewers, int rate, int roundSeconds, int rounds, int warmup)
    {
        var client = await LeanBoardScenario.EnsureClientAsync();
        var recording = Path.GetTempFileName();
        var data = WebProcess.NewDataDirectory("lean-interleaved");
        Process? oversightViewers = null, bareViewers = null;
        try
        {
            await using var web = (await WebProcess.StartAsync(data, LeanBoardScenario.OversightSettings())).Web;
            await web.WaitForJobsAsync();
            await using var bare = await LeanBoardScenario.StartBareAsync();
            var token = await web.TokenAsync("executive");
            // The viewers' own warm-up is 1 s of "elapsed": an ACK counts when this run says so (MeasuredTicks).
            oversightViewers = await LeanBoardScenario.StartViewersAsync(client, web.BaseAddress, token, viewers, "json", 1, recording);
            bareViewers = await LeanBoardScenario.StartViewersAsync(client, bare.Http.BaseAddress!, "none", viewers, "json", 1, recording: null);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"<!-- interleaved: {viewers:N0} viewers on each server; {rate} writes/s; a {warmup} s warm-up round, then {rounds} rounds of {roundSeconds} s per server, each phase measured after its first {Settle.TotalSeconds:F0} s -->"));
            Console.WriteLine("| round | Oversight: writes measured (rate) | deliveries | server CPU (per delivery) | bare SignalR: changes replayed | deliveries | server CPU (per delivery) | Oversight ÷ bare | WebSocket messages per viewer (Oversight / bare) | Oversight ÷ bare per message | machine others (Oversight / bare phase) |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

            var results = new List<(Phase Oversight, Phase Bare)>();
            for (var round = 0; round <= rounds; round++)
            {
                var measured = round > 0;
                var seconds = measured ? roundSeconds : warmup;
                // Messages the viewers got between phases (none are expected) must not shift this phase's replay:
                // dropped into the recording file, which the dump after the phase overwrites.
                await AskAsync(oversightViewers, $"DUMP {recording}", "DUMPED");
                var o = await OversightPhaseAsync(web, oversightViewers, [oversightViewers, bareViewers], rate, seconds, measured);
                await Task.Delay(500);
                var frames = await AskAsync(oversightViewers, $"DUMP {recording}", "DUMPED");
                var b = await BarePhaseAsync(bare, bareViewers, [oversightViewers, bareViewers], recording, measured);
                if (!measured)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| warm-up ({seconds} s each, not counted) | {o.Changes:N0} | | {o.ServerCpu / o.Wall * 100:F0} % | {b.Changes:N0} ({frames} messages) | | {b.ServerCpu / b.Wall * 100:F0} % | | | | |"));
                    continue;
                }
                results.Add((o, b));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {round} | {o.Changes:N0} ({o.Changes / o.Wall:F0}/s) | {o.Deliveries:N0} | {o.ServerCpu / o.Wall * 100:F0} % ({o.PerDelivery * 1e6:F2} µs) | " +
                    $"{b.Changes:N0} ({frames} messages) | {b.Deliveries:N0} | {b.ServerCpu / b.Wall * 100:F0} % ({b.PerDelivery * 1e6:F2} µs) | " +
                    $"{o.PerDelivery / b.PerDelivery:F2} × | {o.Messages / (double)viewers:F0} / {b.Messages / (double)viewers:F0} | {o.PerMessage / b.PerMessage:F2} × | {o.Others * 100:F0} % / {b.Others * 100:F0} % |"));
            }

            var oversightAll = results.Sum(r => r.Oversight.ServerCpu) / results.Sum(r => r.Oversight.Deliveries);
            var bareAll = results.Sum(r => r.Bare.ServerCpu) / results.Sum(r => r.Bare.Deliveries);
            var ratios = results.Select(r => r.Oversight.PerDelivery / r.Bare.PerDelivery).Order().ToArray();
            var perMessage = results.Sum(r => r.Oversight.ServerCpu) / results.Sum(r => r.Oversight.Messages)
                / (results.Sum(r => r.Bare.ServerCpu) / results.Sum(r => r.Bare.Messages));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| all {results.Count} rounds | {results.Sum(r => r.Oversight.Changes):N0} | {results.Sum(r => r.Oversight.Deliveries):N0} | {oversightAll * 1e6:F2} µs | " +
                $"{results.Sum(r => r.Bare.Changes):N0} | {results.Sum(r => r.Bare.Deliveries):N0} | {bareAll * 1e6:F2} µs | " +
                $"**{oversightAll / bareAll:F2} ×** (rounds: median {Median(ratios):F2}, {ratios[0]:F2}–{ratios[^1]:F2}) | " +
                $"{results.Sum(r => r.Oversight.Messages) / (double)viewers:F0} / {results.Sum(r => r.Bare.Messages) / (double)viewers:F0} | {perMessage:F2} × | |"));

            var (ov, bv) = (await LeanBoardScenario.FinishViewersAsync(oversightViewers), await LeanBoardScenario.FinishViewersAsync(bareViewers));
            Console.WriteLine();
            Console.WriteLine("| server, over the measured rounds | deliveries expected | received | ack → viewer p50 | p99 | max | viewers' process CPU (whole run) | server RSS |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(Latency($"Oversight (each viewer got {LeanBoardScenario.FrameBytes(ov)})", ov, "", web.Memory().RssMb));
            Console.WriteLine(Latency($"bare SignalR (each viewer got {LeanBoardScenario.FrameBytes(bv)})", bv, " (send → viewer)", bare.Memory().RssMb));
        }
        finally
        {
            foreach (var node in new[] { oversightViewers, bareViewers })
            {
                if (node is { HasExited: false })
                {
                    node.Kill();
                }
                node?.Dispose();
            }
            File.Delete(recording);
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// One server's phase: changes sent, deliveries counted, the WebSocket messages all its viewers received, its CPU
    /// seconds and the wall time measured, others' share. All over the same window.
    /// </summary>
    private sealed record Phase(long Changes, long Deliveries, long Messages, double ServerCpu, double Wall, double Others)
    {
        public double PerDelivery => ServerCpu / Math.Max(1, Deliveries);

        /// <summary>
        /// Server CPU per WebSocket message a viewer received. The bare app sends each recorded message, but two sent
        /// within a millisecond may reach a viewer as one WebSocket message when its transport had not yet sent the
        /// first; per message, that packing does not count in either server's favour.
        /// </summary>
        public double PerMessage => ServerCpu / Math.Max(1, Messages);
    }

    private static async Task<Phase> OversightPhaseAsync(WebProcess web, Process viewers, Process[] load, int rate, int seconds, bool measured)
    {
        var window = new Window(web.CpuTime, load, viewers);
        var gate = new object();
        var writes = await WriterProcess.RunAsync(web.BaseAddress, rate, seconds + (int)Settle.TotalSeconds, (int)Settle.TotalSeconds, (id, version, at, elapsed) =>
        {
            lock (gate)
            {
                var counted = elapsed >= Settle;
                window.StartOnce(counted);
                viewers.StandardInput.WriteLine($"ACK {id} {version} {at} {(measured && counted ? MeasuredTicks : 0)}");
            }
        });
        // The writer is the one other known load in an Oversight phase.
        var (cpu, wall, others) = window.Stop(writes.CpuSeconds * seconds / (seconds + Settle.TotalSeconds));
        var (deliveries, messages) = await window.CountAsync();
        return new Phase(writes.Measured, deliveries, messages, cpu, wall, others);
    }

    private static async Task<Phase> BarePhaseAsync(LeanBoardScenario.BareProcess bare, Process viewers, Process[] load, string recording, bool measured)
    {
        var window = new Window(bare.CpuTime, load, viewers);
        long changes = 0;
        bare.Input.WriteLine($"REPLAY {recording}");
        bare.Input.Flush();
        string? line;
        while ((line = await bare.Output.ReadLineAsync()) is not null && line != "DONE")
        {
            if (!line.StartsWith("ACK ", StringComparison.Ordinal))
            {
                continue;
            }
            var parts = line.Split(' ');
            var counted = TimeSpan.FromTicks(long.Parse(parts[4], CultureInfo.InvariantCulture)) >= Settle;
            window.StartOnce(counted);
            changes += counted ? 1 : 0;
            viewers.StandardInput.WriteLine($"ACK {parts[1]} {parts[2]} {parts[3]} {(measured && counted ? MeasuredTicks : 0)}");
        }
        if (line is null)
        {
            throw new InvalidOperationException("the bare SignalR app ended before its replay did");
        }
        var (cpu, wall, others) = window.Stop(0);
        var (deliveries, messages) = await window.CountAsync();
        return new Phase(changes, deliveries, messages, cpu, wall, others);
    }

    /// <summary>
    /// A server's measured window within its phase: opened by the first counted change, closed at the phase's end. Others:
    /// the machine's busy time left after this server, the viewers' processes and the other known load, as a share of a core.
    /// The viewers' counts are asked for as the window opens (the answer is read after it closes, in order) and once more
    /// after it, when the last messages have had time to arrive.
    /// </summary>
    private sealed class Window(Func<TimeSpan> serverCpu, Process[] load, Process viewers)
    {
        private TimeSpan _server, _load;
        private double _machine;
        private long _at;
        private bool _started;

        public void StartOnce(bool counted)
        {
            if (!counted || _started)
            {
                return;
            }
            _started = true;
            viewers.StandardInput.WriteLine("MARK");
            viewers.StandardInput.Flush();
            _server = serverCpu();
            _load = LoadCpu(load);
            _machine = MonitoringBench.MachineBusySeconds();
            _at = Stopwatch.GetTimestamp();
        }

        public (double ServerCpu, double Wall, double Others) Stop(double otherKnownCpu)
        {
            var server = (serverCpu() - _server).TotalSeconds;
            var wall = Stopwatch.GetElapsedTime(_at).TotalSeconds;
            var machine = MonitoringBench.MachineBusySeconds() - _machine;
            var clients = (LoadCpu(load) - _load).TotalSeconds;
            return (server, wall, Math.Max(0, machine - server - clients - otherKnownCpu) / wall);
        }

        /// <summary>Measured deliveries and WebSocket messages between the window's opening and now (after a pause).</summary>
        public async Task<(long Deliveries, long Messages)> CountAsync()
        {
            if (!_started)
            {
                throw new InvalidOperationException("no counted change opened the window");
            }
            var start = await ReadMarkAsync(viewers);
            await Task.Delay(300);
            viewers.StandardInput.WriteLine("MARK");
            viewers.StandardInput.Flush();
            var end = await ReadMarkAsync(viewers);
            return (end.Deliveries - start.Deliveries, end.Messages - start.Messages);
        }
    }

    /// <summary>CPU time of the load's own processes (both viewers' processes), which "machine others" leaves out.</summary>
    private static TimeSpan LoadCpu(params Process[] processes) => processes.Aggregate(TimeSpan.Zero, (sum, p) =>
    {
        p.Refresh();
        return sum + p.TotalProcessorTime;
    });

    /// <summary>The answer to a MARK already sent: the measured deliveries and the WebSocket messages counted so far.</summary>
    private static async Task<(long Deliveries, long Messages)> ReadMarkAsync(Process viewers)
    {
        while (await viewers.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("MARKED ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                return (long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture));
            }
        }
        throw new InvalidOperationException("the lean client exited before answering MARK");
    }

    /// <summary>Sends a command to a viewers' process and returns the first word after its answer's keyword.</summary>
    private static async Task<string> AskAsync(Process viewers, string command, string answer)
    {
        viewers.StandardInput.WriteLine(command);
        viewers.StandardInput.Flush();
        while (await viewers.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(answer + " ", StringComparison.Ordinal))
            {
                return line.Split(' ')[1];
            }
        }
        throw new InvalidOperationException($"the lean client exited before answering {command}");
    }

    private static string Latency(string label, JsonNode result, string what, double rssMb) => string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {result["expected"]!.GetValue<long>():N0} | {result["received"]!.GetValue<long>():N0} ({result["unresolved"]} unmatched) | " +
        $"**{result["p50"]!.GetValue<double>():F1} ms**{what} | **{result["p99"]!.GetValue<double>():F1} ms** | {result["max"]!.GetValue<double>():F0} ms | " +
        $"{result["clientCpuSeconds"]!.GetValue<double>():F0} s | {rssMb:F0} MB |");

    private static double Median(double[] sorted) => sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
