using Microsoft.Extensions.DependencyInjection;
using Oversight.Grains.Abstractions.Board;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Domain.Recommendations;
using Oversight.Grains.Recommendations;
using Oversight.Storage.Blobs;
using Oversight.Storage.Events;
using Oversight.Storage.ReadModel;

namespace Oversight.Grains.Tests;

public static class Actors
{
    public static readonly Actor Ict = new("ict", "ICT officer", UserRole.UnitOfficer, "ICT");
    public static readonly Actor Ilpo = new("ilpo", "ILPO officer", UserRole.UnitOfficer, "ILPO");
    public static readonly Actor Auditor = new("auditor", "Auditor", UserRole.Auditor, null);
    public static readonly Actor Executive = new("executive", "Executive", UserRole.Executive, null);
}

/// <summary>Grain behaviour, run against both providers (the same tests, a SQLite file and a PostgreSQL database).</summary>
public abstract class RecommendationGrainTests(ClusterFixtureBase fixture)
{
    protected IClusterClient Client => fixture.Client;

    /// <summary>A fresh recommendation of its own report, so tests never share state.</summary>
    protected async Task<(string Id, string ReportId, IRecommendationGrain Grain)> NewRecommendationAsync(params string[] units)
    {
        var reportId = "test-" + Guid.NewGuid().ToString("N")[..10];
        var id = GrainKeys.Recommendation(reportId, "F1-R1");
        var grain = Client.GetGrain<IRecommendationGrain>(id);
        var result = await grain.RegisterAsync(new RegisterRecommendation(reportId, "F1-R1", "F1", null, 1,
            new LocalizedText("ทดสอบ", "Test"), new LocalizedText("ข้อความทดสอบ", "Test text"), units.Length == 0 ? ["ICT"] : units,
            ThaiClock.Today(fixture.Time).AddDays(30), "test", []));
        Assert.True(result.Ok, result.Error?.Detail);
        return (id, reportId, grain);
    }

    /// <summary>
    /// A recommendation's reference made from the kept grain and interface types (<see cref="GrainReferences"/>) is the
    /// one Orleans makes, and calls reach the same activation.
    /// </summary>
    [Fact]
    public async Task A_reference_made_from_the_kept_types_is_the_one_Orleans_makes()
    {
        var (id, _, grain) = await NewRecommendationAsync();
        Client.Recommendation("warm-up." + id); // the first reference of the type keeps its types
        var kept = Client.Recommendation(id);
        var made = Client.GetGrain<IRecommendationGrain>(id);
        Assert.Equal(made.GetGrainId(), kept.GetGrainId());
        Assert.Equal(((GrainReference)made).InterfaceType, ((GrainReference)kept).InterfaceType);
        Assert.Equal(made, kept);
        Assert.Equal((await grain.GetSummaryAsync())!.Version, (await kept.GetSummaryAsync())!.Version);
        Assert.NotEqual(made.GetGrainId(), Client.Recommendation(id + "-2").GetGrainId());
    }

