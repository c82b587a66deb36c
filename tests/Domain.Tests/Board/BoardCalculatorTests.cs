using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Domain.Board;

namespace Oversight.Domain.Tests.Board;

public sealed class BoardCalculatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static RecommendationSummary Item(string code, RecommendationStatus status, int daysFromToday, int progress = 0, params string[] units) =>
        new($"r.{code}", code, "r", code[..2], null, 0, new LocalizedText(code, code), units.Length == 0 ? ["ICT"] : units, null, status, progress,
            Today.AddDays(daysFromToday), 3, DateTimeOffset.UnixEpoch, "t");

    [Theory]
    [InlineData(1, "0-30")]
    [InlineData(30, "0-30")]
    [InlineData(31, "31-90")]
    [InlineData(90, "31-90")]
    [InlineData(91, "91-180")]
    [InlineData(180, "91-180")]
    [InlineData(181, ">180")]
    public void Aging_buckets_follow_days_past_due(int days, string bucket) => Assert.Equal(bucket, BoardCalculator.AgingBucket(days));

    [Fact]
    public void Computes_totals_overdue_aging_groups_and_due_soon()
    {
        RecommendationSummary[] items =
        [
            Item("F1-R1", RecommendationStatus.InProgress, -10, 40),                 // overdue 10 days
            Item("F1-R2", RecommendationStatus.NotStarted, -200),                    // overdue 200 days
            Item("F1-R3", RecommendationStatus.ImplementedPendingVerification, -50, 100), // pending: not overdue
            Item("F2-R1", RecommendationStatus.ClosedImplemented, -400, 100, "ILPO", "SPD"),
            Item("F2-R2", RecommendationStatus.NoLongerApplicable, 5, 0, "ILPO"),
            Item("F2-R3", RecommendationStatus.InProgress, 20, 60, "ILPO"),           // due within 30
            Item("F2-R4", RecommendationStatus.NotStarted, 45, 0, "LED"),            // due within 60
            Item("O1-R1", RecommendationStatus.InProgress, 0, 10),                   // due today: not overdue, due within 30
        ];
        var snapshot = BoardCalculator.Compute(items, Today, DateTimeOffset.UnixEpoch, 42, null,
            new Dictionary<string, LocalizedText> { ["ICT"] = new("ศทส.", "ICT") }, new Dictionary<string, LocalizedText>());

        Assert.Equal(42, snapshot.Version);
        Assert.Equal(8, snapshot.Totals.Total);
        Assert.Equal(3, snapshot.Totals.ByStatus["in-progress"]);
        Assert.Equal(2, snapshot.Totals.ByStatus["not-started"]);
        Assert.Equal(0, snapshot.Totals.ByStatus["closed-not-implemented"]);
        Assert.Equal(2, snapshot.Totals.Closed);
        Assert.Equal(Math.Round(100.0 / 7, 1), snapshot.Totals.ClosedImplementedPercent); // NLA excluded from the base
        Assert.Equal(2, snapshot.Overdue.Count);
        Assert.Equal(1, snapshot.Overdue.Aging["0-30"]);
        Assert.Equal(1, snapshot.Overdue.Aging[">180"]);
        Assert.Equal(0, snapshot.Overdue.Aging["31-90"]);
        Assert.Equal(2, snapshot.DueSoon.Within30);
        Assert.Equal(3, snapshot.DueSoon.Within60);
        Assert.Equal(["O1-R1", "F2-R3", "F2-R4"], snapshot.DueSoon.Items.Select(i => i.Code));

        var ict = Assert.Single(snapshot.ByUnit, g => g.Key == "ICT");
        Assert.Equal((4, 2, "ศทส."), (ict.Total, ict.Overdue, ict.Name!.Th));
        var ilpo = Assert.Single(snapshot.ByUnit, g => g.Key == "ILPO");
        Assert.Equal(3, ilpo.Total);
        Assert.Equal(["F1", "F2", "O1"], snapshot.ByFinding.Select(g => g.Key));
        Assert.Equal(4, snapshot.ByFinding.Single(g => g.Key == "F2").Total);
    }

    [Fact]
    public void The_board_version_moves_with_every_change_and_every_day()
    {
        Assert.Equal(BoardCalculator.Version(10, Today) + 1, BoardCalculator.Version(11, Today));
        Assert.Equal(BoardCalculator.Version(10, Today) + 1, BoardCalculator.Version(10, Today.AddDays(1)));
    }
}
