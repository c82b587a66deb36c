namespace Oversight.E2E.Tests;

/// <summary>
/// Thai as people see it in Chromium: the page's own Sarabun is used (not whatever the machine has), words such as
/// ข้อเสนอแนะ, ธรรมาภิบาล and พระราชบัญญัติ are never split across lines at any width, "ๆ" never starts a line, and lines
/// are tall enough for stacked marks.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ThaiLineBreakTests(WebServerFixture server, BrowserFixture browser) : BrowserTest(server, browser), IClassFixture<BrowserFixture>
{
    private static readonly string[] Words = ["ข้อเสนอแนะ", "ธรรมาภิบาล", "พระราชบัญญัติ"];

    /// <summary>
    /// For each occurrence of each word in the element's text (across text nodes), whether it is laid out on one line;
    /// and for each "ๆ", whether it is on the same line as the Thai letter before it. Returns [checked, broken...].
    /// </summary>
    private const string Measure = """
        ([selector, words]) => {
          const root = document.querySelector(selector);
          const nodes = [];
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          let text = '';
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.parentElement || n.parentElement.closest('script,style,[hidden],option,textarea')) continue;
            nodes.push({ node: n, start: text.length });
            text += n.data;
          }
          const at = (offset) => {
            let lo = 0, hi = nodes.length - 1;
            while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (nodes[mid].start <= offset) lo = mid; else hi = mid - 1; }
            return [nodes[lo].node, offset - nodes[lo].start];
          };
          const lines = (start, end) => {
            const range = document.createRange();
            const [sn, so] = at(start);
            const [en, eo] = at(end - 1);
            range.setStart(sn, so);
            range.setEnd(en, eo + 1);
            const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
            if (rects.length === 0) return null;
            const tops = rects.map((r) => Math.round(r.top + r.height / 2));
            return Math.max(...tops) - Math.min(...tops) > rects[0].height * 0.6 ? 2 : 1;
          };
          let checked = 0;
          const broken = [];
          for (const word of words) {
            for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
              const n = lines(i, i + word.length);
              if (n === null) continue;
              checked++;
              if (n > 1) broken.push(word + ' @' + i + ': ' + text.slice(Math.max(0, i - 10), i + word.length + 10));
            }
          }
          for (let i = text.indexOf('ๆ'); i >= 0; i = text.indexOf('ๆ', i + 1)) {
            let j = i - 1;
            while (j >= 0 && /\s/.test(text[j])) j--;
            if (j < 0) continue;
            const n = lines(j, i + 1);
            if (n === null) continue;
            checked++;
            if (n > 1) broken.push('ๆ @' + i + ': ' + text.slice(Math.max(0, j - 10), i + 3));
          }
          return [String(checked), ...broken];
        }
        """;

    [Fact]
    public async Task Sarabun_is_served_and_Thai_words_are_never_split_across_lines_at_any_width()
    {
        var page = await SignedInAsync("executive", Phone);
        // The measurement itself sees a split word and a line that starts with ๆ (a control that is forced to break).
        await page.GotoAsync($"/recommendations/{WebServerFixture.ReportId}.F1-R3");
        await page.EvaluateAsync("""
            () => {
              const d = document.createElement('div');
              d.id = 'control';
              d.lang = 'en';
              const word = document.createElement('div');
              word.style.cssText = 'width: 2.5em; word-break: break-all; line-break: anywhere';
              word.textContent = 'ธรรมาภิบาล';
              const probe = document.createElement('span');
              probe.textContent = 'ต่าง';
              d.append(word, probe);
              document.body.append(d);
              const fits = probe.getBoundingClientRect().width;
              probe.remove();
              const repeat = document.createElement('div');
              repeat.style.cssText = `width: ${fits + 1}px; line-break: anywhere`;
              repeat.textContent = 'ต่าง ๆ';
              d.append(repeat);
            }
            """);
        var control = await page.EvaluateAsync<string[]>(Measure, new object[] { "#control", Words });
        Assert.True(control.Length == 3 && control[1].StartsWith("ธรรมาภิบาล", StringComparison.Ordinal) && control[2].StartsWith("ๆ", StringComparison.Ordinal),
            "the measurement does not see forced splits: " + string.Join(" | ", control));
        // F1-R3's text has ธรรมาภิบาล, พระราชบัญญัติ (PDPA) and "ต่าง ๆ"; the page names ข้อเสนอแนะ throughout.
        var checkedTotal = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in new[] { "F1-R3", "F1-R1.2", "F2-R1" })
        {
            await page.GotoAsync($"/recommendations/{WebServerFixture.ReportId}.{code}");
            await page.EvaluateAsync("() => document.fonts.ready");
            // The page's own font, loaded from the site (not the machine's).
            Assert.True(await page.EvaluateAsync<bool>("() => [...document.fonts].some(f => f.family.replace(/\"/g, '') === 'Sarabun' && f.status === 'loaded')"),
                "Sarabun was not loaded from the site");
            Assert.StartsWith("Sarabun", (await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.rec-text')).fontFamily")).Trim('"', ' '));
            var text = await page.Locator("main").InnerTextAsync();
            foreach (var w in Words.Append("ๆ"))
            {
                if (text.Contains(w, StringComparison.Ordinal))
                {
                    seen.Add(w);
                }
            }
            // Many widths, so that the words land at the ends of lines somewhere.
            for (var width = 320; width <= 520; width += 12)
            {
                await page.SetViewportSizeAsync(width, 844);
                var result = await page.EvaluateAsync<string[]>(Measure, new object[] { "main", Words });
                checkedTotal += int.Parse(result[0]);
                Assert.True(result.Length == 1, $"{code} at {width} px: split across lines:\n" + string.Join("\n", result.Skip(1)));
            }
            // Stacked marks get room: the recommendation text and headings are set at line-height ≥ 1.45.
            var ratios = await page.EvaluateAsync<double[]>("""
                () => ['.rec-text', 'h1', 'h2'].map((s) => { const e = document.querySelector(s); const c = getComputedStyle(e); return parseFloat(c.lineHeight) / parseFloat(c.fontSize); })
                """);
            Assert.All(ratios, r => Assert.True(r >= 1.45, $"line-height {r:0.00} is too tight for stacked Thai marks"));
        }
        Assert.True(seen.SetEquals(Words.Append("ๆ")), "the pages no longer contain every word this test checks: " + string.Join(", ", Words.Append("ๆ").Except(seen)));
        Assert.True(checkedTotal > 100, $"only {checkedTotal} word positions were measured");
        AssertNoPageErrors(page);
    }

    /// <summary>
    /// Thai has no spaces between words, so the page marks word boundaries with spans (ThaiWords, thai.js). Laid out as
    /// the items of a flex or grid container, those spans are spread apart by its gap and read as broken phrases
    /// ("รายงาน ต้นทาง ไม่ ได้ ระบุ"). On every kind of page, as each role opens it, no container lays Thai words out so.
    /// </summary>
    [Fact]
    public async Task Thai_words_are_never_spread_apart_as_flex_or_grid_items_on_any_page()
    {
        const string Spaced = """
            () => [...new Set([...document.querySelectorAll('.tw')].map((w) => w.parentElement))]
              .filter((c) => c && /flex|grid/.test(getComputedStyle(c).display) && c.getClientRects().length > 0)
              .map((c) => `${c.tagName.toLowerCase()}.${[...c.classList].join('.')}: "${c.textContent.trim().slice(0, 50)}"`)
            """;
        var contract = (await Server.GetAsUserAsync("executive", "/api/v1/contracts")).AsArray()[0]!["id"]!.GetValue<string>();
        var indicator = (await Server.GetAsUserAsync("executive", "/api/v1/indicators")).AsArray()[0]!["code"]!.GetValue<string>();
        var agency = (await Server.GetAsUserAsync("executive", "/api/v1/data-exchange"))["agencies"]!.AsArray()[0]!["agency"]!["id"]!.GetValue<string>();
        var service = (await Server.GetAsUserAsync("executive", "/api/v1/eservices"))["items"]!.AsArray()[0]!["service"]!["id"]!.GetValue<string>();
        var pages = new (string User, string[] Paths)[]
        {
            ("executive", ["/board", "/reports", $"/recommendations/{WebServerFixture.ReportId}.F1-R3", $"/contracts/{contract}", "/contracts", "/provinces/10",
                "/provinces", $"/indicators/{indicator}", "/indicators", $"/agencies/{agency}", "/agencies", $"/eservices/{service}", "/eservices"]),
            ("ict", ["/unit", $"/recommendations/{WebServerFixture.ReportId}.F1-R3"]),
            ("auditor", ["/auditor", $"/recommendations/{WebServerFixture.ReportId}.F1-R3"]),
            ("admin", ["/admin", "/admin/api-keys", "/import"]),
        };
        var problems = new List<string>();
        var checkedPages = 0;
        foreach (var (user, paths) in pages)
        {
            foreach (var size in new[] { Desktop, Phone })
            {
                var page = await SignedInAsync(user, size);
                foreach (var path in paths)
                {
                    await page.GotoAsync(path);
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                    Assert.True(await page.Locator(".tw").CountAsync() > 0, $"{path} shows no Thai words");
                    problems.AddRange((await page.EvaluateAsync<string[]>(Spaced)).Select(p => $"{user} {path} at {size.Width} px: {p}"));
                    checkedPages++;
                }
                AssertNoPageErrors(page);
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(40)));
        Assert.True(checkedPages >= 40);
    }
}
