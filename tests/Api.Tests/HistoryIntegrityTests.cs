using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Oversight.Api.Tests;

/// <summary>
/// A history that shows every change, deletions included: changed evidence bytes, damaged rows, deleted or rewound
/// streams (against checkpoints), an altered read model. Each test tampers with its own database, as an attacker
/// with file access would (dropping the append-only triggers first), and reads through the API afterwards.
/// </summary>
public sealed class HistoryIntegrityTests : IAsyncLifetime
{
    private readonly OversightFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private Task<HttpClient> Client(string user) => _factory.ClientForAsync(user);

    private async Task ExecAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Grains keep state in memory; make them read the tampered database again, as after a restart.</summary>
    private async Task DeactivateGrainsAsync()
    {
        var grains = _factory.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
    }

    private async Task<JsonNode> VerifyAsync(string? query = null) => await (await Client("auditor")).GetJsonAsync("/api/v1/audit-trail/verify" + query);

    private async Task<JsonNode> CheckpointAsync()
    {
        var auditor = await Client("auditor");
        // The newest checkpoint covers every stream that existed a few seconds ago; wait until it covers the latest write.
        var events = (await VerifyAsync())["events"]!.GetValue<long>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var checkpoint = await auditor.GetJsonAsync("/api/v1/audit-trail/checkpoint");
            if (checkpoint["events"]!.GetValue<long>() >= events)
            {
                return checkpoint;
            }
            Assert.True(DateTime.UtcNow < deadline, "no checkpoint covered the log");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Changed_evidence_bytes_are_refused_on_download_and_reported_by_verify()
    {
        var id = Http.Rec("F1-R4");
        var ict = await Client("ict");
        var pdf = Http.Pdf("original evidence");
        var upload = await ict.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(pdf, "evidence.pdf", null, await ict.VersionAsync(id)));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        Assert.Equal(HttpStatusCode.OK, (await ict.GetAsync($"/api/v1/recommendations/{id}/evidence/ev-1")).StatusCode);
        Assert.True((await VerifyAsync())["intact"]!.GetValue<bool>());

        var altered = Http.Pdf("altered evidence!!");
        await ExecAsync("UPDATE oversight_blob SET content = $content WHERE sha256 = $sha", ("$content", altered), ("$sha", sha));

        var download = await ict.GetAsync($"/api/v1/recommendations/{id}/evidence/ev-1");
        Assert.Equal(HttpStatusCode.InternalServerError, download.StatusCode);
        var problem = await download.JsonAsync();
        Assert.Equal("evidence-damaged", problem["code"]!.GetValue<string>());
        Assert.Equal(sha, problem["sha256"]!.GetValue<string>());
        Assert.DoesNotContain("altered evidence", problem.ToJsonString());

        var verify = await VerifyAsync();
        Assert.False(verify["intact"]!.GetValue<bool>());
        var evidence = Assert.Single(verify["evidenceProblems"]!.AsArray());
        Assert.Equal((id, sha, "content-changed"), (evidence!["streamId"]!.GetValue<string>(), evidence["sha256"]!.GetValue<string>(), evidence["problem"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_row_with_an_unreadable_timestamp_is_a_broken_link_for_verify_and_a_history_damaged_problem_for_reads()
    {
        var id = Http.Rec("F2-R3");
        Assert.True((await VerifyAsync())["intact"]!.GetValue<bool>());   // the host is up and the log is sound
        await ExecAsync("DROP TRIGGER oversight_event_no_update; UPDATE oversight_event SET recorded_at = 'yesterday-ish' WHERE stream_id = $id AND seq = 1", ("$id", id));
        await DeactivateGrainsAsync();

        var verify = await VerifyAsync();
        Assert.False(verify["intact"]!.GetValue<bool>());
        Assert.Equal((id, 1L, "unreadable-row"), (verify["firstBroken"]!["streamId"]!.GetValue<string>(), verify["firstBroken"]!["seq"]!.GetValue<long>(),
            verify["firstBroken"]!["reason"]!.GetValue<string>()));

        var auditor = await Client("auditor");
        foreach (var url in new[]
        {
            $"/api/v1/recommendations/{id}", $"/api/v1/recommendations/{id}/history",
            $"/api/v1/reports/{Http.Report}/follow-up.pdf", $"/api/v1/reports/{Http.Report}/register.xlsx",
            $"/api/v1/reports/{Http.Report}/units/ILPO/follow-up.pdf",
        })
        {
            var response = await auditor.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"{url}: {(int)response.StatusCode}");
            var problem = await response.JsonAsync();
            Assert.Equal("history-damaged", problem["code"]!.GetValue<string>());
            Assert.Equal(id, problem["streamId"]!.GetValue<string>());
        }
        // Other recommendations still read normally.
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/v1/recommendations/{Http.Rec("F2-R4")}")).StatusCode);
    }

    [Fact]
    public async Task A_row_with_invalid_json_is_history_damaged_never_a_client_error()
    {
        var id = Http.Rec("F2-R4");
        var led = await Client("led");
        Assert.Equal(HttpStatusCode.Created, (await led.PostJsonAsync($"/api/v1/recommendations/{id}/comments", new { text = "x", expectedVersion = await led.VersionAsync(id) })).StatusCode);
        await ExecAsync("DROP TRIGGER oversight_event_no_update; UPDATE oversight_event SET payload = '{\"actor\":' WHERE stream_id = $id AND seq = 2", ("$id", id));
        await DeactivateGrainsAsync();

        var response = await led.GetAsync($"/api/v1/recommendations/{id}");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("history-damaged", (await response.JsonAsync())["code"]!.GetValue<string>());
        var verify = await VerifyAsync();
        Assert.False(verify["intact"]!.GetValue<bool>());
        Assert.Equal(id, verify["firstBroken"]!["streamId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_whole_stream_is_found_against_the_checkpoint_and_an_old_checkpoint_proves_it()
    {
        var checkpoint = await CheckpointAsync();
        var reference = checkpoint["reference"]!.GetValue<string>();
        Assert.Matches("^[0-9]+:[0-9a-f]{64}$", reference);
        var before = await VerifyAsync($"?checkpoint={reference}");
        Assert.True(before["intact"]!.GetValue<bool>());
        Assert.True(before["checkpoint"]!["intact"]!.GetValue<bool>());

        var id = Http.Rec("O1-R2");
        await ExecAsync("""
            DROP TRIGGER oversight_event_no_delete;
            DELETE FROM oversight_event WHERE stream_id = $id;
            DELETE FROM oversight_stream_head WHERE stream_id = $id;
            DELETE FROM oversight_recommendation_unit WHERE recommendation_id = $id;
            DELETE FROM oversight_recommendation_summary WHERE id = $id;
            """, ("$id", id));

        var verify = await VerifyAsync();
        Assert.False(verify["intact"]!.GetValue<bool>());
        Assert.Equal((id, "missing-since-checkpoint"), (verify["firstBroken"]!["streamId"]!.GetValue<string>(), verify["firstBroken"]!["reason"]!.GetValue<string>()));

        var old = await VerifyAsync($"?checkpoint={reference}");
        Assert.False(old["intact"]!.GetValue<bool>());
        Assert.Equal(("missing-since-checkpoint", id), (old["checkpoint"]!["reason"]!.GetValue<string>(), old["checkpoint"]!["streamId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Rewinding_a_stream_with_its_head_is_found_and_unknown_or_altered_checkpoints_are_not_intact()
    {
        var id = Http.Rec("F1-R7");
        var ops = await Client("ops");
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await ops.PostJsonAsync($"/api/v1/recommendations/{id}/comments",
                new { text = $"บันทึก {i}", expectedVersion = await ops.VersionAsync(id) })).StatusCode);
        }
        var checkpoint = await CheckpointAsync();
        var sequence = checkpoint["sequence"]!.GetValue<long>();
        var hash = checkpoint["hash"]!.GetValue<string>();

        // Remove the last two events and point the head at the one before: the stream's own chain looks whole.
        await ExecAsync("""
            DROP TRIGGER oversight_event_no_delete;
            DELETE FROM oversight_event WHERE stream_id = $id AND seq > (SELECT MAX(seq) - 2 FROM oversight_event WHERE stream_id = $id);
            UPDATE oversight_stream_head SET last_seq = (SELECT MAX(seq) FROM oversight_event WHERE stream_id = $id),
                last_hash = (SELECT hash FROM oversight_event WHERE stream_id = $id ORDER BY seq DESC LIMIT 1) WHERE stream_id = $id;
            """, ("$id", id));

        var verify = await VerifyAsync();
        Assert.False(verify["intact"]!.GetValue<bool>());
        Assert.Equal((id, "missing-since-checkpoint"), (verify["firstBroken"]!["streamId"]!.GetValue<string>(), verify["firstBroken"]!["reason"]!.GetValue<string>()));
        Assert.False((await VerifyAsync($"?checkpoint={sequence}:{hash}"))["intact"]!.GetValue<bool>());

        var unknown = await VerifyAsync($"?checkpoint={sequence + 1000}:{hash}");
        Assert.Equal("unknown-checkpoint", unknown["checkpoint"]!["reason"]!.GetValue<string>());
        Assert.False(unknown["intact"]!.GetValue<bool>());
        var altered = await VerifyAsync($"?checkpoint={sequence}:{new string('a', 64)}");
        Assert.Equal("checkpoint-altered", altered["checkpoint"]!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await (await Client("auditor")).GetAsync("/api/v1/audit-trail/verify?checkpoint=12:nothex")).StatusCode);
    }

    [Fact]
    public async Task An_altered_read_model_row_is_found_by_verify_and_the_rebuild_restores_it_everywhere()
    {
        var id = Http.Rec("F2-R1");
        var executive = await Client("executive");
        var total = (await executive.GetJsonAsync("/api/v1/board"))["totals"]!["byStatus"]!["closed-implemented"]!.GetValue<int>();
        await ExecAsync("UPDATE oversight_recommendation_summary SET status = 'closed-implemented' WHERE id = $id", ("$id", id));
        await ExecAsync("INSERT INTO oversight_recommendation_summary SELECT 'mol-digital-2565.F9-R9', report_id, 'F9-R9', finding_code, NULL, 99, title_th, title_en, units, response, status, progress, due_date, version, updated_at, updated_by, NULL, NULL, NULL FROM oversight_recommendation_summary WHERE id = $id", ("$id", id));

        var verify = await VerifyAsync();
        Assert.False(verify["intact"]!.GetValue<bool>());
        Assert.True(verify["readModelMismatchCount"]!.GetValue<int>() >= 2);
        var mismatches = verify["readModelMismatches"]!.AsArray();
        Assert.Contains(mismatches, m => m!["streamId"]!.GetValue<string>() == id && m["column"]!.GetValue<string>() == "status"
            && m["stored"]!.GetValue<string>() == "closed-implemented" && m["expected"]!.GetValue<string>() == "not-started");
        Assert.Contains(mismatches, m => m!["streamId"]!.GetValue<string>() == "mol-digital-2565.F9-R9");

        var admin = await Client("admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await executive.PostJsonAsync("/api/v1/admin/read-model/rebuild", new { })).StatusCode);
        var rebuild = await admin.PostJsonAsync("/api/v1/admin/read-model/rebuild", new { });
        Assert.Equal(HttpStatusCode.OK, rebuild.StatusCode);
        var result = await rebuild.JsonAsync();
        Assert.Equal(1, result["removedWithoutHistory"]!.GetValue<int>());

        Assert.True((await VerifyAsync())["intact"]!.GetValue<bool>());
        var list = await executive.GetJsonAsync($"/api/v1/recommendations?reportId={Http.Report}&limit=500");
        Assert.Equal("not-started", list["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == id)!["status"]!.GetValue<string>());
        Assert.DoesNotContain(list["items"]!.AsArray(), i => i!["code"]!.GetValue<string>() == "F9-R9");
        Assert.Equal(total, (await executive.GetJsonAsync("/api/v1/board"))["totals"]!["byStatus"]!["closed-implemented"]!.GetValue<int>());
    }
}
