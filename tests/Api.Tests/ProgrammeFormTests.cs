using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using static Oversight.Api.Tests.MonitoringTestKit;

namespace Oversight.Api.Tests;

/// <summary>
/// The programme pages' remaining forms: an indicator's target (/indicators/{code}) and a dataset's quality scores
/// (/agencies/{id}). Each role gets from the page what it gets from the REST route (the same grain call decides), a
/// date is typed in B.E. on the Thai page and lands as ISO, and bad input is a 400 that keeps what was typed and
/// changes nothing. The contract forms read dates the same way.
/// </summary>
public sealed partial class ProgrammePageTests
{
    private const string Indicator = "IND-LBDA-REG"; // measures ICT's F1-R6
    private const string Agency = "doae";
    private const string Dataset = "doae-farmer-registry";

    private static readonly string[] Writers = ["executive", "auditor", "admin", "ict", "ilpo", "jsc"];

    /// <summary>The page's text without the word-break marks the Thai line-breaking adds (span.tw, wbr).</summary>
    private static string Words(string html) => System.Text.RegularExpressions.Regex.Replace(html, "<span class=\"tw\">|</span>|<wbr>", "");

    /// <summary>dd/mm/yyyy as typed on the Thai pages: the year in B.E.</summary>
    private static string Be(DateOnly date) => $"{date.Day:00}/{date.Month:00}/{date.Year + 543}";

    /// <summary>What a page's answer to a form means, as an API status: the redirect back with ?done= is a 200, to the access-denied page a 403.</summary>
    private static HttpStatusCode Outcome(HttpResponseMessage page)
    {
        if (page.StatusCode != HttpStatusCode.Redirect)
        {
            return page.StatusCode;
        }
        var location = page.Headers.Location!.OriginalString;
        return location.Contains("done=", StringComparison.Ordinal) ? HttpStatusCode.OK
            : location.Contains("/account/denied", StringComparison.Ordinal) ? HttpStatusCode.Forbidden
            : page.StatusCode;
    }

    private async Task<JsonNode> IndicatorAsync() =>
        (await (await factory.ClientForAsync("executive")).GetJsonAsync($"/api/v1/indicators/{Indicator}"))["indicator"]!;

    private async Task<JsonNode> DatasetAsync() =>
        (await (await factory.ClientForAsync("executive")).GetJsonAsync("/api/v1/data-exchange"))["agencies"]!.AsArray()
            .Single(a => a!["agency"]!["id"]!.GetValue<string>() == Agency)!;

