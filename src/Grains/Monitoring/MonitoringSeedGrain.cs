using System.Reflection;
using Microsoft.Extensions.Logging;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Domain.Monitoring;

namespace Oversight.Grains.Monitoring;

/// <summary>
/// The monitoring seed. From the report: the 77 provincial offices (reference list), the FY2565 informal-labour IT
/// project (late, development complete, registration blocked on the draft Act and a cabinet resolution), the NLIC
/// improvement-or-retirement plan (F1-R2) as a plan of milestones, the Department of Agricultural Extension's farmer
/// registry, the indicators and the figures the report gives. Values and dates the report does not give are recorded
/// as not given. In demo mode only: labelled synthetic e-services, agencies, datasets, monthly figures for every office
/// and demo values for the FY2565 contract, all under the source "synthetic:demo".
/// </summary>
public sealed class MonitoringSeedGrain(TimeProvider time, ILogger<MonitoringSeedGrain> logger) : Grain, IMonitoringSeedGrain
{
    public const string ReportId = "mol-digital-2565";
    public const string InformalContract = "fy2565-informal-labour-system";
    public const string NlicPlan = "nlic-plan";

    private static readonly Actor Seeder = Actor.System;
    private static string ReportSource => MonitoringText.ReportSource(ReportId);

    public async Task<MonitoringSeedStatus> EnsureSeededAsync(bool demo)
    {
        var offices = 0;
        foreach (var (code, th, en, region) in Provinces())
        {
            var office = GrainFactory.GetGrain<IProvincialOfficeGrain>(code);
            if (await office.GetAsync() is null && (await office.RegisterAsync(Seeder, new LocalizedText(
                    code == "10" ? "สำนักงานแรงงานกรุงเทพมหานคร" : $"สำนักงานแรงงานจังหวัด{th}", code == "10" ? "Bangkok Labour Office" : $"{en} Provincial Labour Office"),
                    region, $"PLO-{code}")).Ok)
            {
                offices++;
            }
        }

        var contracts = 0;
        contracts += await RegisterContractAsync(InformalContract, new RegisterContract(
            new LocalizedText("โครงการเพิ่มประสิทธิภาพการบริหารจัดการแรงงานนอกระบบเพื่อยกระดับคุณภาพชีวิตด้วยระบบเทคโนโลยีสารสนเทศ (ปีงบประมาณ พ.ศ. 2565)",
                "Project to improve informal-labour management and quality of life with an information-technology system (FY2565)"),
            "ILPO", null, null, null, [Rec("F2-R2"), Rec("F2-R4")], new FineRuleView(FineRule.Default.DailyRatePercent, FineRule.Default.DailyFloorBaht),
            [
                new NewMilestone("development", new LocalizedText("พัฒนาระบบแล้วเสร็จ", "System development complete"), null, null, ReportedDeliveredLate: true),
                new NewMilestone("registration", new LocalizedText("เปิดให้แรงงานอิสระลงทะเบียนผ่านระบบ", "Registration of independent workers opens on the system"), null, null),
            ],
            ReportSource,
            new LocalizedText("พัฒนาระบบแล้วเสร็จแต่ล่าช้ากว่าสัญญา ยังเปิดลงทะเบียนไม่ได้", "Development complete, later than the contract allowed; registration cannot open yet"),
            [
                new NewBlocker(new LocalizedText("ร่างพระราชบัญญัติส่งเสริมและคุ้มครองแรงงานอิสระยังไม่มีผลใช้บังคับ",
                    "The draft Independent Workers Promotion and Protection Act is not yet in force"), null, "ILPO"),
                new NewBlocker(new LocalizedText("ยังไม่มีมติคณะรัฐมนตรีเห็นชอบให้เปิดลงทะเบียน", "No cabinet resolution yet approving registration"), null, "ILPO"),
            ]));
        contracts += await RegisterContractAsync(NlicPlan, new RegisterContract(
            new LocalizedText("แผนปรับปรุงฐานข้อมูลศูนย์ข้อมูลแรงงานแห่งชาติ (NLIC) หรือแผนยุติ/ลดขนาด", "NLIC database improvement plan, or its retirement or scaling down"),
            "ICT", null, null, null, [Rec("F1-R2")], new FineRuleView(FineRule.Default.DailyRatePercent, FineRule.Default.DailyFloorBaht),
            [
                new NewMilestone("plan", new LocalizedText("จัดทำแผนปรับปรุงหรือแผนยุติ/ลดขนาดระบบ NLIC", "Improvement, retirement or scaling-down plan drawn up"), null, null),
                new NewMilestone("steps", new LocalizedText("กำหนดขั้นตอน เป้าหมาย และกรอบเวลา", "Steps, targets and timeline set"), null, null),
                new NewMilestone("done", new LocalizedText("ดำเนินการตามแผนแล้วเสร็จ", "Plan carried out"), null, null),
            ],
            ReportSource, new LocalizedText("ข้อเสนอแนะ F1-R2: ยังไม่มีแผน", "Recommendation F1-R2: no plan yet")));

        // The one partner agency and dataset the report names.
        var doae = GrainFactory.GetGrain<IAgencyGrain>("doae");
        if (await doae.GetAsync() is null)
        {
            await doae.RegisterAsync(Seeder, new LocalizedText("กรมส่งเสริมการเกษตร", "Department of Agricultural Extension"), null, null, ReportSource, false);
            await doae.AddDatasetAsync(Seeder, new NewDataset("doae-farmer-registry",
                new LocalizedText("ทะเบียนเกษตรกร (ข้อมูลใน LBDA เป็นของปี พ.ศ. 2563 ตามรายงาน)", "Farmer registry (the copy in LBDA dates from B.E. 2563, per the report)"),
                true, "ไม่ทราบ", 1, ReportSource));
        }

        var indicators = 0;
        foreach (var definition in IndicatorCatalog.All)
        {
            var grain = GrainFactory.GetGrain<IIndicatorGrain>(definition.Code);
            if (await grain.GetAsync() is null
                && (await grain.RegisterAsync(Seeder, definition.Name, definition.Unit, definition.RecommendationCodes.Select(Rec).ToArray(), Baseline(definition.Code))).Ok)
            {
                indicators++;
            }
        }

        var reportFigures = await IngestAsync(
        [
            ReportFigure("report.agencies", 12), ReportFigure("report.agencies-api-in-progress", 4), ReportFigure("report.units-not-using-lbda", 10),
            ReportFigure("report.offices-never-registered", 6), ReportFigure("report.eservices-zero-use", 8),
            ReportFigure("report.eservices-zero-use-employer", 7), ReportFigure("report.eservices-low-use", 8),
        ], "seed");

        if (demo)
        {
            await DemoAsync();
        }
        logger.LogInformation("Monitoring seed: {Offices} offices, {Contracts} contracts, {Indicators} indicators, {Figures} report figures added; demo {Demo}",
            offices, contracts, indicators, reportFigures, demo ? "on" : "off");
        return new MonitoringSeedStatus(offices, contracts, indicators, reportFigures, demo);
    }

