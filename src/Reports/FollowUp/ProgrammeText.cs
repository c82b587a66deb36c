namespace Oversight.Reports.FollowUp;

/// <summary>The wording of the programme section and of the official-form blocks, in Thai and English.</summary>
public sealed class ProgrammeText
{
    /// <summary>Thai.</summary>
    public static ProgrammeText Thai { get; } = new()
    {
        Language = ReportLanguage.Thai,
        Section = "3. ผลการดำเนินงานของแผนงานและโครงการ",
        Intro = "ตัวเลขในส่วนนี้เป็นข้อมูลที่ระบบติดตามผลมีอยู่ ณ วันที่ {0} ทุกตัวเลขระบุแหล่งที่มา วันที่ของข้อมูล และความเป็นปัจจุบัน "
            + "ตัวเลขที่เป็นข้อมูลสังเคราะห์ระบุไว้ทุกแห่ง และไม่นำมารวมกับข้อมูลจริง",
        None = "ยังไม่มีตัวชี้วัดหรือสัญญาของแผนงานที่เชื่อมโยงกับข้อเสนอแนะของรายงานการตรวจสอบฉบับนี้",
        NoneForUnit = "ไม่มีตัวชี้วัด สัญญา หรือข้อมูลของแผนงานที่เป็นของหน่วยงานนี้",
        Indicators = "3.1 ตัวชี้วัดผลลัพธ์",
        Indicator = "ตัวชี้วัด",
        Baseline = "ค่าฐาน",
        Target = "เป้าหมาย",
        Current = "ค่าปัจจุบัน",
        Provenance = "แหล่งที่มาของข้อมูล",
        TargetBy = "ภายใน {0}",
        NotSet = "ยังไม่กำหนด",
        Measures = "วัดผลข้อเสนอแนะ",
        Source = "แหล่งที่มา",
        AsOf = "ณ",
        Period = "งวด",
        Synthetic = "ข้อมูลสังเคราะห์",
        Contracts = "3.2 งวดงานตามสัญญาและแผนงาน",
        Unit = "หน่วยงานรับผิดชอบ",
        ContractValue = "มูลค่าสัญญา",
        Baht = "บาท",
        Fines = "ค่าปรับสะสม",
        FinesLine = "{0} บาท คิดเป็นร้อยละ {1} ของมูลค่าสัญญา",
        FinesBelow = "ต่ำกว่าเกณฑ์พิจารณาบอกเลิกสัญญา (ร้อยละ 10 ของมูลค่าสัญญา)",
        FinesPast = "เกินร้อยละ 10 ของมูลค่าสัญญาตั้งแต่ {0}: ให้พิจารณาบอกเลิกสัญญา (ระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างฯ พ.ศ. 2560 ข้อ 183)",
        FinesUnknown = "คำนวณไม่ได้ เนื่องจากไม่มีมูลค่าสัญญาหรือวันที่ของงวดงาน",
        Status = "สถานะ",
        OpenBlockers = "อุปสรรคที่ยังไม่คลี่คลาย",
        NoOpenBlockers = "ไม่มี",
        Since = "ตั้งแต่ {0}",
        Linked = "ข้อเสนอแนะที่เกี่ยวข้อง",
        Milestone = "งวดงาน",
        PlannedBaseline = "กำหนดเดิม",
        PlannedCurrent = "กำหนดปัจจุบัน",
        Delivered = "ส่งมอบจริง",
        DaysLate = "ล่าช้า (วัน)",
        Fine = "ค่าปรับ (บาท)",
        NotGiven = "ไม่ระบุ",
        Offices = "3.3 สำนักงานแรงงานจังหวัดจำแนกตามภาค (สำนักงานสถิติแห่งชาติ)",
        Region = "ภาค",
        OfficeCount = "สำนักงาน",
        LbdaRate = "ลงทะเบียนใช้ LBDA (ร้อยละ)",
        Coverage = "ครอบคลุมแรงงานนอกระบบ (ร้อยละ)",
        RecordFreshness = "ระเบียนปรับปรุงใน 12 เดือน (ร้อยละ)",
        AllRegions = "ทั่วประเทศ",
        ReportFigures = "ตัวเลขจากรายงานการตรวจสอบ",
        RegionNote = "อัตราแต่ละภาคคำนวณจากผลรวมของสำนักงานที่มีตัวเลขทั้งตัวตั้งและตัวหารในงวดเดียวกัน ความครอบคลุมคือผู้ขึ้นทะเบียนแรงงานนอกระบบเทียบกับสัดส่วนของค่าฐานรายภาคของสำนักงานสถิติแห่งชาติ (พ.ศ. 2566) "
            + "เมื่อมีข้อมูลจริง ตัวเลขสังเคราะห์ไม่นำมาคำนวณ",
        Exchange = "3.4 การเชื่อมโยงและแลกเปลี่ยนข้อมูล: ความเป็นปัจจุบันของชุดข้อมูล",
        AgencyDataset = "หน่วยงาน / ชุดข้อมูล",
        Mode = "วิธีการเชื่อมโยง",
        LinkStatus = "สถานะการเชื่อมโยง",
        Frequency = "รอบการปรับปรุง",
        LastUpdate = "ปรับปรุงล่าสุด",
        Freshness = "ความเป็นปัจจุบัน",
        RecordLevel = "ข้อมูลรายทะเบียน",
        Aggregate = "ข้อมูลสรุป",
        Datasets = "ชุดข้อมูล {0} ชุด",
        NoDatasets = "ไม่มีชุดข้อมูลที่ลงทะเบียน",
        FreshnessSummary = "{0} {1} ชุด: เป็นปัจจุบัน {2} ถึงรอบปรับปรุง {3} เกินรอบ {4} ล้าสมัย {5} ไม่ทราบ {6}",
        RealDatasets = "ชุดข้อมูลจริง",
        SyntheticDatasets = "ชุดข้อมูลสังเคราะห์",
        Tiles = "ตัวชี้วัดผลลัพธ์ของแผนงาน",
        TileBaselineTarget = "ฐาน {0} · เป้า {1}",
        // Official form.
        Number = "ที่",
        Date = "วันที่",
        Subject = "เรื่อง",
        To = "เรียน",
        SubjectText = "รายงานผลการติดตามการดำเนินการตามข้อเสนอแนะของ{0}",
        SubjectTextUnit = "รายงานผลการติดตามการดำเนินการตามข้อเสนอแนะของ{1} ตาม{0}",
        Signatures = "การรับรองและอนุมัติรายงาน",
        SignaturesIntro = "รายงานฉบับนี้จัดทำจากข้อมูลในระบบติดตามผล ณ วันที่ {0} ผู้จัดทำรับรองความถูกต้องของรายงาน และผู้มีอำนาจลงนามอนุมัติ",
        PreparedBy = "ผู้จัดทำรายงาน",
        ApprovedBy = "ผู้อนุมัติ",
        SignLine = "ลงชื่อ ................................",
        NameLine = "( ................................ )",
        PositionLine = "ตำแหน่ง ................................",
        DateLine = "วันที่ ........ / ........ / ........",
    };

