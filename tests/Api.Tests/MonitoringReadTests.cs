using System.Net;
using System.Text.Json.Nodes;
using static Oversight.Api.Tests.MonitoringTestKit;

namespace Oversight.Api.Tests;

/// <summary>
/// The monitoring reads: the 77 offices, e-services, data exchange, indicators and a recommendation's indicators, each
/// number a figure with its provenance; real figures hide synthetic ones for the same metric and subject; unit scoping.
/// </summary>
public sealed class MonitoringReadTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private static readonly string[] ProvenanceFields = ["value", "period", "source", "asOf", "freshness", "synthetic"];

    /// <summary>Every figure in a document (an object with source, freshness and synthetic) has all six provenance fields.</summary>
    private static int AssertProvenance(JsonNode? node, string path = "$")
    {
        var count = 0;
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    count += AssertProvenance(array[i], $"{path}[{i}]");
                }
                break;
            case JsonObject obj:
                if (obj.ContainsKey("freshness") && obj.ContainsKey("synthetic"))
                {
                    foreach (var field in ProvenanceFields)
                    {
                        Assert.True(obj.ContainsKey(field), $"{path} lacks '{field}': {obj.ToJsonString()}");
                    }
                    Assert.False(string.IsNullOrEmpty(obj["source"]?.GetValue<string>()), $"{path} has no source");
                    count++;
                }
                foreach (var (key, child) in obj)
                {
                    count += AssertProvenance(child, $"{path}.{key}");
                }
                break;
        }
        return count;
    }

    [Fact]
    public async Task Every_number_of_every_monitoring_read_carries_its_provenance()
    {
        var executive = await factory.ClientForAsync("executive");
        foreach (var url in new[] { "/api/v1/provinces", "/api/v1/provinces/10", "/api/v1/eservices", "/api/v1/data-exchange", "/api/v1/indicators",
                     "/api/v1/indicators/IND-LBDA-REG", "/api/v1/contracts", "/api/v1/contracts/fy2565-informal-labour-system", $"/api/v1/recommendations/{Http.Rec("F1-R6")}" })
        {
            var figures = AssertProvenance(await executive.GetJsonAsync(url));
            Assert.True(figures > 0, $"{url} has no figures");
        }
    }

    [Fact]
    public async Task The_77_offices_each_with_their_latest_figures_and_the_report_figure_of_six_visited_offices()
    {
        var executive = await factory.ClientForAsync("executive");
        var list = await executive.GetJsonAsync("/api/v1/provinces");
        var items = list["items"]!.AsArray();
        Assert.Equal(77, items.Count);
        var expected = File.ReadAllLines(Path.Combine(Oversight.TestSupport.RepoRoot.Find(), "src", "Grains", "Seed", "provinces.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToHashSet();
        Assert.Equal(expected, items.Select(i => i!["code"]!.GetValue<string>()).ToHashSet());
        Assert.All(items, i => Assert.Equal($"PLO-{i!["code"]!.GetValue<string>()}", i["unit"]!.GetValue<string>()));

        var never = list["reportFigures"]!["report.offices-never-registered"]!;
        Assert.Equal(6, never["value"]!.GetValue<double>());
        Assert.StartsWith("report:", never["source"]!.GetValue<string>());
        Assert.False(never["synthetic"]!.GetValue<bool>());

        // The NSO baseline is regional; each province's share says how it was split.
        var baseline = items[0]!["informalBaseline"]!;
        Assert.NotNull(baseline["note"]);

        Assert.Equal(HttpStatusCode.NotFound, (await executive.GetAsync("/api/v1/provinces/99")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await executive.GetAsync("/api/v1/provinces/28")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await executive.GetAsync("/api/v1/provinces/bkk")).StatusCode);
    }

    [Fact]
    public async Task A_province_gives_each_metric_with_provenance_and_its_series_by_period()
    {
        var (_, key) = await CreateKeyAsync(factory, "lbda-series", "metrics:write");
        var sent = await SendAsync(KeyClient(factory, key),
            Observation("lbda-series", "lbda.staff-needing-access", "province:50", "2026-08", 30, "2026-09-01"),
            Observation("lbda-series", "lbda.registered-staff", "province:50", "2026-08", 9, "2026-09-01"),
            Observation("lbda-series", "lbda.staff-needing-access", "province:50", "2026-09", 30, "2026-10-01"),
            Observation("lbda-series", "lbda.registered-staff", "province:50", "2026-09", 15, "2026-10-02"));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        var executive = await factory.ClientForAsync("executive");
        var detail = await executive.GetJsonAsync("/api/v1/provinces/50");
        var registered = detail["metrics"]!["lbda.registered-staff"]!;
        Assert.Equal(15, registered["latest"]!["value"]!.GetValue<double>());
        Assert.Equal("2026-09", registered["latest"]!["period"]!.GetValue<string>());
        Assert.Equal("2026-10-02", registered["latest"]!["asOf"]!.GetValue<string>());
        var series = registered["series"]!.AsArray().Where(f => f!["source"]!.GetValue<string>() == "lbda-series").Select(f => f!["period"]!.GetValue<string>()).ToArray();
        Assert.Equal(["2026-08", "2026-09"], series);

        // The registration rate is computed: 15 / 30, as of the oldest input, from real inputs only.
        var rate = detail["summary"]!["lbdaRegistrationRate"]!;
        Assert.Equal(50, rate["value"]!.GetValue<double>(), 3);
        Assert.Equal("2026-10-01", rate["asOf"]!.GetValue<string>());
        Assert.False(rate["synthetic"]!.GetValue<bool>());
        Assert.Equal("2026-09", rate["period"]!.GetValue<string>());

        // A newer month of one input alone does not make a rate from two different months.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(KeyClient(factory, key),
            Observation("lbda-series", "lbda.registered-staff", "province:50", "2026-10", 20, "2026-11-01"))).StatusCode);
        rate = (await executive.GetJsonAsync("/api/v1/provinces/50"))["summary"]!["lbdaRegistrationRate"]!;
        Assert.Equal("2026-09", rate["period"]!.GetValue<string>());
        Assert.Equal(50, rate["value"]!.GetValue<double>(), 3);

        // Re-surveyed and updated records, each over registered workers of the same period.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(KeyClient(factory, key),
            Observation("lbda-series", "informal.registered", "province:50", "FY2569", 1000, "2026-10-01"),
            Observation("lbda-series", "informal.resurveyed", "province:50", "FY2569", 250, "2026-10-01"),
            Observation("lbda-series", "informal.records-updated-12m", "province:50", "FY2569", 400, "2026-10-01"))).StatusCode);
        var summary = (await executive.GetJsonAsync("/api/v1/provinces/50"))["summary"]!;
        Assert.Equal(25, summary["recordsResurveyed"]!["value"]!.GetValue<double>(), 3);
        Assert.Equal(40, summary["recordFreshness"]!["value"]!.GetValue<double>(), 3);
    }

    [Fact]
    public async Task Once_a_real_figure_exists_the_synthetic_ones_for_that_metric_and_subject_are_no_longer_shown()
    {
        var executive = await factory.ClientForAsync("executive");
        // Demo mode labels some offices' figures as synthetic: find one.
        var list = (await executive.GetJsonAsync("/api/v1/provinces"))["items"]!.AsArray();
        var (code, metric) = list.SelectMany(p => p!["metrics"]!.AsObject().Select(m => (Code: p["code"]!.GetValue<string>(), Metric: m.Key, Figure: m.Value)))
            .Where(x => x.Figure!["synthetic"]!.GetValue<bool>() && x.Metric.StartsWith("lbda.", StringComparison.Ordinal))
            .Select(x => (x.Code, x.Metric)).First();

        var (_, key) = await CreateKeyAsync(factory, "lbda-real", "metrics:write");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(KeyClient(factory, key), Observation("lbda-real", metric, $"province:{code}", "2026-03", 7, "2026-04-01"))).StatusCode);

        var detail = await executive.GetJsonAsync($"/api/v1/provinces/{code}");
        var shown = detail["metrics"]![metric]!;
        Assert.False(shown["latest"]!["synthetic"]!.GetValue<bool>());
        Assert.Equal("lbda-real", shown["latest"]!["source"]!.GetValue<string>());
        Assert.All(shown["series"]!.AsArray(), f => Assert.False(f!["synthetic"]!.GetValue<bool>()));
        var summary = (await executive.GetJsonAsync("/api/v1/provinces"))["items"]!.AsArray().Single(p => p!["code"]!.GetValue<string>() == code)!;
        Assert.Equal("lbda-real", summary["metrics"]![metric]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Indicators_link_to_the_recommendations_they_measure_and_recommendations_show_them()
    {
        var executive = await factory.ClientForAsync("executive");
        var indicators = (await executive.GetJsonAsync("/api/v1/indicators")).AsArray();
        var links = indicators.ToDictionary(i => i!["code"]!.GetValue<string>(), i => i!["recommendations"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray());
        void Links(string code, params string[] recommendations) =>
            Assert.True(recommendations.All(r => links[code].Contains(Http.Rec(r))), $"{code} links {string.Join(", ", links[code])}");
        Links("IND-LBDA-REG", "F1-R6");
        Links("IND-API-LINKED", "F1-R1.1", "F1-R4");
        Links("IND-DATASETS-FRESH", "F1-R1.1", "F1-R4");
        Links("IND-INFORMAL-COVERAGE", "F2-R1", "F2-R3");
        Links("IND-INFORMAL-FRESH", "F2-R1", "F2-R3");
        Links("IND-ESERVICE-ZERO", "O1-R1", "O1-R2");
        Links("IND-CONTRACT-LATE", "F2-R2", "F1-R2");
        Links("IND-CONTRACT-FINES", "F2-R2", "F1-R2");

        var one = await executive.GetJsonAsync("/api/v1/indicators/IND-LBDA-REG");
        Assert.Equal("IND-LBDA-REG", one["indicator"]!["code"]!.GetValue<string>());
        Assert.NotNull(one["indicator"]!["series"]);
        Assert.NotNull(one["history"]);
        Assert.Equal(HttpStatusCode.NotFound, (await executive.GetAsync("/api/v1/indicators/IND-NOPE")).StatusCode);

        var recommendation = await executive.GetJsonAsync($"/api/v1/recommendations/{Http.Rec("F1-R6")}");
        var linked = recommendation["indicators"]!.AsArray();
        var registration = linked.Single(i => i!["code"]!.GetValue<string>() == "IND-LBDA-REG")!;
        Assert.NotNull(registration["current"]!["source"]);
        Assert.True(registration.AsObject().ContainsKey("target"));
    }

    [Fact]
    public async Task Only_an_auditor_or_admin_sets_an_indicator_target()
    {
        var body = new { baseline = 0.0, baselinePeriod = "2026-01", target = 80.0, targetDate = "2027-09-30" };
        foreach (var user in new[] { "executive", "ict", "ilpo" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.ClientForAsync(user)).PutJsonAsync("/api/v1/indicators/IND-LBDA-REG/target", body)).StatusCode);
        }
        var auditor = await factory.ClientForAsync("auditor");
        Assert.Equal(HttpStatusCode.OK, (await auditor.PutJsonAsync("/api/v1/indicators/IND-LBDA-REG/target", body)).StatusCode);
        var indicator = (await auditor.GetJsonAsync("/api/v1/indicators/IND-LBDA-REG"))["indicator"]!;
        Assert.Equal(80, indicator["target"]!.GetValue<double>());
        Assert.Equal("2027-09-30", indicator["targetDate"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.PutJsonAsync("/api/v1/indicators/IND-LBDA-REG/target", new { target = 80.0 })).StatusCode);
    }

    [Fact]
    public async Task E_services_carry_zero_and_low_use_flags_and_the_report_counts()
    {
        var executive = await factory.ClientForAsync("executive");
        var list = await executive.GetJsonAsync("/api/v1/eservices");
        Assert.Equal(8, list["reportFigures"]!["report.eservices-zero-use"]!["value"]!.GetValue<double>());
        Assert.Equal(8, list["reportFigures"]!["report.eservices-low-use"]!["value"]!.GetValue<double>());
        Assert.All(list["items"]!.AsArray(), s => Assert.Contains(s!["flag"]!.GetValue<string>(), new[] { "zero-use", "low-use", "none", "no-data" }));
        // The demo services are labelled synthetic: they come from no real source.
        Assert.All(list["items"]!.AsArray(), s => Assert.True(s!["service"]!["synthetic"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Data_exchange_names_the_DOAE_farmer_registry_with_its_freshness_and_the_report_counts()
    {
        var ict = await factory.ClientForAsync("ict");
        var exchange = await ict.GetJsonAsync("/api/v1/data-exchange");
        Assert.Equal(12, exchange["reportFigures"]!["report.agencies"]!["value"]!.GetValue<double>());
        Assert.Equal(4, exchange["reportFigures"]!["report.agencies-api-in-progress"]!["value"]!.GetValue<double>());
        var doae = exchange["agencies"]!.AsArray().Single(a => a!["agency"]!["id"]!.GetValue<string>() == "doae")!;
        var registry = doae["datasets"]!.AsArray().Single(d => d!["dataset"]!["id"]!.GetValue<string>() == "doae-farmer-registry")!;
        Assert.True(registry["dataset"]!["recordLevel"]!.GetValue<bool>());
        Assert.Contains(registry["freshness"]!.GetValue<string>(), new[] { "fresh", "due", "overdue", "delinquent", "unknown" });

        // Scores: an ICT officer may score; an executive may not; a score outside 0–100 or an unknown dimension is refused.
        var scores = new Dictionary<string, int> { ["accuracy"] = 70, ["completeness"] = 60, ["consistency"] = 65, ["timeliness"] = 20, ["relevancy"] = 80, ["availability"] = 75 };
        Assert.Equal(HttpStatusCode.Forbidden,
            (await (await factory.ClientForAsync("executive")).PostJsonAsync("/api/v1/agencies/doae/datasets/doae-farmer-registry/scores", new { scores })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ict.PostJsonAsync("/api/v1/agencies/doae/datasets/doae-farmer-registry/scores",
            new { scores = new Dictionary<string, int>(scores) { ["accuracy"] = 101 } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ict.PostJsonAsync("/api/v1/agencies/doae/datasets/doae-farmer-registry/scores",
            new { scores = new Dictionary<string, int>(scores) { ["beauty"] = 50 } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ict.PostJsonAsync("/api/v1/agencies/doae/datasets/doae-farmer-registry/scores", new { scores })).StatusCode);
        var scored = (await ict.GetJsonAsync("/api/v1/data-exchange"))["agencies"]!.AsArray().Single(a => a!["agency"]!["id"]!.GetValue<string>() == "doae")!;
        Assert.Contains("\"timeliness\"", scored.ToJsonString());
        Assert.Contains("ICT Centre officer", scored.ToJsonString());
    }

    [Fact]
    public async Task A_provincial_officer_reads_only_their_own_office()
    {
        var officer = await ProvincialOfficerAsync(factory, "50");
        var list = (await officer.GetJsonAsync("/api/v1/provinces"))["items"]!.AsArray();
        Assert.Equal(["50"], list.Select(p => p!["code"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/v1/provinces/50")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/provinces/10")).StatusCode);
        Assert.Empty((await officer.GetJsonAsync("/api/v1/contracts")).AsArray());
        Assert.Empty((await officer.GetJsonAsync("/api/v1/data-exchange"))["agencies"]!.AsArray());
        Assert.Empty((await officer.GetJsonAsync("/api/v1/eservices"))["items"]!.AsArray());

        // Other units' officers see no office at all.
        Assert.Empty((await (await factory.ClientForAsync("ilpo")).GetJsonAsync("/api/v1/provinces"))["items"]!.AsArray());
    }
}
