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

    /// <summary>
    /// <see cref="Build"/> with a seed-sized programme section: 6 indicators (real and synthetic), the FY2565 contract
    /// with 4 milestones and 2 open blockers plus the NLIC plan, the 77 provincial offices in the 5 NSO regions (1, 25,
    /// 17, 20, 14 as in src/Grains/Seed/provinces.csv; real figures for a third of them, synthetic for the rest) and 12
    /// partner agencies with 30 datasets.
    /// </summary>
    public static FollowUpReport BuildWithProgramme() => Build() with { Programme = Programme() };

    public static ProgrammeSection Programme()
    {
        var today = new DateOnly(2026, 11, 24);
        var monthEnd = new DateOnly(2026, 10, 31);
        FigureValue Real(double? v, string source = "lbda-api") => new(v, "2026-10", source, monthEnd, FigureFreshness.Fresh, false);
        FigureValue Demo(double? v) => new(v, "2026-10", "synthetic:demo", monthEnd, FigureFreshness.Fresh, true);
        FigureValue Report(double? v) => new(v, "FY2565", "report:mol-digital-2565", new DateOnly(2024, 3, 29), FigureFreshness.Unknown, false);
        var indicators = Enumerable.Range(1, 6).Select(i => new ProgrammeIndicator($"IND-{i:00}",
            new Bilingual($"ตัวชี้วัดผลลัพธ์ที่ {i}: อัตราการลงทะเบียนใช้ระบบวิเคราะห์ข้อมูลขนาดใหญ่ด้านแรงงานของสำนักงานแรงงานจังหวัด", $"Indicator {i}"),
            new Bilingual("ร้อยละ", "%"), i % 2 == 0 ? Demo(30 + i) : Real(20 + i, "computed"), Report(0), 80, new DateOnly(2027, 9, 30),
            [$"F1-R{i % 5 + 1}"], new Bilingual("ผลรวมเจ้าหน้าที่ที่ลงทะเบียน ÷ ผลรวมเจ้าหน้าที่ที่ต้องใช้ระบบ", "registered ÷ needing access"), [Units[i % Units.Length]])).ToArray();
        var late = new DateOnly(2022, 11, 14);
        FigureValue Computed(double? v) => new(v, null, "computed", late, FigureFreshness.Fresh, true);
        var contracts = new[]
        {
            new ProgrammeContract("fy2565-informal-labour-system",
                new Bilingual("โครงการเพิ่มประสิทธิภาพการบริหารจัดการแรงงานนอกระบบเพื่อยกระดับคุณภาพชีวิตด้วยระบบเทคโนโลยีสารสนเทศ", "FY2565 system"), "ILPO", null,
                Demo(9_800_000), Computed(308_700), Computed(3.15), Computed(45), null, new Bilingual("พัฒนาระบบแล้วเสร็จแต่ล่าช้ากว่าสัญญา", "late"),
                Enumerable.Range(1, 4).Select(m => new ProgrammeMilestone($"m{m}", new Bilingual($"งวดงานที่ {m}: ส่งมอบระบบและเอกสารประกอบ", $"Milestone {m}"),
                    new DateOnly(2022, 3 * m, 30), new DateOnly(2022, 3 * m, 30), m < 4 ? new DateOnly(2022, 3 * m, 30) : late,
                    m < 4 ? MilestoneProgress.Delivered : MilestoneProgress.DeliveredLate, Computed(m < 4 ? 0 : 45), Computed(m < 4 ? 0 : 308_700), Demo(null))).ToArray(),
                [
                    new ProgrammeBlocker(new Bilingual("ร่างพระราชบัญญัติส่งเสริมและคุ้มครองแรงงานอิสระยังไม่มีผลใช้บังคับ", "Act"), null, "ILPO", true),
                    new ProgrammeBlocker(new Bilingual("ยังไม่มีมติคณะรัฐมนตรีเห็นชอบให้เปิดลงทะเบียน", "Cabinet"), null, "ILPO", true),
                ], ["F2-R2", "F2-R4"], "report:mol-digital-2565", true),
            new ProgrammeContract("nlic-plan", new Bilingual("แผนปรับปรุงฐานข้อมูลศูนย์ข้อมูลแรงงานแห่งชาติ (NLIC)", "NLIC plan"), "ICT", null,
                Report(null), Computed(null), Computed(null), Computed(null), null, null,
                [new ProgrammeMilestone("plan", new Bilingual("จัดทำแผนปรับปรุงหรือแผนยุติระบบ NLIC", "Plan"), null, null, null, MilestoneProgress.Undated, Report(null), Report(null), Report(null))],
                [], ["F1-R2"], "report:mol-digital-2565"),
        };
        var regions = new (string Region, int Count)[] { ("Bangkok", 1), ("Central", 25), ("North", 17), ("Northeast", 20), ("South", 14) };
        var offices = new List<ProgrammeOffice>();
        var code = 10;
        foreach (var (region, count) in regions)
        {
            for (var i = 0; i < count; i++, code++)
            {
                var real = code % 3 == 0;
                FigureValue F(double v) => real ? Real(v) : Demo(v);
                offices.Add(new ProgrammeOffice($"{code}", new Bilingual($"สำนักงานแรงงานจังหวัดที่ {code}", $"Office {code}"), region, $"PLO-{code}", code % 13 == 0,
                    F(code % 7), F(20 + code % 11), F(1_000 + 37 * code), new FigureValue(20_000 + 101 * code, "2023", "NSO informal employment survey 2023", new DateOnly(2023, 12, 31), FigureFreshness.Fresh, false),
                    F(300 + 11 * code)));
            }
        }
        var frequencies = new[] { new Bilingual("ทุก 1 เดือน", "monthly"), new Bilingual("ทุก 1 ปี", "yearly"), new Bilingual("ไม่ทราบ", "unknown") };
        var states = Enum.GetValues<FigureFreshness>();
        var agencies = Enumerable.Range(1, 12).Select(a => new ProgrammeAgency($"agency-{a}", new Bilingual($"หน่วยงานพันธมิตรที่ {a} กรมส่งเสริมการเกษตร", $"Agency {a}"),
            a % 3 == 0 ? "direct-api" : "request-per-cycle", a <= 4 ? "api-in-progress" : "linked", a == 1 ? "report:mol-digital-2565" : "synthetic:demo", a != 1,
            Enumerable.Range(1, a % 3 == 0 ? 3 : 2 + (a % 2)).Take(a <= 6 ? 3 : 2).Select(d => new ProgrammeDataset($"agency-{a}-ds{d}",
                new Bilingual($"ชุดข้อมูลทะเบียนเกษตรกรรายครัวเรือนที่ {a}.{d}", $"Dataset {a}.{d}"), d % 2 == 1, frequencies[(a + d) % 3],
                new FigureValue(20_000 + a * 10 + d, "2026-10", a == 1 ? "none" : "synthetic:demo", today, states[(a + d) % states.Length], a != 1),
                new DateOnly(2026, 1 + (a + d) % 10, 1), states[(a + d) % states.Length], a != 1)).ToArray())).ToArray();
        return new ProgrammeSection
        {
            AsOf = today,
            DataExchangeUnit = "ICT",
            Indicators = indicators,
            Contracts = contracts,
            Offices = offices,
            OfficeReportFigures = [new ReportFigure("report.offices-never-registered", new Bilingual("สำนักงานแรงงานจังหวัดที่ตรวจและไม่เคยลงทะเบียนใช้ LBDA", "offices"),
                new Bilingual("แห่ง", "offices"), Report(6))],
            Agencies = agencies,
            ExchangeReportFigures = [new ReportFigure("report.agencies", new Bilingual("หน่วยงานที่ LBDA เชื่อมโยงหรือแลกเปลี่ยนข้อมูล", "agencies"), new Bilingual("หน่วยงาน", "agencies"), Report(12))],
        };
    }

    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
