using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Abstractions.Monitoring;

/// <summary>What an observation is about: <c>province:{DOPA code}</c>, <c>eservice:{id}</c>, <c>agency:{id}</c>, <c>dataset:{id}</c>, <c>contract:{id}</c> or <c>report:{id}</c>.</summary>
public enum SubjectKind
{
    Province,
    EService,
    Agency,
    Dataset,
    Contract,
    Report,
}

public enum MetricValueKind
{
    /// <summary>A count or amount.</summary>
    Number,
    /// <summary>A date (the value is given as yyyy-MM-dd and stored as its day number).</summary>
    Date,
}

/// <summary>A metric: its id, what it is about, its unit and allowed range, and how often it is expected.</summary>
public sealed record MetricDefinition(
    string Id,
    SubjectKind Subject,
    LocalizedText Name,
    LocalizedText Unit,
    double Min,
    double Max,
    bool WholeNumber,
    MetricValueKind Kind = MetricValueKind.Number,
    /// <summary>How often a value is expected, in days (freshness of the figure); monthly by default.</summary>
    double FrequencyDays = 30);

/// <summary>Every metric the system accepts. Adding one is adding a line here.</summary>
public static class MetricCatalog
{
    private static readonly LocalizedText People = new("คน", "people");
    private static readonly LocalizedText Times = new("ครั้ง", "times");
    private static readonly LocalizedText Records = new("รายการ", "records");
    private static readonly LocalizedText Items = new("รายการ", "items");

