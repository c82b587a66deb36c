using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Oversight.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Oversight.Storage.Tests;

public class OrleansPostgresTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_silos_form_a_cluster_persist_state_fire_reminders_and_serve_a_client()
    {
        var db = await TestDatabases.CreateAsync(DatabaseProvider.PostgreSql, "orleans-pg");
        var clusterId = "oversight-" + Guid.NewGuid().ToString("N")[..8];
        using var silo1 = OrleansHosts.PostgresSilo(db, clusterId, LoopbackPorts.Next(), LoopbackPorts.Next());
        using var silo2 = OrleansHosts.PostgresSilo(db, clusterId, LoopbackPorts.Next(), LoopbackPorts.Next());
        await silo1.StartAsync();
        await silo2.StartAsync();
        try
        {
            // Both silos see each other through the membership table.
            var management = silo1.Grains().GetGrain<IManagementGrain>(0);
            await WaitUntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, TimeSpan.FromSeconds(60));
            Assert.Equal(2L, await CountAsync(db, $"SELECT COUNT(*) FROM orleansmembershiptable WHERE deploymentid = '{clusterId}' AND status = 3"));

            // Grain state persists in orleansstorage as plain JSON.
            var counter = silo1.Grains().GetGrain<ICounterGrain>("pg-counter");
            Assert.Equal(1, await counter.Increment("one"));
            Assert.Equal(2, await counter.Increment("two"));
            await counter.Deactivate();
            await Task.Delay(200);
            Assert.Equal(2, await silo2.Grains().GetGrain<ICounterGrain>("pg-counter").Get());
            await using (var connection = new NpgsqlConnection(db.ConnectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT payloadbinary, version FROM orleansstorage WHERE graintypestring LIKE '%counter%'", connection);
                await using var reader = await command.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                var json = Encoding.UTF8.GetString((byte[])reader.GetValue(0));
                output.WriteLine("stored state: " + json);
                Assert.Contains("\"count\":2", json, StringComparison.Ordinal);
                Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
            }

            // The ETag contract and write latency, straight against the provider.
            var storage = silo1.Services.GetRequiredKeyedService<IGrainStorage>("Default");
            await StorageContract.AssertEtagSemanticsAsync(storage);
            output.WriteLine(await StorageContract.MeasureWritesAsync(storage));

            // A reminder registered on PostgreSQL fires and is stored.
            var key = "rem-" + Guid.NewGuid().ToString("N")[..8];
            var reminder = silo2.Grains().GetGrain<IReminderTestGrain>(key);
            await reminder.Start(TimeSpan.FromSeconds(1));
            Assert.Equal(1L, await CountAsync(db, $"SELECT COUNT(*) FROM orleansreminderstable WHERE serviceid = '{clusterId}' AND remindername = 'tick'"));
            await WaitUntilAsync(() => Task.FromResult(ReminderTestGrain.Fired.GetValueOrDefault(key) >= 2), TimeSpan.FromSeconds(30));
            Assert.Equal(1L, await CountAsync(db, $"SELECT COUNT(*) FROM orleansreminderstable WHERE serviceid = '{clusterId}' AND remindername = 'tick'"));

            // A client finds the gateways in the membership table.
            using var client = OrleansHosts.PostgresClient(db, clusterId);
            await client.StartAsync();
            try
            {
                Assert.Equal(3, await client.Grains().GetGrain<ICounterGrain>("pg-counter").Increment("from client"));
            }
            finally
            {
                await client.StopAsync();
            }

            await reminder.Stop();
            Assert.Equal(0L, await CountAsync(db, $"SELECT COUNT(*) FROM orleansreminderstable WHERE serviceid = '{clusterId}'"));
        }
        finally
        {
            await silo2.StopAsync();
            await silo1.StopAsync();
        }
    }

    private static async Task<long> CountAsync(DatabaseOptions db, string sql) =>
        Convert.ToInt64(await TestDatabases.ScalarAsync(db, sql), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Condition not met within " + timeout);
            }

            await Task.Delay(200);
        }
    }
}
