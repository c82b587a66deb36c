using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Oversight.E2E.Tests;

/// <summary>
/// The programme pages in a real Chromium: the import page lists every bad row of a file and changes nothing, then
/// imports a good file after checking it; an API key is created on the admin page, shown once, revoked, and refused from
/// then on; the board's programme items open their pages.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ProgrammePagesTests(WebServerFixture server, BrowserFixture browser) : BrowserTest(server, browser), IClassFixture<BrowserFixture>
{
    private const string Source = "e2e-import";

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static byte[] Csv(params string[][] rows)
    {
        var text = new StringBuilder("source,metric,subject,period,value,asOf\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(",", row)).Append("\r\n");
        }
        return [.. new UTF8Encoding(true).GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>The figure of a province's metric and period from this test's source, as the API gives it (null when none).</summary>
    private async Task<JsonNode?> FigureAsync(string code, string metric, string period)
    {
        var detail = await Server.GetAsUserAsync("executive", $"/api/v1/provinces/{code}");
        return detail["metrics"]?[metric]?["series"]?.AsArray()
            .FirstOrDefault(f => f?["period"]?.GetValue<string>() == period && f["source"]?.GetValue<string>() == Source);
    }

    /// <summary>An XLSX workbook as a ministry's spreadsheet would hold it: numbers and dates as cells, not text.</summary>
    private static byte[] Xlsx(params object[][] rows)
    {
        string[] header = ["source", "metric", "subject", "period", "value", "asOf"];
        var sheet = rows.Select(row => header.Select((h, i) => (h, row[i])).ToDictionary(c => c.h, c => (object?)c.Item2)).ToArray();
        using var buffer = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(buffer, sheet, excelType: MiniExcelLibs.ExcelType.XLSX);
        return buffer.ToArray();
    }

    [Fact]
    public async Task The_import_page_checks_an_xlsx_workbook_row_by_row_and_changes_nothing()
    {
        var today = ThaiToday;
        var asOf = today.AddDays(-2).ToDateTime(TimeOnly.MinValue);
        var period = today.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var page = await SignedInAsync("admin");
        await page.GotoAsync("/import");
        var bad = Xlsx(
            [Source, "lbda.logins", "province:41", period, 7, asOf],
            [Source, "lbda.logins", "province:42", period, -3, asOf],
            [Source, "lbda.logins", "province:43", "2026-13", 7, asOf]);
        await page.GetByTestId("import-kind").SelectOptionAsync("observations");
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload
        {
            Name = "ข้อมูลจังหวัด.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = bad,
        });
        await page.GetByTestId("import-now").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-refused")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=import-error][data-row='3'][data-column='value']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=import-error][data-row='4'][data-column='period']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=import-error][data-row='2']")).ToHaveCountAsync(0);
        Assert.Null(await FigureAsync("41", "lbda.logins", period));
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task The_import_page_lists_every_bad_row_and_changes_nothing_then_imports_a_checked_file()
    {
        var today = ThaiToday;
        var asOf = Iso(today.AddDays(-1));
        var period = today.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var page = await SignedInAsync("admin");
        await page.GetByTestId("nav-import").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/import", StringComparison.Ordinal));

        // A file with one good row and three bad ones (rows 3, 4, 5 of the sheet).
        var bad = Csv(
            [Source, "lbda.logins", "province:33", period, "5", asOf],
            [Source, "lbda.no-such-metric", "province:33", period, "5", asOf],
            [Source, "lbda.logins", "province:34", period, "-4", asOf],
            [Source, "lbda.logins", "province:99", period, "5", asOf]);
        await page.GetByTestId("import-kind").SelectOptionAsync("observations");
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "ข้อมูลจังหวัด.csv", MimeType = "text/csv", Buffer = bad });
        await page.GetByTestId("import-check").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-refused")).ToBeVisibleAsync();
        var errors = page.GetByTestId("import-error");
        var listed = new List<(string Row, string Column)>();
        for (var i = 0; i < await errors.CountAsync(); i++)
        {
            listed.Add((await errors.Nth(i).GetAttributeAsync("data-row") ?? "", await errors.Nth(i).GetAttributeAsync("data-column") ?? ""));
            Assert.False(string.IsNullOrWhiteSpace(await errors.Nth(i).Locator("td").Nth(2).TextContentAsync()), "a row error without its reason");
        }
        // The reasons are in the page's language: Thai here.
        await Assertions.Expect(page.Locator("[data-testid=import-error][data-row='5'] [data-testid=import-error-reason]")).ToHaveTextAsync("'province:99' ไม่ใช่รหัสจังหวัด (กรมการปกครอง)");
        await Assertions.Expect(page.Locator("[data-testid=import-error][data-row='4'] [data-testid=import-error-reason]")).ToHaveTextAsync("จำนวนนับติดลบไม่ได้");
        Assert.Contains(("3", "metric"), listed);
        Assert.Contains(("4", "value"), listed);
        Assert.Contains(("5", "subject"), listed);
        Assert.DoesNotContain(listed, e => e.Row == "2");
        await ScreenshotAsync(page, "import-row-errors");
        Assert.Equal(0, await page.GetByTestId("import-commit").CountAsync());

        // Importing it for real is refused the same way: nothing changed, not even the good row.
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "ข้อมูลจังหวัด.csv", MimeType = "text/csv", Buffer = bad });
        await page.GetByTestId("import-now").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-refused")).ToBeVisibleAsync();
        Assert.Null(await FigureAsync("33", "lbda.logins", period));
        Assert.Null(await FigureAsync("34", "lbda.logins", period));

        // A good file: checked first (still nothing changes), then imported as checked.
        var good = Csv(
            [Source, "lbda.logins", "province:33", period, "5", asOf],
            [Source, "lbda.logins", "province:34", period, "6", asOf]);
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "ข้อมูลจังหวัด.csv", MimeType = "text/csv", Buffer = good });
        await page.GetByTestId("import-check").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-checked")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("import-checked")).ToContainTextAsync("2");
        Assert.Null(await FigureAsync("33", "lbda.logins", period));
        await page.GetByTestId("import-commit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-done")).ToBeVisibleAsync();
        Assert.Equal(5, (await FigureAsync("33", "lbda.logins", period))?["value"]?.GetValue<double>());
        Assert.Equal(6, (await FigureAsync("34", "lbda.logins", period))?["value"]?.GetValue<double>());

        // The templates are offered for download.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("template-observations-csv").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename);
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task An_api_key_is_shown_once_and_once_revoked_its_batches_are_refused()
    {
        var page = await SignedInAsync("admin");
        await page.GetByTestId("nav-api-keys").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/admin/api-keys", StringComparison.Ordinal));
        await page.GetByTestId("key-name").FillAsync("ระบบ LBDA (ทดสอบ E2E)");
        await page.GetByTestId("key-source").FillAsync("e2e-key");
        await page.GetByTestId("key-scope-metrics-write").CheckAsync();
        await page.GetByTestId("key-create").ClickAsync();

        await Assertions.Expect(page.GetByTestId("key-created")).ToBeVisibleAsync();
        var id = await page.GetByTestId("key-created").GetAttributeAsync("data-key-id");
        var secret = await page.GetByTestId("key-secret").InputValueAsync();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.True(secret.Length >= 32, $"a short key: {secret.Length} characters");
        await Assertions.Expect(page.GetByTestId($"key-{id}")).ToHaveAttributeAsync("data-state", "active");
        await Assertions.Expect(page.GetByTestId($"key-{id}-last-used")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("ยังไม่เคยใช้"));

        // The key works.
        var today = ThaiToday;
        Assert.Equal(HttpStatusCode.OK, await SendAsync(secret, today));

        // Shown once: opening the page again shows its last use but never the secret.
        await page.GotoAsync("/admin/api-keys");
        await Assertions.Expect(page.GetByTestId("key-created")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync());
        await Assertions.Expect(page.GetByTestId($"key-{id}-last-used")).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex("ยังไม่เคยใช้"));

        // Revoked: refused from the next request on.
        await page.GetByTestId($"key-{id}-revoke-open").ClickAsync();
        await page.GetByTestId($"key-{id}-revoke").ClickAsync();
        await Assertions.Expect(page.GetByTestId("done")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId($"key-{id}")).ToHaveAttributeAsync("data-state", "revoked");
        await Assertions.Expect(page.GetByTestId($"key-{id}-revoked")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(secret, today));
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task The_boards_programme_items_open_their_pages()
    {
        var page = await SignedInAsync("executive");
        await page.GotoAsync("/board");
        await WaitForLiveAsync(page);
        var tile = page.GetByTestId("indicator-IND-LBDA-REG").Locator("h3 a");
        await Assertions.Expect(tile).ToHaveAttributeAsync("href", "/indicators/IND-LBDA-REG");
        await tile.ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/indicators/IND-LBDA-REG", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("indicator-name")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("indicator-current")).ToContainTextAsync("แหล่งข้อมูล");
        await ScreenshotAsync(page, "indicator-page");
        await page.GotoAsync("/contracts/fy2565-informal-labour-system");
        await Assertions.Expect(page.GetByTestId("milestones")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "contract-page");
        await page.GotoAsync("/agencies/doae");
        await Assertions.Expect(page.GetByTestId("dataset-doae-farmer-registry")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "agency-page");

        // Every programme item on the board links to a page that opens for this reader.
        await page.GotoAsync("/board");
        await WaitForLiveAsync(page);
        var hrefs = await page.EvaluateAsync<string[]>(
            "() => [...new Set([...document.querySelectorAll('#mon-indicators a, #mon-milestones a, #mon-provinces a, #mon-eservices a, #mon-exchange a')]" +
            ".map(a => a.getAttribute('href')).filter(h => /^\\/(indicators|contracts|provinces|eservices|agencies)\\//.test(h)))]");
        Assert.Contains(hrefs, h => h.StartsWith("/contracts/", StringComparison.Ordinal));
        Assert.Contains(hrefs, h => h.StartsWith("/provinces/", StringComparison.Ordinal));
        Assert.Contains(hrefs, h => h.StartsWith("/eservices/", StringComparison.Ordinal));
        Assert.Contains(hrefs, h => h.StartsWith("/agencies/", StringComparison.Ordinal));
        foreach (var href in hrefs.Where((_, i) => i % 8 == 0).Concat(hrefs.Where(h => !h.StartsWith("/provinces/", StringComparison.Ordinal)).Take(6)).Distinct())
        {
            var response = await page.APIRequest.GetAsync(href);
            Assert.True(response.Status == 200, $"{href} answered {response.Status}");
        }
        AssertNoPageErrors(page);
    }

    /// <summary>dd/mm/yyyy as typed on the Thai pages: the year in B.E.</summary>
    private static string Be(DateOnly date) => $"{date.Day:00}/{date.Month:00}/{date.Year + 543}";

    private static DateOnly Today => ThaiToday;

    /// <summary>Submits a form with the browser's own checks off (so the server's are what is tested); the POST's status.</summary>
    private static async Task<int> SubmitExpectingAsync(IPage page, string form)
    {
        await page.GetByTestId(form).EvaluateAsync("f => f.noValidate = true");
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByTestId(form).Locator("button[type=submit]").ClickAsync(), r => r.Request.Method == "POST");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        return response.Status;
    }

    /// <summary>Polls the API (bounded) until <paramref name="condition"/> holds of what it answers.</summary>
    private async Task<JsonNode> EventuallyAsync(string user, string path, Func<JsonNode, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var answer = await Server.GetAsUserAsync(user, path);
            if (condition(answer))
            {
                return answer;
            }
            Assert.True(DateTime.UtcNow < deadline, $"never saw {what}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_contract_delivery_typed_in_BE_on_the_Thai_page_is_stored_as_ISO_and_a_bad_date_keeps_the_input_and_changes_nothing()
    {
        const string contract = "nlic-plan";
        var page = await SignedInAsync("ict");
        await page.GotoAsync($"/contracts/{contract}");
        var milestone = await page.GetByTestId("deliver-milestone").InputValueAsync();
        var before = (await Server.GetAsUserAsync("ict", $"/api/v1/contracts/{contract}"))["contract"]!;
        var version = before["version"]!.GetValue<long>();
        var date = page.GetByTestId("deliver-date");
        Assert.Equal("text", await date.GetAttributeAsync("type"));
        await Assertions.Expect(page.GetByTestId("deliver-form").Locator(".date-input .hint")).ToContainTextAsync("พ.ศ.");

        // No such day: refused beside the field, what was typed kept, nothing changed.
        await date.FillAsync("31/02/2569");
        await page.GetByTestId("deliver-note").FillAsync("ส่งแผนปรับปรุงฐานข้อมูลแล้ว");
        Assert.Equal(400, await SubmitExpectingAsync(page, "deliver-form"));
        await Assertions.Expect(page.Locator("#deliver-deliveredOn-error")).ToBeVisibleAsync();
        Assert.Equal("true", await page.GetByTestId("deliver-date").GetAttributeAsync("aria-invalid"));
        Assert.Equal("31/02/2569", await page.GetByTestId("deliver-date").InputValueAsync());
        Assert.Equal("ส่งแผนปรับปรุงฐานข้อมูลแล้ว", await page.GetByTestId("deliver-note").InputValueAsync());
        Assert.Equal(milestone, await page.GetByTestId("deliver-milestone").InputValueAsync());
        var after = (await Server.GetAsUserAsync("ict", $"/api/v1/contracts/{contract}"))["contract"]!;
        Assert.Equal(version, after["version"]!.GetValue<long>());
        Assert.Equal(before["milestones"]!.ToJsonString(), after["milestones"]!.ToJsonString());

        // Yesterday in B.E.: read back while typing, stored as ISO (C.E.).
        var yesterday = Today.AddDays(-1);
        await page.GetByTestId("deliver-date").FillAsync(Be(yesterday));
        await Assertions.Expect(page.Locator("#deliver-deliveredOn-echo")).ToContainTextAsync($"พ.ศ. {yesterday.Year + 543}");
        await page.GetByTestId("deliver-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("done=deliver", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("done")).ToBeVisibleAsync();
        var stored = await EventuallyAsync("ict", $"/api/v1/contracts/{contract}",
            c => c["contract"]!["milestones"]!.AsArray().Any(m => m!["id"]!.GetValue<string>() == milestone && m["deliveredOn"]?.GetValue<string>() is not null),
            "the delivery");
        Assert.Equal(Iso(yesterday), stored["contract"]!["milestones"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == milestone)!["deliveredOn"]!.GetValue<string>());
        await ScreenshotAsync(page, "contract-delivered-be");
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task An_auditor_sets_an_indicators_target_on_its_page_with_a_BE_date()
    {
        const string code = "IND-LBDA-REG";
        var page = await SignedInAsync("auditor");
        await page.GotoAsync($"/indicators/{code}");
        var targetDate = Today.AddYears(1);

        // A bad number: refused beside the field, what was typed kept.
        await page.GetByTestId("target-target").FillAsync("แปดสิบ");
        await page.GetByTestId("target-date").FillAsync(Be(targetDate));
        Assert.Equal(400, await SubmitExpectingAsync(page, "target-form"));
        await Assertions.Expect(page.Locator("#target-target-error")).ToBeVisibleAsync();
        Assert.Equal("แปดสิบ", await page.GetByTestId("target-target").InputValueAsync());
        Assert.Equal(Be(targetDate), await page.GetByTestId("target-date").InputValueAsync());

        await page.GetByTestId("target-target").FillAsync("75");
        await page.GetByTestId("target-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("done=target", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("done")).ToBeVisibleAsync();
        var stored = await EventuallyAsync("auditor", $"/api/v1/indicators/{code}", i => i["indicator"]!["targetDate"]?.GetValue<string>() == Iso(targetDate), "the target");
        Assert.Equal(75, stored["indicator"]!["target"]!.GetValue<double>());
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task An_ict_officer_scores_a_dataset_on_the_agency_page()
    {
        const string agency = "doae";
        const string dataset = "doae-farmer-registry";
        var form = $"score-{dataset}";
        var page = await SignedInAsync("ict");
        await page.GotoAsync($"/agencies/{agency}");
        await page.GetByTestId($"{form}-open").ClickAsync();
        await page.GetByTestId($"{form}-accuracy").FillAsync("77");
        await page.GetByTestId($"{form}-timeliness").FillAsync("150");
        // Out of range: the grain's rule, shown beside the scores, what was typed kept.
        Assert.Equal(400, await SubmitExpectingAsync(page, form));
        await Assertions.Expect(page.Locator($"#{form}-scores-error")).ToBeVisibleAsync();
        Assert.Equal("150", await page.GetByTestId($"{form}-timeliness").InputValueAsync());
        Assert.Equal("77", await page.GetByTestId($"{form}-accuracy").InputValueAsync());

        await page.GetByTestId($"{form}-timeliness").FillAsync("");
        await page.GetByTestId($"{form}-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"done={form}", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("done")).ToBeVisibleAsync();
        var exchange = await EventuallyAsync("ict", "/api/v1/data-exchange", e => e["agencies"]!.AsArray()
            .Single(a => a!["agency"]!["id"]!.GetValue<string>() == agency)!["datasets"]!.AsArray()
            .Single(d => d!["dataset"]!["id"]!.GetValue<string>() == dataset)!["dataset"]!["scores"]!.AsArray()
            .Any(q => q!["dimension"]!.GetValue<string>() == "accuracy" && q["score"]!.GetValue<int>() == 77), "the score");
        Assert.NotNull(exchange);
        AssertNoPageErrors(page);
    }

    private async Task<HttpStatusCode> SendAsync(string key, DateOnly today)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/metrics")
        {
            Content = JsonContent.Create(new
            {
                observations = new[]
                {
                    new { source = "e2e-key", metric = "lbda.logins", subject = "province:35", period = today.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture), value = 3, asOf = Iso(today.AddDays(-1)) },
                },
            }),
        };
        request.Headers.Add("X-Api-Key", key);
        using var response = await Server.Web.Http.SendAsync(request);
        return response.StatusCode;
    }
}
