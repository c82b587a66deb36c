namespace Oversight.E2E.Tests;

/// <summary>Signing in and out, what each role can see and do in the UI, and administration through the pages.</summary>
[Collection(WebCollection.Name)]
public sealed class RolesTests(WebServerFixture server, BrowserFixture browser) : BrowserTest(server, browser), IClassFixture<BrowserFixture>
{
    private const string Report = WebServerFixture.ReportId;

    [Fact]
    public async Task Signing_in_goes_to_the_roles_workspace_and_signing_out_ends_the_session()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/board");
        Assert.Contains("/account/login", page.Url);

        await page.GetByTestId("username").FillAsync("ict");
        await page.GetByTestId("password").FillAsync("not-the-password");
        await page.GetByTestId("signin").ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-error")).ToBeVisibleAsync();
        Assert.Contains("/account/login", page.Url);

        // "/" sends each role to its workspace.
        foreach (var (user, home) in new[] { ("executive", "/board"), ("admin", "/admin") })
        {
            var signedIn = await SignedInAsync(user);
            Assert.EndsWith(home, new Uri(signedIn.Url).AbsolutePath);
        }

        // Through the form, then out again: the session is over.
        foreach (var (user, home) in new[] { ("auditor", "/auditor"), ("ict", "/unit") })
        {
            await SignInAsync(page, user);
            Assert.EndsWith(home, new Uri(page.Url).AbsolutePath);
            await Assertions.Expect(page.GetByTestId("who")).ToBeVisibleAsync();
            await page.GetByTestId("signout").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
            await page.GotoAsync(home);
            Assert.Contains("/account/login", page.Url);
        }
    }

    [Fact]
    public async Task A_unit_officer_sees_only_their_units_recommendations_and_no_auditor_forms()
    {
        var page = await SignedInAsync("ict");
        Assert.EndsWith("/unit", page.Url);
        await WaitForLiveAsync(page);
        var ictRows = await page.Locator("[data-testid='unit-register'] tbody tr").CountAsync();
        var api = await Server.GetAsUserAsync("ict", "/api/v1/recommendations?limit=500");
        Assert.Equal(api["total"]!.GetValue<int>(), ictRows);
        await Assertions.Expect(page.GetByTestId("rec-F1-R2")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("rec-F2-R3")).ToHaveCountAsync(0); // ILPO's
        await Assertions.Expect(page.GetByTestId("nav-admin")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("nav-auditor")).ToHaveCountAsync(0);

        // Notifications (GET /api/v1/notifications): marking one read lowers the unread count.
        var notes = await Server.GetAsUserAsync("ict", "/api/v1/notifications?unreadOnly=true");
        var unread = notes["unread"]!.GetValue<int>();
        if (unread > 0)
        {
            await Assertions.Expect(page.GetByTestId("unread-count")).ToHaveTextAsync(unread.ToString());
            await page.GetByTestId("mark-read").First.ClickAsync();
            await Assertions.Expect(page.GetByTestId("unread-count")).ToHaveTextAsync((unread - 1).ToString());
            Assert.Equal(unread - 1, (await Server.GetAsUserAsync("ict", "/api/v1/notifications?unreadOnly=true"))["unread"]!.GetValue<int>());
        }

        // Their own recommendation: the unit's forms, not the auditor's.
        await page.GotoAsync($"/recommendations/{Report}.F1-R2");
        await Assertions.Expect(page.GetByTestId("progress-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("extension-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("verify-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("decide-form")).ToHaveCountAsync(0);

        // Another unit's recommendation is refused.
        var other = await page.GotoAsync($"/recommendations/{Report}.F2-R3");
        Assert.Equal(403, other!.Status);
        Assert.Contains("/account/denied", page.Url);
        await Assertions.Expect(page.GetByTestId("rec-title-th")).ToHaveCountAsync(0);

        // The board shows them the totals only.
        await page.GotoAsync("/board");
        await Assertions.Expect(page.GetByTestId("total")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("register")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("rec-F2-R3")).ToHaveCountAsync(0);

        var admin = await page.GotoAsync("/admin");
        Assert.Equal(403, admin!.Status);
        var auditor = await page.GotoAsync("/auditor");
        Assert.Equal(403, auditor!.Status);
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task A_unit_officer_reads_all_their_notifications_a_page_at_a_time()
    {
        var all = await Server.GetAsUserAsync("ict", "/api/v1/notifications?limit=500");
        var ids = all["items"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToArray();
        var total = all["total"]!.GetValue<int>();
        Assert.Equal(ids.Length, total);
        Assert.True(total > 1, $"ICT has {total} notifications; the test needs two");

        // The workspace lists the newest page (all of them here) and says nothing is left out.
        var page = await SignedInAsync("ict");
        await WaitForLiveAsync(page);
        await Assertions.Expect(page.GetByTestId("notifications").Locator("li[data-id]")).ToHaveCountAsync(total);
        await Assertions.Expect(page.GetByTestId("notifications-more")).ToBeHiddenAsync();

        // A later page of the whole list: the script loads the page the address names and says "n of m" beside it.
        await page.GotoAsync("/unit?list=notifications&offset=1&culture=en");
        var listed = page.GetByTestId("notifications").Locator("li[data-id]");
        await Assertions.Expect(listed).ToHaveCountAsync(total - 1);
        Assert.Equal(ids[1..], await listed.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.id)"));
        await Assertions.Expect(page.GetByTestId("notifications-more")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("notifications-more")).ToContainTextAsync($"{total - 1} of {total} shown");
        await Assertions.Expect(page.GetByTestId("unit-register")).ToHaveCountAsync(0);
        await page.GetByTestId("back-to-workspace").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/unit" && !url.Contains("list=", StringComparison.Ordinal));
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task Executives_read_everything_and_see_no_write_forms()
    {
        var page = await SignedInAsync("executive");
        await page.GotoAsync($"/recommendations/{Report}.F2-R3");
        await Assertions.Expect(page.GetByTestId("rec-title-th")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("read-only")).ToBeVisibleAsync();
        // The only form an executive gets is "sign out".
        await Assertions.Expect(page.Locator("main form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("main textarea, main input[type=file]")).ToHaveCountAsync(0);

        foreach (var path in new[] { "/admin", "/auditor", "/unit" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
        }
        await page.GotoAsync("/board");
        await Assertions.Expect(page.GetByTestId("register")).ToBeVisibleAsync();
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task An_auditor_verifies_but_does_not_update_progress()
    {
        var page = await SignedInAsync("auditor");
        await Assertions.Expect(page.GetByTestId("queue-awaiting")).ToBeVisibleAsync();
        await page.GotoAsync($"/recommendations/{Report}.O1-R2");
        await Assertions.Expect(page.GetByTestId("verify-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("progress-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("extension-form")).ToHaveCountAsync(0);
        var response = await page.GotoAsync("/admin");
        Assert.Equal(403, response!.Status);
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task An_administrator_manages_users_units_and_deadlines()
    {
        var admin = await SignedInAsync("admin");
        Assert.EndsWith("/admin", admin.Url);

        // A new unit officer, who can then sign in.
        await admin.GetByTestId("create-user-form").Locator("xpath=..").Locator("summary").ClickAsync();
        var create = admin.GetByTestId("create-user-form");
        await create.Locator("input[name=username]").FillAsync("plo10");
        await create.Locator("input[name=displayName]").FillAsync("เจ้าหน้าที่ สรจ. ทดสอบ");
        await create.Locator("select[name=role]").SelectOptionAsync("unit-officer");
        await create.Locator("input[name=unit]").FillAsync("SPD");
        await create.Locator("input[name=password]").FillAsync("ทดสอบ-2569-pass");
        await SubmitAsync(admin, create, "user-created");
        await Assertions.Expect(admin.GetByTestId("user-plo10")).ToContainTextAsync("SPD");

        // Disabled, the account cannot sign in; enabled again, it can.
        var row = admin.GetByTestId("user-plo10");
        await row.Locator("summary").ClickAsync();
        await row.GetByTestId("toggle-plo10").ClickAsync();
        await admin.WaitForURLAsync(url => url.Contains("done=user-updated", StringComparison.Ordinal));
        await Assertions.Expect(admin.GetByTestId("user-plo10-state")).ToHaveTextAsync("ระงับการใช้งาน");
        var other = await NewPageAsync();
        await other.GotoAsync("/account/login");
        await other.GetByTestId("username").FillAsync("plo10");
        await other.GetByTestId("password").FillAsync("ทดสอบ-2569-pass");
        await other.GetByTestId("signin").ClickAsync();
        await Assertions.Expect(other.GetByTestId("login-error")).ToBeVisibleAsync();
        // The row stays open after a save, with the outcome in it.
        await Assertions.Expect(admin.GetByTestId("user-plo10").GetByTestId("done")).ToBeVisibleAsync();
        await OpenAsync(admin.GetByTestId("user-plo10"));
        await admin.GetByTestId("toggle-plo10").ClickAsync();
        await admin.WaitForURLAsync(url => url.Contains("done=user-updated", StringComparison.Ordinal) && !url.Contains("#zz", StringComparison.Ordinal));
        await Assertions.Expect(admin.GetByTestId("user-plo10-state")).ToHaveTextAsync("ใช้งานได้");
        await SignInAsync(other, "plo10", "ทดสอบ-2569-pass");
        Assert.EndsWith("/unit", other.Url);

        // A weak password is refused with a message, not an error page.
        row = admin.GetByTestId("user-plo10");
        await OpenAsync(row);
        await row.Locator("input[name=password]").FillAsync("abcdefghijk");
        await row.Locator("form:has(input[name=password]) button[type=submit]").ClickAsync();
        await Assertions.Expect(row.GetByTestId("error")).ToContainTextAsync("รหัสผ่าน");

        // A unit renamed.
        await admin.GetByTestId("edit-LED").ClickAsync();
        var unit = admin.GetByTestId("edit-unit-form");
        await unit.Locator("input[name=nameEn]").FillAsync("Labour Economics Division (renamed)");
        await SubmitAsync(admin, unit, "unit-saved");
        await Assertions.Expect(admin.GetByTestId("unit-LED")).ToContainTextAsync("(renamed)");

        // The default deadlines, validated by the settings grain.
        var settings = admin.GetByTestId("settings-form");
        await settings.Locator("input[name=defaultPeriodDays]").FillAsync("200");
        await SubmitAsync(admin, settings, "settings-saved");
        var saved = await Server.GetAsUserAsync("admin", "/api/v1/settings/follow-up");
        Assert.Equal(200, saved["defaultPeriodDays"]!.GetValue<int>());
        settings = admin.GetByTestId("settings-form");
        await settings.Locator("input[name=defaultPeriodDays]").FillAsync("240");
        await SubmitAsync(admin, settings, "settings-saved");

        AssertNoPageErrors(admin);
    }

    private static async Task OpenAsync(ILocator details)
    {
        if (await details.GetAttributeAsync("open") is null)
        {
            await details.Locator("summary").ClickAsync();
        }
    }

    private static async Task SubmitAsync(IPage page, ILocator form, string done)
    {
        await form.Locator("button[type=submit]").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"done={done}", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("done")).ToBeVisibleAsync();
    }
}
