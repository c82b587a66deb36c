using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MiniExcelLibs;
using Oversight.Web.Apis;

using Oversight.TestSupport;

namespace Oversight.Api.Tests;

/// <summary>
/// Follow-up reports end to end: roles, lang/asOf validation, determinism, the generation log in the audit trail, the
/// register workbook, and the Thai text of the seeded report read back from the PDF with pdftotext.
/// </summary>
public sealed class FollowUpReportTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private const string Base = "/api/v1/reports/" + Http.Report;
    private static readonly CultureInfo ThaiCulture = CreateThai();

    private static string Today => Oversight.Grains.Abstractions.Common.ThaiClock.Today(TimeProvider.System).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static TheoryData<string?, string, int> Access() => new()
    {
        { null, "/follow-up.pdf", 401 },
        { null, "/executive-summary.pdf", 401 },
        { null, "/units/ICT/follow-up.pdf", 401 },
        { null, "/register.xlsx", 401 },
        { null, "/generations", 401 },
        { "admin", "/follow-up.pdf", 403 },
        { "admin", "/units/ICT/follow-up.pdf", 403 },
        { "admin", "/register.xlsx", 403 },
        { "admin", "/generations", 403 },
        { "ict", "/follow-up.pdf", 403 },
        { "ict", "/executive-summary.pdf", 403 },
        { "ict", "/register.xlsx", 403 },
        { "ict", "/generations", 403 },
        { "ict", "/units/ICT/follow-up.pdf", 200 },
        { "ict", "/units/JSC/follow-up.pdf", 403 },
        { "jsc", "/units/JSC/follow-up.pdf", 200 },
        { "executive", "/follow-up.pdf", 200 },
        { "executive", "/executive-summary.pdf", 200 },
        { "executive", "/units/JSC/follow-up.pdf", 200 },
        { "executive", "/register.xlsx", 200 },
        { "executive", "/generations", 200 },
        { "auditor", "/follow-up.pdf", 200 },
        { "auditor", "/executive-summary.pdf?lang=en", 200 },
        { "auditor", "/units/ILPO/follow-up.pdf", 200 },
        { "auditor", "/register.xlsx", 200 },
    };

    [Theory]
    [MemberData(nameof(Access))]
    public async Task Only_auditors_and_executives_get_reports_and_a_unit_officer_only_their_own_units(string? user, string path, int expected)
    {
        var client = await factory.ClientForAsync(user);
        var response = await client.GetAsync(Base + path);
        Assert.Equal(expected, (int)response.StatusCode);
        if (expected == 403)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        if (expected == 200 && path.Contains(".pdf", StringComparison.Ordinal))
        {
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("%PDF-", Encoding.ASCII.GetString((await response.Content.ReadAsByteArrayAsync())[..5]));
        }
    }

    [Theory]
    [InlineData("/follow-up.pdf?lang=fr", 400, "invalid-lang")]
    [InlineData("/follow-up.pdf?lang=TH", 400, "invalid-lang")]
    [InlineData("/executive-summary.pdf?asOf=24-11-2026", 400, "invalid-as-of")]
    [InlineData("/follow-up.pdf?asOf=2026-02-30", 400, "invalid-as-of")]
    [InlineData("/units/ICT/follow-up.pdf?asOf=2999-01-01", 400, "as-of-in-future")]
    [InlineData("/register.xlsx?lang=xx", 400, "invalid-lang")]
    [InlineData("/units/NOPE/follow-up.pdf", 404, "not-found")]
    [InlineData("/units/ict/follow-up.pdf", 400, "invalid-unit")]
    public async Task Bad_lang_as_of_or_unit_code_is_a_400_and_an_unknown_unit_a_404(string path, int status, string code)
    {
        var auditor = await factory.ClientForAsync("auditor");
        var response = await auditor.GetAsync(Base + path);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, (await response.JsonAsync())["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/v1/reports/no-such-report/follow-up.pdf")]
    [InlineData("/api/v1/reports/no-such-report/executive-summary.pdf")]
    [InlineData("/api/v1/reports/no-such-report/units/ICT/follow-up.pdf")]
    [InlineData("/api/v1/reports/no-such-report/register.xlsx")]
    [InlineData("/api/v1/reports/no-such-report/generations")]
    [InlineData("/api/v1/reports/Bad_Id!/follow-up.pdf")]
    public async Task Unknown_report_is_a_404(string url)
    {
        var executive = await factory.ClientForAsync("executive");
        var response = await executive.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not-found", (await response.JsonAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Same_data_and_as_of_give_the_same_bytes_and_each_generation_is_recorded_with_its_sha256()
    {
        var auditor = await factory.ClientForAsync("auditor");
        var before = (await auditor.GetJsonAsync($"{Base}/generations")).AsArray().Count;
        var url = $"{Base}/follow-up.pdf?asOf={Today}";
        // The file prints the newest audit-trail checkpoint (every generation is itself logged, so the log moves and a
        // new checkpoint follows within seconds): same data, as-of date and checkpoint give the same bytes.
        byte[] first, second;
        var attempts = 0;
        while (true)
        {
            var a = await auditor.GetAsync(url);
            var b = await auditor.GetAsync(url);
            first = await a.Content.ReadAsByteArrayAsync();
            second = await b.Content.ReadAsByteArrayAsync();
            var checkpointA = a.Headers.GetValues(FollowUpReportsApi.CheckpointHeader).Single();
            Assert.Matches("^[0-9]+:[0-9a-f]{64}$", checkpointA);
            if (checkpointA == b.Headers.GetValues(FollowUpReportsApi.CheckpointHeader).Single())
            {
                break;
            }
            Assert.True(++attempts < 20, "the checkpoint never stayed the same for two generations");
        }
        var sha = Sha256(first);
        Assert.Equal(sha, Sha256(second));

        var executive = await factory.ClientForAsync("executive");
        var summaryResponse = await executive.GetAsync($"{Base}/executive-summary.pdf?asOf={Today}&lang=en");
        var summaryPdf = await summaryResponse.Content.ReadAsByteArrayAsync();
        var summarySha = Sha256(summaryPdf);
        var summaryPath = Path.Combine(ArtifactsDir, "api-executive-summary-en.pdf");
        File.WriteAllBytes(summaryPath, summaryPdf);
        Assert.Matches("Pages:\\s+[12]\\b", Run("pdfinfo", summaryPath).Stdout); // one or two pages
        Assert.Contains("Executive Summary", Run("pdftotext", "-enc", "UTF-8", summaryPath, "-").Stdout);
        Assert.Equal($"\"{summarySha}\"", summaryResponse.Headers.ETag?.Tag);

        var generations = (await auditor.GetJsonAsync($"{Base}/generations")).AsArray();
        var generated = 2 * (attempts + 1);
        Assert.Equal(before + generated + 1, generations.Count);
        var mine = generations.Skip(before + generated - 2).Take(2).ToList();
        Assert.All(mine, g => Assert.Equal(sha, g!["sha256"]!.GetValue<string>()));
        foreach (var g in mine)
        {
            Assert.Equal("follow-up", g!["kind"]!.GetValue<string>());
            Assert.Equal("th", g["lang"]!.GetValue<string>());
            Assert.Equal(Today, g["asOf"]!.GetValue<string>());
            Assert.Equal(first.Length, g["bytes"]!.GetValue<long>());
            Assert.True(g["pages"]!.GetValue<int>() >= 5);
            Assert.Equal("auditor", g["generatedBy"]!.GetValue<string>());
            Assert.Equal("auditor", g["generatedByRole"]!.GetValue<string>());
            Assert.Matches("^[0-9a-f]{64}$", g["hash"]!.GetValue<string>());
        }
        var summary = generations[^1]!;
        Assert.Equal(summarySha, summary["sha256"]!.GetValue<string>());
        Assert.Equal("executive-summary", summary["kind"]!.GetValue<string>());
        Assert.Equal("en", summary["lang"]!.GetValue<string>());
        Assert.Equal("executive", summary["generatedBy"]!.GetValue<string>());
        var seqs = generations.Select(g => g!["seq"]!.GetValue<long>()).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);

        // The generation log is a hash-chained audit-trail stream, and the whole trail still verifies.
        var verify = await auditor.GetJsonAsync("/api/v1/audit-trail/verify");
        Assert.True(verify["intact"]!.GetValue<bool>(), verify.ToJsonString());
        var logOnly = await auditor.GetJsonAsync("/api/v1/audit-trail/verify?prefix=report-log:");
        Assert.True(logOnly["intact"]!.GetValue<bool>());
        Assert.Equal(1, logOnly["streams"]!.GetValue<int>());
        Assert.Equal(generations.Count, logOnly["events"]!.GetValue<long>());
    }

    [Fact]
    public async Task Register_workbook_opens_with_one_row_per_tracked_recommendation()
    {
        var auditor = await factory.ClientForAsync("auditor");
        var response = await auditor.GetAsync($"{Base}/register.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        File.WriteAllBytes(Path.Combine(ArtifactsDir, "api-register.xlsx"), bytes);
        using var stream = new MemoryStream(bytes);
        Assert.Equal(["ทะเบียนข้อเสนอแนะ", "แผนการดำเนินการ", "หลักฐาน", "ข้อมูลเอกสาร"], stream.GetSheetNames());
        var rows = stream.Query(useHeaderRow: true, sheetName: "ทะเบียนข้อเสนอแนะ").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(15, rows.Count);
        Assert.Equal(Seed.Codes(), rows.Select(r => (string)r["รหัส"]!));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r["ชื่อเรื่อง (ไทย)"] as string)));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r["ชื่อเรื่อง (อังกฤษ)"] as string)));
        Assert.Equal("ICT, JSC", rows.Single(r => (string)r["รหัส"]! == "O1-R2")["หน่วยงาน"]);

        using var en = new MemoryStream(await auditor.GetByteArrayAsync($"{Base}/register.xlsx?lang=en"));
        Assert.Equal(["Register", "Actions", "Evidence", "About"], en.GetSheetNames());
        Assert.Equal(15, en.Query(useHeaderRow: true, sheetName: "Register").Count());

        var generations = (await auditor.GetJsonAsync($"{Base}/generations")).AsArray();
        Assert.Contains(generations, g => g!["kind"]!.GetValue<string>() == "register" && g["sha256"]!.GetValue<string>() == Sha256(bytes));
    }

    [Fact]
    public async Task The_thai_pdf_shows_the_seeded_units_recommendation_text_and_buddhist_era_dates_exactly()
    {
        // Some follow-up on F1-R1.1, so evidence, the SHA-256 and the auditor's note are in the report.
        var id = Http.Rec("F1-R1.1");
        var ict = await factory.ClientForAsync("ict");
        var auditor = await factory.ClientForAsync("auditor");
        Assert.Equal(HttpStatusCode.OK, (await ict.PostJsonAsync($"/api/v1/recommendations/{id}/response",
            new { response = "agreed", note = "เห็นด้วยและจะดำเนินการภายในปีงบประมาณ" })).StatusCode);
        var evidence = Http.Pdf("แผนบูรณาการข้อมูล");
        Assert.Equal(HttpStatusCode.Created, (await ict.PostAsync($"/api/v1/recommendations/{id}/evidence",
            Http.Upload(evidence, "integration-plan.pdf", "แผนบูรณาการข้อมูลด้านแรงงาน"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ict.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
            new { status = "in-progress", progress = 60, note = "จัดทำแผนแล้ว", expectedVersion = await ict.VersionAsync(id) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ict.PostJsonAsync($"/api/v1/recommendations/{id}/progress",
            new { status = "implemented-pending-verification", progress = 100, note = "ดำเนินการแล้วเสร็จ", expectedVersion = await ict.VersionAsync(id) })).StatusCode);
        const string verificationNote = "ตรวจสอบแผนและหลักฐานแล้ว ดำเนินการครบถ้วนตามข้อเสนอแนะ";
        Assert.Equal(HttpStatusCode.OK, (await auditor.PostJsonAsync($"/api/v1/recommendations/{id}/verification",
            new { decision = "implemented", note = verificationNote, expectedVersion = await auditor.VersionAsync(id) })).StatusCode);

        var pdf = await auditor.GetByteArrayAsync($"{Base}/follow-up.pdf");
        var path = Path.Combine(ArtifactsDir, "api-follow-up-th.pdf");
        File.WriteAllBytes(path, pdf);
        var text = Run("pdftotext", "-enc", "UTF-8", path, "-").Stdout;
        var flat = Strip(WithoutRunningLines(text));
        var pages = text.Split('\f').Length - 1;
        Assert.Matches($"Pages:\\s+{pages}\\b", Run("pdfinfo", path).Stdout);
        Assert.True(pages >= 8, $"expected a multi-page report, got {pages}");

        // Exact unit names, as in the seed.
        foreach (var name in new[] { "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร", "สำนักงานนโยบายแรงงานนอกระบบ", "กองยุทธศาสตร์และแผนงาน", "กองเศรษฐกิจการแรงงาน" })
        {
            Assert.Contains(name, text);
        }
        Assert.Contains("สำนักงานปลัดกระทรวงแรงงาน", text);
        // Every recommendation's text from the seed, exactly (line breaks aside).
        foreach (var (code, th) in Seed.Texts())
        {
            Assert.True(flat.Contains(Strip(th), StringComparison.Ordinal), $"text of {code} not found exactly");
        }
        // Dates in B.E.: the report date on the cover and today's as-of date.
        Assert.Contains("29 มีนาคม 2567", text);
        var today = DateOnly.ParseExact(Today, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Contains(today.ToString("d MMMM yyyy", ThaiCulture), text);
        Assert.Contains("พ.ศ. 2563–2565", text);
        // The follow-up just recorded: evidence name and SHA-256, the verification note, the statuses.
        Assert.Contains("integration-plan.pdf", text);
        Assert.Contains(Sha256(evidence), text);
        Assert.Contains(Strip(verificationNote), flat);
        Assert.Contains("ปิด: ดำเนินการแล้ว", text);
        // People by name, never by username: the auditor who verified, the officer who responded and uploaded.
        Assert.Contains(Strip("ผู้ตรวจสอบ ผู้ตรวจสอบ สตง. (สาธิต)"), flat);
        Assert.Contains(Strip("โดย เจ้าหน้าที่ ศทส. (สาธิต)"), flat);
        Assert.DoesNotContain(Strip("ผู้ตรวจสอบ auditor"), flat);
        Assert.DoesNotContain(Strip("โดย ict"), flat);
        // The seeded programme measures the report's recommendations: the section is there (its figures: ProgrammeReportTests).
        Assert.Contains(Strip("3. ผลการดำเนินงานของแผนงานและโครงการ"), flat);
        Assert.Contains(Strip("3.1 ตัวชี้วัดผลลัพธ์"), flat);
        Assert.DoesNotContain(Strip("ยังไม่มีตัวชี้วัดหรือสัญญาของแผนงาน"), flat);
        Assert.Contains("ห่วงโซ่ประวัติครบถ้วนถูกต้อง", text);

        // Fonts embedded, qpdf clean, page 1 as a PNG artifact.
        foreach (var row in Run("pdffonts", path).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2))
        {
            Assert.True(Regex.Split(row.Trim(), "\\s+")[^5] == "yes", $"font not embedded: {row}");
        }
        var (qcode, qout, qerr) = Run("qpdf", "--check", path);
        Assert.True(qcode == 0 && !(qout + qerr).Contains("WARNING", StringComparison.OrdinalIgnoreCase), qout + qerr);
        var png = Path.Combine(ArtifactsDir, "api-follow-up-th-page1");
        Assert.Equal(0, Run("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", path, png).Code);
        Assert.True(File.Exists(png + ".png"));

        // The unit report of JSC holds O1-R2 only; the English report uses C.E. dates.
        var jsc = await (await factory.ClientForAsync("jsc")).GetByteArrayAsync($"{Base}/units/JSC/follow-up.pdf");
        var jscPath = Path.Combine(ArtifactsDir, "api-follow-up-unit-jsc.pdf");
        File.WriteAllBytes(jscPath, jsc);
        var jscText = Run("pdftotext", "-enc", "UTF-8", jscPath, "-").Stdout;
        Assert.Contains("ศูนย์บริการร่วมกระทรวงแรงงาน", jscText);
        Assert.Contains("ข้อเสนอแนะ O1-R2", jscText);
        Assert.DoesNotContain("ข้อเสนอแนะ F1-R1.1", jscText);

        var en = await auditor.GetByteArrayAsync($"{Base}/follow-up.pdf?lang=en");
        var enPath = Path.Combine(ArtifactsDir, "api-follow-up-en.pdf");
        File.WriteAllBytes(enPath, en);
        var enText = Run("pdftotext", "-enc", "UTF-8", enPath, "-").Stdout;
        Assert.Contains("Report on the Follow-up of Audit Recommendations", enText);
        Assert.Contains("29 March 2024", enText);
        Assert.DoesNotContain("29 มีนาคม 2567", enText);
    }

    [Fact]
    public async Task An_as_of_date_before_the_seed_was_loaded_shows_the_recommendations_as_not_yet_registered()
    {
        var executive = await factory.ClientForAsync("executive");
        var pdf = await executive.GetByteArrayAsync($"{Base}/follow-up.pdf?asOf=2024-12-31");
        var path = Path.Combine(ArtifactsDir, "api-follow-up-2024-12-31.pdf");
        File.WriteAllBytes(path, pdf);
        var text = Run("pdftotext", "-enc", "UTF-8", path, "-").Stdout;
        Assert.Contains("31 ธันวาคม 2567", text);
        Assert.Contains("ยังไม่ได้ลงทะเบียนในระบบ ณ วันที่ของข้อมูล", text);
    }

    // ------------------------------------------------------------------ helpers

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static string Strip(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>pdftotext output without the running header and footer lines (text that continues across a page break joins up).</summary>
    private static string WithoutRunningLines(string text) => string.Join("\n", text.Split('\n').Where(line =>
        line.Trim('\f') is var l && l != "รายงานผลการติดตามการดำเนินการตามข้อเสนอแนะ" && !l.StartsWith("ข้อมูล ณ วันที่ ", StringComparison.Ordinal)
        && !Regex.IsMatch(l, "^หน้า \\d+ / \\d+$")));

    private static CultureInfo CreateThai()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("th-TH").Clone();
        culture.DateTimeFormat.Calendar = new ThaiBuddhistCalendar();
        return culture;
    }

    private static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Oversight.sln")))
                {
                    return dir.FullName;
                }
            }
            return Directory.GetCurrentDirectory();
        }
    }

    private static string ArtifactsDir => TestArtifacts.Directory();

    private static (int Code, string Stdout, string Stderr) Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{tool} did not start (apt-get install poppler-utils qpdf)");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The bundled seed, read from the repository.</summary>
    private static class Seed
    {
        private static readonly Lazy<JsonNode> Document = new(() =>
            JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot, "src", "Grains", "Seed", "mol-digital-2565.seed.json")))!);

        private static IEnumerable<JsonNode> Recommendations() =>
            Document.Value["findings"]!.AsArray().SelectMany(f => f!["recommendations"]!.AsArray())
                .SelectMany(r => new[] { r! }.Concat(r!["children"]?.AsArray().Select(c => c!) ?? []));

        public static IEnumerable<string> Codes() => Recommendations().Select(r => r["code"]!.GetValue<string>());

        public static IEnumerable<(string Code, string Th)> Texts() =>
            Recommendations().Select(r => (r["code"]!.GetValue<string>(), r["text"]!["th"]!.GetValue<string>()));
    }
}
