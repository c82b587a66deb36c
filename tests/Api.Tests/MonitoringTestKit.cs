using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MiniExcelLibs;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Api.Tests;

/// <summary>Shared steps of the monitoring API tests: API keys, metric batches, import files (real CSV and XLSX).</summary>
public static partial class MonitoringTestKit
{
    /// <summary>Today in Thailand, as the server computes it.</summary>
    public static DateOnly Today => ThaiClock.Today(TimeProvider.System);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Creates an API key as admin and returns its id and secret.</summary>
    public static async Task<(string Id, string Key)> CreateKeyAsync(OversightFactory factory, string source, params string[] scopes)
    {
        var admin = await factory.ClientForAsync("admin");
        var response = await admin.PostJsonAsync("/api/v1/api-keys", new { source, name = $"ระบบทดสอบ {source}", scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        return (body["id"]!.GetValue<string>(), body["key"]!.GetValue<string>());
    }

    /// <summary>A client that sends an API key (and no session).</summary>
    public static HttpClient KeyClient(OversightFactory factory, string? key)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
        return client;
    }

    public static object Observation(string source, string metric, string subject, string period, object value, string? asOf = null) =>
        new { source, metric, subject, period, value, asOf = asOf ?? Iso(Today.AddDays(-1)) };

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, params object[] observations) =>
        client.PostJsonAsync("/api/v1/metrics", new { observations });

    /// <summary>
    /// The figure a province shows for a metric and period, when it comes from <paramref name="source"/> (null when the
    /// province shows none from that source: demo mode adds labelled synthetic figures of its own).
    /// </summary>
    public static async Task<JsonNode?> ProvinceFigureAsync(HttpClient reader, string code, string metric, string period, string source)
    {
        var detail = await reader.GetJsonAsync($"/api/v1/provinces/{code}");
        return detail["metrics"]?[metric]?["series"]?.AsArray()
            .FirstOrDefault(f => f?["period"]?.GetValue<string>() == period && f["source"]?.GetValue<string>() == source);
    }

    /// <summary>Every (row, column) an error answer lists.</summary>
    public static async Task<List<(int Row, string Column, string Reason)>> RowErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        return body["errors"]!.AsArray().Select(e => (e!["row"]!.GetValue<int>(), e["column"]!.GetValue<string>(), e["reason"]!.GetValue<string>())).ToList();
    }

    // ---------------------------------------------------------------- files

    /// <summary>A UTF-8 CSV file (with a BOM, as Excel writes it) of a header and rows, quoted where needed.</summary>
    public static byte[] Csv(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(",", header.Select(Quote))).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(",", row.Select(c => Quote(c ?? "")))).Append("\r\n");
        }
        return [.. new UTF8Encoding(true).GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;

    /// <summary>A real XLSX workbook (written by MiniExcel) of a header and rows; numbers stay numbers.</summary>
    public static byte[] Xlsx(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var sheet = rows.Select(row =>
        {
            var line = new Dictionary<string, object?>();
            for (var i = 0; i < header.Count; i++)
            {
                line[header[i]] = i < row.Count ? row[i] : null;
            }
            return line;
        }).ToArray();
        using var buffer = new MemoryStream();
        buffer.SaveAs(sheet, excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }

    /// <summary>The same workbook with the cell <paramref name="cell"/> (e.g. "E3") turned into a formula cell.</summary>
    public static byte[] WithFormula(byte[] xlsx, string cell, string formula)
    {
        using var output = new MemoryStream();
        output.Write(xlsx);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }
            var pattern = new Regex($"<x:c r=\"{cell}\"([^>]*)>(.*?)</x:c>|<c r=\"{cell}\"([^>]*)>(.*?)</c>", RegexOptions.Singleline);
            var match = pattern.Match(xml);
            Assert.True(match.Success, $"cell {cell} not found in the sheet");
            var prefix = match.Value.StartsWith("<x:", StringComparison.Ordinal) ? "x:" : "";
            xml = xml.Replace(match.Value, $"<{prefix}c r=\"{cell}\"><{prefix}f>{formula}</{prefix}f><{prefix}v>1</{prefix}v></{prefix}c>");
            entry.Delete();
            var replaced = zip.CreateEntry("xl/worksheets/sheet1.xml");
            using var writer = new StreamWriter(replaced.Open(), new UTF8Encoding(false));
            writer.Write(xml);
        }
        return output.ToArray();
    }

    /// <summary>Posts a file to the import route (multipart, part "file").</summary>
    public static Task<HttpResponseMessage> ImportAsync(HttpClient client, string kind, byte[] content, string fileName, bool dryRun = false)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(file, "file", fileName);
        return client.PostAsync($"/api/v1/imports?kind={kind}{(dryRun ? "&dryRun=true" : "")}", form);
    }

    public static readonly string[] ObservationHeader = ["source", "metric", "subject", "period", "value", "asOf"];
}

public static partial class MonitoringTestKit
{
    /// <summary>A unit officer of a provincial labour office (unit PLO-{code}), signed in with a bearer token.</summary>
    public static async Task<HttpClient> ProvincialOfficerAsync(OversightFactory factory, string code)
    {
        const string password = "plo-officer-password-2569";
        var username = $"plo{code}";
        var admin = await factory.ClientForAsync("admin");
        var response = await admin.PostJsonAsync("/api/v1/admin/users",
            new { username, displayName = $"เจ้าหน้าที่สำนักงานแรงงานจังหวัด {code}", role = "unit-officer", unit = $"PLO-{code}", password });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"creating {username}: {await response.Content.ReadAsStringAsync()}");
        var client = KeyClient(factory, null);
        var token = await client.PostJsonAsync("/api/v1/auth/token", new { username, password });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.JsonAsync())["accessToken"]!.GetValue<string>());
        return client;
    }
}
