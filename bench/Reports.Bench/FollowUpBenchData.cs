using System.Security.Cryptography;
using System.Text;
using Oversight.Reports.FollowUp;

namespace Oversight.Reports.Bench;

/// <summary>
/// A seed-sized follow-up report model (3 findings, 15 recommendations with responses, action plans, evidence and
/// 12 history links each) for timing the real composer + renderer, as the API runs them.
/// </summary>
internal static class FollowUpBenchData
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly string[] Units = ["ICT", "ILPO", "SPD", "LED", "JSC", "OPS"];
    private static readonly string[] UnitNames =
        ["ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร", "สำนักงานนโยบายแรงงานนอกระบบ", "กองยุทธศาสตร์และแผนงาน", "กองเศรษฐกิจการแรงงาน", "ศูนย์บริการร่วมกระทรวงแรงงาน", "สำนักงานปลัดกระทรวงแรงงาน"];
    private const string Text = "สำรวจความต้องการเชื่อมโยงและใช้ประโยชน์ข้อมูลของหน่วยงานภายนอกที่เคยเชื่อมโยงและแลกเปลี่ยนข้อมูลไว้ เพื่อใช้ในการบริหารจัดการด้านแรงงานของประเทศ "
        + "ติดตามและประสานหน่วยงานภายนอกเพื่อหารือให้เกิดการบูรณาการความร่วมมือในการเชื่อมโยงและแลกเปลี่ยนข้อมูลอย่างเป็นรูปธรรม ตลอดจนกำหนดเป็นแนวทางหรือแผนการบูรณาการข้อมูลด้านแรงงาน";

    public static FollowUpReport Build()
    {
        var statuses = Enum.GetValues<FollowUpStatus>();
        var findings = Enumerable.Range(1, 3).Select(f => new FindingEntry($"F{f}", f == 3 ? FindingType.Observation : FindingType.Finding, f == 3 ? 1 : f,
            new Bilingual($"ข้อตรวจพบที่ {f}: ระบบวิเคราะห์ข้อมูลขนาดใหญ่ด้านแรงงานยังไม่บรรลุเป้าหมายการเป็นศูนย์กลางข้อมูลด้านแรงงาน", $"Finding {f}"),
            new Bilingual("ระบบเชื่อมโยงและแลกเปลี่ยนข้อมูลกับหน่วยงาน 12 หน่วยงาน แต่ข้อมูลที่นำเข้าโดยวิธีที่ 2 และ 3 ส่วนใหญ่ไม่เป็นปัจจุบัน", "Summary"),
            Enumerable.Range(1, 5).Select(r =>
            {
                var code = $"F{f}-R{r}";
                var status = statuses[(f * 5 + r) % statuses.Length];
                var due = new DateOnly(2026, 9, 30).AddDays(r * 20 - 40);
                return new RecommendationEntry
                {
                    Id = "bench." + code,
                    Code = code,
                    FindingCode = $"F{f}",
                    Title = new Bilingual("สำรวจความต้องการเชื่อมโยงข้อมูลของหน่วยงานภายนอก และกำหนดแนวทางหรือแผนการบูรณาการข้อมูลด้านแรงงาน", "Survey"),
                    Text = new Bilingual(Text, "Text"),
                    Units = [Units[r % Units.Length], Units[(r + f) % Units.Length]],
                    Status = status,
                    Overdue = status.IsOverdue(due, new DateOnly(2026, 11, 24)),
                    Progress = r * 15,
                    DueDate = due,
                    OriginalDueDate = due.AddDays(-30),
                    Version = 12,
                    UpdatedAt = T0,
                    Response = new ResponseEntry(FollowUpResponse.Agreed, "เห็นด้วยและจะดำเนินการภายในปีงบประมาณ พ.ศ. 2569", T0, "ict"),
                    Actions = Enumerable.Range(1, 3).Select(a => new ActionEntry($"act-{a}", "จัดทำแผนบูรณาการข้อมูลด้านแรงงานและเสนอผู้บริหารพิจารณา", Units[a % Units.Length],
                        due.AddDays(-a * 10), PlanItemStatus.InProgress, a * 30, false)).ToArray(),
                    Evidence = [new EvidenceEntry("ev-1", "แผนบูรณาการข้อมูลด้านแรงงาน.pdf", "แผนที่ผู้บริหารอนุมัติแล้ว", T0, "ict", Hash(code), 123_456)],
                    Extensions = [new ExtensionEntry(due.AddDays(-30), due.AddDays(-30), due, "รอผลการหารือกับหน่วยงานภายนอก", T0, "ict", ExtensionOutcome.Approved, "อนุมัติ", T0, "auditor")],
                    History = Enumerable.Range(1, 12).Select(h => new HistoryRow(h, T0.AddHours(h), "เจ้าหน้าที่ ICT", "progress-updated",
                        [new HistoryChange("progress", (h - 1).ToString(), h.ToString())], $"บันทึกความคืบหน้าครั้งที่ {h}", Hash(code + h))).ToArray(),
                };
            }).ToArray())).ToArray();
        return new FollowUpReport
        {
            ReportId = "mol-digital-2565",
            Title = new Bilingual("รายงานการตรวจสอบผลสัมฤทธิ์และประสิทธิภาพการดำเนินงานการพัฒนาการบริหารจัดการด้านแรงงานโดยใช้ระบบดิจิทัลและเทคโนโลยีสมัยใหม่", "Audit"),
            Auditor = new Bilingual("สำนักงานการตรวจเงินแผ่นดิน", "State Audit Office"),
            Auditee = new Bilingual("สำนักงานปลัดกระทรวงแรงงาน", "OPS"),
            FiscalYearFromBe = 2563,
            FiscalYearToBe = 2565,
            ReportDate = new DateOnly(2024, 3, 29),
            AsOf = new DateOnly(2026, 11, 24),
            Units = Units.Select((u, i) => new UnitInfo(u, new Bilingual(UnitNames[i], u))).ToArray(),
            Findings = findings,
            Verification = new HistoryVerification(true, 15, 180),
        };
    }

    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
