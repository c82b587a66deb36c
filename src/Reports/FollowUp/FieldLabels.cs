using System.Globalization;
using System.Text.RegularExpressions;

namespace Oversight.Reports.FollowUp;

/// <summary>
/// The one map from the field names the aggregates record in a history event's changes (<c>FieldChange.Field</c>:
/// "dueDate", "actions[act-1].status", "milestones[development].deliveredOn", …) to what a reader is shown, in Thai
/// and English, and of their stored values (ISO dates, kebab-case enum values, true/false) to the report's words
/// (B.E. dates in Thai). Keys are templates: an item id in brackets is written <c>[{id}]</c>, and the label's
/// <c>{id}</c> is replaced by the item's id. A test reads every <c>FieldChange(</c> in src/Grains and fails on a
/// field missing here.
/// </summary>
public static partial class FieldLabels
{
    /// <summary>Every field template with its label (Thai, English).</summary>
    public static readonly IReadOnlyDictionary<string, Bilingual> Fields = new Dictionary<string, Bilingual>(StringComparer.Ordinal)
    {
        // Recommendations.
        ["status"] = new("สถานะ", "Status"),
        ["progress"] = new("ความคืบหน้า (ร้อยละ)", "Progress (%)"),
        ["response"] = new("ผลการตอบรับ", "Response"),
        ["dueDate"] = new("กำหนดแล้วเสร็จ", "Due date"),
        ["units"] = new("หน่วยงานรับผิดชอบ", "Responsible units"),
        ["overdue"] = new("เกินกำหนด", "Overdue"),
        ["noEvidenceReason"] = new("เหตุผลที่ปิดโดยไม่มีหลักฐาน", "Reason for closing without evidence"),
        ["actions[{id}].title"] = new("แผนการดำเนินการ {id}: รายการ", "Action {id}: title"),
        ["actions[{id}].ownerUnit"] = new("แผนการดำเนินการ {id}: หน่วยงาน", "Action {id}: unit"),
        ["actions[{id}].dueDate"] = new("แผนการดำเนินการ {id}: กำหนดแล้วเสร็จ", "Action {id}: due date"),
        ["actions[{id}].status"] = new("แผนการดำเนินการ {id}: สถานะ", "Action {id}: status"),
        ["actions[{id}].progress"] = new("แผนการดำเนินการ {id}: ความคืบหน้า (ร้อยละ)", "Action {id}: progress (%)"),
        ["actions[{id}].overdue"] = new("แผนการดำเนินการ {id}: เกินกำหนด", "Action {id}: overdue"),
        ["evidence[{id}]"] = new("หลักฐาน {id}", "Evidence {id}"),
        ["evidence[{id}].withdrawn"] = new("หลักฐาน {id}: ถอนแล้ว", "Evidence {id}: withdrawn"),
        ["comments[{id}]"] = new("ความเห็น {id}", "Comment {id}"),
        ["extensions[{id}].requestedDueDate"] = new("การขยายระยะเวลา {id}: กำหนดที่ขอ", "Extension {id}: requested due date"),
        ["extensions[{id}].status"] = new("การขยายระยะเวลา {id}: ผลการพิจารณา", "Extension {id}: decision"),

        // Contracts.
        ["title"] = new("ชื่อโครงการหรือสัญญา", "Title"),
        ["unit"] = new("หน่วยงานรับผิดชอบ", "Responsible unit"),
        ["value"] = new("มูลค่าสัญญา (บาท)", "Contract value (baht)"),
        ["milestones"] = new("งวดงาน", "Milestones"),
        ["milestones[{id}].deliveredOn"] = new("งวดงาน {id}: วันที่ส่งมอบ", "Milestone {id}: delivered on"),
        ["milestones[{id}].currentPlannedDate"] = new("งวดงาน {id}: กำหนดส่งมอบปัจจุบัน", "Milestone {id}: current planned date"),
        ["blockers[{id}]"] = new("อุปสรรค {id}", "Blocker {id}"),
        ["blockers[{id}].clearedOn"] = new("อุปสรรค {id}: วันที่คลี่คลาย", "Blocker {id}: cleared on"),
        ["demo.value"] = new("มูลค่าสัญญา (ข้อมูลสังเคราะห์)", "Contract value (synthetic)"),
        ["terminationReview"] = new("ค่าปรับเกินร้อยละ 10 ของมูลค่าสัญญา: พิจารณาบอกเลิกสัญญา", "Fines past 10% of the value: termination review"),

        // Provincial offices, e-services, agencies and datasets, indicators.
        ["name"] = new("ชื่อ", "Name"),
        ["visitedByAudit"] = new("สำนักงานที่ สตง. เข้าตรวจ", "Visited by the audit"),
        ["audience"] = new("กลุ่มผู้ใช้บริการ", "Audience"),
        ["mode"] = new("วิธีการเชื่อมโยงข้อมูล", "Linkage mode"),
        ["datasets[{id}]"] = new("ชุดข้อมูล {id}", "Dataset {id}"),
        ["datasets[{id}].accuracy"] = new("ชุดข้อมูล {id}: ความถูกต้อง", "Dataset {id}: accuracy"),
        ["datasets[{id}].completeness"] = new("ชุดข้อมูล {id}: ความครบถ้วน", "Dataset {id}: completeness"),
        ["datasets[{id}].consistency"] = new("ชุดข้อมูล {id}: ความสอดคล้อง", "Dataset {id}: consistency"),
        ["datasets[{id}].timeliness"] = new("ชุดข้อมูล {id}: ความเป็นปัจจุบัน", "Dataset {id}: timeliness"),
        ["datasets[{id}].relevancy"] = new("ชุดข้อมูล {id}: ความตรงตามความต้องการ", "Dataset {id}: relevancy"),
        ["datasets[{id}].availability"] = new("ชุดข้อมูล {id}: ความพร้อมใช้", "Dataset {id}: availability"),
        ["recommendations"] = new("ข้อเสนอแนะที่วัดผล", "Recommendations measured"),
        ["target"] = new("ค่าเป้าหมาย", "Target"),
        ["targetDate"] = new("วันที่ตามเป้าหมาย", "Target date"),

        // API keys and ingested figures.
        ["keys[{id}]"] = new("กุญแจ API {id}", "API key {id}"),
        ["keys[{id}].revoked"] = new("กุญแจ API {id}: ยกเลิกแล้ว", "API key {id}: revoked"),
        ["observations"] = new("ตัวเลขที่นำเข้า", "Figures ingested"),
    };

