using System.Globalization;

namespace Oversight.Reports.FollowUp;

/// <summary>
/// The wording of the follow-up reports in Thai and English. Status, response and decision names are the system's
/// status model (the same words as the web pages), not names defined by the State Audit Office.
/// </summary>
public sealed class FollowUpText
{
    /// <summary>Thai.</summary>
    public static FollowUpText Thai { get; } = new()
    {
        Language = ReportLanguage.Thai,
        ReportTitle = "รายงานผลการติดตามการดำเนินการตามข้อเสนอแนะ",
        ExecutiveTitle = "สรุปสำหรับผู้บริหาร: ผลการติดตามการดำเนินการตามข้อเสนอแนะ",
        UnitReportFor = "สำหรับหน่วยงาน",
        Auditee = "หน่วยรับตรวจ",
        AuditorLabel = "หน่วยงานผู้ตรวจสอบ",
        Addressee = "ผู้รับข้อเสนอแนะ",
        FiscalYears = "ปีงบประมาณที่ตรวจสอบ",
        ReportDate = "วันที่ของรายงานการตรวจสอบ",
        ReportDateProvisional = "(วันที่ชั่วคราว เนื่องจากต้นฉบับไม่ระบุวันที่ของรายงาน)",
        AsOf = "ข้อมูล ณ วันที่",
        ReportId = "รหัสรายงานในระบบ",
        ResponsibleUnit = "หน่วยงานรับผิดชอบ",
        StatusModelNote = "ชื่อสถานะในรายงานฉบับนี้เป็นไปตามแบบจำลองสถานะของระบบติดตามผล Oversight มิใช่ชื่อสถานะที่สำนักงานการตรวจเงินแผ่นดินกำหนด "
            + "ข้อเสนอแนะที่ “เกินกำหนด” หมายถึง ข้อเสนอแนะที่ยังไม่ดำเนินการหรืออยู่ระหว่างดำเนินการ และพ้นกำหนดแล้วเสร็จ ณ วันที่ของข้อมูล",
        SummarySection = "1. สรุปผลการติดตาม",
        SummarySentence = "ณ วันที่ {0} มีข้อเสนอแนะที่ติดตามทั้งสิ้น {1} รายการ ปิดแล้ว {2} รายการ (ร้อยละ {3}) ยังไม่ปิด {4} รายการ และเกินกำหนด {5} รายการ",
        ByStatus = "จำนวนข้อเสนอแนะจำแนกตามสถานะ",
        ByUnit = "จำนวนข้อเสนอแนะจำแนกตามหน่วยงานรับผิดชอบ",
        ByFinding = "จำนวนข้อเสนอแนะจำแนกตามข้อตรวจพบ",
        Finding = "ข้อตรวจพบ / ข้อสังเกต",
        Status = "สถานะ",
        Count = "จำนวน",
        Overdue = "เกินกำหนด",
        Percent = "ร้อยละ",
        Total = "รวม",
        Unit = "หน่วยงาน",
        Closed = "ปิดแล้ว",
        Open = "ยังไม่ปิด",
        OpenNotOverdue = "ยังไม่ปิด ไม่เกินกำหนด",
        NotRegistered = "ยังไม่ได้ลงทะเบียนในระบบ ณ วันที่ของข้อมูล",
        DetailSection = "2. ผลการดำเนินการตามข้อเสนอแนะ",
        FindingNumber = "ข้อตรวจพบที่ {0}",
        ObservationNumber = "ข้อสังเกตที่ {0}",
        Recommendation = "ข้อเสนอแนะ",
        Response = "ผลการตอบรับ",
        Progress = "ความคืบหน้า",
        ProgressValue = "ร้อยละ {0}",
        DueDate = "กำหนดแล้วเสร็จ",
        OriginalDueDate = "กำหนดแล้วเสร็จเดิม",
        LastUpdate = "ปรับปรุงล่าสุด",
        ActionPlan = "แผนการดำเนินการ",
        ActionItem = "รายการ",
        Evidence = "หลักฐาน",
        EvidenceFile = "ชื่อไฟล์และคำอธิบาย",
        EvidenceDate = "วันที่แนบ",
        Withdrawn = "ถอนแล้ว",
        Extensions = "การขยายระยะเวลา",
        RequestedOn = "วันที่ขอ",
        RequestedDueDate = "กำหนดที่ขอ",
        Reason = "เหตุผล",
        Decision = "ผลการพิจารณา",
        Verification = "ผลการตรวจสอบยืนยัน",
        VerificationBy = "ผู้ตรวจสอบ",
        None = "ไม่มี",
        NoResponse = "ยังไม่บันทึก",
        By = "โดย",
        Code = "รหัส",
        Annex = "ภาคผนวก ประวัติการเปลี่ยนแปลง",
        AnnexIntro = "ประวัติการเปลี่ยนแปลงของข้อเสนอแนะแต่ละรายการถึงวันที่ของข้อมูล แต่ละรายการเป็นข้อมูลหนึ่งข้อในห่วงโซ่ที่เชื่อมกันด้วยค่าแฮช SHA-256 "
            + "ซึ่งระบบเพิ่มได้อย่างเดียว ไม่แก้ไขหรือลบ (แสดงค่าแฮช 16 หลักแรก)",
        Seq = "ลำดับ",
        When = "วันเวลา",
        Actor = "ผู้ดำเนินการ",
        Event = "รายการ",
        Hash = "ค่าแฮช",
        NoHistory = "ยังไม่มีประวัติ ณ วันที่ของข้อมูล",
        ChainSection = "ผลการตรวจสอบความถูกต้องของห่วงโซ่ประวัติ",
        ChainIntact = "ตรวจสอบแล้ว ห่วงโซ่ประวัติครบถ้วนถูกต้อง: คำนวณค่าแฮชใหม่จากฐานข้อมูล {0} ห่วงโซ่ รวม {1} รายการ ไม่พบความผิดปกติ",
        ChainBroken = "ตรวจพบความผิดปกติของห่วงโซ่ประวัติ: {0} ลำดับที่ {1} ({2}) จากการตรวจสอบ {3} ห่วงโซ่ รวม {4} รายการ",
        ChainNotChecked = "ไม่ได้ตรวจสอบห่วงโซ่ประวัติในการจัดทำรายงานฉบับนี้",
        ChainHead = "ค่าแฮชล่าสุดของแต่ละห่วงโซ่ ณ วันที่ของข้อมูล",
        PageFooter = "หน้า {page} / {pages}",
        KeyFigures = "ตัวเลขสำคัญ",
        TotalRecommendations = "ข้อเสนอแนะทั้งหมด",
        AverageProgress = "ความคืบหน้าเฉลี่ย",
        ItemsUnit = "รายการ",
        StatusChart = "สถานะของข้อเสนอแนะ",
        UnitChart = "ข้อเสนอแนะจำแนกตามหน่วยงานรับผิดชอบ",
        OverdueList = "ข้อเสนอแนะที่เกินกำหนด",
        DaysOverdue = "เกินกำหนด (วัน)",
        NoOverdue = "ไม่มีข้อเสนอแนะที่เกินกำหนด ณ วันที่ของข้อมูล",
        DueSoonList = "ข้อเสนอแนะที่จะครบกำหนดภายใน 60 วัน",
        NoDueSoon = "ไม่มีข้อเสนอแนะที่จะครบกำหนดภายใน 60 วัน",
        SeeFullReport = "รายละเอียดของข้อเสนอแนะแต่ละรายการ หลักฐาน และประวัติการเปลี่ยนแปลง อยู่ในรายงานผลการติดตามฉบับเต็ม",
        ListCut = "แสดง {0} จาก {1} รายการ รายการที่เหลืออยู่ในรายงานฉบับเต็ม",
        Checkpoint = "จุดตรวจสอบประวัติ",
        CheckpointMade = "บันทึกเมื่อ {0} น.",
        CheckpointExplained = "ค่าข้างต้นอยู่ในรูป {ลำดับ}:{ค่าแฮช} ในภายหลังเมื่อเรียก GET /api/v1/audit-trail/verify?checkpoint={ลำดับ}:{ค่าแฮช} "
            + "ด้วยค่านี้ ระบบจะพิสูจน์ได้ว่าข้อมูลทุกรายการที่จุดตรวจสอบนี้ครอบคลุมไม่ถูกลบหรือแก้ไข",
        NoCheckpoint = "ไม่มีจุดตรวจสอบประวัติ ณ เวลาที่จัดทำเอกสารฉบับนี้",
        SyntheticMark = "ข้อมูลสังเคราะห์",
        SyntheticNotice = "ข้อมูลสังเคราะห์: เอกสารฉบับนี้จัดทำจากข้อมูลสังเคราะห์เพื่อการสาธิตหรือทดสอบ ไม่ใช่ข้อมูลการตรวจสอบจริง",
        AboutSheet = "ข้อมูลเอกสาร",
        AboutItem = "หัวข้อ",
        AboutValue = "ค่า",
        AuditReportTitle = "ชื่อรายงานการตรวจสอบ",
        FileLanguage = "ภาษาของเอกสาร",
        LanguageName = "ไทย (th)",
        CheckpointSequence = "ลำดับของจุดตรวจสอบประวัติ",
        CheckpointHash = "ค่าแฮชของจุดตรวจสอบประวัติ (SHA-256)",
        CheckpointTimeUtc = "เวลาของจุดตรวจสอบประวัติ (UTC, ISO 8601)",
        IsSynthetic = "เป็นข้อมูลสังเคราะห์หรือไม่",
        SyntheticYes = "ใช่ ข้อมูลสังเคราะห์ ไม่ใช่ข้อมูลการตรวจสอบจริง",
        SyntheticNo = "ไม่ใช่",
    };

