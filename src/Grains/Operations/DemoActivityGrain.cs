using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Operations;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Abstractions.Settings;
using Oversight.Grains.Recommendations;
using Oversight.Storage.ReadModel;

namespace Oversight.Grains.Operations;

/// <summary>
/// What the demo scenario does next to a recommendation: the plausible next step of its life, chosen at random among
/// those the rules allow. Pure; the grain carries it out through the ordinary commands (so every rule still applies).
/// </summary>
public static class DemoScenario
{
    public enum Move { Respond, Start, Progress, AddAction, Comment, RequestExtension, DecideExtension, Submit, Verify, Reopen }

    public static Move Next(RecommendationSummary r, Random random)
    {
        var roll = random.NextDouble();
        if (r.PendingExtensionId is not null && roll < 0.5)
        {
            return Move.DecideExtension;
        }
        return r.Status switch
        {
            RecommendationStatus.NotStarted when r.Response is null && roll < 0.5 => Move.Respond,
            RecommendationStatus.NotStarted => Move.Start,
            RecommendationStatus.InProgress when r.Progress >= 90 => Move.Submit,
            RecommendationStatus.InProgress when roll < 0.15 => Move.AddAction,
            RecommendationStatus.InProgress when roll < 0.25 => Move.Comment,
            RecommendationStatus.InProgress when roll < 0.30 && r.PendingExtensionId is null => Move.RequestExtension,
            RecommendationStatus.InProgress => Move.Progress,
            RecommendationStatus.ImplementedPendingVerification => Move.Verify,
            _ when roll < 0.1 => Move.Reopen,
            _ => Move.Comment,
        };
    }

    public static Actor UnitBot(string unit) =>
        new($"demo-{unit.ToLowerInvariant()}", $"{Actor.DemoLabel} เจ้าหน้าที่ {unit} / {Actor.DemoLabelEn} {unit} officer", UserRole.UnitOfficer, unit);

    public static readonly Actor AuditorBot = new("demo-auditor", $"{Actor.DemoLabel} ผู้ตรวจสอบ / {Actor.DemoLabelEn} auditor", UserRole.Auditor, null);
}

public sealed class DemoActivityState
{
    public bool Running { get; set; }
    public string ReportId { get; set; } = SyntheticData.DemoReportId;
    public long Steps { get; set; }
    public DateTimeOffset? LastStepAt { get; set; }
}

