using System.Globalization;

namespace Oversight.E2E.Tests;

/// <summary>
/// The reports page (every role that reads reports finds it in the navigation; each file downloads, as of a date typed
/// in the interface's era and in the interface's language), and the administration page: a refused create-user form
/// keeps what was typed, the 88 units are searchable, saved settings are confirmed at the form.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ReportsAndAdminTests(WebServerFixture server, BrowserFixture browser) : BrowserTest(server, browser), IClassFixture<BrowserFixture>
{
    private const string Report = WebServerFixture.ReportId;


    [Fact]
    public async Task Executives_download_every_report_file_from_the_reports_page_as_of_a_Buddhist_Era_date()
    {
        var page = await SignedInAsync("executive");
        await page.GetByTestId("nav-reports").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/reports");
        // In Thai: the file language defaults to Thai, the date to today in B.E.
        Assert.True(await page.GetByTestId("lang-th").IsCheckedAsync());
        var today = ThaiToday;
        Assert.Equal($"{today.Day:00}/{today.Month:00}/{today.Year + 543}", await page.GetByTestId("as-of").InputValueAsync());

        // As of a date a month ago, typed in B.E.
        var asOf = today.AddDays(-30);
        await page.GetByTestId("as-of").FillAsync($"{asOf.Day}/{asOf.Month}/{asOf.Year + 543}");
        var iso = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var followUp = await DownloadAsync(page, "download-follow-up");
        Assert.Equal($"follow-up-{Report}-{iso}-th.pdf", followUp.Name);
        Assert.StartsWith("%PDF", followUp.Head);

        await page.GetByTestId("unit-choice").SelectOptionAsync("ICT");
        var unit = await DownloadAsync(page, "download-unit");
        Assert.Matches($@"-{Report}-ICT-{iso}-th\.pdf$", unit.Name);
        Assert.StartsWith("%PDF", unit.Head);

        var summary = await DownloadAsync(page, "download-executive-summary");
        Assert.Matches($@"-{Report}-{iso}-th\.pdf$", summary.Name);
        Assert.StartsWith("%PDF", summary.Head);

        var register = await DownloadAsync(page, "download-register");
        Assert.Equal($"register-{Report}-{iso}-th.xlsx", register.Name);
        Assert.StartsWith("PK", register.Head);

        // A date after today is refused at the date field, and what was typed stays.
        var tomorrow = today.AddDays(1);
        var typed = $"{tomorrow.Day:00}/{tomorrow.Month:00}/{tomorrow.Year + 543}";
        await page.GetByTestId("as-of").FillAsync(typed);
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("download-follow-up").ClickAsync(),
            r => r.Url.Contains("handler=Download", StringComparison.Ordinal));
        Assert.Equal(400, refused.Status);
        await Assertions.Expect(page.Locator("#as-of-error")).ToBeVisibleAsync();
        Assert.Equal(typed, await page.GetByTestId("as-of").InputValueAsync());
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task In_the_English_interface_the_reports_page_and_links_give_English_files()
    {
        var page = await SignedInAsync("auditor");
        await page.GotoAsync("/culture?c=en&r=/reports");
        await Assertions.Expect(page.GetByTestId("nav-reports")).ToHaveAttributeAsync("aria-current", "page");
        Assert.True(await page.GetByTestId("lang-en").IsCheckedAsync());
        var today = ThaiToday;
        Assert.Equal($"{today.Day:00}/{today.Month:00}/{today.Year}", await page.GetByTestId("as-of").InputValueAsync());
        var summary = await DownloadAsync(page, "download-executive-summary");
        Assert.EndsWith("-en.pdf", summary.Name);
        Assert.StartsWith("%PDF", summary.Head);

        // A B.E. year in the English interface is refused with a hint, not silently read.
        await page.GetByTestId("as-of").FillAsync($"01/01/{today.Year + 543}");
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("download-register").ClickAsync(),
            r => r.Url.Contains("handler=Download", StringComparison.Ordinal));
        Assert.Equal(400, refused.Status);
        await Assertions.Expect(page.Locator("#as-of-error")).ToContainTextAsync("Common Era");

        // The auditor's workspace links follow the interface language too.
        await page.GotoAsync("/auditor");
        var link = page.GetByTestId("executive-summary-link").First;
        Assert.Contains("lang=en", await link.GetAttributeAsync("href"));
        var fromLink = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.EndsWith("-en.pdf", fromLink.SuggestedFilename);
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task A_unit_officer_gets_their_own_units_report_from_the_reports_page_and_nothing_else()
    {
        var page = await SignedInAsync("ict");
        await page.GetByTestId("nav-reports").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/reports");
        await Assertions.Expect(page.GetByTestId("own-unit")).ToContainTextAsync("ICT");
        await Assertions.Expect(page.GetByTestId("download-follow-up")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("download-register")).ToHaveCountAsync(0);
        var unit = await DownloadAsync(page, "download-unit");
        Assert.Contains("-ICT-", unit.Name);
        Assert.StartsWith("%PDF", unit.Head);
        // Another kind by hand is refused.
        var response = await page.GotoAsync($"/reports?handler=Download&report={Report}&kind=register");
        Assert.Equal(403, response!.Status);
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task The_create_user_form_keeps_what_was_typed_with_the_error_beside_the_field()
    {
        var admin = await SignedInAsync("admin");
        await admin.Locator("#create-user > summary").ClickAsync();
        var create = admin.GetByTestId("create-user-form");
        await create.Locator("input[name=username]").FillAsync("ict");
        await create.Locator("input[name=displayName]").FillAsync("เจ้าหน้าที่ทดสอบ ชื่อซ้ำ");
        await create.Locator("select[name=role]").SelectOptionAsync("unit-officer");
        await create.Locator("input[name=unit]").FillAsync("SPD");
        await create.Locator("input[name=password]").FillAsync("ทดสอบ-2569-pass");
        var response = await admin.RunAndWaitForResponseAsync(() => create.Locator("button[type=submit]").ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, response.Status);

        create = admin.GetByTestId("create-user-form");
        await Assertions.Expect(create).ToBeVisibleAsync();
        Assert.Equal("ict", await create.Locator("input[name=username]").InputValueAsync());
        Assert.Equal("เจ้าหน้าที่ทดสอบ ชื่อซ้ำ", await create.Locator("input[name=displayName]").InputValueAsync());
        Assert.Equal("unit-officer", await create.Locator("select[name=role]").InputValueAsync());
        Assert.Equal("SPD", await create.Locator("input[name=unit]").InputValueAsync());
        // Beside the username, and the field is marked.
        var usernameField = create.Locator(".field:has(input[name=username])");
        await Assertions.Expect(usernameField.GetByTestId("error")).ToBeVisibleAsync();
        Assert.Equal("true", await create.Locator("input[name=username]").GetAttributeAsync("aria-invalid"));
        await Assertions.Expect(usernameField.GetByTestId("error")).ToBeInViewportAsync();
        await Assertions.Expect(create.GetByTestId("password-again")).ToBeVisibleAsync();

        // A weak password: the error beside the password, everything else still there.
        await create.Locator("input[name=username]").FillAsync("spd-new");
        await create.Locator("input[name=password]").FillAsync("abcdefghijk");
        response = await admin.RunAndWaitForResponseAsync(() => create.Locator("button[type=submit]").ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);
        create = admin.GetByTestId("create-user-form");
        await Assertions.Expect(create.Locator(".field:has(input[name=password])").GetByTestId("error")).ToContainTextAsync("รหัสผ่าน");
        Assert.Equal("spd-new", await create.Locator("input[name=username]").InputValueAsync());
        Assert.Equal("เจ้าหน้าที่ทดสอบ ชื่อซ้ำ", await create.Locator("input[name=displayName]").InputValueAsync());
        Assert.Equal("SPD", await create.Locator("input[name=unit]").InputValueAsync());
        var users = await Server.GetAsUserAsync("admin", "/api/v1/admin/users");
        Assert.DoesNotContain(users.AsArray(), u => u!["username"]!.GetValue<string>() == "spd-new");
        AssertNoPageErrors(admin);
    }

    [Fact]
    public async Task The_units_list_is_searchable_and_the_page_stays_short()
    {
        var admin = await SignedInAsync("admin");
        await Assertions.Expect(admin.GetByTestId("unit-count")).ToHaveTextAsync("88");
        var height = await admin.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(height < 4000, $"the admin page is {height} px long");

        // By Thai name, in the browser, as you type.
        await admin.GetByTestId("unit-search").FillAsync("เชียงใหม่");
        await Assertions.Expect(admin.GetByTestId("unit-count")).ToHaveTextAsync("1");
        await Assertions.Expect(admin.GetByTestId("unit-PLO-50")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("[data-testid=units] tr[data-filter-text]:visible")).ToHaveCountAsync(1);
        // By code and English name.
        await admin.GetByTestId("unit-search").FillAsync("ict");
        await Assertions.Expect(admin.GetByTestId("unit-ICT")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByTestId("unit-PLO-50")).ToBeHiddenAsync();
        await admin.GetByTestId("unit-search").FillAsync("chiang mai");
        await Assertions.Expect(admin.GetByTestId("unit-PLO-50")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByTestId("unit-ICT")).ToBeHiddenAsync();

        // The same filter on the server (?q=), for a link or a browser without scripts.
        var response = await admin.GotoAsync("/admin?q=" + Uri.EscapeDataString("เชียงใหม่") + "#units");
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(admin.GetByTestId("unit-count")).ToHaveTextAsync("1");
        var shown = await admin.Locator("[data-testid=units] tr[data-filter-text]").EvaluateAllAsync<int>("rows => rows.filter(r => !r.hidden).length");
        Assert.Equal(1, shown);
        AssertNoPageErrors(admin);
    }

    [Fact]
    public async Task Saved_and_refused_settings_are_shown_at_the_settings_form()
    {
        var admin = await SignedInAsync("admin", new ViewportSize { Width = 1366, Height = 700 });
        var settings = admin.GetByTestId("settings-form");
        var before = await Server.GetAsUserAsync("admin", "/api/v1/settings/follow-up");

        // Refused: starting after the due date. The values stay; the error is beside the field.
        await settings.Locator("input[name=defaultPeriodDays]").FillAsync("100");
        await settings.Locator("input[name=startWithinDays]").FillAsync("200");
        var response = await admin.RunAndWaitForResponseAsync(() => admin.GetByTestId("settings-submit").ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);
        settings = admin.GetByTestId("settings-form");
        Assert.Equal("100", await settings.Locator("input[name=defaultPeriodDays]").InputValueAsync());
        Assert.Equal("200", await settings.Locator("input[name=startWithinDays]").InputValueAsync());
        await Assertions.Expect(settings.Locator(".field:has(input[name=startWithinDays])").GetByTestId("error")).ToBeInViewportAsync();
        Assert.Equal(before.ToJsonString(), (await Server.GetAsUserAsync("admin", "/api/v1/settings/follow-up")).ToJsonString());

        // Saved: the confirmation is at the form, on screen.
        await settings.Locator("input[name=defaultPeriodDays]").FillAsync(before["defaultPeriodDays"]!.ToString());
        await settings.Locator("input[name=startWithinDays]").FillAsync(before["startWithinDays"]!.ToString());
        await admin.GetByTestId("settings-submit").ClickAsync();
        await admin.WaitForURLAsync(url => url.Contains("done=settings-saved", StringComparison.Ordinal));
        var done = admin.Locator("#settings [data-testid=done]");
        await Assertions.Expect(done).ToBeInViewportAsync();
        await Assertions.Expect(admin.GetByTestId("done")).ToHaveCountAsync(1);
        AssertNoPageErrors(admin);
    }

    private sealed record Downloaded(string Name, string Head);

    private static async Task<Downloaded> DownloadAsync(IPage page, string button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId(button).ClickAsync());
        Assert.Null(await download.FailureAsync());
        var path = await download.PathAsync();
        var head = new byte[4];
        await using (var file = File.OpenRead(path))
        {
            await file.ReadExactlyAsync(head);
        }
        return new Downloaded(download.SuggestedFilename, System.Text.Encoding.ASCII.GetString(head));
    }
}
