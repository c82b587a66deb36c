using System.Globalization;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using Oversight.Reports.FollowUp;

namespace Oversight.Reports.Excel;

/// <summary>
/// The recommendation register as an Excel workbook (MiniExcel, Apache-2.0): one row per recommendation, plus a sheet
/// of action-plan items, a sheet of evidence and a sheet about the file itself (report, as-of date, language, audit-trail
/// checkpoint, synthetic or not). Dates and times are real Excel date cells (serial numbers with a date format): in the
/// Thai file the format shows the Buddhist Era (<see cref="DateFormat"/>), in the English file the Common Era; times are
/// Thai time. Labels follow the language. The header row has an opaque fill. Every text cell goes through
/// <see cref="SpreadsheetText"/>, so no value can start a formula.
/// </summary>
public static class RegisterExporter
{
    /// <summary>Sheet names (Thai, English), in the workbook's order.</summary>
    public static (string Register, string Actions, string Evidence, string About) SheetNames(ReportLanguage language) => language == ReportLanguage.English
        ? ("Register", "Actions", "Evidence", FollowUpText.English.AboutSheet)
        : ("ทะเบียนข้อเสนอแนะ", "แผนการดำเนินการ", "หลักฐาน", FollowUpText.Thai.AboutSheet);

    /// <summary>
    /// The date format of a language's file. Thai: LCID 041E (th-TH) with calendar 07 (Thai Buddhist) in the
    /// <c>[$-107041E]</c> prefix, which Excel and LibreOffice both read as "show the B.E. year, Thai month names"
    /// (24 พ.ย. 2569); English: day, English month abbreviation, C.E. year (24 Nov 2026). The cell holds the date
    /// itself either way, so sorting, filtering and date arithmetic work.
    /// </summary>
    public static string DateFormat(ReportLanguage language) => language == ReportLanguage.English ? "[$-409]d mmm yyyy" : "[$-107041E]d mmm yyyy";

    /// <summary>The date-and-time format of a language's file (Thai time, 24-hour clock).</summary>
    public static string DateTimeFormat(ReportLanguage language) => DateFormat(language) + " hh:mm";

    /// <summary>The header row's fill: the navy of the PDF reports, opaque (ARGB alpha FF).</summary>
    public const string HeaderFill = "FF1F4E79";

    /// <summary>Writes the workbook to <paramref name="output"/>.</summary>
    public static void Write(FollowUpReport report, Stream output, ReportLanguage language = ReportLanguage.Thai)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var t = FollowUpText.For(language);
        var en = language == ReportLanguage.English;
        var h = new Headers(en);
        var findings = report.Findings.ToDictionary(f => f.Code, f => t.FindingLabel(f), StringComparer.Ordinal);

        var register = new List<Dictionary<string, object?>>();
        var actions = new List<Dictionary<string, object?>>();
        var evidence = new List<Dictionary<string, object?>>();
        foreach (var r in report.Recommendations)
        {
            register.Add(new Dictionary<string, object?>
            {
                [h.Code] = r.Code,
                [h.Finding] = findings.TryGetValue(r.FindingCode, out var f) ? $"{r.FindingCode} {f}" : r.FindingCode,
                [h.Parent] = r.ParentCode,
                [h.TitleTh] = r.Title.Th,
                [h.TitleEn] = r.Title.En,
                [h.Units] = string.Join(", ", r.Units),
                [h.UnitNames] = string.Join(", ", r.Units.Select(u => report.UnitName(u).For(language))),
                [h.Response] = r.Registered ? (r.Response is { } resp ? t.ResponseName(resp.Response) : t.NoResponse) : null,
                [h.Status] = r.Registered ? t.StatusName(r.Status) : t.NotRegistered,
                [h.StatusCode] = r.Registered ? FollowUpComposer.Kebab(r.Status.ToString()) : null,
                [h.Progress] = r.Registered ? r.Progress : null,
                [h.DueDate] = r.Registered ? Date(r.DueDate) : null,
                [h.OriginalDueDate] = r.Registered ? Date(r.OriginalDueDate) : null,
                [h.Overdue] = r.Registered ? (r.Overdue ? h.Yes : h.No) : null,
                [h.Version] = r.Registered ? r.Version : null,
                [h.LastUpdate] = r.UpdatedAt is { } at ? ThaiTime(at) : null,
            });
            foreach (var a in r.Actions)
            {
                actions.Add(new Dictionary<string, object?>
                {
                    [h.Code] = r.Code,
                    [h.ActionId] = a.Id,
                    [h.Action] = a.Title,
                    [h.Units] = a.OwnerUnit,
                    [h.DueDate] = Date(a.DueDate),
                    [h.Status] = t.PlanStatusName(a.Status),
                    [h.Progress] = a.Progress,
                    [h.Overdue] = a.Overdue ? h.Yes : h.No,
                });
            }
            foreach (var e in r.Evidence)
            {
                evidence.Add(new Dictionary<string, object?>
                {
                    [h.Code] = r.Code,
                    [h.EvidenceId] = e.Id,
                    [h.FileName] = e.FileName,
                    [h.Description] = e.Description,
                    [h.Uploaded] = ThaiTime(e.UploadedAt),
                    [h.UploadedBy] = e.UploadedBy,
                    [h.Size] = e.Size,
                    [h.Sha256] = e.Sha256,
                    [h.Withdrawn] = e.Withdrawn ? h.Yes : h.No,
                });
            }
        }