    /// <summary>English.</summary>
    public static ProgrammeText English { get; } = new()
    {
        Language = ReportLanguage.English,
        Section = "3. Programme monitoring",
        Intro = "The figures in this section are those the follow-up system held on {0}. Every figure names its source, the date it is true as of "
            + "and how current it is; synthetic figures are marked wherever they appear and are never added into real totals.",
        None = "No programme indicator or contract is linked to this audit report's recommendations.",
        NoneForUnit = "No programme indicator, contract or figure belongs to this unit.",
        Indicators = "3.1 Outcome indicators",
        Indicator = "Indicator",
        Baseline = "Baseline",
        Target = "Target",
        Current = "Current",
        Provenance = "Provenance",
        TargetBy = "by {0}",
        NotSet = "not set",
        Measures = "Measures",
        Source = "source",
        AsOf = "as of",
        Period = "period",
        Synthetic = "synthetic data",
        Contracts = "3.2 Contract and plan milestones",
        Unit = "Responsible unit",
        ContractValue = "Contract value",
        Baht = "baht",
        Fines = "Fines accrued",
        FinesLine = "{0} baht, {1}% of the contract value",
        FinesBelow = "below the termination-review line (10% of the contract value)",
        FinesPast = "past 10% of the contract value since {0}: termination review (Ministry of Finance procurement regulation B.E. 2560, clause 183)",
        FinesUnknown = "cannot be computed: no contract value or milestone dates",
        Status = "Status",
        OpenBlockers = "Open blockers",
        NoOpenBlockers = "none",
        Since = "since {0}",
        Linked = "Linked recommendations",
        Milestone = "Milestone",
        PlannedBaseline = "Planned (baseline)",
        PlannedCurrent = "Planned (current)",
        Delivered = "Delivered",
        DaysLate = "Days late",
        Fine = "Fine (baht)",
        NotGiven = "not given",
        Offices = "3.3 Provincial labour offices by NSO region",
        Region = "Region",
        OfficeCount = "Offices",
        LbdaRate = "LBDA registration (%)",
        Coverage = "Informal registry vs baseline (%)",
        RecordFreshness = "Records updated in 12 months (%)",
        AllRegions = "All regions",
        ReportFigures = "Figures from the audit report",
        RegionNote = "Each region's rate sums the offices that have both inputs for one period. Coverage compares informal workers registered with the offices' shares of the National Statistical Office's regional baseline (2023). "
            + "Where real figures exist, synthetic ones are left out.",
        Exchange = "3.4 Data exchange: dataset freshness",
        AgencyDataset = "Agency / dataset",
        Mode = "Linkage mode",
        LinkStatus = "Link status",
        Frequency = "Update cycle",
        LastUpdate = "Last update",
        Freshness = "Freshness",
        RecordLevel = "record-level",
        Aggregate = "aggregate",
        Datasets = "{0} datasets",
        NoDatasets = "no dataset registered",
        FreshnessSummary = "{0}: {1}; fresh {2}, due {3}, overdue {4}, delinquent {5}, unknown {6}",
        RealDatasets = "Real datasets",
        SyntheticDatasets = "Synthetic datasets",
        Tiles = "Programme outcome indicators",
        TileBaselineTarget = "baseline {0} · target {1}",
        Number = "No.",
        Date = "Date",
        Subject = "Subject",
        To = "To",
        SubjectText = "Follow-up of the recommendations of the audit report: {0}",
        SubjectTextUnit = "Follow-up of the recommendations addressed to {1}, audit report: {0}",
        Signatures = "Certification and approval",
        SignaturesIntro = "This report is made from the follow-up system's data as of {0}. The preparer certifies it and the authorised officer approves it.",
        PreparedBy = "Prepared by",
        ApprovedBy = "Approved by",
        SignLine = "Signed ................................",
        NameLine = "( ................................ )",
        PositionLine = "Position ................................",
        DateLine = "Date ........ / ........ / ........",
    };

