using System.Diagnostics;

namespace Oversight.Web.Live;

/// <summary>
/// Runs a hub request (<see cref="BoardHub.Path"/>: negotiate, and the connection itself) on a clean execution context.
/// A WebSocket request lives as long as its connection, and SignalR's send loop resumes in the request's execution
/// context for every message it sends: with the culture request localization set and the request's activity in it,
/// each resume ran their change handlers (<c>ExecutionContext.OnValuesChanged</c>, 1.4–1.6 % of the host's CPU samples
/// at 1,000 viewers, issue 10). The hub needs neither: its payloads are culture-invariant JSON or MessagePack. What the
/// logs need from the request is kept in a log scope of its own (<see cref="Correlation"/>): request, connection,
/// trace and span ids, so every line a connection logs can still be traced to the request that opened it.
/// </summary>
public static class HubRequestContext
{
    public static IApplicationBuilder UseCleanContextForHubs(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HubRequestContext).FullName!);
        return app.Use((context, next) => context.Request.Path.StartsWithSegments(BoardHub.Path)
            ? RunOnCleanContextAsync(context, next, logger)
            : next(context));
    }

    private static Task RunOnCleanContextAsync(HttpContext context, RequestDelegate next, ILogger logger)
    {
        var correlation = Correlation(context, Activity.Current);
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(async () =>
            {
                using var scope = logger.BeginScope(correlation);
                await next(context);
            });
        }
    }

    /// <summary>The ids a log line of this request carries (the names ASP.NET Core's own request and activity scopes use).</summary>
    private static CorrelationScope Correlation(HttpContext context, Activity? activity) => new(
    [
        new("RequestId", context.TraceIdentifier),
        new("RequestPath", context.Request.Path.Value),
        new("ConnectionId", context.Connection.Id),
        new("TraceId", activity?.TraceId.ToHexString()),
        new("SpanId", activity?.SpanId.ToHexString()),
    ]);

    /// <summary>A log scope of key-value pairs that reads as "RequestId:… TraceId:…" where a formatter prints a scope as text.</summary>
    private sealed class CorrelationScope(KeyValuePair<string, object?>[] values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public KeyValuePair<string, object?> this[int index] => values[index];

        public int Count => values.Length;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => string.Join(' ', values.Where(v => v.Value is not null and not "").Select(v => $"{v.Key}:{v.Value}"));
    }
}