        var (registerName, actionsName, evidenceName, aboutName) = SheetNames(language);
        var sheets = new Dictionary<string, object>
        {
            [registerName] = ToTable(h.RegisterColumns, register),
            [actionsName] = ToTable(h.ActionColumns, actions),
            [evidenceName] = ToTable(h.EvidenceColumns, evidence),
            [aboutName] = About(report, t),
        };
        var (date, dateTime) = (DateFormat(language), DateTimeFormat(language));
        var config = new OpenXmlConfiguration
        {
            TableStyles = TableStyles.Default,
            AutoFilter = true,
            FreezeRowCount = 1,
            DynamicColumns =
            [
                Column(h.Code, 12), Column(h.Finding, 28), Column(h.Parent, 10), Column(h.TitleTh, 60), Column(h.TitleEn, 60),
                Column(h.Units, 18), Column(h.UnitNames, 40), Column(h.Response, 16), Column(h.Status, 28), Column(h.StatusCode, 30),
                Column(h.Progress, 10), Column(h.DueDate, 14, date), Column(h.OriginalDueDate, 14, date), Column(h.Overdue, 10),
                Column(h.Version, 9), Column(h.LastUpdate, 20, dateTime), Column(h.ActionId, 10), Column(h.Action, 60), Column(h.EvidenceId, 10),
                Column(h.FileName, 36), Column(h.Description, 40), Column(h.Uploaded, 20, dateTime), Column(h.UploadedBy, 16), Column(h.Size, 12),
                Column(h.Sha256, 68), Column(h.Withdrawn, 10), Column(t.AboutItem, 36), Column(t.AboutValue, 70),
            ],
        };
        // MiniExcel's default header fill is translucent (ARGB 28 4472C4) and its header style says applyFill="0", so
        // LibreOffice shows white header text on no fill; and a date in a mixed column (the About sheet) gets Excel's
        // built-in date format. Written to a buffer, the styles part is then corrected.
        using var buffer = new MemoryStream();
        buffer.SaveAs(sheets, printHeader: true, excelType: ExcelType.XLSX, configuration: config);
        XlsxStyles.Fix(buffer, HeaderFill, date, dateTime);
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    /// <summary>An instant as Thai wall-clock time, for a date-time cell.</summary>
    private static DateTime ThaiTime(DateTimeOffset instant) => DateTime.SpecifyKind(instant.ToOffset(ThaiDates.ThaiOffset).DateTime, DateTimeKind.Unspecified);

    /// <summary>The workbook as bytes.</summary>
    public static byte[] ToBytes(FollowUpReport report, ReportLanguage language = ReportLanguage.Thai)
    {
        using var ms = new MemoryStream();
        Write(report, ms, language);
        return ms.ToArray();
    }

