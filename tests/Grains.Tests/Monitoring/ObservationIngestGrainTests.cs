using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Domain.Monitoring;
using Oversight.Grains.Monitoring;
using Oversight.Storage.Blobs;
using Oversight.Storage.Events;
using Oversight.Storage.Monitoring;

namespace Oversight.Grains.Tests.Monitoring;

/// <summary>
/// The one writer of observations: durable on return, idempotent per (source, metric, subject, period), all-or-nothing,
/// and every accepted batch in the audit trail. Each test writes with a source of its own; provinces are chosen so no
/// two tests of this project write the same subject.
/// </summary>
public abstract class ObservationIngestGrainTests(ClusterFixtureBase fixture) : MonitoringTestBase(fixture)
{
    private static ObservationKey Key(ObservationInput o) => new(o.Source!, o.Metric!, o.Subject!, o.Period!);

    [Fact]
    public async Task An_accepted_batch_is_in_the_store_when_the_call_returns_and_survives_deactivation()
    {
        var source = NewSource();
        var month = Month(Today.AddMonths(-1));
        ObservationInput[] batch =
        [
            Obs(source, "lbda.staff-needing-access", "province:57", month, 40, Today.AddDays(-3)),
            Obs(source, "lbda.registered-staff", "province:57", month, 12, Today.AddDays(-3)),
            Obs(source, "informal.surveyed", "province:57", "FY2569", 15_230, Today.AddDays(-1)),
        ];
        var seqBefore = await Events.GetLastSeqAsync(ObservationIngestGrain.StreamId);

        var dry = await Ingest.IngestAsync(new IngestBatch(batch, null, "tester", DryRun: true));
        Assert.Equal((true, 3, 3, 0, 0), (dry.Accepted, dry.Received, dry.Inserted, dry.Replaced, dry.Unchanged));
        Assert.Null(dry.AuditSeq);
        Assert.Empty(await Store.GetObservationsAsync(batch.Select(Key).ToArray()));

        var result = await IngestOkAsync(batch);
        Assert.Equal((3, 3, 0, 0), (result.Received, result.Inserted, result.Replaced, result.Unchanged));
        Assert.Empty(result.Errors);
        Assert.Equal(seqBefore + 1, result.AuditSeq);

        // Before the call returned, the rows were committed: read them straight from the database.
        var stored = await Store.GetObservationsAsync(batch.Select(Key).ToArray());
        Assert.Equal(3, stored.Count);
        Assert.Equal(40, stored[Key(batch[0])].Value);
        Assert.Equal(12, stored[Key(batch[1])].Value);
        Assert.Equal(15_230, stored[Key(batch[2])].Value);
        Assert.All(stored.Values, r => Assert.Equal(result.AuditSeq, r.BatchSeq));
        Assert.All(stored.Values, r => Assert.False(r.Synthetic));
        Assert.Equal(Today.AddDays(-1), stored[Key(batch[2])].AsOf);

        // Fresh activations of the writer and the board read them back from the database.
        await Fixture.Cluster.DeactivateAsync(Ingest);
        await Fixture.Cluster.DeactivateAsync(Board);
        var province = await Board.GetProvinceAsync("57");
        var needing = province!.Metrics["lbda.staff-needing-access"].Series.Single(f => f.Source == source);
        Assert.Equal((40d, month, Today.AddDays(-3)), (needing.Value!.Value, needing.Period!, needing.AsOf!.Value));
        Assert.Equal(15_230, province.Metrics["informal.surveyed"].Series.Single(f => f.Period == "FY2569" && f.Source == source).Value);
        var next = await IngestOkAsync(Obs(source, "lbda.logins", "province:57", month, 300, Today));
        Assert.Equal(result.AuditSeq + 1, next.AuditSeq); // the reactivated writer continues the stream
    }

