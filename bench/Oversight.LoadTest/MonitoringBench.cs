using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oversight.TestSupport;

namespace Oversight.LoadTest;

/// <summary>One observation as the load tool sends it (a value is always a whole number here).</summary>
public readonly record struct BenchObservation(string Source, string Metric, string Subject, string Period, long Value, string AsOf);

/// <summary>Shared by the monitoring scenarios (issue 8): the 77 DOPA codes, the 10 province metrics, keys, bodies, and measuring the server.</summary>
public static class MonitoringBench
{
    /// <summary>Every metric whose subject is a province (10 in the catalog).</summary>
    public static readonly string[] ProvinceMetrics =
    [
        "lbda.staff-needing-access", "lbda.registered-staff", "lbda.active-users", "lbda.logins", "lbda.reports",
        "informal.surveyed", "informal.registered", "informal.records-updated-12m", "informal.resurveyed", "employment.employed",
    ];

    /// <summary>The 77 DOPA province codes, from the seed's copy of the reference list.</summary>
    public static IReadOnlyList<string> ProvinceCodes() =>
        File.ReadLines(Path.Combine(RepoRoot.Find(), "src", "Grains", "Seed", "provinces.csv")).Skip(1)
            .Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToArray();

    /// <summary>Monthly periods, newest first, starting with the month before this one (yyyy-MM).</summary>
    public static string[] MonthsBack(int count)
    {
        var first = new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1).AddMonths(-1);
        return Enumerable.Range(0, count).Select(i => first.AddMonths(-i).ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>Yesterday (never in the future on the server, whose "today" is Thai time, ahead of UTC).</summary>
    public static string AsOf { get; } = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="count"/> distinct keys for one source: period by period (newest first), each period every province × every
    /// province metric (770 keys per month). The value depends on the key and <paramref name="bump"/> (a resend with another bump replaces).
    /// </summary>
    public static List<BenchObservation> Observations(string source, int count, int bump = 0, int skip = 0)
    {
        var codes = ProvinceCodes();
        var perPeriod = codes.Count * ProvinceMetrics.Length;
        var periods = MonthsBack((skip + count + perPeriod - 1) / perPeriod);
        var list = new List<BenchObservation>(count);
        for (var i = skip; i < skip + count; i++)
        {
            var p = i / perPeriod;
            var c = i % perPeriod / ProvinceMetrics.Length;
            var m = i % ProvinceMetrics.Length;
            list.Add(new BenchObservation(source, ProvinceMetrics[m], "province:" + codes[c], periods[p], 10 + (p * 7 + c * 13 + m * 3 + bump) % 5000, AsOf));
        }
        return list;
    }

    /// <summary>The JSON body of POST /api/v1/metrics, serialised once, before any timing.</summary>
    public static byte[] MetricsBody(IReadOnlyList<BenchObservation> observations)
    {
        using var buffer = new MemoryStream(observations.Count * 140);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("observations");
            foreach (var o in observations)
            {
                json.WriteStartObject();
                json.WriteString("source", o.Source);
                json.WriteString("metric", o.Metric);
                json.WriteString("subject", o.Subject);
                json.WriteString("period", o.Period);
                json.WriteNumber("value", o.Value);
                json.WriteString("asOf", o.AsOf);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Posts pre-serialised metrics bodies (one request per body); returns the answers' counts.</summary>
    public static async Task<(int Inserted, int Replaced, int Unchanged)> PostMetricsAsync(HttpClient client, string key, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/metrics") { Content = Json(body) };
        request.Headers.Add("X-Api-Key", key);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"metrics: {(int)response.StatusCode} {(text.Length > 600 ? text[..600] : text)}");
        }
        var answer = JsonNode.Parse(text)!;
        return (answer["inserted"]!.GetValue<int>(), answer["replaced"]!.GetValue<int>(), answer["unchanged"]!.GetValue<int>());
    }

    public static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>
    /// CPU of the server, of this process and of everything else on the machine over a measured stretch, and the server's
    /// memory at its end. "Others" is the machine's busy time (/proc/stat: user, nice, system, irq, softirq, steal) minus
    /// the server's and this process's: the builds, tests and hosts of other people sharing the cores.
    /// </summary>
    public sealed class Meter
    {
        private readonly WebProcess _web;
        private readonly TimeSpan _serverBefore;
        private readonly TimeSpan _selfBefore;
        private readonly double _machineBefore;
        private readonly Stopwatch _wall = Stopwatch.StartNew();

        public Meter(WebProcess web)
        {
            _web = web;
            _serverBefore = web.CpuTime();
            _selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
            _machineBefore = MachineBusySeconds();
        }

        public TimeSpan Elapsed => _wall.Elapsed;

        /// <summary>Server CPU s, server/self/others as % of one core (100 % = one core), server RSS / peak (MB).</summary>
        public (double ServerCpuSeconds, double ServerPercent, double SelfPercent, double OthersPercent, double Rss, double Peak) Stop()
        {
            _wall.Stop();
            var machine = MachineBusySeconds() - _machineBefore;
            var server = (_web.CpuTime() - _serverBefore).TotalSeconds;
            var self = (Process.GetCurrentProcess().TotalProcessorTime - _selfBefore).TotalSeconds;
            var (rss, peak) = _web.Memory();
            var wall = _wall.Elapsed.TotalSeconds;
            return (server, server / wall * 100, self / wall * 100, Math.Max(0, machine - server - self) / wall * 100, rss, peak);
        }
    }

    /// <summary>Busy CPU seconds of the whole machine since boot (all cores), from the first line of /proc/stat.</summary>
    public static double MachineBusySeconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return 0;
        }
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal …
        var ticks = long.Parse(f[1]) + long.Parse(f[2]) + long.Parse(f[3]) + long.Parse(f[6]) + long.Parse(f[7]) + long.Parse(f[8]);
        return ticks / 100.0;
    }

    /// <summary>
    /// Waits until the server has been idle (under 3 % of one core) for two consecutive seconds, at most
    /// <paramref name="limit"/>: after a warm-up the runtime's tiered compiler keeps recompiling hot methods in the
    /// background for a while (measured: over a third of the server's CPU in the first minute after a short warm-up),
    /// and that is start-up cost, not the cost of the work measured. Returns how long it waited.
    /// </summary>
    public static async Task<TimeSpan> WaitQuietAsync(WebProcess web, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        var quiet = 0;
        var before = web.CpuTime();
        while (quiet < 2 && clock.Elapsed < (limit ?? TimeSpan.FromSeconds(90)))
        {
            await Task.Delay(1000);
            var now = web.CpuTime();
            quiet = (now - before).TotalMilliseconds < 30 ? quiet + 1 : 0;
            before = now;
        }
        return clock.Elapsed;
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
