using System.Text.Json.Nodes;
using Oversight.TestSupport;

namespace Oversight.E2E.Tests;

/// <summary>
/// Thai text from the seed comes back unchanged through the DOM, and screenshots of the main pages (desktop, TV,
/// phone) are saved as test artifacts ($OVERSIGHT_ARTIFACTS, else TestResults/artifacts) for people to look at.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ThaiAndScreenshotTests(WebServerFixture server, BrowserFixture browser) : BrowserTest(server, browser), IClassFixture<BrowserFixture>
{
    private const string Code = "F1-R3";
    private const string Id = WebServerFixture.ReportId + "." + Code;

    [Fact]
    public async Task The_recommendation_page_shows_the_seeds_exact_Thai_text()
    {
        var seed = SeedRecommendation(Code);
        var page = await SignedInAsync("executive");
        await page.GotoAsync($"/recommendations/{Id}");
        Assert.Equal("th", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        Assert.Equal(seed["title"]!["th"]!.GetValue<string>(), await page.GetByTestId("rec-title-th").TextContentAsync());
        Assert.Equal(seed["text"]!["th"]!.GetValue<string>(), await page.GetByTestId("rec-text-th").TextContentAsync());
        Assert.Equal(seed["title"]!["en"]!.GetValue<string>(), await page.GetByTestId("rec-title-en").TextContentAsync());
        // Status and dates in Thai, with the year in the Buddhist Era.
        Assert.Equal("ยังไม่ดำเนินการ", await page.GetByTestId("rec-status").TextContentAsync());
        var due = (await page.GetByTestId("rec-due").TextContentAsync())!;
        var dueIso = (await page.GetByTestId("rec-due").GetAttributeAsync("datetime"))!;
        Assert.Contains((int.Parse(dueIso[..4]) + 543).ToString(), due);
        Assert.Matches("[ก-๙]", due);

        // The English switch, and back.
        await page.GotoAsync($"/culture?c=en&r=/recommendations/{Id}");
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        Assert.Equal("Not started", await page.GetByTestId("rec-status").TextContentAsync());
        Assert.Contains(dueIso[..4], (await page.GetByTestId("rec-due").TextContentAsync())!);
        Assert.Equal(seed["text"]!["th"]!.GetValue<string>(), await page.GetByTestId("rec-text-th").TextContentAsync());
        await page.GotoAsync($"/culture?c=th&r=/recommendations/{Id}");
        Assert.Equal("th", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task Screenshots_of_the_board_tv_mode_recommendation_unit_workspace_and_phone()
    {
        var executive = await SignedInAsync("executive");
        await executive.GotoAsync("/board");
        await WaitForLiveAsync(executive);
        await AssertThaiRendersAsync(executive);
        await ScreenshotAsync(executive, "board");

        await executive.SetViewportSizeAsync(Tv.Width, Tv.Height);
        await executive.GotoAsync("/board?tv=1");
        await WaitForLiveAsync(executive);
        await Assertions.Expect(executive.Locator("header.topbar")).ToHaveCountAsync(0);
        // TV mode fits one screen: nothing to scroll.
        Assert.True(await executive.EvaluateAsync<bool>("() => document.documentElement.scrollHeight <= window.innerHeight + 2"), "TV mode scrolls");
        await ScreenshotAsync(executive, "board-tv", fullPage: false);

        var officer = await SignedInAsync("ict");
        await WaitForLiveAsync(officer);
        await ScreenshotAsync(officer, "unit-workspace");
        await officer.GotoAsync($"/recommendations/{Id}");
        await AssertThaiRendersAsync(officer);
        await ScreenshotAsync(officer, "recommendation");

        await officer.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await officer.GotoAsync("/unit");
        await WaitForLiveAsync(officer);
        Assert.True(await officer.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the phone layout scrolls sideways");
        await ScreenshotAsync(officer, "phone-unit-workspace", fullPage: false);
        await officer.GotoAsync("/board");
        await WaitForLiveAsync(officer);
        Assert.True(await officer.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the phone board scrolls sideways");
        await ScreenshotAsync(officer, "phone-board", fullPage: false);

        foreach (var page in new[] { executive, officer })
        {
            AssertNoPageErrors(page);
        }
    }

    /// <summary>
    /// Without a Thai font Chromium draws boxes while the DOM text stays right, so check the machine has one
    /// (./test.sh installs fonts-tlwg-laksaman-ttf) and that the page's Thai text is laid out with glyphs of real width.
    /// </summary>
    private static async Task AssertThaiRendersAsync(IPage page)
    {
        var list = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("fc-list", [":lang=th", "family"]) { RedirectStandardOutput = true })!;
        var fonts = await list.StandardOutput.ReadToEndAsync();
        await list.WaitForExitAsync();
        Assert.False(string.IsNullOrWhiteSpace(fonts), "no Thai font on this machine: install fonts-tlwg-laksaman-ttf");
        // A line of Thai with marks above and below: its width must not be that of one identical box per code point.
        var widths = await page.EvaluateAsync<double[]>("""
            () => {
              const canvas = document.createElement('canvas').getContext('2d');
              canvas.font = '20px ' + getComputedStyle(document.body).fontFamily;
              return [canvas.measureText('ที่ที่ที่').width, canvas.measureText('กกกกกกกกก').width];
            }
            """);
        Assert.True(widths[0] < widths[1] * 0.6, $"Thai marks take space of their own ({widths[0]} vs {widths[1]}): the font is missing");
    }

    private static JsonNode SeedRecommendation(string code)
    {
        var seed = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "src", "Grains", "Seed", "mol-digital-2565.seed.json")))!;
        return Find(seed["findings"]!, code) ?? throw new InvalidOperationException($"{code} is not in the seed");

        static JsonNode? Find(JsonNode node, string code)
        {
            switch (node)
            {
                case JsonObject o when o["code"]?.GetValue<string>() == code && o["text"] is not null:
                    return o;
                case JsonObject o:
                    return o.Select(p => p.Value is null ? null : Find(p.Value, code)).FirstOrDefault(n => n is not null);
                case JsonArray a:
                    return a.Select(n => n is null ? null : Find(n, code)).FirstOrDefault(n => n is not null);
                default:
                    return null;
            }
        }
    }
}