    /// <summary>The template of a field: each bracketed item id replaced by <c>{id}</c>; the id (the last one) comes out.</summary>
    public static string Template(string field, out string? id)
    {
        id = null;
        var match = BracketedId().Match(field);
        if (!match.Success)
        {
            return field;
        }
        string? last = null;
        var template = BracketedId().Replace(field, m =>
        {
            last = m.Groups[1].Value;
            return "[{id}]";
        });
        id = last;
        return template;
    }

    /// <summary>True when the field has a label.</summary>
    public static bool IsKnown(string field) => Fields.ContainsKey(Template(field, out _));

    /// <summary>The label of a field ("แผนการดำเนินการ act-1: สถานะ"); an unknown field is shown as stored.</summary>
    public static string Label(string field, ReportLanguage language)
    {
        var template = Template(field, out var id);
        return Fields.TryGetValue(template, out var label) ? label.For(language).Replace("{id}", id ?? "", StringComparison.Ordinal) : field;
    }

    /// <summary>
    /// A stored value as the report shows it: enum values in words (the status model's names for statuses), true/false
    /// as yes/no, ISO dates as B.E. dates in Thai (C.E. in English), SHA-256 values shortened to their first 16 digits
    /// (the evidence table prints them whole), null as "–".
    /// </summary>
    public static string Value(string field, string? value, ReportLanguage language)
    {
        if (value is null)
        {
            return "–";
        }
        var t = FollowUpText.For(language);
        var th = language == ReportLanguage.Thai;
        var template = Template(field, out _);
        var last = template[(template.LastIndexOf('.') + 1)..];
        switch (template)
        {
            case "status" when TryKebab<FollowUpStatus>(value, out var s):
                return t.StatusName(s);
            case "status" or "mode":
                return LinkageWord(value, language) ?? value;
            case "actions[{id}].status" when TryKebab<PlanItemStatus>(value, out var p):
                return t.PlanStatusName(p);
            case "extensions[{id}].status" when TryKebab<ExtensionOutcome>(value, out var x):
                return t.ExtensionName(x);
            case "response" when TryKebab<FollowUpResponse>(value, out var r):
                return t.ResponseName(r);
            case "audience":
                return value switch
                {
                    "employer" => th ? "นายจ้างและผู้ประกอบการ" : "employers",
                    "citizen" => th ? "ประชาชนและลูกจ้าง" : "citizens",
                    _ => value,
                };
        }
        if (last is "overdue" or "withdrawn" or "revoked" or "visitedByAudit" || template == "overdue")
        {
            if (bool.TryParse(value, out var b))
            {
                return b ? (th ? "ใช่" : "yes") : (th ? "ไม่ใช่" : "no");
            }
        }
        if (template == "evidence[{id}]" && EvidenceValue().Match(value) is { Success: true } e)
        {
            return th
                ? $"{e.Groups["name"].Value} ({e.Groups["type"].Value}, {e.Groups["size"].Value} ไบต์, SHA-256 {Short(e.Groups["sha"].Value)})"
                : $"{e.Groups["name"].Value} ({e.Groups["type"].Value}, {e.Groups["size"].Value} bytes, SHA-256 {Short(e.Groups["sha"].Value)})";
        }
        if (template == "observations" && th && IngestValue().Match(value) is { Success: true } o)
        {
            return $"เพิ่ม {o.Groups["i"].Value} แทนที่ {o.Groups["r"].Value} ไม่เปลี่ยน {o.Groups["u"].Value} (SHA-256 {Short(o.Groups["sha"].Value)})";
        }
        var dated = IsoDate().Replace(value, m => DateOnly.TryParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? ThaiDates.Short(d, language)
            : m.Value);
        return Sha256().Replace(dated, m => Short(m.Value));
    }

