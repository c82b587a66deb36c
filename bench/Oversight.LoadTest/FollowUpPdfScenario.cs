using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>
/// The follow-up PDF with the programme section (issue 9), end to end in the Release Web host with the demo seed:
/// GET /api/v1/reports/mol-digital-2565/follow-up.pdf as the executive (the loader reads the report, every
/// recommendation's detail and the monitoring board's snapshot from the grains, the composer adds the programme
/// section, the renderer writes the PDF, the generation is appended to the audit trail), then the ICT unit's report
/// and the executive summary with its indicator tiles. Warm-up first, then N sequential requests per route.
/// </summary>
public static class FollowUpPdfScenario
{
    private const string Report = "/api/v1/reports/mol-digital-2565";

    public static async Task RunAsync(int requests, int warmup)
    {
        var data = WebProcess.NewDataDirectory("followup-pdf");
        var (web, _) = await WebProcess.StartAsync(data);
        await using (web)
        {
            Console.WriteLine($"<!-- server pid {web.Pid}; load average before {MonitoringBench.LoadAverage()} -->");
            using var client = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await web.TokenAsync("executive"));
            Console.WriteLine();
            Console.WriteLine("| route | first request | requests | p50 | p95 | p99 | max | pages | size | server CPU per request | server CPU | server RSS (peak) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            await MeasureAsync(web, client, "GET …/follow-up.pdf (th)", $"{Report}/follow-up.pdf", requests, warmup);
            await MeasureAsync(web, client, "GET …/follow-up.pdf?lang=en", $"{Report}/follow-up.pdf?lang=en", requests, warmup);
            await MeasureAsync(web, client, "GET …/units/ICT/follow-up.pdf", $"{Report}/units/ICT/follow-up.pdf", requests, warmup);
            await MeasureAsync(web, client, "GET …/executive-summary.pdf", $"{Report}/executive-summary.pdf", requests, warmup);
            Console.WriteLine();
            Console.WriteLine($"<!-- load average after {MonitoringBench.LoadAverage()} -->");
        }
        Directory.Delete(data, recursive: true);
    }

    private static async Task MeasureAsync(WebProcess web, HttpClient client, string route, string url, int requests, int warmup)
    {
        async Task<(double Ms, byte[] Body)> GetAsync()
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)[..Math.Min(400, body.Length)]}");
            }
            return (elapsed, body);
        }

        var first = await GetAsync();
        // The file must hold what is being measured: the programme section (or, for the summary, its tiles).
        var text = PdfText(first.Body);
        var expected = url.Contains("executive-summary", StringComparison.Ordinal) ? "ตัวชี้วัดผลลัพธ์ของแผนงาน"
            : url.Contains("lang=en", StringComparison.Ordinal) ? "3. Programme monitoring" : "3. ผลการดำเนินงานของแผนงานและโครงการ";
        if (!text.Replace("\n", " ", StringComparison.Ordinal).Contains(expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{url}: the PDF has no '{expected}'");
        }
        var pages = text.Count(c => c == '\f');
        for (var i = 0; i < warmup; i++)
        {
            await GetAsync();
        }
        GC.Collect();
        var latencies = new double[requests];
        var meter = new MonitoringBench.Meter(web);
        for (var i = 0; i < requests; i++)
        {
            latencies[i] = (await GetAsync()).Ms;
        }
        var m = meter.Stop();
        var sorted = latencies.Order().ToArray();
        Console.WriteLine($"| {route} | {first.Ms:F0} ms | {requests:N0} | **{Stats.Percentile(sorted, 50):F1} ms** | {Stats.Percentile(sorted, 95):F1} ms | {Stats.Percentile(sorted, 99):F1} ms | " +
            $"{sorted[^1]:F1} ms | {pages} | {first.Body.Length / 1024.0:F0} KiB | {m.ServerCpuSeconds * 1000 / requests:F1} ms | {m.ServerPercent:F0} % | {m.Rss:F0} ({m.Peak:F0}) MB |");
    }

    private static string PdfText(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"followup-pdf-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var psi = new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", file, "-"]) { RedirectStandardOutput = true, StandardOutputEncoding = Encoding.UTF8 };
            using var p = Process.Start(psi)!;
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