    /// <summary>
    /// The "About" sheet: one row per fact about the file (report, title, as-of date, language, checkpoint sequence,
    /// hash and UTC time, synthetic or not). Values keep their type: the as-of date is a date, the sequence a number.
    /// </summary>
    private static System.Data.DataTable About(FollowUpReport report, FollowUpText t)
    {
        var cp = report.Checkpoint;
        var rows = new (string Item, object? Value)[]
        {
            (t.ReportId, report.ReportId),
            (t.AuditReportTitle, report.Title.For(t.Language)),
            (t.AsOf, Date(report.AsOf)),
            (t.FileLanguage, t.LanguageName),
            (t.CheckpointSequence, cp is null ? t.NoCheckpoint
                : cp.Sequence <= MaxExactNumber ? cp.Sequence : cp.Sequence.ToString(CultureInfo.InvariantCulture)),
            (t.CheckpointHash, cp?.Hash),
            (t.CheckpointTimeUtc, cp?.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)),
            (t.IsSynthetic, report.Synthetic ? t.SyntheticYes : t.SyntheticNo),
        };
        var table = new System.Data.DataTable();
        table.Columns.Add(SpreadsheetText.Safe(t.AboutItem), typeof(string));
        table.Columns.Add(SpreadsheetText.Safe(t.AboutValue), typeof(object));
        foreach (var (item, value) in rows)
        {
            table.Rows.Add(SpreadsheetText.Safe(item), SpreadsheetText.Cell(value) ?? DBNull.Value);
        }
        return table;
    }

    /// <summary>Spreadsheet programs keep 15 significant digits; a longer integer is written as text so no digit is lost.</summary>
    private const long MaxExactNumber = 999_999_999_999_999;

    private static DateTime Date(DateOnly d) => d.ToDateTime(TimeOnly.MinValue);

    private static DynamicExcelColumn Column(string key, double width, string? format = null) => new(SpreadsheetText.Safe(key)) { Width = width, Format = format };

    // A DataTable keeps the header row (and the column types) even when a sheet has no rows. Every text cell, the
    // header row included, goes through SpreadsheetText (formula neutralisation); numbers and dates are left as they are.
    private static System.Data.DataTable ToTable(string[] columns, List<Dictionary<string, object?>> rows)
    {
        var table = new System.Data.DataTable();
        foreach (var c in columns)
        {
            var type = rows.Select(r => r[c]).FirstOrDefault(v => v is not null)?.GetType() ?? typeof(string);
            table.Columns.Add(SpreadsheetText.Safe(c), type);
        }
        foreach (var r in rows)
        {
            table.Rows.Add(columns.Select(c => SpreadsheetText.Cell(r[c]) ?? DBNull.Value).ToArray());
        }
        return table;
    }

    private sealed class Headers(bool en)
    {
        public string Code { get; } = en ? "Code" : "รหัส";
        public string Finding { get; } = en ? "Finding" : "ข้อตรวจพบ";
        public string Parent { get; } = en ? "Parent" : "ข้อเสนอแนะหลัก";
        public string TitleTh { get; } = en ? "Title (Thai)" : "ชื่อเรื่อง (ไทย)";
        public string TitleEn { get; } = en ? "Title (English)" : "ชื่อเรื่อง (อังกฤษ)";
        public string Units { get; } = en ? "Units" : "หน่วยงาน";
        public string UnitNames { get; } = en ? "Unit names" : "ชื่อหน่วยงาน";
        public string Response { get; } = en ? "Response" : "ผลการตอบรับ";
        public string Status { get; } = en ? "Status" : "สถานะ";
        public string StatusCode { get; } = en ? "Status code" : "รหัสสถานะ";
        public string Progress { get; } = en ? "Progress (%)" : "ความคืบหน้า (ร้อยละ)";
        public string DueDate { get; } = en ? "Due date" : "กำหนดแล้วเสร็จ";
        public string OriginalDueDate { get; } = en ? "Original due date" : "กำหนดแล้วเสร็จเดิม";
        public string Overdue { get; } = en ? "Overdue" : "เกินกำหนด";
        public string Version { get; } = en ? "Version" : "รุ่น";
        public string LastUpdate { get; } = en ? "Last update (UTC+7)" : "ปรับปรุงล่าสุด (เวลาไทย)";
        public string ActionId { get; } = en ? "Action id" : "รหัสรายการ";
        public string Action { get; } = en ? "Action" : "รายการ";
        public string EvidenceId { get; } = en ? "Evidence id" : "รหัสหลักฐาน";
        public string FileName { get; } = en ? "File" : "ชื่อไฟล์";
        public string Description { get; } = en ? "Description" : "คำอธิบาย";
        public string Uploaded { get; } = en ? "Uploaded (UTC+7)" : "วันเวลาที่แนบ (เวลาไทย)";
        public string UploadedBy { get; } = en ? "Uploaded by" : "ผู้แนบ";
        public string Size { get; } = en ? "Bytes" : "ขนาด (ไบต์)";
        public string Sha256 { get; } = "SHA-256";
        public string Withdrawn { get; } = en ? "Withdrawn" : "ถอนแล้ว";
        public string Yes { get; } = en ? "yes" : "ใช่";
        public string No { get; } = en ? "no" : "ไม่ใช่";

        public string[] RegisterColumns => [Code, Finding, Parent, TitleTh, TitleEn, Units, UnitNames, Response, Status, StatusCode, Progress, DueDate, OriginalDueDate, Overdue, Version, LastUpdate];
        public string[] ActionColumns => [Code, ActionId, Action, Units, DueDate, Status, Progress, Overdue];
        public string[] EvidenceColumns => [Code, EvidenceId, FileName, Description, Uploaded, UploadedBy, Size, Sha256, Withdrawn];
    }
}
