using System.Net;
using System.Text;
using MiniExcelLibs;
using static Oversight.Api.Tests.MonitoringTestKit;

namespace Oversight.Api.Tests;

/// <summary>
/// File imports with real CSV and XLSX files: all or nothing (any bad row changes nothing and every bad row is listed
/// {row, column, reason}), dry runs, formulas, oversized files, templates with Thai and English headers, and who may import.
/// </summary>
public sealed class ImportApiTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    private static IReadOnlyList<string?> Row(string source, string metric, string subject, string period, string value, string? asOf = null) =>
        [source, metric, subject, period, value, asOf ?? Iso(Today.AddDays(-1))];

    [Fact]
    public async Task A_good_csv_imports_and_the_same_file_again_changes_nothing()
    {
        var admin = await factory.ClientForAsync("admin");
        var file = Csv(ObservationHeader,
        [
            Row("lbda-csv", "lbda.staff-needing-access", "province:20", "2026-06", "25"),
            Row("lbda-csv", "lbda.registered-staff", "province:20", "2026-06", "5"),
            Row("lbda-csv", "informal.registered", "province:20", "FY2569", "12000"),
        ]);
        var first = await (await ImportAsync(admin, "observations", file, "figures.csv")).JsonAsync();
        Assert.Equal(3, first["inserted"]!.GetValue<int>());
        Assert.False(first["dryRun"]!.GetValue<bool>());
        var again = await (await ImportAsync(admin, "observations", file, "figures.csv")).JsonAsync();
        Assert.Equal(3, again["unchanged"]!.GetValue<int>());
        Assert.Equal(5, (await ProvinceFigureAsync(admin, "20", "lbda.registered-staff", "2026-06", "lbda-csv"))!["value"]!.GetValue<double>());
        Assert.Equal(12000, (await ProvinceFigureAsync(admin, "20", "informal.registered", "FY2569", "lbda-csv"))!["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_csv_with_bad_rows_imports_nothing_and_lists_every_bad_row()
    {
        var admin = await factory.ClientForAsync("admin");
        var file = Csv(ObservationHeader,
        [
            Row("lbda-bad-csv", "lbda.logins", "province:21", "2026-06", "100"),             // row 2: good
            Row("lbda-bad-csv", "lbda.logins", "province:99", "2026-06", "100"),             // row 3: no such province
            Row("lbda-bad-csv", "lbda.logins", "province:21", "2026-07", "-4"),              // row 4: negative count
            Row("lbda-bad-csv", "lbda.wat", "province:21", "2026-07", "1"),                  // row 5: unknown metric
            Row("lbda-bad-csv", "lbda.logins", "province:21", "June", "1"),                  // row 6: period
            Row("lbda-bad-csv", "lbda.logins", "province:21", "2026-08", "1", "2099-12-31"), // row 7: as of in the future
            Row("lbda-bad-csv", "lbda.logins", "province:21", "2026-06", "100"),             // row 8: same key as row 2
            Row("lbda-bad-csv", "lbda.logins", "province:21", "2026-09", "=SUM(A1:A2)"),     // row 9: a formula
            Row("lbda-bad-csv", "lbda.registered-staff", "province:21", "2026-09", "100001"), // row 10: out of range
        ]);
        var errors = await RowErrorsAsync(await ImportAsync(admin, "observations", file, "figures.csv"));
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10], errors.Select(e => e.Row).Distinct().Order());
        Assert.Contains(errors, e => e.Row == 3 && e.Column == "subject");
        Assert.Contains(errors, e => e.Row == 4 && e.Column == "value");
        Assert.Contains(errors, e => e.Row == 5 && e.Column == "metric");
        Assert.Contains(errors, e => e.Row == 6 && e.Column == "period");
        Assert.Contains(errors, e => e.Row == 7 && e.Column == "asOf");
        Assert.Contains(errors, e => e.Row == 8 && e.Reason.Contains("row 2", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 9 && e.Column == "value" && e.Reason.Contains("formula", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 10 && e.Column == "value");
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        // Row 2 was good, but the file is all or nothing.
        Assert.Null(await ProvinceFigureAsync(admin, "21", "lbda.logins", "2026-06", "lbda-bad-csv"));
    }

    [Fact]
    public async Task A_good_xlsx_imports_with_numbers_and_dates_as_cells()
    {
        var admin = await factory.ClientForAsync("admin");
        var file = Xlsx(ObservationHeader,
        [
            ["lbda-xlsx", "lbda.staff-needing-access", "province:22", "2026-06", 40, Today.AddDays(-3).ToDateTime(TimeOnly.MinValue)],
            ["lbda-xlsx", "lbda.registered-staff", "province:22", "2026-06", 30, Today.AddDays(-3).ToDateTime(TimeOnly.MinValue)],
        ]);
        var response = await ImportAsync(admin, "observations", file, "figures.xlsx");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(2, (await response.JsonAsync())["inserted"]!.GetValue<int>());
        var figure = await ProvinceFigureAsync(admin, "22", "lbda.registered-staff", "2026-06", "lbda-xlsx");
        Assert.Equal(30, figure!["value"]!.GetValue<double>());
        Assert.Equal(Iso(Today.AddDays(-3)), figure["asOf"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_xlsx_with_a_formula_cell_or_a_bad_row_imports_nothing()
    {
        var admin = await factory.ClientForAsync("admin");
        var rows = new List<IReadOnlyList<object?>>
        {
            new object?[] { "lbda-xlsx-bad", "lbda.logins", "province:23", "2026-06", 10, Iso(Today.AddDays(-1)) },
            new object?[] { "lbda-xlsx-bad", "lbda.logins", "province:23", "2026-07", 12, Iso(Today.AddDays(-1)) },
        };
        var formula = WithFormula(Xlsx(ObservationHeader, rows), "E3", "SUM(E2:E2)");
        var errors = await RowErrorsAsync(await ImportAsync(admin, "observations", formula, "formula.xlsx"));
        Assert.Contains(errors, e => e.Row == 3 && e.Column == "value" && e.Reason.Contains("formula", StringComparison.Ordinal));
        Assert.Null(await ProvinceFigureAsync(admin, "23", "lbda.logins", "2026-06", "lbda-xlsx-bad"));

        rows.Add(new object?[] { "lbda-xlsx-bad", "lbda.logins", "province:23", "2026-08", -1, Iso(Today.AddDays(-1)) });
        errors = await RowErrorsAsync(await ImportAsync(admin, "observations", Xlsx(ObservationHeader, rows), "bad.xlsx"));
        Assert.Equal([(4, "value")], errors.Select(e => (e.Row, e.Column)));
        Assert.Null(await ProvinceFigureAsync(admin, "23", "lbda.logins", "2026-06", "lbda-xlsx-bad"));
    }

    [Fact]
    public async Task An_xlsx_with_an_excel_4_macro_sheet_imports_nothing()
    {
        var admin = await factory.ClientForAsync("admin");
        var rows = new List<IReadOnlyList<object?>> { new object?[] { "lbda-xlsx-macro", "lbda.logins", "province:27", "2026-06", 10, Iso(Today.AddDays(-1)) } };
        using var output = new MemoryStream();
        output.Write(Xlsx(ObservationHeader, rows));
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            // Excel 4.0 macros live in macro sheets, not in a VBA project: the same rule as evidence uploads (OfficeMacros).
            using var writer = new StreamWriter(zip.CreateEntry("xl/macrosheets/sheet1.xml").Open());
            writer.Write("<xm:macrosheet xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\"/>");
        }
        var errors = await RowErrorsAsync(await ImportAsync(admin, "observations", output.ToArray(), "figures.xlsx"));
        Assert.Contains(errors, e => e.Reason.Contains("macro", StringComparison.Ordinal));
        Assert.Null(await ProvinceFigureAsync(admin, "27", "lbda.logins", "2026-06", "lbda-xlsx-macro"));
    }

    [Fact]
    public async Task A_dry_run_checks_the_whole_file_and_changes_nothing()
    {
        var admin = await factory.ClientForAsync("admin");
        var file = Csv(ObservationHeader, [Row("lbda-dry", "lbda.logins", "province:24", "2026-06", "3")]);
        var outcome = await (await ImportAsync(admin, "observations", file, "figures.csv", dryRun: true)).JsonAsync();
        Assert.True(outcome["dryRun"]!.GetValue<bool>());
        Assert.Equal(1, outcome["inserted"]!.GetValue<int>());
        Assert.Null(await ProvinceFigureAsync(admin, "24", "lbda.logins", "2026-06", "lbda-dry"));
        var bad = Csv(ObservationHeader, [Row("lbda-dry", "lbda.logins", "province:24", "2026-06", "-3")]);
        Assert.Single(await RowErrorsAsync(await ImportAsync(admin, "observations", bad, "figures.csv", dryRun: true)));
    }

    [Fact]
    public async Task Oversized_empty_unreadable_and_misshapen_files_get_a_clear_4xx()
    {
        var admin = await factory.ClientForAsync("admin");
        // 50 MB: refused before it is read, with a problem.
        var huge = new byte[50 * 1024 * 1024];
        Array.Fill(huge, (byte)'1');
        var response = await ImportAsync(admin, "observations", huge, "huge.csv");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        await Bad(Encoding.UTF8.GetBytes(string.Join(",", ObservationHeader) + "\r\n"), "no rows");
        await Bad(Encoding.UTF8.GetBytes("source,metric,colour\r\nlbda,lbda.logins,red\r\n"), "unknown column");
        await Bad([0xFF, 0xFE, 0x00, 0x41, 0x00, 0x42], "neither");
        await Bad(Encoding.UTF8.GetBytes("%PDF-1.7\n\u0000binary"), "neither");
        await Bad([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00], "");
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportAsync(admin, "nonsense", Csv(ObservationHeader, []), "x.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostJsonAsync("/api/v1/imports?kind=observations", new { file = "x" })).StatusCode);

        async Task Bad(byte[] content, string reason)
        {
            var answer = await ImportAsync(admin, "observations", content, "file.csv");
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Contains(reason, await answer.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Only_an_admin_or_a_key_with_imports_write_may_import()
    {
        var file = Csv(ObservationHeader, [Row("lbda-who", "lbda.logins", "province:25", "2026-06", "3")]);
        foreach (var user in new[] { "executive", "auditor", "ict" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await ImportAsync(await factory.ClientForAsync(user), "observations", file, "f.csv")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await ImportAsync(KeyClient(factory, null), "observations", file, "f.csv")).StatusCode);
        var (_, metricsOnly) = await CreateKeyAsync(factory, "lbda-who", "metrics:write");
        Assert.Equal(HttpStatusCode.Forbidden, (await ImportAsync(KeyClient(factory, metricsOnly), "observations", file, "f.csv")).StatusCode);
        Assert.Null(await ProvinceFigureAsync(await factory.ClientForAsync("admin"), "25", "lbda.logins", "2026-06", "lbda-who"));

        var (_, importer) = await CreateKeyAsync(factory, "lbda-who", "imports:write");
        var response = await ImportAsync(KeyClient(factory, importer), "observations", file, "f.csv");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(3, (await ProvinceFigureAsync(await factory.ClientForAsync("admin"), "25", "lbda.logins", "2026-06", "lbda-who"))!["value"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("observations")]
    [InlineData("contracts")]
    [InlineData("eservices")]
    [InlineData("agencies")]
    [InlineData("datasets")]
    public async Task Templates_have_Thai_and_English_headers_and_an_empty_template_is_refused_as_having_no_rows(string kind)
    {
        var reader = await factory.ClientForAsync("executive");
        var csv = await reader.GetAsync($"/api/v1/imports/templates/{kind}.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var header = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n")[0];
        Assert.All(header.Split(','), h => Assert.Matches(@"^[\u0E00-\u0E7F].* / [A-Za-z]", h.Trim('"')));

        var xlsx = await reader.GetAsync($"/api/v1/imports/templates/{kind}.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var columns = MiniExcel.GetColumns(stream, useHeaderRow: true).ToArray();
        Assert.Equal(header.Split(',').Length, columns.Length);

        // The template as downloaded parses: the only complaint is that it has no rows.
        var admin = await factory.ClientForAsync("admin");
        var errors = await RowErrorsAsync(await ImportAsync(admin, kind, await (await reader.GetAsync($"/api/v1/imports/templates/{kind}.csv")).Content.ReadAsByteArrayAsync(), "t.csv"));
        Assert.Equal([(2, "*")], errors.Select(e => (e.Row, e.Column)));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/imports/templates/{kind}.pdf")).StatusCode);
    }

    [Fact]
    public async Task A_filled_xlsx_template_with_Thai_headers_imports()
    {
        var reader = await factory.ClientForAsync("admin");
        var template = await (await reader.GetAsync("/api/v1/imports/templates/observations.xlsx")).Content.ReadAsByteArrayAsync();
        using var stream = new MemoryStream(template);
        var headers = MiniExcel.GetColumns(stream, useHeaderRow: true).Cast<string>().ToArray();
        var file = Xlsx(headers, [["lbda-template", "lbda.logins", "province:26", "2026-05", 41, Iso(Today.AddDays(-2))]]);
        var response = await ImportAsync(reader, "observations", file, "filled.xlsx");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(41, (await ProvinceFigureAsync(reader, "26", "lbda.logins", "2026-05", "lbda-template"))!["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task Entities_import_from_files_all_or_nothing()
    {
        var admin = await factory.ClientForAsync("admin");
        // E-services: one bad row (an unknown unit) stops both.
        string[] services = ["id", "nameTh", "nameEn", "audience", "unit"];
        var bad = Csv(services, [["e-filing-test", "ยื่นแบบออนไลน์", "Online filing", "employer", "ICT"], ["e-job-test", "หางาน", "Job search", "citizen", "NOPE"]]);
        var errors = await RowErrorsAsync(await ImportAsync(admin, "eservices", bad, "services.csv"));
        Assert.Equal([(3, "unit")], errors.Select(e => (e.Row, e.Column)));
        var list = (await admin.GetJsonAsync("/api/v1/eservices"))["items"]!.AsArray();
        Assert.DoesNotContain(list, s => s!["service"]!["id"]!.GetValue<string>() == "e-filing-test");

        var good = Csv(services, [["e-filing-test", "ยื่นแบบออนไลน์", "Online filing", "นายจ้าง", "ICT"], ["e-job-test", "หางาน", "Job search", "ประชาชน", "JSC"]]);
        var outcome = await (await ImportAsync(admin, "eservices", good, "services.csv")).JsonAsync();
        Assert.Equal(2, outcome["created"]!.GetValue<int>());
        list = (await admin.GetJsonAsync("/api/v1/eservices"))["items"]!.AsArray();
        var filing = list.Single(s => s!["service"]!["id"]!.GetValue<string>() == "e-filing-test")!;
        Assert.False(filing["service"]!["synthetic"]!.GetValue<bool>());
        Assert.Equal("no-data", filing["flag"]!.GetValue<string>());
        // The same ids again: refused, as they exist.
        Assert.NotEmpty(await RowErrorsAsync(await ImportAsync(admin, "eservices", good, "services.csv")));

        // Agencies, then their datasets.
        var agencies = Csv(["id", "nameTh", "nameEn", "mode", "status"], [["dsd-test", "กรมพัฒนาฝีมือแรงงาน", "Department of Skill Development", "1", "linked"]]);
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(admin, "agencies", agencies, "agencies.csv")).StatusCode);
        var datasets = Csv(["agencyId", "id", "nameTh", "nameEn", "recordLevel", "frequencyUnit", "frequencyInterval"],
            [["dsd-test", "dsd-trainees", "ผู้ผ่านการฝึกอบรม", "Trainees", "ไม่ใช่", "เดือน", "1"], ["nope", "x", "ชุด", "Set", "no", "ปี", "1"]]);
        errors = await RowErrorsAsync(await ImportAsync(admin, "datasets", datasets, "datasets.csv"));
        Assert.Equal([(3, "agencyId")], errors.Select(e => (e.Row, e.Column)));
        datasets = Csv(["agencyId", "id", "nameTh", "nameEn", "recordLevel", "frequencyUnit", "frequencyInterval"],
            [["dsd-test", "dsd-trainees", "ผู้ผ่านการฝึกอบรม", "Trainees", "ไม่ใช่", "เดือน", "1"]]);
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(admin, "datasets", datasets, "datasets.csv")).StatusCode);
        var exchange = await admin.GetJsonAsync("/api/v1/data-exchange");
        var dsd = exchange["agencies"]!.AsArray().Single(a => a!["agency"]!["id"]!.GetValue<string>() == "dsd-test")!;
        var trainees = dsd["datasets"]!.AsArray().Single()!;
        Assert.Equal("unknown", trainees["freshness"]!.GetValue<string>());
        Assert.False(trainees["dataset"]!["recordLevel"]!.GetValue<bool>());

        // A dataset's last update, then its freshness is computed (monthly, updated 3 days ago: fresh).
        var (_, key) = await CreateKeyAsync(factory, "dsd", "metrics:write");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(KeyClient(factory, key),
            Observation("dsd", "dataset.last-update", "dataset:dsd-trainees", $"{Today:yyyy-MM}", Iso(Today.AddDays(-3)), Iso(Today)))).StatusCode);
        exchange = await admin.GetJsonAsync("/api/v1/data-exchange");
        trainees = exchange["agencies"]!.AsArray().Single(a => a!["agency"]!["id"]!.GetValue<string>() == "dsd-test")!["datasets"]!.AsArray().Single()!;
        Assert.Equal("fresh", trainees["freshness"]!.GetValue<string>());
    }
}