    /// <summary>English.</summary>
    public static FollowUpText English { get; } = new()
    {
        Language = ReportLanguage.English,
        ReportTitle = "Report on the Follow-up of Audit Recommendations",
        ExecutiveTitle = "Executive Summary: Follow-up of Audit Recommendations",
        UnitReportFor = "For",
        Auditee = "Audited entity",
        AuditorLabel = "Auditor",
        Addressee = "Addressed to",
        FiscalYears = "Fiscal years audited",
        ReportDate = "Date of the audit report",
        ReportDateProvisional = "(provisional: the source gives no date)",
        AsOf = "Data as of",
        ReportId = "Report id in the system",
        ResponsibleUnit = "Responsible units",
        StatusModelNote = "Status names in this report follow the status model of the Oversight follow-up system; they are not names defined by the State Audit Office. "
            + "A recommendation is “overdue” when it is not started or in progress and its due date has passed on the as-of date.",
        SummarySection = "1. Summary",
        SummarySentence = "As of {0}, {1} recommendations are tracked: {2} closed ({3}%), {4} open, {5} overdue.",
        ByStatus = "Recommendations by status",
        ByUnit = "Recommendations by responsible unit",
        ByFinding = "Recommendations by finding",
        Finding = "Finding / observation",
        Status = "Status",
        Count = "Count",
        Overdue = "Overdue",
        Percent = "%",
        Total = "Total",
        Unit = "Unit",
        Closed = "Closed",
        Open = "Open",
        OpenNotOverdue = "Open, not overdue",
        NotRegistered = "Not yet registered in the system on the as-of date",
        DetailSection = "2. Implementation of the recommendations",
        FindingNumber = "Finding {0}",
        ObservationNumber = "Observation {0}",
        Recommendation = "Recommendation",
        Response = "Response",
        Progress = "Progress",
        ProgressValue = "{0}%",
        DueDate = "Due date",
        OriginalDueDate = "Original due date",
        LastUpdate = "Last updated",
        ActionPlan = "Action plan",
        ActionItem = "Action",
        Evidence = "Evidence",
        EvidenceFile = "File and description",
        EvidenceDate = "Uploaded",
        Withdrawn = "withdrawn",
        Extensions = "Extensions",
        RequestedOn = "Requested",
        RequestedDueDate = "Requested due date",
        Reason = "Reason",
        Decision = "Decision",
        Verification = "Auditor's verification",
        VerificationBy = "Auditor",
        None = "None",
        NoResponse = "Not recorded",
        By = "by",
        Code = "Code",
        Annex = "Annex: history of changes",
        AnnexIntro = "The history of each recommendation up to the as-of date. Each row is one link of an append-only chain joined by SHA-256 hashes; "
            + "nothing in it is edited or deleted (the first 16 hex digits of each hash are shown).",
        Seq = "Seq",
        When = "Time",
        Actor = "By",
        Event = "Event",
        Hash = "Hash",
        NoHistory = "No history on the as-of date",
        ChainSection = "Verification of the history chains",
        ChainIntact = "Verified: every history chain is intact. {0} chains with {1} links were recomputed from the database; no problem was found.",
        ChainBroken = "The history chain is broken: {0} at seq {1} ({2}), out of {3} chains with {4} links checked.",
        ChainNotChecked = "The history chains were not verified for this report.",
        ChainHead = "Latest hash of each chain on the as-of date",
        PageFooter = "Page {page} of {pages}",
        KeyFigures = "Key figures",
        TotalRecommendations = "Total",
        AverageProgress = "Average progress",
        ItemsUnit = "",
        StatusChart = "Recommendations by status",
        UnitChart = "Recommendations by responsible unit",
        OverdueList = "Overdue recommendations",
        DaysOverdue = "Days overdue",
        NoOverdue = "No recommendation is overdue on the as-of date.",
        DueSoonList = "Recommendations due within 60 days",
        NoDueSoon = "No recommendation is due within 60 days.",
        SeeFullReport = "Each recommendation's details, evidence and history are in the full follow-up report.",
        ListCut = "{0} of {1} shown; the rest are in the full report.",
        Checkpoint = "Audit-trail checkpoint",
        CheckpointMade = "made {0} (UTC+7)",
        CheckpointExplained = "The value above is {sequence}:{hash}; calling GET /api/v1/audit-trail/verify?checkpoint={sequence}:{hash} with it "
            + "proves later that nothing this checkpoint covers has been removed or changed.",
        NoCheckpoint = "No audit-trail checkpoint was available when this file was generated.",
        SyntheticMark = "SYNTHETIC DATA",
        SyntheticNotice = "Synthetic data: this file is made from synthetic data for demonstration or testing; it is not real audit data.",
        AboutSheet = "About",
        AboutItem = "Item",
        AboutValue = "Value",
        AuditReportTitle = "Audit report title",
        FileLanguage = "Language of this file",
        LanguageName = "English (en)",
        CheckpointSequence = "Checkpoint sequence",
        CheckpointHash = "Checkpoint hash (SHA-256)",
        CheckpointTimeUtc = "Checkpoint time (UTC, ISO 8601)",
        IsSynthetic = "Synthetic",
        SyntheticYes = "yes: synthetic data, not real audit data",
        SyntheticNo = "no",
    };