    private static string Rec(string code) => GrainKeys.Recommendation(ReportId, code);

    private async Task<int> RegisterContractAsync(string id, RegisterContract contract)
    {
        var grain = GrainFactory.GetGrain<IContractGrain>(id);
        return await grain.GetAsync() is null && (await grain.RegisterAsync(Seeder, contract)).Ok ? 1 : 0;
    }

    private static Figure? Baseline(string code) => code switch
    {
        IndicatorCatalog.LbdaRegistration => new Figure(0, "FY2565", ReportSource, ReportDate, Freshness.Unknown, false,
            new LocalizedText("เจ้าหน้าที่ของสำนักงานแรงงานจังหวัด 6 แห่งที่ตรวจไม่เคยลงทะเบียนใช้ LBDA", "staff at the 6 provincial offices visited had never registered for LBDA")),
        IndicatorCatalog.AgenciesApiLinked => new Figure(0, "FY2565", ReportSource, ReportDate, Freshness.Unknown, false,
            new LocalizedText("0 จาก 12 หน่วยงาน (อยู่ระหว่างเชื่อมโยง API 4 หน่วยงาน)", "0 of 12 agencies (API linkage in progress with 4)")),
        IndicatorCatalog.EServicesZeroUse => new Figure(8, "FY2565", ReportSource, ReportDate, Freshness.Unknown, false,
            new LocalizedText("8 บริการไม่มีผู้ใช้ (นายจ้าง 7 ประชาชน 1)", "8 services with no use (7 for employers, 1 for citizens)")),
        _ => null,
    };

