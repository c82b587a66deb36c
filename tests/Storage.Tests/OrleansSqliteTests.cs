using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Oversight.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Oversight.Storage.Tests;

public class OrleansSqliteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Grain_state_survives_a_silo_restart_and_is_plain_json()
    {
        var db = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite, "orleans-sqlite");
        var serviceId = "svc-" + Guid.NewGuid().ToString("N")[..8];

        using (var host = OrleansHosts.SqliteSilo(db, serviceId, LoopbackPorts.Next(), LoopbackPorts.Next()))
        {
            await host.StartAsync();
            var grain = host.Grains().GetGrain<ICounterGrain>("c-1");
            Assert.Equal(1, await grain.Increment("first"));
            Assert.Equal(2, await grain.Increment("ที่สอง"));
            await host.StopAsync();
        }

        using (var host = OrleansHosts.SqliteSilo(db, serviceId, LoopbackPorts.Next(), LoopbackPorts.Next()))
        {
            await host.StartAsync();
            var grain = host.Grains().GetGrain<ICounterGrain>("c-1");
            Assert.Equal(2, await grain.Get());
            Assert.Equal(3, await grain.Increment("after restart"));
            await host.StopAsync();
        }

        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary, Version, GrainTypeString FROM OrleansStorage";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var json = Encoding.UTF8.GetString((byte[])reader.GetValue(0));
        output.WriteLine("stored state: " + json + " version " + reader.GetInt64(1) + " type " + reader.GetString(2));
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(3, doc.RootElement.GetProperty("count").GetInt32());
        Assert.Equal("veryBusy", doc.RootElement.GetProperty("mood").GetString());
        Assert.Equal(["first", "ที่สอง", "after restart"], doc.RootElement.GetProperty("notes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, reader.GetInt64(1));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task A_stale_etag_is_an_inconsistent_state_exception()
    {
        var db = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite, "orleans-etag");
        var serviceId = "svc-" + Guid.NewGuid().ToString("N")[..8];
        using var host = OrleansHosts.SqliteSilo(db, serviceId, LoopbackPorts.Next(), LoopbackPorts.Next());
        await host.StartAsync();
        try
        {
            await StorageContract.AssertEtagSemanticsAsync(host.Services.GetRequiredKeyedService<IGrainStorage>("Default"));
            var ms = await StorageContract.MeasureWritesAsync(host.Services.GetRequiredKeyedService<IGrainStorage>("Default"));
            output.WriteLine(ms);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}

/// <summary>Checks the grain-storage contract directly against IGrainStorage (shared by the SQLite and PostgreSQL tests).</summary>
internal static class StorageContract
{
    public static async Task AssertEtagSemanticsAsync(IGrainStorage storage)
    {
        var id = GrainId.Create("counter", "etag-" + Guid.NewGuid().ToString("N"));
        const string type = "Oversight.Storage.Tests.CounterGrain";

        var missing = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(type, id, missing);
        Assert.False(missing.RecordExists);
        Assert.Null(missing.ETag);

        var a = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(type, id, a);
        Assert.Equal("1", a.ETag);
        Assert.True(a.RecordExists);

        // A second activation that never read the state cannot insert over it.
        var blind = new GrainState<CounterState>(new CounterState { Count = 100 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(type, id, blind));

        var b = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(type, id, b);
        Assert.Equal("1", b.ETag);
        Assert.Equal(1, b.State!.Count);
        b.State!.Count = 2;
        await storage.WriteStateAsync(type, id, b);
        Assert.Equal("2", b.ETag);

        // a still holds ETag 1: its write and clear are rejected.
        a.State!.Count = 42;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(type, id, a));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(type, id, a));

        await storage.ClearStateAsync(type, id, b);
        Assert.Equal("3", b.ETag);
        Assert.False(b.RecordExists);

        var afterClear = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(type, id, afterClear);
        Assert.False(afterClear.RecordExists);
        Assert.Equal("3", afterClear.ETag);
        Assert.Equal(0, afterClear.State!.Count);

        afterClear.State!.Count = 7;
        await storage.WriteStateAsync(type, id, afterClear);
        Assert.Equal("4", afterClear.ETag);

        // Keys with an extension string (compound keys) are distinct from the plain ones.
        var compound = GrainId.Create("counter", Guid.NewGuid().ToString("N") + "+ext");
        var c = new GrainState<CounterState>(new CounterState { Count = 5 });
        await storage.WriteStateAsync(type, compound, c);
        Assert.Equal("1", c.ETag);
    }

    public static async Task<string> MeasureWritesAsync(IGrainStorage storage, int writes = 200)
    {
        var id = GrainId.Create("counter", "perf-" + Guid.NewGuid().ToString("N"));
        var state = new GrainState<CounterState>(new CounterState { Notes = ["a", "b", "c"] });
        for (var i = 0; i < 10; i++)
        {
            state.State!.Count++;
            await storage.WriteStateAsync("perf", id, state);
        }

        var samples = new List<double>(writes);
        for (var i = 0; i < writes; i++)
        {
            state.State!.Count++;
            var sw = Stopwatch.StartNew();
            await storage.WriteStateAsync("perf", id, state);
            samples.Add(sw.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"[measure] grain-state write (IGrainStorage.WriteStateAsync, {writes} sequential): p50 {Samples.Percentile(samples, 50):F2} ms, p99 {Samples.Percentile(samples, 99):F2} ms");
    }
}
