using System.Net;
using MiniExcelLibs;

namespace Oversight.Api.Tests;

/// <summary>What leaves the system as a file is safe to open and cannot be misread: no formula from user text in a
/// spreadsheet, no list cut without saying so, and the checkpoint the file was made at.</summary>
public sealed class ExportSafetyTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    [Fact]
    public async Task Text_that_would_start_a_formula_is_written_as_text_in_the_register()
    {
        var id = Http.Rec("F1-R4");
        var ict = await factory.ClientForAsync("ict");
        var payloads = new[] { "=HYPERLINK(\"http://evil.example\",\"คลิก\")", "+1+1", "-2+3", "@SUM(A1:A2)" };
        foreach (var title in payloads)
        {
            var response = await ict.PostJsonAsync($"/api/v1/recommendations/{id}/actions",
                new { title, ownerUnit = "ICT", dueDate = "2027-03-31", expectedVersion = await ict.VersionAsync(id) });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        var auditor = await factory.ClientForAsync("auditor");
        var xlsx = await auditor.GetByteArrayAsync($"/api/v1/reports/{Http.Report}/register.xlsx");
        using var stream = new MemoryStream(xlsx);
        var sheets = MiniExcel.GetSheetNames(stream);
        Assert.Equal(4, sheets.Count);
        var cells = new List<string>();
        foreach (var sheet in sheets)
        {
            stream.Position = 0;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, sheetName: sheet))
            {
                cells.AddRange(row.Values.OfType<string>());
            }
        }
        foreach (var title in payloads)
        {
            Assert.Contains("'" + title, cells);
        }
        Assert.DoesNotContain(cells, c => c.Length > 0 && c[0] is '=' or '+' or '@' or '\t' or '\r');
        Assert.Contains(cells, c => System.Text.RegularExpressions.Regex.IsMatch(c, "^[0-9a-f]{64}$"));   // the checkpoint hash on the About sheet
    }

    [Fact]
    public async Task The_executive_summary_says_how_many_of_its_overdue_items_it_lists()
    {
        var executive = await factory.ClientForAsync("executive");
        var pdf = await executive.GetByteArrayAsync($"/api/v1/reports/{Http.Report}/executive-summary.pdf?lang=en");
        var path = Path.Combine(Path.GetTempPath(), $"summary-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            var text = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftotext", ["-enc", "UTF-8", path, "-"]) { RedirectStandardOutput = true })!;
            var output = await text.StandardOutput.ReadToEndAsync();
            await text.WaitForExitAsync();
            var collapsed = System.Text.RegularExpressions.Regex.Replace(output, "\\s+", " ");
            Assert.Contains("Overdue recommendations (15)", collapsed);
            // The list is cut to fit the summary's two pages (with the indicator tiles), and says how many it shows.
            var shown = System.Text.RegularExpressions.Regex.Match(collapsed, @"(\d+) of 15 shown; the rest are in the full report\.");
            Assert.True(shown.Success, "the summary does not say how many of the 15 overdue items it lists");
            Assert.InRange(int.Parse(shown.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 14);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
