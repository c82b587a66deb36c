using System.Net;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Oversight.Grains.Abstractions.Telemetry;

namespace Oversight.Silo.Hosting;

/// <summary>Metrics, traces and logs of a host. Bound from the "Telemetry" section (ADR 11).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// An OpenTelemetry collector (for example http://otel-collector:4317). Unset: nothing is exported over OTLP, unless
    /// the standard OTEL_EXPORTER_OTLP_ENDPOINT variable is set.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Grpc (default, port 4317) or HttpProtobuf (port 4318, paths /v1/traces, /v1/metrics, /v1/logs).</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>
    /// The port /metrics (Prometheus text) is served on, and nothing else is. Unset: /metrics answers loopback callers
    /// on the main port only.
    /// </summary>
    public int? MetricsPort { get; set; }

    /// <summary>Web only: the port of the Orleans Dashboard (<c>/dashboard</c>, administrators). Unset: the main port.</summary>
    public int? DashboardPort { get; set; }

    /// <summary>
    /// The Orleans Dashboard: collected on every silo and served by Web (admins). Off by default: it costs about 55 MB
    /// of resident memory in the Embedded host (docs/benchmarks.md); the compose file turns it on.
    /// </summary>
    public bool Dashboard { get; set; }

    /// <summary>Console logs as one JSON object per line, with the scopes (request id, trace id, span id).</summary>
    public bool JsonConsole { get; set; }
}

/// <summary>Marks an endpoint as a management endpoint served only on <see cref="Port"/> (null: only to loopback callers).</summary>
public sealed record ManagementPortMetadata(int? Port);

public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>The Orleans runtime's meter and activity sources.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";
    public static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>
    /// ASP.NET Core's meters that are exported: requests, Kestrel's connections, SignalR's connections and invocations,
    /// routing, authentication and authorization, errors and rate limiting. Not <c>Microsoft.AspNetCore.MemoryPool</c>,
    /// which <c>AddAspNetCoreInstrumentation</c> also enables: it counts every buffer a connection rents and returns, so
    /// with it on, each message the live board sends to each viewer also updated two metric points (OpenTelemetry's
    /// aggregation was 1.3 % of the host's profile samples at 1,000 viewers, half of it for this meter; docs/benchmarks.md).
    /// Blazor and Identity are not used here.
    /// </summary>
    public static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.SignalR.Server", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
    ];

    /// <summary>
    /// OpenTelemetry for this host: ASP.NET Core, HttpClient, Orleans, Npgsql, the .NET runtime and the project's own
    /// instruments (<see cref="OversightTelemetry"/>); Prometheus on /metrics; OTLP when configured. The silo process and
    /// the Web host both call it (in Embedded mode Web is the only process and names itself).
    /// </summary>
    public static WebApplicationBuilder AddOversightTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName);
        var options = builder.GetTelemetryOptions();

        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (options.JsonConsole)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        // "Request starting" lines carry the whole query string, where a SignalR client's access_token travels.
        // Requests are traced (with the query redacted) instead; this rule is added after the configuration's, so it wins.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(m => m
                .AddMeter(OversightTelemetry.MeterName, OrleansMeter)
                .AddMeter(AspNetCoreMeters)
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter())
            .WithLogging(_ => { }, o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });
        // Spans are recorded only when something receives them: with no exporter, recording every request and grain
        // call cost CPU on every write and went nowhere. Logs carry trace and span ids either way (ASP.NET Core starts
        // an activity per request for its log scopes).
        var otlp = options.OtlpEndpoint is { Length: > 0 } || !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (otlp)
        {
            telemetry.WithTracing(t => t
                .AddSource(OversightTelemetry.ActivitySourceName)
                .AddSource(OrleansActivitySources)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsManagementPath(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql());
        }
        if (options.OtlpEndpoint is { Length: > 0 } endpoint)
        {
            telemetry.UseOtlpExporter(options.OtlpProtocol, new Uri(endpoint));
        }
        else if (otlp)
        {
            telemetry.UseOtlpExporter(); // reads the standard OTEL_EXPORTER_OTLP_* variables
        }

        // Kestrel also listens on the management ports, beside whatever the host was told to listen on.
        var ports = new[] { options.MetricsPort, options.DashboardPort }.OfType<int>().Distinct().ToArray();
        if (ports.Length > 0)
        {
            var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } configured ? configured
                : builder.Configuration["HTTP_PORTS"] is { Length: > 0 } httpPorts ? string.Join(';', httpPorts.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"http://*:{p}"))
                : "http://localhost:5000";
            builder.WebHost.UseUrls([.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries), .. ports.Select(p => $"http://*:{p}")]);
        }
        return builder;
    }

    public static TelemetryOptions GetTelemetryOptions(this IHostApplicationBuilder builder) =>
        builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();

    /// <summary>
    /// Management endpoints answer only on their port (or, with no port configured, only to loopback callers), and a
    /// management port serves nothing else. Call before authentication, so a wrong port is a plain 404.
    /// </summary>
    public static WebApplication UseManagementPorts(this WebApplication app)
    {
        var options = app.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var managementPorts = new[] { options.MetricsPort, options.DashboardPort }.OfType<int>().ToHashSet();
        app.Use(async (context, next) =>
        {
            var required = context.GetEndpoint()?.Metadata.GetMetadata<ManagementPortMetadata>();
            var local = context.Connection.LocalPort;
            var allowed = required is null
                ? !managementPorts.Contains(local)
                : required.Port is { } port ? local == port : context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
            if (!allowed)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>/metrics in the Prometheus text format, on <see cref="TelemetryOptions.MetricsPort"/>.</summary>
    public static WebApplication MapOversightMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        app.MapPrometheusScrapingEndpoint(MetricsPath)
            .WithMetadata(new ManagementPortMetadata(options.MetricsPort))
            .ExcludeFromDescription();
        return app;
    }

    private static bool IsManagementPath(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/health");
}
