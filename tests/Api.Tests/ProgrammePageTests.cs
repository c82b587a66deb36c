using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Oversight.Grains.Abstractions.Common;
using static Oversight.Api.Tests.MonitoringTestKit;

namespace Oversight.Api.Tests;

/// <summary>
/// The programme pages (contracts, offices, e-services, agencies, indicators, their indexes; import; API keys; the
/// recommendation page's indicators): each role gets what the REST API gives it (the same item is a 200, 403 or 404
/// on both), lists are narrowed the same way, figures show their source and as-of date, Thai text is shown as text
/// and never as markup, and the contract forms write through the grain (refused writes change nothing).
/// </summary>
public sealed partial class ProgrammePageTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private const string InformalContract = "fy2565-informal-labour-system"; // ILPO's
    private const string NlicPlan = "nlic-plan"; // ICT's

    private static readonly string[] Officers = ["ict", "ilpo", "jsc", "spd"];

    // ---------------------------------------------------------------- who opens what

    [Fact]
    public async Task Every_item_page_answers_each_reader_as_the_api_item_route_does()
    {
        var executive = await factory.ClientForAsync("executive");
        var contracts = (await executive.GetJsonAsync("/api/v1/contracts")).AsArray().Select(c => c!["id"]!.GetValue<string>()).ToArray();
        var indicators = (await executive.GetJsonAsync("/api/v1/indicators")).AsArray().Select(i => i!["code"]!.GetValue<string>()).ToArray();
        Assert.Contains(InformalContract, contracts);
        Assert.True(indicators.Length >= 9);
        var pairs = contracts.Select(id => ($"/contracts/{id}", $"/api/v1/contracts/{id}"))
            .Concat(indicators.Select(code => ($"/indicators/{code}", $"/api/v1/indicators/{code}")))
            .Concat(new[] { "10", "50", "96" }.Select(code => ($"/provinces/{code}", $"/api/v1/provinces/{code}")))
            .Concat([("/contracts/no-such-contract", "/api/v1/contracts/no-such-contract"), ("/indicators/IND-NONE", "/api/v1/indicators/IND-NONE"),
                ("/provinces/99", "/api/v1/provinces/99"), ("/provinces/bkk", "/api/v1/provinces/bkk")])
            .ToArray();

        var readers = new List<(string Who, HttpClient Client)>();
        foreach (var user in new[] { "executive", "auditor", "admin" }.Concat(Officers))
        {
            readers.Add((user, await factory.ClientForAsync(user)));
        }
        readers.Add(("plo50", await ProvincialOfficerAsync(factory, "50")));

        var seen = new HashSet<HttpStatusCode>();
        foreach (var (who, client) in readers)
        {
            foreach (var (page, api) in pairs)
            {
                var expected = (await client.GetAsync(api)).StatusCode;
                var actual = (await client.GetAsync(page)).StatusCode;
                Assert.True(expected == actual, $"{who}: {page} answered {(int)actual}, {api} {(int)expected}");
                seen.Add(actual);
            }
        }
        // The comparison covered readable, another unit's and missing items.
        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.NotFound }, seen.Order().ToArray());
    }

    [Fact]
    public async Task E_service_and_agency_pages_open_for_exactly_the_readers_whose_api_lists_hold_them()
    {
        var executive = await factory.ClientForAsync("executive");
        var services = (await executive.GetJsonAsync("/api/v1/eservices"))["items"]!.AsArray().Select(s => s!["service"]!["id"]!.GetValue<string>()).ToArray();
        var agencies = (await executive.GetJsonAsync("/api/v1/data-exchange"))["agencies"]!.AsArray().Select(a => a!["agency"]!["id"]!.GetValue<string>()).ToArray();
        Assert.Contains("doae", agencies);
        Assert.True(services.Length > 3);

        foreach (var user in new[] { "executive", "admin" }.Concat(Officers))
        {
            var client = await factory.ClientForAsync(user);
            var mine = (await client.GetJsonAsync("/api/v1/eservices"))["items"]!.AsArray().Select(s => s!["service"]!["id"]!.GetValue<string>()).ToHashSet();
            foreach (var id in services.Take(6))
            {
                Assert.Equal(mine.Contains(id) ? HttpStatusCode.OK : HttpStatusCode.Forbidden, (await client.GetAsync($"/eservices/{id}")).StatusCode);
            }
            var myAgencies = (await client.GetJsonAsync("/api/v1/data-exchange"))["agencies"]!.AsArray().Select(a => a!["agency"]!["id"]!.GetValue<string>()).ToHashSet();
            foreach (var id in agencies.Take(3))
            {
                Assert.Equal(myAgencies.Contains(id) ? HttpStatusCode.OK : HttpStatusCode.Forbidden, (await client.GetAsync($"/agencies/{id}")).StatusCode);
            }
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/eservices/no-such-service")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/agencies/no-such-agency")).StatusCode);
        }
        // The rule is the ICT Centre's data exchange: its officer reads an agency, another unit's officer does not.
        Assert.Equal(HttpStatusCode.OK, (await (await factory.ClientForAsync("ict")).GetAsync("/agencies/doae")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.ClientForAsync("ilpo")).GetAsync("/agencies/doae")).StatusCode);
    }

    [Fact]
    public async Task A_provincial_officer_opens_their_own_office_only_and_the_index_lists_only_it()
    {
        var plo10 = await ProvincialOfficerAsync(factory, "10");
        Assert.Equal(HttpStatusCode.OK, (await plo10.GetAsync("/provinces/10")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await plo10.GetAsync("/provinces/50")).StatusCode);
        var index = await HtmlAsync(plo10, "/provinces");
        Assert.Contains("data-testid=\"province-10\"", index);
        Assert.Single(ProvinceRow().Matches(index));
        // Nothing of the other units' programme either.
        Assert.Equal(HttpStatusCode.Forbidden, (await plo10.GetAsync($"/contracts/{InformalContract}")).StatusCode);
        Assert.DoesNotContain($"/contracts/{InformalContract}", await HtmlAsync(plo10, "/contracts"));
        Assert.Contains("data-testid=\"not-yours\"", await HtmlAsync(plo10, "/agencies"));
    }

    [Fact]
    public async Task Index_pages_list_what_the_api_lists_and_no_other_units_recommendation()
    {
        var executive = await factory.ClientForAsync("executive");
        var recommendations = (await executive.GetJsonAsync("/api/v1/recommendations?limit=500"))["items"]!.AsArray()
            .ToDictionary(i => i!["id"]!.GetValue<string>(), i => i!["units"]!.AsArray().Select(u => u!.GetValue<string>()).ToArray());
        foreach (var user in new[] { "executive" }.Concat(Officers))
        {
            var client = await factory.ClientForAsync(user);
            var contracts = (await client.GetJsonAsync("/api/v1/contracts")).AsArray().Select(c => c!["id"]!.GetValue<string>()).ToArray();
            var contractsPage = await HtmlAsync(client, "/contracts");
            Assert.Equal(contracts.Order(), ContractLink().Matches(contractsPage).Select(m => m.Groups[1].Value).Distinct().Order());
            var indicators = (await client.GetJsonAsync("/api/v1/indicators")).AsArray().Select(i => i!["code"]!.GetValue<string>()).ToArray();
            var indicatorsPage = await HtmlAsync(client, "/indicators");
            Assert.Equal(indicators.Order(), IndicatorLink().Matches(indicatorsPage).Select(m => m.Groups[1].Value).Distinct().Order());
            if (user == "executive")
            {
                continue;
            }
            var unit = user.ToUpperInvariant();
            // The REST item routes name no other unit's recommendation either, not even inside a recorded list.
            foreach (var api in contracts.Select(c => $"/api/v1/contracts/{c}").Concat(indicators.Select(i => $"/api/v1/indicators/{i}")))
            {
                var json = await (await client.GetAsync(api)).Content.ReadAsStringAsync();
                var leaked = recommendations.Where(r => !r.Value.Contains(unit) && json.Contains(r.Key, StringComparison.Ordinal)).Select(r => r.Key).ToArray();
                Assert.True(leaked.Length == 0, $"{user} {api} names {string.Join(", ", leaked)}");
            }
            foreach (var page in new[] { "/contracts", "/indicators", "/provinces", "/eservices", "/agencies" }
                         .Concat(contracts.Select(c => $"/contracts/{c}")).Concat(indicators.Select(i => $"/indicators/{i}")))
            {
                var html = await HtmlAsync(client, page);
                var leaked = recommendations.Where(r => !r.Value.Contains(unit) && html.Contains(r.Key, StringComparison.Ordinal)).Select(r => r.Key).ToArray();
                Assert.True(leaked.Length == 0, $"{user} {page} shows {string.Join(", ", leaked)}");
            }
        }
    }

    [Fact]
    public async Task Import_and_api_key_pages_are_the_administrators_and_sign_in_comes_first()
    {
        foreach (var page in new[] { "/import", "/admin/api-keys" })
        {
            Assert.Equal(HttpStatusCode.OK, (await (await factory.ClientForAsync("admin")).GetAsync(page)).StatusCode);
            foreach (var user in new[] { "executive", "auditor", "ict" })
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.ClientForAsync(user)).GetAsync(page)).StatusCode);
            }
            var anonymous = await (await factory.ClientForAsync(null)).GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Equal("/account/login", new Uri(factory.Server.BaseAddress, anonymous.Headers.Location!).AbsolutePath);
        }
        foreach (var page in new[] { "/contracts", "/provinces", "/eservices", "/agencies", "/indicators", $"/contracts/{NlicPlan}" })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await (await factory.ClientForAsync(null)).GetAsync(page)).StatusCode);
        }
        // The navigation offers them to the administrator only.
        var adminHome = await HtmlAsync(await factory.ClientForAsync("admin"), "/indicators");
        Assert.Contains("data-testid=\"nav-import\"", adminHome);
        Assert.Contains("data-testid=\"nav-api-keys\"", adminHome);
        var officerHome = await HtmlAsync(await factory.ClientForAsync("ict"), "/indicators");
        Assert.Contains("data-testid=\"nav-programme\"", officerHome);
        Assert.DoesNotContain("nav-import", officerHome);
        Assert.DoesNotContain("nav-api-keys", officerHome);
    }

    // ---------------------------------------------------------------- what the pages show

    [Fact]
    public async Task A_figure_on_a_page_shows_its_source_and_as_of_date_in_BE_and_synthetic_figures_are_marked()
    {
        var (_, key) = await CreateKeyAsync(factory, "lbda-pages", "metrics:write");
        var asOf = Today.AddDays(-3);
        var period = Today.AddMonths(-2).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var response = await SendAsync(KeyClient(factory, key), Observation("lbda-pages", "lbda.registered-staff", "province:12", period, 17, Iso(asOf)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var executive = await factory.ClientForAsync("executive");
        var html = await HtmlAsync(executive, "/provinces/12");
        var table = Regex.Match(html, "data-testid=\"lbda.registered-staff-series\".*?</table>", RegexOptions.Singleline).Value;
        var row = Regex.Match(table, $"<tr data-period=\"{period}\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("lbda-pages", row);
        Assert.Contains(ThaiDates.Short(asOf, "th"), row); // B.E.: "d MMM yy" in the Thai Buddhist calendar
        Assert.Contains($"datetime=\"{Iso(asOf)}\"", row);
        Assert.DoesNotContain("data-testid=\"synthetic\"", row);

        // Demo figures elsewhere on the page say they are synthetic, in words.
        Assert.Contains("data-testid=\"synthetic\"", html);
        Assert.Contains("ข้อมูลสังเคราะห์ ไม่ใช่ข้อมูลจริง", html);
        Assert.Contains("แหล่งข้อมูล", html);

        // In English the same date is C.E.
        var english = await HtmlAsync(executive, "/provinces/12?culture=en");
        Assert.Contains(ThaiDates.Short(asOf, "en"), english);

        // Every figure block on the contract page has its provenance line with a source and an as-of date.
        var contract = await HtmlAsync(executive, $"/contracts/{InformalContract}");
        var figures = Regex.Matches(contract, "<span class=\"pfig\".*?</small></span>", RegexOptions.Singleline);
        Assert.True(figures.Count > 5, $"only {figures.Count} figures");
        Assert.All(figures, f => Assert.Contains("data-prov=\"source\"", f.Value));
        Assert.All(figures, f => Assert.Contains("data-prov=\"as-of\"", f.Value));
    }

    [Fact]
    public async Task The_recommendation_page_shows_the_indicators_that_measure_it_linked_to_their_pages()
    {
        var ict = await factory.ClientForAsync("ict");
        var html = await HtmlAsync(ict, $"/recommendations/{Http.Rec("F1-R6")}");
        var section = Regex.Match(html, "data-testid=\"linked-indicators\".*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("data-testid=\"linked-indicator-IND-LBDA-REG\"", section);
        Assert.Contains("href=\"/indicators/IND-LBDA-REG\"", section);
        Assert.Contains("data-prov=\"as-of\"", section);
        Assert.DoesNotContain("IND-INFORMAL-COVERAGE", section);
        // The same indicators as the REST detail gives.
        var api = await ict.GetJsonAsync($"/api/v1/recommendations/{Http.Rec("F1-R6")}");
        var codes = api["indicators"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).ToArray();
        Assert.Equal(codes.Order(), Regex.Matches(section, "data-testid=\"linked-indicator-([A-Z-]+)\"").Select(m => m.Groups[1].Value).Order());
        // And the indicator page lists the recommendation back.
        Assert.Contains($"href=\"/recommendations/{Http.Rec("F1-R6")}\"", await HtmlAsync(ict, "/indicators/IND-LBDA-REG"));
    }

    // ---------------------------------------------------------------- writing through the contract page

    [Fact]
    public async Task A_blocker_raised_on_the_page_is_written_by_the_grain_and_its_Thai_text_shown_as_text()
    {
        var browser = await SignInAsync("ict");
        var before = await VersionOfAsync(NlicPlan);

        // Markup is refused by the text rule (nothing changes) and what was typed comes back as text, not markup.
        var markup = await PostFormAsync(browser, $"/contracts/{NlicPlan}", "Blocker", new()
        {
            ["reasonTh"] = "<script>alert(1)</script> งบประมาณ", ["since"] = Iso(Today.AddDays(-2)), ["owner"] = "ICT", ["expectedVersion"] = before.ToString(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, markup.StatusCode);
        var refused = await markup.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"blocker-error\"", refused);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; งบประมาณ</textarea>", refused);
        Assert.DoesNotContain("<script>alert", refused);
        Assert.Equal(before, await VersionOfAsync(NlicPlan));

        var reason = "รอ <มติ ครม.> & \"งบประมาณ\" ปี 2570";
        var posted = await PostFormAsync(browser, $"/contracts/{NlicPlan}", "Blocker", new()
        {
            ["reasonTh"] = reason, ["reasonEn"] = "budget < request & \"plan\"", ["since"] = Iso(Today.AddDays(-2)), ["owner"] = "ICT",
            ["expectedVersion"] = before.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/contracts/{NlicPlan}?done=blocker#blocker", posted.Headers.Location!.OriginalString);
        Assert.Equal(before + 1, await VersionOfAsync(NlicPlan));

        var html = await HtmlAsync(browser, $"/contracts/{NlicPlan}?done=blocker");
        Assert.Contains("data-testid=\"done\"", html);
        Assert.Contains("รอ &lt;มติ ครม.&gt; &amp; &quot;งบประมาณ&quot; ปี 2570", html);
        Assert.DoesNotContain("<มติ", html);
        // The history shows the event (in Thai) with its place in the hash chain.
        var history = Regex.Match(html, "data-testid=\"history\".*?</ol>", RegexOptions.Singleline).Value;
        Assert.Contains("<strong>บันทึกอุปสรรค</strong>", history);
        Assert.Contains("&lt;มติ ครม.&gt;", history);
        Assert.Matches("class=\"hash\" title=\"[0-9a-f]{64}\"", history);

        // In English the English text, escaped too.
        var english = await HtmlAsync(browser, $"/contracts/{NlicPlan}?culture=en");
        Assert.Contains("budget &lt; request &amp; &quot;plan&quot;", english);
        Assert.Contains("<strong>Blocker raised</strong>", english);
    }

    [Fact]
    public async Task Refused_contract_writes_on_the_page_change_nothing_and_keep_what_was_typed()
    {
        var ict = await SignInAsync("ict");
        var version = await VersionOfAsync(NlicPlan);

        // A stale version: 409, the note kept in the form, the version unchanged.
        var stale = await PostFormAsync(ict, $"/contracts/{NlicPlan}", "Deliver", new()
        {
            ["milestoneId"] = "plan", ["deliveredOn"] = Iso(Today.AddDays(-1)), ["note"] = "ส่งแผนฉบับร่างแล้ว", ["expectedVersion"] = (version - 1).ToString(),
        });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var staleHtml = await stale.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"deliver-error\"", staleHtml);
        Assert.Contains("data-testid=\"conflict-reload\"", staleHtml);
        Assert.Contains(">ส่งแผนฉบับร่างแล้ว</textarea>", staleHtml);
        Assert.Contains($"name=\"expectedVersion\" value=\"{version}\"", staleHtml);
        Assert.Equal(version, await VersionOfAsync(NlicPlan));

        // A date in the future: the grain's rule, a 400, nothing changes.
        var future = await PostFormAsync(ict, $"/contracts/{NlicPlan}", "Deliver", new()
        {
            ["milestoneId"] = "plan", ["deliveredOn"] = Iso(Today.AddDays(5)), ["note"] = "ล่วงหน้า", ["expectedVersion"] = version.ToString(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains(">ล่วงหน้า</textarea>", await future.Content.ReadAsStringAsync());
        Assert.Equal(version, await VersionOfAsync(NlicPlan));

        // No date at all.
        var missing = await PostFormAsync(ict, $"/contracts/{NlicPlan}", "Extend", new()
        {
            ["milestoneId"] = "plan", ["newDate"] = "", ["grounds"] = "รอผลการสำรวจ", ["approvedBy"] = "ผอ.ศทส.", ["expectedVersion"] = version.ToString(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var missingHtml = await missing.Content.ReadAsStringAsync();
        Assert.Contains(">รอผลการสำรวจ</textarea>", missingHtml);
        Assert.Contains("value=\"ผอ.ศทส.\"", missingHtml);

        // An executive reads the contract but the grain refuses the write; the page offers no forms.
        var executive = await SignInAsync("executive");
        Assert.Contains("data-testid=\"read-only\"", await HtmlAsync(executive, $"/contracts/{NlicPlan}"));
        var refused = await PostFormAsync(executive, $"/contracts/{NlicPlan}", "Blocker", new()
        {
            ["reasonTh"] = "ไม่ควรบันทึกได้", ["since"] = Iso(Today), ["owner"] = "ICT", ["expectedVersion"] = version.ToString(),
        }, formPage: $"/contracts/{NlicPlan}", formFromPage: false);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(version, await VersionOfAsync(NlicPlan));

        // Another unit's officer cannot even read it: sent to the access-denied page, nothing changes.
        var ilpo = await SignInAsync("ilpo");
        var other = await PostFormAsync(ilpo, $"/contracts/{NlicPlan}", "Blocker", new()
        {
            ["reasonTh"] = "ไม่ควรบันทึกได้", ["since"] = Iso(Today), ["owner"] = "ICT", ["expectedVersion"] = version.ToString(),
        }, formPage: $"/contracts/{InformalContract}", formFromPage: false);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Equal("/account/denied", new Uri(factory.Server.BaseAddress, other.Headers.Location!).AbsolutePath);
        Assert.Equal(version, await VersionOfAsync(NlicPlan));

        // The responsible officer's good write goes through, and the page shows the delivery.
        var delivered = await PostFormAsync(ict, $"/contracts/{NlicPlan}", "Deliver", new()
        {
            ["milestoneId"] = "plan", ["deliveredOn"] = Iso(Today.AddDays(-1)), ["note"] = "ส่งแผนแล้ว", ["expectedVersion"] = version.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, delivered.StatusCode);
        var contract = (await (await factory.ClientForAsync("executive")).GetJsonAsync($"/api/v1/contracts/{NlicPlan}"))["contract"]!;
        Assert.Equal(Iso(Today.AddDays(-1)), contract["milestones"]!.AsArray().First(m => m!["id"]!.GetValue<string>() == "plan")!["deliveredOn"]!.GetValue<string>());
        Assert.Contains(ThaiDates.Short(Today.AddDays(-1), "th"), await HtmlAsync(ict, $"/contracts/{NlicPlan}"));
    }

    /// <summary>
    /// Every kind of item page shows the item's own hash-chained history, newest first, each event named in Thai (never
    /// its raw type) with its link in the chain; a change made through the API is at the top of the page at once, with
    /// what it changed.
    /// </summary>
    [Fact]
    public async Task Province_e_service_agency_and_indicator_pages_show_their_history_and_a_change_at_the_top()
    {
        var auditor = await factory.ClientForAsync("auditor");
        var service = (await auditor.GetJsonAsync("/api/v1/eservices"))["items"]!.AsArray()[0]!["service"]!["id"]!.GetValue<string>();
        var agency = (await auditor.GetJsonAsync("/api/v1/data-exchange"))["agencies"]!.AsArray().First(a => a!["datasets"]!.AsArray().Count > 0)!;
        var agencyId = agency["agency"]!["id"]!.GetValue<string>();
        var dataset = agency["datasets"]!.AsArray()[0]!["dataset"]!["id"]!.GetValue<string>();
        var indicator = (await auditor.GetJsonAsync("/api/v1/indicators")).AsArray()[0]!["code"]!.GetValue<string>();

        var pages = new[] { "/provinces/10", $"/eservices/{service}", $"/agencies/{agencyId}", $"/indicators/{indicator}" };
        var tops = new Dictionary<string, int>();
        foreach (var page in pages)
        {
            var entries = HistoryEntries(await HtmlAsync(auditor, page));
            Assert.True(entries.Count > 0, $"{page} shows no history");
            Assert.Equal(entries.Select(e => e.Seq).OrderDescending(), entries.Select(e => e.Seq)); // newest first
            Assert.All(entries, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash));
            Assert.All(entries, e => Assert.DoesNotMatch("^[a-z]+(-[a-z]+)+$", e.Label)); // "dataset-scored" is a raw type
            tops[page] = entries[0].Seq;
        }

        using var scored = await auditor.PostJsonAsync($"/api/v1/agencies/{agencyId}/datasets/{dataset}/scores",
            new { scores = new Dictionary<string, int> { ["completeness"] = 64 }, scoredOn = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
        using var target = await auditor.PutJsonAsync($"/api/v1/indicators/{indicator}/target", new { target = 73.5, targetDate = "2030-09-30" });
        Assert.Equal(HttpStatusCode.OK, target.StatusCode);

        foreach (var (page, wanted) in new[] { ($"/agencies/{agencyId}", "64"), ($"/indicators/{indicator}", "73.5") })
        {
            var html = await HtmlAsync(auditor, page);
            var top = HistoryEntries(html)[0];
            Assert.Equal(tops[page] + 1, top.Seq);
            Assert.Contains(wanted, top.Changes);
        }
    }

    private sealed record HistoryEntry(int Seq, string Hash, string Label, string Changes);

    private static List<HistoryEntry> HistoryEntries(string html)
    {
        var section = Regex.Match(html, "data-testid=\"history\".*?</ol>", RegexOptions.Singleline).Value;
        return Regex.Matches(section, "<li data-testid=\"history-(\\d+)\">(.*?)</li>\\s*(?=<li data-testid=\"history-|</ol>)", RegexOptions.Singleline)
            .Select(m => new HistoryEntry(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                Regex.Match(m.Groups[2].Value, "class=\"hash\" title=\"([^\"]*)\"").Groups[1].Value,
                Regex.Match(m.Groups[2].Value, "<strong>(.*?)</strong>").Groups[1].Value,
                Regex.Match(m.Groups[2].Value, "<ul class=\"changes\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value))
            .ToList();
    }

    // ---------------------------------------------------------------- helpers

    private async Task<long> VersionOfAsync(string contractId) =>
        (await (await factory.ClientForAsync("executive")).GetJsonAsync($"/api/v1/contracts/{contractId}"))["contract"]!["version"]!.GetValue<long>();

    private static async Task<string> HtmlAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        // The page as text a reader sees: Thai word-break markup (ThaiWords: <span class="tw">…</span><wbr>) taken out.
        var html = await response.Content.ReadAsStringAsync();
        return Regex.Replace(html, "<span class=\"tw\">([^<]*)</span>", "$1").Replace("<wbr>", "", StringComparison.Ordinal);
    }

    /// <summary>A browser-like client (cookies, no redirects followed) signed in through the sign-in form.</summary>
    private async Task<HttpClient> SignInAsync(string username)
    {
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await (await browser.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var login = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = "demo-2569", ["__RequestVerificationToken"] = AntiforgeryField().Match(form).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return browser;
    }

    /// <summary>
    /// Posts a page form as a browser would: the antiforgery token from the page's form (or, where the page offers no
    /// form to this user, from another page it can open).
    /// </summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, string handler, Dictionary<string, string> fields,
        string? formPage = null, bool formFromPage = true)
    {
        var html = await (await browser.GetAsync(formPage ?? page)).Content.ReadAsStringAsync();
        var token = formFromPage ? AntiforgeryField().Match(html).Groups[1].Value : CsrfMeta().Match(html).Groups[1].Value;
        if (string.IsNullOrEmpty(token))
        {
            token = CsrfMeta().Match(await (await browser.GetAsync("/board")).Content.ReadAsStringAsync()).Groups[1].Value;
        }
        Assert.NotEmpty(token);
        fields["__RequestVerificationToken"] = token;
        return await browser.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfMeta();

    [GeneratedRegex("<tr data-testid=\"province-\\d+\"")]
    private static partial Regex ProvinceRow();

    [GeneratedRegex("href=\"/contracts/([a-z0-9._-]+)\"")]
    private static partial Regex ContractLink();

    [GeneratedRegex("href=\"/indicators/([A-Z0-9-]+)\"")]
    private static partial Regex IndicatorLink();
}
