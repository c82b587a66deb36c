using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Oversight.Api.Tests;

/// <summary>The public contract as documented in the README: shapes, codes and a recommendation's whole life.</summary>
public sealed partial class ApiContractTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    [Fact]
    public async Task OpenApi_describes_every_public_route()
    {
        var client = await factory.ClientForAsync(null);
        var document = await client.GetJsonAsync("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        string[] expected =
        [
            "/api/v1/auth/token", "/api/v1/reports", "/api/v1/reports/{reportId}", "/api/v1/recommendations", "/api/v1/recommendations/{id}",
            "/api/v1/recommendations/{id}/history", "/api/v1/recommendations/{id}/progress", "/api/v1/recommendations/{id}/actions",
            "/api/v1/recommendations/{id}/actions/{actionId}", "/api/v1/recommendations/{id}/evidence",
            "/api/v1/recommendations/{id}/evidence/{evidenceId}", "/api/v1/recommendations/{id}/comments",
            "/api/v1/recommendations/{id}/extensions", "/api/v1/recommendations/{id}/extensions/{extensionId}/decision",
            "/api/v1/recommendations/{id}/verification", "/api/v1/board", "/api/v1/audit-trail/verify",
            "/api/v1/contracts", "/api/v1/contracts/{id}", "/api/v1/contracts/{id}/milestones/{milestoneId}/delivery",
            "/api/v1/contracts/{id}/milestones/{milestoneId}/extensions", "/api/v1/contracts/{id}/blockers",
            "/api/v1/contracts/{id}/blockers/{blockerId}/clearance", "/api/v1/provinces", "/api/v1/provinces/{code}", "/api/v1/eservices",
            "/api/v1/data-exchange", "/api/v1/agencies/{id}/datasets/{datasetId}/scores", "/api/v1/indicators", "/api/v1/indicators/{code}",
            "/api/v1/indicators/{code}/target", "/api/v1/api-keys", "/api/v1/api-keys/{id}", "/api/v1/metrics", "/api/v1/imports",
            "/api/v1/imports/templates/{file}",
        ];
        Assert.All(expected, path => Assert.Contains(path, paths));
        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal("X-Api-Key", schemes["apiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["bearer"]!["scheme"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reports_are_served_as_a_tree_of_findings_and_recommendations()
    {
        var client = await factory.ClientForAsync("executive");
        var reports = (await client.GetJsonAsync("/api/v1/reports")).AsArray();
        var report = Assert.Single(reports);
        Assert.Equal(Http.Report, report!["id"]!.GetValue<string>());
        Assert.Equal(15, report["recommendationCount"]!.GetValue<int>());

        var tree = await client.GetJsonAsync($"/api/v1/reports/{Http.Report}");
        Assert.Equal("สำนักงานการตรวจเงินแผ่นดิน", tree["report"]!["auditor"]!["th"]!.GetValue<string>());
        var findings = tree["findings"]!.AsArray();
        Assert.Equal(["F1", "F2", "O1"], findings.Select(f => f!["finding"]!["code"]!.GetValue<string>()));
        Assert.Equal("observation", findings[2]!["finding"]!["kind"]!.GetValue<string>());
        var f1r1 = findings[0]!["recommendations"]![0]!;
        Assert.Equal("F1-R1", f1r1["recommendation"]!["code"]!.GetValue<string>());
        Assert.Equal(["F1-R1.1", "F1-R1.2"], f1r1["children"]!.AsArray().Select(c => c!["recommendation"]!["code"]!.GetValue<string>()));
        Assert.Equal(13, findings.Sum(f => f!["recommendations"]!.AsArray().Count));
    }

    [Fact]
    public async Task The_register_lists_items_with_the_documented_fields_and_filters()
    {
        var client = await factory.ClientForAsync("auditor");
        var all = await client.GetJsonAsync($"/api/v1/recommendations?reportId={Http.Report}");
        Assert.Equal(15, all["total"]!.GetValue<int>());
        var item = all["items"]![0]!.AsObject();
        foreach (var field in new[] { "id", "code", "reportId", "findingCode", "title", "units", "response", "status", "dueDate", "overdue", "progress", "version" })
        {
            Assert.True(item.ContainsKey(field), $"list item lacks '{field}'");
        }
        Assert.Equal("object", JsonValueKind(item["title"]!));

        var led = await client.GetJsonAsync("/api/v1/recommendations?unit=LED");
        Assert.Equal(["F1-R5", "F2-R4"], led["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).Order());
        var twoStatuses = await client.GetJsonAsync("/api/v1/recommendations?status=closed-implemented,no-longer-applicable");
        Assert.All(twoStatuses["items"]!.AsArray(), i => Assert.Contains(i!["status"]!.GetValue<string>(), new[] { "closed-implemented", "no-longer-applicable" }));
        var paged = await client.GetJsonAsync("/api/v1/recommendations?limit=4&offset=4");
        Assert.Equal(4, paged["items"]!.AsArray().Count);
        Assert.Equal(4, paged["offset"]!.GetValue<int>());
        var overdue = await client.GetJsonAsync("/api/v1/recommendations?overdue=true");
        Assert.All(overdue["items"]!.AsArray(), i => Assert.True(i!["overdue"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task A_recommendation_goes_from_response_to_verified_closure_through_the_api()
    {
        var id = Http.Rec("F2-R4"); // LED
        var led = await factory.ClientForAsync("led");
        var auditor = await factory.ClientForAsync("auditor");
        var executive = await factory.ClientForAsync("executive");
        var boardBefore = await executive.GetJsonAsync("/api/v1/board");

        Assert.Equal(HttpStatusCode.OK, (await led.PostJsonAsync($"/api/v1/recommendations/{id}/response", new { response = "agreed", note = "เห็นด้วย" })).StatusCode);
        var action = await led.PostJsonAsync($"/api/v1/recommendations/{id}/actions",
            new { title = "ทบทวนการใช้ฐานข้อมูลแรงงานนอกระบบ", ownerUnit = "LED", dueDate = "2027-02-28", status = "in-progress", progress = 30 });
        Assert.Equal(HttpStatusCode.Created, action.StatusCode);
        Assert.EndsWith("/actions/act-1", action.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await led.PutJsonAsync($"/api/v1/recommendations/{id}/actions/act-1", new { status = "completed" })).StatusCode);

        var progress = await led.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
            new { status = "in-progress", progress = 60, note = "ดำเนินการตามแผน", expectedVersion = await led.VersionAsync(id) });
        Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
        var written = await progress.JsonAsync();
        Assert.Equal(id, written["id"]!.GetValue<string>());
        var version = written["version"]!.GetValue<long>();

        // A stale version is a 409 that tells the current version.
        var stale = await led.PostJsonAsync($"/api/v1/recommendations/{id}/progress", new { progress = 70, note = "x", expectedVersion = version - 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        Assert.Equal(version, (await stale.JsonAsync())["currentVersion"]!.GetValue<long>());

        // Evidence: uploaded, hashed, downloaded as an attachment with the same bytes.
        var pdf = Http.Pdf("สรุปผลการทบทวน");
        var upload = await led.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(pdf, "สรุปผล.pdf", "รายงานสรุป"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var download = await executive.GetAsync($"/api/v1/recommendations/{id}/evidence/ev-1");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("สรุปผล.pdf", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), download.Headers.GetValues("X-Evidence-Sha256").Single());

        // An extension: requested by the unit, approved by the auditor; both dates are kept.
        var detail = await auditor.GetJsonAsync($"/api/v1/recommendations/{id}");
        var originalDue = detail["dueDate"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Created, (await led.PostJsonAsync($"/api/v1/recommendations/{id}/extensions",
            new { requestedDueDate = "2027-06-30", reason = "รอผลการหารือกับหน่วยงานที่เกี่ยวข้อง" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.PostJsonAsync($"/api/v1/recommendations/{id}/extensions/ext-1/decision",
            new { decision = "approve", note = "เหตุผลเพียงพอ" })).StatusCode);
        detail = await auditor.GetJsonAsync($"/api/v1/recommendations/{id}");
        Assert.Equal("2027-06-30", detail["dueDate"]!.GetValue<string>());
        Assert.Equal(originalDue, detail["originalDueDate"]!.GetValue<string>());
        Assert.Equal("approved", detail["extensions"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("auditor", detail["extensions"]![0]!["decidedBy"]!.GetValue<string>());

        // The unit reports it implemented; the auditor verifies and closes it.
        Assert.Equal(HttpStatusCode.OK, (await led.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
            new { status = "implemented-pending-verification", note = "ดำเนินการแล้วเสร็จ", expectedVersion = await led.VersionAsync(id) })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await auditor.PostJsonAsync($"/api/v1/recommendations/{id}/comments", new { text = "ได้รับหลักฐานครบถ้วน" })).StatusCode);
        var verified = await auditor.PostJsonAsync($"/api/v1/recommendations/{id}/verification",
            new { decision = "implemented", note = "ตรวจสอบหลักฐานแล้ว ดำเนินการครบถ้วน", expectedVersion = await auditor.VersionAsync(id) });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);

        detail = await auditor.GetJsonAsync($"/api/v1/recommendations/{id}");
        Assert.Equal("closed-implemented", detail["status"]!.GetValue<string>());
        Assert.Equal(100, detail["progress"]!.GetValue<int>());
        Assert.False(detail["overdue"]!.GetValue<bool>());
        Assert.Equal("agreed", detail["response"]!.GetValue<string>());
        Assert.Equal("implemented", detail["verifications"]![0]!["decision"]!.GetValue<string>());
        Assert.Equal("completed", detail["actions"]![0]!["status"]!.GetValue<string>());
        Assert.Single(detail["comments"]!.AsArray());
        Assert.Single(detail["evidence"]!.AsArray());

        // The history: one entry per change, chained by hash.
        var history = (await auditor.GetJsonAsync($"/api/v1/recommendations/{id}/history"))["items"]!.AsArray();
        Assert.Equal(detail["version"]!.GetValue<long>(), history.Count);
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal(history[i - 1]!["hash"]!.GetValue<string>(), history[i]!["prevHash"]!.GetValue<string>());
            Assert.Matches(HashPattern(), history[i]!["hash"]!.GetValue<string>());
        }
        var close = history[^1]!;
        Assert.Equal("verification-recorded", close["type"]!.GetValue<string>());
        Assert.Equal("auditor", close["actor"]!["username"]!.GetValue<string>());
        Assert.Contains(close["changes"]!.AsArray(), c => c!["field"]!.GetValue<string>() == "status"
            && c["before"]!.GetValue<string>() == "implemented-pending-verification" && c["after"]!.GetValue<string>() == "closed-implemented");

        // The board moved with it.
        var board = await executive.GetJsonAsync("/api/v1/board");
        Assert.True(board["version"]!.GetValue<long>() > boardBefore["version"]!.GetValue<long>());
        Assert.True(board["totals"]!["byStatus"]!["closed-implemented"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task The_board_snapshot_has_totals_overdue_aging_units_findings_and_due_soon()
    {
        var executive = await factory.ClientForAsync("executive");
        Assert.Equal(15, (await executive.GetJsonAsync("/api/v1/board"))["totals"]!["total"]!.GetValue<int>());

        // A unit officer's board is their own unit's (the one scoping rule), asked for or not.
        var client = await factory.ClientForAsync("ict");
        var board = await client.GetJsonAsync("/api/v1/board");
        Assert.True(board["version"]!.GetValue<long>() > 0);
        Assert.NotNull(board["asOf"]);
        Assert.Equal("ICT", board["unit"]!.GetValue<string>());
        Assert.Equal(11, board["totals"]!["total"]!.GetValue<int>());
        Assert.Equal(["ICT"], board["byUnit"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()));
        Assert.Equal(7, board["totals"]!["byStatus"]!.AsObject().Count);
        Assert.Equal(["0-30", "31-90", "91-180", ">180"], board["overdue"]!["aging"]!.AsObject().Select(p => p.Key));
        Assert.Contains(board["byUnit"]!.AsArray(), g => g!["key"]!.GetValue<string>() == "ICT" && g["name"]!["th"]!.GetValue<string>() == "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร");
        Assert.Equal(["F1", "F2", "O1"], board["byFinding"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()));
        Assert.NotNull(board["dueSoon"]!["within30"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/board?unit=LED")).StatusCode);
    }

    [Fact]
    public async Task Tokens_and_cookies_both_sign_in_and_cookie_writes_need_the_antiforgery_token()
    {
        var anonymous = await factory.ClientForAsync(null);
        var token = await anonymous.PostJsonAsync("/api/v1/auth/token", new { username = "jsc", password = "demo-2569" });
        var body = await token.JsonAsync();
        Assert.StartsWith("eyJ", body["accessToken"]!.GetValue<string>());
        Assert.True(DateTimeOffset.Parse(body["expiresAt"]!.GetValue<string>()) > DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/board")).StatusCode);

        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await (await browser.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var antiforgery = AntiforgeryField().Match(page).Groups[1].Value;
        var login = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = "jsc", ["Password"] = "demo-2569", ["__RequestVerificationToken"] = antiforgery,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var me = await browser.GetJsonAsync("/api/v1/auth/me");
        Assert.Equal(("jsc", "unit-officer", "JSC"), (me["username"]!.GetValue<string>(), me["role"]!.GetValue<string>(), me["unit"]!.GetValue<string>()));

        // Pages carry a token for the signed-in user; scripts send it in the RequestVerificationToken header.
        var home = await (await browser.GetAsync("/unit")).Content.ReadAsStringAsync();
        antiforgery = CsrfMeta().Match(home).Groups[1].Value;
        Assert.NotEmpty(antiforgery);
        var id = Http.Rec("O1-R2"); // ICT and JSC
        var withoutHeader = await browser.PostJsonAsync($"/api/v1/recommendations/{id}/comments", new { text = "จากหน้าเว็บ" });
        Assert.Equal(HttpStatusCode.BadRequest, withoutHeader.StatusCode);
        Assert.Equal("antiforgery", (await withoutHeader.JsonAsync())["code"]!.GetValue<string>());
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/recommendations/{id}/comments")
        {
            Content = JsonContent.Create(new { text = "จากหน้าเว็บ" }),
        };
        request.Headers.Add("RequestVerificationToken", antiforgery);
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(request)).StatusCode);

        var fresh = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var freshToken = AntiforgeryField().Match(await (await fresh.GetAsync("/account/login")).Content.ReadAsStringAsync()).Groups[1].Value;
        var badLogin = await fresh.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = "jsc", ["Password"] = "wrong", ["__RequestVerificationToken"] = freshToken,
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, badLogin.StatusCode);
    }

    private static string JsonValueKind(JsonNode node) => node.GetValueKind().ToString().ToLowerInvariant();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfMeta();
}
