using System.Diagnostics;
using System.Text.Json.Nodes;
using Oversight.TestSupport;
using Xunit.Abstractions;

namespace Oversight.Api.Tests;

/// <summary>
/// A real Web process (Embedded: it hosts the silo) on a real SQLite file, killed with SIGKILL ten times, each time
/// right after 100 more writes were acknowledged and while its writers are still busy: after every restart every write
/// acknowledged so far (2xx received) is there, and the history chain is intact. The cluster variant is in
/// <see cref="ClusterDurabilityTests"/>.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class DurabilityTests(ITestOutputHelper output) : IDisposable
{
    public const int Cycles = 10;
    public const int WritesPerCycle = 100;

    /// <summary>ICT's recommendations of the bundled report, written to by the durability and failover tests.</summary>
    public static readonly string[] Codes = ["F1-R2", "F1-R3", "F1-R4", "F1-R6", "O1-R1", "F1-R1.1", "F1-R1.2", "F1-R1"];

    private readonly string _data = WebProcess.NewDataDirectory("kill");

    [Fact]
    public async Task Ten_kill_9_cycles_of_100_acknowledged_writes_lose_nothing()
    {
        var ids = Codes.Select(Http.Rec).ToArray();
        var clock = Stopwatch.StartNew();
        var (web, _) = await WebProcess.StartAsync(_data);
        var token = await web.TokenAsync("ict"); // the signing key is in the data directory: the token outlives restarts
        var writes = new AcknowledgedWrites(Http.Client(web.BaseAddress, token));
        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            await writes.WriteThenAsync(ids, $"cycle {cycle}", WritesPerCycle, web.KillHard);
            Assert.True(web.HasExited);
            await web.DisposeAsync();

            (web, _) = await WebProcess.StartAsync(_data);
            writes.Http = Http.Client(web.BaseAddress, token);
            var auditor = Http.Client(web.BaseAddress, await web.TokenAsync("auditor"));
            await writes.VerifyAsync(auditor);
            var verify = (await auditor.GetJsonAsync("/api/v1/audit-trail/verify")).AsObject();
            Assert.True(verify["intact"]!.GetValue<bool>(), verify.ToJsonString());
        }
        await web.DisposeAsync();
        Assert.True(writes.Acknowledged.Count >= Cycles * WritesPerCycle);
        output.WriteLine($"Embedded: {Cycles} kill -9 cycles, {writes.Acknowledged.Count} acknowledged writes, none lost; " +
            $"other answers: {writes.FailureSummary()}; {clock.Elapsed.TotalSeconds:F1} s");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
