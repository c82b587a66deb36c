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
