using Oversight.Grains.Abstractions.Monitoring;

namespace Oversight.Web.Imports;

/// <summary>One column of an import file: its key, its Thai and English headers (a header may be either, or "Thai / English").</summary>
public sealed record ImportColumn(string Key, string Thai, string English, bool Required, string Help)
{
    public string Header => $"{Thai} / {English}";

    public bool Matches(string header)
    {
        var h = header.Trim();
        return h.Equals(Key, StringComparison.OrdinalIgnoreCase) || h == Thai || h.Equals(English, StringComparison.OrdinalIgnoreCase) || h == Header
            || h.Split(" / ").Any(part => part.Trim() == Thai || part.Trim().Equals(English, StringComparison.OrdinalIgnoreCase) || part.Trim().Equals(Key, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>The kinds of file the system imports and their columns (also the downloadable templates).</summary>
public static class ImportSchemas
{
    public const string Observations = ImportKinds.Observations;
    public const string Contracts = ImportKinds.Contracts;
    public const string EServices = ImportKinds.EServices;
    public const string Agencies = ImportKinds.Agencies;
    public const string Datasets = ImportKinds.Datasets;

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ImportColumn>> Kinds = new Dictionary<string, IReadOnlyList<ImportColumn>>(StringComparer.Ordinal)
    {
        [Observations] =
        [
            new("source", "แหล่งข้อมูล", "source", true, "where the figure comes from, e.g. lbda"),
            new("metric", "ตัวชี้วัด", "metric", true, "a metric id, e.g. lbda.registered-staff"),
            new("subject", "หน่วยที่วัด", "subject", true, "province:{DOPA code}, eservice:{id}, agency:{id}, dataset:{id} or contract:{id}"),
            new("period", "งวด", "period", true, "yyyy-MM or FY and a B.E. year, e.g. FY2569"),
            new("value", "ค่า", "value", true, "a number; for dataset.last-update a date yyyy-MM-dd"),
            new("asOf", "ข้อมูล ณ วันที่", "as of", true, "the date the value is true as of, yyyy-MM-dd"),
        ],
        [Contracts] =
        [
            new("contractId", "รหัสสัญญา", "contract id", true, "lower-case letters, digits, . _ -"),
            new("titleTh", "ชื่อสัญญา (ไทย)", "title (Thai)", false, "on the contract's first row"),
            new("titleEn", "ชื่อสัญญา (อังกฤษ)", "title (English)", false, "on the contract's first row"),
            new("unit", "หน่วยงานรับผิดชอบ", "responsible unit", false, "a unit code, e.g. ILPO"),
            new("contractor", "ผู้รับจ้าง", "contractor", false, "empty when not given"),
            new("value", "มูลค่าสัญญา (บาท)", "contract value (baht)", false, "empty when not given"),
            new("signedOn", "วันลงนาม", "signed on", false, "yyyy-MM-dd; empty when not given"),
            new("recommendations", "ข้อเสนอแนะที่เกี่ยวข้อง", "linked recommendations", false, "recommendation ids separated by commas"),
            new("dailyRatePercent", "อัตราค่าปรับต่อวัน (%)", "daily fine rate (%)", false, "0.01–0.20; default 0.10"),
            new("dailyFloorBaht", "ค่าปรับขั้นต่ำต่อวัน (บาท)", "daily fine floor (baht)", false, "default 100"),
            new("milestoneId", "รหัสงวดงาน", "milestone id", true, "unique within the contract"),
            new("deliverableTh", "สิ่งส่งมอบ (ไทย)", "deliverable (Thai)", true, ""),
            new("deliverableEn", "สิ่งส่งมอบ (อังกฤษ)", "deliverable (English)", false, ""),
            new("instalment", "มูลค่างวด (บาท)", "instalment (baht)", false, "empty when not given"),
            new("plannedDate", "กำหนดส่งมอบ", "planned date", false, "yyyy-MM-dd; empty when not given"),
            new("deliveredOn", "วันส่งมอบจริง", "delivered on", false, "yyyy-MM-dd; empty while not delivered"),
        ],
        [EServices] =
        [
            new("id", "รหัสบริการ", "service id", true, "lower-case letters, digits, . _ -"),
            new("nameTh", "ชื่อบริการ (ไทย)", "name (Thai)", true, ""),
            new("nameEn", "ชื่อบริการ (อังกฤษ)", "name (English)", false, ""),
            new("audience", "ผู้ใช้บริการ", "audience", true, "employer (นายจ้าง/ผู้ประกอบการ) or citizen (ประชาชน/ลูกจ้าง)"),
            new("unit", "หน่วยงานเจ้าของบริการ", "owner unit", true, "a unit code, e.g. ICT"),
        ],
        [Agencies] =
        [
            new("id", "รหัสหน่วยงาน", "agency id", true, "lower-case letters, digits, . _ -"),
            new("nameTh", "ชื่อหน่วยงาน (ไทย)", "name (Thai)", true, ""),
            new("nameEn", "ชื่อหน่วยงาน (อังกฤษ)", "name (English)", false, ""),
            new("mode", "รูปแบบการเชื่อมโยง", "linkage mode", false, "1 direct API, 2 request per update cycle, 3 via another agency; empty when not known"),
            new("status", "สถานะการเชื่อมโยง", "linkage status", false, "linked, api-in-progress or not-linked; empty when not known"),
        ],
        [Datasets] =
        [
            new("agencyId", "รหัสหน่วยงาน", "agency id", true, "an agency that exists (or is in the agencies file imported before)"),
            new("id", "รหัสชุดข้อมูล", "dataset id", true, "lower-case letters, digits, . _ -"),
            new("nameTh", "ชื่อชุดข้อมูล (ไทย)", "name (Thai)", true, ""),
            new("nameEn", "ชื่อชุดข้อมูล (อังกฤษ)", "name (English)", false, ""),
            new("recordLevel", "ข้อมูลรายทะเบียน", "record-level", true, "yes/ใช่ or no/ไม่ใช่ (record-level data itself never enters Oversight, only metadata)"),
            new("frequencyUnit", "หน่วยความถี่การปรับปรุง", "update frequency unit", true, "GD Catalog: ปี, ครึ่งปี, ไตรมาส, เดือน, สัปดาห์, วัน, …"),
            new("frequencyInterval", "จำนวนครั้งต่อหน่วย", "times per unit", false, "default 1"),
        ],
    };
}