    /// <summary>
    /// The trend counts each week's end from the history: three recommendations of one report registered, then moved
    /// on over two weeks, give the counts by status each one had at the end of each shown week, and "open" is the sum of
    /// the three open statuses. A unit narrows it to that unit's recommendations.
    /// </summary>
    [Fact]
    public async Task The_trend_counts_each_weeks_statuses_from_the_history()
    {
        var reportId = "trend-" + Guid.NewGuid().ToString("N")[..10];
        async Task<IRecommendationGrain> RegisterAsync(string code, string unit)
        {
            var grain = Client.GetGrain<IRecommendationGrain>(GrainKeys.Recommendation(reportId, code));
            var result = await grain.RegisterAsync(new RegisterRecommendation(reportId, code, "F1", null, 1, new("ทดสอบ", "Test"), new("ทดสอบ", "Test"),
                [unit], ThaiClock.Today(fixture.Time).AddDays(90), "test", []));
            Assert.True(result.Ok, result.Error?.Detail);
            return grain;
        }
        async Task MoveAsync(IRecommendationGrain grain, RecommendationStatus status, int progress)
        {
            var version = (await grain.GetSummaryAsync())!.Version;
            var result = await grain.UpdateProgressAsync(Actors.Ict, new UpdateProgress(status, progress, "ความคืบหน้า", version));
            Assert.True(result.Ok, result.Error?.Detail);
        }

        var first = await RegisterAsync("F1-R1", "ICT");
        var second = await RegisterAsync("F1-R2", "ICT");
        await RegisterAsync("F1-R3", "OPS");
        fixture.Time.Advance(TimeSpan.FromDays(8));
        await MoveAsync(first, RecommendationStatus.InProgress, 20);
        fixture.Time.Advance(TimeSpan.FromDays(8));
        await MoveAsync(first, RecommendationStatus.ImplementedPendingVerification, 100);
        await MoveAsync(second, RecommendationStatus.InProgress, 10);

        var trend = await Client.GetGrain<ITrendGrain>(0).GetAsync(reportId, null, 3);
        var today = ThaiClock.Today(fixture.Time);
        Assert.Equal([today.AddDays(-14), today.AddDays(-7), today], trend.Points.Select(p => p.Date));
        Assert.Equal(today, trend.Today);
        Dictionary<string, int> Counts(int notStarted, int inProgress, int pending) =>
            new Dictionary<string, int> { ["not-started"] = notStarted, ["in-progress"] = inProgress, ["implemented-pending-verification"] = pending }
                .Where(c => c.Value > 0).ToDictionary();
        Assert.Equal(Counts(3, 0, 0), trend.Points[0].ByStatus);
        Assert.Equal(Counts(2, 1, 0), trend.Points[1].ByStatus);
        Assert.Equal(Counts(1, 1, 1), trend.Points[2].ByStatus);
        Assert.All(trend.Points, p => Assert.Equal(3, p.Open));

        var ops = await Client.GetGrain<ITrendGrain>(0).GetAsync(reportId, "OPS", 3);
        Assert.All(ops.Points, p => Assert.Equal(Counts(1, 0, 0), p.ByStatus));
        var ict = await Client.GetGrain<ITrendGrain>(0).GetAsync(reportId, "ICT", 3);
        Assert.Equal(Counts(0, 1, 1), ict.Points[2].ByStatus);
    }

    [Fact]
    public async Task The_seed_is_loaded_once_with_the_report_tree()
    {
        var again = await Client.GetGrain<ISeedGrain>(GrainKeys.Seed).EnsureSeededAsync();
        Assert.True(again.Seeded);
        Assert.Equal(["mol-digital-2565"], again.ReportIds);

        var tree = await Client.GetGrain<IRecommendationQueryGrain>(0).GetReportTreeAsync("mol-digital-2565");
        Assert.NotNull(tree);
        Assert.Equal(["F1", "F2", "O1"], tree!.Findings.Select(f => f.Finding.Code));
        Assert.Equal(7, tree.Findings[0].Recommendations.Count);
        Assert.Equal(4, tree.Findings[1].Recommendations.Count);
        Assert.Equal(2, tree.Findings[2].Recommendations.Count);
        var r1 = tree.Findings[0].Recommendations[0];
        Assert.Equal("F1-R1", r1.Recommendation.Code);
        Assert.Equal(["F1-R1.1", "F1-R1.2"], r1.Children.Select(c => c.Recommendation.Code));
        Assert.All(tree.Findings.SelectMany(f => f.Recommendations), n => Assert.Equal(1, n.Recommendation.Version));

        var page = await Client.GetGrain<IRecommendationQueryGrain>(0).ListAsync(new RecommendationFilter(ReportId: "mol-digital-2565"));
        Assert.Equal(15, page.Total);
        var seededAgain = await Client.GetGrain<IRecommendationGrain>("mol-digital-2565.F2-R1").RegisterAsync(
            new RegisterRecommendation("mol-digital-2565", "F2-R1", "F2", null, 1, new("x", "x"), new("x", "x"), ["ILPO"], default, "", []));
        Assert.Equal(1, seededAgain.Version); // registering again changes nothing
        var detail = await Client.GetGrain<IRecommendationGrain>("mol-digital-2565.F2-R1").GetDetailAsync();
        Assert.Equal(["ILPO", "SPD"], detail!.Summary.Units);
        Assert.Contains("ทั้งแผนระยะสั้น ระยะกลาง และระยะยาว", detail.Text.Th);
        Assert.Equal(new DateOnly(2024, 3, 29).AddDays(240), detail.Summary.DueDate);
    }

