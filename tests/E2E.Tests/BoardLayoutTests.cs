using System.Text.Json;

namespace Oversight.E2E.Tests;

/// <summary>
/// The board as people see it, measured in Chromium: on wall screens (TV mode, each screen pinned) at 1366×768,
/// 1440×900 and 1920×1080, and on a phone at 390×844. No two runs of text overlap, none is cut by its box or (on a wall,
/// where nothing scrolls) by the screen, and every run of text has a contrast of at least 4.5:1; Thai is set with room
/// for its stacked marks (line height ≥ 1.4), no word is split across two lines, and nothing on a wall screen is smaller
/// than 18 px. Screenshots are saved as test artifacts.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class BoardLayoutTests(WebServerFixture server, BrowserFixture browser) : BrowserTest(server, browser), IClassFixture<BrowserFixture>
{
    private static readonly string Script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "layout-check.js"));

    public static TheoryData<int, int, string> WallScreens()
    {
        var data = new TheoryData<int, int, string>();
        foreach (var (w, h) in new[] { (1366, 768), (1440, 900), (1920, 1080) })
        {
            foreach (var screen in new[] { "recommendations", "programme", "contracts", "provinces" })
            {
                data.Add(w, h, screen);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WallScreens))]
    public async Task A_wall_screen_reads_cleanly(int width, int height, string screen)
    {
        var page = await SignedInAsync("executive", new ViewportSize { Width = width, Height = height });
        await page.GotoAsync($"/board?tv=1&screen={screen}");
        await WaitForBoardAsync(page);
        var result = await MeasureAsync(page, $"tv-{screen}-{width}x{height}", noScroll: true, minFontSize: WallMinimumPx);
        AssertClean(result, $"TV {screen} at {width}×{height}");
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task A_phone_leads_with_the_figures_and_opens_the_rest_on_demand()
    {
        var page = await SignedInAsync("executive", Phone, isMobile: true);
        await page.GotoAsync("/board");
        await WaitForBoardAsync(page);
        // The folds start closed on a phone: the page is short, and leads with the KPIs and the indicators.
        var folds = await page.Locator("details.fold").CountAsync();
        Assert.True(folds >= 5);
        Assert.Equal(0, await page.Locator("details.fold[open]").CountAsync());
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        var register = await page.EvaluateAsync<int>("() => document.querySelector('details[data-fold=register] > summary')?.getBoundingClientRect().top ?? -1");
        Assert.InRange(register, 1, 4000);
        // The whole folded board is a few screens, not the 11,300 px it once was.
        Assert.True(height <= PhoneFoldedMaxPx, $"the folded board is {height} px long");
        AssertClean(await MeasureAsync(page, "phone-folded", noScroll: false), "phone, folded");

        // Each fold opens on demand and still reads cleanly.
        foreach (var fold in new[] { "recommendations", "milestones", "provinces", "eservices", "exchange", "register" })
        {
            await page.Locator($"details[data-fold='{fold}'] > summary").ClickAsync();
            Assert.True(await page.Locator($"details[data-fold='{fold}']").EvaluateAsync<bool>("d => d.open"));
        }
        // The charts size themselves to the opened folds: wait until every chart's drawing fills its box.
        await page.WaitForFunctionAsync(@"() => [...document.querySelectorAll('details[open] .chart')].every(c => {
            const svg = c.querySelector('svg');
            return svg && Math.abs(svg.getBoundingClientRect().width - c.clientWidth) <= 2 && c.clientWidth > 0;
        })");
        AssertClean(await MeasureAsync(page, "phone-open", noScroll: false), "phone, every fold open");
        AssertNoPageErrors(page);

        // A link to a part of the board in a closed fold ("see all in the register") opens that fold.
        var linked = await SignedInAsync("executive", Phone, isMobile: true);
        await linked.GotoAsync("/reports");
        await linked.GotoAsync("/board#h-register");
        await WaitForBoardAsync(linked);
        Assert.True(await linked.Locator("details[data-fold='register']").EvaluateAsync<bool>("d => d.open"));
        Assert.Equal(0, await linked.Locator("details.fold[data-fold='milestones'][open]").CountAsync());
    }

    [Fact]
    public async Task The_desktop_board_shows_both_halves_cleanly()
    {
        var page = await SignedInAsync("executive", Desktop);
        await page.GotoAsync("/board");
        await WaitForBoardAsync(page);
        AssertClean(await MeasureAsync(page, "desktop", noScroll: false), "desktop 1366×900");
        AssertNoPageErrors(page);
    }

    private static async Task WaitForBoardAsync(IPage page)
    {
        await WaitForLiveAsync(page);
        await page.WaitForFunctionAsync("() => !!document.getElementById('board')?.dataset.liveSince");
        // The charts are drawn once the board is live (ECharts is run after the snapshot): measure them drawn.
        await page.WaitForFunctionAsync("() => document.getElementById('board')?.dataset.chartsReady === 'true'");
        await page.EvaluateAsync("() => document.fonts.ready");
    }

    /// <summary>The folded board on a phone (390×844): the KPIs and indicators, the folds' titles and the register.</summary>
    private const int PhoneFoldedMaxPx = 2500;

    /// <summary>The smallest text on a wall screen, read from across a room.</summary>
    private const int WallMinimumPx = 18;

    /// <summary>Thai line height as a multiple of the size: room for a vowel and a tone mark stacked above a consonant.</summary>
    private const double ThaiMinimumLineHeight = 1.4;

    private static async Task<LayoutResult> MeasureAsync(IPage page, string name, bool noScroll, int minFontSize = 0)
    {
        await ScreenshotAsync(page, name, fullPage: !noScroll);
        var options = JsonSerializer.Serialize(new { root = "main", noScroll, minFontSize, minThaiLineHeight = ThaiMinimumLineHeight, wordSplits = true });
        var json = await page.EvaluateAsync<JsonElement>($"({Script.TrimEnd().TrimEnd(';')})({options})");
        return JsonSerializer.Deserialize<LayoutResult>(json.GetRawText(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static void AssertClean(LayoutResult result, string where)
    {
        Assert.True(result.Runs > 20, $"{where}: only {result.Runs} runs of text were measured");
        var problems = result.Overlaps.Select(o => "overlap: " + o)
            .Concat(result.Clipped.Select(c => "clipped: " + c))
            .Concat(result.Contrast.Select(c => "contrast: " + c))
            .Concat(result.Scroll.Select(s => "scroll: " + s))
            .Concat(result.Small.Select(s => "too small: " + s))
            .Concat(result.Tight.Select(s => "too tight: " + s))
            .Concat(result.Split.Select(s => "word split across lines: " + s))
            .Concat(result.Spaced.Select(s => "Thai words spread apart: " + s))
            .ToArray();
        Assert.True(problems.Length == 0, $"{where}: {problems.Length} problems\n" + string.Join("\n", problems.Take(60)));
    }

    private sealed record LayoutResult(string[] Overlaps, string[] Clipped, string[] Contrast, string[] Scroll, string[] Small, string[] Tight, string[] Split, string[] Spaced, int Runs);
}
