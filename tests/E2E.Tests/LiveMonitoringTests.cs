using System.Globalization;

namespace Oversight.E2E.Tests;

/// <summary>
/// The programme half of the board is live like the recommendations half: a batch of figures accepted by the
/// ingestion API changes a province tile and an e-service's use on an open board within 1 s of the acknowledgement,
/// without a reload, each with its source on the figure.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LiveMonitoringTests(WebServerFixture server, BrowserFixture browser) : BrowserTest(server, browser), IClassFixture<BrowserFixture>
{
    private const string Source = "e2e-live";

    [Fact]
    public async Task An_ingested_batch_changes_the_boards_programme_figures_within_a_second()
    {
        var board = await SignedInAsync("executive");
        await board.GotoAsync("/board");
        await WaitForLiveAsync(board);
        await board.WaitForFunctionAsync("() => !!document.querySelector('[data-testid=eservices]')");
        await board.EvaluateAsync("() => { window.__e2eMarker = 'still-here'; }");

        // The provinces coloured by active LBDA users; the e-service table's columns are its latest periods.
        await board.GetByTestId("province-figure").SelectOptionAsync("activeUsers");
        var eservices = await Server.GetAsUserAsync("executive", "/api/v1/eservices");
        var service = eservices["items"]!.AsArray()[0]!["service"]!["id"]!.GetValue<string>();
        var today = ThaiToday;
        var period = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var province = board.GetByTestId("province-10-value");
        var before = await province.TextContentAsync();

        await Server.PostMetricsAsync(Source,
            new { source = Source, metric = "lbda.active-users", subject = "province:10", period, value = 4321, asOf = Iso(today) },
            new { source = Source, metric = "eservice.uses", subject = $"eservice:{service}", period, value = 12345, asOf = Iso(today) });
        var acknowledged = DateTimeOffset.UtcNow;

        // Within 1 s of the acknowledgement, in place: the tile's number and the service's use in the new period.
        var fast = new LocatorAssertionsToContainTextOptions { Timeout = 1000 };
        await Assertions.Expect(province).ToContainTextAsync("4,321", fast);
        var cell = board.GetByTestId($"eservice-{service}-{period}");
        await Assertions.Expect(cell).ToContainTextAsync("12,345", fast);
        Assert.True(DateTimeOffset.UtcNow - acknowledged < TimeSpan.FromSeconds(1.5), "the board took longer than 1 s");
        Assert.NotEqual(before, await province.TextContentAsync());

        // Each figure names its source, and the new real figures carry no synthetic mark.
        Assert.Contains(Source, await cell.GetAttributeAsync("data-prov") ?? "");
        Assert.Contains(Source, await province.GetAttributeAsync("data-prov") ?? "");
        Assert.Equal(0, await cell.Locator("[data-testid=synthetic]").CountAsync());
        Assert.Equal("still-here", await board.EvaluateAsync<string>("() => window.__e2eMarker"));
        AssertNoPageErrors(board);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
