using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Text;
using Oversight.Grains.Seed;
using Xunit;

namespace Oversight.Domain.Tests.Seed;

/// <summary>
/// Checks the seed file itself (src/Grains/Seed/mol-digital-2565.seed.json): that it loads with the strict options the
/// loader uses, that its structure matches the source report, and that every Thai string is clean of PDF-extraction damage.
/// </summary>
public sealed class SeedFileTests
{
    private const string SeedRelativePath = "src/Grains/Seed/mol-digital-2565.seed.json";
    private const string ProvincesRelativePath = "src/Grains/Seed/provinces.csv";

    private static readonly JsonSerializerOptions StrictOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly Lazy<SeedDocument> LazySeed = new(Load);

    private static SeedDocument Seed => LazySeed.Value;

    [Fact]
    public void Loads_with_strict_options_and_schema_version_1()
    {
        Assert.Equal(1, Seed.SchemaVersion);
        Assert.Equal("mol-digital-2565", Seed.Report.Id);
        Assert.Equal("OPS", Seed.Report.AuditeeUnit);
        Assert.Equal(2563, Seed.Report.FiscalYearFromBe);
        Assert.Equal(2565, Seed.Report.FiscalYearToBe);
        Assert.Equal(new DateOnly(2024, 3, 29), Seed.Report.ReportDate);
        Assert.False(string.IsNullOrWhiteSpace(Seed.Report.ReportDateBasis));
        Assert.Equal("shared/seed/000_360d02130aa94b70.txt", Seed.Report.SourceFile);
        Assert.Equal("สำนักงานการตรวจเงินแผ่นดิน", Seed.Report.Auditor.Th);
        Assert.Equal("ปลัดกระทรวงแรงงาน", Seed.Report.Addressee.Th);
        Assert.Equal(
            "รายงานการตรวจสอบผลสัมฤทธิ์และประสิทธิภาพการดำเนินงานการพัฒนาการบริหารจัดการด้านแรงงานโดยใช้ระบบดิจิทัลและเทคโนโลยีสมัยใหม่ สำนักงานปลัดกระทรวงแรงงาน กระทรวงแรงงาน",
            Seed.Report.Title.Th);
        Assert.Contains("มีข้อตรวจพบที่สำคัญ 2 ข้อตรวจพบ และ 1 ข้อสังเกต", Seed.Report.Summary.Th, StringComparison.Ordinal);
    }

    [Fact]
    public void Has_two_findings_and_one_observation_in_order()
    {
        Assert.Collection(
            Seed.Findings.OrderBy(f => f.Ordinal),
            f => Assert.Equal(("F1", "finding", 1), (f.Code, f.Kind, f.Ordinal)),
            f => Assert.Equal(("F2", "finding", 2), (f.Code, f.Kind, f.Ordinal)),
            f => Assert.Equal(("O1", "observation", 3), (f.Code, f.Kind, f.Ordinal)));
    }

    [Fact]
    public void Has_thirteen_top_level_recommendations_and_two_children()
    {
        Assert.Equal(13, Seed.Findings.Sum(f => f.Recommendations.Count));
        Assert.Equal(15, AllRecommendations().Count());

        Assert.Equal(
            ["F1-R1", "F1-R2", "F1-R3", "F1-R4", "F1-R5", "F1-R6", "F1-R7"],
            Finding("F1").Recommendations.Select(r => r.Code));
        Assert.Equal(["F2-R1", "F2-R2", "F2-R3", "F2-R4"], Finding("F2").Recommendations.Select(r => r.Code));
        Assert.Equal(["O1-R1", "O1-R2"], Finding("O1").Recommendations.Select(r => r.Code));
    }

    [Fact]
    public void F1_R1_has_exactly_its_two_sub_items_and_they_are_leaves()
    {
        SeedRecommendation parent = Recommendation("F1-R1");

        Assert.NotNull(parent.Children);
        Assert.Equal(["F1-R1.1", "F1-R1.2"], parent.Children.Select(c => c.Code));
        Assert.All(parent.Children, c => Assert.True(c.Children is null || c.Children.Count == 0));
        Assert.All(
            AllRecommendations().Where(r => r.Code != "F1-R1"),
            r => Assert.True(r.Children is null || r.Children.Count == 0, r.Code));
    }

