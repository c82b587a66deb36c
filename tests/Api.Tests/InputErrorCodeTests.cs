using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc.Testing;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.TestSupport;
using static Oversight.Api.Tests.MonitoringTestKit;

namespace Oversight.Api.Tests;

/// <summary>
/// Every reason an importer or the ingestion rules give is a stable code with arguments (InputErrorCodes), with its
/// Thai and English text in MonitoringResource; the REST answer keeps its English <c>reason</c> and adds <c>code</c>
/// and <c>args</c>; the import page shows the reason in the interface language.
/// </summary>
public sealed partial class InputErrorCodeTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private static readonly string Root = RepoRoot.Find();

    private static IReadOnlyList<string?> Row(string source, string metric, string subject, string period, string value, string? asOf = null) =>
        [source, metric, subject, period, value, asOf ?? Iso(Today.AddDays(-1))];

    private static Dictionary<string, string> Resx(string file) =>
        XDocument.Load(Path.Combine(Root, "src", "Web", "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value, StringComparer.Ordinal);

    [Fact]
    public void Every_reason_code_has_its_Thai_and_English_text_taking_its_arguments()
    {
        var thai = Resx("MonitoringResource.resx");
        var english = Resx("MonitoringResource.en.resx");
        Assert.True(InputErrorCodes.All.Count >= 50, $"only {InputErrorCodes.All.Count} codes");
        Assert.Equal(InputErrorCodes.All.Count, InputErrorCodes.All.Distinct().Count());
        Assert.Equal(InputErrorCodes.All.Order(), InputErrorCodes.English.Keys.Order());
        var missing = new List<string>();
        foreach (var code in InputErrorCodes.All)
        {
            var (text, count) = InputErrorCodes.English[code];
            var args = Enumerable.Range(0, count).Select(i => (object)$"«{i}»").ToArray();
            if (!thai.TryGetValue($"ImportError.{code}", out var th) || !english.TryGetValue($"ImportError.{code}", out var en))
            {
                missing.Add(code);
                continue;
            }
            // Thai is Thai; the English the page shows is the English the REST answer gives.
            Assert.Matches(@"\p{IsThai}", th);
            Assert.Equal(text, en);
            // Each takes exactly its arguments: none beyond them (a FormatException), and the Thai uses the same ones as the English
            // (except the unit of a range, given in both languages).
            var formatted = string.Format(CultureInfo.InvariantCulture, th, args);
            foreach (var used in Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct())
            {
                if (!(code == InputErrorCodes.ValueRange && used == "3"))
                {
                    Assert.True(formatted.Contains($"«{used}»", StringComparison.Ordinal), $"{code}: the Thai does not show argument {used}");
                }
            }
        }
        Assert.True(missing.Count == 0, $"no Thai or English text for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_input_error_is_made_from_a_code()
    {
        // InputError.Of and FromTextRule are the only ways in (they take a code from the list); no producer writes its own reason.
        var offenders = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(f) != "InputErrors.cs"
                && Regex.IsMatch(File.ReadAllText(f), @"new\s+InputError\s*\(|new\s*\(\s*\w+\s*,\s*[^,]+,\s*""[^""]*""\s*\)\s*\)"))
            .Select(f => Path.GetRelativePath(Root, f))
            .ToArray();
        Assert.True(offenders.Length == 0, $"InputError made by hand in {string.Join(", ", offenders)}");
        Assert.Throws<ArgumentException>(() => InputError.Of(1, "x", "no-such-code"));
        Assert.Throws<ArgumentException>(() => InputError.Of(1, "x", InputErrorCodes.DuplicateId));
        var error = InputError.Of(4, "asOf", InputErrorCodes.AsOfInFuture, new DateOnly(2026, 11, 30));
        Assert.Equal(["2026-11-30"], error.Args);
        Assert.Equal("an as-of date cannot be in the future (today is 2026-11-30)", error.Reason);
    }

    [Fact]
    public async Task The_rest_answer_keeps_its_English_reason_and_adds_the_code_and_arguments()
    {
        var admin = await factory.ClientForAsync("admin");
        var file = Csv(ObservationHeader,
        [
            Row("codes-csv", "lbda.logins", "province:99", "2026-06", "100"),
            Row("codes-csv", "lbda.logins", "province:21", "2026-07", "-4"),
        ]);
        var response = await ImportAsync(admin, "observations", file, "figures.csv");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync())["errors"]!.AsArray();
        var province = errors.Single(e => e!["row"]!.GetValue<int>() == 2)!;
        Assert.Equal("subject", province["column"]!.GetValue<string>());
        Assert.Equal("'province:99' is not a province code (DOPA)", province["reason"]!.GetValue<string>());
        Assert.Equal(InputErrorCodes.UnknownProvince, province["code"]!.GetValue<string>());
        Assert.Equal(["province:99"], province["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        var negative = errors.Single(e => e!["row"]!.GetValue<int>() == 3)!;
        Assert.Equal(InputErrorCodes.NegativeCount, negative["code"]!.GetValue<string>());
        Assert.Equal("a count is never negative", negative["reason"]!.GetValue<string>());
        Assert.Empty(negative["args"]!.AsArray());
    }

    [Fact]
    public async Task The_import_page_shows_each_reason_in_the_interface_language()
    {
        var today = Oversight.Grains.Abstractions.Common.ThaiClock.Today(TimeProvider.System);
        var file = Csv(ObservationHeader,
        [
            Row("codes-page", "lbda.logins", "province:99", "2026-06", "100"),
            Row("codes-page", "lbda.logins", "province:21", "2026-07", "5", Iso(today.AddDays(3))),
        ]);
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await (await browser.GetAsync("/account/login")).Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = "admin", ["Password"] = "demo-2569", ["__RequestVerificationToken"] = Token().Match(login).Groups[1].Value,
        }))).StatusCode);

        async Task<string> CheckAsync(string culture)
        {
            var page = await (await browser.GetAsync($"/import?culture={culture}")).Content.ReadAsStringAsync();
            using var form = new MultipartFormDataContent
            {
                { new StringContent("observations"), "kind" },
                { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" },
            };
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(content, "file", "ข้อมูล.csv");
            var answer = await browser.PostAsync($"/import?handler=Check&culture={culture}", form);
            return await answer.Content.ReadAsStringAsync();
        }

        // The reasons as read (tags, including the Thai word-break marks, removed).
        static string Reasons(string html) => WebUtility.HtmlDecode(string.Join("\n",
            Regex.Matches(html, "<td data-testid=\"import-error-reason\"[^>]*>(.*?)</td>", RegexOptions.Singleline).Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]+>", ""))));

        var thai = await CheckAsync("th");
        Assert.Contains("data-testid=\"import-refused\"", thai);
        var thaiReasons = Reasons(thai);
        Assert.Contains("'province:99' ไม่ใช่รหัสจังหวัด (กรมการปกครอง)", thaiReasons);
        // A date argument in B.E. in Thai.
        Assert.Contains($"วันที่ของข้อมูลต้องไม่เลยวันนี้ (วันนี้คือ {ThaiDates.Short(today, "th")})", thaiReasons);
        Assert.DoesNotContain("is not a province code", thaiReasons);

        var englishReasons = Reasons(await CheckAsync("en"));
        Assert.Contains("'province:99' is not a province code (DOPA)", englishReasons);
        Assert.Contains($"an as-of date cannot be in the future (today is {ThaiDates.Short(today, "en")})", englishReasons);
        Assert.DoesNotContain("ไม่ใช่รหัสจังหวัด", englishReasons);
    }

    [GeneratedRegex(@"(?<!\{)\{(\d+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
