using MiniExcelLibs;
using Oversight.Reports.Excel;
using Oversight.Reports.FollowUp;

namespace Oversight.Reports.Tests.FollowUp;

/// <summary>Formula neutralisation (OWASP CSV injection) in the register workbook and the one helper that does it.</summary>
public sealed class SpreadsheetSafetyTests
{
    public static TheoryData<char> Triggers() => new(['=', '+', '-', '@', '\t', '\r']);

    [Theory]
    [MemberData(nameof(Triggers))]
    public void Safe_puts_an_apostrophe_before_text_that_would_start_a_formula(char trigger)
    {
        var value = trigger + "HYPERLINK(\"http://example.invalid\",\"x\")";
        Assert.Equal("'" + value, SpreadsheetText.Safe(value));
        Assert.Equal("'" + trigger, SpreadsheetText.Safe(trigger.ToString()));
        Assert.Equal("'" + value, SpreadsheetText.Cell(value));
    }

    [Fact]
    public void Safe_leaves_other_text_numbers_and_dates_alone()
    {
        foreach (var text in new[] { "สำนักงานปลัดกระทรวงแรงงาน", "F1-R1.1", "a=b", "1+1", " =x", "'=x", "", "–5" })
        {
            Assert.Equal(text, SpreadsheetText.Safe(text));
        }
        Assert.Null(SpreadsheetText.Safe(null));
        Assert.Equal(-5, SpreadsheetText.Cell(-5));
        Assert.Equal(new DateTime(2026, 11, 24), SpreadsheetText.Cell(new DateTime(2026, 11, 24)));
        Assert.Null(SpreadsheetText.Cell(null));
    }

    [Theory]
    [MemberData(nameof(Triggers))]
    public void Register_writes_user_text_that_would_start_a_formula_with_a_leading_apostrophe_on_every_sheet(char trigger)
    {
        string Evil(string what) => $"{trigger}{what}+cmd|' /C calc'!A0";
        var model = FollowUpSamples.Build(3);
        model = model with
        {
            Title = new Bilingual(Evil("ชื่อรายงาน"), Evil("report")),
            Units = model.Units.Select(u => u.Code == "ICT" ? u with { Name = new Bilingual(Evil("หน่วยงาน"), Evil("unit")) } : u).ToArray(),
            Findings = model.Findings.Select(f => f with
            {
                Recommendations = f.Recommendations.Select(r => r.Code != "F1-R1.1" ? r : r with
                {
                    Title = new Bilingual(Evil("ข้อเสนอแนะ"), Evil("recommendation")),
                    Actions = r.Actions.Select(a => a with { Title = Evil("แผน") }).ToArray(),
                    Evidence = r.Evidence.Select(e => e with { FileName = Evil("file") + ".xlsx", Description = Evil("คำอธิบาย") }).ToArray(),
                }).ToArray(),
            }).ToArray(),
        };
        var bytes = RegisterExporter.ToBytes(model);
        File.WriteAllBytes(Path.Combine(PdfTools.ArtifactsDir, $"register-formula-{(int)trigger:x2}.xlsx"), bytes);
        using var xlsx = new MemoryStream(bytes);

        var register = Rows(xlsx, "ทะเบียนข้อเสนอแนะ");
        var r11 = register.Single(r => (string?)r["รหัส"] == "F1-R1.1");
        AssertNeutralised(Evil("ข้อเสนอแนะ"), r11["ชื่อเรื่อง (ไทย)"]);
        AssertNeutralised(Evil("recommendation"), r11["ชื่อเรื่อง (อังกฤษ)"]);
        AssertNeutralised(Evil("หน่วยงาน"), r11["ชื่อหน่วยงาน"]);
        AssertNeutralised(Evil("แผน"), Rows(xlsx, "แผนการดำเนินการ").Single()["รายการ"]);
        var evidence = Rows(xlsx, "หลักฐาน").Single();
        AssertNeutralised(Evil("file") + ".xlsx", evidence["ชื่อไฟล์"]);
        AssertNeutralised(Evil("คำอธิบาย"), evidence["คำอธิบาย"]);
        var about = Rows(xlsx, "ข้อมูลเอกสาร").ToDictionary(r => (string)r["หัวข้อ"]!, r => r["ค่า"]);
        AssertNeutralised(Evil("ชื่อรายงาน"), about["ชื่อรายงานการตรวจสอบ"]);

        // Ordinary Thai text, numbers and dates are unchanged.
        var r1 = register.Single(r => (string?)r["รหัส"] == "F1-R1");
        Assert.Equal("หารือร่วมกับหน่วยงานภายในและภายนอกกระทรวงแรงงาน", r1["ชื่อเรื่อง (ไทย)"]);
        Assert.Equal("อยู่ระหว่างดำเนินการ", r1["สถานะ"]);
        Assert.Equal(30d, Assert.IsType<double>(r1["ความคืบหน้า (ร้อยละ)"]));
        Assert.Equal(new DateTime(2026, 12, 31), Assert.IsType<DateTime>(r1["กำหนดแล้วเสร็จ"]));
        Assert.Equal(123_456d, Assert.IsType<double>(evidence["ขนาด (ไบต์)"]));
        Assert.Equal(FollowUpSamples.EvidenceSha, evidence["SHA-256"]);
        Assert.Equal(new DateTime(2026, 11, 24), Assert.IsType<DateTime>(about["ข้อมูล ณ วันที่"]));

        // And no text cell on any sheet, headers included, starts a formula.
        foreach (var sheet in xlsx.GetSheetNames())
        {
            foreach (var row in xlsx.Query(useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>())
            {
                foreach (var (column, value) in row)
                {
                    if (value is string { Length: > 0 } s)
                    {
                        Assert.False(SpreadsheetText.FormulaTriggers.Contains(s[0]), $"{sheet}!{column}: {s}");
                    }
                }
            }
        }
    }

    private static List<IDictionary<string, object?>> Rows(Stream xlsx, string sheet) =>
        xlsx.Query(useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();

    /// <summary>The cell is the original text behind one apostrophe (a CR may come back as LF: XML normalises line ends).</summary>
    private static void AssertNeutralised(string original, object? cell)
    {
        var text = Assert.IsType<string>(cell);
        Assert.StartsWith("'", text, StringComparison.Ordinal);
        Assert.Equal(Normalise("'" + original), Normalise(text));
    }

    private static string Normalise(string s) => s.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
}
