using System.Security.Cryptography;
using System.Text;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;

namespace Oversight.Grains.Tests.Monitoring;

/// <summary>API keys: returned once, stored hashed, checked, revoked at once, last use kept across reactivation, managed by administrators only.</summary>
public abstract class ApiKeyDirectoryGrainTests(ClusterFixtureBase fixture) : MonitoringTestBase(fixture)
{
    private const string StreamId = "apikeys:keys";

    private IApiKeyDirectoryGrain Keys => Client.GetGrain<IApiKeyDirectoryGrain>("keys");

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private async Task<(string Id, string Key, string Source)> NewKeyAsync(params string[] scopes)
    {
        var source = NewSource();
        var (result, key) = await Keys.CreateAsync(MonitoringActors.Admin, source, "ระบบส่งข้อมูลทดสอบ", scopes.Length == 0 ? [ApiKeyScopes.MetricsWrite] : scopes);
        Assert.True(result.Ok, result.Error?.Detail);
        Assert.NotNull(key);
        return (result.CreatedId!, key!, source);
    }

    [Fact]
    public async Task A_new_key_is_returned_once_and_only_its_hash_is_stored()
    {
        var (id, key, source) = await NewKeyAsync(ApiKeyScopes.MetricsWrite, ApiKeyScopes.ImportsWrite);
        Assert.StartsWith("key-", id);
        Assert.StartsWith("ovk_", key);
        Assert.True(key.Length >= 40);

        var view = Assert.Single(await Keys.ListAsync(), k => k.Id == id);
        Assert.Equal((source, "ระบบส่งข้อมูลทดสอบ", "admin"), (view.Source, view.Name, view.CreatedBy));
        Assert.Equal([ApiKeyScopes.MetricsWrite, ApiKeyScopes.ImportsWrite], view.Scopes);
        Assert.Null(view.LastUsedAt);
        Assert.Null(view.RevokedAt);

        // The audit trail and the read model hold the key's SHA-256, never the key.
        var hash = Sha256(key);
        var created = Assert.Single(await StreamAsync(StreamId), e => e.Payload.Contains(id, StringComparison.Ordinal) && e.EventType == "api-key-created");
        Assert.Contains(hash, created.Payload);
        await foreach (var stored in Events.ReadAllAsync())
        {
            Assert.DoesNotContain(key, stored.Payload);
            Assert.DoesNotContain(key[4..], stored.Payload);
        }
        var row = await Store.GetEntityAsync("apikeys", "keys");
        Assert.NotNull(row);
        Assert.Contains(hash, row!.State);
        Assert.DoesNotContain(key[4..], row.State);

        // The key works; a wrong one, a changed one or an empty one does not. A second key is a different secret.
        var identity = await Keys.ValidateAsync(key);
        Assert.NotNull(identity);
        Assert.Equal((id, source, "ระบบส่งข้อมูลทดสอบ"), (identity!.Id, identity.Source, identity.Name));
        Assert.Equal([ApiKeyScopes.MetricsWrite, ApiKeyScopes.ImportsWrite], identity.Scopes);
        Assert.Null(await Keys.ValidateAsync(key[..^1] + (key[^1] == 'A' ? 'B' : 'A')));
        Assert.Null(await Keys.ValidateAsync("ovk_" + new string('x', 43)));
        Assert.Null(await Keys.ValidateAsync(""));
        Assert.Null(await Keys.ValidateAsync(hash));
        var (_, other, _) = await NewKeyAsync();
        Assert.NotEqual(key, other);

        var verification = await AuditTrail.VerifyAsync(StreamId);
        Assert.True(verification.Intact);
        Assert.Equal(0, verification.ReadModelMismatchCount);
    }

    [Fact]
    public async Task Revoking_a_key_refuses_it_at_once()
    {
        var (id, key, _) = await NewKeyAsync();
        Assert.NotNull(await Keys.ValidateAsync(key));

        var revoked = await Keys.RevokeAsync(MonitoringActors.Admin, id);
        Assert.True(revoked.Ok, revoked.Error?.Detail);
        Assert.Null(await Keys.ValidateAsync(key));
        Assert.NotNull(Assert.Single(await Keys.ListAsync(), k => k.Id == id).RevokedAt);
        Assert.Equal("already-revoked", (await Keys.RevokeAsync(MonitoringActors.Admin, id)).Error!.Code);
        Assert.Equal(ErrorKind.NotFound, (await Keys.RevokeAsync(MonitoringActors.Admin, "key-000000000000")).Error!.Kind);

        // It stays revoked in a fresh activation (the revocation is in the stream).
        await Fixture.Cluster.DeactivateAsync(Keys);
        Assert.Null(await Keys.ValidateAsync(key));
        var events = await StreamAsync(StreamId);
        Assert.Contains(events, e => e.EventType == "api-key-revoked" && e.Payload.Contains(id, StringComparison.Ordinal) && e.Actor == "admin");
    }

