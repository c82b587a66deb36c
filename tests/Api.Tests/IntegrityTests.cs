using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Oversight.Api.Tests;

/// <summary>No lost updates under concurrency, and tampering with the stored history is detected.</summary>
public sealed class IntegrityTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    [Fact]
    public async Task Fifty_concurrent_writers_on_one_recommendation_each_succeed_with_their_own_version_or_get_409()
    {
        var id = Http.Rec("F1-R3");
        var writers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => factory.ClientForAsync("ict")));
        var start = await writers[0].VersionAsync(id);

        // Round 1: everyone sends the same expected version at once: exactly one wins.
        var round1 = await Task.WhenAll(writers.Select((client, i) => client.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
            new { progress = i + 1, note = $"round 1 writer {i}", expectedVersion = start })));
        Assert.Single(round1, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var conflict in round1.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            var problem = await conflict.JsonAsync();
            Assert.Equal(start + 1, problem["currentVersion"]!.GetValue<long>());
            Assert.Equal("version-conflict", problem["code"]!.GetValue<string>());
        }

        // Round 2: every writer retries on 409 with the version it is told, until its own write lands.
        var versions = await Task.WhenAll(writers.Select(async (client, i) =>
        {
            var expected = start + 1;
            for (var attempt = 0; attempt < 500; attempt++)
            {
                var response = await client.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
                    new { progress = (i % 90) + 5 + (attempt % 2), note = $"round 2 writer {i}", expectedVersion = expected });
                var body = await response.JsonAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return body["version"]!.GetValue<long>();
                }
                if (response.StatusCode == HttpStatusCode.BadRequest && body["code"]!.GetValue<string>() == "no-change")
                {
                    continue; // same progress as the current value; the alternating attempt fixes that
                }
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                expected = body["currentVersion"]!.GetValue<long>();
            }
            throw new InvalidOperationException($"writer {i} never landed");
        }));

        // Every acknowledged write has its own version, and every one of them is in the history: nothing was lost.
        Assert.Equal(50, versions.Distinct().Count());
        var detail = await writers[0].GetJsonAsync($"/api/v1/recommendations/{id}");
        Assert.Equal(start + 51, detail["version"]!.GetValue<long>());
        var notes = detail["history"]!.AsArray().Select(h => h!["note"]?.GetValue<string>()).ToList();
        for (var i = 0; i < 50; i++)
        {
            Assert.Single(notes, n => n == $"round 2 writer {i}");
        }
        Assert.Single(notes, n => n is not null && n.StartsWith("round 1 writer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tampering_with_the_stored_history_outside_the_api_is_reported_by_verify()
    {
        var id = Http.Rec("F2-R3");
        var ilpo = await factory.ClientForAsync("ilpo");
        var auditor = await factory.ClientForAsync("auditor");
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ilpo.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
                new { progress = i * 10, note = $"ความคืบหน้า {i}", expectedVersion = await ilpo.VersionAsync(id) })).StatusCode);
        }
        var intact = await auditor.GetJsonAsync("/api/v1/audit-trail/verify");
        Assert.True(intact["intact"]!.GetValue<bool>());
        Assert.True(intact["events"]!.GetValue<long>() >= 18);

        // The event that recorded the second update (its place in the stream depends on what came before it).
        var history = (await auditor.GetJsonAsync($"/api/v1/recommendations/{id}/history"))["items"]!.AsArray();
        var seq = history.Single(h => h!["note"]?.GetValue<string>() == "ความคืบหน้า 2")!["seq"]!.GetValue<long>();

        await using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath}"))
        {
            await connection.OpenAsync();
            // The database itself refuses edits to history...
            await using (var blocked = connection.CreateCommand())
            {
                blocked.CommandText = "UPDATE oversight_event SET payload = replace(payload, 'ความคืบหน้า 2', 'ความคืบหน้า 9') WHERE stream_id = $id AND seq = $seq";
                blocked.Parameters.AddWithValue("$seq", seq);
                blocked.Parameters.AddWithValue("$id", id);
                var error = await Assert.ThrowsAsync<SqliteException>(() => blocked.ExecuteNonQueryAsync());
                Assert.Contains("append-only", error.Message);
            }
            // ...so an attacker with file access drops the guard first.
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = """
                DROP TRIGGER oversight_event_no_update;
                UPDATE oversight_event SET payload = replace(payload, 'ความคืบหน้า 2', 'ความคืบหน้า 9') WHERE stream_id = $id AND seq = $seq;
                """;
            tamper.Parameters.AddWithValue("$id", id);
            tamper.Parameters.AddWithValue("$seq", seq);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var broken = await auditor.GetJsonAsync("/api/v1/audit-trail/verify");
        Assert.False(broken["intact"]!.GetValue<bool>());
        Assert.Equal(id, broken["firstBroken"]!["streamId"]!.GetValue<string>());
        Assert.Equal(seq, broken["firstBroken"]!["seq"]!.GetValue<long>());
        Assert.Equal("hash-mismatch", broken["firstBroken"]!["reason"]!.GetValue<string>());

        // History cannot be edited through any API: there is no route that writes to it.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await auditor.PutJsonAsync($"/api/v1/recommendations/{id}/history", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await auditor.DeleteAsync($"/api/v1/recommendations/{id}/history")).StatusCode);
    }
}
