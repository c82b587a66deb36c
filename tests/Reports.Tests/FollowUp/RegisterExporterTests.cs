using MiniExcelLibs;
using Oversight.Reports.Excel;
using Oversight.Reports.FollowUp;

namespace Oversight.Reports.Tests.FollowUp;

public sealed class RegisterExporterTests
{
    [Fact]
    public void Register_has_one_row_per_recommendation_and_sheets_of_actions_evidence_and_about()
    {
        var model = FollowUpSamples.Build(3);
        var bytes = RegisterExporter.ToBytes(model);
        File.WriteAllBytes(Path.Combine(PdfTools.ArtifactsDir, "register-th.xlsx"), bytes);
        using var stream = new MemoryStream(bytes);
        var sheets = stream.GetSheetNames();
        Assert.Equal(["ทะเบียนข้อเสนอแนะ", "แผนการดำเนินการ", "หลักฐาน", "ข้อมูลเอกสาร"], sheets);

        var rows = stream.Query(useHeaderRow: true, sheetName: "ทะเบียนข้อเสนอแนะ").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(model.Recommendations.Count(), rows.Count);
        var r11 = rows.Single(r => (string?)r["รหัส"] == "F1-R1.1");
        Assert.Equal("ปิด: ดำเนินการแล้ว", r11["สถานะ"]);
        Assert.Equal("closed-implemented", r11["รหัสสถานะ"]);
        Assert.Equal("เห็นด้วย", r11["ผลการตอบรับ"]);
        Assert.Equal(new DateTime(2026, 9, 30), r11["กำหนดแล้วเสร็จ"]);
        Assert.Equal(new DateTime(2026, 7, 31), r11["กำหนดแล้วเสร็จเดิม"]);
        Assert.Equal("ใช่", rows.Single(r => (string?)r["รหัส"] == "F1-R4")["เกินกำหนด"]);
        Assert.Contains(FollowUpSamples.IctName, (string?)r11["ชื่อหน่วยงาน"]);

        var actions = stream.Query(useHeaderRow: true, sheetName: "แผนการดำเนินการ").ToList();
        Assert.Single(actions);
        var evidence = stream.Query(useHeaderRow: true, sheetName: "หลักฐาน").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(FollowUpSamples.EvidenceSha, Assert.Single(evidence)["SHA-256"]);
    }

    [Fact]
    public void Empty_sheets_keep_their_header_row()
    {
        var model = FollowUpSamples.Build(1);
        model = model with { Findings = model.Findings.Select(f => f with { Recommendations = f.Recommendations.Select(r => r with { Actions = [], Evidence = [] }).ToArray() }).ToArray() };
        using var stream = new MemoryStream(RegisterExporter.ToBytes(model, ReportLanguage.English));
        Assert.Equal(["Register", "Actions", "Evidence", "About"], stream.GetSheetNames());
        var header = stream.Query(useHeaderRow: false, sheetName: "Evidence").Cast<IDictionary<string, object?>>().ToList();
        Assert.Single(header);
        Assert.Equal("Code", header[0]["A"]);
        Assert.Equal("SHA-256", header[0]["H"]);
    }
}
