using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Oversight.Reports.FollowUp;

namespace Oversight.Reports.Tests.FollowUp;

/// <summary>A follow-up report model built in the test (no cluster): seed-like Thai content plus stress cases.</summary>
internal static class FollowUpSamples
{
    public const string ReportId = "mol-digital-2565";
    public static readonly DateOnly AsOf = new(2026, 11, 24);
    public const string AsOfThai = "24 พฤศจิกายน 2569";
    public const string AsOfEnglish = "24 November 2026";

    public const string IctName = "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร";
    public const string OpsName = "สำนักงานปลัดกระทรวงแรงงาน";
    public const string JscName = "ศูนย์บริการร่วมกระทรวงแรงงาน";

    public const string R11Text = "สำรวจความต้องการเชื่อมโยงและใช้ประโยชน์ข้อมูลของหน่วยงานภายนอกที่เคยเชื่อมโยงและแลกเปลี่ยนข้อมูลไว้ เพื่อใช้ในการบริหารจัดการด้านแรงงานของประเทศ";
    public const string EvidenceName = "แผนบูรณาการข้อมูลด้านแรงงาน.pdf";
    public static readonly string EvidenceSha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("evidence-1")));
    public const string VerificationNote = "ตรวจสอบแผนและหลักฐานแล้ว ดำเนินการครบถ้วนตามข้อเสนอแนะ";
    public const string ExtensionReason = "รอผลการหารือกับหน่วยงานภายนอกเรื่องการแลกเปลี่ยนข้อมูลรายทะเบียน";

    /// <summary>A long recommendation text: numbered Thai sentences, several pages at 16 pt.</summary>
    public static readonly string LongText = string.Join(" ", Enumerable.Range(1, 70).Select(i =>
        $"({i:D2}) ให้ศูนย์เทคโนโลยีสารสนเทศและการสื่อสารติดตามและประเมินผลการใช้งานระบบวิเคราะห์ข้อมูลขนาดใหญ่ด้านแรงงานร่วมกับผู้ใช้งาน"));

    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(7));

    public static FollowUpReport Build(int longHistoryRows = 200)
    {
        var units = new[]
        {
            new UnitInfo("OPS", new Bilingual(OpsName, "Office of the Permanent Secretary, Ministry of Labour")),
            new UnitInfo("ICT", new Bilingual(IctName, "Information and Communication Technology Centre")),
            new UnitInfo("ILPO", new Bilingual("สำนักงานนโยบายแรงงานนอกระบบ", "Informal Labour Policy Office")),
            new UnitInfo("JSC", new Bilingual(JscName, "MOL Joint Service Centre")),
        };
        var f1 = new FindingEntry("F1", FindingType.Finding, 1,
            new Bilingual("ระบบวิเคราะห์ข้อมูลขนาดใหญ่ด้านแรงงาน (Labour Big Data Analytics) ยังไม่บรรลุเป้าหมายการเป็นศูนย์กลางข้อมูลด้านแรงงาน",
                "Labour Big Data Analytics has not become the labour data hub"),
            new Bilingual("ระบบเชื่อมโยงและแลกเปลี่ยนข้อมูลกับหน่วยงาน 12 หน่วยงาน", "The system links data with 12 agencies"),
        [
            Rec("F1-R1", "F1", "หารือร่วมกับหน่วยงานภายในและภายนอกกระทรวงแรงงาน", "สั่งการให้ศูนย์เทคโนโลยีสารสนเทศและการสื่อสารหารือร่วมกับหน่วยงานภายในและภายนอกกระทรวงแรงงาน ดังนี้",
                ["ICT"], FollowUpStatus.InProgress, 30, new DateOnly(2026, 12, 31)) with { History = History("F1-R1", 3) },
            Rec("F1-R1.1", "F1", "สำรวจความต้องการเชื่อมโยงข้อมูลของหน่วยงานภายนอก", R11Text, ["ICT"], FollowUpStatus.ClosedImplemented, 100, new DateOnly(2026, 9, 30)) with
            {
                ParentCode = "F1-R1",
                Depth = 1,
                Response = new ResponseEntry(FollowUpResponse.Agreed, "เห็นด้วยและจะดำเนินการภายในปีงบประมาณ พ.ศ. 2569", T0, "ict"),
                Actions = [new ActionEntry("act-1", "จัดทำแผนบูรณาการข้อมูลด้านแรงงาน", "ICT", new DateOnly(2026, 8, 31), PlanItemStatus.Completed, 100, false)],
                Evidence = [new EvidenceEntry("ev-1", EvidenceName, "แผนที่ผู้บริหารอนุมัติแล้ว", T0.AddDays(40), "ict", EvidenceSha, 123_456)],
                Extensions =
                [
                    new ExtensionEntry(new DateOnly(2026, 7, 31), new DateOnly(2026, 7, 31), new DateOnly(2026, 9, 30), ExtensionReason, T0.AddDays(20), "ict",
                        ExtensionOutcome.Approved, "อนุมัติตามเหตุผลที่เสนอ", T0.AddDays(22), "auditor"),
                ],
                Verifications = [new VerificationEntry(VerificationOutcome.Implemented, VerificationNote, T0.AddDays(60), "auditor",
                    FollowUpStatus.ImplementedPendingVerification, FollowUpStatus.ClosedImplemented)],
                OriginalDueDate = new DateOnly(2026, 7, 31),
                History = History("F1-R1.1", 6),
            },
            Rec("F1-R4", "F1", "ติดตามและประเมินผลการใช้งานระบบร่วมกับผู้ใช้งาน", LongText, ["ICT"], FollowUpStatus.InProgress, 40, new DateOnly(2026, 10, 31)) with
            {
                History = History("F1-R4", longHistoryRows),
            },
        ]);
        var o1 = new FindingEntry("O1", FindingType.Observation, 1,
            new Bilingual("การให้บริการอิเล็กทรอนิกส์ผ่านระบบ MOL Service Center", "E-services on the MOL Service Center System"),
            new Bilingual("บริการอิเล็กทรอนิกส์ 8 บริการไม่มีผู้ใช้งาน", "8 e-services have no use"),
        [
            Rec("O1-R2", "O1", "สร้างการรับรู้ให้เจ้าหน้าที่แนะนำประชาชน", "สร้างการรับรู้ให้แก่เจ้าหน้าที่เพื่อแนะนำประชาชนให้ใช้บริการผ่านช่องทางอิเล็กทรอนิกส์",
                ["ICT", "JSC"], FollowUpStatus.NotStarted, 0, new DateOnly(2026, 11, 24)) with { History = History("O1-R2", 1) },
        ]);
        return new FollowUpReport
        {
            ReportId = ReportId,
            Title = new Bilingual("รายงานการตรวจสอบผลสัมฤทธิ์และประสิทธิภาพการดำเนินงานการพัฒนาการบริหารจัดการด้านแรงงานโดยใช้ระบบดิจิทัลและเทคโนโลยีสมัยใหม่",
                "Performance audit of labour administration with digital systems"),
            Auditor = new Bilingual("สำนักงานการตรวจเงินแผ่นดิน", "State Audit Office of the Kingdom of Thailand"),
            Auditee = new Bilingual(OpsName + " กระทรวงแรงงาน", "Office of the Permanent Secretary, Ministry of Labour"),
            Addressee = new Bilingual("ปลัดกระทรวงแรงงาน", "Permanent Secretary of Labour"),
            FiscalYearFromBe = 2563,
            FiscalYearToBe = 2565,
            ReportDate = new DateOnly(2024, 3, 29),
            ReportDateProvisional = true,
            AsOf = AsOf,
            Units = units,
            Findings = [f1, o1],
            Verification = new HistoryVerification(true, 4, 3 + 6 + longHistoryRows + 1),
        };
    }

    public const string ReportSource = "report:mol-digital-2565";
    public const string DemoSource = "synthetic:demo";
    public static readonly DateOnly BoardDay = new(2026, 11, 24);
    public static readonly DateOnly ReportFigureDate = new(2024, 3, 29);
    public static readonly DateOnly MonthEnd = new(2026, 10, 31);

    /// <summary>A real figure (from an ingesting system) and a synthetic one, as the board gives them.</summary>
    public static FigureValue Real(double? value, string? period = "2026-10", string source = "lbda-api", FigureFreshness freshness = FigureFreshness.Fresh) =>
        new(value, period, source, value is null ? null : MonthEnd, value is null ? FigureFreshness.Unknown : freshness, false);

    public static FigureValue Demo(double? value, string? period = "2026-10") => new(value, period, DemoSource, value is null ? null : MonthEnd, FigureFreshness.Fresh, true);

    /// <summary>
    /// A programme as the loader builds it from the board: 3 indicators (one real, two synthetic), the FY2565 contract
    /// (synthetic values, a late milestone, two open blockers) and the NLIC plan (no dates: not given), 7 offices in 3
    /// regions (Bangkok real; Central one real office and two synthetic ones; North synthetic only), the farmer registry
    /// (real, unknown frequency) and a synthetic agency with two datasets.
    /// </summary>
    public static ProgrammeSection Programme() => new()
    {
        AsOf = BoardDay,
        DataExchangeUnit = "ICT",
        Indicators =
        [
            new ProgrammeIndicator("IND-LBDA-REG", new Bilingual("อัตราการลงทะเบียนใช้ LBDA ของสำนักงานแรงงานจังหวัด", "LBDA registration rate of provincial offices"),
                new Bilingual("ร้อยละ", "%"), Real(37.5, source: "computed"), new FigureValue(0, "FY2565", ReportSource, ReportFigureDate, FigureFreshness.Unknown, false),
                80, new DateOnly(2027, 9, 30), ["F1-R6"], new Bilingual("ผลรวมเจ้าหน้าที่ที่ลงทะเบียน ÷ ผลรวมเจ้าหน้าที่ที่ต้องใช้ระบบ", "registered ÷ needing access"), ["ICT"]),
            new ProgrammeIndicator("IND-ESERVICE-ZERO", new Bilingual("บริการอิเล็กทรอนิกส์ที่ไม่มีผู้ใช้", "E-services with no use"), new Bilingual("บริการ", "services"),
                Demo(8), new FigureValue(8, "FY2565", ReportSource, ReportFigureDate, FigureFreshness.Unknown, false), null, null, ["O1-R1", "O1-R2"],
                new Bilingual("จำนวนบริการที่ใช้ 0 ครั้งในงวดล่าสุด", "services used 0 times"), ["ICT", "JSC"]),
            new ProgrammeIndicator("IND-CONTRACT-FINES", new Bilingual("ค่าปรับสะสมตามสัญญา", "Delay fines accrued"), new Bilingual("บาท", "baht"),
                new FigureValue(308_700, null, "computed", new DateOnly(2022, 11, 14), FigureFreshness.Fresh, true), null, null, null, ["F2-R2"],
                new Bilingual("ผลรวมค่าปรับที่คำนวณได้ของทุกสัญญา", "fines summed"), ["ILPO"]),
        ],
        Contracts =
        [
            new ProgrammeContract("fy2565-informal-labour-system",
                new Bilingual("โครงการเพิ่มประสิทธิภาพการบริหารจัดการแรงงานนอกระบบ (ปีงบประมาณ พ.ศ. 2565)", "FY2565 informal-labour system"), "ILPO", null,
                new FigureValue(9_800_000, null, DemoSource, null, FigureFreshness.Unknown, true),
                new FigureValue(308_700, null, "computed", new DateOnly(2022, 11, 14), FigureFreshness.Fresh, true),
                new FigureValue(3.15, null, "computed", new DateOnly(2022, 11, 14), FigureFreshness.Fresh, true),
                new FigureValue(45, null, "computed", new DateOnly(2022, 11, 14), FigureFreshness.Fresh, true),
                null, new Bilingual("พัฒนาระบบแล้วเสร็จแต่ล่าช้ากว่าสัญญา", "Development complete, late"),
                [
                    new ProgrammeMilestone("development", new Bilingual("พัฒนาระบบแล้วเสร็จ", "System development complete"), new DateOnly(2022, 9, 30), new DateOnly(2022, 9, 30),
                        new DateOnly(2022, 11, 14), MilestoneProgress.DeliveredLate, new FigureValue(45, null, "computed", new DateOnly(2022, 11, 14), FigureFreshness.Fresh, true),
                        new FigureValue(308_700, null, "computed", new DateOnly(2022, 11, 14), FigureFreshness.Fresh, true),
                        new FigureValue(null, null, DemoSource, null, FigureFreshness.Unknown, true)),
                    new ProgrammeMilestone("registration", new Bilingual("เปิดให้แรงงานอิสระลงทะเบียนผ่านระบบ", "Registration opens"), null, null, null, MilestoneProgress.Undated,
                        new FigureValue(null, null, ReportSource, null, FigureFreshness.Unknown, false, new Bilingual("รายงานต้นทางไม่ได้ระบุ", "not given in the source")),
                        new FigureValue(null, null, ReportSource, null, FigureFreshness.Unknown, false),
                        new FigureValue(null, null, ReportSource, null, FigureFreshness.Unknown, false, new Bilingual("รายงานต้นทางไม่ได้ระบุ", "not given in the source"))),
                ],
                [
                    new ProgrammeBlocker(new Bilingual("ร่างพระราชบัญญัติส่งเสริมและคุ้มครองแรงงานอิสระยังไม่มีผลใช้บังคับ", "The draft Act is not in force"), null, "ILPO", true),
                    new ProgrammeBlocker(new Bilingual("ยังไม่มีมติคณะรัฐมนตรีเห็นชอบให้เปิดลงทะเบียน", "No cabinet resolution yet"), null, "ILPO", true),
                ],
                ["F2-R2", "F2-R4"], ReportSource, Synthetic: true),
            new ProgrammeContract("nlic-plan", new Bilingual("แผนปรับปรุงฐานข้อมูลศูนย์ข้อมูลแรงงานแห่งชาติ (NLIC)", "NLIC plan"), "ICT", null,
                new FigureValue(null, null, ReportSource, null, FigureFreshness.Unknown, false, new Bilingual("รายงานต้นทางไม่ได้ระบุ", "not given in the source")),
                new FigureValue(null, null, "computed", null, FigureFreshness.Unknown, false), new FigureValue(null, null, "computed", null, FigureFreshness.Unknown, false),
                new FigureValue(null, null, "computed", null, FigureFreshness.Unknown, false), null, null,
                [
                    new ProgrammeMilestone("plan", new Bilingual("จัดทำแผนปรับปรุงหรือแผนยุติระบบ NLIC", "Plan drawn up"), null, null, null, MilestoneProgress.Undated,
                        new FigureValue(null, null, ReportSource, null, FigureFreshness.Unknown, false), new FigureValue(null, null, ReportSource, null, FigureFreshness.Unknown, false),
                        new FigureValue(null, null, ReportSource, null, FigureFreshness.Unknown, false)),
                ], [], ["F1-R2"], ReportSource),
        ],
        Offices =
        [
            Office("10", "กรุงเทพมหานคร", "Bangkok", Real(6), Real(30), Real(120_000), BaselineShare(1_384_934), Real(30_000)),
            Office("11", "สมุทรปราการ", "Central", Real(10), Real(40), Real(50_000), BaselineShare(200_000), Real(20_000)),
            Office("12", "นนทบุรี", "Central", Demo(20), Demo(40), Demo(90_000), BaselineShare(200_000), Demo(45_000)),
            Office("13", "ปทุมธานี", "Central", Demo(1), Demo(50), Demo(1), BaselineShare(200_000), Demo(1)),
            Office("50", "เชียงใหม่", "North", Demo(5), Demo(20), Demo(40_000), BaselineShare(252_687), Demo(10_000)),
            Office("51", "ลำพูน", "North", Demo(15), Demo(20), Demo(20_000), BaselineShare(252_687), Demo(5_000)),
            Office("52", "ลำปาง", "North", Real(null), Real(null), Real(null), BaselineShare(252_687), Real(null)),
        ],
        OfficeReportFigures =
        [
            new ReportFigure("report.offices-never-registered", new Bilingual("สำนักงานแรงงานจังหวัดที่ตรวจและไม่เคยลงทะเบียนใช้ LBDA", "Provincial offices visited that never registered for LBDA"),
                new Bilingual("แห่ง", "offices"), new FigureValue(6, "FY2565", ReportSource, ReportFigureDate, FigureFreshness.Unknown, false)),
        ],
        Agencies =
        [
            new ProgrammeAgency("doae", new Bilingual("กรมส่งเสริมการเกษตร", "Department of Agricultural Extension"), null, null, ReportSource, false,
            [
                new ProgrammeDataset("doae-farmer-registry", new Bilingual("ทะเบียนเกษตรกร", "Farmer registry"), true, new Bilingual("ไม่ทราบ", "unknown"),
                    new FigureValue(null, null, "none", null, FigureFreshness.Unknown, false), null, FigureFreshness.Unknown, false),
            ]),
            new ProgrammeAgency("demo-agency-01", new Bilingual("[ข้อมูลสังเคราะห์] หน่วยงานพันธมิตร 1", "[Synthetic] Partner agency 1"), "request-per-cycle", "api-in-progress", DemoSource, true,
            [
                new ProgrammeDataset("demo-agency-01-ds1", new Bilingual("[ข้อมูลสังเคราะห์] ชุดข้อมูล 1.1", "[Synthetic] Dataset 1.1"), true, new Bilingual("ทุก 1 เดือน", "every month"),
                    new FigureValue(20_000, "2026-09", DemoSource, BoardDay, FigureFreshness.Delinquent, true), new DateOnly(2026, 6, 1), FigureFreshness.Delinquent, true),
                new ProgrammeDataset("demo-agency-01-ds2", new Bilingual("[ข้อมูลสังเคราะห์] ชุดข้อมูล 1.2", "[Synthetic] Dataset 1.2"), false, new Bilingual("ทุก 1 ปี", "every year"),
                    new FigureValue(20_300, "2026-10", DemoSource, BoardDay, FigureFreshness.Fresh, true), new DateOnly(2026, 10, 20), FigureFreshness.Fresh, true),
            ]),
        ],
        ExchangeReportFigures =
        [
            new ReportFigure("report.agencies", new Bilingual("หน่วยงานที่ LBDA เชื่อมโยงหรือแลกเปลี่ยนข้อมูล", "Agencies LBDA links or exchanges data with"),
                new Bilingual("หน่วยงาน", "agencies"), new FigureValue(12, "FY2565", ReportSource, ReportFigureDate, FigureFreshness.Unknown, false)),
        ],
    };

    private static FigureValue BaselineShare(double value) => new(value, "2023", "NSO informal employment survey 2023 (B.E. 2566)", new DateOnly(2023, 12, 31), FigureFreshness.Fresh, false);

    private static ProgrammeOffice Office(string code, string th, string region, FigureValue registered, FigureValue needing, FigureValue informal, FigureValue baseline, FigureValue updated) =>
        new(code, new Bilingual($"สำนักงานแรงงานจังหวัด{th}", th), region, $"PLO-{code}", null, registered, needing, informal, baseline, updated);

    /// <summary><see cref="Build"/> with <see cref="Programme"/>.</summary>
    public static FollowUpReport WithProgramme(int longHistoryRows = 5) => Build(longHistoryRows) with { Programme = Programme() };

    /// <summary>A checkpoint with the longest sequence the verify endpoint accepts (18 digits) and a 64-hex hash.</summary>
    public static readonly AuditCheckpoint Checkpoint = new(987_654_321_012_345_678,
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("checkpoint-1"))), new DateTimeOffset(2026, 11, 24, 7, 5, 0, TimeSpan.Zero));
    /// <summary><see cref="Checkpoint"/>'s time in Thai (B.E., Thai time) and in English (C.E.).</summary>
    public const string CheckpointThai = "24 พ.ย. 2569 14:05";
    public const string CheckpointEnglish = "24 Nov 2026 14:05";

    /// <summary>
    /// <see cref="Build"/> with <paramref name="overdue"/> more overdue recommendations under O1 (codes O1-R101…, ICT),
    /// each due on a different day before the as-of date, with a short history.
    /// </summary>
    public static FollowUpReport WithOverdue(int overdue, int longHistoryRows = 5)
    {
        var model = Build(longHistoryRows);
        var extra = Enumerable.Range(1, overdue).Select(i =>
            Rec($"O1-R{100 + i}", "O1", $"ข้อเสนอแนะเพิ่มเติมลำดับที่ {i} เรื่องการติดตามการใช้งานระบบ", $"ข้อความของข้อเสนอแนะเพิ่มเติมลำดับที่ {i}",
                ["ICT"], i % 2 == 0 ? FollowUpStatus.InProgress : FollowUpStatus.NotStarted, 10, AsOf.AddDays(-i)) with { History = History($"O1-R{100 + i}", 1 + i % 3) })
            .ToArray();
        return model with
        {
            Findings = model.Findings.Select(f => f.Code == "O1" ? f with { Recommendations = [.. f.Recommendations, .. extra] } : f).ToArray(),
        };
    }

    private static RecommendationEntry Rec(string code, string finding, string title, string text, string[] units, FollowUpStatus status, int progress, DateOnly due) => new()
    {
        Id = $"{ReportId}.{code}",
        Code = code,
        FindingCode = finding,
        Title = new Bilingual(title, "EN " + code),
        Text = new Bilingual(text, "English text of " + code),
        Units = units,
        Status = status,
        Progress = progress,
        DueDate = due,
        OriginalDueDate = due,
        Overdue = status.IsOverdue(due, AsOf),
        Version = 1,
        UpdatedAt = T0,
    };

    /// <summary>History rows: seq i at T0 + i hours, a 64-hex hash derived from the seq.</summary>
    public static HistoryRow[] History(string code, int rows) => Enumerable.Range(1, rows).Select(i => new HistoryRow(
        i,
        T0.AddHours(i),
        i == 1 ? "ระบบ / System" : "เจ้าหน้าที่ ICT",
        i == 1 ? "recommendation-registered" : "progress-updated",
        i == 1 ? [new HistoryChange("status", null, "not-started")] : [new HistoryChange("progress", (i - 1).ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture))],
        i == 1 ? null : $"บันทึกความคืบหน้าครั้งที่ {i}",
        Hash(code, i))).ToArray();

    public static string Hash(string code, int seq) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"link-{code}-{seq}")));
}
