using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;

namespace Oversight.Grains.Domain.Monitoring;

/// <summary>The NSO's informal-employment baseline (2023, B.E. 2566) by region, and how it is split across provinces.</summary>
public static class InformalBaseline
{
    public const string Source = "NSO informal employment survey 2023 (B.E. 2566)";
    public const string Period = "2023";
    public static readonly DateOnly AsOf = new(2023, 12, 31);

    public static readonly IReadOnlyDictionary<string, double> ByRegion = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["Northeast"] = 7_421_401,
        ["Central"] = 4_918_196,
        ["North"] = 4_295_682,
        ["South"] = 2_937_453,
        ["Bangkok"] = 1_384_934,
    };

    public static double Total => ByRegion.Values.Sum();

    public static readonly LocalizedText EvenSplit = new(
        "แบ่งค่าฐานรายภาคของ สสช. เท่ากันทุกจังหวัดในภาค (ยังไม่ได้นำเข้าจำนวนผู้มีงานทำรายจังหวัด)",
        "the NSO regional baseline split evenly across the region's provinces (no provincial employment figures imported)");

    public static readonly LocalizedText EmploymentShare = new(
        "แบ่งค่าฐานรายภาคของ สสช. ตามสัดส่วนผู้มีงานทำของจังหวัดในภาค",
        "the NSO regional baseline split by each province's share of the region's employed population");

    /// <summary>
    /// Each province's share of its region's baseline: by its share of the region's employed population when every
    /// province of the region has an employment figure, otherwise evenly; the figure's note names the method.
    /// </summary>
    public static IReadOnlyDictionary<string, Figure> Split(IReadOnlyList<(string Code, string Region)> provinces, Func<string, Figure> employed)
    {
        var result = new Dictionary<string, Figure>(StringComparer.Ordinal);
        foreach (var region in provinces.GroupBy(p => p.Region))
        {
            if (!ByRegion.TryGetValue(region.Key, out var total))
            {
                continue;
            }
            var figures = region.Select(p => (p.Code, Figure: employed(p.Code))).ToArray();
            if (figures.All(f => f.Figure.Value is > 0))
            {
                // Every share is computed from all the region's figures (the denominator): its provenance is theirs.
                var sum = figures.Sum(f => f.Figure.Value!.Value);
                var asOf = figures.Select(f => f.Figure.AsOf).Where(a => a is not null).DefaultIfEmpty(null).Min();
                var freshness = figures.Max(f => f.Figure.Freshness);
                var synthetic = figures.Any(f => f.Figure.Synthetic);
                foreach (var (code, figure) in figures)
                {
                    result[code] = new Figure(Math.Round(total * figure.Value!.Value / sum), Period, "computed", asOf, freshness, synthetic, EmploymentShare);
                }
            }
            else
            {
                foreach (var (code, _) in figures)
                {
                    result[code] = new Figure(Math.Round(total / figures.Length), Period, Source, AsOf, Freshness.Fresh, false, EvenSplit);
                }
            }
        }
        return result;
    }
}

/// <summary>An outcome indicator: what it measures, how it is computed, which recommendations it measures.</summary>
public sealed record IndicatorDefinition(string Code, LocalizedText Name, LocalizedText Unit, IReadOnlyList<string> RecommendationCodes, LocalizedText Method);

public static class IndicatorCatalog
{
    public const string LbdaRegistration = "IND-LBDA-REG";
    public const string AgenciesApiLinked = "IND-API-LINKED";
    public const string DatasetsFresh = "IND-DATASETS-FRESH";
    public const string InformalCoverage = "IND-INFORMAL-COVERAGE";
    public const string InformalFreshness = "IND-INFORMAL-FRESH";
    public const string EServicesZeroUse = "IND-ESERVICE-ZERO";
    public const string EServiceUses = "IND-ESERVICE-USES";
    public const string ContractDaysLate = "IND-CONTRACT-LATE";
    public const string ContractFines = "IND-CONTRACT-FINES";