/// <summary>
/// Synthetic activity so a newcomer sees the board move. It works on a labelled synthetic copy of the SAO report
/// ("demo-mol-digital-2565") unless configured to act on the real one, and acts through the ordinary commands as
/// clearly named demo actors.
/// </summary>
[KeepAlive]
public sealed class DemoActivityGrain(
    [PersistentState("demo", "Default")] IPersistentState<DemoActivityState> state,
    IRecommendationReadStore readModel,
    TimeProvider time,
    ILogger<DemoActivityGrain> logger) : Grain, IDemoActivityGrain
{
    private const string RealReportId = "mol-digital-2565";
    private readonly Random _random = new();
    private IGrainTimer? _timer;

    public Task<DemoStatus> GetStatusAsync() =>
        Task.FromResult(new DemoStatus(state.State.Running, state.State.ReportId, state.State.Steps, state.State.LastStepAt));

    public async Task<DemoStatus> StartAsync(TimeSpan interval, bool onRealReport)
    {
        state.State.ReportId = onRealReport ? RealReportId : SyntheticData.DemoReportId;
        if (!onRealReport)
        {
            await EnsureDemoReportAsync();
        }
        state.State.Running = true;
        await state.WriteStateAsync();
        _timer?.Dispose();
        var every = interval < TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : interval;
        _timer = this.RegisterGrainTimer(async () => await StepAsync(), new GrainTimerCreationOptions(every, every) { Interleave = false });
        return await GetStatusAsync();
    }

    public async Task<string?> StepAsync()
    {
        var rows = (await readModel.QueryAsync(new RecommendationQuery(ReportId: state.State.ReportId, Limit: 500))).Items;
        if (rows.Count == 0)
        {
            return null;
        }
        var summary = RecommendationGrain.FromRow(rows[_random.Next(rows.Count)]);
        var grain = GrainFactory.Recommendation(summary.Id);
        var unit = DemoScenario.UnitBot(summary.Units[_random.Next(summary.Units.Count)]);
        var today = ThaiClock.Today(time);
        var move = DemoScenario.Next(summary, _random);
        var result = move switch
        {
            DemoScenario.Move.Respond => await grain.RecordResponseAsync(unit, new RecordResponse(
                _random.NextDouble() < 0.8 ? AuditeeResponse.Agreed : AuditeeResponse.PartlyAgreed, $"{Actor.DemoLabel} บันทึกผลการตอบรับ", summary.Version)),
            DemoScenario.Move.Start => await grain.UpdateProgressAsync(unit, new UpdateProgress(
                RecommendationStatus.InProgress, _random.Next(5, 25), $"{Actor.DemoLabel} เริ่มดำเนินการตามข้อเสนอแนะ", summary.Version)),
            DemoScenario.Move.Progress => await grain.UpdateProgressAsync(unit, new UpdateProgress(
                null, Math.Min(95, summary.Progress + _random.Next(5, 20)), $"{Actor.DemoLabel} ความคืบหน้าตามแผน", summary.Version)),
            DemoScenario.Move.AddAction => await grain.AddActionAsync(unit, new AddAction(
                $"{Actor.DemoLabel} จัดประชุมหารือกับหน่วยงานที่เกี่ยวข้อง", unit.Unit!, today.AddDays(_random.Next(20, 120)), ActionStatus.InProgress, _random.Next(0, 50), null, summary.Version)),
            DemoScenario.Move.Comment => await grain.AddCommentAsync(_random.NextDouble() < 0.5 ? unit : DemoScenario.AuditorBot,
                new AddComment($"{Actor.DemoLabel} ติดตามความคืบหน้า", summary.Version)),
            DemoScenario.Move.RequestExtension => await grain.RequestExtensionAsync(unit, new RequestExtension(
                summary.DueDate.AddDays(_random.Next(30, 120)), $"{Actor.DemoLabel} รอผลการพิจารณาของหน่วยงานภายนอก", summary.Version)),
            DemoScenario.Move.DecideExtension => await grain.DecideExtensionAsync(DemoScenario.AuditorBot, new DecideExtension(
                summary.PendingExtensionId!, _random.NextDouble() < 0.7 ? ExtensionDecision.Approve : ExtensionDecision.Reject, $"{Actor.DemoLabel} พิจารณาแล้ว", summary.Version)),
            DemoScenario.Move.Submit => await grain.UpdateProgressAsync(unit, new UpdateProgress(
                RecommendationStatus.ImplementedPendingVerification, 100, $"{Actor.DemoLabel} ดำเนินการแล้วเสร็จ ขอให้ตรวจสอบ", summary.Version)),
            DemoScenario.Move.Verify => await grain.VerifyAsync(DemoScenario.AuditorBot, new Verify(_random.NextDouble() switch
            {
                < 0.65 => VerificationDecision.Implemented,
                < 0.85 => VerificationDecision.PartlyImplemented,
                _ => VerificationDecision.Reopen,
            }, $"{Actor.DemoLabel} ตรวจสอบหลักฐานแล้ว", summary.Version)),
            _ => await grain.VerifyAsync(DemoScenario.AuditorBot, new Verify(VerificationDecision.Reopen, $"{Actor.DemoLabel} พบประเด็นเพิ่มเติม", summary.Version)),
        };
        state.State.Steps++;
        state.State.LastStepAt = time.GetUtcNow();
        if (state.State.Steps % 20 == 0)
        {
            await state.WriteStateAsync();
        }
        if (!result.Ok)
        {
            logger.LogDebug("Demo move {Move} on {Code} was refused: {Reason}", move, summary.Code, result.Error?.Detail);
        }
        return result.Ok ? $"{move} {summary.Code}" : null;
    }

    /// <summary>A labelled copy of the SAO report: same findings and texts, every title marked synthetic.</summary>
    private async Task EnsureDemoReportAsync()
    {
        var report = GrainFactory.GetGrain<IAuditReportGrain>(SyntheticData.DemoReportId);
        if (await report.GetAsync() is not null)
        {
            return;
        }
        var real = await GrainFactory.GetGrain<IAuditReportGrain>(RealReportId).GetAsync()
            ?? throw new InvalidOperationException("The SAO report must be seeded before the demo copy.");
        var mark = new LocalizedText($"{Actor.SyntheticLabel} ", "[Synthetic] ");
        LocalizedText Marked(LocalizedText text) => new(mark.Th + text.Th, mark.En + text.En);
        string Copy(string id) => SyntheticData.DemoReportId + id[RealReportId.Length..];
        var count = 0;
        foreach (var finding in real.Findings)
        {
            foreach (var id in finding.RecommendationIds)
            {
                count += await CopyAsync(id, null);
            }
        }
        await report.RegisterAsync(real with
        {
            Id = SyntheticData.DemoReportId,
            Title = Marked(real.Title),
            ReportDateBasis = "synthetic copy for the demo scenario",
            Findings = real.Findings.Select(f => f with { Title = Marked(f.Title), RecommendationIds = f.RecommendationIds.Select(Copy).ToArray() }).ToArray(),
        });
        await GrainFactory.GetGrain<IReportCatalogGrain>(GrainKeys.ReportCatalog).AddAsync(new ReportListItem(
            SyntheticData.DemoReportId, Marked(real.Title), real.AuditeeUnit, real.ReportDate, real.FiscalYearFromBe, real.FiscalYearToBe, count));

        async Task<int> CopyAsync(string id, string? parent)
        {
            var source = await GrainFactory.Recommendation(id).GetDetailAsync();
            if (source is null)
            {
                return 0;
            }
            var s = source.Summary;
            // The copy starts today with a spread of due dates, so the demo board shows every aging bucket and "due soon".
            var due = ThaiClock.Today(time).AddDays(_random.Next(-200, 90));
            await GrainFactory.Recommendation(Copy(id)).RegisterAsync(new RegisterRecommendation(SyntheticData.DemoReportId, s.Code, s.FindingCode,
                parent, s.SortOrder, Marked(s.Title), source.Text, s.Units, due, "synthetic demo due date", source.ChildIds.Select(Copy).ToArray()));
            var total = 1;
            foreach (var child in source.ChildIds)
            {
                total += await CopyAsync(child, Copy(id));
            }
            return total;
        }
    }
}
