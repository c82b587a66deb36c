using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Oversight.Grains.Abstractions.Telemetry;

/// <summary>
/// The project's own instruments, in one place: the meter and activity source names the hosts register with
/// OpenTelemetry (Silo.Hosting.TelemetryExtensions), and one method per thing measured, called where it happens (grains,
/// the silo's live feed, the Web host's hub and report endpoints). Plain System.Diagnostics: grains and Web need no
/// OpenTelemetry package to record. Tags carry kinds, formats and outcomes only, never a unit, user or entity id, so
/// the metrics can be shown to whoever watches the system without leaking one unit's data to another (ADR 11).
/// </summary>
public static class OversightTelemetry
{
    public const string MeterName = "Oversight";
    public const string ActivitySourceName = "Oversight";

    /// <summary>Instrument names (Prometheus shows them with dots as underscores and the unit appended).</summary>
    public static class Names
    {
        public const string Writes = "oversight.writes";
        public const string FanOutBatchSize = "oversight.live.fanout.batch.size";
        public const string FanOutDelay = "oversight.live.fanout.delay";
        public const string Viewers = "oversight.live.viewers";
        public const string LiveResyncs = "oversight.live.resyncs";
        public const string ReportRenders = "oversight.report.renders";
        public const string ReportRenderDuration = "oversight.report.render.duration";
        public const string Observations = "oversight.ingestion.observations";
        public const string AuditVerifyDuration = "oversight.audit.verify.duration";
        public const string AuditVerifyEvents = "oversight.audit.verify.events";
        public const string ArrayPoolArraysPerPartition = "oversight.runtime.array_pool.arrays_per_partition";
    }

    public static readonly Meter Meter = new(MeterName);
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    private static readonly Counter<long> WriteCounter = Meter.CreateCounter<long>(Names.Writes, "{write}",
        "Writes persisted and acknowledged, by kind of entity (recommendation, contract, observations, ...).");
    private static readonly Histogram<int> FanOutBatchSize = Meter.CreateHistogram<int>(Names.FanOutBatchSize, "{change}",
        "Changes in one live batch the silo hands to the Web hosts.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });
    private static readonly Histogram<double> FanOutDelay = Meter.CreateHistogram<double>(Names.FanOutDelay, "s",
        "Time the oldest change of a live batch waited in the silo before the batch was handed to the Web hosts.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
    private static readonly Counter<long> ResyncCounter = Meter.CreateCounter<long>(Names.LiveResyncs, "{resync}",
        "Times a Web host found a live batch lost (a gap in a silo's batch numbers, or a silent silo) and had every client reload its snapshot.");
    private static readonly Counter<long> RenderCounter = Meter.CreateCounter<long>(Names.ReportRenders, "{file}",
        "Report files rendered, by format (pdf, xlsx), report kind and language.");
    private static readonly Histogram<double> RenderDuration = Meter.CreateHistogram<double>(Names.ReportRenderDuration, "s",
        "Time to compose and render one report file, by format, report kind and language.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] });
    private static readonly Counter<long> ObservationCounter = Meter.CreateCounter<long>(Names.Observations, "{observation}",
        "Observations ingested, by outcome (inserted, replaced, unchanged).");
    private static readonly Histogram<double> VerifyDuration = Meter.CreateHistogram<double>(Names.AuditVerifyDuration, "s",
        "Time one audit-trail verification took, by result (intact, broken).");
    private static readonly Counter<long> VerifyEvents = Meter.CreateCounter<long>(Names.AuditVerifyEvents, "{event}",
        "Events whose hash chain an audit-trail verification checked.");

    private static readonly ConcurrentDictionary<object, Func<int>> ViewerSources = new();

    static OversightTelemetry()
    {
        Meter.CreateObservableGauge(Names.Viewers, () => ViewerSources.Values.Sum(count => count()), "{connection}",
            "Open live-board (SignalR) connections on this host.");
        Meter.CreateObservableGauge(Names.ArrayPoolArraysPerPartition, SharedArrayPoolArraysPerPartition, "{array}",
            "Arrays of one size the shared array pool keeps per core, as the runtime took it at start (Silo.Hosting.RuntimeSettings); -1 when this runtime does not say.");
    }

    /// <summary>One write persisted and about to be acknowledged. <paramref name="kind"/> is the entity kind, never its id.</summary>
    public static void WriteAcknowledged(string kind) => WriteCounter.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>A live batch left the silo: its size and how long its oldest change waited.</summary>
    public static void FanOutBatch(int size, TimeSpan oldestWaited)
    {
        FanOutBatchSize.Record(size);
        FanOutDelay.Record(oldestWaited.TotalSeconds);
    }

    /// <summary>A Web host found a live batch lost and told its clients to reload.</summary>
    public static void LiveResyncRequested() => ResyncCounter.Add(1);

    /// <summary>Counts the open hub connections a host reports, for as long as the returned handle is not disposed.</summary>
    public static IDisposable ObserveViewers(Func<int> count)
    {
        var key = new object();
        ViewerSources[key] = count;
        return new Registration(() => ViewerSources.TryRemove(key, out _));
    }

    /// <summary>One report file rendered (format pdf|xlsx, report kind, language th|en) and the time it took.</summary>
    public static void ReportRendered(string format, string report, string language, TimeSpan elapsed)
    {
        var tags = new TagList { { "format", format }, { "report", report }, { "language", language } };
        RenderCounter.Add(1, tags);
        RenderDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>The outcome of one accepted ingestion batch (a dry run records nothing).</summary>
    public static void ObservationsIngested(int inserted, int replaced, int unchanged)
    {
        Add(ObservationCounter, inserted, "outcome", "inserted");
        Add(ObservationCounter, replaced, "outcome", "replaced");
        Add(ObservationCounter, unchanged, "outcome", "unchanged");
    }

    /// <summary>One audit-trail verification: its duration, result and how many events it checked.</summary>
    public static void AuditTrailVerified(bool intact, long events, TimeSpan elapsed)
    {
        VerifyDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("result", intact ? "intact" : "broken"));
        VerifyEvents.Add(events);
    }

    private static void Add(Counter<long> counter, int value, string tag, string tagValue)
    {
        if (value > 0)
        {
            counter.Add(value, new KeyValuePair<string, object?>(tag, tagValue));
        }
    }

    /// <summary>
    /// The runtime's own value (<c>System.Buffers.SharedArrayPoolStatics</c>, read once: it is fixed at the pool's first
    /// use), so that a setting applied too late, or renamed in a later .NET, shows on the dashboard instead of passing
    /// unnoticed.
    /// </summary>
    private static int SharedArrayPoolArraysPerPartition() => ArraysPerPartition.Value;

    private static readonly Lazy<int> ArraysPerPartition = new(() =>
        typeof(object).Assembly.GetType("System.Buffers.SharedArrayPoolStatics")
            ?.GetField("s_maxArraysPerPartition", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)
            ?.GetValue(null) is int value ? value : -1);

    private sealed class Registration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
