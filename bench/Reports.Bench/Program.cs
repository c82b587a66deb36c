using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Oversight.Reports;
using Oversight.Reports.Bench;
using Oversight.Reports.Model;

// Modes:
//   --peers [--runs N]   compact table: ours (1 thread, 2 in parallel, peak RSS) vs WeasyPrint and Chromium print-to-PDF
//   --rss [--docs N]     render N documents in this process and print VmHWM (peak RSS)
//   --profile            warm time split into layout and drawing + PDF (median and minimum of 60 renders)
//   --programme [--runs N] [--parallel]  the follow-up report with the programme section (issue 9), warm, one thread
//                        (or two at once): pages, bytes, median / p95 / min / max of N compose + render
//   --write FILE         write the benchmark document; --write-follow-up FILE: the follow-up report workload
//   --shape TEXT         print the HarfBuzz shaping of a string (glyphs, clusters, positions in font units)
//   (default / --bdn)    BenchmarkDotNet (in-process) timing and allocations of our renderer
var argv = args.ToList();
int Option(string name, int fallback)
{
    var i = argv.IndexOf(name);
    return i >= 0 && i + 1 < argv.Count ? int.Parse(argv[i + 1], CultureInfo.InvariantCulture) : fallback;
}

if (argv.Contains("--rss"))
{
    Console.WriteLine(Harness.MeasureRss(Option("--docs", 200)));
    return 0;
}
if (argv.Contains("--write"))
{
    // Writes the benchmark document to a file (for inspection).
    File.WriteAllBytes(argv[argv.IndexOf("--write") + 1], PdfRenderer.RenderToBytes(BenchData.ToDocument(BenchData.Build())));
    return 0;
}
if (argv.Contains("--write-follow-up"))
{
    File.WriteAllBytes(argv[argv.IndexOf("--write-follow-up") + 1], PdfRenderer.RenderToBytes(Oversight.Reports.FollowUp.FollowUpComposer.Compose(FollowUpBenchData.Build())));
    return 0;
}
if (argv.Contains("--shape"))
{
    Harness.Shape(argv[argv.IndexOf("--shape") + 1]);
    return 0;
}
if (argv.Contains("--profile"))
{
    Harness.Profile();
    return 0;
}
if (argv.Contains("--programme"))
{
    Harness.Programme(Option("--runs", 200), argv.Contains("--parallel"));
    return 0;
}
if (argv.Contains("--write-programme"))
{
    File.WriteAllBytes(argv[argv.IndexOf("--write-programme") + 1],
        PdfRenderer.RenderToBytes(Oversight.Reports.FollowUp.FollowUpComposer.Compose(FollowUpBenchData.BuildWithProgramme())));
    return 0;
}
if (argv.Contains("--peers"))
{
    return Harness.RunPeers(Option("--runs", 3));
}
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15).WithId("InProcess"));
BenchmarkRunner.Run<RenderBenchmarks>(config, args.Where(a => a != "--bdn").ToArray());
return 0;

/// <summary>BenchmarkDotNet: one 20-page document, two at once, and the seed-sized follow-up report (composer + render).</summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private Document document = null!;
    private Oversight.Reports.FollowUp.FollowUpReport followUp = null!;
    private Oversight.Reports.FollowUp.FollowUpReport programme = null!;

    [GlobalSetup]
    public void Setup()
    {
        document = BenchData.ToDocument(BenchData.Build());
        followUp = FollowUpBenchData.Build();
        programme = FollowUpBenchData.BuildWithProgramme();
        Harness.RenderOnce(document); // fonts, ICU and caches warm
        Harness.RenderOnce(Oversight.Reports.FollowUp.FollowUpComposer.Compose(followUp));
        Harness.RenderOnce(Oversight.Reports.FollowUp.FollowUpComposer.Compose(programme));
    }

    [Benchmark(Description = "20-page Thai report, 1 thread")]
    public int Render() => Harness.RenderOnce(document);

    [Benchmark(Description = "2 x 20-page reports in parallel")]
    public int RenderTwoInParallel()
    {
        var a = Task.Run(() => Harness.RenderOnce(document));
        var b = Task.Run(() => Harness.RenderOnce(document));
        return a.Result + b.Result;
    }

    [Benchmark(Description = "Follow-up report, 15 recommendations (compose + render)")]
    public int RenderFollowUp() => Harness.RenderOnce(Oversight.Reports.FollowUp.FollowUpComposer.Compose(followUp));

    [Benchmark(Description = "Follow-up report with the programme section (compose + render)")]
    public int RenderFollowUpWithProgramme() => Harness.RenderOnce(Oversight.Reports.FollowUp.FollowUpComposer.Compose(programme));
}

