using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Oversight.Silo.Hosting;
using Oversight.Web.Auth;

namespace Oversight.Web.Hosting;

/// <summary>
/// The API's OpenAPI document (<c>/openapi/v1.json</c>), which other systems generate their clients from, and its
/// browsable reference (<c>/api/reference</c>). Each operation declares how it is authenticated (from its authorization
/// metadata: bearer token or sign-in cookie, API key, or none), the ProblemDetails answers it can give (400, 401, 403,
/// 404, 413, 429 as its shape implies; a probe with neither input nor credentials has none), the 503 of an unreachable
/// cluster (every operation but the liveness probe), an id and a summary. A test lints the document with Redocly's recommended rules.
/// </summary>
public static class OpenApiExtensions
{
    public const string Bearer = "bearer";
    public const string Cookie = "cookie";
    public const string ApiKey = "apiKey";
    private const string ProblemSchema = "ProblemDetails";

    /// <summary>What each tag groups, in the order a reader meets them.</summary>
    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["Auth"] = "Tokens for API clients and the signed-in user.",
        ["Reports"] = "The audit reports and their findings and recommendations, as a tree.",
        ["Recommendations"] = "The register: each recommendation's status, progress, actions, evidence, comments, extensions, verification and history.",
        ["Board"] = "The executive board's snapshot (versioned; live deltas come over the SignalR hub /hubs/board) and the burn-down trend.",
        ["Follow-up reports"] = "The official follow-up report (PDF), the executive summary, per-unit reports and the register as XLSX.",
        ["Audit trail"] = "Verification of the hash-chained history and its checkpoints.",
        ["Activity"] = "The latest changes a reader may see.",
        ["Auditor"] = "The auditor's verification queue.",
        ["Notifications"] = "A user's notifications (due soon, overdue, returned for rework).",
        ["Settings"] = "Follow-up settings every reader sees.",
        ["Units"] = "The responsible units.",
        ["Admin"] = "Users, units, settings, jobs and read-model maintenance (administrators).",
        ["Demo"] = "Whether demo mode is on, and what it adds.",
        ["Monitoring"] = "The programme-monitoring snapshot: every view of the programme at one version.",
        ["Contracts"] = "Contracts, their milestones (baseline and current), deliveries, extensions, blockers and fines against the 10% line.",
        ["Provinces"] = "The 77 provincial labour offices and their figures, with provenance.",
        ["E-services"] = "Use of each e-service by period, with zero-use and low-use flags.",
        ["Data exchange"] = "Agencies, their datasets, freshness, linkage and the six data-quality scores.",
        ["Indicators"] = "Outcome indicators: baseline, target, series and the recommendations each one measures.",
        ["Metrics"] = "Ingestion of figures (observations) by other systems, with an API key.",
        ["Imports"] = "CSV and XLSX imports (all or nothing, with a dry run) and their templates.",
        ["API keys"] = "Keys for systems that send figures: create (the secret is shown once), list with last use, revoke.",
        ["Health"] = "Liveness and readiness probes.",
    };

    public static IServiceCollection AddOversightOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Oversight API";
                document.Info.Description = "Audit follow-up: the SAO report register, recommendation progress, evidence, verification and the remediation board; " +
                    "programme monitoring (contracts and fines, provincial offices, e-services, data exchange, indicators) with provenance on every figure; " +
                    "ingestion of figures with API keys and file imports. Errors are RFC 9457 problem details (application/problem+json).";
                document.Info.Version = "v1";
                document.Info.License = new OpenApiLicense { Name = "Proprietary: Ministry of Labour and the State Audit Office of Thailand", Identifier = "LicenseRef-Oversight-Proprietary" };
                // Relative to wherever the document is served from (no host baked in, no trailing slash).
                document.Servers = [new OpenApiServer { Url = "/", Description = "This host" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [Bearer] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                        Description = "A token from POST /api/v1/auth/token.",
                    },
                    [Cookie] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "oversight.auth",
                        Description = "The sign-in cookie of the web pages (writes with it also need the antiforgery header).",
                    },
                    [ApiKey] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthenticationHandler.HeaderName,
                        Description = "An API key from POST /api/v1/api-keys, for POST /api/v1/metrics (metrics:write) and POST /api/v1/imports (imports:write).",
                    },
                };
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                document.Components.Schemas.TryAdd(ProblemSchema, Problem());
                var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
                    .Select(t => t.Name).Where(n => n is not null).ToHashSet(StringComparer.Ordinal);
                document.Tags = new HashSet<OpenApiTag>(Tags.Where(t => used.Contains(t.Key)).Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, ct) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var method = context.Description.HttpMethod ?? "GET";
                var route = "/" + (context.Description.RelativePath ?? "").TrimStart('/');
                var anonymous = metadata.OfType<IAllowAnonymous>().Any();
                var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).ToHashSet(StringComparer.Ordinal);
                var secured = !anonymous && (policies.Count > 0 || metadata.OfType<IAuthorizeData>().Any());

                operation.OperationId ??= OperationId(method, route);
                operation.Security = secured ? Requirements(policies, context.Document) : [];

                if (operation.RequestBody is null && metadata.OfType<DocumentedBody>().FirstOrDefault() is { } body)
                {
                    operation.RequestBody = await body.ToRequestBodyAsync(context, ct);
                }
                operation.Responses ??= new OpenApiResponses();
                var hasInput = operation.RequestBody is not null || (operation.Parameters?.Count ?? 0) > 0;
                if (hasInput)
                {
                    AddProblem(operation, context.Document, "400", "The request is not valid: the problem details say which field and why; nothing changed.");
                }
                if (secured)
                {
                    AddProblem(operation, context.Document, "401", "No valid credentials (token, cookie or API key), or they were revoked.");
                    AddProblem(operation, context.Document, "403", "The caller's role or unit may not do this.");
                }
                if (operation.Parameters?.Any(p => p.In == ParameterLocation.Path) == true)
                {
                    AddProblem(operation, context.Document, "404", "Nothing the caller may see has this id.");
                }
                if (operation.RequestBody is not null)
                {
                    AddProblem(operation, context.Document, "413", "The body is larger than this operation accepts.");
                }
                if (metadata.OfType<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>().Any())
                {
                    AddProblem(operation, context.Document, "429", "Too many attempts: wait for the time in Retry-After.");
                }
                if (!metadata.OfType<NoClusterCall>().Any())
                {
                    AddClusterUnavailable(operation, context.Document);
                }
            });
        });

    /// <summary>Serves the document and the browsable reference over it.</summary>
    public static WebApplication MapOversightOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        Scalar.AspNetCore.ScalarEndpointRouteBuilderExtensions.MapScalarApiReference(app, "/api/reference", o =>
        {
            o.Title = "Oversight API";
            o.OpenApiRoutePattern = "/openapi/{documentName}.json";
        }).AllowAnonymous();
        return app;
    }

    /// <summary>Alternatives a client may use: users with a bearer token or the sign-in cookie; systems with an API key.</summary>
    private static List<OpenApiSecurityRequirement> Requirements(HashSet<string?> policies, OpenApiDocument? document)
    {
        OpenApiSecurityRequirement One(string scheme) => new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
        if (policies.Contains(Policies.MetricsWrite))
        {
            return [One(ApiKey)];
        }
        List<OpenApiSecurityRequirement> users = [One(Bearer), One(Cookie)];
        return policies.Contains(Policies.Import) ? [.. users, One(ApiKey)] : users;
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiDocument? document, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            },
        };
    }

    /// <summary>
    /// The 503 every operation that calls the cluster can give while a silo is being replaced (RequestExceptionHandler):
    /// a problem with <c>code: cluster-unavailable</c> and Retry-After. Added beside an operation's own 503 (readiness).
    /// </summary>
    private static void AddClusterUnavailable(OpenApiOperation operation, OpenApiDocument? document)
    {
        if (!operation.Responses!.TryGetValue("503", out var existing))
        {
            existing = new OpenApiResponse
            {
                Description = $"The cluster is briefly unreachable (a server of it is being replaced): try again after Retry-After seconds " +
                    $"({TransientClusterFailure.RetryAfterSeconds}). A write answered 503 may or may not have been applied: re-read before trying again.",
            };
            operation.Responses["503"] = existing;
        }
        if (existing is not OpenApiResponse response)
        {
            return;
        }
        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        response.Content.TryAdd("application/problem+json", new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, document) });
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers.TryAdd("Retry-After", new OpenApiHeader
        {
            Description = "Seconds to wait before trying again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
        });
    }

    /// <summary>An id for an operation that has no name: its method and its path's words ("GET /api/v1/board/trend" → "getBoardTrend").</summary>
    private static string OperationId(string method, string route)
    {
        var words = route.Replace("/api/v1/", "/", StringComparison.Ordinal).Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(segment => !segment.StartsWith('{'))
            .SelectMany(segment => segment.Split(['-', '.', '_'], StringSplitOptions.RemoveEmptyEntries));
        return method.ToLowerInvariant() + string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
        },
        AdditionalPropertiesAllowed = true,
    };
}

/// <summary>
/// The body of an endpoint that reads its request itself (to answer bad bodies with its own 4xx): documented in the
/// OpenAPI document without the routing constraint <c>Accepts</c> would add (which answers 415 instead of 400).
/// </summary>
public sealed record DocumentedBody(Type? Type, string ContentType, IReadOnlyList<string>? FormFields = null)
{
    /// <summary>A multipart/form-data body with one file and the given text fields.</summary>
    public static DocumentedBody File(params string[] fields) => new(null, "multipart/form-data", fields);

    public async Task<OpenApiRequestBody> ToRequestBodyAsync(OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        IOpenApiSchema schema;
        if (Type is not null)
        {
            schema = await context.GetOrCreateSchemaAsync(Type, null, ct);
        }
        else
        {
            var properties = new Dictionary<string, IOpenApiSchema> { ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            foreach (var field in FormFields ?? [])
            {
                properties[field] = new OpenApiSchema { Type = JsonSchemaType.String };
            }
            schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = properties, Required = new HashSet<string> { "file" } };
        }
        return new OpenApiRequestBody { Required = true, Content = new Dictionary<string, OpenApiMediaType> { [ContentType] = new() { Schema = schema } } };
    }
}