    /// <summary>Waits (polling, bounded) until the board's view of the item shows a write.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"never saw {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task The_target_form_answers_each_role_as_the_api_does_and_stores_a_BE_date_as_ISO()
    {
        var seen = new HashSet<HttpStatusCode>();
        foreach (var (user, i) in Writers.Select((u, i) => (u, i)))
        {
            var date = Today.AddYears(1).AddDays(i);
            var api = await (await factory.ClientForAsync(user)).PutJsonAsync($"/api/v1/indicators/{Indicator}/target", new { target = 70 + i, targetDate = Iso(date) });
            var browser = await SignInAsync(user);
            var page = await PostFormAsync(browser, $"/indicators/{Indicator}", "Target", new()
            {
                ["target"] = (80 + i).ToString(CultureInfo.InvariantCulture), ["targetDate"] = Be(date.AddDays(10)),
            }, formFromPage: false);
            Assert.True(api.StatusCode == Outcome(page), $"{user}: the page answered {(int)page.StatusCode} {page.Headers.Location}, the API {(int)api.StatusCode}");
            seen.Add(api.StatusCode);
            if (api.StatusCode == HttpStatusCode.OK)
            {
                // The page's write (after the API's) is the one that stands: its B.E. date stored as ISO.
                var expected = Iso(date.AddDays(10));
                await EventuallyAsync(async () => (await IndicatorAsync())["targetDate"]?.GetValue<string>() == expected, $"{user}'s target date {expected}");
                Assert.Equal(80 + i, (await IndicatorAsync())["target"]!.GetValue<double>());
            }
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Forbidden], seen.Order());
        // The form is offered to exactly those the grain lets write.
        Assert.Contains("data-testid=\"target-form\"", await HtmlAsync(await SignInAsync("auditor"), $"/indicators/{Indicator}"));
        Assert.DoesNotContain("data-testid=\"target-form\"", await HtmlAsync(await SignInAsync("executive"), $"/indicators/{Indicator}"));
        Assert.DoesNotContain("data-testid=\"target-form\"", await HtmlAsync(await SignInAsync("ict"), $"/indicators/{Indicator}"));
    }

    [Fact]
    public async Task A_refused_target_keeps_what_was_typed_shows_why_beside_it_and_changes_nothing()
    {
        var auditor = await SignInAsync("auditor");
        var before = await IndicatorAsync();
        var version = before["version"]!.GetValue<long>();
        async Task<string> RefusedAsync(Dictionary<string, string> fields, HttpStatusCode status, string keptValue, string? besideField)
        {
            fields.TryAdd("expectedVersion", version.ToString(CultureInfo.InvariantCulture));
            var answer = await PostFormAsync(auditor, $"/indicators/{Indicator}", "Target", fields);
            Assert.Equal(status, answer.StatusCode);
            var html = await answer.Content.ReadAsStringAsync();
            Assert.Contains($"value=\"{keptValue}\"", html);
            if (besideField is not null)
            {
                Assert.Matches($"id=\"target-{besideField}-error\"", html);
            }
            Assert.Equal(version, (await IndicatorAsync())["version"]!.GetValue<long>());
            return html;
        }

        var future = Be(Today.AddYears(2));
        await RefusedAsync(new() { ["target"] = "แปดสิบ", ["targetDate"] = future }, HttpStatusCode.BadRequest, "แปดสิบ", "target");
        await RefusedAsync(new() { ["target"] = "80", ["baseline"] = "1e999", ["targetDate"] = future }, HttpStatusCode.BadRequest, "1e999", "baseline");
        // A C.E. year typed on the Thai page: the shared parser's message, beside the date.
        var ce = await RefusedAsync(new() { ["target"] = "80", ["targetDate"] = $"31/12/{Today.Year + 2}" }, HttpStatusCode.BadRequest, $"31/12/{Today.Year + 2}", "targetDate");
        Assert.Contains("พ.ศ.", Words(ce));
        // The grain's rules: a target date not in the future, a period that does not parse.
        await RefusedAsync(new() { ["target"] = "80", ["targetDate"] = Be(Today) }, HttpStatusCode.BadRequest, Be(Today), "targetDate");
        await RefusedAsync(new() { ["target"] = "80", ["targetDate"] = future, ["baselinePeriod"] = "June" }, HttpStatusCode.BadRequest, "June", "baselinePeriod");
        // A stale version: a 409 at the top of the form with a reload link, what was typed kept.
        var stale = await RefusedAsync(new() { ["target"] = "91.5", ["targetDate"] = future, ["expectedVersion"] = (version - 1).ToString(CultureInfo.InvariantCulture) },
            HttpStatusCode.Conflict, "91.5", null);
        Assert.Contains("data-testid=\"target-error\"", stale);
        Assert.Contains("data-testid=\"conflict-reload\"", stale);
        Assert.Equal(before["target"]?.ToJsonString(), (await IndicatorAsync())["target"]?.ToJsonString());
    }

    [Fact]
    public async Task The_score_form_answers_each_role_as_the_api_does_and_stores_a_BE_date_as_ISO()
    {
        var seen = new HashSet<HttpStatusCode>();
        foreach (var (user, i) in Writers.Select((u, i) => (u, i)))
        {
            var api = await (await factory.ClientForAsync(user)).PostJsonAsync($"/api/v1/agencies/{Agency}/datasets/{Dataset}/scores",
                new { scores = new Dictionary<string, int> { ["accuracy"] = 40 + i }, scoredOn = Iso(Today.AddDays(-1)) });
            var browser = await SignInAsync(user);
            var scoredOn = Today.AddDays(-2 - i);
            var page = await PostFormAsync(browser, $"/agencies/{Agency}", "Score", new()
            {
                ["datasetId"] = Dataset, ["score.accuracy"] = (50 + i).ToString(CultureInfo.InvariantCulture), ["score.timeliness"] = "๖๐", ["scoredOn"] = Be(scoredOn),
            }, formFromPage: false);
            Assert.True(api.StatusCode == Outcome(page), $"{user}: the page answered {(int)page.StatusCode} {page.Headers.Location}, the API {(int)api.StatusCode}");
            seen.Add(api.StatusCode);
            if (api.StatusCode == HttpStatusCode.OK)
            {
                JsonNode? Score(JsonNode agency, string dimension) => agency["datasets"]!.AsArray().Single(d => d!["dataset"]!["id"]!.GetValue<string>() == Dataset)!
                    ["dataset"]!["scores"]!.AsArray().SingleOrDefault(s => s!["dimension"]!.GetValue<string>() == dimension);
                await EventuallyAsync(async () => Score(await DatasetAsync(), "accuracy")?["score"]?.GetValue<int>() == 50 + i, $"{user}'s score");
                var agency = await DatasetAsync();
                Assert.Equal(Iso(scoredOn), Score(agency, "accuracy")!["scoredOn"]!.GetValue<string>());
                Assert.Equal(60, Score(agency, "timeliness")!["score"]!.GetValue<int>());
            }
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Forbidden], seen.Order());
        Assert.Contains($"data-testid=\"score-{Dataset}\"", await HtmlAsync(await SignInAsync("ict"), $"/agencies/{Agency}"));
        Assert.DoesNotContain($"data-testid=\"score-{Dataset}\"", await HtmlAsync(await SignInAsync("executive"), $"/agencies/{Agency}"));
    }

    [Fact]
    public async Task A_refused_score_keeps_what_was_typed_shows_why_and_changes_nothing()
    {
        var ict = await SignInAsync("ict");
        var before = await DatasetAsync();
        var version = before["agency"]!["version"]!.GetValue<long>();
        async Task<string> RefusedAsync(Dictionary<string, string> fields, HttpStatusCode status, string keptValue)
        {
            fields["datasetId"] = Dataset;
            fields.TryAdd("expectedVersion", version.ToString(CultureInfo.InvariantCulture));
            var answer = await PostFormAsync(ict, $"/agencies/{Agency}", "Score", fields);
            Assert.Equal(status, answer.StatusCode);
            var html = await answer.Content.ReadAsStringAsync();
            Assert.Contains($"value=\"{keptValue}\"", html);
            var after = await DatasetAsync();
            Assert.Equal(version, after["agency"]!["version"]!.GetValue<long>());
            Assert.Equal(before["datasets"]!.ToJsonString(), after["datasets"]!.ToJsonString());
            return html;
        }

        var yesterday = Be(Today.AddDays(-1));
        Assert.Contains($"id=\"score-{Dataset}-scores-error\"", await RefusedAsync(new() { ["score.accuracy"] = "ดี", ["scoredOn"] = yesterday }, HttpStatusCode.BadRequest, "ดี"));
        Assert.Contains($"id=\"score-{Dataset}-scores-error\"", await RefusedAsync(new() { ["score.accuracy"] = "101", ["scoredOn"] = yesterday }, HttpStatusCode.BadRequest, "101"));
        Assert.Contains($"id=\"score-{Dataset}-scores-error\"", await RefusedAsync(new() { ["score.accuracy"] = "", ["scoredOn"] = yesterday }, HttpStatusCode.BadRequest, yesterday));
        Assert.Contains($"id=\"score-{Dataset}-scoredOn-error\"", await RefusedAsync(new() { ["score.accuracy"] = "70", ["scoredOn"] = "31/02/2569" }, HttpStatusCode.BadRequest, "31/02/2569"));
        Assert.Contains($"id=\"score-{Dataset}-scoredOn-error\"", await RefusedAsync(new() { ["score.accuracy"] = "70", ["scoredOn"] = Be(Today.AddDays(3)) }, HttpStatusCode.BadRequest, Be(Today.AddDays(3))));
        var stale = await RefusedAsync(new() { ["score.accuracy"] = "72", ["scoredOn"] = yesterday, ["expectedVersion"] = (version - 1).ToString(CultureInfo.InvariantCulture) },
            HttpStatusCode.Conflict, "72");
        Assert.Contains("data-testid=\"score-error\"", stale);
        Assert.Contains("data-testid=\"conflict-reload\"", stale);
        Assert.Contains($"<details class=\"score-form\" id=\"score-{Dataset}\" open", stale);
    }

    [Fact]
    public async Task A_contract_date_is_typed_in_BE_on_the_Thai_page_and_in_CE_on_the_English_one()
    {
        var ict = await SignInAsync("ict");
        async Task<JsonNode> ContractAsync() =>
            (await (await factory.ClientForAsync("executive")).GetJsonAsync($"/api/v1/contracts/{NlicPlan}"))["contract"]!;
        var version = (await ContractAsync())["version"]!.GetValue<long>();
        var since = Today.AddDays(-3);

        // A B.E. date on the English page is refused beside the field, what was typed kept; nothing changes.
        var english = await PostFormAsync(ict, $"/contracts/{NlicPlan}", "Blocker&culture=en", new()
        {
            ["reasonTh"] = "รอผลการจัดซื้อ", ["since"] = Be(since), ["owner"] = "ICT", ["expectedVersion"] = version.ToString(CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.BadRequest, english.StatusCode);
        var html = await english.Content.ReadAsStringAsync();
        Assert.Contains($"value=\"{Be(since)}\"", html);
        Assert.Contains("id=\"blocker-since-error\"", html);
        Assert.DoesNotContain("data-testid=\"blocker-error\"", html);
        Assert.Equal(version, (await ContractAsync())["version"]!.GetValue<long>());

        // The same date in B.E. on the Thai page is stored as ISO.
        var thai = await PostFormAsync(ict, $"/contracts/{NlicPlan}", "Blocker", new()
        {
            ["reasonTh"] = "รอผลการจัดซื้อ", ["since"] = Be(since), ["owner"] = "ICT", ["expectedVersion"] = version.ToString(CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, thai.StatusCode);
        await EventuallyAsync(async () => (await ContractAsync())["blockers"]!.AsArray().Any(b => b!["since"]?.GetValue<string>() == Iso(since)), "the blocker's date");
    }
}
