using System.Net;

namespace Oversight.Api.Tests;

/// <summary>Every role against every write endpoint, each on a recommendation of its own (all assigned to ICT).</summary>
public sealed class AuthorizationTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private const int Ok = 200, Created = 201, Bad = 400, Unauthorized = 401, Forbidden = 403;

    private static readonly string[] Endpoints =
        ["progress", "response", "add-action", "update-action", "add-evidence", "withdraw-evidence", "comment", "request-extension", "decide-extension", "verify"];

    public static TheoryData<string?, string, int[]> Matrix() => new()
    {
        { null, "F1-R2", [Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "executive", "F1-R3", [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden] },
        { "admin", "F1-R4", [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden] },
        // ILPO and JSC officers write their own units' recommendations, never ICT's.
        { "ilpo", "F1-R6", [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden] },
        { "jsc", "F1-R1.2", [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden] },
        // The responsible unit: everything but deciding extensions and verifying; a second extension while one is pending is a 400.
        { "ict", "O1-R1", [Ok, Ok, Created, Ok, Created, Ok, Created, Bad, Forbidden, Forbidden] },
        // The auditor: records the response, attaches evidence, comments, decides and verifies; never does the unit's work.
        { "auditor", "F1-R1.1", [Forbidden, Ok, Forbidden, Forbidden, Created, Ok, Created, Forbidden, Ok, Ok] },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_gets_exactly_its_rights_on_every_write_endpoint(string? role, string code, int[] expected)
    {
        var id = Http.Rec(code);
        var ict = await factory.ClientForAsync("ict");
        var auditor = await factory.ClientForAsync("auditor");
        // Something to update, withdraw and decide on, created by the responsible unit.
        Assert.Equal(HttpStatusCode.Created, (await ict.PostJsonAsync($"/api/v1/recommendations/{id}/actions",
            new { title = "สำรวจความต้องการ", ownerUnit = "ICT", dueDate = "2027-03-31" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ict.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(Http.Pdf(code), "plan.pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ict.PostJsonAsync($"/api/v1/recommendations/{id}/extensions",
            new { requestedDueDate = "2027-06-30", reason = "รอมติคณะรัฐมนตรี" })).StatusCode);

        var client = await factory.ClientForAsync(role);
        var actual = new List<int>();
        foreach (var endpoint in Endpoints)
        {
            var version = await auditor.VersionAsync(id);
            var response = endpoint switch
            {
                "progress" => await client.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
                    new { status = "in-progress", progress = 10, note = "เริ่มดำเนินการ", expectedVersion = version }),
                "response" => await client.PostJsonAsync($"/api/v1/recommendations/{id}/response", new { response = "agreed", note = "เห็นด้วย" }),
                "add-action" => await client.PostJsonAsync($"/api/v1/recommendations/{id}/actions",
                    new { title = "จัดทำแผน", ownerUnit = "ICT", dueDate = "2027-01-31" }),
                "update-action" => await client.PutJsonAsync($"/api/v1/recommendations/{id}/actions/act-1", new { progress = 20 }),
                "add-evidence" => await client.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(Http.Pdf(role ?? "anon"), "more.pdf")),
                "withdraw-evidence" => await client.PostJsonAsync($"/api/v1/recommendations/{id}/evidence/ev-1/withdrawal", new { reason = "ไฟล์ไม่ถูกต้อง" }),
                "comment" => await client.PostJsonAsync($"/api/v1/recommendations/{id}/comments", new { text = "ความเห็น" }),
                "request-extension" => await client.PostJsonAsync($"/api/v1/recommendations/{id}/extensions",
                    new { requestedDueDate = "2027-09-30", reason = "ขอขยาย" }),
                "decide-extension" => await client.PostJsonAsync($"/api/v1/recommendations/{id}/extensions/ext-1/decision",
                    new { decision = "reject", note = "ไม่เพียงพอ" }),
                "verify" => await client.PostJsonAsync($"/api/v1/recommendations/{id}/verification",
                    new { decision = "not-implemented", note = "ครบกำหนดแล้วยังไม่ดำเนินการ", expectedVersion = version }),
                _ => throw new InvalidOperationException(endpoint),
            };
            actual.Add((int)response.StatusCode);
        }
        Assert.Equal(expected.Select((s, i) => $"{Endpoints[i]}={s}"), actual.Select((s, i) => $"{Endpoints[i]}={s}"));
    }

    [Theory]
    [InlineData(null, 401)]
    [InlineData("executive", 403)]
    [InlineData("auditor", 403)]
    [InlineData("ict", 403)]
    public async Task Only_admins_manage_users_and_units(string? role, int expected)
    {
        var client = await factory.ClientForAsync(role);
        var name = "user" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(expected, (int)(await client.PostJsonAsync("/api/v1/admin/users",
            new { username = name, displayName = "x", role = "executive", password = "long-enough-1" })).StatusCode);
        Assert.Equal(expected, (int)(await client.PutJsonAsync("/api/v1/admin/units/NEWUNIT",
            new { name = new { th = "หน่วยใหม่", en = "New unit" }, kind = "central" })).StatusCode);
        Assert.Equal(expected, (int)(await client.GetAsync("/api/v1/admin/users")).StatusCode);

        var admin = await factory.ClientForAsync("admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/api/v1/admin/users",
            new { username = name, displayName = "ผู้ใช้ใหม่", role = "unit-officer", unit = "LED", password = "long-enough-1" })).StatusCode);
        var users = await admin.GetJsonAsync("/api/v1/admin/users");
        Assert.DoesNotContain("passwordHash", users.ToJsonString());
    }

    [Fact]
    public async Task A_unit_officer_reads_only_their_own_units_recommendations()
    {
        var ilpo = await factory.ClientForAsync("ilpo");
        Assert.Equal(HttpStatusCode.Forbidden, (await ilpo.GetAsync($"/api/v1/recommendations/{Http.Rec("F1-R7")}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ilpo.GetAsync($"/api/v1/recommendations/{Http.Rec("F1-R7")}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ilpo.GetAsync("/api/v1/recommendations?unit=ICT")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ilpo.GetAsync($"/api/v1/recommendations/{Http.Rec("F2-R3")}")).StatusCode);
        var list = await ilpo.GetJsonAsync("/api/v1/recommendations");
        Assert.All(list["items"]!.AsArray(), i => Assert.Contains("ILPO", i!["units"]!.AsArray().Select(u => u!.GetValue<string>())));
        Assert.Equal(4, list["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Forbidden, (await ilpo.GetAsync("/api/v1/audit-trail/verify")).StatusCode);
    }

    [Fact]
    public async Task A_disabled_account_loses_access_even_with_a_token_in_hand()
    {
        var admin = await factory.ClientForAsync("admin");
        var name = "temp" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/api/v1/admin/users",
            new { username = name, displayName = "ชั่วคราว", role = "executive", password = "long-enough-1" })).StatusCode);
        var anonymous = await factory.ClientForAsync(null);
        var token = (await (await anonymous.PostJsonAsync("/api/v1/auth/token", new { username = name, password = "long-enough-1" })).JsonAsync())["accessToken"]!.GetValue<string>();
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/v1/board")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync($"/api/v1/admin/users/{name}", new { disabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/board")).StatusCode);
    }
}
