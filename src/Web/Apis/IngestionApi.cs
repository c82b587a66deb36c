using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Abstractions.Monitoring;
using Oversight.Web.Auth;
using Oversight.Web.Hosting;
using Oversight.Web.Infrastructure;

namespace Oversight.Web.Apis;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ApiKeyRequest(string? Source, string? Name, IReadOnlyList<string>? Scopes);

public sealed record ApiKeyCreatedResponse(string Id, string Key, string Source, string Name, IReadOnlyList<string> Scopes);

/// <summary>
/// One observation in a metrics batch. <c>value</c> is a JSON number, or for a date metric a "yyyy-MM-dd" string.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ObservationRequest(string? Source, string? Metric, string? Subject, string? Period, JsonElement? Value, string? AsOf);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MetricsRequest(IReadOnlyList<ObservationRequest>? Observations);

public sealed record MetricsResponse(int Received, int Inserted, int Replaced, int Unchanged, string? BatchSha256, long? AuditSeq);

/// <summary>API keys (admin) and batch ingestion of figures (an API key with metrics:write).</summary>
public static class IngestionApi
{
    public const int MaxObservations = 10_000;
    public const long MaxMetricsBodyBytes = 8L * 1024 * 1024;

    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/api/v1/api-keys").WithTags("API keys").RequireAuthorization(Policies.Admin)
            .AddEndpointFilter(AuthExtensions.RequireAntiforgeryForCookies);
        keys.MapPost("/", CreateKeyAsync).WithName("CreateApiKey")
            .WithSummary("Admin: create an API key {source, name, scopes}; the key is shown once, only its hash is kept.");
        keys.MapGet("/", ListKeysAsync).WithName("ListApiKeys").WithSummary("Admin: the API keys, with their last use and revocation.");
        keys.MapDelete("/{id}", RevokeKeyAsync).WithName("RevokeApiKey").WithSummary("Admin: revoke a key at once.");

        routes.MapPost("/api/v1/metrics", IngestAsync).WithTags("Metrics").RequireAuthorization(Policies.MetricsWrite).WithName("IngestMetrics")
            .WithMetadata(new DocumentedBody(typeof(MetricsRequest), "application/json"))
            .WithSummary($"API key with metrics:write: up to {MaxObservations:N0} observations {{source, metric, subject, period, value, asOf}}; all or nothing; idempotent on (source, metric, subject, period); answered once durable.");
        return routes;
    }

    private static async Task<Results<Created<ApiKeyCreatedResponse>, ProblemHttpResult>> CreateKeyAsync([FromBody] ApiKeyRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.Source is null || body.Name is null || body.Scopes is null)
        {
            return Problems.BadRequest("required", $"'source', 'name' and 'scopes' ({string.Join(", ", ApiKeyScopes.All)}) are required.");
        }
        var (result, key) = await grains.GetGrain<IApiKeyDirectoryGrain>(ApiKeys.DirectoryKey).CreateAsync(user.ToActor(), body.Source, body.Name, body.Scopes);
        if (!result.Ok)
        {
            return Problems.From(result.Error!);
        }
        return TypedResults.Created($"/api/v1/api-keys/{result.CreatedId}", new ApiKeyCreatedResponse(result.CreatedId!, key!, body.Source, body.Name, body.Scopes));
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyView>>> ListKeysAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IApiKeyDirectoryGrain>(ApiKeys.DirectoryKey).ListAsync());

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IApiKeyDirectoryGrain>(ApiKeys.DirectoryKey).RevokeAsync(user.ToActor(), id.Length > 40 ? id[..40] : id);
        return result.Ok ? TypedResults.NoContent() : Problems.From(result.Error!);
    }

    private static async Task<Results<Ok<MetricsResponse>, ProblemHttpResult>> IngestAsync(HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxMetricsBodyBytes;
        }
        if (!http.Request.HasJsonContentType())
        {
            return Problems.BadRequest("json-required", "Send the batch as application/json.").WithStatus(StatusCodes.Status415UnsupportedMediaType);
        }
        var body = await http.Request.ReadFromJsonAsync<MetricsRequest>(OversightJson.Options, http.RequestAborted);
        if (body?.Observations is not { } observations)
        {
            return Problems.BadRequest("observations-required", "'observations' is required: a list of {source, metric, subject, period, value, asOf}.", "observations");
        }
        if (observations.Count > MaxObservations)
        {
            return Problems.From(new CommandError(ErrorKind.TooLarge, "too-many-observations", $"A batch has at most {MaxObservations:N0} observations; this one has {observations.Count:N0}."));
        }
        if (observations.Count == 0)
        {
            return Problems.BadRequest("observations-required", "The batch is empty.", "observations");
        }
        var inputs = observations.Select(o => new ObservationInput(o?.Source, o?.Metric, o?.Subject, o?.Period, ValueText(o?.Value), o?.AsOf)).ToArray();
        var keyId = user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim);
        var result = await grains.GetGrain<IObservationIngestGrain>("metrics").IngestAsync(
            new IngestBatch(inputs, keyId, $"apikey:{keyId}", user.FindFirstValue(ApiKeyAuthenticationHandler.SourceClaim)));
        if (!result.Accepted)
        {
            return RowErrors("invalid-observations", $"{result.Errors.Select(e => e.Row).Distinct().Count()} of {inputs.Length} observations are invalid; nothing was stored.", result.Errors);
        }
        return TypedResults.Ok(new MetricsResponse(result.Received, result.Inserted, result.Replaced, result.Unchanged, result.BatchSha256, result.AuditSeq));
    }

    /// <summary>A refused batch or file: a 400 ProblemDetails whose <c>errors</c> list every bad item: row (or index), column, reason.</summary>
    public static ProblemHttpResult RowErrors(string code, string detail, IReadOnlyList<InputError> errors) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: Problems.Title(400), detail: detail,
            extensions: new Dictionary<string, object?>
            {
                ["code"] = code,
                ["errors"] = errors.Select(e => new InputErrorResponse(e.Row, e.Column, e.Reason, e.Code, e.Args)).ToArray(),
            });

    /// <summary>A JSON number as invariant text; a string as given (dates); anything else as a value that will not parse.</summary>
    private static string? ValueText(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { } v => v.ValueKind.ToString().ToLowerInvariant(),
    };
}

/// <summary>One refused item or row: where, why in English (<c>reason</c>), and why as a stable <c>code</c> with its <c>args</c> (see InputErrorCodes).</summary>
public sealed record InputErrorResponse(int Row, string Column, string Reason, string Code, IReadOnlyList<string> Args);


