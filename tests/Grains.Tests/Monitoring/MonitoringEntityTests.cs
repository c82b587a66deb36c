using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Grains.Abstractions.Units;
using Oversight.Grains.Domain.Monitoring;
using Oversight.Grains.Monitoring;

namespace Oversight.Grains.Tests.Monitoring;

/// <summary>Provincial offices, e-services, partner agencies and their datasets: the seeded facts and what the grains accept.</summary>
public abstract class MonitoringEntityTests(ClusterFixtureBase fixture) : MonitoringTestBase(fixture)
{
    [Fact]
    public async Task All_77_provincial_offices_exist_keyed_by_DOPA_code_and_linked_to_their_units()
    {
        var reference = MonitoringSeedGrain.Provinces();
        Assert.Equal(77, reference.Count);
        var units = (await Client.GetGrain<IUnitDirectoryGrain>(GrainKeys.UnitDirectory).ListAsync()).Select(u => u.Code).ToHashSet();

        var list = await Board.GetProvincesAsync();
        Assert.Equal(reference.Select(p => p.Code).Order(StringComparer.Ordinal), list.Items.Select(p => p.Code));
        foreach (var (code, th, en, region) in reference)
        {
            var office = await Client.GetGrain<IProvincialOfficeGrain>(code).GetAsync();
            Assert.NotNull(office);
            Assert.Equal((code, region, $"PLO-{code}"), (office!.Code, office.Region, office.Unit));
            Assert.Contains(office.Unit, units);
            Assert.Contains(code == "10" ? "กรุงเทพมหานคร" : th, office.Name.Th);
            Assert.Contains(code == "10" ? "Bangkok" : en, office.Name.En);
            Assert.Null(office.VisitedByAudit); // the report does not name the six offices it visited
            var summary = list.Items.Single(p => p.Code == code);
            Assert.Equal((office.Unit, office.Region), (summary.Unit, summary.Region));
        }
        Assert.Null(await Client.GetGrain<IProvincialOfficeGrain>("99").GetAsync());
        Assert.Null(await Board.GetProvinceAsync("99"));

        var chiangMai = await Client.GetGrain<IProvincialOfficeGrain>("50").GetAsync();
        Assert.Equal("สำนักงานแรงงานจังหวัดเชียงใหม่", chiangMai!.Name.Th);
        var bangkok = list.Items.Single(p => p.Code == "10");
        Assert.Equal(("สำนักงานแรงงานกรุงเทพมหานคร", "Bangkok"), (bangkok.Name.Th, bangkok.Region));
        // Bangkok is a region of one: its whole NSO baseline, labelled with the split method.
        Assert.Equal(InformalBaseline.ByRegion["Bangkok"], bangkok.InformalBaseline.Value);
        Assert.Equal(InformalBaseline.EvenSplit, bangkok.InformalBaseline.Note);

        // Registered once, by the seed: registering again or by a non-admin changes nothing.
        var grain = Client.GetGrain<IProvincialOfficeGrain>("50");
        Assert.Equal("already-registered", (await grain.RegisterAsync(MonitoringActors.Admin, new("x", "x"), "North", "PLO-50")).Error!.Code);
        var history = await grain.GetHistoryAsync();
        Assert.Equal(("office-registered", "system"), (history[0].Type, history[0].Actor.Username));
        Assert.Equal(ErrorKind.Forbidden, (await Client.GetGrain<IProvincialOfficeGrain>("50").MarkVisitedAsync(MonitoringActors.Executive, true, "report")).Error!.Kind);
        Assert.Equal(history.Count, (await grain.GetHistoryAsync()).Count);
        var verification = await AuditTrail.VerifyAsync("office:");
        Assert.True(verification.Intact);
        Assert.True(verification.Streams >= 77);
        Assert.Equal(0, verification.ReadModelMismatchCount);
    }

    [Fact]
    public async Task The_seeded_farmer_registry_has_no_known_frequency_or_date_so_its_freshness_is_unknown()
    {
        var exchange = await Board.GetDataExchangeAsync();
        var doae = exchange.Agencies.Single(a => a.Agency.Id == "doae");
        Assert.Equal(("กรมส่งเสริมการเกษตร", "Department of Agricultural Extension"), (doae.Agency.Name.Th, doae.Agency.Name.En));
        Assert.Equal(ReportSource, doae.Agency.Source);
        Assert.False(doae.Agency.Synthetic);
        Assert.Null(doae.Agency.Mode);   // the report gives no linkage mode for it
        Assert.Null(doae.Agency.Status); // nor a status

        var registry = Assert.Single(doae.Datasets);
        Assert.Equal("doae-farmer-registry", registry.Dataset.Id);
        Assert.True(registry.Dataset.RecordLevel);
        Assert.Contains("2563", registry.Dataset.Name.Th);
        Assert.Equal(("ไม่ทราบ", 1), (registry.Dataset.FrequencyUnit, registry.Dataset.FrequencyInterval));
        Assert.Equal("http://publications.europa.eu/resource/authority/frequency/UNKNOWN", registry.FrequencyDcat);
        Assert.Equal(Freshness.Unknown, registry.Freshness); // never "fresh"
        Assert.Null(registry.LastUpdate.Value);
        Assert.Empty(registry.Dataset.Scores);

        var agency = await Client.GetGrain<IAgencyGrain>("doae").GetAsync();
        Assert.Equal(["doae-farmer-registry"], agency!.Datasets.Select(d => d.Id));
    }

