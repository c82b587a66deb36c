using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Recommendations;
using Oversight.Grains.Abstractions.Reports;
using Oversight.Grains.Domain.Recommendations;
using Oversight.Grains.Recommendations;
using Oversight.Storage.Events;
using Oversight.Storage.Projections;
using Oversight.Storage.ReadModel;

namespace Oversight.Grains.Operations;

/// <summary>
/// Generates synthetic audit reports (for load tests, the scale ADR and the demo board). Every title says it is
/// synthetic; report ids are "synthetic-NNNNN". Deterministic for a given index.
/// </summary>
public static class SyntheticData
{
    public const string ReportPrefix = "synthetic-";
    private static readonly string[] UnitCycle = ["ICT", "ILPO", "SPD", "LED", "JSC", "OPS"];
    private static readonly string[] FindingCodes = ["F1", "F2", "O1"];

    /// <summary>The report id of the demo scenario (a labelled copy of the SAO report that demo activity works on).</summary>
    public const string DemoReportId = SyntheticReports.DemoReportId;

    public static string ReportId(int index) => $"{ReportPrefix}{index:D5}";

    /// <summary>Every synthetic report id starts with one of these (generated reports, the demo copy).</summary>
    public static IReadOnlyList<string> ReportIdPrefixes => SyntheticReports.IdPrefixes;

    public static bool IsSynthetic(string reportId) => SyntheticReports.IsSynthetic(reportId);

    public static AuditReportView Report(int index, int recommendations, DateOnly reportDate, DateTimeOffset now)
    {
        var id = ReportId(index);
        var findings = FindingCodes.Select((code, f) => new FindingView(code, code == "O1" ? FindingKind.Observation : FindingKind.Finding, f + 1,
                new LocalizedText($"{Actor.SyntheticLabel} ข้อตรวจพบ {code} ของรายงาน {index}", $"[Synthetic] Finding {code} of report {index}"),
                new LocalizedText("ข้อมูลสังเคราะห์สำหรับการทดสอบระบบ ไม่ใช่ข้อมูลจริง", "Synthetic data for testing; not real."),
                Recommendations(index, recommendations).Where(r => r.FindingCode == code).Select(r => r.Id).ToArray()))
            .ToArray();
        return new AuditReportView(id,
            new LocalizedText($"{Actor.SyntheticLabel} รายงานการตรวจสอบทดสอบ ฉบับที่ {index}", $"[Synthetic] Test audit report no. {index}"),
            new LocalizedText("สำนักงานการตรวจเงินแผ่นดิน", "State Audit Office"), "OPS",
            new LocalizedText("สำนักงานปลัดกระทรวงแรงงาน", "Office of the Permanent Secretary, Ministry of Labour"),
            new LocalizedText("ปลัดกระทรวงแรงงาน", "Permanent Secretary of Labour"),
            2566, 2568, reportDate, "synthetic", "synthetic", new LocalizedText("ข้อมูลสังเคราะห์", "Synthetic data"), findings, now);
    }

    public static IReadOnlyList<(string Id, string FindingCode, RegisterRecommendation Command)> Recommendations(int index, int count) =>
        Enumerable.Range(1, count).Select(n =>
        {
            var finding = FindingCodes[(n - 1) % FindingCodes.Length];
            var code = $"{finding}-R{(n - 1) / FindingCodes.Length + 1}";
            var units = n % 4 == 0 ? new[] { UnitCycle[(index + n) % UnitCycle.Length], UnitCycle[(index + n + 1) % UnitCycle.Length] } : [UnitCycle[(index + n) % UnitCycle.Length]];
            var reportId = ReportId(index);
            return (GrainKeys.Recommendation(reportId, code), finding, new RegisterRecommendation(reportId, code, finding, null, n,
                new LocalizedText($"{Actor.SyntheticLabel} ข้อเสนอแนะ {code} รายงาน {index}", $"[Synthetic] Recommendation {code}, report {index}"),
                new LocalizedText("ข้อเสนอแนะสังเคราะห์สำหรับการทดสอบภาระงาน", "A synthetic recommendation for load testing."),
                units, default, "synthetic", []));
        }).ToArray();