    /// <summary>The text for a language.</summary>
    public static ProgrammeText For(ReportLanguage language) => language == ReportLanguage.English ? English : Thai;

#pragma warning disable CS1591 // the property names say what each text is
    public required ReportLanguage Language { get; init; }
    public required string Section { get; init; }
    public required string Intro { get; init; }
    public required string None { get; init; }
    public required string NoneForUnit { get; init; }
    public required string Indicators { get; init; }
    public required string Indicator { get; init; }
    public required string Baseline { get; init; }
    public required string Target { get; init; }
    public required string Current { get; init; }
    public required string Provenance { get; init; }
    public required string TargetBy { get; init; }
    public required string NotSet { get; init; }
    public required string Measures { get; init; }
    public required string Source { get; init; }
    public required string AsOf { get; init; }
    public required string Period { get; init; }
    public required string Synthetic { get; init; }
    public required string Contracts { get; init; }
    public required string Unit { get; init; }
    public required string ContractValue { get; init; }
    public required string Baht { get; init; }
    public required string Fines { get; init; }
    public required string FinesLine { get; init; }
    public required string FinesBelow { get; init; }
    public required string FinesPast { get; init; }
    public required string FinesUnknown { get; init; }
    public required string Status { get; init; }
    public required string OpenBlockers { get; init; }
    public required string NoOpenBlockers { get; init; }
    public required string Since { get; init; }
    public required string Linked { get; init; }
    public required string Milestone { get; init; }
    public required string PlannedBaseline { get; init; }
    public required string PlannedCurrent { get; init; }
    public required string Delivered { get; init; }
    public required string DaysLate { get; init; }
    public required string Fine { get; init; }
    public required string NotGiven { get; init; }
    public required string Offices { get; init; }
    public required string Region { get; init; }
    public required string OfficeCount { get; init; }
    public required string LbdaRate { get; init; }
    public required string Coverage { get; init; }
    public required string RecordFreshness { get; init; }
    public required string AllRegions { get; init; }
    public required string ReportFigures { get; init; }
    public required string RegionNote { get; init; }
    public required string Exchange { get; init; }
    public required string AgencyDataset { get; init; }
    public required string Mode { get; init; }
    public required string LinkStatus { get; init; }
    public required string Frequency { get; init; }
    public required string LastUpdate { get; init; }
    public required string Freshness { get; init; }
    public required string RecordLevel { get; init; }
    public required string Aggregate { get; init; }
    public required string Datasets { get; init; }
    public required string NoDatasets { get; init; }
    public required string FreshnessSummary { get; init; }
    public required string RealDatasets { get; init; }
    public required string SyntheticDatasets { get; init; }
    public required string Tiles { get; init; }
    public required string TileBaselineTarget { get; init; }
    public required string Number { get; init; }
    public required string Date { get; init; }
    public required string Subject { get; init; }
    public required string To { get; init; }
    public required string SubjectText { get; init; }
    public required string SubjectTextUnit { get; init; }
    public required string Signatures { get; init; }
    public required string SignaturesIntro { get; init; }
    public required string PreparedBy { get; init; }
    public required string ApprovedBy { get; init; }
    public required string SignLine { get; init; }
    public required string NameLine { get; init; }
    public required string PositionLine { get; init; }
    public required string DateLine { get; init; }
#pragma warning restore CS1591