    [Fact]
    public async Task A_datasets_freshness_follows_its_last_update_against_its_declared_frequency()
    {
        var id = NewId("test-ag");
        var grain = Client.GetGrain<IAgencyGrain>(id);
        Assert.Equal(ErrorKind.Forbidden, (await grain.RegisterAsync(MonitoringActors.Ict, new("หน่วยงานทดสอบ", "Test agency"), LinkageMode.DirectApi, LinkageStatus.Linked, "import:test", false)).Error!.Kind);
        Assert.True((await grain.RegisterAsync(MonitoringActors.Admin, new("หน่วยงานทดสอบ", "Test agency"), LinkageMode.RequestPerCycle, LinkageStatus.NotLinked, "import:test", false)).Ok);
        var dataset = $"{id}-yearly";
        Assert.Equal("unknown-frequency", (await grain.AddDatasetAsync(MonitoringActors.Ict, new NewDataset(dataset, new("ชุดข้อมูล", "Dataset"), false, "ทุกปี", 1, "import:test"))).Error!.Code);
        var added = await grain.AddDatasetAsync(MonitoringActors.Ict, new NewDataset(dataset, new("ชุดข้อมูลรายปี", "Yearly dataset"), false, "ปี", 1, "import:test"));
        Assert.True(added.Ok, added.Error?.Detail);
        Assert.Equal(dataset, added.CreatedId);

        async Task<DatasetSummary> Summary() =>
            (await Board.GetDataExchangeAsync()).Agencies.Single(a => a.Agency.Id == id).Datasets.Single(d => d.Dataset.Id == dataset);

        var none = await Summary();
        Assert.Equal((Freshness.Unknown, "http://purl.org/cld/freq/annual"), (none.Freshness, none.FrequencyDcat));

        // HDX thresholds for a yearly dataset: due at 365 days, overdue at 425, delinquent at 455.
        var source = NewSource();
        foreach (var (age, expected) in new[] { (470, Freshness.Delinquent), (430, Freshness.Overdue), (380, Freshness.Due), (10, Freshness.Fresh) })
        {
            var last = Today.AddDays(-age);
            await IngestOkAsync(new ObservationInput(source, "dataset.last-update", $"dataset:{dataset}", Month(last), Iso(last), Iso(Today)));
            var summary = await Summary();
            Assert.Equal(expected, summary.Freshness);
            Assert.Equal(expected, summary.LastUpdate.Freshness);
            Assert.Equal(Iso(last), summary.LastUpdate.Note!.En);
            Assert.Equal(source, summary.LastUpdate.Source);
        }

        // Linkage and quality scores: ICT's officers and administrators change the linkage; auditors may score too.
        Assert.Equal(ErrorKind.Forbidden, (await grain.ChangeLinkageAsync(MonitoringActors.Executive, LinkageMode.DirectApi, LinkageStatus.ApiInProgress, null)).Error!.Kind);
        Assert.True((await grain.ChangeLinkageAsync(MonitoringActors.Ict, LinkageMode.DirectApi, LinkageStatus.ApiInProgress, null)).Ok);
        Assert.Equal(ErrorKind.Forbidden, (await grain.ScoreDatasetAsync(MonitoringActors.Ilpo, dataset, new Dictionary<string, int> { ["accuracy"] = 70 }, Today, null)).Error!.Kind);
        Assert.Equal("invalid-score", (await grain.ScoreDatasetAsync(MonitoringActors.Auditor, dataset, new Dictionary<string, int> { ["accuracy"] = 101 }, Today, null)).Error!.Code);
        Assert.Equal("unknown-dimension", (await grain.ScoreDatasetAsync(MonitoringActors.Auditor, dataset, new Dictionary<string, int> { ["beauty"] = 50 }, Today, null)).Error!.Code);
        Assert.True((await grain.ScoreDatasetAsync(MonitoringActors.Auditor, dataset,
            QualityDimensions.All.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => 50 + x.i), Today, null)).Ok);
        var scored = (await grain.GetAsync())!;
        Assert.Equal((LinkageMode.DirectApi, LinkageStatus.ApiInProgress), (scored.Mode, scored.Status));
        Assert.Equal(QualityDimensions.All, scored.Datasets.Single().Scores.Select(s => s.Dimension));
        Assert.All(scored.Datasets.Single().Scores, s => Assert.Equal(("Auditor", Today), (s.ScoredBy, s.ScoredOn)));
        Assert.Equal(["agency-registered", "dataset-registered", "agency-linkage-changed", "dataset-scored"], (await grain.GetHistoryAsync()).Select(h => h.Type));
        var verification = await AuditTrail.VerifyAsync($"agency:{id}");
        Assert.True(verification.Intact);
        Assert.Equal((4L, 0), (verification.Events, verification.ReadModelMismatchCount));
    }

    [Fact]
    public async Task An_indicator_baseline_set_at_night_is_as_of_the_Thai_day() => await AtThaiNightAsync(async () =>
    {
        var code = NewId("TEST-IND").ToUpperInvariant();
        var grain = Client.GetGrain<IIndicatorGrain>(code);
        Assert.True((await grain.RegisterAsync(MonitoringActors.Admin, new("ตัวชี้วัดทดสอบ", "Test indicator"), new("ร้อยละ", "%"), ["mol-digital-2565.F1-R6"], null)).Ok);
        Assert.Equal(["mol-digital-2565.F1-R6"], (await grain.GetAsync())!.Recommendations);
        Assert.Equal(ErrorKind.Forbidden, (await grain.SetTargetAsync(MonitoringActors.Ict, 0, "FY2569", 80, Today.AddYears(1), null)).Error!.Kind);
        Assert.True((await grain.SetTargetAsync(MonitoringActors.Auditor, 12.5, "FY2569", 80, Today.AddYears(1), null)).Ok);
        var info = (await grain.GetAsync())!;
        Assert.Equal((80d, Today.AddYears(1), "Auditor"), (info.Target!.Value, info.TargetDate!.Value, info.TargetSetBy!));
        Assert.Equal((12.5, "FY2569", "set by Auditor"), (info.Baseline!.Value!.Value, info.Baseline.Period!, info.Baseline.Source));
        Assert.Equal(Today, info.Baseline.AsOf);
        var verification = await AuditTrail.VerifyAsync($"indicator:{code}");
        Assert.True(verification.Intact);
        Assert.Equal((2L, 0), (verification.Events, verification.ReadModelMismatchCount));
    });

    [Fact]
    public async Task An_e_service_is_flagged_by_its_latest_use()
    {
        var refused = await Client.GetGrain<IEServiceGrain>(NewId("test-es")).RegisterAsync(MonitoringActors.Ict, new("บริการ", "Service"), EServiceAudience.Employer, "ICT", "import:test", false);
        Assert.Equal(ErrorKind.Forbidden, refused.Error!.Kind);
        var badUnit = await Client.GetGrain<IEServiceGrain>(NewId("test-es")).RegisterAsync(MonitoringActors.Admin, new("บริการ", "Service"), EServiceAudience.Employer, "NOPE", "import:test", false);
        Assert.Equal("unknown-unit", badUnit.Error!.Code);

        var service = await NewEServiceAsync(EServiceAudience.Employer);
        var info = await Client.GetGrain<IEServiceGrain>(service).GetAsync();
        Assert.Equal((EServiceAudience.Employer, "ICT", false), (info!.Audience, info.Unit, info.Synthetic));

        async Task<EServiceSummary> Summary() => (await Board.GetEServicesAsync()).Items.Single(i => i.Service.Id == service);
        Assert.Equal("no-data", (await Summary()).Flag); // no figure is neither zero nor low use
        var source = NewSource();
        var month = Today.AddMonths(-3);
        foreach (var (uses, flag) in new[] { (0, "zero-use"), (3, "low-use"), (4, "none") })
        {
            month = month.AddMonths(1);
            await IngestOkAsync(Obs(source, "eservice.uses", $"eservice:{service}", Month(month), uses, Today));
            var summary = await Summary();
            Assert.Equal(flag, summary.Flag);
            Assert.Equal(uses, summary.Uses.Latest.Value);
        }
        Assert.Equal(3, (await Board.GetEServicesAsync()).LowUseAtMost);
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteMonitoringEntityTests(SqliteClusterFixture fixture) : MonitoringEntityTests(fixture);

[Collection(PostgresCluster.Name)]
public sealed class PostgresMonitoringEntityTests(PostgresClusterFixture fixture) : MonitoringEntityTests(fixture);