    [Fact]
    public async Task Only_an_administrator_creates_or_revokes_keys()
    {
        var (id, key, _) = await NewKeyAsync();
        var count = (await Keys.ListAsync()).Count;
        var seq = await Events.GetLastSeqAsync(StreamId);
        foreach (var actor in new[] { MonitoringActors.Ict, MonitoringActors.Auditor, MonitoringActors.Executive })
        {
            var (created, secret) = await Keys.CreateAsync(actor, NewSource(), "ไม่ได้รับอนุญาต", [ApiKeyScopes.MetricsWrite]);
            Assert.Equal(ErrorKind.Forbidden, created.Error!.Kind);
            Assert.Null(secret);
            Assert.Equal(ErrorKind.Forbidden, (await Keys.RevokeAsync(actor, id)).Error!.Kind);
        }
        Assert.Equal(count, (await Keys.ListAsync()).Count);
        Assert.Equal(seq, await Events.GetLastSeqAsync(StreamId));
        Assert.NotNull(await Keys.ValidateAsync(key)); // still valid

        // Bad requests by an administrator are refused too, and write nothing.
        Assert.Equal("reserved-source", (await Keys.CreateAsync(MonitoringActors.Admin, "synthetic:mine", "x", [ApiKeyScopes.MetricsWrite])).Result.Error!.Code);
        Assert.Equal("reserved-source", (await Keys.CreateAsync(MonitoringActors.Admin, ReportSource, "x", [ApiKeyScopes.MetricsWrite])).Result.Error!.Code);
        Assert.Equal("invalid-scopes", (await Keys.CreateAsync(MonitoringActors.Admin, NewSource(), "x", ["admin:all"])).Result.Error!.Code);
        Assert.Equal("invalid-scopes", (await Keys.CreateAsync(MonitoringActors.Admin, NewSource(), "x", [])).Result.Error!.Code);
        Assert.Equal("invalid-source", (await Keys.CreateAsync(MonitoringActors.Admin, "มีช่องว่าง และภาษาไทย", "x", [ApiKeyScopes.MetricsWrite])).Result.Error!.Code);
        // Imports made with a key are shown under its name: it may not read as the system's own actors.
        Assert.Equal("reserved-name", (await Keys.CreateAsync(MonitoringActors.Admin, NewSource(), "ระบบ / System", [ApiKeyScopes.MetricsWrite])).Result.Error!.Code);
        Assert.Equal("reserved-name", (await Keys.CreateAsync(MonitoringActors.Admin, NewSource(), "[ข้อมูลสังเคราะห์] feed", [ApiKeyScopes.MetricsWrite])).Result.Error!.Code);
        Assert.Equal(seq, await Events.GetLastSeqAsync(StreamId));
    }

    [Fact]
    public async Task The_last_use_is_recorded_and_survives_deactivation()
    {
        var (id, key, _) = await NewKeyAsync();
        Assert.Null(Assert.Single(await Keys.ListAsync(), k => k.Id == id).LastUsedAt);
        Fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var usedAt = Fixture.Time.GetUtcNow();
        Assert.NotNull(await Keys.ValidateAsync(key));
        Assert.Equal(usedAt, Assert.Single(await Keys.ListAsync(), k => k.Id == id).LastUsedAt);

        // Deactivation writes it down (oversight_api_key_use); the next activation reads it back.
        await Fixture.Cluster.DeactivateAsync(Keys);
        var uses = await Store.ReadKeyUseAsync();
        Assert.Equal(usedAt, uses[id]);
        Assert.Equal(usedAt, Assert.Single(await Keys.ListAsync(), k => k.Id == id).LastUsedAt);

        // A later use moves it forward; a failed check does not count as a use.
        Fixture.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await Keys.ValidateAsync(key + "x"));
        Assert.Equal(usedAt, Assert.Single(await Keys.ListAsync(), k => k.Id == id).LastUsedAt);
        var later = Fixture.Time.GetUtcNow();
        Assert.NotNull(await Keys.ValidateAsync(key));
        await Fixture.Cluster.DeactivateAsync(Keys);
        Assert.Equal(later, (await Store.ReadKeyUseAsync())[id]);
        Assert.Equal(later, Assert.Single(await Keys.ListAsync(), k => k.Id == id).LastUsedAt);
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteApiKeyDirectoryGrainTests(SqliteClusterFixture fixture) : ApiKeyDirectoryGrainTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PostgresApiKeyDirectoryGrainTests(PostgresClusterFixture fixture) : ApiKeyDirectoryGrainTests(fixture);
