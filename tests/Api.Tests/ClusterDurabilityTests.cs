using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Npgsql;
using Oversight.Board.Client;
using Oversight.Storage;
using Oversight.Storage.Blobs;
using Oversight.Storage.Events;
using Oversight.TestSupport;
using Xunit.Abstractions;

namespace Oversight.Api.Tests;

/// <summary>
/// Failover and durability of the production topology (issue 10), as real processes on the real PostgreSQL: silos
/// (src/Silo) on PostgreSQL clustering and Web hosts as Orleans clients. The tests share one cluster (two silos started
/// together on an empty database, and a Web host): each starts from every silo running and leaves it so, and each
/// checks only what it wrote itself. Nothing waits a fixed time: every wait polls with a deadline.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class ClusterDurabilityTests(ClusterDurabilityTests.SharedCluster shared, ITestOutputHelper output) : IClassFixture<ClusterDurabilityTests.SharedCluster>
{
    /// <summary>Two silos started at the same moment on a new database, then a Web host; a silo a test killed is restarted before the next test.</summary>
    public sealed class SharedCluster : IAsyncLifetime
    {
        private PostgresCluster? _cluster;

        /// <summary>What the silos logged at level fail or crit while starting together on the empty database.</summary>
        public IReadOnlyList<string> StartErrors { get; private set; } = [];

        public async Task InitializeAsync()
        {
            _cluster = await PostgresCluster.StartAsync("durability", silos: 2);
            StartErrors = [.. _cluster.Silos.SelectMany(s => s.Errors)];
            await _cluster.StartWebHostAsync();
        }

        /// <summary>The cluster with every silo running (one a previous test killed is restarted on its ports).</summary>
        public async Task<PostgresCluster> RunningAsync()
        {
            foreach (var silo in _cluster!.Silos.Where(s => s.HasExited).ToArray())
            {
                await _cluster.RestartAsync(silo);
            }
            return _cluster;
        }

        public async Task DisposeAsync()
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Two silos, a writer at a steady rate and a connected board; kill -9 the silo holding most of the written grains.
    /// Its grains come back on the other silo, the Web host answers only 2xx, 409 or 503 (never 500) during the switch,
    /// every acknowledged write is there afterwards, and the board matches the server again within 10 s.
    /// </summary>
    [Fact]
    public async Task A_killed_silo_s_grains_come_back_on_the_other_and_no_acknowledged_write_is_lost()
    {
        var cluster = await shared.RunningAsync();
        var web = cluster.WebHosts[0];
        var reader = await PostgresCluster.SignInAsync(web, "executive");
        var executiveToken = reader.DefaultRequestHeaders.Authorization!.Parameter;
        await using var board = new BoardClient(new BoardClientOptions { BaseAddress = web.BaseAddress, AccessToken = () => Task.FromResult(executiveToken) });
        await board.StartAsync();

        var ids = DurabilityTests.Codes.Select(Http.Rec).ToArray();
        var writes = new AcknowledgedWrites(await PostgresCluster.SignInAsync(web, "ict"));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var writers = writes.Start(ids, "failover", TimeSpan.FromMilliseconds(100), stop.Token);
        await Until(() => writes.Acknowledged.Count >= 4 * ids.Length, "the first writes", writers);

        // Where the written grains live now; kill the silo that holds the most of them.
        var placement = new Dictionary<string, int?>();
        foreach (var id in ids)
        {
            placement[id] = await cluster.SiloPortOfAsync(id);
        }
        var victim = cluster.Silos.MaxBy(s => placement.Values.Count(p => p == s.Ports.Silo))!;
        var survivor = cluster.Silos.Single(s => s != victim);
        var moved = placement.Where(p => p.Value == victim.Ports.Silo).Select(p => p.Key).ToArray();
        Assert.NotEmpty(moved);
        var acksBefore = ids.ToDictionary(id => id, id => writes.Acknowledged.Count(a => a.Id == id));

        writes.Mark();
        var clock = Stopwatch.StartNew();
        victim.KillHard();
        // Failover is complete when every grain of the dead silo has acknowledged a write again.
        await Until(() => moved.All(id => writes.Acknowledged.Count(a => a.Id == id) > acksBefore[id]), "every moved grain accepting writes again", writers, 60);
        var failover = clock.Elapsed;
        var firstAck = writes.FirstAckAfterMark;
        await Until(() => writes.Acknowledged.Count >= acksBefore.Values.Sum() + 2 * ids.Length + 20, "writes after the failover", writers);
        await stop.CancelAsync();
        await Task.WhenAll(writers); // a 500 or any other refusal would have faulted a writer

        // The grain directory may name the dead silo for a moment after the moved grains answer from the survivor (a
        // silo's directory cache drops a dead silo's entries when its membership view catches up): it must come to
        // name the survivor for every moved grain.
        var located = Stopwatch.StartNew();
        foreach (var id in moved)
        {
            int? port;
            while ((port = await cluster.SiloPortOfAsync(id)) != survivor.Ports.Silo && located.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
            Assert.Equal(survivor.Ports.Silo, port);
        }
        await writes.VerifyAsync(reader);
        var consistent = await BoardConsistency.WaitUntilMatchesAsync(board, reader, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(writes.Failures.Keys, k => k.StartsWith('5') && k != "503");

        var line = string.Create(CultureInfo.InvariantCulture,
            $"Failover: kill -9 of 1 of 2 silos holding {moved.Length} of {ids.Length} written grains; first acknowledged write after the kill {firstAck?.TotalSeconds:F2} s; " +
            $"every moved grain writable again {failover.TotalSeconds:F2} s after the kill; answers other than 2xx during the switch: {writes.FailureSummary()}; " +
            $"{writes.Acknowledged.Count} writes acknowledged, none lost; board consistent {consistent.TotalSeconds:F2} s after the writers stopped (resyncs {board.Resyncs}, reconnects {board.Reconnects})");
        output.WriteLine(line);
        await File.AppendAllTextAsync(Path.Combine(TestArtifacts.Directory(), "failover.txt"), $"{DateTimeOffset.UtcNow:O} {line}\n");
    }

    /// <summary>
    /// Ten cycles: 100 acknowledged writes through the Web host, kill -9 a silo (in turn) while the writers are busy,
    /// restart it; nothing acknowledged is lost. The check of every acknowledged write runs while the killed silo restarts
    /// (the other silo serves its grains by then); the next cycle's writes wait until it is ready.
    /// </summary>
    [Fact]
    public async Task Ten_kill_9_cycles_of_100_acknowledged_writes_on_a_cluster_silo_lose_nothing()
    {
        var cluster = await shared.RunningAsync();
        var web = cluster.WebHosts[0];
        var reader = await PostgresCluster.SignInAsync(web, "auditor");
        var writes = new AcknowledgedWrites(await PostgresCluster.SignInAsync(web, "ict"));
        var ids = DurabilityTests.Codes.Select(Http.Rec).ToArray();
        var clock = Stopwatch.StartNew();
        for (var cycle = 1; cycle <= DurabilityTests.Cycles; cycle++)
        {
            var victim = cluster.Silos[cycle % cluster.Silos.Count];
            var phase = Stopwatch.StartNew();
            await writes.WriteThenAsync(ids, $"cycle {cycle}", DurabilityTests.WritesPerCycle, victim.KillHard);
            Assert.True(victim.HasExited);
            var written = phase.Elapsed;
            var restarting = cluster.RestartAsync(victim);
            await writes.VerifyAsync(reader);
            var verified = phase.Elapsed;
            await restarting;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cycle {cycle}: 100 writes {written.TotalSeconds:F1} s, verify {(verified - written).TotalSeconds:F1} s, restart {(phase.Elapsed - written).TotalSeconds:F1} s (from the kill, beside the verify)"));
        }
        var verify = (await AcknowledgedWrites.ReadAsync(reader, "/api/v1/audit-trail/verify")).AsObject();
        Assert.True(verify["intact"]!.GetValue<bool>(), verify.ToJsonString());
        Assert.DoesNotContain(writes.Failures.Keys, k => k.StartsWith('5') && k != "503");
        output.WriteLine($"Cluster: {DurabilityTests.Cycles} kill -9 cycles of a silo, {writes.Acknowledged.Count} acknowledged writes, none lost; " +
            $"other answers: {writes.FailureSummary()}; {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// Two silos started at the same moment on an empty database leave one schema: each script's version row once, every
    /// table, no error logged by either; restarting one changes nothing. Then evidence uploaded through one Web host is
    /// downloaded, byte for byte, through another: it lives in PostgreSQL, not on a node's disk.
    /// </summary>
    [Fact]
    public async Task Two_silos_starting_together_on_an_empty_database_leave_one_schema_and_serve_evidence_to_every_web_host()
    {
        var cluster = await shared.RunningAsync(); // its two silos started together on an empty database
        var expected = DatabaseMigrator.Scripts(DatabaseProvider.PostgreSql);
        var schema = await SchemaAsync(cluster.ConnectionString);
        Assert.Equal(expected.Select(s => (s.Version, s.Checksum)), schema.Versions);
        Assert.Empty(ScriptTables().Except(schema.Tables));
        Assert.Empty(shared.StartErrors);

        var restarted = cluster.Silos[0];
        restarted.KillHard();
        restarted = await cluster.RestartAsync(restarted);
        Assert.Equal(schema, await SchemaAsync(cluster.ConnectionString));
        Assert.Empty(restarted.Errors);

        var a = cluster.WebHosts[0];
        var b = cluster.WebHosts.Count > 1 ? cluster.WebHosts[1] : await cluster.StartWebHostAsync();
        var onA = await PostgresCluster.SignInAsync(a, "ict");
        var onB = await PostgresCluster.SignInAsync(b, "ict");
        var id = Http.Rec("F1-R3");
        var bytes = Http.Pdf($"evidence {Guid.NewGuid():N}");
        var upload = await onA.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(bytes, "หลักฐาน.pdf", "อัปโหลดที่ host A"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var evidenceId = (await upload.JsonAsync())["createdId"]!.GetValue<string>();
        var download = await onB.GetAsync($"/api/v1/recommendations/{id}/evidence/{evidenceId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), download.Headers.GetValues("X-Evidence-Sha256").Single());
        await using var db = new NpgsqlConnection(cluster.ConnectionString);
        await db.OpenAsync();
        await using var stored = new NpgsqlCommand("SELECT count(*) FROM oversight_blob WHERE sha256 = @h", db);
        stored.Parameters.AddWithValue("h", Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(1L, await stored.ExecuteScalarAsync());
    }

    /// <summary>A database at the previous schema version, made by its scripts and holding rows, upgraded by starting a silo of this version: every row is kept.</summary>
    [Fact]
    public async Task An_upgrade_from_the_previous_schema_version_keeps_every_row()
    {
        var scripts = DatabaseMigrator.Scripts(DatabaseProvider.PostgreSql);
        var previous = scripts[^2].Version;
        var connectionString = await PostgresServer.CreateDatabaseAsync("upgrade");
        try
        {
            var options = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString };
            Assert.Equal(previous, (await DatabaseMigrator.MigrateToAsync(options, previous)).CurrentVersion);
            await using (var source = NpgsqlDataSource.Create(connectionString))
            {
                var events = new PostgresEventStore(source);
                for (var i = 0; i < 3; i++)
                {
                    Assert.True((await events.AppendAsync("upgrade-test/stream", i, [new NewEvent("upgrade-test", DateTimeOffset.UtcNow, "test", $$"""{"n":{{i}}}""")])).Success);
                }
                var blob = Http.Pdf("before the upgrade");
                await new PostgresBlobStore(source).PutAsync(Convert.ToHexStringLower(SHA256.HashData(blob)), "application/pdf", blob);
            }
            var before = await RowsAsync(connectionString);
            Assert.Contains(before, r => r.Table == "oversight_event");

            await using var silo = SiloProcess.Start(connectionString, "oversight-upgrade");
            await silo.WaitReadyAsync();
            var after = await RowsAsync(connectionString);
            Assert.Empty(before.Except(after));
            Assert.Equal(scripts.Select(s => (s.Version, s.Checksum)), (await SchemaAsync(connectionString)).Versions);
            Assert.Empty(silo.Errors);
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task Until(Func<bool> condition, string what, Task[] writers, double seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (writers.FirstOrDefault(w => w.IsFaulted) is { } failed)
            {
                await failed;
            }
            Assert.True(clock.Elapsed.TotalSeconds < seconds, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>The tables the schema scripts create.</summary>
    private static IEnumerable<string> ScriptTables() =>
        Directory.GetFiles(Path.Combine(RepoRoot.Find(), "src", "Storage", "Schema", "PostgreSql"), "*.sql")
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            .Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct();

    private sealed record Schema((int Version, string Checksum)[] Versions, string[] Tables)
    {
        public bool Equals(Schema? other) => other is not null && Versions.SequenceEqual(other.Versions) && Tables.SequenceEqual(other.Tables);
        public override int GetHashCode() => Versions.Length;
    }

    private static async Task<Schema> SchemaAsync(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var versions = new List<(int, string)>();
        await using (var command = new NpgsqlCommand("SELECT version, checksum FROM oversight_schema_version ORDER BY version", db))
        await using (var rows = await command.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                versions.Add((rows.GetInt32(0), rows.GetString(1)));
            }
        }
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name", db))
        await using (var rows = await command.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                tables.Add(rows.GetString(0));
            }
        }
        return new Schema([.. versions], [.. tables]);
    }

    /// <summary>Every row of every table as text, but for the tables a running cluster rewrites (membership, reminders, grain state).</summary>
    private static async Task<List<(string Table, string Row)>> RowsAsync(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var result = new List<(string, string)>();
        foreach (var table in (await SchemaAsync(connectionString)).Tables.Where(t => !t.StartsWith("orleansmembership", StringComparison.Ordinal)
            && t is not "orleansreminderstable" and not "orleansstorage"))
        {
            await using var command = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", db);
            await using var rows = await command.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                result.Add((table, rows.GetString(0)));
            }
        }
        return result;
    }
}
