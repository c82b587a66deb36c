using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Notifications;
using Oversight.Grains.Operations;

namespace Oversight.Domain.Tests.Notifications;

public sealed class NotificationPlannerTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static RecommendationSummary Due(int daysFromToday, RecommendationStatus status = RecommendationStatus.InProgress) =>
        new("r.F1-R1", "F1-R1", "r", "F1", null, 1, new LocalizedText("ชื่อ", "Title"), ["ICT", "SPD"], null, status, 40,
            Today.AddDays(daysFromToday), 3, DateTimeOffset.UnixEpoch, "ict");

    [Theory]
    [InlineData(31, null)]
    [InlineData(30, "due-in-30")]
    [InlineData(8, "due-in-30")]
    [InlineData(7, "due-in-7")]
    [InlineData(1, "due-in-7")]
    [InlineData(0, "due-today")]
    public void Reminders_before_the_due_date_follow_the_30_7_0_thresholds(int days, string? kind)
    {
        var notes = NotificationPlanner.For(Due(days), Today).ToArray();
        Assert.Equal(kind is null ? [] : new[] { kind }, notes.Select(n => n.Kind));
    }

    [Fact]
    public void Overdue_reminders_come_once_a_week_with_keys_that_make_them_idempotent()
    {
        var day1 = NotificationPlanner.For(Due(-1), Today).Single();
        var day7 = NotificationPlanner.For(Due(-7), Today).Single();
        var day8 = NotificationPlanner.For(Due(-8), Today).Single();
        Assert.Equal("overdue", day1.Kind);
        Assert.Equal(day1.Key.Replace(Today.AddDays(-1).ToString("yyyy-MM-dd"), ""), day7.Key.Replace(Today.AddDays(-7).ToString("yyyy-MM-dd"), ""));
        Assert.EndsWith("overdue-w0", day7.Key);
        Assert.EndsWith("overdue-w1", day8.Key);
        Assert.Contains("เกินกำหนดมาแล้ว 8 วัน", day8.Message.Th);
    }

    [Fact]
    public void Closed_and_pending_verification_recommendations_get_no_deadline_reminders()
    {
        Assert.Empty(NotificationPlanner.For(Due(-30, RecommendationStatus.ClosedImplemented), Today));
        Assert.Empty(NotificationPlanner.For(Due(3, RecommendationStatus.ImplementedPendingVerification), Today));
        Assert.Empty(NotificationPlanner.For(Due(-3, RecommendationStatus.ImplementedPendingVerification), Today));
    }
}

public sealed class DemoScenarioTests
{
    private static RecommendationSummary With(RecommendationStatus status, int progress, AuditeeResponse? response = AuditeeResponse.Agreed, string? pending = null) =>
        new("demo.F1-R1", "F1-R1", SyntheticData.DemoReportId, "F1", null, 1, new("t", "t"), ["ICT"], response, status, progress,
            new DateOnly(2027, 1, 1), 2, DateTimeOffset.UnixEpoch, "x", pending);

    [Fact]
    public void The_next_move_is_always_one_the_rules_allow()
    {
        var random = new Random(42);
        for (var i = 0; i < 500; i++)
        {
            Assert.Contains(DemoScenario.Next(With(RecommendationStatus.NotStarted, 0, null), random), new[] { DemoScenario.Move.Respond, DemoScenario.Move.Start });
            Assert.Equal(DemoScenario.Move.Start, DemoScenario.Next(With(RecommendationStatus.NotStarted, 0), random));
            Assert.Equal(DemoScenario.Move.Submit, DemoScenario.Next(With(RecommendationStatus.InProgress, 95), random));
            Assert.Equal(DemoScenario.Move.Verify, DemoScenario.Next(With(RecommendationStatus.ImplementedPendingVerification, 100), random));
            Assert.Contains(DemoScenario.Next(With(RecommendationStatus.ClosedImplemented, 100), random), new[] { DemoScenario.Move.Reopen, DemoScenario.Move.Comment });
            Assert.NotEqual(DemoScenario.Move.RequestExtension, DemoScenario.Next(With(RecommendationStatus.InProgress, 30, pending: "ext-1"), random));
        }
        Assert.True(SyntheticData.IsSynthetic(SyntheticData.DemoReportId));
        Assert.False(SyntheticData.IsSynthetic("mol-digital-2565"));
    }
}