    [Fact]
    public async Task A_resend_replaces_never_double_counts_and_the_history_keeps_the_previous_value()
    {
        var source = NewSource();
        var month = Month(Today.AddMonths(-1));
        const string subject = "province:58";
        var first = await IngestOkAsync(
            Obs(source, "informal.registered", subject, month, 1_000, Today.AddDays(-5)),
            Obs(source, "informal.surveyed", subject, month, 1_500, Today.AddDays(-5)));
        Assert.Equal((2, 0, 0), (first.Inserted, first.Replaced, first.Unchanged));

        // The same keys again: one value changed, one identical.
        var second = await IngestOkAsync(
            Obs(source, "informal.registered", subject, month, 1_250, Today.AddDays(-2)),
            Obs(source, "informal.surveyed", subject, month, 1_500, Today.AddDays(-5)));
        Assert.Equal((2, 0, 1, 1), (second.Received, second.Inserted, second.Replaced, second.Unchanged));
        Assert.Equal(first.AuditSeq + 1, second.AuditSeq);

        var rows = new List<ObservationRow>();
        await foreach (var row in Store.ReadObservationsAsync(subject))
        {
            if (row.Source == source)
            {
                rows.Add(row);
            }
        }
        Assert.Equal(2, rows.Count); // one row per key, never two
        Assert.Equal(1_250, rows.Single(r => r.Metric == "informal.registered").Value);
        Assert.Equal(second.AuditSeq, rows.Single(r => r.Metric == "informal.registered").BatchSeq);
        Assert.Equal(first.AuditSeq, rows.Single(r => r.Metric == "informal.surveyed").BatchSeq);

        var changes = (await Store.ReadChangesAsync(subject)).Where(c => c.Source == source).ToArray();
        Assert.Equal(3, changes.Length);
        var replaced = Assert.Single(changes, c => c.Previous is not null);
        Assert.Equal(("informal.registered", 1_250d, 1_000d, second.AuditSeq!.Value), (replaced.Metric, replaced.Value, replaced.Previous!.Value, replaced.BatchSeq));

        // The board shows one figure for the period (the new one) and the change with its previous value.
        var province = (await Board.GetProvinceAsync("58"))!;
        var series = province.Metrics["informal.registered"].Series.Where(f => f.Period == month).ToArray();
        var shown = Assert.Single(series);
        Assert.Equal((1_250d, Today.AddDays(-2)), (shown.Value!.Value, shown.AsOf!.Value));
        Assert.Contains(province.Changes, c => c.Source == source && c.Metric == "informal.registered" && c.Value == 1_250 && c.Previous == 1_000);

        // An identical resend is counted as unchanged and writes nothing: no event, no change row.
        var seq = await Events.GetLastSeqAsync(ObservationIngestGrain.StreamId);
        var third = await IngestOkAsync(
            Obs(source, "informal.registered", subject, month, 1_250, Today.AddDays(-2)),
            Obs(source, "informal.surveyed", subject, month, 1_500, Today.AddDays(-5)));
        Assert.Equal((2, 0, 0, 2), (third.Received, third.Inserted, third.Replaced, third.Unchanged));
        Assert.Null(third.AuditSeq);
        Assert.Null(third.BatchSha256);
        Assert.Equal(seq, await Events.GetLastSeqAsync(ObservationIngestGrain.StreamId));
        Assert.Equal(3, (await Store.ReadChangesAsync(subject)).Count(c => c.Source == source));

        // The same value with a newer as-of date is a replacement (the figure is now true as of a later day).
        var fourth = await IngestOkAsync(Obs(source, "informal.surveyed", subject, month, 1_500, Today));
        Assert.Equal((0, 1, 0), (fourth.Inserted, fourth.Replaced, fourth.Unchanged));
    }

    [Fact]
    public async Task Batches_sent_at_once_are_classified_as_if_one_after_another_and_every_history_chains()
    {
        // Six batches of the same twenty keys, alternating two sets of values, sent together: the grain prepares one
        // batch while the one before it is stored, so each is classified against values not yet stored.
        var source = NewSource();
        const string subject = "province:65";
        var months = Enumerable.Range(1, 20).Select(i => Month(Today.AddMonths(-i))).ToArray();
        ObservationInput[] Batch(int set) => months.Select((m, i) => Obs(source, "lbda.logins", subject, m, set * 1_000 + i, Today.AddDays(-1))).ToArray();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(b => Ingest.IngestAsync(new IngestBatch(Batch(b % 2), null, "tester"))));

