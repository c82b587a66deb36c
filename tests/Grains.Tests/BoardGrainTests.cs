using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Domain.Board;
using Oversight.Grains.Operations;
using Oversight.Grains.Reports;

namespace Oversight.Grains.Tests;

/// <summary>
/// The board at scale, on its own cluster (synthetic reports would change the counts the shared cluster's tests
/// expect): the synthetic data set is a scope of its own, and the board never wakes every report grain.
/// </summary>
public abstract class BoardGrainTests<TFixture> : IAsyncLifetime where TFixture : ClusterFixtureBase, new()
{
    /// <summary>More synthetic reports than a board ever names findings for, so loading every report's names shows.</summary>
    private const int SyntheticReportCount = BoardCalculator.MaxReportsForFindings + 4;

    private const int PerReport = 3;

    private readonly TFixture _fixture = new();

    private IClusterClient Client => _fixture.Client;

    public async Task InitializeAsync()
    {
        await _fixture.InitializeAsync();
        var seed = Client.GetGrain<ISeedGrain>(GrainKeys.Seed);
        await JobDriver.RunToEndAsync(seed.RunSyntheticPageAsync, await seed.EnsureSyntheticAsync(SyntheticReportCount, PerReport));
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task The_board_and_the_list_have_a_synthetic_data_set_that_never_mixes_with_real_reports()
    {
        var board = Client.GetGrain<IBoardGrain>(GrainKeys.Board);
        await board.RefreshAsync();
        var query = Client.GetGrain<IRecommendationQueryGrain>(0);
        var synthetic = await query.ListAsync(new RecommendationFilter(Limit: 500, DataSet: DataSet.Synthetic));
        var real = await query.ListAsync(new RecommendationFilter(Limit: 500));
        Assert.True(synthetic.Synthetic);
        Assert.False(real.Synthetic);
        Assert.Equal(SyntheticReportCount * PerReport, synthetic.Total);
        Assert.Equal(SyntheticReportCount, synthetic.Items.Select(i => i.ReportId).Distinct().Count());
        Assert.All(synthetic.Items, i => Assert.True(SyntheticReports.IsSynthetic(i.ReportId)));
        Assert.All(real.Items, i => Assert.False(SyntheticReports.IsSynthetic(i.ReportId)));
        Assert.Equal(synthetic.Total + real.Total, (await query.ListAsync(new RecommendationFilter(Limit: 1, DataSet: DataSet.All))).Total);

        var syntheticBoard = await board.GetSnapshotAsync(dataSet: DataSet.Synthetic);
        var realBoard = await board.GetSnapshotAsync();
        Assert.Equal((true, synthetic.Total), (syntheticBoard.Synthetic, syntheticBoard.Totals.Total));
        Assert.Equal((false, real.Total), (realBoard.Synthetic, realBoard.Totals.Total));

        // One unit in the synthetic scope: that unit's synthetic recommendations only, the same on the board and the list.
        var ict = await query.ListAsync(new RecommendationFilter(Unit: "ICT", Limit: 500, DataSet: DataSet.Synthetic));
        Assert.All(ict.Items, i => Assert.Contains("ICT", i.Units));
        var ictBoard = await board.GetSnapshotAsync(unit: "ICT", dataSet: DataSet.Synthetic);
        Assert.Equal((true, "ICT", ict.Total), (ictBoard.Synthetic, ictBoard.Unit, ictBoard.Totals.Total));

        // A report decides its own data set: a real report asked for "synthetic" is still that real report.
        var report = await board.GetSnapshotAsync("mol-digital-2565", dataSet: DataSet.Synthetic);
        Assert.Equal((false, 15), (report.Synthetic, report.Totals.Total));
    }

    [Fact]
    public async Task The_board_does_not_activate_every_report_grain()
    {
        IManagementGrain management = Client.GetGrain<IManagementGrain>(0);
        async Task<int> ReportActivationsAsync() =>
            (await management.GetSimpleGrainStatistics())!.Where(s => s.GrainType.StartsWith(typeof(AuditReportGrain).FullName + ",", StringComparison.Ordinal)).Sum(s => s.ActivationCount);

        // Seeding woke every report grain: let them all go idle and be collected first.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ReportActivationsAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the report grains were never collected");
            await management.ForceActivationCollection(TimeSpan.Zero);
            await Task.Delay(100);
        }

        var board = Client.GetGrain<IBoardGrain>(GrainKeys.Board);
        await board.RefreshAsync();
        var all = await board.GetSnapshotAsync(dataSet: DataSet.Synthetic);
        Assert.Empty(all.ByFinding); // a board over many reports has no by-finding breakdown, so it needs no finding names
        await board.GetSnapshotAsync();
        await board.RefreshAsync();
        Assert.InRange(await ReportActivationsAsync(), 0, BoardCalculator.MaxReportsForFindings);

        // One report's board still names its findings, from that report's grain alone.
        var one = await board.GetSnapshotAsync(SyntheticData.ReportId(3));
        Assert.True(one.Synthetic);
        Assert.NotEmpty(one.ByFinding);
        Assert.All(one.ByFinding, g => Assert.Contains("[Synthetic] Finding", g.Name!.En));
    }
}

public sealed class SqliteBoardGrainTests : BoardGrainTests<SqliteClusterFixture>;

public sealed class PostgresBoardGrainTests : BoardGrainTests<PostgresClusterFixture>;