    /// <summary>The text for a language.</summary>
    public static FollowUpText For(ReportLanguage language) => language == ReportLanguage.English ? English : Thai;

#pragma warning disable CS1591 // the property names say what each text is
    public required ReportLanguage Language { get; init; }
    public required string ReportTitle { get; init; }
    public required string ExecutiveTitle { get; init; }
    public required string UnitReportFor { get; init; }
    public required string Auditee { get; init; }
    public required string AuditorLabel { get; init; }
    public required string Addressee { get; init; }
    public required string FiscalYears { get; init; }
    public required string ReportDate { get; init; }
    public required string ReportDateProvisional { get; init; }
    public required string AsOf { get; init; }
    public required string ReportId { get; init; }
    public required string ResponsibleUnit { get; init; }
    public required string StatusModelNote { get; init; }
    public required string SummarySection { get; init; }
    public required string SummarySentence { get; init; }
    public required string ByStatus { get; init; }
    public required string ByUnit { get; init; }
    public required string ByFinding { get; init; }
    public required string Finding { get; init; }
    public required string Status { get; init; }
    public required string Count { get; init; }
    public required string Overdue { get; init; }
    public required string Percent { get; init; }
    public required string Total { get; init; }
    public required string Unit { get; init; }
    public required string Closed { get; init; }
    public required string Open { get; init; }
    public required string OpenNotOverdue { get; init; }
    public required string NotRegistered { get; init; }
    public required string DetailSection { get; init; }
    public required string FindingNumber { get; init; }
    public required string ObservationNumber { get; init; }
    public required string Recommendation { get; init; }
    public required string Response { get; init; }
    public required string Progress { get; init; }
    public required string ProgressValue { get; init; }
    public required string DueDate { get; init; }
    public required string OriginalDueDate { get; init; }
    public required string LastUpdate { get; init; }
    public required string ActionPlan { get; init; }
    public required string ActionItem { get; init; }
    public required string Evidence { get; init; }
    public required string EvidenceFile { get; init; }
    public required string EvidenceDate { get; init; }
    public required string Withdrawn { get; init; }
    public required string Extensions { get; init; }
    public required string RequestedOn { get; init; }
    public required string RequestedDueDate { get; init; }
    public required string Reason { get; init; }
    public required string Decision { get; init; }
    public required string Verification { get; init; }
    public required string VerificationBy { get; init; }
    public required string None { get; init; }
    public required string NoResponse { get; init; }
    public required string By { get; init; }
    public required string Code { get; init; }
    public required string Annex { get; init; }
    public required string AnnexIntro { get; init; }
    public required string Seq { get; init; }
    public required string When { get; init; }
    public required string Actor { get; init; }
    public required string Event { get; init; }
    public required string Hash { get; init; }
    public required string NoHistory { get; init; }
    public required string ChainSection { get; init; }
    public required string ChainIntact { get; init; }
    public required string ChainBroken { get; init; }
    public required string ChainNotChecked { get; init; }
    public required string ChainHead { get; init; }
    public required string PageFooter { get; init; }
    public required string KeyFigures { get; init; }
    public required string TotalRecommendations { get; init; }
    public required string AverageProgress { get; init; }
    public required string ItemsUnit { get; init; }
    public required string StatusChart { get; init; }
    public required string UnitChart { get; init; }
    public required string OverdueList { get; init; }
    public required string DaysOverdue { get; init; }
    public required string NoOverdue { get; init; }
    public required string DueSoonList { get; init; }
    public required string NoDueSoon { get; init; }
    public required string SeeFullReport { get; init; }
    /// <summary>Note under a list cut short: {0} shown, {1} in all (see <see cref="ShortList"/>).</summary>
    public required string ListCut { get; init; }
    public required string Checkpoint { get; init; }
    /// <summary>{0}: date and time, Thai time.</summary>
    public required string CheckpointMade { get; init; }
    /// <summary>Not a format string: printed as is.</summary>
    public required string CheckpointExplained { get; init; }
    public required string NoCheckpoint { get; init; }
    public required string SyntheticMark { get; init; }
    public required string SyntheticNotice { get; init; }
    public required string AboutSheet { get; init; }
    public required string AboutItem { get; init; }
    public required string AboutValue { get; init; }
    public required string AuditReportTitle { get; init; }
    public required string FileLanguage { get; init; }
    public required string LanguageName { get; init; }
    public required string CheckpointSequence { get; init; }
    public required string CheckpointHash { get; init; }
    public required string CheckpointTimeUtc { get; init; }
    public required string IsSynthetic { get; init; }
    public required string SyntheticYes { get; init; }
    public required string SyntheticNo { get; init; }
#pragma warning restore CS1591

