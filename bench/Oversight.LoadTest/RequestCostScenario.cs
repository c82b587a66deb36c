using System.Diagnostics;
using System.Globalization;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// What a paced request costs the Web host, by kind (<c>request-cost</c>, issue 10): the live board's write (a progress
/// update), a read of one small grain, an authenticated request that does nothing (<see cref="RequestKinds.Me"/>), an
/// anonymous one, and no request at all (the host's own background work, per slot). It separates a write's own work
/// from what any HTTP request costs the host, which the bare SignalR yardstick never pays. Every kind gets an Embedded host of its own, seeded as in
/// <c>board-lean</c>, with no viewers, and all run at the same time: this machine's speed drifts by a quarter within
/// minutes, so kinds measured one after another would also measure the drift.
/// </summary>
public static class RequestCostScenario
{
    public static async Task RunAsync(IReadOnlyList<string> kinds, int rate, int seconds, int warmup)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"<!-- request-cost: one Embedded host per kind, all at once, no viewers; {rate} requests/s from 40 paced lanes on keep-alive connections; {warmup} s warm-up + {seconds} s measured -->"));
        var results = await Task.WhenAll(kinds.Select(kind => RunOneAsync(kind, rate, seconds, warmup)));
        var idle = results.FirstOrDefault(r => r.Kind == RequestKinds.None);
        Console.WriteLine("| each slot sends | slots measured (rate) | server CPU | per slot | per slot, less the host with no requests | writer CPU |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var less = idle is null || r.Kind == RequestKinds.None ? "" : string.Create(CultureInfo.InvariantCulture, $"{(r.PerSlot - idle.PerSlot) * 1e6:F1} µs");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Describe(r.Kind)} | {r.Slots:N0} ({r.Slots / r.Wall:F0}/s) | {r.ServerCpu / r.Wall * 100:F1} % | **{r.PerSlot * 1e6:F1} µs** | {less} | {r.WriterCpu / r.Wall * 100:F0} % |"));
        }
    }

    private static string Describe(string kind) => kind switch
    {
        RequestKinds.Write => "a progress update (POST …/progress)",
        RequestKinds.Read => $"a read of one small grain (GET {RequestKinds.PathOf(kind)})",
        RequestKinds.Me => $"an authenticated request that does nothing (GET {RequestKinds.PathOf(kind)})",
        RequestKinds.Health => $"an anonymous request (GET {RequestKinds.PathOf(kind)})",
        _ => "nothing (the host's background work)",
    };

    private sealed record Result(string Kind, long Slots, double ServerCpu, double Wall, double WriterCpu)
    {
        public double PerSlot => ServerCpu / Math.Max(1, Slots);
    }

    private static async Task<Result> RunOneAsync(string kind, int rate, int seconds, int warmup)
    {
        var data = WebProcess.NewDataDirectory("request-cost");
        try
        {
            await using var web = (await WebProcess.StartAsync(data, LeanBoardScenario.OversightSettings())).Web;
            await web.WaitForJobsAsync();
            var gate = new object();
            var cpuStart = TimeSpan.Zero;
            var wallStart = 0L;
            // The window opens at the first slot past the writer's warm-up and closes when the writer is done.
            var writes = await WriterProcess.RunAsync(web.BaseAddress, rate, seconds + warmup, warmup, (_, _, _, elapsed) =>
            {
                lock (gate)
                {
                    if (wallStart == 0 && elapsed >= TimeSpan.FromSeconds(warmup))
                    {
                        cpuStart = web.CpuTime();
                        wallStart = Stopwatch.GetTimestamp();
                    }
                }
            }, kind);
            var cpu = (web.CpuTime() - cpuStart).TotalSeconds;
            var wall = Stopwatch.GetElapsedTime(wallStart).TotalSeconds;
            return new Result(kind, writes.Measured, cpu, wall, writes.CpuSeconds * seconds / (seconds + warmup));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
