using System.Globalization;
using Oversight.TestSupport;

namespace Oversight.E2E.Tests;

/// <summary>
/// The live board: an executive's board and a unit officer in two browser contexts (the officer's form post shows on
/// the board without a reload), and a board whose SignalR connection is dropped. Chromium's offline emulation alone
/// leaves an open WebSocket untouched, so for the outage the page talks to the server through a TCP proxy that the
/// test cuts (every connection reset, new ones refused) while the browser is also offline.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LiveBoardTests(WebServerFixture server, BrowserFixture browser) : BrowserTest(server, browser), IClassFixture<BrowserFixture>
{
    private const string Code = "F1-R2";
    private const string Id = WebServerFixture.ReportId + "." + Code;
    private const string OutageCode = "F2-R1";
    private const string OutageId = WebServerFixture.ReportId + "." + OutageCode;

    [Fact]
    public async Task The_pages_modules_call_a_report_synthetic_by_the_servers_one_rule()
    {
        var page = await SignedInAsync("executive");
        await page.GotoAsync("/board");
        var seen = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            async () => {
              const live = await import('/js/live.js');
              const ui = await import('/js/ui.js');
              const prefixes = document.querySelector('meta[name="oversight-synthetic-prefixes"]').content.split(' ');
              const ids = ['demo-other-2570', 'demo-mol-digital-2565', 'synthetic-00042', 'mol-digital-2565', 'sao-demo-1'];
              return { prefixes, live: ids.map((id) => live.isSyntheticReport(id)), ui: ids.map((id) => ui.isSynthetic(id)) };
            }
            """);
        Assert.Equal(["synthetic-", "demo-"], seen.GetProperty("prefixes").EnumerateArray().Select(p => p.GetString()!).ToArray());
        bool[] expected = [true, true, true, false, false];
        Assert.Equal(expected, seen.GetProperty("live").EnumerateArray().Select(b => b.GetBoolean()).ToArray());
        Assert.Equal(expected, seen.GetProperty("ui").EnumerateArray().Select(b => b.GetBoolean()).ToArray());
    }

    [Fact]
    public async Task A_unit_officers_update_shows_on_the_executive_board_within_two_seconds_without_a_reload()
    {
        var board = await SignedInAsync("executive");
        await board.GotoAsync("/board");
        await WaitForLiveAsync(board);

        // Anything that reloads or navigates the board page would lose this marker and count a navigation.
        var navigations = 0;
        board.FrameNavigated += (_, frame) =>
        {
            if (frame == board.MainFrame)
            {
                navigations++;
            }
        };
        await board.EvaluateAsync("() => { window.__e2eMarker = 'still-here'; }");

        var row = board.GetByTestId($"rec-{Code}-status");
        Assert.Equal("not-started", await row.GetAttributeAsync("data-status"));
        var total = await IntAsync(board, "total");
        var notStarted = await IntAsync(board, "status-not-started");
        var inProgress = await IntAsync(board, "status-in-progress");
        var version = long.Parse((await board.GetByTestId("board").GetAttributeAsync("data-board-version"))!);

        // The unit officer, in a separate browser context, uses the form on the recommendation page.
        var officer = await SignedInAsync("ict");
        await officer.GotoAsync($"/recommendations/{Id}");
        await officer.GetByTestId("progress-status").SelectOptionAsync("in-progress");
        await officer.GetByTestId("progress-value").FillAsync("30");
        await officer.GetByTestId("progress-note").FillAsync("เริ่มจัดทำแผนปรับปรุงฐานข้อมูล NLIC แล้ว");
        await officer.GetByTestId("progress-submit").ClickAsync();
        await officer.WaitForURLAsync(url => url.Contains("done=progress", StringComparison.Ordinal));
        await Assertions.Expect(officer.GetByTestId("done")).ToBeVisibleAsync();
        await Assertions.Expect(officer.GetByTestId("rec-status")).ToHaveAttributeAsync("data-status", "in-progress");
        var savedAt = DateTimeOffset.UtcNow;

        // The board: the row, the status counts and the totals, within 2 s of the save, without a reload.
        var fast = new LocatorAssertionsToHaveAttributeOptions { Timeout = 2000 };
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "in-progress", fast);
        await Assertions.Expect(board.GetByTestId($"rec-{Code}-progress")).ToHaveTextAsync("30", new() { Timeout = 2000 });
        await Assertions.Expect(board.GetByTestId("status-in-progress")).ToHaveTextAsync((inProgress + 1).ToString(), new() { Timeout = 2000 });
        await Assertions.Expect(board.GetByTestId("status-not-started")).ToHaveTextAsync((notStarted - 1).ToString(), new() { Timeout = 2000 });
        Assert.True(DateTimeOffset.UtcNow - savedAt < TimeSpan.FromSeconds(2.5), "the board took longer than 2 s");
        Assert.Equal(total, await IntAsync(board, "total"));
        Assert.True(long.Parse((await board.GetByTestId("board").GetAttributeAsync("data-board-version"))!) > version);

        Assert.Equal(0, navigations);
        Assert.Equal("still-here", await board.EvaluateAsync<string>("() => window.__e2eMarker"));
        Assert.Equal("connected", await board.GetByTestId("conn").GetAttributeAsync("data-state"));

        // The board agrees with the server's own numbers.
        var api = await Server.GetAsUserAsync("executive", "/api/v1/board");
        Assert.Equal(api["totals"]!["byStatus"]!["in-progress"]!.GetValue<int>(), await IntAsync(board, "status-in-progress"));
        Assert.Equal(api["overdue"]!["count"]!.GetValue<int>(), await IntAsync(board, "overdue"));

        // The activity feed shows the change (entries come over SignalR after the initial GET).
        await Assertions.Expect(board.GetByTestId("activity").Locator("li", new() { HasText = Code }).First).ToBeVisibleAsync(new() { Timeout = 2000 });

        AssertNoPageErrors(board);
        AssertNoPageErrors(officer);
    }

    [Fact]
    public async Task The_unit_workspaces_figures_follow_the_units_board_live()
    {
        const string code = "O1-R2";
        const string id = WebServerFixture.ReportId + "." + code;
        Assert.Equal("not-started", (await Server.GetAsUserAsync("ict", $"/api/v1/recommendations/{id}"))["status"]!.GetValue<string>());
        var page = await SignedInAsync("ict");
        await page.GotoAsync("/unit");
        await WaitForLiveAsync(page);

        // The figures are the unit's board (every recommendation of the unit), not a count of the rows listed.
        var board = await Server.GetAsUserAsync("ict", "/api/v1/board");
        Assert.Equal("ICT", board["unit"]!.GetValue<string>());
        Assert.Equal(board["totals"]!["total"]!.GetValue<int>(), await IntAsync(page, "unit-total"));
        Assert.Equal(board["overdue"]!["count"]!.GetValue<int>(), await IntAsync(page, "unit-overdue"));
        var inProgress = await IntAsync(page, "unit-in-progress");
        Assert.Equal(board["totals"]!["byStatus"]!["in-progress"]!.GetValue<int>(), inProgress);

        await Server.UpdateProgressAsync("ict", id, "in-progress", 20, "เริ่มดำเนินการ");
        await Assertions.Expect(page.GetByTestId("unit-in-progress")).ToHaveTextAsync((inProgress + 1).ToString(CultureInfo.InvariantCulture), new() { Timeout = 5000 });
        await Assertions.Expect(page.GetByTestId($"rec-{code}-status")).ToHaveAttributeAsync("data-status", "in-progress");
        Assert.Equal(board["totals"]!["total"]!.GetValue<int>(), await IntAsync(page, "unit-total"));
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task The_board_converges_to_the_server_after_an_outage()
    {
        await using var proxy = new TcpProxy(Server.Web.Port);
        // Cookies belong to the host, not the port: the signed-in cookie works through the proxy too.
        var board = await SignedInAsync("executive");
        await board.GotoAsync($"{proxy.BaseAddress}board");
        Assert.StartsWith(proxy.BaseAddress.ToString(), board.Url);
        await WaitForLiveAsync(board);
        // Record every connection state the page goes through.
        await board.EvaluateAsync("""
            () => {
              window.__states = [document.documentElement.dataset.live];
              new MutationObserver(() => window.__states.push(document.documentElement.dataset.live))
                .observe(document.documentElement, { attributes: true, attributeFilter: ['data-live'] });
            }
            """);
        var before = await board.GetByTestId($"rec-{OutageCode}-status").GetAttributeAsync("data-status");
        Assert.Equal("not-started", before);

        var outage = TimeSpan.FromSeconds(3);
        await board.Context.SetOfflineAsync(true);
        proxy.Outage(outage);
        var cutAt = DateTimeOffset.UtcNow;
        await Assertions.Expect(board.GetByTestId("conn")).Not.ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 10_000 });

        // Another client writes during the outage.
        await Server.UpdateProgressAsync("ilpo", OutageId, "in-progress", 15, "ระหว่างที่กระดานขาดการเชื่อมต่อ");
        Assert.Equal("not-started", await board.GetByTestId($"rec-{OutageCode}-status").GetAttributeAsync("data-status"));
        var rest = outage - (DateTimeOffset.UtcNow - cutAt);
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest);
        }
        await board.Context.SetOfflineAsync(false);
        await Assertions.Expect(board.GetByTestId("conn")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 15_000 });
        await Assertions.Expect(board.GetByTestId($"rec-{OutageCode}-status")).ToHaveAttributeAsync("data-status", "in-progress", new() { Timeout = 10_000 });
        await Assertions.Expect(board.GetByTestId($"rec-{OutageCode}-progress")).ToHaveTextAsync("15");
        Problems[board].Clear(); // failed connection attempts during the outage are expected

        // The totals converge to the server's.
        var api = await Server.GetAsUserAsync("executive", "/api/v1/board");
        foreach (var status in new[] { "not-started", "in-progress", "implemented-pending-verification" })
        {
            await Assertions.Expect(board.GetByTestId($"status-{status}"))
                .ToHaveTextAsync(api["totals"]!["byStatus"]![status]!.GetValue<int>().ToString(), new() { Timeout = 5000 });
        }
        var states = await board.EvaluateAsync<string[]>("() => window.__states");
        Assert.Contains("reconnecting", states);

        // Versions: a repeated (older) change is ignored; one that skips a version makes the page reload its snapshot
        // instead of applying it, so what it shows is the server's state, never the half-known one.
        var resyncs = int.Parse((await board.EvaluateAsync<string>("() => document.documentElement.dataset.liveResyncs"))!);
        var fake = """
            (version) => {
              const item = window.oversightBoard.items.get('ID');
              window.oversightBoard._onChanges([{ ...item, status: 'closed-implemented', progress: 100, version: item.version + version,
                changedBy: 'test', changedAt: new Date().toISOString(), eventType: 'progress-updated' }]);
            }
            """.Replace("ID", OutageId);
        await board.EvaluateAsync(fake, 0);
        Assert.Equal("in-progress", await board.GetByTestId($"rec-{OutageCode}-status").GetAttributeAsync("data-status"));
        await board.EvaluateAsync(fake, 3);
        await board.WaitForFunctionAsync($"() => Number(document.documentElement.dataset.liveResyncs) > {resyncs}");
        await Assertions.Expect(board.GetByTestId($"rec-{OutageCode}-status")).ToHaveAttributeAsync("data-status", "in-progress");

        // A change whose successor was lost leaves no gap to see: here the page holds a state the server never had
        // (the next version, closed). Only the host can know a batch went missing; its "resync" makes the page reload.
        await board.EvaluateAsync(fake, 1);
        await Assertions.Expect(board.GetByTestId($"rec-{OutageCode}-status")).ToHaveAttributeAsync("data-status", "closed-implemented");
        resyncs = int.Parse((await board.EvaluateAsync<string>("() => document.documentElement.dataset.liveResyncs"))!);
        await board.EvaluateAsync("() => window.oversightBoard._onServerResync()");
        await board.WaitForFunctionAsync($"() => Number(document.documentElement.dataset.liveResyncs) > {resyncs}");
        await Assertions.Expect(board.GetByTestId($"rec-{OutageCode}-status")).ToHaveAttributeAsync("data-status", "in-progress");
        AssertNoPageErrors(board);
    }

    /// <summary>
    /// The board reads its snapshot while its hub connection starts (ADR 6). A change published after the snapshot was
    /// read but before the connection joined its groups reaches the page as no delta at all: only the version check
    /// after the join (the hub's Versions against the snapshot's) can bring it. The test makes that window certain: it
    /// holds the page's negotiate request until the snapshot has been read, writes a recommendation's progress and a
    /// province figure, waits until a board that is already live has received both (so their deltas are gone), and
    /// only then lets the page connect.
    /// </summary>
    [Fact]
    public async Task A_write_made_between_the_snapshot_and_the_hub_join_shows_up()
    {
        const string code = "F2-R3";
        const int value = 7_777;
        var witness = await SignedInAsync("executive");
        await witness.GotoAsync("/board");
        await WaitForLiveAsync(witness);
        await witness.GetByTestId("province-figure").SelectOptionAsync("activeUsers");

        var board = await SignedInAsync("executive");
        var released = new TaskCompletionSource();
        await board.RouteAsync("**/hubs/board/negotiate**", async route =>
        {
            await released.Task;
            await route.ContinueAsync();
        });
        var snapshot = new[] { "/api/v1/board", "/api/v1/recommendations?", "/api/v1/monitoring" }
            .ToDictionary(path => path, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        board.RequestFinished += (_, request) =>
        {
            foreach (var (path, read) in snapshot)
            {
                if (new Uri(request.Url).PathAndQuery.StartsWith(path, StringComparison.Ordinal)) read.TrySetResult();
            }
        };
        await board.GotoAsync("/board", new() { WaitUntil = WaitUntilState.Commit });
        await Task.WhenAll(snapshot.Values.Select(read => read.Task)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("not-started", await board.GetByTestId($"rec-{code}-status").GetAttributeAsync("data-status"));

        await Server.UpdateProgressAsync("ilpo", $"{WebServerFixture.ReportId}.{code}", "in-progress", 40, "ระหว่างที่กระดานกำลังเปิด");
        var today = ThaiToday;
        await Server.PostMetricsAsync("e2e-join",
            new { source = "e2e-join", metric = "lbda.active-users", subject = "province:10", period = today.ToString("yyyy-MM", CultureInfo.InvariantCulture), value, asOf = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        await Assertions.Expect(witness.GetByTestId($"rec-{code}-progress")).ToHaveTextAsync("40", new() { Timeout = 10_000 });
        await Assertions.Expect(witness.GetByTestId("province-10-value")).ToContainTextAsync("7,777", new() { Timeout = 10_000 });

        released.SetResult();
        await WaitForLiveAsync(board);
        await Assertions.Expect(board.GetByTestId($"rec-{code}-status")).ToHaveAttributeAsync("data-status", "in-progress");
        await Assertions.Expect(board.GetByTestId($"rec-{code}-progress")).ToHaveTextAsync("40");
        await board.GetByTestId("province-figure").SelectOptionAsync("activeUsers");
        await Assertions.Expect(board.GetByTestId("province-10-value")).ToContainTextAsync("7,777");
        // It came from reading the snapshot again after the join, not from a delta.
        Assert.True(int.Parse((await board.EvaluateAsync<string>("() => document.documentElement.dataset.liveResyncs"))!) >= 1);
        AssertNoPageErrors(board);
        AssertNoPageErrors(witness);
    }

    /// <summary>
    /// The trend (open recommendations by status, week by week, rebuilt from the history) is live too: today's point moves
    /// within 1 s of a status change, in place, through the same board delta; and it then agrees with the server's trend.
    /// </summary>
    [Fact]
    public async Task The_trends_today_moves_within_a_second_of_a_status_change()
    {
        const string code = "F1-R1";
        var board = await SignedInAsync("executive");
        await board.GotoAsync("/board");
        await WaitForLiveAsync(board);
        await board.WaitForFunctionAsync("() => document.getElementById('board')?.dataset.chartsReady === 'true'");
        Assert.Equal("not-started", await board.GetByTestId($"rec-{code}-status").GetAttributeAsync("data-status"));
        var before = await TrendTodayAsync(board);

        await Server.UpdateProgressAsync("ict", $"{WebServerFixture.ReportId}.{code}", "in-progress", 10, "เริ่มทบทวนแผนแม่บทแล้ว");
        var saved = DateTimeOffset.UtcNow;
        await board.WaitForFunctionAsync(
            "([ns, ip]) => { const t = JSON.parse(document.getElementById('board').dataset.trendToday || '{}'); return (t.byStatus?.['not-started'] ?? 0) === ns && (t.byStatus?.['in-progress'] ?? 0) === ip; }",
            new[] { before.Count("not-started") - 1, before.Count("in-progress") + 1 }, new() { Timeout = 1000, PollingInterval = 20 });
        Assert.True(DateTimeOffset.UtcNow - saved < TimeSpan.FromSeconds(1.5), "the trend took longer than 1 s");
        var after = await TrendTodayAsync(board);
        Assert.Equal(before.Open, after.Open); // both statuses are open

        // The moved point is the one the server rebuilds from the history.
        var server = await Server.GetAsUserAsync("executive", "/api/v1/board/trend?weeks=26");
        var last = server["points"]!.AsArray()[^1]!;
        Assert.Equal(last["open"]!.GetValue<int>(), after.Open);
        foreach (var status in new[] { "not-started", "in-progress", "implemented-pending-verification" })
        {
            Assert.Equal(last["byStatus"]![status]?.GetValue<int>() ?? 0, after.Count(status));
        }
        AssertNoPageErrors(board);
    }

    private sealed record TrendToday(int Open, Dictionary<string, int> ByStatus)
    {
        public int Count(string status) => ByStatus.GetValueOrDefault(status);
    }

    private static async Task<TrendToday> TrendTodayAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("() => document.getElementById('board').dataset.trendToday");
        return System.Text.Json.JsonSerializer.Deserialize<TrendToday>(json, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
    }

    private static async Task<int> IntAsync(IPage page, string testId) =>
        int.Parse((await page.GetByTestId(testId).TextContentAsync())!.Trim());
}