    /// <summary>Formats one of the texts with invariant numbers.</summary>
    public static string Format(string template, params object?[] args) => string.Format(CultureInfo.InvariantCulture, template, args);

    /// <summary>Status name (the system's status model).</summary>
    public string StatusName(FollowUpStatus status) => Language == ReportLanguage.Thai
        ? status switch
        {
            FollowUpStatus.NotStarted => "ยังไม่ดำเนินการ",
            FollowUpStatus.InProgress => "อยู่ระหว่างดำเนินการ",
            FollowUpStatus.ImplementedPendingVerification => "ดำเนินการแล้ว รอตรวจสอบยืนยัน",
            FollowUpStatus.ClosedImplemented => "ปิด: ดำเนินการแล้ว",
            FollowUpStatus.ClosedPartlyImplemented => "ปิด: ดำเนินการบางส่วน",
            FollowUpStatus.ClosedNotImplemented => "ปิด: ไม่ได้ดำเนินการ",
            _ => "ไม่เกี่ยวข้องแล้ว",
        }
        : status switch
        {
            FollowUpStatus.NotStarted => "Not started",
            FollowUpStatus.InProgress => "In progress",
            FollowUpStatus.ImplementedPendingVerification => "Implemented, pending verification",
            FollowUpStatus.ClosedImplemented => "Closed: implemented",
            FollowUpStatus.ClosedPartlyImplemented => "Closed: partly implemented",
            FollowUpStatus.ClosedNotImplemented => "Closed: not implemented",
            _ => "No longer applicable",
        };