    [Fact]
    public async Task An_acknowledged_write_is_in_the_store_and_survives_deactivation()
    {
        var (id, _, grain) = await NewRecommendationAsync();
        var result = await grain.UpdateProgressAsync(Actors.Ict, new UpdateProgress(RecommendationStatus.InProgress, 40, "เริ่มแล้ว", 1));
        Assert.True(result.Ok);
        Assert.Equal(2, result.Version);

        // Before the call returned, the event was appended: read it straight from the store.
        var stored = await fixture.SiloServices.GetRequiredService<IEventStore>().ReadStreamAsync(id);
        Assert.Equal(2, stored.Count);
        Assert.Equal("progress-updated", stored[1].EventType);

        await fixture.Cluster.DeactivateAsync(grain);
        var summary = await grain.GetSummaryAsync();
        Assert.Equal((RecommendationStatus.InProgress, 40, 2L), (summary!.Status, summary.Progress, summary.Version));
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_expected_version_get_one_success_and_conflicts()
    {
        var (_, _, grain) = await NewRecommendationAsync();
        var results = await Task.WhenAll(Enumerable.Range(1, 50).Select(i =>
            grain.UpdateProgressAsync(Actors.Ict, new UpdateProgress(null, i, $"writer {i}", 1))));
        Assert.Single(results, r => r.Ok);
        Assert.All(results.Where(r => !r.Ok), r =>
        {
            Assert.Equal(ErrorKind.Conflict, r.Error!.Kind);
            Assert.Equal(2, r.Error.CurrentVersion);
        });
        var history = await grain.GetHistoryAsync();
        Assert.Equal(2, history.Count);
    }

    [Fact]
    public async Task Sequential_writers_each_get_their_own_version_and_the_chain_links()
    {
        var (id, _, grain) = await NewRecommendationAsync();
        for (var i = 1; i <= 5; i++)
        {
            var result = await grain.UpdateProgressAsync(Actors.Ict, new UpdateProgress(null, i * 10, $"step {i}", i));
            Assert.True(result.Ok, result.Error?.Detail);
            Assert.Equal(i + 1, result.Version);
        }
        var history = await grain.GetHistoryAsync();
        Assert.Equal(EventHash.Genesis, history[0].PrevHash);
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal(history[i - 1].Hash, history[i].PrevHash);
        }
        var verification = await Client.GetGrain<IAuditTrailGrain>(0).VerifyAsync(id);
        Assert.True(verification.Intact);
        Assert.Equal(6, verification.Events);
    }

    [Fact]
    public async Task Another_units_officer_is_refused_and_nothing_is_written()
    {
        var (id, _, grain) = await NewRecommendationAsync("ICT");
        var result = await grain.UpdateProgressAsync(Actors.Ilpo, new UpdateProgress(RecommendationStatus.InProgress, 10, "not mine", 1));
        Assert.Equal(ErrorKind.Forbidden, result.Error!.Kind);
        Assert.Single(await fixture.SiloServices.GetRequiredService<IEventStore>().ReadStreamAsync(id));
    }

