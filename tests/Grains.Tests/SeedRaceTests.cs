using Microsoft.Extensions.Time.Testing;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Operations;
using Oversight.Grains.Seed;
using Oversight.Storage;
using Oversight.TestSupport;

namespace Oversight.Grains.Tests;

/// <summary>
/// Two silos starting on a fresh database both seed it. While their membership settles, a grain can be active on both,
/// so one seeding finds a recommendation registered between its read and its write. That is the seed being loaded, not
/// a failure: seeding carries on, and nothing is registered twice.
/// </summary>
public sealed class SeedRaceTests
{
    [Fact]
    public async Task Seeding_carries_on_when_another_activation_registered_one_of_its_recommendations_first()
    {
        var database = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={TempPaths.NewSqliteFile("seed-race")}" };
        await DatabaseMigrator.MigrateAsync(database);
        var time = new FakeTimeProvider(ClusterFixtureBase.Start);
        var cluster = await ClusterFixtureBase.DeployAsync(database, time, new RecordingNotificationSender(), ClusterFixtureBase.Jobs);
        try
        {
            var (document, _) = SeedLoader.Load();
            var finding = document.Findings.OrderBy(f => f.Ordinal).First();
            var seeded = finding.Recommendations.First(r => r.Children is null or { Count: 0 });
            var id = GrainKeys.Recommendation(document.Report.Id, seeded.Code);
            var grain = cluster.Client.GetGrain<IRecommendationGrain>(id);
            Assert.False(await grain.ExistsAsync()); // active here, holding the empty stream it read

            // The other silo's activation registers it first.
            await BehindTheGrains.AppendAsync(cluster.Silos[0].ServiceProvider, time, id, a => a.DecideRegister(new RegisterRecommendation(
                document.Report.Id, seeded.Code, finding.Code, null, 1, seeded.Title, seeded.Text, seeded.Units,
                document.Report.ReportDate.AddDays(180), "the other silo's seed", [])));

            var status = await cluster.Client.GetGrain<ISeedGrain>(GrainKeys.Seed).EnsureSeededAsync();
            Assert.True(status.Seeded);
            var history = await grain.GetHistoryAsync();
            Assert.Equal("recommendation-registered", Assert.Single(history).Type);
            Assert.Equal(document.Findings.Sum(f => Count(f.Recommendations)),
                (await cluster.Client.GetGrain<Oversight.Grains.Abstractions.Reports.IReportCatalogGrain>(GrainKeys.ReportCatalog).ListAsync()).Single().RecommendationCount);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static int Count(IReadOnlyList<SeedRecommendation> recommendations) =>
        recommendations.Sum(r => 1 + Count(r.Children ?? []));
}