internal static class Harness
{
    public static int RenderOnce(Document doc)
    {
        var sink = new CountingStream();
        return PdfRenderer.Render(doc, sink, null);
    }

    /// <summary>Splits the warm time into layout (pass 1) and PDF writing; median and minimum of single renders.</summary>
    public static void Profile()
    {
        var doc = BenchData.ToDocument(BenchData.Build());
        var layouter = new Oversight.Reports.Layout.DocumentLayouter(new Oversight.Reports.Text.TextLayouter(Oversight.Reports.Text.FontLibrary.Default));
        for (var i = 0; i < 20; i++)
        {
            RenderOnce(doc);
        }
        const int n = 60;
        var layout = new double[n];
        var total = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sw = Stopwatch.StartNew();
            layouter.Layout(doc);
            layout[i] = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            RenderOnce(doc);
            total[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(layout);
        Array.Sort(total);
        Console.WriteLine($"layout median {layout[n / 2]:0.0} ms (min {layout[0]:0.0}); total median {total[n / 2]:0.0} ms (min {total[0]:0.0}); " +
            $"drawing+PDF median {total[n / 2] - layout[n / 2]:0.0} ms; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

        var followUp = FollowUpBenchData.Build();
        var pages = RenderOnce(Oversight.Reports.FollowUp.FollowUpComposer.Compose(followUp));
        var times = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sw = Stopwatch.StartNew();
            RenderOnce(Oversight.Reports.FollowUp.FollowUpComposer.Compose(followUp));
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"follow-up report ({pages} pages, compose + render): median {times[n / 2]:0.0} ms (min {times[0]:0.0})");
    }

    /// <summary>
    /// The follow-up report with the programme section, warm: 20 renders to warm up, then <paramref name="runs"/> timed
    /// compose + render calls on one thread (or two threads at once, each timing its own), as the API runs them.
    /// </summary>
    public static void Programme(int runs, bool parallel)
    {
        var model = FollowUpBenchData.BuildWithProgramme();
        var withoutProgramme = FollowUpBenchData.Build();
        var sink = new CountingStream();
        var pages = PdfRenderer.Render(Oversight.Reports.FollowUp.FollowUpComposer.Compose(model), sink, null);
        var bytes = sink.Length;
        var basePages = RenderOnce(Oversight.Reports.FollowUp.FollowUpComposer.Compose(withoutProgramme));
        for (var i = 0; i < 20; i++)
        {
            RenderOnce(Oversight.Reports.FollowUp.FollowUpComposer.Compose(model));
        }
        // Wall-clock time of each render, and the process CPU time it used (on a shared machine the wall clock also
        // counts the time the thread waited for a core; the CPU time does not).
        var cpu = new System.Collections.Concurrent.ConcurrentBag<double>();
        double[] Time(Oversight.Reports.FollowUp.FollowUpReport report, int n, bool recordCpu = true)
        {
            var times = new double[n];
            for (var i = 0; i < n; i++)
            {
                var cpuBefore = Environment.CpuUsage.TotalTime;
                var sw = Stopwatch.StartNew();
                RenderOnce(Oversight.Reports.FollowUp.FollowUpComposer.Compose(report));
                times[i] = sw.Elapsed.TotalMilliseconds;
                if (recordCpu)
                {
                    cpu.Add((Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds);
                }
            }
            return times;
        }
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var all = parallel
            ? Task.WhenAll(Task.Run(() => Time(model, runs)), Task.Run(() => Time(model, runs))).Result.SelectMany(t => t).ToArray()
            : Time(model, runs);
        var cpuAll = cpu.Order().ToArray();
        var loadAfter = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        cpu.Clear();
        var baseline = Time(withoutProgramme, Math.Max(20, runs / 4));
        var cpuBase = cpu.Order().ToArray();
        Array.Sort(all);
        Array.Sort(baseline);
        double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        // In parallel mode the process CPU time covers both threads: it is not one render's.
        string Cpu(double[] c) => parallel ? "–" : $"{P(c, 0.5):0.0} ms";
        Console.WriteLine("| document | pages | size | renders | wall p50 | wall p95 | wall min | wall max | CPU p50 | load average (1 min) before → after |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        Console.WriteLine($"| follow-up report with the programme section{(parallel ? ", 2 at once" : ", 1 thread")} | {pages} | {bytes / 1024.0:0} KiB | {all.Length} | " +
            $"{P(all, 0.5):0.0} ms | {P(all, 0.95):0.0} ms | {all[0]:0.0} ms | {all[^1]:0.0} ms | {Cpu(cpuAll)} | {load} → {loadAfter} |");
        Console.WriteLine($"| the same report without the programme section | {basePages} | | {baseline.Length} | {P(baseline, 0.5):0.0} ms | " +
            $"{P(baseline, 0.95):0.0} ms | {baseline[0]:0.0} ms | {baseline[^1]:0.0} ms | {P(cpuBase, 0.5):0.0} ms | |");
    }

    /// <summary>Prints the shaping of a string (glyph, cluster, position in font units) for diagnostics.</summary>
    public static void Shape(string text)
    {
        var face = Oversight.Reports.Text.FontLibrary.Default.GetChain(null, false, false)[0];
        var sh = Oversight.Reports.Text.Shaper.Shape(face, text);
        for (var g = 0; g < sh.Glyphs.Length; g++)
        {
            Console.WriteLine($"glyph {sh.Glyphs[g]:x4} cluster {sh.Clusters16[g]} x {sh.XUnits[g]} y {sh.YUnits[g]}");
        }
        Console.WriteLine($"advance {sh.AdvanceUnits} of {face.UnitsPerEm}");
    }

    public static string MeasureRss(int docs)
    {
        var doc = BenchData.ToDocument(BenchData.Build());
        var sw = Stopwatch.StartNew();
        var pages = 0;
        for (var i = 0; i < docs; i++)
        {
            pages += RenderOnce(doc);
        }
        sw.Stop();
        return $"docs={docs} pages={pages} seconds={sw.Elapsed.TotalSeconds:0.00} VmHWM_MB={PeakRssMb():0.0}";
    }

    public static double PeakRssMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }
        return double.NaN;
    }