    /// <summary>A freshness state in words.</summary>
    public string FreshnessName(FigureFreshness freshness) => Language == ReportLanguage.Thai
        ? freshness switch
        {
            FigureFreshness.Fresh => "เป็นปัจจุบัน",
            FigureFreshness.Due => "ถึงรอบปรับปรุง",
            FigureFreshness.Overdue => "เกินรอบปรับปรุง",
            FigureFreshness.Delinquent => "ล้าสมัย",
            _ => "ไม่ทราบ",
        }
        : freshness switch
        {
            FigureFreshness.Fresh => "fresh",
            FigureFreshness.Due => "due",
            FigureFreshness.Overdue => "overdue",
            FigureFreshness.Delinquent => "delinquent",
            _ => "unknown",
        };

    /// <summary>A milestone's state in words.</summary>
    public string MilestoneName(MilestoneProgress state) => Language == ReportLanguage.Thai
        ? state switch
        {
            MilestoneProgress.Pending => "ยังไม่ถึงกำหนด",
            MilestoneProgress.Late => "ล่าช้า ยังไม่ส่งมอบ",
            MilestoneProgress.Delivered => "ส่งมอบแล้ว",
            MilestoneProgress.DeliveredLate => "ส่งมอบล่าช้า",
            _ => "ไม่ระบุกำหนด",
        }
        : state switch
        {
            MilestoneProgress.Pending => "not yet due",
            MilestoneProgress.Late => "late, not delivered",
            MilestoneProgress.Delivered => "delivered",
            MilestoneProgress.DeliveredLate => "delivered late",
            _ => "no date given",
        };

    /// <summary>An NSO region in words.</summary>
    public string RegionName(string? region) => Language == ReportLanguage.Thai
        ? region switch
        {
            null => AllRegions,
            "Bangkok" => "กรุงเทพมหานคร",
            "Central" => "ภาคกลาง",
            "North" => "ภาคเหนือ",
            "Northeast" => "ภาคตะวันออกเฉียงเหนือ",
            "South" => "ภาคใต้",
            _ => region,
        }
        : region ?? AllRegions;
}
