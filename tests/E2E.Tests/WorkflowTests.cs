using System.Security.Cryptography;

namespace Oversight.E2E.Tests;

/// <summary>
/// The forms on the recommendation page, end to end: a unit records its response, adds an action, uploads evidence,
/// asks for an extension and comments; a stale form is refused at the form, its input kept; the auditor approves the extension.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class WorkflowTests(WebServerFixture server, BrowserFixture browser) : BrowserTest(server, browser), IClassFixture<BrowserFixture>
{
    private const string Code = "O1-R1";
    private const string Id = WebServerFixture.ReportId + "." + Code;
    private static readonly string Page = $"/recommendations/{Id}";

    [Fact]
    public async Task A_unit_and_an_auditor_work_a_recommendation_through_the_forms()
    {
        var unit = await SignedInAsync("ict");
        await unit.GotoAsync(Page);

        // The response.
        await unit.Locator("[data-testid=response-form] select[name=response]").SelectOptionAsync("agreed");
        await SubmitAsync(unit, "response-form", "response");
        await Assertions.Expect(unit.GetByTestId("rec-response")).ToContainTextAsync("เห็นด้วย");

        // An action with a due date.
        var form = unit.GetByTestId("action-form");
        await form.Locator("input[name=title]").FillAsync("จัดทำแผนประชาสัมพันธ์งานบริการอิเล็กทรอนิกส์");
        await form.Locator("input[name=dueDate]").FillAsync("2027-03-31");
        await form.Locator("select[name=actionStatus]").SelectOptionAsync("in-progress");
        await form.Locator("input[name=actionProgress]").FillAsync("20");
        await SubmitAsync(unit, "action-form", "action");
        await Assertions.Expect(unit.GetByTestId("action-act-1")).ToContainTextAsync("จัดทำแผนประชาสัมพันธ์");
        await Assertions.Expect(unit.GetByTestId("action-act-1")).ToContainTextAsync("31 มี.ค. 70");

        // Evidence: its SHA-256 is shown and the download link serves the same bytes.
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        await unit.Locator("[data-testid=evidence-form] input[type=file]").SetInputFilesAsync(new FilePayload { Name = "แผนประชาสัมพันธ์.pdf", MimeType = "application/pdf", Buffer = pdf });
        await unit.Locator("[data-testid=evidence-form] input[name=description]").FillAsync("แผนฉบับร่าง");
        await SubmitAsync(unit, "evidence-form", "evidence");
        var evidence = unit.GetByTestId("evidence-ev-1");
        await Assertions.Expect(evidence).ToContainTextAsync("แผนประชาสัมพันธ์.pdf");
        Assert.Equal(sha, (await evidence.GetByTestId("evidence-sha256").TextContentAsync())!.Trim().ToLowerInvariant());
        var href = await evidence.Locator("a[download]").GetAttributeAsync("href");
        var download = await unit.Context.APIRequest.GetAsync(Server.BaseUrl + href);
        Assert.Equal(200, download.Status);
        Assert.Equal(pdf, await download.BodyAsync());

        // An extension request.
        var due = DateOnly.Parse((await unit.GetByTestId("rec-due").GetAttributeAsync("datetime"))!);
        // An extension moves the date forward: after both the current due date and today.
        var today = ThaiToday;
        var requested = (due > today ? due : today).AddDays(120);
        await unit.Locator("[data-testid=extension-form] input[name=requestedDueDate]").FillAsync(requested.ToString("yyyy-MM-dd"));
        await unit.Locator("[data-testid=extension-form] textarea[name=reason]").FillAsync("รอผลการจัดซื้อจัดจ้างระบบใหม่");
        await SubmitAsync(unit, "extension-form", "extension");
        await Assertions.Expect(unit.GetByTestId("extensions")).ToContainTextAsync("รอพิจารณา");

        // A form rendered before someone else's change is refused, with a way to reload.
        var stale = await unit.Context.NewPageAsync();
        await stale.GotoAsync(Page);
        await unit.Locator("[data-testid=comment-form] textarea[name=text]").FillAsync("ส่งร่างแผนให้ผู้บริหารพิจารณาแล้ว");
        await SubmitAsync(unit, "comment-form", "comment");
        await Assertions.Expect(unit.GetByTestId("comments")).ToContainTextAsync("ส่งร่างแผนให้ผู้บริหารพิจารณาแล้ว");
        await Assertions.Expect(stale.GetByTestId("stale-banner")).ToBeVisibleAsync(new() { Timeout = 3000 });
        await stale.GetByTestId("progress-status").SelectOptionAsync("in-progress");
        await stale.GetByTestId("progress-value").FillAsync("10");
        await stale.GetByTestId("progress-note").FillAsync("ทดสอบแบบฟอร์มที่ล้าสมัย");
        var refused = await stale.RunAndWaitForResponseAsync(() => stale.GetByTestId("progress-submit").ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(409, refused.Status);
        // The conflict is shown at the form that was used, with the input kept (FormsTests checks the details).
        await Assertions.Expect(stale.Locator("#update [data-testid=conflict]")).ToContainTextAsync("ยังไม่ได้บันทึก");
        Assert.Equal("ทดสอบแบบฟอร์มที่ล้าสมัย", await stale.GetByTestId("progress-note").InputValueAsync());
        await Assertions.Expect(stale.GetByTestId("conflict-reload")).ToBeVisibleAsync();
        await Assertions.Expect(stale.GetByTestId("rec-status")).ToHaveAttributeAsync("data-status", "not-started");

        // The auditor finds the request in the queue and approves it: the due date moves, the original stays.
        var auditor = await SignedInAsync("auditor");
        var queued = auditor.GetByTestId($"extensions-{Code}");
        await Assertions.Expect(queued).ToBeVisibleAsync();
        await queued.Locator("a.button").ClickAsync();
        await auditor.WaitForURLAsync(url => url.Contains(Id, StringComparison.Ordinal));
        await auditor.Locator("[data-testid=decide-form] input[value=approve]").CheckAsync();
        await auditor.Locator("[data-testid=decide-form] textarea[name=note]").FillAsync("เหตุผลรับฟังได้");
        await SubmitAsync(auditor, "decide-form", "decision");
        Assert.Equal(requested.ToString("yyyy-MM-dd"), await auditor.GetByTestId("rec-due").GetAttributeAsync("datetime"));
        await Assertions.Expect(auditor.GetByTestId("extensions")).ToContainTextAsync("อนุมัติ");
        await Assertions.Expect(auditor.GetByTestId("history").Locator("> li")).ToHaveCountAsync(8); // registered, overdue, 6 changes
        await Assertions.Expect(auditor.GetByTestId("history")).ToContainTextAsync("พิจารณาคำขอขยายกำหนดเวลา");

        AssertNoPageErrors(unit);
        AssertNoPageErrors(auditor);
    }

    private static async Task SubmitAsync(IPage page, string form, string done)
    {
        await page.GetByTestId(form).Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"done={done}", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("done")).ToBeVisibleAsync();
    }
}
