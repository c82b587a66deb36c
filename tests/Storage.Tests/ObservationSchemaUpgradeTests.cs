using Microsoft.Extensions.DependencyInjection;
using Oversight.Storage.Internal;
using Oversight.Storage.Monitoring;
using Xunit;

namespace Oversight.Storage.Tests;

/// <summary>
/// Schema 0018 (fewer B-trees per observation) on a database written by schema 0017: every current observation and every
/// change row is still there, with the same values, and reads and writes work on the new keys.
/// </summary>
public class ObservationSchemaUpgradeTests
{
    private const int Upgrade = 18;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Upgrading_from_the_previous_schema_keeps_every_observation_and_change(DatabaseProvider provider)
    {
        var options = await TestDatabases.CreateAsync(provider, "obs-upgrade", migrate: false);
        var scripts = SchemaScripts.For(provider);
        Assert.Contains(scripts, s => s.Version == Upgrade);
        var before = await DatabaseMigrator.MigrateAsync(options, scripts.Where(s => s.Version < Upgrade).ToArray(), null, CancellationToken.None);
        Assert.Equal(Upgrade - 1, before.CurrentVersion);

        // 2 sources × 3 subjects × 2 metrics × 5 periods written by the old schema, each with two changes (an insert and a replacement).
        var observations = new List<string>();
        var changes = new List<string>();
        var item = 0;
        foreach (var source in new[] { "lbda", "synthetic:demo" })
        foreach (var subject in new[] { "province:10", "province:50", "province:96" })
        foreach (var metric in new[] { "lbda.logins", "lbda.reports" })
        foreach (var month in Enumerable.Range(1, 5))
        {
            var period = $"2026-{month:D2}";
            var synthetic = source.StartsWith("synthetic", StringComparison.Ordinal) ? (provider == DatabaseProvider.Sqlite ? "1" : "true") : (provider == DatabaseProvider.Sqlite ? "0" : "false");
            observations.Add($"('{source}', '{metric}', '{subject}', '{period}', {item + 0.5}, '2026-10-31', {synthetic}, 2, '2026-11-01T03:00:00.0000000Z')");
            changes.Add($"(1, {item}, '{source}', '{metric}', '{subject}', '{period}', {item}, NULL, '2026-10-30')");
            changes.Add($"(2, {item}, '{source}', '{metric}', '{subject}', '{period}', {item + 0.5}, {item}, '2026-10-31')");
            item++;
        }
        await TestDatabases.ExecAsync(options, "INSERT INTO oversight_observation (source, metric, subject, period, value, as_of, synthetic, batch_seq, recorded_at) VALUES "
            + string.Join(", ", observations) + ";");
        await TestDatabases.ExecAsync(options, "INSERT INTO oversight_observation_change (batch_seq, item, source, metric, subject, period, value, previous, as_of) VALUES "
            + string.Join(", ", changes) + ";");

        var after = await DatabaseMigrator.MigrateAsync(options);
        Assert.Equal(scripts[^1].Version, after.CurrentVersion);
        Assert.Equal(scripts.Where(s => s.Version >= Upgrade).Select(s => s.Version), after.AppliedNow.Select(s => s.Version));

        Assert.Equal(observations.Count, await TestDatabases.CountAsync(options, MonitoringStore.ObservationTable));
        Assert.Equal(changes.Count, await TestDatabases.CountAsync(options, MonitoringStore.ChangeTable));

        await using var services = new ServiceCollection().AddOversightStorage(options).BuildServiceProvider();
        var store = services.GetRequiredService<MonitoringStore>();
        var current = new List<ObservationRow>();
        await foreach (var row in store.ReadObservationsAsync())
        {
            current.Add(row);
        }
        Assert.Equal(observations.Count, current.Count);
        var found = await store.GetObservationsAsync(current.Select(r => r.Key).ToArray());
        Assert.Equal(current.OrderBy(r => r.Value), found.Values.OrderBy(r => r.Value));
        Assert.All(current, r => Assert.Equal(r.Synthetic, r.Source.StartsWith("synthetic", StringComparison.Ordinal)));

        // A subject's history, oldest first, every row with its values.
        var history = await store.ReadChangesAsync("province:50");
        Assert.Equal(changes.Count / 3, history.Count);
        Assert.Equal(history.OrderBy(c => c.BatchSeq).ThenBy(c => c.Item), history);
        Assert.All(history, c => Assert.Equal("province:50", c.Subject));
        Assert.All(history.Where(c => c.BatchSeq == 2), c => Assert.Equal(c.Item, c.Previous));
        Assert.All(history.Where(c => c.BatchSeq == 1), c => Assert.Null(c.Previous));

        // A new change row upserts on the new key.
        var events = services.GetRequiredService<Oversight.Storage.Events.IEventStore>();
        var row0 = current[0];
        var change = new ObservationChangeRow(3, 0, row0.Source, row0.Metric, row0.Subject, row0.Period, 99, row0.Value, row0.AsOf);
        Assert.True((await events.AppendAsync("metrics", 0, [Samples.Event("observations-ingested")],
            MonitoringStore.ObservationProjection([row0 with { Value = 99, BatchSeq = 3 }], [change]))).Success);
        Assert.Equal(changes.Count + 1, await TestDatabases.CountAsync(options, MonitoringStore.ChangeTable));
        Assert.Equal(99, (await store.GetObservationsAsync([row0.Key]))[row0.Key].Value);
        Assert.Contains(change, await store.ReadChangesAsync(row0.Subject));
    }
}
