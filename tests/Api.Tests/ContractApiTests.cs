using System.Net;
using System.Text.Json.Nodes;
using static Oversight.Api.Tests.MonitoringTestKit;

namespace Oversight.Api.Tests;

/// <summary>
/// Contracts through the API: the seeded contracts from the report, the role matrix of the four writes (a refused write
/// changes nothing), fines as days pass and as extensions cover them, the 10% line, the history, and unit scoping.
/// </summary>
public sealed class ContractApiTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private static readonly string[] ContractHeader =
        ["contractId", "titleTh", "titleEn", "unit", "contractor", "value", "signedOn", "recommendations", "dailyRatePercent", "dailyFloorBaht",
         "milestoneId", "deliverableTh", "deliverableEn", "instalment", "plannedDate", "deliveredOn"];

    /// <summary>Imports a contract of the ILPO: value 1,000,000 baht; m1 (400,000) due 20 days ago; m2 (600,000) due in 30 days.</summary>
    private async Task<string> ContractAsync(string id, decimal value = 1_000_000m, decimal m1 = 400_000m, int m1DaysAgo = 20)
    {
        var admin = await factory.ClientForAsync("admin");
        var file = Csv(ContractHeader,
        [
            [id, "สัญญาทดสอบ " + id, "Test contract " + id, "ILPO", "บริษัท ทดสอบ จำกัด", value.ToString(System.Globalization.CultureInfo.InvariantCulture), "2026-01-05",
                $"{Http.Rec("F2-R2")}", "", "", "m1", "ส่งมอบงวดที่ 1", "Instalment 1", m1.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Iso(Today.AddDays(-m1DaysAgo)), ""],
            [id, "", "", "", "", "", "", "", "", "", "m2", "ส่งมอบงวดที่ 2", "Instalment 2", (value - m1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Iso(Today.AddDays(30)), ""],
        ]);
        var response = await ImportAsync(admin, "contracts", file, "contracts.csv");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return id;
    }

    private static async Task<JsonNode> ContractOf(HttpClient client, string id) => (await client.GetJsonAsync($"/api/v1/contracts/{id}"))["contract"]!;

    private static JsonNode Milestone(JsonNode contract, string id) => contract["milestones"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == id)!;

    [Fact]
    public async Task The_report_contracts_are_seeded_with_what_the_report_does_not_give_left_unstated()
    {
        var executive = await factory.ClientForAsync("executive");
        var informal = await ContractOf(executive, "fy2565-informal-labour-system");
        Assert.Equal("ILPO", informal["unit"]!.GetValue<string>());
        Assert.Contains(Http.Rec("F2-R2"), informal["linkedRecommendations"]!.AsArray().Select(r => r!.GetValue<string>()));
        // The report gives no contract value: it is "not given", never a guess; demo mode may show a value, labelled synthetic.
        var value = informal["value"]!;
        if (value["value"]?.GetValue<double?>() is null)
        {
            Assert.StartsWith("report:", value["source"]!.GetValue<string>());
        }
        else
        {
            Assert.True(value["synthetic"]!.GetValue<bool>(), value.ToJsonString());
            Assert.DoesNotContain("report:", value["source"]!.GetValue<string>());
        }
        var blockers = informal["blockers"]!.AsArray();
        Assert.Equal(2, blockers.Count);
        Assert.Contains(blockers, b => b!["reason"]!["en"]!.GetValue<string>().Contains("Independent Workers", StringComparison.Ordinal));
        Assert.Contains(blockers, b => b!["reason"]!["en"]!.GetValue<string>().Contains("cabinet resolution", StringComparison.Ordinal));
        Assert.All(blockers, b => Assert.Null(b!["clearedOn"]?.GetValue<string?>()));
        Assert.Equal(0.10, informal["fineRule"]!["dailyRatePercent"]!.GetValue<double>());
        Assert.Equal(100, informal["fineRule"]!["dailyFloorBaht"]!.GetValue<double>());

        var nlic = await ContractOf(executive, "nlic-plan");
        Assert.Equal("ICT", nlic["unit"]!.GetValue<string>());
        Assert.Equal(3, nlic["milestones"]!.AsArray().Count);
        Assert.Contains(Http.Rec("F1-R2"), nlic["linkedRecommendations"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    public static TheoryData<string?, HttpStatusCode> Roles => new()
    {
        { "admin", HttpStatusCode.OK },
        { "ilpo", HttpStatusCode.OK },
        { "ict", HttpStatusCode.Forbidden },
        { "auditor", HttpStatusCode.Forbidden },
        { "executive", HttpStatusCode.Forbidden },
        { null, HttpStatusCode.Unauthorized },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Only_the_contracts_unit_officer_or_an_admin_writes_and_a_refused_write_changes_nothing(string? user, HttpStatusCode expected)
    {
        var id = await ContractAsync($"matrix-{user ?? "anonymous"}");
        var admin = await factory.ClientForAsync("admin");
        var client = await factory.ClientForAsync(user);
        // A blocker to clear, raised by the admin.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync($"/api/v1/contracts/{id}/blockers",
            new { reason = new { th = "รอผลการพิจารณา", en = "Awaiting a decision" }, since = Iso(Today.AddDays(-3)), owner = "ILPO" })).StatusCode);
        var before = await ContractOf(admin, id);
        var blockerId = before["blockers"]!.AsArray().Single()!["id"]!.GetValue<string>();

        var writes = new (string Url, object Body)[]
        {
            ($"/api/v1/contracts/{id}/blockers", new { reason = new { th = "รอร่าง พ.ร.บ.", en = "Awaiting the draft Act" }, since = Iso(Today.AddDays(-1)), owner = "ILPO" }),
            ($"/api/v1/contracts/{id}/blockers/{blockerId}/clearance", new { clearedOn = Iso(Today), note = "ได้รับอนุมัติแล้ว" }),
            ($"/api/v1/contracts/{id}/milestones/m1/extensions", new { newDate = Iso(Today.AddDays(-10)), grounds = "เหตุสุดวิสัย", approvedBy = "ปลัดกระทรวง" }),
            ($"/api/v1/contracts/{id}/milestones/m2/delivery", new { deliveredOn = Iso(Today), note = "ตรวจรับแล้ว" }),
        };
        foreach (var (url, body) in writes)
        {
            var version = (await ContractOf(admin, id))["version"]!.GetValue<long>();
            var response = await client.PostJsonAsync(url, body);
            Assert.True(expected == response.StatusCode, $"{user ?? "anonymous"} POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var after = (await ContractOf(admin, id))["version"]!.GetValue<long>();
            if (expected == HttpStatusCode.OK)
            {
                Assert.True(after > version);
                Assert.Equal(after, (await response.JsonAsync())["version"]!.GetValue<long>());
            }
            else
            {
                Assert.Equal(version, after);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task Fines_accrue_per_late_day_extensions_cover_days_and_delivery_stops_them_with_every_step_in_the_history()
    {
        var id = await ContractAsync("fines");
        var ilpo = await factory.ClientForAsync("ilpo");

        // 20 days late on 400,000 baht undelivered: max(0.10% x 400,000, 100) = 400 baht a day.
        var contract = await ContractOf(ilpo, id);
        Assert.Equal(20, Milestone(contract, "m1")["daysLate"]!["value"]!.GetValue<double>());
        Assert.Equal(8_000, Milestone(contract, "m1")["fineAccrued"]!["value"]!.GetValue<double>());
        Assert.Equal(0, Milestone(contract, "m2")["fineAccrued"]!["value"]!.GetValue<double>());
        Assert.Equal(8_000, contract["finesAccrued"]!["value"]!.GetValue<double>());

        // An extension to 5 days ago: the 15 days it covers accrue nothing; the original date is kept.
        var extended = await ilpo.PostJsonAsync($"/api/v1/contracts/{id}/milestones/m1/extensions",
            new { newDate = Iso(Today.AddDays(-5)), grounds = "รอผลการพิจารณาของคณะกรรมการ", approvedBy = "อธิบดี" });
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        contract = await ContractOf(ilpo, id);
        Assert.Equal(5, Milestone(contract, "m1")["daysLate"]!["value"]!.GetValue<double>());
        Assert.Equal(2_000, Milestone(contract, "m1")["fineAccrued"]!["value"]!.GetValue<double>());
        Assert.Equal(Iso(Today.AddDays(-20)), Milestone(contract, "m1")["plannedDate"]!.GetValue<string>());
        Assert.Equal(Iso(Today.AddDays(-5)), Milestone(contract, "m1")["currentPlannedDate"]!.GetValue<string>());
        var extension = contract["extensions"]!.AsArray().Single()!;
        Assert.Equal(Iso(Today.AddDays(-20)), extension["originalDate"]!.GetValue<string>());
        Assert.Equal("อธิบดี", extension["approvedBy"]!.GetValue<string>());
        Assert.Equal("รอผลการพิจารณาของคณะกรรมการ", extension["grounds"]!.GetValue<string>());

        // Delivered 2 days ago: 3 late days, and no more accrue.
        Assert.Equal(HttpStatusCode.OK, (await ilpo.PostJsonAsync($"/api/v1/contracts/{id}/milestones/m1/delivery", new { deliveredOn = Iso(Today.AddDays(-2)) })).StatusCode);
        contract = await ContractOf(ilpo, id);
        Assert.Equal(3, Milestone(contract, "m1")["daysLate"]!["value"]!.GetValue<double>());
        Assert.Equal(1_200, Milestone(contract, "m1")["fineAccrued"]!["value"]!.GetValue<double>());
        Assert.Null(contract["terminationReviewFlaggedOn"]?.GetValue<string?>());

        var history = (await ilpo.GetJsonAsync($"/api/v1/contracts/{id}"))["history"]!.AsArray();
        Assert.True(history.Count >= 3, history.ToJsonString());
        var verify = await (await factory.ClientForAsync("auditor")).GetJsonAsync($"/api/v1/audit-trail/verify?prefix=contract:{id}");
        Assert.True(verify["intact"]!.GetValue<bool>(), verify.ToJsonString());
    }

    [Fact]
    public async Task Fines_past_ten_percent_of_the_value_flag_the_contract_for_termination_review_with_a_history_event()
    {
        // 100,000 baht; an instalment of 90,000 due 200 days ago: max(0.10% x 90,000, 100) = 100 a day (the floor); 200 days = 20,000 > 10%.
        var id = await ContractAsync("ten-percent", value: 100_000m, m1: 90_000m, m1DaysAgo: 200);
        var executive = await factory.ClientForAsync("executive");
        var contract = await ContractOf(executive, id);
        Assert.Equal(20_000, contract["finesAccrued"]!["value"]!.GetValue<double>());
        Assert.Equal(Iso(Today), contract["terminationReviewFlaggedOn"]!.GetValue<string>());
        var history = (await executive.GetJsonAsync($"/api/v1/contracts/{id}"))["history"]!.ToJsonString();
        Assert.Contains("183", history);
    }

    public static TheoryData<string, object, string> BadWrites => new()
    {
        { "milestones/m1/delivery", new { deliveredOn = "2099-01-01" }, "deliveredOn" },
        { "milestones/m1/delivery", new { }, "deliveredOn" },
        { "milestones/nope/delivery", new { deliveredOn = "2026-11-01" }, "milestone" },
        { "milestones/m1/extensions", new { newDate = "2020-01-01", grounds = "x", approvedBy = "y" }, "newDate" },
        { "milestones/m1/extensions", new { newDate = "2027-01-01", grounds = "", approvedBy = "y" }, "grounds" },
        { "milestones/m1/extensions", new { newDate = "2027-01-01", grounds = "x", approvedBy = "" }, "approvedBy" },
        { "blockers", new { reason = new { th = "", en = "" }, since = "2026-11-01", owner = "ILPO" }, "reason" },
        { "blockers", new { reason = new { th = "เหตุ", en = "why" }, since = "2026-11-01", owner = "" }, "owner" },
        { "blockers", new { reason = new { th = "เหตุ", en = "why" }, since = "2099-01-01", owner = "ILPO" }, "since" },
        { "blockers/b-none/clearance", new { clearedOn = "2026-11-01", note = "แก้ไขแล้ว" }, "blocker" },
    };

    [Theory]
    [MemberData(nameof(BadWrites))]
    public async Task A_bad_contract_write_is_a_4xx_and_changes_nothing(string path, object body, string about)
    {
        var id = await ContractAsync($"bad-{Guid.NewGuid():N}"[..20]);
        var ilpo = await factory.ClientForAsync("ilpo");
        var version = (await ContractOf(ilpo, id))["version"]!.GetValue<long>();
        var response = await ilpo.PostJsonAsync($"/api/v1/contracts/{id}/{path}", body);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{path} {about}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Contains(about, StringComparison.OrdinalIgnoreCase), $"{path}: {text}");
        Assert.Equal(version, (await ContractOf(ilpo, id))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_conflict()
    {
        var id = await ContractAsync("stale");
        var ilpo = await factory.ClientForAsync("ilpo");
        var version = (await ContractOf(ilpo, id))["version"]!.GetValue<long>();
        var response = await ilpo.PostJsonAsync($"/api/v1/contracts/{id}/milestones/m2/delivery", new { deliveredOn = Iso(Today), expectedVersion = version - 1 });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(version, (await ContractOf(ilpo, id))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_unit_officer_reads_only_their_own_units_contracts()
    {
        await ContractAsync("scoped");
        var ict = await factory.ClientForAsync("ict");
        var ictList = (await ict.GetJsonAsync("/api/v1/contracts")).AsArray();
        Assert.NotEmpty(ictList);
        Assert.All(ictList, c => Assert.Equal("ICT", c!["unit"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await ict.GetAsync("/api/v1/contracts/scoped")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ict.GetAsync("/api/v1/contracts/fy2565-informal-labour-system")).StatusCode);

        var ilpo = await factory.ClientForAsync("ilpo");
        var ilpoList = (await ilpo.GetJsonAsync("/api/v1/contracts")).AsArray();
        Assert.Contains(ilpoList, c => c!["id"]!.GetValue<string>() == "scoped");
        Assert.All(ilpoList, c => Assert.Equal("ILPO", c!["unit"]!.GetValue<string>()));

        var executive = await factory.ClientForAsync("executive");
        var all = (await executive.GetJsonAsync("/api/v1/contracts")).AsArray().Select(c => c!["id"]!.GetValue<string>()).ToArray();
        Assert.Contains("nlic-plan", all);
        Assert.Contains("scoped", all);

        Assert.Equal(HttpStatusCode.NotFound, (await executive.GetAsync("/api/v1/contracts/no-such-contract")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await executive.GetAsync("/api/v1/contracts/BAD%20ID")).StatusCode);
    }
}
