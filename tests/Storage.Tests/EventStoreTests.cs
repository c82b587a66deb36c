using Oversight.Storage.ReadModel;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Oversight.Storage.Events;
using Xunit;
using Xunit.Abstractions;

namespace Oversight.Storage.Tests;

public class EventStoreTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Committed_sqlite_appends_are_checkpointed_into_the_database_file_by_the_store_not_by_the_commit()
    {
        await using var stores = await StoreSet.CreateAsync(DatabaseProvider.Sqlite, "es-checkpoint");
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(stores.Options.ConnectionString).DataSource;
        var before = new FileInfo(file).Length;

        // About 5 MB of events: without checkpoints they would stay in the WAL (no connection checkpoints on commit).
        var text = new string('x', 16_000);
        for (var i = 0; i < 40; i++)
        {
            var result = await stores.Events.AppendAsync("rec-wal", i * 8,
                Enumerable.Range(0, 8).Select(j => Samples.Event(payload: $"{{\"text\":\"{text}{i}-{j}\"}}")).ToArray());
            Assert.True(result.Success);
        }

        // The store's checkpointer copies them into the database file soon after.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (new FileInfo(file).Length < before + 4_000_000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(new FileInfo(file).Length >= before + 4_000_000, $"database file {new FileInfo(file).Length} bytes (was {before})");
        Assert.Equal(320, (await stores.Events.ReadStreamAsync("rec-wal")).Count);
    }

    [Fact]
    public async Task The_sqlite_checkpointer_waits_for_a_thousand_committed_pages_not_for_every_commit()
    {
        var options = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite, "es-checkpoint-pages", migrate: false);
        var connectionString = Oversight.Storage.Internal.SqliteConnections.Normalize(options.ConnectionString);
        Oversight.Storage.Internal.SqliteConnections.EnsureDirectory(connectionString);
        using var connection = Oversight.Storage.Internal.SqliteConnections.Open(connectionString);
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL);";
            create.ExecuteNonQuery();
        }
        Oversight.Storage.Internal.SqliteConnections.TakePagesWritten(connection);
        // Its own timer is an hour: only the pages committed can make it checkpoint in this test.
        using var checkpointer = new Oversight.Storage.Internal.SqliteCheckpointer(connectionString,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, maxInterval: TimeSpan.FromHours(1));

        int Insert(int bytes)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t (body) VALUES (zeroblob(@n));";
            insert.Parameters.AddWithValue("@n", bytes);
            insert.ExecuteNonQuery();
            return Oversight.Storage.Internal.SqliteConnections.TakePagesWritten(connection);
        }

        // Small commits, as a progress update makes: each counts the pages it wrote, and none asks for a checkpoint.
        var small = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            var pages = Insert(100);
            small.Add(pages);
            Assert.False(checkpointer.Committed(pages), $"commit {i} ({pages} pages) asked for a checkpoint");
        }
        Assert.All(small, pages => Assert.InRange(pages, 1, 5));
        Assert.Equal(small.Sum(), checkpointer.PendingPages);

        // A commit that takes the WAL past 1,000 pages (a 6 MB row) asks for one, once; it runs and starts the count again.
        var large = Insert(6_000_000);
        Assert.InRange(large, 1_400, 1_600);
        Assert.True(checkpointer.Committed(large));
        Assert.False(checkpointer.Committed(Insert(100)), "the threshold was already crossed and asked for");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (checkpointer.Checkpoints == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(1, checkpointer.Checkpoints);
        Assert.True(checkpointer.PendingPages < Oversight.Storage.Internal.SqliteCheckpointer.PagesPerCheckpoint);

        // What it copied is in the database file (the WAL had the only copy of those 6 MB).
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        Assert.True(new FileInfo(file).Length >= 6_000_000, $"database file {new FileInfo(file).Length} bytes");
    }

    [Fact]
    public async Task An_append_to_an_idle_sqlite_store_is_committed_on_the_callers_thread_before_it_returns()
    {
        await using var stores = await StoreSet.CreateAsync(DatabaseProvider.Sqlite, "es-inline");
        for (var i = 0; i < 5; i++)
        {
            // Nothing else is writing: the append runs its commit here, not on the writer thread, so its task is
            // already complete when it is handed back (no wake of the writer, no hop back to the caller).
            var append = stores.Events.AppendAsync("rec-inline", i, [Samples.Event("tick", $"{{\"round\":{i}}}")]);
            Assert.True(append.IsCompletedSuccessfully, $"append {i} was not committed on the caller's thread");
            Assert.Equal(i + 1, (await append).CurrentSeq);

            // Committed, not merely done: another connection reads it.
            using var other = new Microsoft.Data.Sqlite.SqliteConnection(stores.Options.ConnectionString);
            other.Open();
            using var count = other.CreateCommand();
            count.CommandText = "SELECT count(*) FROM oversight_event WHERE stream_id = 'rec-inline';";
            Assert.Equal(i + 1L, (long)count.ExecuteScalar()!);
        }
        Assert.True((await stores.Verifier.VerifyAsync("rec-inline")).Intact);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Append_and_read_round_trip_exactly(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "es-roundtrip");
        var at = new DateTimeOffset(2026, 3, 4, 15, 16, 17, TimeSpan.FromHours(7)).AddTicks(1234567);
        var events = new[]
        {
            Samples.Event("recommendation-created", "{ \"title\" : \"ปรับปรุงระบบ\",\n  \"n\": 1 }", at),
            Samples.Event("status-changed", "{\"status\":\"in-progress\"}", at.AddMilliseconds(1)),
            Samples.Event("note-added", "[]", at.AddTicks(1)),
        };

        var result = await stores.Events.AppendAsync("rec-1", 0, events);

        Assert.True(result.Success);
        Assert.Equal(3, result.CurrentSeq);
        Assert.Equal([1L, 2L, 3L], result.Appended.Select(e => e.Seq));
        Assert.True(result.Appended[0].Position > 0);
        Assert.True(result.Appended[0].Position < result.Appended[1].Position && result.Appended[1].Position < result.Appended[2].Position);

        var read = await stores.Events.ReadStreamAsync("rec-1");
        Assert.Equal(result.Appended, read);
        for (var i = 0; i < events.Length; i++)
        {
            Assert.Equal(events[i].RecordedAt, read[i].RecordedAt);
            Assert.Equal(events[i].RecordedAt.UtcTicks, read[i].RecordedAt.UtcTicks);
            Assert.Equal(events[i].Payload, read[i].Payload);
            Assert.Equal(events[i].EventType, read[i].EventType);
            Assert.Equal(events[i].Actor, read[i].Actor);
        }

        Assert.Empty(await stores.Events.ReadStreamAsync("rec-unknown"));
    }

    [Theory]
    [InlineData("rec-1", "progress-updated", "ict@example.org", "{\"note\":\"ความคืบหน้าร้อยละ ๕๐\"}")]
    [InlineData("rec-ไทย", "note", "ผู้ตรวจ", "")]
    [InlineData("rec-2", "a", "x", "emoji 🇹🇭 and a lone surrogate \ud800 end")]
    [InlineData("", "", "", "\n\n")]
    public void An_event_hash_is_the_sha256_of_the_utf8_of_its_documented_text(string streamId, string eventType, string actor, string payload)
    {
        var at = new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.FromHours(7)).AddTicks(1234567);
        foreach (var seq in new[] { 1L, 42L, long.MaxValue })
        {
            var text = string.Join('\n', EventHash.Genesis, streamId, seq.ToString(CultureInfo.InvariantCulture), eventType,
                "2026-12-02T02:30:00.1234567Z", actor, payload);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
                EventHash.Compute(EventHash.Genesis, streamId, seq, eventType, at, actor, payload));
        }
        var large = new string('ก', 200_000);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{EventHash.Genesis}\ns\n1\nt\n2026-12-02T02:30:00.1234567Z\na\n{large}"))),
            EventHash.Compute(EventHash.Genesis, "s", 1, "t", at, "a", large));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Hash_chain_follows_the_documented_formula(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "es-chain");
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(6);
        await stores.Events.AppendAsync("rec-chain", 0, [Samples.Event("a", "{\"x\":1}", at)]);
        await stores.Events.AppendAsync("rec-chain", 1, [Samples.Event("b", "{\"x\":2}", at), Samples.Event("c", "{}", at)]);

        var read = await stores.Events.ReadStreamAsync("rec-chain");
        Assert.Equal(new string('0', 64), read[0].PrevHash);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            new string('0', 64) + "\nrec-chain\n1\na\n2026-01-02T03:04:05.0000006Z\nauditor@example.org\n{\"x\":1}")));
        Assert.Equal(expected, read[0].Hash);
        for (var i = 0; i < read.Count; i++)
        {
            Assert.Equal(EventHash.Compute(read[i]), read[i].Hash);
            Assert.Matches("^[0-9a-f]{64}$", read[i].Hash);
            if (i > 0)
            {
                Assert.Equal(read[i - 1].Hash, read[i].PrevHash);
            }
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_stale_expected_seq_is_a_conflict_not_an_exception(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "es-conflict");
        await stores.Events.AppendAsync("rec-c", 0, [Samples.Event(), Samples.Event(), Samples.Event()]);

        var stale = await stores.Events.AppendAsync("rec-c", 1, [Samples.Event()]);
        Assert.False(stale.Success);
        Assert.Equal(3, stale.CurrentSeq);
        Assert.Empty(stale.Appended);

        var ahead = await stores.Events.AppendAsync("rec-c", 7, [Samples.Event()]);
        Assert.False(ahead.Success);
        Assert.Equal(3, ahead.CurrentSeq);

        var fresh = await stores.Events.AppendAsync("rec-new", 2, [Samples.Event()]);
        Assert.False(fresh.Success);
        Assert.Equal(0, fresh.CurrentSeq);

        Assert.Equal(3, (await stores.Events.ReadStreamAsync("rec-c")).Count);
        Assert.Empty(await stores.Events.ReadStreamAsync("rec-new"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Fifty_concurrent_appenders_on_one_stream_get_one_winner_per_seq(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "es-one-stream");
        const int appenders = 50;
        const int rounds = 5;

        for (var round = 0; round < rounds; round++)
        {
            var expected = (long)round;
            var results = await Task.WhenAll(Enumerable.Range(0, appenders).Select(i => Task.Run(() =>
                stores.Events.AppendAsync("rec-hot", expected, [Samples.Event("attempt", $"{{\"round\":{expected},\"appender\":{i}}}")]))));

            Assert.Single(results, r => r.Success);
            Assert.All(results, r => Assert.Equal(expected + 1, r.CurrentSeq));
        }

        var stream = await stores.Events.ReadStreamAsync("rec-hot");
        Assert.Equal(Enumerable.Range(1, rounds).Select(i => (long)i), stream.Select(e => e.Seq));
        Assert.True((await stores.Verifier.VerifyAsync()).Intact);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Fifty_concurrent_appenders_on_different_streams_all_succeed(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "es-many-streams");
        const int appenders = 50;
        const int rounds = 20;

        // Warm up JIT and the connection pool with one unmeasured concurrent round (round 0).
        Assert.All(
            await Task.WhenAll(Enumerable.Range(0, appenders).Select(i => Task.Run(() => stores.Events.AppendAsync($"rec-{i:D2}", 0, [Samples.Event("tick", "{\"round\":0}")])))),
            r => Assert.True(r.Success));

        var latencies = new ConcurrentBag<double>();
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(i => Task.Run(async () =>
        {
            for (var round = 1; round < rounds; round++)
            {
                var sw = Stopwatch.StartNew();
                var result = await stores.Events.AppendAsync($"rec-{i:D2}", round, [Samples.Event("tick", $"{{\"round\":{round}}}")]);
                latencies.Add(sw.Elapsed.TotalMilliseconds);
                Assert.True(result.Success, $"append {i}/{round} failed");
                Assert.Equal(round + 1, result.CurrentSeq);
            }
        })));
        total.Stop();

        var sorted = latencies.OrderBy(x => x).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[measure] {provider} event append, {appenders} concurrent appenders x {rounds - 1} appends (1 event each): " +
            $"p50 {Samples.Percentile(sorted, 50):F2} ms, p99 {Samples.Percentile(sorted, 99):F2} ms, max {sorted[^1]:F2} ms, " +
            $"{sorted.Count / total.Elapsed.TotalSeconds:F0} appends/s"));

        for (var i = 0; i < appenders; i++)
        {
            Assert.Equal(rounds, (await stores.Events.ReadStreamAsync($"rec-{i:D2}")).Count);
        }

        var verification = await stores.Verifier.VerifyAsync("rec-");
        Assert.True(verification.Intact);
        Assert.Equal(appenders, verification.Streams);
        Assert.Equal(appenders * rounds, verification.Events);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_failing_multi_event_append_leaves_nothing(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "es-atomic");
        var bad = Samples.Summary("rec-atomic") with { TitleTh = null! };   // violates NOT NULL after the events are inserted

        // Concurrent good appends share the SQLite group commit with the failing one and must not be affected.
        var good = Enumerable.Range(0, 10).Select(i => stores.Events.AppendAsync($"rec-good-{i}", 0, [Samples.Event()])).ToList();
        await Assert.ThrowsAnyAsync<Exception>(() => stores.Events.AppendAsync("rec-atomic", 0, [Samples.Event("a"), Samples.Event("b"), Samples.Event("c")], RecommendationProjection.Project(bad)));
        Assert.All(await Task.WhenAll(good), r => Assert.True(r.Success));

        Assert.Empty(await stores.Events.ReadStreamAsync("rec-atomic"));
        Assert.Null(await stores.ReadModel.GetAsync("rec-atomic"));
        Assert.Equal(0L, await TestDatabases.CountAsync(stores.Options, "oversight_stream_head WHERE stream_id = 'rec-atomic'"));

        var retry = await stores.Events.AppendAsync("rec-atomic", 0, [Samples.Event("a")], RecommendationProjection.Project(Samples.Summary("rec-atomic")));
        Assert.True(retry.Success);
        Assert.Equal(1, retry.CurrentSeq);
        Assert.True((await stores.Verifier.VerifyAsync()).Intact);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_summary_is_upserted_with_the_events_and_only_with_them(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "es-summary");
        var v1 = Samples.Summary("rec-s", units: ["ICT", "SPD"], version: 1);
        Assert.True((await stores.Events.AppendAsync("rec-s", 0, [Samples.Event()], RecommendationProjection.Project(v1))).Success);
        var stored = await stores.ReadModel.GetAsync("rec-s");
        Assert.NotNull(stored);
        Assert.Equal(v1.Units, stored.Units);
        Assert.Equal(v1 with { Units = stored.Units }, stored);

        var v2 = v1 with { Status = "in-progress", Progress = 40, Units = ["SPD"], Version = 2, Response = "กำลังดำเนินการ" };
        Assert.True((await stores.Events.AppendAsync("rec-s", 1, [Samples.Event("status-changed")], RecommendationProjection.Project(v2))).Success);
        var updated = await stores.ReadModel.GetAsync("rec-s");
        Assert.Equal(v2 with { Units = updated!.Units }, updated);
        Assert.Equal(["SPD"], updated.Units);
        Assert.Empty((await stores.ReadModel.QueryAsync(new(Unit: "ICT"))).Items);

        // A conflicting append does not touch the summary.
        var v3 = v2 with { Status = "implemented", Version = 3 };
        Assert.False((await stores.Events.AppendAsync("rec-s", 1, [Samples.Event()], RecommendationProjection.Project(v3))).Success);
        Assert.Equal("in-progress", (await stores.ReadModel.GetAsync("rec-s"))!.Status);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Update_and_delete_on_the_event_table_are_rejected(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "es-triggers");
        await stores.Events.AppendAsync("rec-t", 0, [Samples.Event(), Samples.Event()]);

        var update = await Assert.ThrowsAnyAsync<Exception>(() => TestDatabases.ExecAsync(stores.Options, "UPDATE oversight_event SET payload = '{}' WHERE seq = 1"));
        Assert.Contains("history is append-only", update.Message, StringComparison.Ordinal);
        var delete = await Assert.ThrowsAnyAsync<Exception>(() => TestDatabases.ExecAsync(stores.Options, "DELETE FROM oversight_event WHERE seq = 2"));
        Assert.Contains("history is append-only", delete.Message, StringComparison.Ordinal);
        if (provider == DatabaseProvider.PostgreSql)
        {
            var truncate = await Assert.ThrowsAnyAsync<Exception>(() => TestDatabases.ExecAsync(stores.Options, "TRUNCATE oversight_event"));
            Assert.Contains("history is append-only", truncate.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2, (await stores.Events.ReadStreamAsync("rec-t")).Count);
        Assert.True((await stores.Verifier.VerifyAsync()).Intact);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ReadAll_and_ReadLatest_follow_global_order_and_prefix(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "es-readall");
        await stores.Events.AppendAsync("rec-a", 0, [Samples.Event("a1"), Samples.Event("a2")]);
        await stores.Events.AppendAsync("report-x", 0, [Samples.Event("x1")]);
        await stores.Events.AppendAsync("rec-b", 0, [Samples.Event("b1")]);
        await stores.Events.AppendAsync("rec-a", 2, [Samples.Event("a3")]);
        await stores.Events.AppendAsync("rec_a%", 0, [Samples.Event("wild")]);

        var all = await ToListAsync(stores.Events.ReadAllAsync());
        Assert.Equal(["a1", "a2", "x1", "b1", "a3", "wild"], all.Select(e => e.EventType));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Position < p.Second.Position));

        var recs = await ToListAsync(stores.Events.ReadAllAsync(streamPrefix: "rec-"));
        Assert.Equal(["a1", "a2", "b1", "a3"], recs.Select(e => e.EventType));

        // Prefix is a literal, not a LIKE pattern.
        var literal = await ToListAsync(stores.Events.ReadAllAsync(streamPrefix: "rec_"));
        Assert.Equal(["wild"], literal.Select(e => e.EventType));

        var after = await ToListAsync(stores.Events.ReadAllAsync(afterPosition: all[2].Position));
        Assert.Equal(["b1", "a3", "wild"], after.Select(e => e.EventType));

        var latest = await stores.Events.ReadLatestAsync(3);
        Assert.Equal(["wild", "a3", "b1"], latest.Select(e => e.EventType));
        var latestRecs = await stores.Events.ReadLatestAsync(2, "rec-");
        Assert.Equal(["a3", "b1"], latestRecs.Select(e => e.EventType));
        Assert.Empty(await stores.Events.ReadLatestAsync(0));
    }

    [Fact]
    public async Task ReadAll_pages_through_many_events()
    {
        await using var stores = await StoreSet.CreateAsync(DatabaseProvider.Sqlite, "es-paging");
        var events = Enumerable.Range(0, 1234).Select(i => Samples.Event("e", $"{{\"i\":{i}}}")).ToList();
        await stores.Events.AppendAsync("rec-big", 0, events);
        var all = await ToListAsync(stores.Events.ReadAllAsync());
        Assert.Equal(Enumerable.Range(1, 1234).Select(i => (long)i), all.Select(e => e.Seq));
    }

    [Fact]
    public async Task Disposing_the_container_stops_the_sqlite_writer()
    {
        var stores = await StoreSet.CreateAsync(DatabaseProvider.Sqlite, "es-dispose");
        var events = stores.Events;
        Assert.True((await events.AppendAsync("rec-d", 0, [Samples.Event()])).Success);
        await stores.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => events.AppendAsync("rec-d", 1, [Samples.Event()]));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Invalid_appends_are_rejected_up_front(DatabaseProvider provider)
    {
        await using var stores = await StoreSet.CreateAsync(provider, "es-invalid");
        await Assert.ThrowsAnyAsync<ArgumentException>(() => stores.Events.AppendAsync("rec", 0, []));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => stores.Events.AppendAsync("", 0, [Samples.Event()]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => stores.Events.AppendAsync("rec", -1, [Samples.Event()]));
    }

    internal static async Task<List<StoredEvent>> ToListAsync(IAsyncEnumerable<StoredEvent> source)
    {
        var list = new List<StoredEvent>();
        await foreach (var e in source)
        {
            list.Add(e);
        }

        return list;
    }
}
