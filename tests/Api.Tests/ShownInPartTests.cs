using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;

namespace Oversight.Api.Tests;

/// <summary>
/// No silent truncation on pages (issue 7, section 6): a page lists at most <c>PageList:Rows</c> rows (and
/// <c>PageList:Notifications</c> notifications), set to 2 here so the cut is reached with the seed. The figures still count everything; a list that is cut says "n of m" with a link to
/// all of it; the auditor's queues are sorted before they are cut, so the longest-waiting item is never the one left out.
/// </summary>
public sealed partial class ShownInPartTests(ShownInPartTests.SmallPages host) : IClassFixture<ShownInPartTests.SmallPages>
{
    private const int Rows = 2;
    private const int SyntheticReports = 6;

    /// <summary>The real host, with pages that list at most <see cref="Rows"/> rows and read one recommendation's action plan.</summary>
    public sealed class SmallPages : IAsyncLifetime
    {
        public OversightFactory Factory { get; } = new()
        {
            Configure = builder =>
            {
                builder.UseSetting("PageList:Rows", Rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
                builder.UseSetting("PageList:ActionPlanSources", "1");
                builder.UseSetting("PageList:Notifications", Rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
                // Six generated synthetic reports of three findings each: a board of 18 findings, more than a chart draws.
                builder.UseSetting("Seed:SyntheticReports", SyntheticReports.ToString(System.Globalization.CultureInfo.InvariantCulture));
            },
        };

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    private OversightFactory Factory => host.Factory;

    private static async Task<string> HtmlAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        // The page as text a reader sees: Thai word-break markup taken out.
        var html = await response.Content.ReadAsStringAsync();
        return Regex.Replace(html, "<span class=\"tw\">([^<]*)</span>", "$1").Replace("<wbr>", "", StringComparison.Ordinal);
    }

    /// <summary>The text of the element with <paramref name="testId"/> (its first text run).</summary>
    private static string? Tile(string html, string testId) =>
        Regex.Match(html, $"data-testid=\"{Regex.Escape(testId)}\"[^>]*>([^<]*)<") is { Success: true } m ? m.Groups[1].Value.Trim() : null;

    /// <summary>The "shown in part" note with <paramref name="testId"/>: whether it is shown, its text and its links.</summary>
    private static (bool Shown, string Text, string[] Links) Note(string html, string testId)
    {
        var m = Regex.Match(html, $"<p class=\"hint shown-in-part\" data-testid=\"{Regex.Escape(testId)}\"(?<hidden> hidden=\"hidden\")?>(?<body>.*?)</p>", RegexOptions.Singleline);
        Assert.True(m.Success, $"no note {testId}");
        var body = m.Groups["body"].Value;
        var text = Regex.Replace(Regex.Replace(body, "<[^>]+>", " "), @"\s+", " ").Trim();
        var links = Regex.Matches(body, "href=\"([^\"]+)\"").Select(l => WebUtility.HtmlDecode(l.Groups[1].Value)).ToArray();
        return (!m.Groups["hidden"].Success, text, links);
    }

    private static string[] Listed(string html, string prefix) =>
        Regex.Matches(html, $"<tr data-id=\"[^\"]+\" data-testid=\"{Regex.Escape(prefix)}-([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();

    private static async Task<JsonArray> AllAsync(HttpClient client, string query)
    {
        var list = await client.GetJsonAsync($"/api/v1/recommendations?{query}&limit=500");
        Assert.Equal(list["total"]!.GetValue<int>(), list["items"]!.AsArray().Count);
        return list["items"]!.AsArray();
    }

    private static async Task MoveAsync(HttpClient client, string code, string status, int progress)
    {
        var id = Http.Rec(code);
        var response = await client.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
            new { status, progress, note = "ทดสอบ", expectedVersion = await client.VersionAsync(id) });
        Assert.True(response.IsSuccessStatusCode, $"{code} → {status}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task The_unit_workspace_counts_every_recommendation_and_says_when_its_lists_are_cut()
    {
        var ict = await Factory.ClientForAsync("ict");
        // A recommendation beyond the rows listed changes status: the figures must still see it.
        await MoveAsync(ict, "F1-R6", "in-progress", 30);
        var all = await AllAsync(ict, "unit=ICT");
        string Status(JsonNode? r) => r!["status"]!.GetValue<string>();
        var expected = new Dictionary<string, string>
        {
            ["unit-total"] = all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["unit-in-progress"] = all.Count(r => Status(r) == "in-progress").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["unit-pending"] = all.Count(r => Status(r) == "implemented-pending-verification").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["unit-overdue"] = all.Count(r => r!["overdue"]!.GetValue<bool>()).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["unit-closed"] = all.Count(r => Status(r).StartsWith("closed-", StringComparison.Ordinal) || Status(r) == "no-longer-applicable")
                .ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        Assert.True(all.Count > Rows, $"ICT has {all.Count} recommendations; the test needs more than {Rows}");

        // The board takes a change in just after it is durable: wait until the figures show it.
        string html;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            html = await HtmlAsync(ict, "/unit?culture=en");
            var shown = expected.Keys.ToDictionary(k => k, k => Tile(html, k));
            if (expected.All(e => shown[e.Key] == e.Value))
            {
                break;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the unit's figures {string.Join(", ", shown)} are not those of all its recommendations {string.Join(", ", expected)}");
            await Task.Delay(100);
        }

        // The list shows its first rows (not F1-R6) and says so, with the unit report, where all of them are.
        var listed = Listed(html, "rec");
        Assert.Equal(Rows, listed.Length);
        Assert.DoesNotContain("F1-R6", listed);
        var more = Note(html, "unit-more");
        Assert.True(more.Shown);
        Assert.Contains($"Showing the first {Rows} of {all.Count}", more.Text);
        var report = $"/api/v1/reports/{Http.Report}/units/ICT/follow-up.pdf?lang=en";
        Assert.Contains(report, more.Links);

        // The action plans are read from one recommendation here: the note says of how many, and where the rest are.
        var actions = Note(html, "unit-actions-more");
        Assert.True(actions.Shown);
        Assert.Contains($"Action plans of 1 of {all.Count} recommendations shown", actions.Text);
        Assert.Contains(report, actions.Links);
        var pdf = await ict.GetAsync(report);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_auditor_queue_is_sorted_before_it_is_cut_says_n_of_m_and_links_to_the_whole_list()
    {
        var ict = await Factory.ClientForAsync("ict");
        var auditor = await Factory.ClientForAsync("auditor");
        // O1-R2 comes last in the register but has waited longest; two earlier items follow it.
        foreach (var code in new[] { "O1-R2", "F1-R2", "F1-R3" })
        {
            await MoveAsync(ict, code, "implemented-pending-verification", 100);
        }
        var awaiting = (await AllAsync(auditor, $"reportId={Http.Report}&status=implemented-pending-verification"))
            .OrderBy(r => r!["updatedAt"]!.GetValue<DateTimeOffset>()).ThenBy(r => r!["id"]!.GetValue<string>(), StringComparer.Ordinal)
            .Select(r => r!["code"]!.GetValue<string>()).ToArray();
        Assert.True(awaiting.Length > Rows);
        Assert.Equal("O1-R2", awaiting[0]);

        // The API: the longest waiting, and the total.
        var queue = await auditor.GetJsonAsync($"/api/v1/auditor/queue?limit={Rows}");
        Assert.Equal(awaiting[..Rows], queue["awaitingVerification"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()));
        Assert.Equal(awaiting.Length, queue["awaitingVerificationTotal"]!.GetValue<int>());

        // The page: the same rows, the total in the heading, and "n of m" with the way to all of them.
        var html = await HtmlAsync(auditor, "/auditor?culture=en");
        Assert.Equal(awaiting[..Rows], Listed(html, "awaiting"));
        Assert.Equal(awaiting.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Tile(html, "count-awaiting"));
        var more = Note(html, "more-awaiting");
        Assert.True(more.Shown);
        Assert.Contains($"{Rows} of {awaiting.Length} shown", more.Text);
        Assert.Equal(["/auditor?list=awaiting"], more.Links);
        Assert.False(Note(html, "more-reopened").Shown);

        // The whole list, a page at a time, in the same order, ends with every item.
        var seen = new List<string>();
        var next = more.Links[0] + "&culture=en";
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 10, "the whole list does not end");
            var page = await HtmlAsync(auditor, next);
            seen.AddRange(Listed(page, "awaiting"));
            var note = Note(page, "more-awaiting");
            next = note.Links.FirstOrDefault(l => l.Contains("offset=", StringComparison.Ordinal) && Regex.Match(l, @"offset=(\d+)").Groups[1].Value == seen.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } link
                ? link + "&culture=en"
                : null;
        }
        Assert.Equal(awaiting, seen);

        // Bad input is refused, not guessed at.
        // A list or offset the page cannot use: 400, the page with its default, and a notice naming the value (PageQuery).
        await AssertRefusedAsync(auditor, "/auditor?list=everything", "list");
        await AssertRefusedAsync(auditor, "/auditor?list=awaiting&offset=-1", "offset");
        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync("/api/v1/auditor/queue?limit=0")).StatusCode);
    }

    [Fact]
    public async Task The_board_register_says_when_it_is_cut_and_where_the_whole_register_is()
    {
        var executive = await Factory.ClientForAsync("executive");
        var total = (await executive.GetJsonAsync($"/api/v1/recommendations?reportId={Http.Report}&limit=1"))["total"]!.GetValue<int>();
        var html = await HtmlAsync(executive, $"/board?report={Http.Report}&culture=en");
        var more = Note(html, "register-more");
        Assert.True(more.Shown);
        Assert.Contains($"Showing the first {Rows} of {total}", more.Text);
        Assert.Contains($"/api/v1/reports/{Http.Report}/register.xlsx?lang=en", more.Links);

        // All reports (here the one real report; with several, the link is to the report filter).
        var all = await HtmlAsync(executive, "/board?culture=en");
        var board = Note(all, "register-more");
        Assert.True(board.Shown);
        Assert.Equal(all.Contains("id=\"report-filter\"", StringComparison.Ordinal) ? ["#report-filter"] : [$"/api/v1/reports/{Http.Report}/register.xlsx?lang=en"],
            board.Links);
    }

    /// <summary>The page's data for its script (the JSON in <c>#page-data</c>).</summary>
    private static JsonNode PageData(string html) =>
        JsonNode.Parse(WebUtility.HtmlDecode(Regex.Match(html, "<script type=\"application/json\" id=\"page-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value))!;

    private static string[] Ids(JsonNode list) => list["items"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task The_unit_workspace_says_when_its_notifications_are_cut_and_lists_all_of_them_a_page_at_a_time()
    {
        var ict = await Factory.ClientForAsync("ict");
        // Today's overdue run (before the host serves) notified ICT of each overdue recommendation: more than a page lists.
        var all = await ict.GetJsonAsync("/api/v1/notifications?limit=500");
        var total = all["total"]!.GetValue<int>();
        var ids = Ids(all);
        Assert.True(total > Rows + 1, $"ICT has {total} notifications; the test needs more than {Rows + 1}");
        Assert.Equal(total, ids.Length);
        var unread = all["unread"]!.GetValue<int>();
        Assert.Equal(all["items"]!.AsArray().Count(n => !n!["read"]!.GetValue<bool>()), unread);

        // The API: a page at a time, each with the total; the unread ones counted the same way.
        var page = await ict.GetJsonAsync($"/api/v1/notifications?offset=1&limit={Rows}");
        Assert.Equal(ids[1..(1 + Rows)], Ids(page));
        Assert.Equal(total, page["total"]!.GetValue<int>());
        var unreadOnly = await ict.GetJsonAsync("/api/v1/notifications?unreadOnly=true&limit=1");
        Assert.Equal(unread, unreadOnly["total"]!.GetValue<int>());
        var refused = await ict.GetAsync("/api/v1/notifications?offset=-1");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid-offset", (await refused.JsonAsync())["code"]!.GetValue<string>());

        // The workspace lists the newest and says "n of m", with the way to all of them.
        var html = await HtmlAsync(ict, "/unit?culture=en");
        var more = Note(html, "notifications-more");
        Assert.True(more.Shown);
        Assert.Contains($"The newest {Rows} of {total} notifications shown", more.Text);
        Assert.Equal(["/unit?list=notifications"], more.Links);
        var data = PageData(html)["notifications"]!;
        Assert.Equal((false, 0, Rows), (data["only"]!.GetValue<bool>(), data["offset"]!.GetValue<int>(), data["limit"]!.GetValue<int>()));

        // All of them, a page at a time: each page lists the next ones (its script loads the page it names) and links on.
        var seen = new List<string>();
        var next = more.Links[0] + "&culture=en";
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages <= total, "the whole list does not end");
            var listPage = await HtmlAsync(ict, next);
            Assert.DoesNotContain("data-testid=\"unit-register\"", listPage, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"back-to-workspace\"", listPage, StringComparison.Ordinal);
            var pageData = PageData(listPage)["notifications"]!;
            Assert.True(pageData["only"]!.GetValue<bool>());
            var offset = pageData["offset"]!.GetValue<int>();
            Assert.Equal(seen.Count, offset);
            var listed = Ids(await ict.GetJsonAsync($"/api/v1/notifications?offset={offset}&limit={pageData["limit"]!.GetValue<int>()}"));
            seen.AddRange(listed);
            var note = Note(listPage, "notifications-more");
            Assert.True(note.Shown);
            Assert.Contains($"{listed.Length} of {total} shown", note.Text);
            next = note.Links.FirstOrDefault(l => Regex.Match(l, @"offset=(\d+)").Groups[1].Value == seen.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } link
                ? link + "&culture=en"
                : null;
        }
        Assert.Equal(ids, seen);

        // Bad input is refused, not guessed at.
        await AssertRefusedAsync(ict, "/unit?list=everything", "list");
        await AssertRefusedAsync(ict, "/unit?list=notifications&offset=-1", "offset");
    }

    [Fact]
    public async Task A_group_chart_that_leaves_groups_out_says_so_and_its_table_lists_every_group()
    {
        var executive = await Factory.ClientForAsync("executive");
        // The synthetic data set: three findings in each generated report, each a group of the by-finding chart.
        JsonNode board = null!;
        var clock = Stopwatch.StartNew();
        while ((board = await executive.GetJsonAsync("/api/v1/board?dataset=synthetic"))["byFinding"]!.AsArray().Count < 3 * SyntheticReports)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the synthetic reports were never seeded");
            await Task.Delay(200);
        }
        var findings = board["byFinding"]!.AsArray().Count;
        var units = board["byUnit"]!.AsArray().Count;
        Assert.True(findings > BoardModelBars, $"{findings} findings: the test needs more than a chart draws");
        Assert.True(units <= BoardModelBars);

        var html = await HtmlAsync(executive, "/board?dataset=synthetic&culture=en");
        var finding = Note(html, "chart-finding-more");
        Assert.True(finding.Shown);
        Assert.Contains($"The chart shows the {BoardModelBars} largest of {findings} groups", finding.Text);
        Assert.Equal(["#chart-finding-table"], finding.Links);
        Assert.Contains("id=\"chart-finding-table\"", html, StringComparison.Ordinal);
        var table = Regex.Match(html, "<tbody id=\"by-finding-body\">(.*?)</tbody>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(findings, Regex.Matches(table, "<tr>").Count);
        Assert.Equal(BoardModelBars, PageData(html)["chartBars"]!.GetValue<int>());
        Assert.False(Note(html, "chart-unit-more").Shown);
    }

    private const int BoardModelBars = Oversight.Web.Pages.BoardModel.ChartBars;

    /// <summary>The page answered 400 and still showed itself, with the notice naming <paramref name="parameter"/>.</summary>
    private static async Task AssertRefusedAsync(HttpClient client, string url, string parameter)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(parameter, PageRoutes.Refused(await response.Content.ReadAsStringAsync()));
    }
}
