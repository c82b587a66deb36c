using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Oversight.Api.Tests;

/// <summary>
/// The follow-up PDF's programme section end to end: the Web side reads the monitoring board through its grain
/// interface (ProgrammeLoader) and the PDF prints, for every indicator and contract linked to the seeded report, the
/// figures and sources the board's own snapshot (<c>GET /api/v1/monitoring</c>) gives; a unit's PDF holds only what
/// that unit's officer may read; the official form's parts are on the first page and the signature block at the end.
/// </summary>
public sealed class ProgrammeReportTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private const string Base = "/api/v1/reports/" + Http.Report;
    private const string SectionTh = "3. ผลการดำเนินงานของแผนงานและโครงการ";
    private const string SignaturesTh = "การรับรองและอนุมัติรายงาน";

    private static string Strip(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>A figure as the PDF prints it (thousands separated, at most two decimals).</summary>
    private static string Display(JsonNode figure) => figure["value"] is { } v ? v.GetValue<double>().ToString("#,##0.##", CultureInfo.InvariantCulture) : "–";

    private static bool LinkedToReport(JsonNode item, string links) =>
        item[links]!.AsArray().Any(r => r!.GetValue<string>().StartsWith(Http.Report + ".", StringComparison.Ordinal));

    private async Task<(string Text, string Flat, string Section)> PdfAsync(HttpClient client, string path, string name)
    {
        var pdf = await client.GetByteArrayAsync(Base + path);
        var file = Path.Combine(Path.GetTempPath(), $"oversight-{name}-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            // -raw: in the order the text is drawn (cell by cell), so a table cell's wrapped lines stay together.
            var text = Run("pdftotext", "-raw", "-enc", "UTF-8", file, "-");
            // No page of the file is blank (holds only the running header and footer).
            var pages = text.Split('\f')[..^1];
            for (var i = 0; i < pages.Length; i++)
            {
                var body = string.Join("", pages[i].Split('\n').Where(l => !Regex.IsMatch(l.Trim(), @"^(หน้า \d+ / \d+|รายงานผลการติดตามการดำเนินการตามข้อเสนอแนะ|ข้อมูล ณ วันที่ .*|ข้อมูลสังเคราะห์)$")));
                Assert.True(Strip(body).Length > 0, $"{name}: page {i + 1} of {pages.Length} is blank");
            }
            var flat = Strip(text);
            var start = flat.IndexOf(Strip(SectionTh), StringComparison.Ordinal);
            Assert.True(start >= 0, $"{name}: no programme section");
            var end = flat.IndexOf(Strip(SignaturesTh), start, StringComparison.Ordinal);
            Assert.True(end > start, $"{name}: no signature block after the programme section");
            return (text, flat, flat[start..end]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_full_report_prints_every_linked_indicator_and_contract_with_the_boards_figures_and_sources()
    {
        var executive = await factory.ClientForAsync("executive");
        var snapshot = await executive.GetJsonAsync("/api/v1/monitoring");
        var indicators = snapshot["indicators"]!.AsArray().Select(i => i!).Where(i => LinkedToReport(i, "recommendations")).ToArray();
        var contracts = snapshot["contracts"]!.AsArray().Select(c => c!).Where(c => LinkedToReport(c, "linkedRecommendations")).ToArray();
        Assert.True(indicators.Length >= 6, $"the seed links {indicators.Length} indicators to the report");
        Assert.NotEmpty(contracts);

        var (text, flat, section) = await PdfAsync(executive, "/follow-up.pdf", "programme-full");
        var today = DateOnly.Parse(snapshot["today"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.Contains(Strip($"ข้อมูลที่ระบบติดตามผลมีอยู่ ณ วันที่ {ThaiLong(today)}"), section);
        // The indicators' table ends where the next part of the section begins.
        var tableEnd = new[] { "3.2 งวดงานตามสัญญาและแผนงาน", "3.3 สำนักงานแรงงานจังหวัด", "3.4 การเชื่อมโยงและแลกเปลี่ยนข้อมูล" }
            .Select(h => section.IndexOf(Strip(h), StringComparison.Ordinal)).Where(x => x > 0).DefaultIfEmpty(section.Length).Min();
        var table = section[..tableEnd];
        foreach (var i in indicators)
        {
            var code = i["code"]!.GetValue<string>();
            var at = table.IndexOf(code + Strip(i["name"]!["th"]!.GetValue<string>()), StringComparison.Ordinal);
            Assert.True(at >= 0, $"{code} and its Thai name not found");
            var next = indicators.Select(o => table.IndexOf(o["code"]!.GetValue<string>(), at + code.Length, StringComparison.Ordinal))
                .Where(x => x > at).DefaultIfEmpty(table.Length).Min();
            var row = table[at..next];
            var current = i["current"]!;
            Assert.Contains(Display(current), row);
            Assert.Contains(Strip($"แหล่งที่มา {current["source"]!.GetValue<string>()}"), row);
            if (current["asOf"] is { } asOf)
            {
                Assert.Contains(Strip($"ณ {ThaiShort(DateOnly.Parse(asOf.GetValue<string>(), CultureInfo.InvariantCulture))}"), row);
            }
            var baseline = i["baseline"];
            if (baseline is not null)
            {
                Assert.Contains(Display(baseline), row);
            }
            // Marked synthetic exactly when its current value or baseline is.
            var synthetic = current["synthetic"]!.GetValue<bool>() || baseline?["synthetic"]?.GetValue<bool>() == true;
            Assert.True(synthetic == row.Contains("ข้อมูลสังเคราะห์", StringComparison.Ordinal), $"{code}: synthetic {synthetic}, row: {row}");
        }
        foreach (var c in contracts)
        {
            Assert.Contains(Strip(c["title"]!["th"]!.GetValue<string>()), section);
        }
        // The regional summary covers every office on the board, and the data exchange every agency.
        var offices = snapshot["provinces"]!["items"]!.AsArray().Count;
        Assert.Contains(Strip($"ทั่วประเทศ {offices}"), section);
        foreach (var a in snapshot["dataExchange"]!["agencies"]!.AsArray())
        {
            Assert.Contains(Strip(a!["agency"]!["name"]!["th"]!.GetValue<string>()), section);
        }
        Assert.Contains(Strip("หน่วยงานที่ LBDA เชื่อมโยงหรือแลกเปลี่ยนข้อมูล"), section);

        // The official form: agency, number and B.E. date, subject on the first page; the signature block after the section.
        var first = Strip(text.Split('\f')[0]);
        Assert.Contains(Strip("สำนักงานการตรวจเงินแผ่นดิน"), first);
        var asOfToday = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        Assert.Contains(Strip($"ที่ {Http.Report}/FU/{asOfToday.Year + 543:0000}{asOfToday.Month:00}{asOfToday.Day:00}"), first);
        Assert.Contains(Strip($"วันที่ {ThaiLong(asOfToday)}"), first);
        Assert.Contains(Strip("เรื่อง รายงานผลการติดตามการดำเนินการตามข้อเสนอแนะของรายงานการตรวจสอบ"), first);
        var signatures = flat[flat.IndexOf(Strip(SignaturesTh), StringComparison.Ordinal)..];
        Assert.Contains(Strip("ผู้จัดทำรายงาน"), signatures);
        Assert.Contains(Strip("ผู้อนุมัติ"), signatures);
        Assert.Contains(Strip("ลงชื่อ"), signatures);
    }

    [Fact]
    public async Task A_units_report_prints_only_what_that_units_officer_reads_of_the_programme()
    {
        var executive = await factory.ClientForAsync("executive");
        var snapshot = await executive.GetJsonAsync("/api/v1/monitoring");
        var indicators = snapshot["indicators"]!.AsArray().Select(i => i!).Where(i => LinkedToReport(i, "recommendations")).ToArray();
        string[] CodesOf(string unit) => indicators.Where(i => i["units"]!.AsArray().Any(u => u!.GetValue<string>() == unit)).Select(i => i["code"]!.GetValue<string>()).ToArray();

        foreach (var unit in new[] { "ICT", "ILPO", "JSC" })
        {
            var (_, _, section) = await PdfAsync(executive, $"/units/{unit}/follow-up.pdf", $"programme-{unit}");
            foreach (var i in indicators)
            {
                var code = i["code"]!.GetValue<string>();
                if (CodesOf(unit).Contains(code))
                {
                    Assert.Contains(code, section);
                }
                else
                {
                    Assert.DoesNotContain(code + Strip(i["name"]!["th"]!.GetValue<string>()), section);
                }
            }
            // The data exchange is the ICT Centre's (DataExchangeOwner): only its report has the matrix.
            Assert.Equal(unit == "ICT", section.Contains(Strip("3.4 การเชื่อมโยงและแลกเปลี่ยนข้อมูล"), StringComparison.Ordinal));
            // No unit owns a provincial office here, so no unit report has the regional summary.
            Assert.DoesNotContain(Strip("3.3 สำนักงานแรงงานจังหวัดจำแนกตามภาค"), section);
        }
    }

    private static readonly CultureInfo Thai = CreateThai();

    private static string ThaiLong(DateOnly d) => d.ToString("d MMMM yyyy", Thai);

    private static string ThaiShort(DateOnly d) => d.ToString("d MMM yyyy", Thai);

    private static CultureInfo CreateThai()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("th-TH").Clone();
        culture.DateTimeFormat.Calendar = new ThaiBuddhistCalendar();
        return culture;
    }

    private static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{tool} did not start (apt-get install poppler-utils)");
        var stdout = p.StandardOutput.ReadToEndAsync();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return stdout.Result;
    }
}
