using Microsoft.Extensions.DependencyInjection;
using Oversight.Storage.Events;
using Oversight.Storage.Monitoring;
using Xunit;

namespace Oversight.Storage.Tests;

/// <summary>MonitoringStore.GetObservationsAsync: the current rows of exactly the keys asked for, however many, on both providers.</summary>
public class ObservationLookupTests
{
    private static ObservationRow Row(string source, string metric, string subject, string period, double value) =>
        new(source, metric, subject, period, value, new DateOnly(2026, 10, 31), source.StartsWith("synthetic", StringComparison.Ordinal), 1,
            new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Returns_the_rows_of_the_keys_asked_for_and_no_others(DatabaseProvider provider)
    {
        var options = await TestDatabases.CreateAsync(provider, "obs");
        await using var services = new ServiceCollection().AddOversightStorage(options).BuildServiceProvider();
        var events = services.GetRequiredService<IEventStore>();
        var store = services.GetRequiredService<MonitoringStore>();

        // 1,200 rows: 2 sources × 3 metrics × 4 subjects × 50 periods (more keys than one chunk of the lookup).
        var rows = (from source in new[] { "lbda", "synthetic:demo" }
                    from metric in new[] { "lbda.logins", "lbda.reports", "informal.surveyed" }
                    from subject in new[] { "province:10", "province:11", "province:50", "province:96" }
                    from p in Enumerable.Range(0, 50)
                    select Row(source, metric, subject, $"{2020 + p / 12}-{p % 12 + 1:D2}", p)).ToArray();
        Assert.True((await events.AppendAsync("metrics", 0, [Samples.Event("observations-ingested")], MonitoringStore.ObservationProjection(rows, []))).Success);

        var present = rows.Where((_, i) => i % 3 == 0).Select(r => r.Key).ToArray();
        ObservationKey[] absent =
        [
            new("lbda", "lbda.logins", "province:10", "2030-01"),
            new("other", "lbda.logins", "province:10", "2020-01"),
            new("lbda", "lbda.logins", "province:12", "2020-01"),
            new("lbda", "lbda.active-users", "province:10", "2020-01"),
        ];
        // Asked twice over, plus keys that do not exist.
        var found = await store.GetObservationsAsync([.. present, .. present.Take(10), .. absent]);

        Assert.Equal(present.Length, found.Count);
        foreach (var key in present)
        {
            var expected = rows.Single(r => r.Key == key);
            Assert.Equal(expected, found[key]);
        }
        Assert.Empty(await store.GetObservationsAsync(absent));
        Assert.Empty(await store.GetObservationsAsync([]));
    }
}