        Assert.All(results, r => Assert.True(r.Accepted, string.Join("; ", r.Errors.Select(e => e.Reason))));
        Assert.Equal(20, results.Sum(r => r.Inserted)); // each key inserted once, by whichever batch came first
        Assert.Single(results, r => r.Inserted > 0);
        Assert.Equal(120, results.Sum(r => r.Inserted + r.Replaced + r.Unchanged));
        var seqs = results.Where(r => r.AuditSeq is not null).Select(r => r.AuditSeq!.Value).ToArray();
        Assert.Equal(seqs.Length, seqs.Distinct().Count());

        // Each key's history: one change per insert or replacement, each one's previous value the value before it, and
        // the last one the stored value.
        var changes = (await Store.ReadChangesAsync(subject)).Where(c => c.Source == source).ToArray();
        Assert.Equal(results.Sum(r => r.Inserted + r.Replaced), changes.Length);
        var stored = new Dictionary<string, double>();
        await foreach (var row in Store.ReadObservationsAsync(subject))
        {
            if (row.Source == source)
            {
                stored[row.Period] = row.Value;
            }
        }
        foreach (var month in months)
        {
            var history = changes.Where(c => c.Period == month).OrderBy(c => c.BatchSeq).ToArray();
            Assert.Null(history[0].Previous);
            for (var i = 1; i < history.Length; i++)
            {
                Assert.Equal(history[i - 1].Value, history[i].Previous);
                Assert.NotEqual(history[i - 1].Value, history[i].Value);
            }
            Assert.Equal(history[^1].Value, stored[month]);
        }
    }

    [Fact]
    public async Task When_another_writer_moved_the_stream_a_batch_is_classified_again_on_what_is_stored()
    {
        var source = NewSource();
        const string subject = "province:66";
        var month = Month(Today.AddMonths(-1));
        var asOf = Today.AddDays(-2);
        var first = await IngestOkAsync(Obs(source, "lbda.logins", subject, month, 1_000, asOf));

        // Another writer (as a second silo that still held the grain would) appends a batch that sets the value to 42.
        AcceptedObservation[] foreign = [new(source, "lbda.logins", subject, month, 42, Iso(asOf), false, 1_000)];
        var content = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(foreign, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        await Fixture.SiloServices.GetRequiredService<IBlobStore>().PutAsync(sha, ObservationIngestGrain.BlobType, content);
        var head = await Events.GetLastSeqAsync(ObservationIngestGrain.StreamId);
        var data = new ObservationsIngested(sha, null, "other-writer", 1, 0, 1, 0);
        var @event = new EntityEvent(new ActorRef("other-writer", "other-writer", UserRole.Admin, null),
            [new FieldChange("observations", null, $"0 inserted, 1 replaced, 0 unchanged (sha256 {sha})")], null, data);
        var at = Fixture.Time.GetUtcNow();
        var (rows, changeRows) = ObservationIngestGrain.Rows(foreign, head + 1, at);
        var appended = await Events.AppendAsync(ObservationIngestGrain.StreamId, head,
            [new NewEvent(data.Type, at, "other-writer", EntityEventCodec.Serialize(@event))], MonitoringStore.ObservationProjection(rows, changeRows));
        Assert.True(appended.Success);

        // The grain still holds 1,000 and the old head: its append conflicts, and it classifies the batch again.
        var same = await IngestAsync(Obs(source, "lbda.logins", subject, month, 42, asOf));
        Assert.Equal((0, 0, 1), (same.Inserted, same.Replaced, same.Unchanged));
        var next = await IngestOkAsync(Obs(source, "lbda.logins", subject, month, 50, asOf));
        Assert.Equal((0, 1, 0), (next.Inserted, next.Replaced, next.Unchanged));
        Assert.Equal(head + 2, next.AuditSeq);
        var last = (await Store.ReadChangesAsync(subject)).Where(c => c.Source == source).OrderBy(c => c.BatchSeq).Last();
        Assert.Equal((50d, 42d), (last.Value, last.Previous!.Value));
        Assert.True(first.AuditSeq < head + 1);
    }

    public static TheoryData<string> BadObservations =>
    [
        "unknown-metric", "unknown-subject", "unknown-province", "metric-of-another-subject", "out-of-range", "negative-count", "fraction-of-a-count",
        "as-of-in-future", "as-of-not-a-date", "bad-month", "bad-fiscal-year", "date-value-in-future", "duplicate-key", "missing-source",
    ];

    [Theory]
    [MemberData(nameof(BadObservations))]
    public async Task One_bad_observation_refuses_the_whole_batch_and_changes_nothing(string problem)
    {
        var source = NewSource();
        var month = Month(Today.AddMonths(-1));
        var good = Obs(source, "lbda.active-users", "province:60", month, 5, Today);
        var (bad, column) = problem switch
        {
            "unknown-metric" => (Obs(source, "lbda.nope", "province:60", month, 5, Today), "metric"),
            "unknown-subject" => (Obs(source, "eservice.uses", "eservice:no-such-service", month, 5, Today), "subject"),
            "unknown-province" => (Obs(source, "lbda.logins", "province:99", month, 5, Today), "subject"),
            "metric-of-another-subject" => (Obs(source, "eservice.uses", "province:60", month, 5, Today), "subject"),
            "out-of-range" => (Obs(source, "lbda.staff-needing-access", "province:60", month, 100_001, Today), "value"),
            "negative-count" => (Obs(source, "lbda.logins", "province:60", month, -3, Today), "value"),
            "fraction-of-a-count" => (Obs(source, "lbda.logins", "province:60", month, 2.5, Today), "value"),
            "as-of-in-future" => (Obs(source, "lbda.logins", "province:60", month, 5, Today.AddDays(1)), "asOf"),
            "as-of-not-a-date" => (Obs(source, "lbda.logins", "province:60", month, 5, Today) with { AsOf = "24/11/2569" }, "asOf"),
            "bad-month" => (Obs(source, "lbda.logins", "province:60", "2026-13", 5, Today), "period"),
            "bad-fiscal-year" => (Obs(source, "lbda.logins", "province:60", "FY69", 5, Today), "period"),
            "date-value-in-future" => (new ObservationInput(source, "dataset.last-update", "dataset:doae-farmer-registry", month, Iso(Today.AddDays(1)), Iso(Today)), "value"),
            "duplicate-key" => (Obs(source, "lbda.active-users", "province:60", month, 6, Today), "period"),
            "missing-source" => (Obs(source, "lbda.logins", "province:60", month, 5, Today) with { Source = null }, "source"),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        var seq = await Events.GetLastSeqAsync(ObservationIngestGrain.StreamId);
        var boardBefore = await Board.GetProvinceAsync("60");

        var result = await IngestAsync(good, bad);

        Assert.False(result.Accepted);
        Assert.Equal((2, 0, 0, 0), (result.Received, result.Inserted, result.Replaced, result.Unchanged));
        Assert.Null(result.AuditSeq);
        Assert.Null(result.BatchSha256);
        var error = Assert.Single(result.Errors);
        Assert.Equal((1, column), (error.Row, error.Column));
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
        if (problem == "duplicate-key")
        {
            Assert.Contains("row 0", error.Reason);
        }

        // Nothing changed: no event, no row (not even the good item's), nothing new on the board.
        Assert.Equal(seq, await Events.GetLastSeqAsync(ObservationIngestGrain.StreamId));
        Assert.Empty(await Store.GetObservationsAsync([Key(good)]));
        Assert.DoesNotContain((await Store.ReadChangesAsync("province:60")), c => c.Source == source);
        var boardAfter = await Board.GetProvinceAsync("60");
        Assert.DoesNotContain(boardAfter!.Metrics["lbda.active-users"].Series, f => f.Source == source);
        Assert.Equal(boardBefore!.Metrics["lbda.active-users"].Series.Count, boardAfter.Metrics["lbda.active-users"].Series.Count);
    }

    [Fact]
    public async Task Every_error_of_a_batch_is_listed_with_its_row()
    {
        var source = NewSource();
        var month = Month(Today.AddMonths(-1));
        var result = await IngestAsync(
            Obs(source, "lbda.logins", "province:60", month, 5, Today),
            Obs(source, "lbda.nope", "province:99", "2026-00", -1, Today.AddDays(3)),
            Obs(source, "lbda.logins", "province:60", month, 7, Today));
        Assert.False(result.Accepted);
        Assert.Equal([(1, "metric"), (1, "subject"), (1, "period"), (1, "asOf"), (2, "period")], result.Errors.Select(e => (e.Row, e.Column)));

        // A file's rows keep their own numbers (header on row 1, data from row 2), duplicates name the first row.
        var file = await Ingest.IngestAsync(new IngestBatch(
            [Obs(source, "lbda.logins", "province:60", month, 5, Today), Obs(source, "lbda.logins", "province:60", month, 5, Today)], null, "ict", Rows: [2, 3]));
        var duplicate = Assert.Single(file.Errors);
        Assert.Equal((3, "period"), (duplicate.Row, duplicate.Column));
        Assert.Contains("row 2", duplicate.Reason);
        Assert.Empty(await Store.GetObservationsAsync([new ObservationKey(source, "lbda.logins", "province:60", month)]));
    }

    [Fact]
    public async Task An_accepted_batch_is_in_the_audit_trail_with_its_hash_key_id_and_counts()
    {
        var directory = Client.GetGrain<IApiKeyDirectoryGrain>("keys");
        var source = NewSource();
        var (created, key) = await directory.CreateAsync(MonitoringActors.Admin, source, "ระบบ LBDA ทดสอบ", [ApiKeyScopes.MetricsWrite]);
        Assert.True(created.Ok, created.Error?.Detail);
        var identity = await directory.ValidateAsync(key!);
        Assert.NotNull(identity);
        var month = Month(Today.AddMonths(-1));
        IngestBatch Batch(params ObservationInput[] items) => new(items, identity!.Id, $"apikey:{identity.Id}", identity.Source);

        var first = await Ingest.IngestAsync(Batch(Obs(source, "lbda.reports", "province:61", month, 4, Today)));
        Assert.True(first.Accepted);
        var result = await Ingest.IngestAsync(Batch(
            Obs(source, "lbda.reports", "province:61", month, 9, Today),
            Obs(source, "lbda.logins", "province:61", month, 120, Today),
            Obs(source, "lbda.active-users", "province:61", month, 8, Today)));
        Assert.True(result.Accepted);
        Assert.Equal((3, 2, 1, 0), (result.Received, result.Inserted, result.Replaced, result.Unchanged));

        // The event: its type, who sent it, the batch's SHA-256, the key id and the counts.
        var stream = await StreamAsync(ObservationIngestGrain.StreamId);
        var stored = Assert.Single(stream, e => e.Seq == result.AuditSeq);
        Assert.Equal(("observations-ingested", $"apikey:{identity!.Id}"), (stored.EventType, stored.Actor));
        var data = Assert.IsType<ObservationsIngested>(EntityEventCodec.Deserialize(stored.Payload).Data);
        Assert.Equal(new ObservationsIngested(result.BatchSha256!, identity.Id, $"apikey:{identity.Id}", 3, 2, 1, 0), data);
        Assert.Equal(stream[^1].Seq, stored.Seq);
        Assert.Equal(stream[^2].Hash, stored.PrevHash);

        // The accepted items are kept as a blob under that hash, with the replaced value's predecessor.
        var blob = await Fixture.SiloServices.GetRequiredService<IBlobStore>().GetAsync(result.BatchSha256!);
        Assert.NotNull(blob);
        Assert.Equal(result.BatchSha256, Convert.ToHexStringLower(SHA256.HashData(blob!.Value.Content)));
        var items = ObservationIngestGrain.ReadBlob(blob.Value.Content);
        Assert.Equal(3, items.Count);
        Assert.Equal(4, items.Single(i => i.Metric == "lbda.reports").Previous);
        Assert.All(items, i => Assert.Equal(source, i.Source));

        // The chain verifies, and the observation tables match what folding every batch gives.
        var verification = await AuditTrail.VerifyAsync(ObservationIngestGrain.StreamId);
        Assert.True(verification.Intact, verification.FirstBroken?.ToString());
        Assert.Equal(stream.Count, verification.Events);
        Assert.Equal(0, verification.ReadModelMismatchCount);

        // A key sends figures of its own source only.
        var other = await Ingest.IngestAsync(Batch(Obs(NewSource(), "lbda.reports", "province:61", month, 1, Today)));
        Assert.False(other.Accepted);
        Assert.Equal("source", Assert.Single(other.Errors).Column);
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteObservationIngestGrainTests(SqliteClusterFixture fixture) : ObservationIngestGrainTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PostgresObservationIngestGrainTests(PostgresClusterFixture fixture) : ObservationIngestGrainTests(fixture);
