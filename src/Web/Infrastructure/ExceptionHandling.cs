using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Oversight.Silo.Hosting;

namespace Oversight.Web.Infrastructure;

/// <summary>
/// Maps request-shaped failures (malformed JSON, wrong types, invalid UTF-8, oversized bodies, bad form data) to a
/// 4xx ProblemDetails. The cluster being briefly unreachable or settling (a silo died and its grains are moving, a
/// gateway dropped, a call timed out, a grain briefly active on two silos lost a write to the other: see
/// <see cref="TransientClusterFailure"/>) is answered 503 with Retry-After: the outcome of a write that timed out is
/// unknown, so the client re-reads and retries (a write it repeats with the old expectedVersion gets 409 if the first
/// one landed).
/// Anything else is a server fault: logged, answered 500 without internals.
/// </summary>
public sealed class RequestExceptionHandler(IProblemDetailsService problems, ILogger<RequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = Classify(exception);
        var damaged = Find<Grains.Abstractions.Common.HistoryDamagedException>(exception);
        if (damaged is not null)
        {
            logger.LogError("History damaged on {Method} {Path}: {Stream} at seq {Seq}: {Reason}", context.Request.Method, context.Request.Path,
                damaged.StreamId, damaged.Seq, damaged.Reason);
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("Cluster unavailable on {Method} {Path}: {Error}", context.Request.Method, context.Request.Path, exception.GetBaseException().Message);
        }
        else if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        if (context.Response.HasStarted)
        {
            return false;
        }
        context.Response.Clear();
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = TransientClusterFailure.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = Problems.Title(status),
                Detail = detail,
                Extensions = { ["code"] = code },
            },
        }.WithHistory(damaged));
    }

    private static T? Find<T>(Exception exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }
        return null;
    }

    private static (int Status, string Code, string Detail) Classify(Exception exception)
    {
        // Damaged stored history is the server's problem, whatever exception it surfaced through.
        if (Find<Grains.Abstractions.Common.HistoryDamagedException>(exception) is { } damaged)
        {
            return (500, "history-damaged", $"The stored history of {damaged.StreamId} cannot be read at seq {damaged.Seq} ({damaged.Reason}). " +
                "It is not shown in part; an administrator can run GET /api/v1/audit-trail/verify to see every damaged row.");
        }
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                    return (413, "too-large", "The request body is larger than this endpoint accepts.");
                case JsonException json:
                    return (400, "invalid-json", $"The JSON body is malformed or has a value of the wrong type: {Trim(json.Message)}");
                case System.Text.DecoderFallbackException:
                    return (400, "invalid-encoding", "The request body is not valid UTF-8.");
                case InvalidDataException data when data.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase):
                    return (413, "too-large", "The request body is larger than this endpoint accepts.");
                case InvalidDataException data:
                    // Too many parts, a boundary too long, a malformed part: the body's shape is wrong, not its size.
                    return (400, "invalid-form", Trim(data.Message));
                case IOException io when io.Message.StartsWith("Unexpected end of", StringComparison.Ordinal):
                    return (400, "truncated-body", "The request body ended before it was complete (a truncated or mismatched multipart body).");
                case var transient when TransientClusterFailure.Is(transient):
                    // Nothing was refused on its merits: try again shortly.
                    return (503, "cluster-unavailable", "The service is briefly unavailable (a server of the cluster is being replaced). Try again in a moment.");
                case BadHttpRequestException bad:
                    var inner = bad.InnerException is JsonException j ? $": {Trim(j.Message)}" : "";
                    return (bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400, "bad-request", Trim(bad.Message) + inner);
            }
        }
        return (500, "server-error", "The server could not complete the request.");
    }

    private static string Trim(string message) => message.Length > 400 ? message[..400] : message;
}

internal static class ProblemDetailsContextExtensions
{
    /// <summary>Adds the damaged stream and seq to the problem, so the client can say which history is affected.</summary>
    public static ProblemDetailsContext WithHistory(this ProblemDetailsContext context, Grains.Abstractions.Common.HistoryDamagedException? damaged)
    {
        if (damaged is not null)
        {
            context.ProblemDetails.Extensions["streamId"] = damaged.StreamId;
            context.ProblemDetails.Extensions["seq"] = damaged.Seq;
        }
        return context;
    }
}
