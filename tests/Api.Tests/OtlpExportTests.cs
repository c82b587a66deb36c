using System.Collections;
using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Oversight.Api.Tests;

/// <summary>
/// The OTLP exporter is off unless configured: the default host's providers hold no OTLP exporter; configured with
/// Telemetry:OtlpEndpoint, the host sends traces, metrics and logs to a real OTLP/HTTP receiver started here.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task The_otlp_exporter_is_off_by_default_and_sends_all_three_signals_when_configured()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var configured = new OversightFactory
        {
            Configure = builder =>
            {
                builder.UseSetting("Telemetry:OtlpEndpoint", receiver.Endpoint);
                builder.UseSetting("Telemetry:OtlpProtocol", "HttpProtobuf");
            },
        };
        var client = await configured.ClientForAsync("auditor");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.True(HasOtlpExporter(configured.Services), "the configured host has no OTLP exporter");
        Assert.True(configured.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        // The meter provider's flush also asks the Prometheus reader, which only collects on a scrape (and says false).
        configured.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        Assert.True(configured.Services.GetRequiredService<LoggerProvider>().ForceFlush(10_000));
        Assert.Contains("/v1/traces", receiver.Received.Keys);
        Assert.Contains("/v1/metrics", receiver.Received.Keys);
        Assert.Contains("/v1/logs", receiver.Received.Keys);
        Assert.All(receiver.Received.Values, bytes => Assert.True(bytes > 0));

        await using var plain = new OversightFactory();
        Assert.Equal(HttpStatusCode.OK, (await (await plain.ClientForAsync("auditor")).GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.False(HasOtlpExporter(plain.Services), "the default host exports over OTLP");
        Assert.Null(plain.Services.GetService<TracerProvider>()); // and records no spans that would go nowhere
    }

    /// <summary>Whether any object reachable from the tracer, meter or logger provider is an OTLP exporter.</summary>
    private static bool HasOtlpExporter(IServiceProvider services)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        bool Walk(object? node, int depth)
        {
            if (node is null || depth > 8 || node is string || node.GetType().IsPrimitive || node is Type || node is Delegate || !seen.Add(node))
            {
                return false;
            }
            var type = node.GetType();
            if (type.FullName?.StartsWith("OpenTelemetry.Exporter.Otlp", StringComparison.Ordinal) == true
                || type.FullName?.StartsWith("OpenTelemetry.Exporter.OpenTelemetryProtocol", StringComparison.Ordinal) == true)
            {
                return true;
            }
            if (type.Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) != true && node is not IEnumerable)
            {
                return false; // only follow the SDK's own objects (processors, readers, exporters) and collections of them
            }
            if (node is IEnumerable items and not IDictionary)
            {
                foreach (var item in items)
                {
                    if (Walk(item, depth + 1))
                    {
                        return true;
                    }
                }
            }
            for (var t = type; t is not null; t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
                {
                    if (!field.FieldType.IsValueType && Walk(field.GetValue(node), depth + 1))
                    {
                        return true;
                    }
                }
            }
            return false;
        }
        // With no exporter configured no spans are recorded at all, so there may be no tracer provider.
        return Walk(services.GetService<TracerProvider>(), 0)
            || Walk(services.GetRequiredService<MeterProvider>(), 0)
            || Walk(services.GetRequiredService<LoggerProvider>(), 0);
    }

    /// <summary>An OTLP/HTTP receiver: accepts protobuf exports on /v1/{signal} and answers an empty (valid) response.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private OtlpReceiver(WebApplication app) => _app = app;

        public ConcurrentDictionary<string, long> Received { get; } = new();

        public string Endpoint => _app.Urls.First();

        public static async Task<OtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new OtlpReceiver(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                receiver.Received.AddOrUpdate(context.Request.Path.Value!, body.Length, (_, total) => total + body.Length);
                context.Response.ContentType = "application/x-protobuf";
                return Results.Bytes([], "application/x-protobuf");
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