    /// <summary>The report's placeholder date (the source gives none; see the seed's reportDateBasis).</summary>
    private static readonly DateOnly ReportDate = new(2024, 3, 29);

    private static ObservationInput ReportFigure(string metric, double value) =>
        new(ReportSource, metric, $"report:{ReportId}", "FY2565", value.ToString(System.Globalization.CultureInfo.InvariantCulture), "2024-03-29");

    private async Task<int> IngestAsync(IReadOnlyList<ObservationInput> observations, string by)
    {
        var total = 0;
        foreach (var chunk in observations.Chunk(ObservationRules.MaxBatch))
        {
            var result = await GrainFactory.GetGrain<IObservationIngestGrain>(ObservationIngestGrain.StreamId).IngestAsync(new IngestBatch(chunk, null, by));
            if (!result.Accepted)
            {
                throw new InvalidOperationException($"Seed figures refused: {string.Join("; ", result.Errors.Take(3).Select(e => $"{e.Row} {e.Column}: {e.Reason}"))}");
            }
            total += result.Inserted;
        }
        return total;
    }

    // ---------------------------------------------------------------- demo (labelled synthetic)

    private async Task DemoAsync()
    {
        const string source = MonitoringText.SyntheticSource;
        var today = ThaiClock.Today(time);
        var random = new Random(2569);
        var months = Enumerable.Range(0, 12).Select(i => new DateOnly(today.Year, today.Month, 1).AddMonths(-12 + i)).ToArray();

        // E-services: 8 used by nobody (7 for employers), 8 used 2–3 times (citizens), 8 in ordinary use.
        var services = new List<(string Id, EServiceAudience Audience, Func<int, int> Uses)>();
        for (var i = 1; i <= 24; i++)
        {
            var audience = i <= 7 ? EServiceAudience.Employer : i <= 16 ? EServiceAudience.Citizen : (i % 2 == 0 ? EServiceAudience.Employer : EServiceAudience.Citizen);
            Func<int, int> uses = i <= 8 ? _ => 0 : i <= 16 ? m => 2 + (m + i) % 2 : m => 120 + 15 * m + random.Next(0, 60);
            services.Add(($"demo-es-{i:D2}", audience, uses));
            var grain = GrainFactory.GetGrain<IEServiceGrain>($"demo-es-{i:D2}");
            if (await grain.GetAsync() is null)
            {
                await grain.RegisterAsync(Seeder, new LocalizedText($"{Actor.SyntheticLabel} บริการอิเล็กทรอนิกส์ {i}", $"[Synthetic] E-service {i}"), audience,
                    i % 3 == 0 ? "JSC" : "ICT", source, true);
            }
        }

        // Partner agencies: 11 more (the report names one), 4 with API work in progress.
        for (var i = 1; i <= 11; i++)
        {
            var id = $"demo-agency-{i:D2}";
            var grain = GrainFactory.GetGrain<IAgencyGrain>(id);
            if (await grain.GetAsync() is not null)
            {
                continue;
            }
            var mode = (LinkageMode)(i % 3);
            var status = i <= 4 ? LinkageStatus.ApiInProgress : i <= 7 ? LinkageStatus.Linked : LinkageStatus.NotLinked;
            await grain.RegisterAsync(Seeder, new LocalizedText($"{Actor.SyntheticLabel} หน่วยงานพันธมิตร {i}", $"[Synthetic] Partner agency {i}"), mode, status, source, true);
            foreach (var d in Enumerable.Range(1, 1 + i % 2))
            {
                var unit = ((i + d) % 3) switch { 0 => "เดือน", 1 => "ไตรมาส", _ => "ปี" };
                const int interval = 1;
                await grain.AddDatasetAsync(Seeder, new NewDataset($"{id}-ds{d}", new LocalizedText($"{Actor.SyntheticLabel} ชุดข้อมูล {i}.{d}", $"[Synthetic] Dataset {i}.{d}"),
                    d == 1, unit, interval, source, true));
                await grain.ScoreDatasetAsync(Seeder with { Role = UserRole.Admin }, $"{id}-ds{d}",
                    QualityDimensions.All.ToDictionary(q => q, q => 40 + random.Next(0, 60)), today, null);
            }
        }

        var observations = new List<ObservationInput>();
        string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (code, _, _, _) in Provinces())
        {
            var needing = 20 + random.Next(0, 40);
            var employed = 150_000 + random.Next(0, 900_000);
            var surveyedBase = 2_000 + random.Next(0, 20_000);
            for (var m = 0; m < months.Length; m++)
            {
                var period = Periods.MonthLabel(months[m]);
                var asOf = Iso(months[m].AddMonths(1).AddDays(-1) < today ? months[m].AddMonths(1).AddDays(-1) : today);
                var registered = Math.Min(needing, m * needing / 12 + random.Next(0, 3));
                var active = Math.Min(registered, registered * (50 + random.Next(0, 40)) / 100);
                var surveyed = surveyedBase + m * (100 + random.Next(0, 200));
                var reg = surveyed * (60 + random.Next(0, 30)) / 100;
                void Add(string metric, double value) => observations.Add(new ObservationInput(source, metric, $"province:{code}", period,
                    value.ToString(System.Globalization.CultureInfo.InvariantCulture), asOf));
                Add("lbda.staff-needing-access", needing);
                Add("lbda.registered-staff", registered);
                Add("lbda.active-users", active);
                Add("lbda.logins", active * (3 + random.Next(0, 20)));
                Add("lbda.reports", active / 2);
                Add("informal.surveyed", surveyed);
                Add("informal.registered", reg);
                Add("informal.records-updated-12m", reg * (20 + random.Next(0, 60)) / 100);
                Add("informal.resurveyed", reg * random.Next(0, 30) / 100);
                if (m == months.Length - 1)
                {
                    Add("employment.employed", employed);
                }
            }
        }
        foreach (var (id, _, uses) in services)
        {
            for (var m = 0; m < months.Length; m++)
            {
                var period = Periods.MonthLabel(months[m]);
                var asOf = Iso(months[m].AddMonths(1).AddDays(-1) < today ? months[m].AddMonths(1).AddDays(-1) : today);
                var n = uses(m);
                observations.Add(new ObservationInput(source, "eservice.uses", $"eservice:{id}", period, n.ToString(System.Globalization.CultureInfo.InvariantCulture), asOf));
                observations.Add(new ObservationInput(source, "eservice.sso-logins", $"eservice:{id}", period,
                    (n * 2).ToString(System.Globalization.CultureInfo.InvariantCulture), asOf));
            }
        }
        for (var i = 1; i <= 11; i++)
        {
            foreach (var d in Enumerable.Range(1, 1 + i % 2))
            {
                var last = today.AddDays(-(20 + 45 * ((i + d) % 9)));
                observations.Add(new ObservationInput(source, "dataset.last-update", $"dataset:demo-agency-{i:D2}-ds{d}", Periods.MonthLabel(last), Iso(last), Iso(today)));
            }
        }
        await IngestAsync(observations, "seed");

        await GrainFactory.GetGrain<IContractGrain>(InformalContract).SetSyntheticValuesAsync(Seeder, new SyntheticContractValues(9_800_000m, new DateOnly(2022, 1, 14),
            [("development", 6_860_000m, new DateOnly(2022, 9, 30), new DateOnly(2022, 11, 14))]));
    }

    /// <summary>The 77 provinces (DOPA code, Thai and English name, NSO region) from the reference list.</summary>
    public static IReadOnlyList<(string Code, string Th, string En, string Region)> Provinces()
    {
        using var stream = typeof(MonitoringSeedGrain).Assembly.GetManifestResourceStream("Oversight.Seed.provinces.csv")
            ?? throw new InvalidOperationException("The provinces list is missing.");
        using var reader = Sylvan.Data.Csv.CsvDataReader.Create(new StreamReader(stream));
        var list = new List<(string, string, string, string)>();
        while (reader.Read())
        {
            list.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }
        return list;
    }
}