    [Theory]
    [InlineData("F1-R1", "ICT")]
    [InlineData("F1-R1.1", "ICT")]
    [InlineData("F1-R1.2", "ICT")]
    [InlineData("F1-R2", "ICT")]
    [InlineData("F1-R3", "ICT")]
    [InlineData("F1-R4", "ICT")]
    [InlineData("F1-R5", "OPS,ICT,SPD,LED,ILPO")]
    [InlineData("F1-R6", "ICT")]
    [InlineData("F1-R7", "OPS")]
    [InlineData("F2-R1", "ILPO,SPD")]
    [InlineData("F2-R2", "ILPO,ICT")]
    [InlineData("F2-R3", "ILPO")]
    [InlineData("F2-R4", "LED")]
    [InlineData("O1-R1", "ICT")]
    [InlineData("O1-R2", "ICT,JSC")]
    public void Recommendation_is_assigned_to_the_units_the_report_names(string code, string units)
    {
        Assert.Equal(units.Split(','), Recommendation(code).Units);
    }

    [Fact]
    public void All_codes_are_unique()
    {
        string[] findingCodes = Seed.Findings.Select(f => f.Code).ToArray();
        string[] recommendationCodes = AllRecommendations().Select(r => r.Code).ToArray();
        string[] unitCodes = Seed.Units.Select(u => u.Code).ToArray();

        Assert.Equal(findingCodes.Length, findingCodes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(recommendationCodes.Length, recommendationCodes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(unitCodes.Length, unitCodes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_referenced_unit_exists()
    {
        HashSet<string> units = Seed.Units.Select(u => u.Code).ToHashSet(StringComparer.Ordinal);

        Assert.Contains(Seed.Report.AuditeeUnit, units);
        Assert.All(AllRecommendations(), r =>
        {
            Assert.NotEmpty(r.Units);
            Assert.All(r.Units, u => Assert.Contains(u, units));
        });
        Assert.All(Seed.Units.Where(u => u.ParentCode is not null), u => Assert.Contains(u.ParentCode!, units));
    }

    [Fact]
    public void Units_have_known_kinds_and_the_named_central_units()
    {
        string[] kinds = ["central", "regional", "external", "group"];
        Assert.All(Seed.Units, u => Assert.Contains(u.Kind, kinds));

        Assert.Equal("ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร", Unit("ICT").Name.Th);
        Assert.Equal("สำนักงานปลัดกระทรวงแรงงาน", Unit("OPS").Name.Th);
        Assert.Equal("สำนักงานนโยบายแรงงานนอกระบบ", Unit("ILPO").Name.Th);
        Assert.Equal("กองยุทธศาสตร์และแผนงาน", Unit("SPD").Name.Th);
        Assert.Equal("กองเศรษฐกิจการแรงงาน", Unit("LED").Name.Th);
        Assert.Equal("กรมสวัสดิการและคุ้มครองแรงงาน", Unit("DLPW").Name.Th);
        Assert.Equal("สำนักตรวจและประเมินผล", Unit("IEB").Name.Th);
        Assert.Equal("IEB", Unit("JSC").ParentCode);
        Assert.Equal("group", Unit("LMIC").Kind);
        Assert.Equal("external", Unit("DEA").Kind);
        Assert.Equal("external", Unit("NSO").Kind);
    }

    [Fact]
    public void Has_one_regional_labour_office_per_province()
    {
        SeedUnit[] offices = Seed.Units.Where(u => u.Code.StartsWith("PLO-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(77, offices.Length);
        Assert.All(offices, u => Assert.Equal("regional", u.Kind));

        string[] rows = File.ReadAllLines(Path.Combine(RepoRoot(), ProvincesRelativePath))
            .Skip(1)
            .Where(l => l.Length > 0)
            .ToArray();
        Assert.Equal(77, rows.Length);
        foreach (string row in rows)
        {
            string[] cells = row.Split(',');
            SeedUnit office = Unit("PLO-" + cells[0]);
            if (cells[0] == "10")
            {
                Assert.Equal("สำนักงานแรงงานกรุงเทพมหานคร", office.Name.Th);
                Assert.Equal("Bangkok Labour Office", office.Name.En);
            }
            else
            {
                Assert.Equal("สำนักงานแรงงานจังหวัด" + cells[1], office.Name.Th);
                Assert.Equal(cells[2] + " Provincial Labour Office", office.Name.En);
            }
        }
    }

    [Fact]
    public void Every_thai_string_is_clean()
    {
        string[] damage = ["ไดด้", "ประชาชาชน", "ดำเนนิ", "สหกรณ ์", "อุปกรณม", "มเีป้า", "ขึน้", "เพื่ อ", "ยั ง", "ผู้ ใช้", "ไม่ เป็น", "Sing On"];
        List<(string Path, LocalizedText Text)> texts = AllLocalizedTexts().ToList();
        Assert.True(texts.Count > 100, $"only {texts.Count} texts found");

        Assert.All(texts, t =>
        {
            string th = t.Text.Th;
            Assert.False(string.IsNullOrWhiteSpace(th), t.Path);
            Assert.False(ThaiText.HasMisorderedMarks(th), t.Path);
            Assert.True(!ThaiText.SuspiciousSpaces(th).Any(), $"{t.Path}: {string.Join(" | ", ThaiText.SuspiciousSpaces(th))}");
            Assert.True(th == ThaiText.Normalize(th), $"{t.Path} is not normalized");
            Assert.True(!th.Contains("  ", StringComparison.Ordinal), $"{t.Path} has a double space");
            Assert.True(th == th.Trim(), $"{t.Path} has leading or trailing whitespace");
            Assert.All(damage, d => Assert.True(!th.Contains(d, StringComparison.Ordinal), $"{t.Path} contains '{d}'"));
        });
    }

    [Fact]
    public void Every_english_string_is_present_and_has_no_thai()
    {
        Assert.All(AllLocalizedTexts(), t =>
        {
            string en = t.Text.En;
            Assert.False(string.IsNullOrWhiteSpace(en), t.Path);
            Assert.True(!ContainsThai(en), $"{t.Path} has Thai in its English text");
            Assert.True(!en.Contains("  ", StringComparison.Ordinal), $"{t.Path} has a double space");
            Assert.True(!en.Contains("Sing On", StringComparison.Ordinal), t.Path);
        });
        Assert.False(ContainsThai(Seed.Report.ReportDateBasis));
    }

    [Fact]
    public void Recommendation_titles_are_short()
    {
        Assert.All(AllRecommendations(), r =>
        {
            Assert.True(r.Title.Th.Length <= 120, $"{r.Code} Thai title is {r.Title.Th.Length} chars");
            Assert.True(r.Title.En.Length <= 200, $"{r.Code} English title is {r.Title.En.Length} chars");
        });
    }

    [Theory]
    [InlineData("F1-R1", "สั่งการให้ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร (ในฐานะผู้รับผิดชอบโครงการ) หารือร่วมกับหน่วยงานภายในและภายนอกกระทรวงแรงงาน ดังนี้")]
    [InlineData("F1-R1.1", "สำรวจความต้องการเชื่อมโยงและใช้ประโยชน์ข้อมูลของหน่วยงานภายนอก")]
    [InlineData("F1-R1.1", "สามารถบรรลุเป้าหมายในการเป็นศูนย์กลางข้อมูลด้านแรงงาน")]
    [InlineData("F1-R1.2", "เพื่อแสดงผลบน Dashboard เพื่อให้เกิดความถูกต้อง ตรงกัน")]
    [InlineData("F1-R1.2", "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562")]
    [InlineData("F1-R2", "ระบบสารสนเทศศูนย์ข้อมูลแรงงานแห่งชาติ (NLIC)")]
    [InlineData("F1-R4", "ระบบวิเคราะห์ข้อมูลขนาดใหญ่ด้านแรงงาน (Labour Big Data Analytics) จากผู้ใช้งานระบบ")]
    [InlineData("F1-R5", "เพื่อทบทวนมาตรฐานกลางสำหรับข้อมูลด้านแรงงาน")]
    [InlineData("F1-R6", "ให้แก่หน่วยงานที่เกี่ยวข้อง เพื่อให้มีความเข้าใจ")]
    [InlineData("F1-R7", "ให้ความสำคัญและดำเนินการสำรวจความต้องการหรือการประเมินผลโครงการ")]
    [InlineData("F2-R1", "ทั้งแผนระยะสั้น ระยะกลาง และระยะยาว")]
    [InlineData("F2-R1", "ร่วมกับหน่วยงานอื่นเพื่อให้ดำเนินการในส่วนที่เกี่ยวข้อง")]
    [InlineData("F2-R2", "ให้เป็นไปตามสัญญาอย่างเคร่งครัด")]
    [InlineData("F2-R3", "มีฐานข้อมูลกลางด้านแรงงานนอกระบบ")]
    [InlineData("F2-R4", "สั่งการให้กองเศรษฐกิจการแรงงานและหน่วยงานที่เกี่ยวข้อง")]
    [InlineData("O1-R1", "ผ่านช่องทางต่าง ๆ ของกระทรวงแรงงานให้หลากหลาย")]
    [InlineData("O1-R1", "ในรูปแบบ Mobile Application เพื่อให้ผู้ใช้งานสามารถเข้าถึงบริการได้ง่าย")]
    [InlineData("O1-R1", "e-Service ของกระทรวงแรงงานเพิ่มมากขึ้น")]
    [InlineData("O1-R2", "ภายใต้สำนักตรวจและประเมินผล")]
    [InlineData("O1-R2", "การรับรู้ของเจ้าหน้าที่ผู้เกี่ยวข้อง")]
    public void Recommendation_text_keeps_the_cleaned_source_wording(string code, string expected)
    {
        Assert.Contains(expected, Recommendation(code).Text.Th, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("F1", "ทั้งหมดจำนวน 12 หน่วยงาน")]
    [InlineData("F1", "จำนวน 4 หน่วยงาน")]
    [InlineData("F1", "แบ่งออกเป็น 3 รูปแบบ")]
    [InlineData("F1", "กระทรวงเกษตรและสหกรณ์ (กรมส่งเสริมการเกษตร)")]
    [InlineData("F1", "หน่วยงานที่ตรวจสอบ จำนวน 10 หน่วยงาน")]
    [InlineData("F1", "สำนักงานแรงงานจังหวัดที่ตรวจสอบ 6 แห่ง ศูนย์บริหารข้อมูลตลาดแรงงาน จำนวน 3 แห่ง")]
    [InlineData("F1", "ธรรมาภิบาลข้อมูลภาครัฐ (Data Governance for Government)")]
    [InlineData("F1", "ข้อมูลตรงตามความต้องการของผู้ใช้ (Relevancy)")]
    [InlineData("F1", "อุปกรณ์มีขีดจำกัดในการรองรับข้อมูล")]
    [InlineData("F2", "ซึ่งมีเป้าประสงค์ในการมีระบบสารสนเทศด้านแรงงานนอกระบบ")]
    [InlineData("F2", "เกิดความล่าช้ากว่าที่กำหนดไว้ในสัญญา")]
    [InlineData("F2", "(ร่าง) พระราชบัญญัติส่งเสริมและคุ้มครองแรงงานอิสระ")]
    [InlineData("F2", "มติคณะรัฐมนตรีเห็นชอบการขึ้นทะเบียนแรงงานนอกระบบ")]
    [InlineData("O1", "ซึ่งผู้ใช้บริการสามารถเข้าถึงบริการด้วยบัญชีเดียวกันทุกบริการของกระทรวงแรงงาน")]
    [InlineData("O1", "Single Sign-On")]
    [InlineData("O1", "งานบริการสำหรับผู้ประกอบการ/นายจ้าง 7 งานบริการ")]
    [InlineData("O1", "เพียง 2-3 ครั้ง จำนวน 8 บริการ")]
    [InlineData("O1", "ยังไม่มีกลุ่มเป้าหมายประเภทประชาชนมายื่นเรื่องด้วยตนเอง")]
    public void Finding_summary_keeps_the_key_facts(string code, string expected)
    {
        Assert.Contains(expected, Finding(code).Summary.Th, StringComparison.Ordinal);
    }

    // ----- helpers -----

    private static SeedDocument Load()
    {
        string path = Path.Combine(RepoRoot(), SeedRelativePath);
        using FileStream stream = File.OpenRead(path);
        SeedDocument? document = JsonSerializer.Deserialize<SeedDocument>(stream, StrictOptions);
        return document ?? throw new InvalidOperationException($"{path} deserialised to null");
    }

    private static string RepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Oversight.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} contains Oversight.sln");
    }

    private static SeedFinding Finding(string code) => Seed.Findings.Single(f => f.Code == code);

    private static SeedUnit Unit(string code) => Seed.Units.Single(u => u.Code == code);

    private static SeedRecommendation Recommendation(string code) => AllRecommendations().Single(r => r.Code == code);

    private static IEnumerable<SeedRecommendation> AllRecommendations()
    {
        return Seed.Findings.SelectMany(f => Flatten(f.Recommendations));

        static IEnumerable<SeedRecommendation> Flatten(IEnumerable<SeedRecommendation> recommendations)
        {
            foreach (SeedRecommendation r in recommendations)
            {
                yield return r;
                foreach (SeedRecommendation child in Flatten(r.Children ?? []))
                {
                    yield return child;
                }
            }
        }
    }

    /// <summary>Every <see cref="LocalizedText"/> reachable from the document, found by reflection so new fields are covered too.</summary>
    private static IEnumerable<(string Path, LocalizedText Text)> AllLocalizedTexts()
    {
        List<(string, LocalizedText)> found = [];
        Visit(Seed, "$", found);
        return found;

        static void Visit(object? node, string path, List<(string, LocalizedText)> found)
        {
            switch (node)
            {
                case null or string:
                    return;
                case LocalizedText text:
                    found.Add((path, text));
                    return;
                case IEnumerable items:
                    int index = 0;
                    foreach (object? item in items)
                    {
                        Visit(item, $"{path}[{index++}]", found);
                    }

                    return;
            }

            Type type = node.GetType();
            if (type.IsPrimitive || type.IsEnum || type == typeof(DateOnly))
            {
                return;
            }

            foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
                {
                    Visit(property.GetValue(node), $"{path}.{property.Name}", found);
                }
            }
        }
    }

    private static bool ContainsThai(string text) => text.Any(c => c is >= '\u0E00' and <= '\u0E7F');
}
