using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Notifications;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Settings;
using Oversight.Grains.Operations;

namespace Oversight.Grains.Tests;

/// <summary>The daily overdue job, notifications, settings and the demo scenario, on a cluster with a fake clock.</summary>
[Collection(SqliteCluster.Name)]
public sealed class JobsTests(SqliteClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task The_overdue_job_marks_once_per_due_date_and_notifies_each_responsible_unit_once()
    {
        // The seeded SAO recommendations are long past their default due date.
        var job = Client.GetGrain<IOverdueJobGrain>(GrainKeys.OverdueJob);
        var first = await JobDriver.RunOverdueAsync(job);
        Assert.True(first.Checked >= 15);
        var ilpo = await Client.GetGrain<INotificationInboxGrain>("ILPO").ListAsync(false, 100);
        var f2r3 = Assert.Single(ilpo.Items, n => n.RecommendationId == "mol-digital-2565.F2-R3" && n.Kind == "overdue");
        Assert.True(f2r3.DaysLeft < -180);
        Assert.Contains("เกินกำหนดมาแล้ว", f2r3.Message.Th);
        var history = await Client.GetGrain<IRecommendationGrain>("mol-digital-2565.F2-R3").GetHistoryAsync();
        Assert.Contains(history, h => h.Type == "marked-overdue");
        Assert.Contains(fixture.Emails.Sent, e => e.Unit == "ILPO" && e.Notification.RecommendationId == "mol-digital-2565.F2-R3");

        // Running again the same day changes nothing and notifies nobody twice.
        var again = await JobDriver.RunOverdueAsync(job);
        Assert.Equal(0, again.MarkedOverdue);
        Assert.Equal(0, again.Notifications);
        Assert.Equal(ilpo.Items.Count, (await Client.GetGrain<INotificationInboxGrain>("ILPO").ListAsync(false, 100)).Items.Count);
        Assert.Equal(history.Count, (await Client.GetGrain<IRecommendationGrain>("mol-digital-2565.F2-R3").GetHistoryAsync()).Count);

        // A week later (the shared fake clock only moves forward): one more weekly reminder per overdue recommendation and unit.
        fixture.Time.Advance(TimeSpan.FromDays(7));
        var week = await JobDriver.RunOverdueAsync(job);
        Assert.True(week.Notifications >= 15);
        Assert.Equal(2, (await Client.GetGrain<INotificationInboxGrain>("ILPO").ListAsync(false, 100)).Items
            .Count(n => n.RecommendationId == "mol-digital-2565.F2-R3"));
        Assert.Equal(ThaiClock.Today(fixture.Time), (await job.GetLastRunAsync())!.Date);
    }

    [Fact]
    public async Task Notifications_are_read_per_unit()
    {
        var inbox = Client.GetGrain<INotificationInboxGrain>("LED");
        var added = await inbox.AddAsync(new NotificationRequest("k-led-1", "due-in-7", "r.F2-R4", "F2-R4", new("t", "t"), new DateOnly(2026, 12, 1), 7, new("m", "m")));
        Assert.True(added);
        Assert.False(await inbox.AddAsync(new NotificationRequest("k-led-1", "due-in-7", "r.F2-R4", "F2-R4", new("t", "t"), new DateOnly(2026, 12, 1), 7, new("m", "m"))));
        var list = await inbox.ListAsync(true, 10);
        var item = Assert.Single(list.Items, n => n.Code == "F2-R4" && n.Kind == "due-in-7");
        Assert.True(await inbox.MarkReadAsync(item.Id));
        Assert.DoesNotContain((await inbox.ListAsync(true, 10)).Items, n => n.Id == item.Id);
        Assert.False(await inbox.MarkReadAsync("n-999999"));
    }

    [Fact]
    public async Task Only_an_admin_changes_the_follow_up_deadlines_and_new_values_are_checked()
    {
        var settings = Client.GetGrain<IFollowUpSettingsGrain>(GrainKeys.Settings);
        Assert.Equal(240, (await settings.GetAsync()).DefaultPeriodDays);
        var auditor = await settings.UpdateAsync(Actors.Auditor, new FollowUpSettings(300, 60, 60));
        Assert.Equal(ErrorKind.Forbidden, auditor.Error!.Kind);
        var admin = new Actor("admin", "Admin", UserRole.Admin, null);
        Assert.Equal("inconsistent-days", (await settings.UpdateAsync(admin, new FollowUpSettings(30, 60, 60))).Error!.Code);
        Assert.Equal("invalid-days", (await settings.UpdateAsync(admin, new FollowUpSettings(0, 60, 60))).Error!.Code);
        Assert.True((await settings.UpdateAsync(admin, new FollowUpSettings(240, 60, 30))).Ok);
        var now = await settings.GetAsync();
        Assert.Equal((240, 60, 30, "admin"), (now.DefaultPeriodDays, now.StartWithinDays, now.ReportEveryDays, now.UpdatedBy));
    }

    [Fact]
    public async Task The_demo_scenario_works_on_a_labelled_copy_and_never_touches_the_real_report()
    {
        var real = await Client.GetGrain<IRecommendationQueryGrain>(0).ListAsync(new RecommendationFilter(ReportId: "mol-digital-2565"));
        var demo = Client.GetGrain<IDemoActivityGrain>(GrainKeys.DemoActivity);
        await demo.StartAsync(TimeSpan.FromHours(1), onRealReport: false);
        var moves = 0;
        for (var i = 0; i < 60; i++)
        {
            moves += await demo.StepAsync() is null ? 0 : 1;
        }
        Assert.True(moves > 30, $"only {moves} of 60 demo steps were accepted");
        var copy = await Client.GetGrain<IRecommendationQueryGrain>(0).ListAsync(new RecommendationFilter(ReportId: SyntheticData.DemoReportId));
        Assert.Equal(15, copy.Total);
        Assert.All(copy.Items, i => Assert.StartsWith("[ข้อมูลสังเคราะห์]", i.Title.Th));
        Assert.True(copy.Items.Sum(i => i.Version) >= 15 + moves);
        var realAfter = await Client.GetGrain<IRecommendationQueryGrain>(0).ListAsync(new RecommendationFilter(ReportId: "mol-digital-2565"));
        Assert.Equal(real.Items.Select(i => (i.Id, i.Status, i.Progress)), realAfter.Items.Select(i => (i.Id, i.Status, i.Progress)));
        var tree = await Client.GetGrain<IRecommendationQueryGrain>(0).GetReportTreeAsync(SyntheticData.DemoReportId);
        Assert.StartsWith("[Synthetic]", tree!.Report.Title.En);
        Assert.Equal(2, tree.Findings[0].Recommendations[0].Children.Count);
    }
}
