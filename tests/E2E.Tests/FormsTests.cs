using System.Globalization;
using System.Text.RegularExpressions;

namespace Oversight.E2E.Tests;

/// <summary>
/// What users tripped over on the recommendation page's forms (issue 9), in real Chromium: a refused save keeps every
/// field as typed with the error beside the field; a stale form shows the conflict at the form with what changed and
/// saves on top of the new version only when asked; a note alone is a change; not started → pending verification in
/// one save; dates typed in B.E. (Thai) and C.E. (English); outcomes shown where the user's eyes are; names, not usernames.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class FormsTests(WebServerFixture server, BrowserFixture browser) : BrowserTest(server, browser), IClassFixture<BrowserFixture>
{
    private static string Page(string code) => $"/recommendations/{WebServerFixture.ReportId}.{code}";

    private static string Id(string code) => $"{WebServerFixture.ReportId}.{code}";

    [Fact]
    public async Task A_refused_progress_update_keeps_status_percent_and_note_with_the_error_beside_the_field()
    {
        const string code = "F1-R1.2";
        var before = await Server.GetAsUserAsync("ict", $"/api/v1/recommendations/{Id(code)}");
        var page = await SignedInAsync("ict");
        await page.GotoAsync(Page(code));
        var form = page.GetByTestId("progress-form");
        // Past the browser's own checks, so the server's answer is what is tested.
        await form.EvaluateAsync("f => f.noValidate = true");

        // 1. A percent out of range.
        await page.GetByTestId("progress-status").SelectOptionAsync("in-progress");
        await page.GetByTestId("progress-value").FillAsync("150");
        await page.GetByTestId("progress-note").FillAsync("จัดทำนิยามชุดข้อมูลบนแดชบอร์ดแล้วบางส่วน");
        var refused = await SubmitExpectingAsync(page, "progress-submit");
        Assert.Equal(400, refused);
        await AssertKeptAsync(page, "in-progress", "150", "จัดทำนิยามชุดข้อมูลบนแดชบอร์ดแล้วบางส่วน");
        await AssertErrorBesideAsync(page, "progress-value");

        // 2. "Implemented, pending verification" with a percent that is not 100.
        await page.GetByTestId("progress-form").EvaluateAsync("f => f.noValidate = true");
        await page.GetByTestId("progress-status").SelectOptionAsync("implemented-pending-verification");
        await page.GetByTestId("progress-value").FillAsync("40");
        await SubmitExpectingAsync(page, "progress-submit");
        await AssertKeptAsync(page, "implemented-pending-verification", "40", "จัดทำนิยามชุดข้อมูลบนแดชบอร์ดแล้วบางส่วน");
        await AssertErrorBesideAsync(page, "progress-value");

        // 3. No note.
        await page.GetByTestId("progress-form").EvaluateAsync("f => f.noValidate = true");
        await page.GetByTestId("progress-status").SelectOptionAsync("in-progress");
        await page.GetByTestId("progress-value").FillAsync("25");
        await page.GetByTestId("progress-note").FillAsync("");
        await SubmitExpectingAsync(page, "progress-submit");
        await AssertKeptAsync(page, "in-progress", "25", "");
        await AssertErrorBesideAsync(page, "progress-note");

        // Nothing was written.
        var after = await Server.GetAsUserAsync("ict", $"/api/v1/recommendations/{Id(code)}");
        Assert.Equal(before["version"]!.GetValue<long>(), after["version"]!.GetValue<long>());
        AssertNoPageErrors(page);

        static async Task AssertKeptAsync(IPage page, string status, string percent, string note)
        {
            Assert.Equal(status, await page.GetByTestId("progress-status").InputValueAsync());
            Assert.Equal(percent, await page.GetByTestId("progress-value").InputValueAsync());
            Assert.Equal(note, await page.GetByTestId("progress-note").InputValueAsync());
        }
    }

    [Fact]
    public async Task A_note_alone_is_saved_and_not_started_goes_to_pending_verification_in_one_save_then_the_verification_is_shown_at_the_form()
    {
        const string code = "F1-R6";
        var before = await Server.GetAsUserAsync("ict", $"/api/v1/recommendations/{Id(code)}");
        Assert.Equal("not-started", before["status"]!.GetValue<string>());
        var page = await SignedInAsync("ict");
        await page.GotoAsync(Page(code));

        // A note on its own.
        await page.GetByTestId("progress-note").FillAsync("ประสานวิทยากรสำหรับการอบรมผู้ใช้ LBDA แล้ว");
        await SubmitAsync(page, "progress-submit", "progress");
        await Assertions.Expect(page.GetByTestId("rec-status")).ToHaveAttributeAsync("data-status", "not-started");
        await Assertions.Expect(page.GetByTestId("rec-last-note")).ToHaveTextAsync("ประสานวิทยากรสำหรับการอบรมผู้ใช้ LBDA แล้ว");
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("ประสานวิทยากรสำหรับการอบรมผู้ใช้ LBDA แล้ว");
        var noted = await Server.GetAsUserAsync("ict", $"/api/v1/recommendations/{Id(code)}");
        Assert.Equal(before["version"]!.GetValue<long>() + 1, noted["version"]!.GetValue<long>());
        // The version line names the person, not the username.
        var updatedBy = (await page.GetByTestId("rec-updated-by").TextContentAsync())!.Trim();
        Assert.Contains("ศทส.", updatedBy);
        Assert.NotEqual("ict", updatedBy);

        // Not started → implemented, pending verification: one save.
        await page.GetByTestId("progress-status").SelectOptionAsync("implemented-pending-verification");
        Assert.Equal("100", await page.GetByTestId("progress-value").InputValueAsync());
        await page.GetByTestId("progress-note").FillAsync("อบรมผู้ใช้ครบทุกจังหวัดแล้ว");
        await SubmitAsync(page, "progress-submit", "progress");
        await Assertions.Expect(page.GetByTestId("rec-status")).ToHaveAttributeAsync("data-status", "implemented-pending-verification");
        await Assertions.Expect(page.GetByTestId("rec-progress")).ToHaveTextAsync("100");
        await AssertInViewAsync(page, page.GetByTestId("done"));

        // The auditor verifies: the outcome is where the auditor's eyes are, not scrolled away.
        var auditor = await SignedInAsync("auditor", new ViewportSize { Width = 1366, Height = 700 });
        await auditor.GotoAsync(Page(code));
        await auditor.GetByTestId("verify-partly-implemented").CheckAsync();
        await auditor.GetByTestId("verify-note").FillAsync("อบรมแล้วแต่ยังไม่ได้ประเมินผลการใช้งาน");
        await auditor.GetByTestId("verify-no-evidence-reason").FillAsync("ตรวจจากรายชื่อผู้เข้าอบรมในระบบ");
        await SubmitAsync(auditor, "verify-submit", "verification");
        var done = auditor.Locator("#verify [data-testid=done]");
        await Assertions.Expect(done).ToContainTextAsync("ปิด: ดำเนินการบางส่วน");
        await AssertInViewAsync(auditor, done);
        AssertNoPageErrors(page);
        AssertNoPageErrors(auditor);
    }

    [Fact]
    public async Task A_stale_form_shows_what_changed_at_the_form_keeps_the_input_and_saves_on_top_only_when_asked()
    {
        const string code = "F1-R4";
        var page = await SignedInAsync("ict", new ViewportSize { Width = 1366, Height = 700 });
        await page.GotoAsync(Page(code));
        var renderedVersion = long.Parse((await page.GetByTestId("rec-version").TextContentAsync())!, CultureInfo.InvariantCulture);

        // Someone else saves first (another client, through the API).
        var theirs = await Server.UpdateProgressAsync("ict", Id(code), "in-progress", 20, "ปรับปรุงการนำเข้าข้อมูลจากกรมส่งเสริมการเกษตรแล้ว");
        Assert.Equal(renderedVersion + 1, theirs);

        // The officer, still on the old page, fills in the form and saves.
        await page.GetByTestId("progress-status").SelectOptionAsync("in-progress");
        await page.GetByTestId("progress-value").FillAsync("35");
        await page.GetByTestId("progress-note").FillAsync("ทดสอบคุณภาพข้อมูลครบ 6 มิติแล้ว");
        Assert.Equal(409, await SubmitExpectingAsync(page, "progress-submit"));

        // At the form: the conflict, what changed (their note and percent), what is current; the input is kept.
        var conflict = page.Locator("#update [data-testid=conflict]");
        await Assertions.Expect(conflict).ToBeVisibleAsync();
        await Assertions.Expect(conflict.GetByTestId("conflict-changes")).ToContainTextAsync("ปรับปรุงการนำเข้าข้อมูลจากกรมส่งเสริมการเกษตรแล้ว");
        await Assertions.Expect(conflict.GetByTestId("conflict-changes")).ToContainTextAsync("20%");
        await Assertions.Expect(conflict).ToContainTextAsync($"{renderedVersion}");
        await Assertions.Expect(page.GetByTestId("current-status")).ToContainTextAsync("อยู่ระหว่างดำเนินการ");
        await AssertInViewAsync(page, conflict);
        Assert.Equal("in-progress", await page.GetByTestId("progress-status").InputValueAsync());
        Assert.Equal("35", await page.GetByTestId("progress-value").InputValueAsync());
        Assert.Equal("ทดสอบคุณภาพข้อมูลครบ 6 มิติแล้ว", await page.GetByTestId("progress-note").InputValueAsync());
        await Assertions.Expect(page.GetByTestId("progress-submit")).ToHaveTextAsync("บันทึกทับฉบับล่าสุด");
        // The page shows the new version; nothing of the officer's was written.
        await Assertions.Expect(page.GetByTestId("rec-version")).ToHaveTextAsync(theirs.ToString(CultureInfo.InvariantCulture));
        var unchanged = await Server.GetAsUserAsync("ict", $"/api/v1/recommendations/{Id(code)}");
        Assert.Equal(theirs, unchanged["version"]!.GetValue<long>());
        Assert.Equal(20, unchanged["progress"]!.GetValue<int>());

        // Knowingly applied on top of the new version.
        await SubmitAsync(page, "progress-submit", "progress");
        await Assertions.Expect(page.GetByTestId("rec-progress")).ToHaveTextAsync("35");
        await Assertions.Expect(page.GetByTestId("rec-last-note")).ToHaveTextAsync("ทดสอบคุณภาพข้อมูลครบ 6 มิติแล้ว");
        var saved = await Server.GetAsUserAsync("ict", $"/api/v1/recommendations/{Id(code)}");
        Assert.Equal(theirs + 1, saved["version"]!.GetValue<long>());

        // Every other form of the page keeps its input on a conflict too: a comment.
        await Server.UpdateProgressAsync("ict", Id(code), "in-progress", 40, "เพิ่มชุดข้อมูลใหม่");
        await page.Locator("[data-testid=comment-form] textarea[name=text]").FillAsync("ขอให้ศูนย์ฯ ตรวจสอบความครบถ้วนอีกครั้ง");
        Assert.Equal(409, await SubmitFormExpectingAsync(page, "comment-form"));
        await Assertions.Expect(page.Locator("#comment [data-testid=conflict]")).ToBeVisibleAsync();
        Assert.Equal("ขอให้ศูนย์ฯ ตรวจสอบความครบถ้วนอีกครั้ง", await page.Locator("[data-testid=comment-form] textarea[name=text]").InputValueAsync());
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task Dates_are_typed_in_the_Buddhist_Era_in_Thai_and_the_Common_Era_in_English_and_stored_as_ISO()
    {
        const string code = "F1-R1.1";
        var page = await SignedInAsync("ict");
        await page.GotoAsync(Page(code));
        var form = page.GetByTestId("action-form");
        var due = page.GetByTestId("action-due");
        // The hint says how to type it.
        await Assertions.Expect(form.Locator(".date-input .hint")).ToContainTextAsync("พ.ศ.");
        Assert.Equal("วว/ดด/ปปปป", await due.GetAttributeAsync("placeholder"));
        Assert.Equal("text", await due.GetAttributeAsync("type"));

        // A Common Era year on the Thai page: refused by the server with a clear message beside the field; all kept.
        await form.Locator("input[name=title]").FillAsync("สำรวจความต้องการเชื่อมโยงข้อมูลของหน่วยงานภายนอก");
        await due.FillAsync("31/03/2027");
        await form.Locator("input[name=actionProgress]").FillAsync("10");
        Assert.Equal(400, await SubmitFormExpectingAsync(page, "action-form"));
        form = page.GetByTestId("action-form");
        await Assertions.Expect(page.Locator("#action-due-error")).ToContainTextAsync("พุทธศักราช");
        Assert.Equal("true", await page.GetByTestId("action-due").GetAttributeAsync("aria-invalid"));
        Assert.Equal("31/03/2027", await page.GetByTestId("action-due").InputValueAsync());
        Assert.Equal("สำรวจความต้องการเชื่อมโยงข้อมูลของหน่วยงานภายนอก", await form.Locator("input[name=title]").InputValueAsync());
        Assert.Equal("10", await form.Locator("input[name=actionProgress]").InputValueAsync());

        // Typed in B.E.: the page reads it back while typing, and it is stored as ISO.
        await page.GetByTestId("action-due").FillAsync("31/03/2570");
        await Assertions.Expect(page.Locator("#action-due-echo")).ToContainTextAsync("31 มีนาคม พ.ศ. 2570");
        await SubmitFormAsync(page, "action-form", "action");
        var row = page.GetByTestId("action-act-1");
        await Assertions.Expect(row).ToContainTextAsync("31 มี.ค. 70");
        var detail = await Server.GetAsUserAsync("ict", $"/api/v1/recommendations/{Id(code)}");
        Assert.Equal("2027-03-31", detail["actions"]![0]!["dueDate"]!.GetValue<string>());

        // The edit form shows the stored date in B.E.
        await row.Locator("summary").ClickAsync();
        Assert.Equal("31/03/2570", await page.Locator("#action-act-1-due").InputValueAsync());

        // In English: C.E. is typed and shown; a B.E. year is refused with a hint.
        await page.GotoAsync($"/culture?c=en&r={Uri.EscapeDataString(Page(code))}");
        row = page.GetByTestId("action-act-1");
        await row.Locator("summary").ClickAsync();
        var edit = page.Locator("#action-act-1-due");
        Assert.Equal("31/03/2027", await edit.InputValueAsync());
        await Assertions.Expect(page.GetByTestId("action-form-act-1").Locator(".date-input .hint")).ToContainTextAsync("C.E.");
        await edit.FillAsync("30/06/2570");
        Assert.Equal(400, await SubmitFormExpectingAsync(page, "action-form-act-1"));
        await Assertions.Expect(page.Locator("#action-act-1-due-error")).ToContainTextAsync("Common Era");
        Assert.Equal("30/06/2570", await page.Locator("#action-act-1-due").InputValueAsync());
        await page.Locator("#action-act-1-due").FillAsync("30/06/2027");
        await SubmitFormAsync(page, "action-form-act-1", "action-updated");
        await Assertions.Expect(page.GetByTestId("action-act-1")).ToContainTextAsync("2027");
        detail = await Server.GetAsUserAsync("ict", $"/api/v1/recommendations/{Id(code)}");
        Assert.Equal("2027-06-30", detail["actions"]![0]!["dueDate"]!.GetValue<string>());
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task The_due_date_basis_is_in_the_pages_language_with_a_Buddhist_Era_date_in_Thai()
    {
        var page = await SignedInAsync("executive");
        await page.GotoAsync(Page("F2-R4"));
        var basis = page.GetByTestId("rec-due-basis");
        await Assertions.Expect(basis).ToContainTextAsync("กำหนดจากวันที่ของรายงาน");
        var text = (await basis.TextContentAsync())!;
        Assert.DoesNotContain("report date", text);
        Assert.Matches(@"25\d\d", text);
        Assert.DoesNotMatch(@"20\d\d-\d\d-\d\d", text);
        await page.GotoAsync($"/culture?c=en&r={Uri.EscapeDataString(Page("F2-R4"))}");
        text = (await page.GetByTestId("rec-due-basis").TextContentAsync())!;
        Assert.Contains("Set from the report date", text);
        Assert.Matches(@"\b20\d\d\b", text);
        AssertNoPageErrors(page);
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>The error is in the field's own element (its id-error), tied to it with aria-describedby, and the field is marked invalid.</summary>
    private static async Task AssertErrorBesideAsync(IPage page, string testId)
    {
        var field = page.GetByTestId(testId);
        var id = testId;
        var error = page.Locator($"#{id}-error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        Assert.Equal("true", await field.GetAttributeAsync("aria-invalid"));
        Assert.Contains($"{id}-error", await field.GetAttributeAsync("aria-describedby") ?? "");
        // Right under the field, not at the top of the page.
        var fieldBox = (await field.BoundingBoxAsync())!;
        var errorBox = (await error.BoundingBoxAsync())!;
        Assert.InRange(errorBox.Y - (fieldBox.Y + fieldBox.Height), -2, 60);
    }

    private static async Task AssertInViewAsync(IPage page, ILocator locator)
    {
        await Assertions.Expect(locator).ToBeInViewportAsync();
        var box = (await locator.BoundingBoxAsync())!;
        var height = await page.EvaluateAsync<double>("() => window.innerHeight");
        Assert.True(box.Y >= 0 && box.Y + Math.Min(box.Height, 80) <= height, $"the message is off screen (y={box.Y}, viewport {height})");
    }

    private static async Task<int> SubmitExpectingAsync(IPage page, string button)
    {
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByTestId(button).ClickAsync(), r => r.Request.Method == "POST");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        return response.Status;
    }

    private static async Task<int> SubmitFormExpectingAsync(IPage page, string form)
    {
        await page.GetByTestId(form).EvaluateAsync("f => f.noValidate = true");
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByTestId(form).Locator("button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        return response.Status;
    }

    private static async Task SubmitAsync(IPage page, string button, string done)
    {
        await page.GetByTestId(button).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"done={done}", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("done")).ToBeVisibleAsync();
    }

    private static async Task SubmitFormAsync(IPage page, string form, string done)
    {
        await page.GetByTestId(form).Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"done={done}", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("done")).ToBeVisibleAsync();
    }
}
