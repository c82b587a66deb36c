using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// File import (issue 8): a file of N observation rows through POST /api/v1/imports?kind=observations as the admin
/// (bearer token), as CSV and as XLSX. For each format on a fresh server: the file with new keys (inserts), the same
/// keys with other values (replacements) and that file again (unchanged). Files are built before the clock starts;
/// the time is upload → answer (read, check every row, write one audited batch, durable).
/// </summary>
public static class ImportScenario
{
    public static async Task RunAsync(int rows, int runs)
    {
        Console.WriteLine("| run | format | file | rows | pass | request → answer | rows/s | inserted / replaced / unchanged | server CPU | load tool CPU | other processes' CPU | server RSS (peak) |");
        Console.WriteLine("|---:|---|---:|---:|---|---:|---:|---|---:|---:|---:|---:|");
        for (var run = 1; run <= runs; run++)
        {
            foreach (var format in new[] { "csv", "xlsx" })
            {
                var data = WebProcess.NewDataDirectory("import");
                var (web, _) = await WebProcess.StartAsync(data);
                await using (web)
                {
                    if (run == 1)
                    {
                        Console.WriteLine($"<!-- {format}: server pid {web.Pid}; load average {MonitoringBench.LoadAverage()} -->");
                    }
                    using var client = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await web.TokenAsync("admin"));
                    // Warm-up: small files of the same format under another source (new keys, replacements, unchanged), then a
                    // wait until the server is idle (its background compiler done).
                    foreach (var bump in new[] { 0, 1, 1, 2, 2 })
                    {
                        await ImportAsync(client, File(format, MonitoringBench.Observations("bench-warmup", 10_000, bump)), format);
                    }
                    await MonitoringBench.WaitQuietAsync(web);
                    var source = $"bench-{format}";
                    var files = new[]
                    {
                        ("inserts (new keys)", File(format, MonitoringBench.Observations(source, rows))),
                        ("other values (replacements)", File(format, MonitoringBench.Observations(source, rows, bump: 1))),
                        ("same file again (unchanged)", File(format, MonitoringBench.Observations(source, rows, bump: 1))),
                    };
                    foreach (var (pass, file) in files)
                    {
                        GC.Collect();
                        var meter = new MonitoringBench.Meter(web);
                        var (inserted, replaced, unchanged) = await ImportAsync(client, file, format);
                        var m = meter.Stop();
                        Console.WriteLine($"| {run} | {format.ToUpperInvariant()} | {file.Length / 1048576.0:F1} MB | {rows:N0} | {pass} | **{meter.Elapsed.TotalSeconds:F2} s** | " +
                            $"{rows / meter.Elapsed.TotalSeconds:N0} | {inserted:N0} / {replaced:N0} / {unchanged:N0} | {m.ServerCpuSeconds:F1} s ({m.ServerPercent:F0} %) | {m.SelfPercent:F0} % | {m.OthersPercent:F0} % | {m.Rss:F0} ({m.Peak:F0}) MB |");
                    }
                }
                Directory.Delete(data, recursive: true);
            }
        }
        Console.WriteLine($"<!-- load average after {MonitoringBench.LoadAverage()} -->");
    }

    private static async Task<(int, int, int)> ImportAsync(HttpClient client, byte[] file, string format)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(format == "csv" ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(part, "file", $"observations.{format}");
        using var response = await client.PostAsync("/api/v1/imports?kind=observations", form);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"import: {(int)response.StatusCode} {(text.Length > 800 ? text[..800] : text)}");
        }
        var answer = JsonNode.Parse(text)!;
        return (answer["inserted"]!.GetValue<int>(), answer["replaced"]!.GetValue<int>(), answer["unchanged"]!.GetValue<int>());
    }

    private static byte[] File(string format, IReadOnlyList<BenchObservation> observations) => format == "csv" ? Csv(observations) : Xlsx(observations);

    /// <summary>UTF-8 with a BOM, the template's English column keys, CRLF.</summary>
    public static byte[] Csv(IReadOnlyList<BenchObservation> observations)
    {
        var text = new StringBuilder(observations.Count * 80);
        text.Append("source,metric,subject,period,value,asOf\r\n");
        foreach (var o in observations)
        {
            text.Append(o.Source).Append(',').Append(o.Metric).Append(',').Append(o.Subject).Append(',').Append(o.Period).Append(',')
                .Append(o.Value.ToString(CultureInfo.InvariantCulture)).Append(',').Append(o.AsOf).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>One sheet, the same columns; values as numbers, everything else as text (MiniExcel).</summary>
    public static byte[] Xlsx(IReadOnlyList<BenchObservation> observations)
    {
        using var buffer = new MemoryStream();
        buffer.SaveAs(observations.Select(o => new Dictionary<string, object>
        {
            ["source"] = o.Source,
            ["metric"] = o.Metric,
            ["subject"] = o.Subject,
            ["period"] = o.Period,
            ["value"] = o.Value,
            ["asOf"] = o.AsOf,
        }), excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }
}