    public static int RunPeers(int runs)
    {
        var work = Path.Combine(Path.GetTempPath(), "oversight-reports-bench");
        Directory.CreateDirectory(work);
        var sections = BenchData.Build();
        var doc = BenchData.ToDocument(sections);

        // Ours: cold (first render in the process, includes ICU init and font loading), then warm.
        var cold = Stopwatch.StartNew();
        var pdf = PdfRenderer.RenderToBytes(doc);
        cold.Stop();
        var oursPath = Path.Combine(work, "ours.pdf");
        File.WriteAllBytes(oursPath, pdf);
        var pages = CountPages(oursPath);
        for (var i = 0; i < 20; i++)
        {
            RenderOnce(doc);
        }
        const int n = 60;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            RenderOnce(doc);
        }
        sw.Stop();
        var single = sw.Elapsed.TotalMilliseconds / n;
        sw.Restart();
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ => RenderOnce(doc));
        sw.Stop();
        var parallelPerDoc = sw.Elapsed.TotalMilliseconds / n;
        var rss = PeakRssMb();

        // Peers.
        var fontDir = Path.Combine(AppContext.BaseDirectory, "fonts");
        var htmlPath = Path.Combine(work, "report.html");
        File.WriteAllText(htmlPath, BenchData.ToHtml(sections, fontDir), new UTF8Encoding(false));
        var weasyPath = Path.Combine(work, "weasyprint.pdf");
        var chromePath = Path.Combine(work, "chromium.pdf");
        var weasy = TimeTool(runs, "weasyprint", [htmlPath, weasyPath]);
        var chrome = TimeTool(runs, "chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-quic", "--no-pdf-header-footer", $"--print-to-pdf={chromePath}", htmlPath]);

        var (oursRaw, oursJoined) = Probe(oursPath);
        Console.WriteLine();
        Console.WriteLine($"Dense Thai report: {BenchData.Sections} sections x (heading + {BenchData.RowsPerSection}-row table + chart + link), header/footer; {Environment.ProcessorCount} CPUs");
        Console.WriteLine($"Probe strings: {BenchData.Probes.Length} (exact match in pdftotext output; 'joined' = after removing line breaks)");
        Console.WriteLine();
        Console.WriteLine("| renderer | pages | ms / document | pages / s | vs WeasyPrint | probes exact | probes joined |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| Oversight.Reports, 1 thread (warm) | {pages} | {single:0.0} | {pages * 1000 / single:0} | {(weasy.Ms / single):0}x | {oursRaw}/{BenchData.Probes.Length} | {oursJoined}/{BenchData.Probes.Length} |");
        Console.WriteLine($"| Oversight.Reports, 2 in parallel (warm) | {pages} | {parallelPerDoc:0.0} | {pages * 1000 / parallelPerDoc:0} | {(weasy.Ms / parallelPerDoc):0}x | | |");
        Console.WriteLine($"| Oversight.Reports, cold (first in process) | {pages} | {cold.Elapsed.TotalMilliseconds:0} | | | | |");
        foreach (var (name, result, path) in new[] { ("WeasyPrint " + Version("weasyprint", "--version"), weasy, weasyPath), ("Chromium " + Version("chromium", "--version"), chrome, chromePath) })
        {
            if (!result.Ok)
            {
                Console.WriteLine($"| {name} | failed: {result.Error} | | | | | |");
                continue;
            }
            var (raw, joined) = Probe(path);
            Console.WriteLine($"| {name} | {CountPages(path)} | {result.Ms:0} | {CountPages(path) * 1000 / result.Ms:0.0} | {(weasy.Ms / result.Ms):0.0}x | {raw}/{BenchData.Probes.Length} | {joined}/{BenchData.Probes.Length} |");
        }
        Console.WriteLine();
        Console.WriteLine($"Peak RSS of this process after {1 + 20 + 2 * n} renders (VmHWM): {rss:0.0} MB");
        Console.WriteLine($"Outputs: {work}");
        return 0;
    }

    private sealed record ToolResult(bool Ok, double Ms, string Error);

    private static ToolResult TimeTool(int runs, string tool, string[] args)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            var (code, _, err) = Run(tool, args);
            sw.Stop();
            if (code != 0)
            {
                return new ToolResult(false, 0, $"exit {code}: {err.Split('\n').FirstOrDefault()}");
            }
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return new ToolResult(true, times[times.Count / 2], "");
    }

    private static (int Raw, int Joined) Probe(string pdfPath)
    {
        var (_, text, _) = Run("pdftotext", ["-enc", "UTF-8", pdfPath, "-"]);
        var joined = text.Replace("\n", "", StringComparison.Ordinal);
        return (BenchData.Probes.Count(p => text.Contains(p, StringComparison.Ordinal)), BenchData.Probes.Count(p => joined.Contains(p, StringComparison.Ordinal)));
    }

    private static int CountPages(string pdfPath)
    {
        var (_, info, _) = Run("pdfinfo", [pdfPath]);
        var line = info.Split('\n').FirstOrDefault(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return line is null ? 0 : int.Parse(line["Pages:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    private static string Version(string tool, string arg)
    {
        var (_, stdout, _) = Run(tool, [arg]);
        var words = stdout.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.FirstOrDefault(w => char.IsDigit(w[0])) ?? "";
    }

    private static (int Code, string Stdout, string Stderr) Run(string tool, string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        try
        {
            using var p = Process.Start(psi)!;
            var o = p.StandardOutput.ReadToEndAsync();
            var e = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            return (p.ExitCode, o.Result, e.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, "", $"{tool} not installed ({ex.Message})");
        }
    }
}

/// <summary>A write-only stream that discards the bytes (keeps the benchmark about rendering, not memory copies).</summary>
internal sealed class CountingStream : Stream
{
    public long Count { get; private set; }
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Count;
    public override long Position { get => Count; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Count += count;
    public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;
}
