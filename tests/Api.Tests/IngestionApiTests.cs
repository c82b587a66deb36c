using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static Oversight.Api.Tests.MonitoringTestKit;

namespace Oversight.Api.Tests;

/// <summary>
/// API keys and batch ingestion through the real host: keys are admin-only, shown once and stored hashed; a missing,
/// wrong, unscoped or revoked key is refused at once; a batch is counted, a resend replaces and never double-counts;
/// every bad input is a 4xx that lists the bad items and changes nothing.
/// </summary>
public sealed class IngestionApiTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    [Fact]
    public async Task Api_keys_are_for_admins_shown_once_and_stored_only_as_a_hash()
    {
        foreach (var user in new[] { "ict", "auditor", "executive" })
        {
            var client = await factory.ClientForAsync(user);
            var refused = await client.PostJsonAsync("/api/v1/api-keys", new { source = "lbda", name = "x", scopes = new[] { "metrics:write" } });
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/api-keys")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await KeyClient(factory, null).GetAsync("/api/v1/api-keys")).StatusCode);

        var (id, key) = await CreateKeyAsync(factory, "lbda-hash-test", "metrics:write");
        Assert.StartsWith("ovk_", key);
        Assert.True(key.Length >= 40, "a key carries at least 32 random bytes");

        var admin = await factory.ClientForAsync("admin");
        var listText = await (await admin.GetAsync("/api/v1/api-keys")).Content.ReadAsStringAsync();
        Assert.Contains(id, listText);
        Assert.DoesNotContain(key, listText);

        // The secret is nowhere in the database (files of the embedded store, WAL included); its hash is.
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var stored = new StringBuilder();
        foreach (var file in Directory.GetFiles(factory.DataDirectory, "oversight.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            stored.Append(await reader.ReadToEndAsync());
        }
        Assert.DoesNotContain(key, stored.ToString());
        Assert.Contains(hash, stored.ToString());
    }

    [Fact]
    public async Task Bad_key_requests_are_refused_with_clear_problems()
    {
        var admin = await factory.ClientForAsync("admin");
        async Task Refused(object body, string field)
        {
            var response = await admin.PostJsonAsync("/api/v1/api-keys", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(field, await response.Content.ReadAsStringAsync());
        }
        await Refused(new { source = "lbda", name = "x", scopes = new[] { "everything" } }, "scopes");
        await Refused(new { source = "lbda", name = "x", scopes = Array.Empty<string>() }, "scopes");
        await Refused(new { source = "synthetic-demo", name = "x", scopes = new[] { "metrics:write" } }, "source");
        await Refused(new { source = "report:mol", name = "x", scopes = new[] { "metrics:write" } }, "source");
        await Refused(new { source = "has space", name = "x", scopes = new[] { "metrics:write" } }, "source");
        await Refused(new { source = "lbda", name = "x\u202Ey", scopes = new[] { "metrics:write" } }, "name");
        await Refused(new { source = "lbda", scopes = new[] { "metrics:write" } }, "name");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/v1/api-keys/key-000000000000")).StatusCode);
    }

    [Fact]
    public async Task A_missing_wrong_unscoped_or_revoked_key_is_refused_and_last_use_is_shown()
    {
        var observation = Observation("lbda-keys", "lbda.logins", "province:12", "2026-08", 10);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(KeyClient(factory, null), observation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(KeyClient(factory, "ovk_not-a-key"), observation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(KeyClient(factory, "Bearer nonsense"), observation)).StatusCode);

        // A signed-in person is not a key: even an admin's session cannot send figures.
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(await factory.ClientForAsync("admin"), observation)).StatusCode);

        // A key without metrics:write.
        var (_, importOnly) = await CreateKeyAsync(factory, "lbda-keys", "imports:write");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(KeyClient(factory, importOnly), observation)).StatusCode);

        var (id, key) = await CreateKeyAsync(factory, "lbda-keys", "metrics:write");
        var client = KeyClient(factory, key);
        var admin = await factory.ClientForAsync("admin");
        var before = (await admin.GetJsonAsync("/api/v1/api-keys")).AsArray().Single(k => k!["id"]!.GetValue<string>() == id);
        Assert.Null(before!["lastUsedAt"]?.GetValue<DateTimeOffset?>());

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, observation)).StatusCode);
        var after = (await admin.GetJsonAsync("/api/v1/api-keys")).AsArray().Single(k => k!["id"]!.GetValue<string>() == id);
        Assert.NotNull(after!["lastUsedAt"]?.GetValue<DateTimeOffset?>());

        // Revoked: the very next request is refused, and the key stays refused.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, Observation("lbda-keys", "lbda.logins", "province:12", "2026-09", 11))).StatusCode);
        var revoked = (await admin.GetJsonAsync("/api/v1/api-keys")).AsArray().Single(k => k!["id"]!.GetValue<string>() == id);
        Assert.NotNull(revoked!["revokedAt"]?.GetValue<DateTimeOffset?>());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode);
        var executive = await factory.ClientForAsync("executive");
        Assert.Null(await ProvinceFigureAsync(executive, "12", "lbda.logins", "2026-09", "lbda-keys"));
    }

    [Fact]
    public async Task A_batch_is_counted_and_a_resend_replaces_without_double_counting_and_the_history_says_so()
    {
        var (_, key) = await CreateKeyAsync(factory, "lbda-resend", "metrics:write");
        var client = KeyClient(factory, key);
        var batch = new[]
        {
            Observation("lbda-resend", "lbda.staff-needing-access", "province:13", "2026-07", 40),
            Observation("lbda-resend", "lbda.registered-staff", "province:13", "2026-07", 10),
            Observation("lbda-resend", "lbda.active-users", "province:13", "2026-07", 6),
        };

        var first = await (await SendAsync(client, batch)).JsonAsync();
        Assert.Equal((3, 3, 0, 0), Counts(first));
        Assert.Matches("^[0-9a-f]{64}$", first["batchSha256"]!.GetValue<string>());

        var again = await (await SendAsync(client, batch)).JsonAsync();
        Assert.Equal((3, 0, 0, 3), Counts(again));

        batch[1] = Observation("lbda-resend", "lbda.registered-staff", "province:13", "2026-07", 12);
        var changed = await (await SendAsync(client, batch)).JsonAsync();
        Assert.Equal((3, 0, 1, 2), Counts(changed));

        var executive = await factory.ClientForAsync("executive");
        var figure = await ProvinceFigureAsync(executive, "13", "lbda.registered-staff", "2026-07", "lbda-resend");
        Assert.Equal(12, figure!["value"]!.GetValue<double>());
        Assert.Equal("lbda-resend", figure["source"]!.GetValue<string>());
        Assert.False(figure["synthetic"]!.GetValue<bool>());

        // The figure's history: inserted at 10, then replaced 10 → 12; the unchanged resend left no trace.
        var detail = await executive.GetJsonAsync("/api/v1/provinces/13");
        var changes = detail["changes"]!.AsArray()
            .Where(c => c!["metric"]!.GetValue<string>() == "lbda.registered-staff" && c["source"]!.GetValue<string>() == "lbda-resend").ToArray();
        Assert.Equal(2, changes.Length);
        Assert.Null(changes[0]!["previous"]?.GetValue<double?>());
        Assert.Equal(10, changes[1]!["previous"]!.GetValue<double>());
        Assert.Equal(12, changes[1]!["value"]!.GetValue<double>());

        // Each accepted batch is in the audit trail, and the trail verifies.
        var verify = await (await factory.ClientForAsync("auditor")).GetJsonAsync("/api/v1/audit-trail/verify?prefix=metrics");
        Assert.True(verify["intact"]!.GetValue<bool>(), verify.ToJsonString());
    }

    private static (int, int, int, int) Counts(JsonNode body) => (body["received"]!.GetValue<int>(), body["inserted"]!.GetValue<int>(),
        body["replaced"]!.GetValue<int>(), body["unchanged"]!.GetValue<int>());

    public static TheoryData<string, string, string, string, string, string, string> BadObservations => new()
    {
        // source, metric, subject, period, value, asOf, the column at fault
        { "lbda-bad", "lbda.nonsense", "province:14", "2026-06", "5", "", "metric" },
        { "lbda-bad", "lbda.logins", "district:14", "2026-06", "5", "", "subject" },
        { "lbda-bad", "lbda.logins", "province:99", "2026-06", "5", "", "subject" },
        { "lbda-bad", "lbda.logins", "province:28", "2026-06", "5", "", "subject" },
        { "lbda-bad", "lbda.logins", "eservice:does-not-exist", "2026-06", "5", "", "subject" },
        { "lbda-bad", "eservice.uses", "province:14", "2026-06", "5", "", "subject" },
        { "lbda-bad", "lbda.registered-staff", "province:14", "2026-06", "100001", "", "value" },
        { "lbda-bad", "lbda.logins", "province:14", "2026-06", "-1", "", "value" },
        { "lbda-bad", "lbda.logins", "province:14", "2026-06", "2.5", "", "value" },
        { "lbda-bad", "lbda.logins", "province:14", "2026-06", "many", "", "value" },
        { "lbda-bad", "lbda.logins", "province:14", "2026-06", "5", "2099-01-01", "asOf" },
        { "lbda-bad", "lbda.logins", "province:14", "2026-06", "5", "01/06/2569", "asOf" },
        { "lbda-bad", "lbda.logins", "province:14", "2026-13", "5", "", "period" },
        { "lbda-bad", "lbda.logins", "province:14", "FY25", "5", "", "period" },
        { "lbda-bad", "lbda.logins", "province:14", "มิ.ย. 2569", "5", "", "period" },
        { "other-system", "lbda.logins", "province:14", "2026-06", "5", "", "source" },
        { "lbda-bad", "dataset.last-update", "dataset:doae-farmer-registry", "2026-06", "2099-01-01", "", "value" },
    };

    [Theory]
    [MemberData(nameof(BadObservations))]
    public async Task A_bad_observation_refuses_the_whole_batch_and_changes_nothing(string source, string metric, string subject, string period, string value, string asOf,
        string column)
    {
        var (_, key) = await CreateKeyAsync(factory, "lbda-bad", "metrics:write");
        var client = KeyClient(factory, key);
        var good = Observation("lbda-bad", "lbda.reports", "province:14", "2026-06", 3);
        object badValue = double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var number) && metric != "dataset.last-update" ? number : value;
        var bad = Observation(source, metric, subject, period, badValue, asOf.Length == 0 ? null : asOf);

        var errors = await RowErrorsAsync(await SendAsync(client, good, bad));
        Assert.Contains(errors, e => e.Row == 1 && e.Column == column);
        Assert.DoesNotContain(errors, e => e.Row == 0);

        var executive = await factory.ClientForAsync("executive");
        Assert.Null(await ProvinceFigureAsync(executive, "14", "lbda.reports", "2026-06", "lbda-bad"));
    }

    [Fact]
    public async Task Two_items_for_the_same_key_in_one_batch_are_refused()
    {
        var (_, key) = await CreateKeyAsync(factory, "lbda-dup", "metrics:write");
        var errors = await RowErrorsAsync(await SendAsync(KeyClient(factory, key),
            Observation("lbda-dup", "lbda.logins", "province:15", "2026-05", 1),
            Observation("lbda-dup", "lbda.reports", "province:15", "2026-05", 1),
            Observation("lbda-dup", "lbda.logins", "province:15", "2026-05", 2)));
        Assert.Equal([(2, "period")], errors.Select(e => (e.Row, e.Column)));
        Assert.Contains("row 0", errors[0].Reason);
        Assert.Null(await ProvinceFigureAsync(await factory.ClientForAsync("executive"), "15", "lbda.reports", "2026-05", "lbda-dup"));
    }

    [Fact]
    public async Task Every_bad_item_of_a_batch_is_listed()
    {
        var (_, key) = await CreateKeyAsync(factory, "lbda-many", "metrics:write");
        var items = Enumerable.Range(0, 20).Select(i => Observation("lbda-many", "lbda.logins", $"province:{(i % 2 == 0 ? "16" : "98")}", $"{2025 + i / 12}-{i % 12 + 1:00}", i)).ToArray();
        var errors = await RowErrorsAsync(await SendAsync(KeyClient(factory, key), items));
        Assert.Equal(Enumerable.Range(0, 20).Where(i => i % 2 == 1), errors.Select(e => e.Row));
    }

    [Fact]
    public async Task Malformed_oversized_and_empty_batches_get_a_clear_4xx()
    {
        var (_, key) = await CreateKeyAsync(factory, "lbda-shape", "metrics:write");
        var client = KeyClient(factory, key);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendRawAsync(HttpMethod.Post, "/api/v1/metrics", "{\"observations\": [")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendRawAsync(HttpMethod.Post, "/api/v1/metrics", "{\"observations\": []}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendRawAsync(HttpMethod.Post, "/api/v1/metrics", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendRawAsync(HttpMethod.Post, "/api/v1/metrics", "{\"observations\": [], \"extra\": 1}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendRawAsync(HttpMethod.Post, "/api/v1/metrics", "{\"observations\": [null]}")).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.SendRawAsync(HttpMethod.Post, "/api/v1/metrics", "source,metric", "text/csv")).StatusCode);

        var tooMany = Enumerable.Range(0, 10_001).Select(i => Observation("lbda-shape", "lbda.logins", "province:17", "2026-01", i)).ToArray();
        var response = await SendAsync(client, tooMany);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        // Exactly the limit is accepted.
        var codes = (await (await factory.ClientForAsync("executive")).GetJsonAsync("/api/v1/provinces"))["items"]!.AsArray()
            .Select(p => p!["code"]!.GetValue<string>()).ToArray();
        Assert.Equal(77, codes.Length);
        var limit = Enumerable.Range(0, 10_000)
            .Select(i => Observation("lbda-shape", "lbda.logins", $"province:{codes[i % 77]}", $"{2015 + i / 77 / 12}-{i / 77 % 12 + 1:00}", i)).ToArray();
        var accepted = await (await SendAsync(client, limit)).JsonAsync();
        Assert.Equal(10_000, accepted["inserted"]!.GetValue<int>());
    }
}
