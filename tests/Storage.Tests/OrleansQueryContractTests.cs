using Npgsql;
using Xunit;

namespace Oversight.Storage.Tests;

/// <summary>Runs the stored reminder queries directly, with the parameters Orleans 10.4.2 binds.</summary>
public class OrleansQueryContractTests
{
    private static async Task<string> QueryAsync(NpgsqlConnection connection, string key)
    {
        await using var command = new NpgsqlCommand("SELECT querytext FROM orleansquery WHERE querykey = @k", connection);
        command.Parameters.AddWithValue("k", key);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> UpsertAsync(NpgsqlConnection connection, string sql, string grainId, int hash, TimeSpan period)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ServiceId", "svc");
        command.Parameters.AddWithValue("GrainHash", hash);
        command.Parameters.AddWithValue("GrainId", grainId);
        command.Parameters.AddWithValue("ReminderName", "r");
        command.Parameters.AddWithValue("StartTime", DateTime.UtcNow);
        command.Parameters.AddWithValue("Period", (int)period.TotalMilliseconds);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return Convert.ToInt32(reader.GetValue(reader.GetOrdinal("Version")), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string[]> RangeAsync(NpgsqlConnection connection, string rows1, string rows2, uint begin, uint end)
    {
        // Orleans: ReadRangeRows1Key when (int)begin < (int)end, else ReadRangeRows2Key; hashes are bound as (int)uint.
        var sql = (int)begin < (int)end ? rows1 : rows2;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ServiceId", "svc");
        command.Parameters.AddWithValue("BeginHash", (int)begin);
        command.Parameters.AddWithValue("EndHash", (int)end);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(reader.GetOrdinal("GrainId")));
            Assert.Equal(1000L, reader.GetInt64(reader.GetOrdinal("Period")));
        }

        ids.Sort(StringComparer.Ordinal);
        return [.. ids];
    }

    [Fact]
    public async Task Reminder_range_queries_follow_the_ring_including_the_wrap_case()
    {
        var db = await TestDatabases.CreateAsync(DatabaseProvider.PostgreSql, "reminder-contract");
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        var upsert = await QueryAsync(connection, "UpsertReminderRowKey");
        var rows1 = await QueryAsync(connection, "ReadRangeRows1Key");
        var rows2 = await QueryAsync(connection, "ReadRangeRows2Key");

        // Unsigned ring positions: g1 = 5, g2 = 100, g3 = 0x7FFF_FFF0, g4 = 0x8000_0005 (negative as int), g5 = 0xFFFF_FF00.
        (string Id, uint Hash)[] grains = [("g1", 5u), ("g2", 100u), ("g3", 0x7FFF_FFF0u), ("g4", 0x8000_0005u), ("g5", 0xFFFF_FF00u)];
        foreach (var (id, hash) in grains)
        {
            Assert.Equal(0, await UpsertAsync(connection, upsert, id, (int)hash, TimeSpan.FromSeconds(1)));
        }

        Assert.Equal(1, await UpsertAsync(connection, upsert, "g1", 5, TimeSpan.FromSeconds(1)));

        // (5, 0x7FFF_FFF0]: no wrap in either order.
        Assert.Equal(["g2", "g3"], await RangeAsync(connection, rows1, rows2, 5, 0x7FFF_FFF0));
        // (0x7FFF_FFF0, 0x8000_0005]: no wrap on the unsigned ring, but a wrap in signed order -> Rows2.
        Assert.Equal(["g4"], await RangeAsync(connection, rows1, rows2, 0x7FFF_FFF0, 0x8000_0005));
        // (0xFFFF_FF00, 100]: wraps past the end of the ring (BeginHash > EndHash).
        Assert.Equal(["g1", "g2"], await RangeAsync(connection, rows1, rows2, 0xFFFF_FF00, 100));
        // (0x8000_0005, 5]: negative to positive as int -> Rows1.
        Assert.Equal(["g1", "g5"], await RangeAsync(connection, rows1, rows2, 0x8000_0005, 5));
        // Begin = End: the whole ring.
        Assert.Equal(["g1", "g2", "g3", "g4", "g5"], await RangeAsync(connection, rows1, rows2, 42, 42));

        // Delete needs the current version (the ETag).
        var delete = await QueryAsync(connection, "DeleteReminderRowKey");
        async Task<bool> DeleteAsync(int version)
        {
            await using var command = new NpgsqlCommand(delete, connection);
            command.Parameters.AddWithValue("ServiceId", "svc");
            command.Parameters.AddWithValue("GrainId", "g1");
            command.Parameters.AddWithValue("ReminderName", "r");
            command.Parameters.AddWithValue("Version", version);
            return Convert.ToBoolean(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.False(await DeleteAsync(0));
        Assert.True(await DeleteAsync(1));
        Assert.Equal(["g2", "g3", "g4", "g5"], await RangeAsync(connection, rows1, rows2, 7, 7));
    }
}