    /// <summary>The registration event and read-model row of a synthetic recommendation, for a direct bulk append.</summary>
    public static (string EventType, string Payload, RecommendationSummary Summary) Registration(string id, RegisterRecommendation command, DateOnly dueDate, DateTimeOffset at)
    {
        var aggregate = new RecommendationAggregate(id);
        var decision = aggregate.DecideRegister(command with { DueDate = dueDate });
        var payload = RecommendationEventCodec.Serialize(decision.Event!);
        aggregate.Apply(1, at, decision.Event!, "", "");
        return (decision.Event!.Data.Type, payload, aggregate.ToSummary() with { UpdatedBy = Actor.System.Username });
    }

    /// <summary>The unit officer synthetic histories are written under, labelled synthetic.</summary>
    public static Actor Officer(string unit) =>
        new($"synthetic-{unit.ToLowerInvariant()}", $"{Actor.SyntheticLabel} เจ้าหน้าที่ {unit} / {Actor.SyntheticLabelEn} {unit} officer", UserRole.UnitOfficer, unit);

    /// <summary>
    /// A synthetic recommendation's whole history for a direct bulk append: its registration, then the response, an
    /// action plan, progress, comments and (with <paramref name="evidenceSha256"/>, the key of a blob that exists)
    /// evidence metadata, <paramref name="count"/> events in all, each decided and folded by the real aggregate so the
    /// history replays exactly; and the read-model projection of the state after the last one.
    /// </summary>
    public static (IReadOnlyList<NewEvent> Events, IReadOnlyList<RowOp> Projection) History(
        string id, RegisterRecommendation command, DateOnly dueDate, int count, DateTimeOffset start, string? evidenceSha256 = null)
    {
        var aggregate = new RecommendationAggregate(id);
        var events = new List<NewEvent>(count);
        var at = start;
        void Commit(Decision decision, Actor actor)
        {
            var e = decision.Event ?? throw new InvalidOperationException($"{id}: {decision.Error?.Detail}");
            events.Add(new NewEvent(e.Data.Type, at, actor.Username, RecommendationEventCodec.Serialize(e)));
            aggregate.Apply(events.Count, at, e, "", "");
            at = at.AddMinutes(47);
        }

        Commit(aggregate.DecideRegister(command with { DueDate = dueDate }), Actor.System);
        var unit = command.Units[0];
        var officer = Officer(unit);
        var progress = 0;
        for (var n = 1; events.Count < count; n++)
        {
            var version = aggregate.Version;
            var decision = n switch
            {
                1 => aggregate.DecideResponse(officer, new RecordResponse(AuditeeResponse.Agreed, "เห็นด้วย (สังเคราะห์)", version)),
                2 => aggregate.DecideAddAction(officer, new AddAction($"แผนงานสังเคราะห์ {id}", unit, dueDate.AddDays(30), ActionStatus.InProgress, 10, null, version), u => u == unit),
                3 when evidenceSha256 is not null => aggregate.DecideAddEvidence(officer, new AddEvidence($"หลักฐานสังเคราะห์-{n}.pdf", "ข้อมูลสังเคราะห์", version),
                    "application/pdf", 1024, evidenceSha256),
                _ when n % 3 == 0 && progress < 90 => aggregate.DecideProgress(officer, new UpdateProgress(null, progress += 10, "ความคืบหน้า (สังเคราะห์)", version)),
                _ => aggregate.DecideComment(officer, new AddComment($"บันทึกสังเคราะห์ {n}", version)),
            };
            Commit(decision, officer);
        }
        return (events, RecommendationProjection.Project(RecommendationGrain.ToRow(aggregate.ToSummary())));
    }
}
