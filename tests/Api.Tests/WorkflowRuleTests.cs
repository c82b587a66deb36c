using System.Net;
using System.Text.Json.Nodes;

namespace Oversight.Api.Tests;

/// <summary>Workflow rules that hold over the API: closed means read-only for units, parents follow their children,
/// extensions move dates forward, and closing as implemented needs evidence or the auditor's reason.</summary>
public sealed class WorkflowRuleTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).ToString("yyyy-MM-dd");

    private async Task<long> Ok(HttpResponseMessage response)
    {
        var body = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body["version"]!.GetValue<long>();
    }

    private static async Task Refused(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(code, body["code"]!.GetValue<string>());
    }

    /// <summary>Moves a recommendation to pending verification, with one evidence file, as its unit.</summary>
    private async Task<long> ReadyForVerificationAsync(string user, string id, bool withEvidence = true)
    {
        var unit = await factory.ClientForAsync(user);
        var version = await unit.VersionAsync(id);
        if (withEvidence)
        {
            version = await Ok(await unit.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(Http.Pdf(id), "report.pdf", "หลักฐาน", version)));
        }
        version = await Ok(await unit.PostJsonAsync($"/api/v1/recommendations/{id}/progress", new { status = "in-progress", progress = 50, note = "เริ่ม", expectedVersion = version }));
        return await Ok(await unit.PostJsonAsync($"/api/v1/recommendations/{id}/progress", new { status = "implemented-pending-verification", note = "เสร็จ", expectedVersion = version }));
    }

    [Fact]
    public async Task A_progress_note_alone_saves_and_not_started_goes_to_pending_verification_in_one_save()
    {
        var id = Http.Rec("F1-R6");
        var ict = await factory.ClientForAsync("ict");
        var version = await ict.VersionAsync(id);

        // A note with no status and no progress: a change of its own, in the history with its note.
        var noted = await Ok(await ict.PostJsonAsync($"/api/v1/recommendations/{id}/progress", new { note = "ประชุมหารือกับกองประชาสัมพันธ์แล้ว", expectedVersion = version }));
        Assert.Equal(version + 1, noted);
        var detail = await ict.GetJsonAsync($"/api/v1/recommendations/{id}");
        Assert.Equal("not-started", detail["status"]!.GetValue<string>());
        Assert.Equal("ประชุมหารือกับกองประชาสัมพันธ์แล้ว", detail["lastNote"]!.GetValue<string>());
        var last = detail["history"]!.AsArray()[^1]!;
        Assert.Equal("progress-updated", last["type"]!.GetValue<string>());
        Assert.Empty(last["changes"]!.AsArray());
        Assert.Equal("ประชุมหารือกับกองประชาสัมพันธ์แล้ว", last["note"]!.GetValue<string>());

        // The same status and progress as now, with a note, is a note too (no "no-change").
        noted = await Ok(await ict.PostJsonAsync($"/api/v1/recommendations/{id}/progress", new { status = "not-started", progress = 0, note = "รอผลการประชุม", expectedVersion = noted }));

        // Not started → implemented, pending verification: one save, and the progress becomes 100.
        var pending = await Ok(await ict.PostJsonAsync($"/api/v1/recommendations/{id}/progress", new { status = "implemented-pending-verification", note = "จัดอบรมครบทุกจังหวัดแล้ว", expectedVersion = noted }));
        Assert.Equal(noted + 1, pending);
        detail = await ict.GetJsonAsync($"/api/v1/recommendations/{id}");
        Assert.Equal(("implemented-pending-verification", 100), (detail["status"]!.GetValue<string>(), detail["progress"]!.GetValue<int>()));
        var changes = detail["history"]!.AsArray()[^1]!["changes"]!.AsArray();
        Assert.Contains(changes, c => c!["field"]!.GetValue<string>() == "status" && c["before"]!.GetValue<string>() == "not-started");

        // A note is still required.
        await Refused(await ict.PostJsonAsync($"/api/v1/recommendations/{id}/progress", new { note = " ", expectedVersion = pending }), HttpStatusCode.BadRequest, "required");
    }

    [Fact]
    public async Task A_closed_recommendation_refuses_every_unit_write_until_an_auditor_reopens_it()
    {
        var id = Http.Rec("O1-R1");
        var ict = await factory.ClientForAsync("ict");
        var auditor = await factory.ClientForAsync("auditor");
        var version = await ReadyForVerificationAsync("ict", id);
        version = await Ok(await ict.PostJsonAsync($"/api/v1/recommendations/{id}/actions", new { title = "จัดอบรม", ownerUnit = "ICT", dueDate = "2027-01-31", expectedVersion = version }));
        version = await Ok(await auditor.PostJsonAsync($"/api/v1/recommendations/{id}/verification", new { decision = "implemented", note = "ครบถ้วน", expectedVersion = version }));

        var writes = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("withdraw evidence", () => ict.PostJsonAsync($"/api/v1/recommendations/{id}/evidence/ev-1/withdrawal", new { reason = "ผิดไฟล์", expectedVersion = version })),
            ("response", () => ict.PostJsonAsync($"/api/v1/recommendations/{id}/response", new { response = "disagreed", expectedVersion = version })),
            ("comment", () => ict.PostJsonAsync($"/api/v1/recommendations/{id}/comments", new { text = "แก้ไขหลังปิด", expectedVersion = version })),
            ("progress", () => ict.PostJsonAsync($"/api/v1/recommendations/{id}/progress", new { status = "in-progress", progress = 80, note = "x", expectedVersion = version })),
            ("add action", () => ict.PostJsonAsync($"/api/v1/recommendations/{id}/actions", new { title = "เพิ่ม", ownerUnit = "ICT", dueDate = "2027-02-01", expectedVersion = version })),
            ("update action", () => ict.PutJsonAsync($"/api/v1/recommendations/{id}/actions/act-1", new { progress = 90, expectedVersion = version })),
            ("extension", () => ict.PostJsonAsync($"/api/v1/recommendations/{id}/extensions", new { requestedDueDate = "2030-01-01", reason = "x", expectedVersion = version })),
            ("evidence", () => ict.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(Http.Pdf("late"), "late.pdf", null, version))),
        };
        foreach (var (name, send) in writes)
        {
            var response = await send();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
            var problem = await response.JsonAsync();
            Assert.Equal("closed", problem["code"]!.GetValue<string>());
            Assert.Contains("reopen", problem["detail"]!.GetValue<string>());
        }
        Assert.Equal(version, await ict.VersionAsync(id));

        // The auditor may still comment; after a reopen the unit can work again.
        version = await Ok(await auditor.PostJsonAsync($"/api/v1/recommendations/{id}/comments", new { text = "บันทึกผู้ตรวจ", expectedVersion = version }));
        version = await Ok(await auditor.PostJsonAsync($"/api/v1/recommendations/{id}/verification", new { decision = "reopen", note = "พบประเด็นเพิ่ม", expectedVersion = version }));
        await Ok(await ict.PostJsonAsync($"/api/v1/recommendations/{id}/comments", new { text = "รับทราบ", expectedVersion = version }));
    }

    [Fact]
    public async Task Reopening_a_sub_recommendation_reopens_its_closed_parent_with_a_history_event_saying_why()
    {
        var auditor = await factory.ClientForAsync("auditor");
        var parent = Http.Rec("F1-R1");
        foreach (var child in new[] { "F1-R1.1", "F1-R1.2" })
        {
            var v = await ReadyForVerificationAsync("ict", Http.Rec(child));
            await Ok(await auditor.PostJsonAsync($"/api/v1/recommendations/{Http.Rec(child)}/verification", new { decision = "implemented", note = "ครบ", expectedVersion = v }));
        }
        var pv = await ReadyForVerificationAsync("ict", parent, withEvidence: false);
        pv = await Ok(await auditor.PostJsonAsync($"/api/v1/recommendations/{parent}/verification",
            new { decision = "implemented", note = "ครบทั้งสองข้อย่อย", noEvidenceReason = "หลักฐานอยู่ที่ข้อเสนอแนะย่อย", expectedVersion = pv }));
        Assert.Equal("closed-implemented", (await auditor.GetJsonAsync($"/api/v1/recommendations/{parent}"))["status"]!.GetValue<string>());

        var child1 = Http.Rec("F1-R1.1");
        await Ok(await auditor.PostJsonAsync($"/api/v1/recommendations/{child1}/verification",
            new { decision = "reopen", note = "หลักฐานไม่ครบ", expectedVersion = await auditor.VersionAsync(child1) }));

        var detail = await auditor.GetJsonAsync($"/api/v1/recommendations/{parent}");
        Assert.Equal("in-progress", detail["status"]!.GetValue<string>());
        var last = detail["history"]!.AsArray()[^1]!;
        Assert.Equal("reopened-with-sub-recommendation", last["type"]!.GetValue<string>());
        Assert.Contains("F1-R1.1", last["note"]!.GetValue<string>());
        Assert.Equal("auditor", last["actor"]!["username"]!.GetValue<string>());
        var queue = await auditor.GetJsonAsync("/api/v1/auditor/queue");
        Assert.Contains(queue["recentlyReopened"]!.AsArray(), r => r!["id"]!.GetValue<string>() == parent);
    }

    [Fact]
    public async Task An_extension_must_move_the_due_date_after_both_the_current_due_date_and_today()
    {
        var id = Http.Rec("F1-R3");
        var ict = await factory.ClientForAsync("ict");
        var detail = await ict.GetJsonAsync($"/api/v1/recommendations/{id}");
        var due = DateOnly.Parse(detail["dueDate"]!.GetValue<string>());
        var today = DateOnly.Parse(Today);
        var version = detail["version"]!.GetValue<long>();

        // After the due date but not after today (the due date is in the past here): refused.
        var pastButLater = due < today ? due.AddDays(1) : today;
        if (pastButLater <= today && pastButLater > due)
        {
            await Refused(await ict.PostJsonAsync($"/api/v1/recommendations/{id}/extensions",
                new { requestedDueDate = pastButLater.ToString("yyyy-MM-dd"), reason = "ขอเลื่อน", expectedVersion = version }), HttpStatusCode.BadRequest, "extension-in-past");
        }
        await Refused(await ict.PostJsonAsync($"/api/v1/recommendations/{id}/extensions",
            new { requestedDueDate = Today, reason = "ขอเลื่อน", expectedVersion = version }), HttpStatusCode.BadRequest, due >= today ? "not-an-extension" : "extension-in-past");
        await Refused(await ict.PostJsonAsync($"/api/v1/recommendations/{id}/extensions",
            new { requestedDueDate = due.ToString("yyyy-MM-dd"), reason = "ขอเลื่อน", expectedVersion = version }), HttpStatusCode.BadRequest, "not-an-extension");
        Assert.Equal(version, await ict.VersionAsync(id));

        var later = (due > today ? due : today).AddDays(60).ToString("yyyy-MM-dd");
        await Ok(await ict.PostJsonAsync($"/api/v1/recommendations/{id}/extensions", new { requestedDueDate = later, reason = "รอมติ ครม.", expectedVersion = version }));
    }

    [Fact]
    public async Task Closing_as_implemented_needs_evidence_that_is_not_withdrawn_or_the_auditors_reason()
    {
        var id = Http.Rec("F1-R2");
        var auditor = await factory.ClientForAsync("auditor");
        var ict = await factory.ClientForAsync("ict");
        var version = await ReadyForVerificationAsync("ict", id, withEvidence: false);
        await Refused(await auditor.PostJsonAsync($"/api/v1/recommendations/{id}/verification",
            new { decision = "implemented", note = "ดูแล้ว", expectedVersion = version }), HttpStatusCode.BadRequest, "evidence-required");
        await Refused(await auditor.PostJsonAsync($"/api/v1/recommendations/{id}/verification",
            new { decision = "partly-implemented", note = "ดูแล้ว", expectedVersion = version }), HttpStatusCode.BadRequest, "evidence-required");

        // Evidence that was withdrawn does not count.
        version = await Ok(await ict.PostAsync($"/api/v1/recommendations/{id}/evidence", Http.Upload(Http.Pdf("F1-R2 draft"), "draft.pdf", null, version)));
        version = await Ok(await ict.PostJsonAsync($"/api/v1/recommendations/{id}/evidence/ev-1/withdrawal", new { reason = "ผิดฉบับ", expectedVersion = version }));
        await Refused(await auditor.PostJsonAsync($"/api/v1/recommendations/{id}/verification",
            new { decision = "implemented", note = "ดูแล้ว", expectedVersion = version }), HttpStatusCode.BadRequest, "evidence-required");

        // The auditor's explicit reason is accepted and kept in the history.
        version = await Ok(await auditor.PostJsonAsync($"/api/v1/recommendations/{id}/verification",
            new { decision = "implemented", note = "ตรวจในพื้นที่", noEvidenceReason = "ตรวจสอบระบบจริงที่ศูนย์ ไม่มีเอกสาร", expectedVersion = version }));
        var history = await auditor.GetJsonAsync($"/api/v1/recommendations/{id}/history");
        var last = history["items"]!.AsArray()[^1]!;
        Assert.Contains(last["changes"]!.AsArray(), c => c!["field"]!.GetValue<string>() == "noEvidenceReason"
            && c["after"]!.GetValue<string>() == "ตรวจสอบระบบจริงที่ศูนย์ ไม่มีเอกสาร");
        var detail = await auditor.GetJsonAsync($"/api/v1/recommendations/{id}");
        Assert.Equal("ตรวจสอบระบบจริงที่ศูนย์ ไม่มีเอกสาร", detail["verifications"]!.AsArray()[^1]!["noEvidenceReason"]!.GetValue<string>());

        // Not-implemented needs no evidence.
        var other = Http.Rec("F2-R4");
        var led = await factory.ClientForAsync("led");
        await Ok(await auditor.PostJsonAsync($"/api/v1/recommendations/{other}/verification",
            new { decision = "not-implemented", note = "ไม่ดำเนินการ", expectedVersion = await led.VersionAsync(other) }));
    }
}