    /// <summary>"field: before → after" as the report shows it.</summary>
    public static string Change(HistoryChange change, ReportLanguage language)
    {
        var label = Label(change.Field, language);
        var after = Value(change.Field, change.After, language);
        return change.Before is null ? $"{label}: {after}" : $"{label}: {Value(change.Field, change.Before, language)} → {after}";
    }

    /// <summary>The first 16 hex digits and an ellipsis.</summary>
    public static string Short(string sha256) => sha256.Length > 16 ? sha256[..16] + "…" : sha256;

    private static string? LinkageWord(string value, ReportLanguage language) => FollowUpText.For(language).LinkageName(value);

    private static bool TryKebab<TEnum>(string value, out TEnum member) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (FollowUpComposer.Kebab(candidate.ToString()) == value)
            {
                member = candidate;
                return true;
            }
        }
        member = default;
        return false;
    }

    [GeneratedRegex(@"\[([^\[\]]+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex BracketedId();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b[0-9a-f]{64}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256();

    [GeneratedRegex(@"^(?<name>.*) \((?<type>[^,()]+), (?<size>\d+) bytes, sha256 (?<sha>[0-9a-f]{64})\)\z", RegexOptions.CultureInvariant)]
    private static partial Regex EvidenceValue();

    [GeneratedRegex(@"^(?<i>\d+) inserted, (?<r>\d+) replaced, (?<u>\d+) unchanged \(sha256 (?<sha>[0-9a-f]{64})\)\z", RegexOptions.CultureInvariant)]
    private static partial Regex IngestValue();
}