    /// <summary>Response name.</summary>
    public string ResponseName(FollowUpResponse response) => Language == ReportLanguage.Thai
        ? response switch { FollowUpResponse.Agreed => "เห็นด้วย", FollowUpResponse.PartlyAgreed => "เห็นด้วยบางส่วน", _ => "ไม่เห็นด้วย" }
        : response switch { FollowUpResponse.Agreed => "Agreed", FollowUpResponse.PartlyAgreed => "Partly agreed", _ => "Disagreed" };

    /// <summary>Action-plan status name.</summary>
    public string PlanStatusName(PlanItemStatus status) => Language == ReportLanguage.Thai
        ? status switch { PlanItemStatus.NotStarted => "ยังไม่เริ่ม", PlanItemStatus.InProgress => "กำลังดำเนินการ", PlanItemStatus.Completed => "แล้วเสร็จ", _ => "ยกเลิก" }
        : status switch { PlanItemStatus.NotStarted => "Not started", PlanItemStatus.InProgress => "In progress", PlanItemStatus.Completed => "Completed", _ => "Cancelled" };

    /// <summary>Extension state name.</summary>
    public string ExtensionName(ExtensionOutcome outcome) => Language == ReportLanguage.Thai
        ? outcome switch { ExtensionOutcome.Pending => "รอพิจารณา", ExtensionOutcome.Approved => "อนุมัติ", _ => "ไม่อนุมัติ" }
        : outcome switch { ExtensionOutcome.Pending => "Pending", ExtensionOutcome.Approved => "Approved", _ => "Rejected" };

