using System.Globalization;

namespace Oversight.E2E.Tests;

/// <summary>
/// The programme half of the board is live like the recommendations half: a batch of figures accepted by the
/// ingestion API changes a province tile and an e-service's use on an open board within 1 s of the acknowledgement,
/// without a reload, each with its source on the figure; so do a contract's blocker, an indicator's target and a
/// dataset's quality score. And each view draws what the API holds.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LiveMonitoringTests(WebServerFixture server, BrowserFixture browser) : BrowserTest(server, browser), IClassFixture<BrowserFixture>
{
    private const string Source = "e2e-live";

    [Fact]
    public async Task An_ingested_batch_changes_the_boards_programme_figures_within_a_second()
    {
        var board = await OpenLiveBoardAsync();

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

    [Fact]
    public async Task A_blocker_a_target_and_a_quality_score_change_the_board_in_place_within_a_second()
    {
        var board = await OpenLiveBoardAsync();
        var snapshot = await Server.GetAsUserAsync("executive", "/api/v1/monitoring");
        var contract = snapshot["contracts"]!.AsArray()[0]!["id"]!.GetValue<string>();
        var indicator = snapshot["indicators"]!.AsArray()[0]!["code"]!.GetValue<string>();
        var agency = snapshot["dataExchange"]!["agencies"]!.AsArray().First(a => a!["datasets"]!.AsArray().Count > 0)!;
        var dataset = agency["datasets"]!.AsArray()[0]!["dataset"]!["id"]!.GetValue<string>();
        var today = Iso(ThaiToday);
        var fast = new LocatorAssertionsToContainTextOptions { Timeout = 1000 };
        var (applied, resyncs) = await LiveStatsAsync(board);

        // A contract's blocker: its card counts it and names it.
        var blockers = board.GetByTestId($"contract-{contract}").Locator(".blockers");
        var count = int.Parse(System.Text.RegularExpressions.Regex.Match((await blockers.Locator("h4").TextContentAsync())!, @"\((\d+)\)").Groups[1].Value, CultureInfo.InvariantCulture);
        await Server.SendAsUserAsync("admin", HttpMethod.Post, $"/api/v1/contracts/{contract}/blockers",
            new { reason = new { th = "รอผลการตรวจรับงวดงานจากคณะกรรมการ", en = "Awaiting the acceptance committee" }, since = today, owner = "ICT" });
        var acknowledged = DateTimeOffset.UtcNow;
        await Assertions.Expect(blockers.Locator("h4")).ToContainTextAsync($"({count + 1})", fast);
        await Assertions.Expect(blockers).ToContainTextAsync("รอผลการตรวจรับงวดงานจากคณะกรรมการ", fast);
        Assert.True(DateTimeOffset.UtcNow - acknowledged < TimeSpan.FromSeconds(1.5), "the milestones view took longer than 1 s");

        // An indicator's target: its tile shows the new target against the current value.
        await Server.SendAsUserAsync("auditor", HttpMethod.Put, $"/api/v1/indicators/{indicator}/target",
            new { target = 87.5, targetDate = Iso(ThaiToday.AddYears(1)) });
        acknowledged = DateTimeOffset.UtcNow;
        await Assertions.Expect(board.GetByTestId($"indicator-{indicator}").Locator(".ind-against")).ToContainTextAsync("87.5", fast);
        Assert.True(DateTimeOffset.UtcNow - acknowledged < TimeSpan.FromSeconds(1.5), "the indicators view took longer than 1 s");

        // A dataset's quality score: its accuracy bar and number.
        await Server.SendAsUserAsync("auditor", HttpMethod.Post, $"/api/v1/agencies/{agency["agency"]!["id"]!.GetValue<string>()}/datasets/{dataset}/scores",
            new { scores = new Dictionary<string, int> { ["accuracy"] = 37 }, scoredOn = today });
        acknowledged = DateTimeOffset.UtcNow;
        await Assertions.Expect(board.GetByTestId($"dataset-{dataset}").Locator(".scores li").First.Locator(".score-value")).ToHaveTextAsync("37", new() { Timeout = 1000 });
        Assert.True(DateTimeOffset.UtcNow - acknowledged < TimeSpan.FromSeconds(1.5), "the data-exchange view took longer than 1 s");

        // Each came as a delta, not by reading the snapshot again.
        var (appliedAfter, resyncsAfter) = await LiveStatsAsync(board);
        Assert.True(appliedAfter >= applied + 3, $"{appliedAfter - applied} deltas applied");
        Assert.Equal(resyncs, resyncsAfter);
        Assert.Equal("still-here", await board.EvaluateAsync<string>("() => window.__e2eMarker"));
        AssertNoPageErrors(board);
    }

    /// <summary>
    /// The executive's board, live, with its programme views drawn (the e-service and data-exchange tables are the last),
    /// and a marker that a reload or navigation would lose.
    /// </summary>
    private async Task<IPage> OpenLiveBoardAsync()
    {
        var board = await SignedInAsync("executive");
        await board.GotoAsync("/board");
        await WaitForLiveAsync(board);
        await board.WaitForFunctionAsync("() => !!document.querySelector('[data-testid=eservices]') && !!document.querySelector('[data-testid=exchange]')");
        await board.EvaluateAsync("() => { window.__e2eMarker = 'still-here'; }");
        return board;
    }

    private static async Task<(int Applied, int Resyncs)> LiveStatsAsync(IPage page)
    {
        var stats = await page.EvaluateAsync<int[]>("() => [Number(document.documentElement.dataset.liveApplied ?? 0), Number(document.documentElement.dataset.liveResyncs ?? 0)]");
        return (stats[0], stats[1]);
    }

    /// <summary>
    /// Compares every view of the programme half with GET /api/v1/monitoring, read by the page itself: each milestone's
    /// marks (planned, current after an extension, delivered), days late and state, the fines gauge against the 10 % line,
    /// the open blockers; the 77 offices by region with the audit's visited offices starred; each e-service's flag; each
    /// agency's link status and each dataset's freshness and six quality scores; each indicator's sparkline and linked
    /// recommendations. Returns what differs and how many of each were checked.
    /// </summary>
    private const string Compare = """
        async () => {
          const s = await (await fetch('/api/v1/monitoring', { headers: { accept: 'application/json' } })).json();
          const problems = [];
          const checked = { milestones: 0, contracts: 0, provinces: 0, eservices: 0, datasets: 0, indicators: 0 };
          const tid = (id) => document.querySelector(`[data-testid="${id}"]`);
          const expect = (node, selector, wanted, what) => {
            if (!!node.querySelector(selector) !== wanted) problems.push(`${what}: ${selector} ${wanted ? 'missing' : 'shown'}`);
          };
          for (const c of s.contracts) {
            const card = tid(`contract-${c.id}`);
            if (!card) { problems.push(`contract ${c.id} not shown`); continue; }
            checked.contracts++;
            const open = (c.blockers ?? []).filter((b) => !b.clearedOn);
            if (!card.querySelector('.blockers h4').textContent.includes(`(${open.length})`)) problems.push(`contract ${c.id}: blockers not (${open.length})`);
            for (const b of open) if (!card.querySelector('.blockers').textContent.includes(b.reason.th)) problems.push(`contract ${c.id}: blocker "${b.reason.th}" not shown`);
            expect(card, '.gauge .gauge-line', true, `contract ${c.id} fines`);
            const share = c.finesShareOfValue?.value;
            if (share !== null && share !== undefined) expect(card, '.gauge-fill.over', share > 10, `contract ${c.id} fines ${share}%`);
            for (const m of c.milestones ?? []) {
              const li = tid(`milestone-${c.id}-${m.id}`);
              if (!li) { problems.push(`milestone ${c.id}/${m.id} not shown`); continue; }
              checked.milestones++;
              const what = `milestone ${c.id}/${m.id}`;
              expect(li, '.mark.planned', !!m.plannedDate, what);
              expect(li, '.mark.current', !!m.currentPlannedDate && m.currentPlannedDate !== m.plannedDate, what);
              expect(li, '.mark.actual', !!m.deliveredOn, what);
              expect(li, '.mark.today', true, what);
              expect(li, '.late', (m.daysLate?.value ?? 0) > 0, what);
              if (!li.classList.contains(`ms-${m.state}`)) problems.push(`${what}: not drawn as ${m.state}`);
            }
          }
          const items = s.provinces.items;
          const tiles = [...document.querySelectorAll('#mon-provinces .tile')];
          checked.provinces = tiles.length;
          if (tiles.length !== items.length) problems.push(`${tiles.length} office tiles for ${items.length} offices`);
          const visited = items.filter((p) => p.visitedByAudit).map((p) => p.code).sort().join();
          const starred = tiles.filter((t) => t.classList.contains('visited') && t.querySelector('.visited-mark')).map((t) => t.dataset.code).sort().join();
          if (visited !== starred) problems.push(`visited offices ${visited}, starred ${starred}`);
          for (const p of items) {
            const tile = tid(`province-${p.code}`);
            if (tile?.closest('section.region')?.dataset.region !== p.region) problems.push(`office ${p.code} not under ${p.region}`);
          }
          for (const e of s.eServices.items) {
            checked.eservices++;
            if (!tid(`eservice-${e.service.id}-flag`)?.classList.contains(e.flag)) problems.push(`e-service ${e.service.id}: flag ${e.flag} not shown`);
          }
          const dims = ['accuracy', 'completeness', 'consistency', 'timeliness', 'relevancy', 'availability'];
          for (const a of s.dataExchange.agencies) {
            const row = tid(`agency-${a.agency.id}`);
            if (!row) { problems.push(`agency ${a.agency.id} not shown`); continue; }
            if (a.agency.status) expect(row, `.badge.link.${a.agency.status}`, true, `agency ${a.agency.id}`);
            for (const d of a.datasets) {
              checked.datasets++;
              const cell = tid(`dataset-${d.dataset.id}`);
              if (cell?.dataset.freshness !== d.freshness) { problems.push(`dataset ${d.dataset.id}: ${cell?.dataset.freshness} for ${d.freshness}`); continue; }
              const scores = [...cell.querySelectorAll('.scores li .score-value')].map((v) => v.textContent);
              const wanted = dims.map((dim) => String((d.dataset.scores ?? []).find((x) => x.dimension === dim)?.score ?? '–'));
              if (scores.join() !== wanted.join()) problems.push(`dataset ${d.dataset.id}: scores ${scores} for ${wanted}`);
            }
          }
          for (const i of s.indicators) {
            const tile = tid(`indicator-${i.code}`);
            if (!tile) { problems.push(`indicator ${i.code} not shown`); continue; }
            checked.indicators++;
            expect(tile, 'svg.spark', (i.series ?? []).filter((f) => f.value !== null && f.value !== undefined).length >= 2, `indicator ${i.code}`);
            const links = tile.querySelectorAll('.rec-link').length;
            if (links !== i.recommendations.length) problems.push(`indicator ${i.code}: ${links} linked recommendations for ${i.recommendations.length}`);
            if (i.baseline) expect(tile, '.ind-against .fig', true, `indicator ${i.code} baseline`);
          }
          return { problems, checked };
        }
        """;

    [Fact]
    public async Task Every_programme_view_draws_what_the_api_holds()
    {
        var board = await OpenLiveBoardAsync();
        var result = await board.EvaluateAsync<System.Text.Json.JsonElement>(Compare);
        var problems = result.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems));
        var checkedCounts = result.GetProperty("checked");
        Assert.Equal(77, checkedCounts.GetProperty("provinces").GetInt32());
        foreach (var view in new[] { "contracts", "milestones", "eservices", "datasets", "indicators" })
        {
            Assert.True(checkedCounts.GetProperty(view).GetInt32() > 0, $"no {view} were checked");
        }

        // The offices sorted by the chosen figure: highest first within each region.
        await board.GetByTestId("province-sort").SelectOptionAsync("value");
        var orders = await board.EvaluateAsync<double[][]>("""
            () => [...document.querySelectorAll('#mon-provinces section.region')].map((r) => [...r.querySelectorAll('.tile')]
              .map((t) => { const v = t.querySelector('.fig')?.textContent.replace(/[^0-9.]/g, ''); return v ? Number(v) : -1; }))
            """);
        Assert.Equal(5, orders.Length);
        Assert.All(orders, region => Assert.Equal(region.OrderByDescending(v => v), region));
        AssertNoPageErrors(board);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