    public static readonly IReadOnlyList<MetricDefinition> All =
    [
        new("lbda.staff-needing-access", SubjectKind.Province, new("เจ้าหน้าที่ที่ต้องใช้ระบบ LBDA", "Staff who need LBDA access"), People, 0, 100_000, true),
        new("lbda.registered-staff", SubjectKind.Province, new("เจ้าหน้าที่ที่ลงทะเบียนใช้ LBDA", "Staff registered for LBDA"), People, 0, 100_000, true),
        new("lbda.active-users", SubjectKind.Province, new("ผู้ใช้ LBDA ที่ใช้งานจริง", "Active LBDA users"), People, 0, 100_000, true),
        new("lbda.logins", SubjectKind.Province, new("จำนวนครั้งที่เข้าใช้ LBDA", "LBDA logins"), Times, 0, 10_000_000, true),
        new("lbda.reports", SubjectKind.Province, new("รายงานที่จัดทำด้วย LBDA", "Reports produced with LBDA"), Items, 0, 1_000_000, true),
        new("informal.surveyed", SubjectKind.Province, new("แรงงานนอกระบบที่สำรวจ", "Informal workers surveyed"), People, 0, 20_000_000, true),
        new("informal.registered", SubjectKind.Province, new("แรงงานนอกระบบที่ขึ้นทะเบียน", "Informal workers registered"), People, 0, 20_000_000, true),
        new("informal.records-updated-12m", SubjectKind.Province, new("ระเบียนที่ปรับปรุงในรอบ 12 เดือน", "Registry records updated in the last 12 months"), Records, 0, 20_000_000, true),
        new("informal.resurveyed", SubjectKind.Province, new("ระเบียนที่สำรวจซ้ำ", "Registry records re-surveyed"), Records, 0, 20_000_000, true),
        new("employment.employed", SubjectKind.Province, new("ผู้มีงานทำ", "Employed population"), People, 0, 20_000_000, true, FrequencyDays: 365),
        new("eservice.uses", SubjectKind.EService, new("จำนวนครั้งที่ใช้บริการ", "Uses"), Times, 0, 100_000_000, true),
        new("eservice.sso-logins", SubjectKind.EService, new("การเข้าใช้ผ่านบัญชีเดียว (SSO)", "Single sign-on logins"), Times, 0, 100_000_000, true),
        new("dataset.last-update", SubjectKind.Dataset, new("วันที่ปรับปรุงข้อมูลล่าสุด", "Last update of the data"), new("วันที่", "date"), new DateOnly(1990, 1, 1).DayNumber,
            new DateOnly(2100, 12, 31).DayNumber, true, MetricValueKind.Date, FrequencyDays: 365),
        new("dataset.records", SubjectKind.Dataset, new("จำนวนระเบียน", "Records"), Records, 0, 1_000_000_000, true),
        new("agency.datasets-linked", SubjectKind.Agency, new("ชุดข้อมูลที่เชื่อมโยงแล้ว", "Datasets linked"), Items, 0, 10_000, true),
        new("contract.progress", SubjectKind.Contract, new("ความก้าวหน้าของงานตามสัญญา", "Work progress"), new("ร้อยละ", "%"), 0, 100, false),
        // Figures the audit report itself gives (subject report:{id}).
        new("report.agencies", SubjectKind.Report, new("หน่วยงานที่ LBDA เชื่อมโยงหรือแลกเปลี่ยนข้อมูล", "Agencies LBDA links or exchanges data with"), Items, 0, 1000, true, FrequencyDays: 0),
        new("report.agencies-api-in-progress", SubjectKind.Report, new("หน่วยงานที่อยู่ระหว่างเชื่อมโยงผ่าน API", "Agencies with API linkage in progress"), Items, 0, 1000, true, FrequencyDays: 0),
        new("report.units-not-using-lbda", SubjectKind.Report, new("หน่วยรับตรวจที่ไม่ได้ใช้ LBDA", "Audited units not using LBDA"), Items, 0, 1000, true, FrequencyDays: 0),
        new("report.offices-never-registered", SubjectKind.Report, new("สำนักงานแรงงานจังหวัดที่ตรวจและไม่เคยลงทะเบียนใช้ LBDA", "Provincial offices visited that never registered for LBDA"), Items, 0, 77, true, FrequencyDays: 0),
        new("report.eservices-zero-use", SubjectKind.Report, new("บริการอิเล็กทรอนิกส์ที่ไม่มีผู้ใช้", "E-services with no use"), Items, 0, 1000, true, FrequencyDays: 0),
        new("report.eservices-zero-use-employer", SubjectKind.Report, new("บริการสำหรับนายจ้างที่ไม่มีผู้ใช้", "Employer e-services with no use"), Items, 0, 1000, true, FrequencyDays: 0),
        new("report.eservices-low-use", SubjectKind.Report, new("บริการอิเล็กทรอนิกส์ที่มีผู้ใช้ 2–3 ครั้ง", "E-services used only 2–3 times"), Items, 0, 1000, true, FrequencyDays: 0),
    ];

    private static readonly Dictionary<string, MetricDefinition> ById = All.ToDictionary(m => m.Id, StringComparer.Ordinal);

    public static MetricDefinition? Find(string? id) => id is not null && ById.TryGetValue(id, out var m) ? m : null;

    public static string SubjectPrefix(SubjectKind kind) => kind switch
    {
        SubjectKind.Province => "province",
        SubjectKind.EService => "eservice",
        SubjectKind.Agency => "agency",
        SubjectKind.Dataset => "dataset",
        SubjectKind.Contract => "contract",
        _ => "report",
    };

    /// <summary>Splits "kind:id" into its kind and id; false when the kind is unknown or the id is empty.</summary>
    public static bool TryParseSubject(string? subject, out SubjectKind kind, out string id)
    {
        kind = default;
        id = "";
        var colon = subject?.IndexOf(':') ?? -1;
        if (subject is null || colon <= 0 || colon == subject.Length - 1)
        {
            return false;
        }
        id = subject[(colon + 1)..];
        switch (subject[..colon])
        {
            case "province": kind = SubjectKind.Province; return true;
            case "eservice": kind = SubjectKind.EService; return true;
            case "agency": kind = SubjectKind.Agency; return true;
            case "dataset": kind = SubjectKind.Dataset; return true;
            case "contract": kind = SubjectKind.Contract; return true;
            case "report": kind = SubjectKind.Report; return true;
            default: return false;
        }
    }
}