    private static readonly LocalizedText Percent = new("ร้อยละ", "%");

    public static readonly IReadOnlyList<IndicatorDefinition> All =
    [
        new(LbdaRegistration, new("อัตราการลงทะเบียนใช้ LBDA ของสำนักงานแรงงานจังหวัด", "LBDA registration rate of provincial offices"), Percent, ["F1-R6"],
            new("ผลรวมเจ้าหน้าที่ที่ลงทะเบียน ÷ ผลรวมเจ้าหน้าที่ที่ต้องใช้ระบบ ทุกสำนักงาน", "registered staff ÷ staff who need access, summed over all offices")),
        new(AgenciesApiLinked, new("สัดส่วนหน่วยงานพันธมิตรที่เชื่อมโยงผ่าน API แล้ว", "Share of partner agencies linked by API"), Percent, ["F1-R1.1", "F1-R4"],
            new("หน่วยงานที่เชื่อมโยงโดยตรงผ่าน API ÷ จำนวนหน่วยงานพันธมิตร (อย่างน้อย 12 ตามรายงาน)", "agencies linked by direct API ÷ partner agencies (at least the report's 12)")),
        new(DatasetsFresh, new("สัดส่วนชุดข้อมูลที่เป็นปัจจุบัน", "Share of datasets that are fresh"), Percent, ["F1-R1.1", "F1-R4"],
            new("ชุดข้อมูลที่สถานะ fresh ตามเกณฑ์ HDX ÷ ชุดข้อมูลทั้งหมด", "datasets fresh by the HDX rule ÷ all datasets")),
        new(InformalCoverage, new("ความครอบคลุมของทะเบียนแรงงานนอกระบบ", "Informal-worker registry coverage"), Percent, ["F2-R1", "F2-R3"],
            new("ผลรวมแรงงานนอกระบบที่ขึ้นทะเบียน ÷ ค่าฐาน สสช. (20.96 ล้านคน)", "informal workers registered ÷ the NSO baseline (20.96 million)")),
        new(InformalFreshness, new("ความเป็นปัจจุบันของทะเบียนแรงงานนอกระบบ", "Informal-worker registry freshness"), Percent, ["F2-R1", "F2-R3"],
            new("ระเบียนที่ปรับปรุงในรอบ 12 เดือน ÷ ระเบียนที่ขึ้นทะเบียน", "records updated in the last 12 months ÷ records registered")),
        new(EServicesZeroUse, new("บริการอิเล็กทรอนิกส์ที่ไม่มีผู้ใช้", "E-services with no use"), new("บริการ", "services"), ["O1-R1", "O1-R2"],
            new("จำนวนบริการที่ใช้ 0 ครั้งในงวดล่าสุด", "services used 0 times in the latest period")),
        new(EServiceUses, new("การใช้บริการอิเล็กทรอนิกส์รวม", "Total e-service use"), new("ครั้ง", "uses"), ["O1-R1", "O1-R2"],
            new("ผลรวมจำนวนครั้งที่ใช้บริการทุกบริการในงวด", "uses of every service in the period, summed")),
        new(ContractDaysLate, new("ความล่าช้าสูงสุดของงวดงานตามสัญญา", "Longest milestone slippage"), new("วัน", "days"), ["F2-R2", "F1-R2"],
            new("จำนวนวันล่าช้าสูงสุดของงวดงานในทุกสัญญา", "the most days late of any milestone of any contract")),
        new(ContractFines, new("ค่าปรับสะสมตามสัญญา", "Delay fines accrued"), new("บาท", "baht"), ["F2-R2", "F1-R2"],
            new("ผลรวมค่าปรับที่คำนวณได้ของทุกสัญญา", "the fines of every contract, summed")),
    ];

    public static IndicatorDefinition? Find(string code) => All.FirstOrDefault(d => d.Code == code);
}