    [Fact]
    public async Task Evidence_is_stored_by_content_hash_and_an_executable_is_refused_without_storing_anything()
    {
        var (_, _, grain) = await NewRecommendationAsync();
        var pdf = "%PDF-1.7\nหลักฐาน\n%%EOF\n"u8.ToArray();
        var added = await grain.AddEvidenceAsync(Actors.Ict, new AddEvidence("หลักฐาน.pdf", "บันทึกการประชุม", null), new Immutable<byte[]>(pdf));
        Assert.True(added.Ok, added.Error?.Detail);
        Assert.Equal("ev-1", added.CreatedId);
        var file = await grain.GetEvidenceAsync("ev-1");
        Assert.Equal(pdf, file!.Content);
        Assert.Equal("application/pdf", file.Evidence.ContentType);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), file.Evidence.Sha256);

        byte[] exe = [.. "MZ"u8.ToArray(), 0x90, 0, 3, 0, .. "%PDF-1.4 not really"u8.ToArray()];
        var refused = await grain.AddEvidenceAsync(Actors.Ict, new AddEvidence("report.pdf", null, null), new Immutable<byte[]>(exe));
        Assert.Equal("executable-refused", refused.Error!.Code);
        var blobs = fixture.SiloServices.GetRequiredService<IBlobStore>();
        Assert.Null(await blobs.GetAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(exe))));
        Assert.Single((await grain.GetDetailAsync())!.Evidence);
    }

    [Fact]
    public async Task Verification_closes_and_the_board_and_register_follow()
    {
        var (id, reportId, grain) = await NewRecommendationAsync();
        Assert.True((await grain.UpdateProgressAsync(Actors.Ict, new UpdateProgress(RecommendationStatus.InProgress, 50, "x", 1))).Ok);
        Assert.True((await grain.UpdateProgressAsync(Actors.Ict, new UpdateProgress(RecommendationStatus.ImplementedPendingVerification, 100, "x", 2))).Ok);
        var closed = await grain.VerifyAsync(Actors.Auditor, new Verify(VerificationDecision.Implemented, "ตรวจแล้ว", 3, "ตรวจในพื้นที่"));
        Assert.True(closed.Ok, closed.Error?.Detail);

        var page = await Client.GetGrain<IRecommendationQueryGrain>(0).ListAsync(new RecommendationFilter(ReportId: reportId));
        var row = Assert.Single(page.Items);
        Assert.Equal((id, RecommendationStatus.ClosedImplemented, 4L), (row.Id, row.Status, row.Version));

        var board = Client.GetGrain<IBoardGrain>(GrainKeys.Board);
        BoardSnapshot snapshot;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        do
        {
            snapshot = await board.GetSnapshotAsync(reportId);
        }
        while (snapshot.Totals.ByStatus["closed-implemented"] != 1 && DateTime.UtcNow < deadline);
        Assert.Equal(1, snapshot.Totals.Total);
        Assert.Equal(100, snapshot.Totals.ClosedImplementedPercent);
    }

    /// <summary>A parent and its one sub-recommendation in a report of their own, both closed as implemented (the child first).</summary>
    private async Task<(string ReportId, IRecommendationGrain Parent, IRecommendationGrain Child)> ClosedFamilyAsync()
    {
        var reportId = "family-" + Guid.NewGuid().ToString("N")[..10];
        var (parentId, childId) = (GrainKeys.Recommendation(reportId, "F1-R1"), GrainKeys.Recommendation(reportId, "F1-R1.1"));
        var due = ThaiClock.Today(fixture.Time).AddDays(30);
        var parent = Client.GetGrain<IRecommendationGrain>(parentId);
        var child = Client.GetGrain<IRecommendationGrain>(childId);
        Assert.True((await parent.RegisterAsync(new RegisterRecommendation(reportId, "F1-R1", "F1", null, 1,
            new LocalizedText("แม่", "Parent"), new LocalizedText("ข้อความ", "Text"), ["ICT"], due, "test", [childId]))).Ok);
        Assert.True((await child.RegisterAsync(new RegisterRecommendation(reportId, "F1-R1.1", "F1", parentId, 2,
            new LocalizedText("ลูก", "Child"), new LocalizedText("ข้อความ", "Text"), ["ICT"], due, "test", []))).Ok);
        foreach (var grain in new[] { child, parent })
        {
            Assert.True((await grain.UpdateProgressAsync(Actors.Ict, new UpdateProgress(RecommendationStatus.ImplementedPendingVerification, 100, "เสร็จ", 1))).Ok);
            var closed = await grain.VerifyAsync(Actors.Auditor, new Verify(VerificationDecision.Implemented, "ครบ", 2, "ตรวจในพื้นที่"));
            Assert.True(closed.Ok, closed.Error?.Detail);
        }
        return (reportId, parent, child);
    }

    private Task AppendBehindTheGrainsAsync(string id, Func<RecommendationAggregate, Decision> decide) =>
        BehindTheGrains.AppendAsync(fixture.SiloServices, fixture.Time, id, decide);

    private static async Task<(RecommendationStatus Status, string LastType, string LastActor)> StateAsync(IRecommendationGrain grain)
    {
        var detail = (await grain.GetDetailAsync())!;
        return (detail.Summary.Status, detail.History[^1].Type, detail.History[^1].Actor.Username);
    }

    [Fact]
    public async Task Reopening_a_sub_sub_recommendation_reopens_every_closed_level_above_it()
    {
        var reportId = "tree-" + Guid.NewGuid().ToString("N")[..10];
        var codes = new[] { "F1-R1", "F1-R1.1", "F1-R1.1.1" };
        var ids = codes.Select(c => GrainKeys.Recommendation(reportId, c)).ToArray();
        var grains = ids.Select(id => Client.GetGrain<IRecommendationGrain>(id)).ToArray();
        var due = ThaiClock.Today(fixture.Time).AddDays(30);
        for (var level = 0; level < 3; level++)
        {
            Assert.True((await grains[level].RegisterAsync(new RegisterRecommendation(reportId, codes[level], "F1", level == 0 ? null : ids[level - 1], level + 1,
                new LocalizedText("ระดับ " + level, "Level " + level), new LocalizedText("ข้อความ", "Text"), ["ICT"], due, "test",
                level == 2 ? [] : [ids[level + 1]]))).Ok);
        }
        foreach (var grain in grains.Reverse())
        {
            Assert.True((await grain.UpdateProgressAsync(Actors.Ict, new UpdateProgress(RecommendationStatus.ImplementedPendingVerification, 100, "เสร็จ", 1))).Ok);
            var closed = await grain.VerifyAsync(Actors.Auditor, new Verify(VerificationDecision.Implemented, "ครบ", 2, "ตรวจในพื้นที่"));
            Assert.True(closed.Ok, closed.Error?.Detail);
        }

        var reopened = await grains[2].VerifyAsync(Actors.Auditor, new Verify(VerificationDecision.Reopen, "หลักฐานไม่ครบ", 3));
        Assert.True(reopened.Ok, reopened.Error?.Detail);
        // Both levels above are open again when the answer comes, each with the event that says why.
        foreach (var grain in grains.Take(2))
        {
            Assert.Equal((RecommendationStatus.InProgress, "reopened-with-sub-recommendation", "auditor"), await StateAsync(grain));
        }
        var trail = await Client.GetGrain<IAuditTrailGrain>(0).VerifyAsync(reportId + ".");
        Assert.True(trail.Intact);
        Assert.Empty(trail.ParentChildMismatches!);
    }

    [Fact]
    public async Task A_parent_whose_reopen_fails_at_first_is_reopened_by_the_next_attempt()
    {
        var (reportId, parent, child) = await ClosedFamilyAsync();
        // Another writer moves the parent's stream on behind its grain: the parent's first write for the child conflicts.
        await AppendBehindTheGrainsAsync(parent.GetPrimaryKeyString(), a => a.DecideComment(Actors.Auditor, new AddComment("บันทึกจากอีกเครื่อง", a.Version)));

        var reopened = await child.VerifyAsync(Actors.Auditor, new Verify(VerificationDecision.Reopen, "หลักฐานไม่ครบ", 3));
        Assert.True(reopened.Ok, reopened.Error?.Detail);
        Assert.Equal((RecommendationStatus.InProgress, "reopened-with-sub-recommendation", "auditor"), await StateAsync(parent));
        Assert.Contains((await parent.GetHistoryAsync()).SkipLast(1), h => h.Type == "comment-added");
        var trail = await Client.GetGrain<IAuditTrailGrain>(0).VerifyAsync(reportId + ".");
        Assert.True(trail.Intact);
        Assert.Empty(trail.ParentChildMismatches!);
    }

    [Fact]
    public async Task A_child_reopened_without_its_parent_is_reported_by_verify_and_reopens_the_parent_at_its_next_activation()
    {
        var (reportId, parent, child) = await ClosedFamilyAsync();
        var trail = Client.GetGrain<IAuditTrailGrain>(0);
        // The child's reopen is durable, but the host stopped before the parent heard of it.
        await AppendBehindTheGrainsAsync(child.GetPrimaryKeyString(),
            a => a.DecideVerification(Actors.Auditor, new Verify(VerificationDecision.Reopen, "หลักฐานไม่ครบ", a.Version), []));

        var broken = await trail.VerifyAsync(reportId + ".");
        Assert.False(broken.Intact);
        var mismatch = Assert.Single(broken.ParentChildMismatches!);
        Assert.Equal((parent.GetPrimaryKeyString(), child.GetPrimaryKeyString()), (mismatch.ParentId, mismatch.ChildId));
        Assert.Equal(RecommendationStatus.ClosedImplemented, (await parent.GetSummaryAsync())!.Status);

        // The child's next activation (any call; the daily overdue job activates every open recommendation) reopens it.
        await fixture.Cluster.DeactivateAsync(child);
        Assert.Equal(RecommendationStatus.InProgress, (await child.GetSummaryAsync())!.Status);
        Assert.Equal((RecommendationStatus.InProgress, "reopened-with-sub-recommendation", Actor.System.Username), await StateAsync(parent));
        var repaired = await trail.VerifyAsync(reportId + ".");
        Assert.True(repaired.Intact);
        Assert.Empty(repaired.ParentChildMismatches!);

        // An auditor may then close the parent as not implemented while the child is open: that parent stays closed.
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var version = (await parent.GetSummaryAsync())!.Version;
        Assert.True((await parent.VerifyAsync(Actors.Auditor, new Verify(VerificationDecision.NotImplemented, "ไม่ดำเนินการต่อ", version))).Ok);
        await fixture.Cluster.DeactivateAsync(child);
        Assert.Equal(RecommendationStatus.InProgress, (await child.GetSummaryAsync())!.Status);
        Assert.Equal(RecommendationStatus.ClosedNotImplemented, (await parent.GetSummaryAsync())!.Status);
        Assert.Empty((await trail.VerifyAsync(reportId + ".")).ParentChildMismatches!);
    }

    [Fact]
    public async Task The_register_filters_by_unit_status_and_overdue()
    {
        var query = Client.GetGrain<IRecommendationQueryGrain>(0);
        var ilpo = await query.ListAsync(new RecommendationFilter(ReportId: "mol-digital-2565", Unit: "ILPO"));
        Assert.Equal(new[] { "F1-R5", "F2-R1", "F2-R2", "F2-R3" }, ilpo.Items.Select(i => i.Code).Order());
        var overdue = await query.ListAsync(new RecommendationFilter(ReportId: "mol-digital-2565", Overdue: true, Limit: 5));
        Assert.True(overdue.Total >= 5);
        Assert.Equal(5, overdue.Items.Count);
        Assert.All(overdue.Items, i => Assert.True(i.IsOverdue(overdue.Today)));
        var none = await query.ListAsync(new RecommendationFilter(ReportId: "mol-digital-2565", Statuses: [RecommendationStatus.NoLongerApplicable]));
        Assert.Equal(0, none.Total);
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteRecommendationGrainTests(SqliteClusterFixture fixture) : RecommendationGrainTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PostgresRecommendationGrainTests(PostgresClusterFixture fixture) : RecommendationGrainTests(fixture);