    /// <summary>Verification decision name.</summary>
    public string DecisionName(VerificationOutcome decision) => Language == ReportLanguage.Thai
        ? decision switch
        {
            VerificationOutcome.Implemented => "ดำเนินการแล้ว",
            VerificationOutcome.PartlyImplemented => "ดำเนินการบางส่วน",
            VerificationOutcome.NotImplemented => "ไม่ได้ดำเนินการ",
            VerificationOutcome.NoLongerApplicable => "ไม่เกี่ยวข้องแล้ว",
            _ => "เปิดใหม่",
        }
        : decision switch
        {
            VerificationOutcome.Implemented => "Implemented",
            VerificationOutcome.PartlyImplemented => "Partly implemented",
            VerificationOutcome.NotImplemented => "Not implemented",
            VerificationOutcome.NoLongerApplicable => "No longer applicable",
            _ => "Reopened",
        };

    /// <summary>History event name; unknown types are shown as stored.</summary>
    public string EventName(string type) => Language == ReportLanguage.Thai
        ? type switch
        {
            "recommendation-registered" => "ลงทะเบียนข้อเสนอแนะ",
            "response-recorded" => "บันทึกผลการตอบรับ",
            "progress-updated" => "ปรับปรุงความคืบหน้า",
            "action-added" => "เพิ่มแผนการดำเนินการ",
            "action-updated" => "ปรับปรุงแผนการดำเนินการ",
            "evidence-added" => "แนบหลักฐาน",
            "evidence-withdrawn" => "ถอนหลักฐาน",
            "comment-added" => "แสดงความเห็น",
            "extension-requested" => "ขอขยายระยะเวลา",
            "extension-decided" => "พิจารณาการขยายระยะเวลา",
            "verification-recorded" => "ตรวจสอบยืนยัน",
            "marked-overdue" => "เกินกำหนด",
            _ => type,
        }
        : type switch
        {
            "recommendation-registered" => "Registered",
            "response-recorded" => "Response recorded",
            "progress-updated" => "Progress updated",
            "action-added" => "Action added",
            "action-updated" => "Action updated",
            "evidence-added" => "Evidence added",
            "evidence-withdrawn" => "Evidence withdrawn",
            "comment-added" => "Comment",
            "extension-requested" => "Extension requested",
            "extension-decided" => "Extension decided",
            "verification-recorded" => "Verified",
            "marked-overdue" => "Marked overdue",
            _ => type,
        };

    /// <summary>A linkage mode or status as stored (kebab-case), in words; null when it is neither.</summary>
    public string? LinkageName(string value) => Language == ReportLanguage.Thai
        ? value switch
        {
            "direct-api" => "1 เชื่อมโยงผ่าน API โดยตรง",
            "request-per-cycle" => "2 ขอข้อมูลจากเจ้าของตามรอบ",
            "via-another-agency" => "3 ผ่านหน่วยงานที่ไม่ใช่เจ้าของข้อมูล",
            "linked" => "เชื่อมโยงแล้ว",
            "api-in-progress" => "อยู่ระหว่างเชื่อมโยง API",
            "not-linked" => "ยังไม่เชื่อมโยง",
            _ => null,
        }
        : value switch
        {
            "direct-api" => "1 direct API",
            "request-per-cycle" => "2 request per update cycle",
            "via-another-agency" => "3 through another agency",
            "linked" => "linked",
            "api-in-progress" => "API in progress",
            "not-linked" => "not linked",
            _ => null,
        };

    /// <summary>"ข้อตรวจพบที่ 1" / "Observation 1".</summary>
    public string FindingLabel(FindingEntry finding) =>
        Format(finding.Type == FindingType.Observation ? ObservationNumber : FindingNumber, finding.Ordinal);
}
